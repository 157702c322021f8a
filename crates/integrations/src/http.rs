//! What every HTTP client of a provider shares: the connection pool with our TLS, the typed
//! failure a provider's answer maps to, and pacing under a provider's request limit.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// Why a call to a provider did not give an answer we can use. The variant decides what the
/// caller does next: wait and retry, ask a person to reconnect, or give up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProviderError {
    /// The provider asked us to slow down (Telegram 429, Meta codes 4/17/32/613/800xx,
    /// Google 429). `retry_after` is the provider's own hint when it gave one.
    #[error("throttled by the provider{}: {detail}", retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    Throttled {
        retry_after: Option<Duration>,
        detail: String,
    },
    /// The token expired or was revoked (Meta 190, Google 401 / `invalid_grant`): a person has
    /// to authorise again, unless a refresh token still works.
    #[error("access was revoked or expired: {0}")]
    Unauthorized(String),
    /// The token works but lacks a permission, or the account is not ours to read.
    #[error("permission missing: {0}")]
    Forbidden(String),
    /// The account (chat, page, customer, property) does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request was refused as invalid; retrying the same request will not help.
    #[error("refused: {0}")]
    Rejected(String),
    /// The answer did not have the shape the protocol promises.
    #[error("unexpected answer: {0}")]
    Malformed(String),
    /// Network trouble or a server error: worth retrying later.
    #[error("temporary failure: {0}")]
    Transient(String),
}

impl ProviderError {
    /// Whether the same request may succeed later without a person doing anything.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ProviderError::Throttled { .. }
                | ProviderError::Transient(_)
                | ProviderError::Malformed(_)
        )
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ProviderError::Throttled { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl From<reqwest::Error> for ProviderError {
    fn from(error: reqwest::Error) -> Self {
        if error.is_decode() {
            ProviderError::Malformed(error.to_string())
        } else {
            // The URL carries Telegram's bot token: keep it out of the message.
            ProviderError::Transient(error.without_url().to_string())
        }
    }
}

pub type ProviderResult<T> = Result<T, ProviderError>;

/// The HTTP client every provider module uses: rustls with ring and Mozilla's roots (no system
/// OpenSSL), bounded timeouts, one connection pool per process.
pub fn client(timeout: Duration) -> reqwest::Client {
    install_crypto();
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map(|builder| builder.with_root_certificates(roots).with_no_client_auth());
    let builder = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(60))
        .user_agent(concat!("BiznesPilot/", env!("CARGO_PKG_VERSION")));
    let builder = match tls {
        Ok(tls) => builder.tls_backend_preconfigured(tls),
        // ring supports the default versions; this branch only keeps a typo from panicking.
        Err(error) => {
            tracing::error!(%error, "TLS configuration refused; using reqwest's defaults");
            builder
        }
    };
    builder.build().unwrap_or_else(|error| {
        tracing::error!(%error, "HTTP client configuration refused; using reqwest's defaults");
        reqwest::Client::new()
    })
}

/// Makes ring the process's TLS provider (once), so that every reqwest client of the
/// process (ours and, in tests, plain ones) builds without the aws-lc provider.
pub fn install_crypto() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // Err means another provider was installed first: that one serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Spaces requests to one provider evenly so that no more than `per_second` leave this
/// process in any second: a provider's limit is never crossed by a burst, and waiting callers
/// are served in order.
#[derive(Debug)]
pub struct Pacer {
    interval: Duration,
    next_free: Mutex<Instant>,
}

impl Pacer {
    pub fn new(per_second: u32) -> Self {
        Pacer {
            interval: Duration::from_secs(1) / per_second.max(1),
            next_free: Mutex::new(Instant::now()),
        }
    }

    /// Waits for this caller's turn.
    pub async fn turn(&self) {
        let at = {
            let mut next = self
                .next_free
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let at = (*next).max(Instant::now());
            *next = at + self.interval;
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// Pushes every later turn past `pause`, after the provider asked us to wait.
    pub fn hold(&self, pause: Duration) {
        let mut next = self
            .next_free
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *next = (*next).max(Instant::now() + pause);
    }
}

/// The seconds of a `Retry-After` header (the delay form; providers we call do not send dates).
pub fn retry_after_header(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// The start of a provider's answer body, for error messages: bounded so a huge HTML error
/// page does not flood the sync log.
pub fn excerpt(body: &str) -> String {
    const MAX: usize = 300;
    match body.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_owned(),
    }
}

/// `a=1&b=2` with each value percent-encoded.
pub fn form_pairs(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", percent(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `value` percent-encoded for a URL's query.
pub fn percent(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char);
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_pacer_spaces_turns_evenly_and_holds_after_a_throttle() {
        let pacer = Pacer::new(10);
        let start = Instant::now();
        for _ in 0..5 {
            pacer.turn().await;
        }
        assert_eq!(start.elapsed(), Duration::from_millis(400));
        pacer.hold(Duration::from_secs(3));
        pacer.turn().await;
        assert!(start.elapsed() >= Duration::from_millis(3400));
    }

    #[test]
    fn excerpts_stop_at_a_character_boundary() {
        let long = "ў".repeat(400);
        assert_eq!(excerpt(&long).chars().count(), 301);
        assert_eq!(excerpt("short"), "short");
    }
}
