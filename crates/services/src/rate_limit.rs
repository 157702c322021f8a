//! Request budgets: per client IP and per caller, and a stricter one for the account doors
//! (login, registration, password reset) that attackers knock on.

pub use store::rate_limit::Decision;

use crate::Services;

/// Which budget a request is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// Every API request, per client IP.
    Ip,
    /// Every authenticated request, per user or API key.
    Caller,
    /// Login, registration, verification and password reset, per client IP.
    AccountDoor,
}

const WINDOW_SECONDS: u64 = 60;

/// Counts one request against `budget` for `who`. When the shared store (Redis) fails, the
/// request is let through: an outage of the limiter must not become an outage of the API.
pub async fn check(services: &Services, budget: Budget, who: &str) -> Decision {
    let (name, limit) = match budget {
        Budget::Ip => ("ip", services.settings.rate_limit_per_minute),
        Budget::Caller => ("caller", services.settings.rate_limit_per_minute),
        Budget::AccountDoor => ("auth", services.settings.auth_rate_limit_per_minute),
    };
    let now = u64::try_from(services.now().timestamp()).unwrap_or(0);
    let key = format!("{name}:{who}");
    match services
        .rate_limiter
        .hit(&key, limit, WINDOW_SECONDS, now)
        .await
    {
        Ok(decision) => decision,
        Err(error) => {
            tracing::warn!(%error, "rate limiter unavailable; letting the request through");
            Decision {
                allowed: true,
                limit,
                remaining: limit,
                reset_after: WINDOW_SECONDS,
            }
        }
    }
}
