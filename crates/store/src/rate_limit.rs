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

    /// Counts one request against each `(key, limit)`: at most `limit` per `window_secs`, at
    /// `now_unix`. With Redis, all keys take one round trip.
    pub async fn hit(
        &self,
        keys: &[(String, u32)],
        window_secs: u64,
        now_unix: u64,
    ) -> StoreResult<Vec<Decision>> {
        let window_secs = window_secs.max(1);
        let window = now_unix / window_secs;
        let reset_after = (window + 1) * window_secs - now_unix;
        let counts = match self {
            RateLimiter::Memory(buckets) => {
                let mut buckets = buckets
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                if buckets.len() >= MEMORY_SWEEP_AT {
                    buckets.retain(|_, (w, _)| *w >= window);
                }
                keys.iter()
                    .map(|(key, _)| {
                        let entry = buckets.entry(key.clone()).or_insert((window, 0));
                        if entry.0 != window {
                            *entry = (window, 0);
                        }
                        entry.1 += 1;
                        entry.1
                    })
                    .collect::<Vec<_>>()
            }
            RateLimiter::Redis { pool, prefix } => {
                let mut conn = pool
                    .get()
                    .await
                    .map_err(|e| StoreError::Redis(e.to_string()))?;
                let mut invocation = HIT_SCRIPT.prepare_invoke();
                for (key, _) in keys {
                    invocation.key(format!("{prefix}rl:{key}:{window}"));
                }
                invocation
                    .arg(window_secs)
                    .invoke_async::<Vec<u64>>(&mut conn)
                    .await
                    .map_err(|e| StoreError::Redis(e.to_string()))?
            }
        };
        Ok(keys
            .iter()
            .zip(counts)
            .map(|((_, limit), count)| Decision::of(count, *limit, reset_after))
            .collect())
    }
}

/// Counts a request against every key and lets each expire with its window, atomically.
static HIT_SCRIPT: std::sync::LazyLock<deadpool_redis::redis::Script> =
    std::sync::LazyLock::new(|| {
        deadpool_redis::redis::Script::new(
            r"
        local counts = {}
        for i, key in ipairs(KEYS) do
            local count = redis.call('INCR', key)
            if count == 1 then redis.call('EXPIRE', key, ARGV[1]) end
            counts[i] = count
        end
        return counts
        ",
        )
    });

/// Reserves the next turn on a pace of one request per `interval` shared by every process
/// using `key` (generic cell rate: Redis keeps the time the next turn is free, by its own
/// clock, so workers on several machines share one schedule). Returns how long to wait before
/// sending. With `hold`, instead pushes every later turn past now + `hold` (the provider asked
/// us to wait) and returns zero.
pub async fn pace(
    pool: &Pool,
    key: &str,
    interval: std::time::Duration,
    hold: std::time::Duration,
) -> StoreResult<std::time::Duration> {
    let mut conn = pool
        .get()
        .await
        .map_err(|e| StoreError::Redis(e.to_string()))?;
    let micros: u64 = PACE_SCRIPT
        .key(key)
        .arg(u64::try_from(interval.as_micros()).unwrap_or(u64::MAX))
        .arg(u64::try_from(hold.as_micros()).unwrap_or(u64::MAX))
        .invoke_async(&mut conn)
        .await
        .map_err(|e| StoreError::Redis(e.to_string()))?;
    Ok(std::time::Duration::from_micros(micros))
}

static PACE_SCRIPT: std::sync::LazyLock<deadpool_redis::redis::Script> = std::sync::LazyLock::new(
    || {
        deadpool_redis::redis::Script::new(
            r"
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local hold = tonumber(ARGV[2])
        local free = tonumber(redis.call('GET', KEYS[1]) or '0')
        local wait = 0
        if hold > 0 then
            free = math.max(free, now + hold)
        else
            local start = math.max(free, now)
            wait = start - now
            free = start + interval
        end
        redis.call('SET', KEYS[1], string.format('%d', free), 'PX', math.floor((free - now) / 1000) + 60000)
        return wait
        ",
        )
    },
);

#[cfg(test)]
mod tests {
    use super::*;

    async fn hit(limiter: &RateLimiter, key: &str, now: u64) -> Decision {
        let keys = vec![(key.to_owned(), 3)];
        limiter
            .hit(&keys, 60, now)
            .await
            .expect("memory never fails")[0]
    }

    #[tokio::test]
    async fn the_memory_limiter_allows_the_limit_then_refuses_until_the_window_turns() {
        let limiter = RateLimiter::memory();
        for i in 1..=3 {
            let decision = hit(&limiter, "ip:1", 120).await;
            assert!(decision.allowed);
            assert_eq!(decision.remaining, 3 - i);
        }
        let refused = hit(&limiter, "ip:1", 130).await;
        assert!(!refused.allowed);
        assert_eq!(refused.reset_after, 50);
        assert!(hit(&limiter, "ip:1", 180).await.allowed);
        assert_eq!(hit(&limiter, "ip:2", 130).await.remaining, 2);
    }

    #[tokio::test]
    async fn several_keys_are_counted_in_one_call() {
        let limiter = RateLimiter::memory();
        let keys = vec![("ip:1".to_owned(), 10), ("user:1".to_owned(), 2)];
        limiter.hit(&keys, 60, 0).await.expect("counted");
        let second = limiter.hit(&keys, 60, 0).await.expect("counted");
        assert_eq!((second[0].remaining, second[1].remaining), (8, 0));
        let third = limiter.hit(&keys, 60, 0).await.expect("counted");
        assert!(third[0].allowed && !third[1].allowed);
    }
}
