//! Clients of the services outside BiznesPilot, one module per service, and (feature `fake`)
//! servers that speak the same protocols for tests and the demo. Nothing here touches the
//! database.

pub mod email;

#[cfg(feature = "fake")]
pub mod fake;
