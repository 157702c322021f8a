//! The BiznesPilot single-page app (Leptos, client-side rendered, compiled to WASM by trunk).
//! It talks to the documented `/api/v1` only, through [`api::Api`].
//!
//! `i18n`, `format` and `sheet` are plain Rust and tested on the host (`--no-default-features`); the
//! interface itself needs the `app` feature (on by default) and a browser.

pub mod format;
pub mod i18n;
pub mod sheet;

#[cfg(feature = "app")]
pub mod api;
#[cfg(feature = "app")]
pub mod app;
#[cfg(feature = "app")]
mod components;
#[cfg(feature = "app")]
mod pages;
#[cfg(feature = "app")]
pub mod state;
