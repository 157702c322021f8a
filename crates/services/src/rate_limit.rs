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

fn limit(services: &Services, budget: Budget) -> (&'static str, u32) {
    match budget {
        Budget::Ip => ("ip", services.settings.rate_limit_per_minute),
        Budget::Caller => ("caller", services.settings.rate_limit_per_minute),
        Budget::AccountDoor => ("auth", services.settings.auth_rate_limit_per_minute),
    }
}

/// Counts one request against each `(budget, who)` and returns the tightest verdict. When the
/// shared store (Redis) fails, the request is let through: an outage of the limiter must not
/// become an outage of the API.
pub async fn check(services: &Services, counted: &[(Budget, &str)]) -> Decision {
    let keys: Vec<(String, u32)> = counted
        .iter()
        .map(|(budget, who)| {
            let (name, limit) = limit(services, *budget);
            (format!("{name}:{who}"), limit)
        })
        .collect();
    let now = u64::try_from(services.now().timestamp()).unwrap_or(0);
    match services.rate_limiter.hit(&keys, WINDOW_SECONDS, now).await {
        Ok(decisions) => decisions.into_iter().reduce(tighter).unwrap_or(UNLIMITED),
        Err(error) => {
            tracing::warn!(%error, "rate limiter unavailable; letting the request through");
            UNLIMITED
        }
    }
}

const UNLIMITED: Decision = Decision {
    allowed: true,
    limit: u32::MAX,
    remaining: u32::MAX,
    reset_after: WINDOW_SECONDS,
};

/// The verdict to announce: a refusal first, else the one with the least left.
fn tighter(a: Decision, b: Decision) -> Decision {
    match (a.allowed, b.allowed) {
        (false, true) => a,
        (true, false) => b,
        _ if a.remaining <= b.remaining => a,
        _ => b,
    }
}
