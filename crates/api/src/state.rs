//! Values the app shares with handlers and middleware through `app_data`.

/// Whether `X-Forwarded-For` / `Forwarded` may be trusted for the client's IP (only behind a
/// reverse proxy that sets them).
#[derive(Debug, Clone, Copy)]
pub struct TrustProxy(pub bool);

/// Credentials read from the `Authorization` header by the gate, for later middleware.
#[derive(Debug, Clone, Default)]
pub struct CallerCredentials(pub Option<services::auth::Credentials>);
