//! Servers that speak the protocols of the services we call, for tests and the demo.

mod google;
mod meta;
pub mod providers;
pub mod smtp;
mod telegram;
