//! The public API's request and response types.
//!
//! Shared by the server and the SPA (which compiles this crate to WASM), so it depends on
//! serde and validator only; OpenAPI schemas and server-only checks sit behind the `openapi`
//! feature. Requests reject unknown fields, so nobody can set a role or a business id by
//! sneaking a field into a body.

pub mod accounts;
pub mod activity;
pub mod api_keys;
pub mod businesses;
pub mod channels;
pub mod dream_buyer;
pub mod offers;
pub mod pagination;
pub mod problem;
pub mod sales;
pub mod strategy;
pub mod team;
pub mod validate;

pub use domain;
