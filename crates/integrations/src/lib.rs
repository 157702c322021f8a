//! Clients of the services outside BiznesPilot, one module per service, and (feature `fake`)
//! servers that speak the same protocols for tests and the demo. Nothing here touches the
//! database.

pub mod email;
pub mod ga4;
pub mod google;
pub mod google_ads;
pub mod http;
pub mod meta;
pub mod telegram;

#[cfg(feature = "fake")]
pub mod fake;
