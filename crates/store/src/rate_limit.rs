//! Fixed-window rate limiting: in Redis when configured (shared by every API instance),
//! otherwise in process memory.

use std::collections::HashMap;
use std::sync::Mutex;

use deadpool_redis::Pool;

use crate::{StoreError, StoreResult};

/// The verdict on one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset_after: u64,
}

impl Decision {
    fn of(count: u64, limit: u32, reset_after: u64) -> Self {
        Decision {
            allowed: count <= u64::from(limit),
            limit,
            remaining: u32::try_from(u64::from(limit).saturating_sub(count)).unwrap_or(0),
            reset_after,
        }
    }
}

pub enum RateLimiter {
    Redis { pool: Pool, prefix: String },
    Memory(Mutex<HashMap<String, (u64, u64)>>),
}

/// Entries kept in memory before old windows are swept.
const MEMORY_SWEEP_AT: usize = 50_000;

impl RateLimiter {
    pub fn memory() -> Self {
        RateLimiter::Memory(Mutex::new(HashMap::new()))
    }

    pub fn redis(pool: Pool, prefix: impl Into<String>) -> Self {
        RateLimiter::Redis {
            pool,
            prefix: prefix.into(),
        }
    }

    /// Counts one request against `key`: at most `limit` per `window_secs`, at `now_unix`.
    pub async fn hit(
        &self,
        key: &str,
        limit: u32,
        window_secs: u64,
        now_unix: u64,
    ) -> StoreResult<Decision> {
        let window_secs = window_secs.max(1);
        let window = now_unix / window_secs;
        let reset_after = (window + 1) * window_secs - now_unix;
        match self {
            RateLimiter::Memory(buckets) => {
                let mut buckets = buckets
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                if buckets.len() >= MEMORY_SWEEP_AT {
                    buckets.retain(|_, (w, _)| *w >= window);
                }
                let entry = buckets.entry(key.to_owned()).or_insert((window, 0));
                if entry.0 != window {
                    *entry = (window, 0);
                }
                entry.1 += 1;
                Ok(Decision::of(entry.1, limit, reset_after))
            }
            RateLimiter::Redis { pool, prefix } => {
                let mut conn = pool
                    .get()
                    .await
                    .map_err(|e| StoreError::Redis(e.to_string()))?;
                let redis_key = format!("{prefix}rl:{key}:{window}");
                let (count,): (u64,) = deadpool_redis::redis::pipe()
                    .atomic()
                    .incr(&redis_key, 1)
                    .expire(&redis_key, i64::try_from(window_secs).unwrap_or(i64::MAX))
                    .ignore()
                    .query_async(&mut conn)
                    .await
                    .map_err(|e| StoreError::Redis(e.to_string()))?;
                Ok(Decision::of(count, limit, reset_after))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_memory_limiter_allows_the_limit_then_refuses_until_the_window_turns() {
        let limiter = RateLimiter::memory();
        for i in 1..=3 {
            let decision = limiter
                .hit("ip:1", 3, 60, 120)
                .await
                .expect("memory never fails");
            assert!(decision.allowed);
            assert_eq!(decision.remaining, 3 - i);
        }
        let refused = limiter
            .hit("ip:1", 3, 60, 130)
            .await
            .expect("memory never fails");
        assert!(!refused.allowed);
        assert_eq!(refused.reset_after, 50);
        let next_window = limiter
            .hit("ip:1", 3, 60, 180)
            .await
            .expect("memory never fails");
        assert!(next_window.allowed);
        let other_key = limiter
            .hit("ip:2", 3, 60, 130)
            .await
            .expect("memory never fails");
        assert_eq!(other_key.remaining, 2);
    }
}
