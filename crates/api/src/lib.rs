//! The HTTP face of BiznesPilot: actix-web routes per product module, authentication and
//! permission extractors, problem+json errors, the OpenAPI document, and the `biznespilot`
//! binary's configuration.

pub mod app;
pub mod config;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod routes;
pub mod spa;
pub mod state;

pub use app::{Application, openapi_document};
pub use config::Config;
