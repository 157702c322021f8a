//! Servers that speak the protocols of the services we call, for tests and the demo.

pub mod smtp;
