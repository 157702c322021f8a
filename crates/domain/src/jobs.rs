//! When a failed job runs again: exponential backoff with jitter, never sooner than the
//! provider asked.

/// Seconds to wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed.
/// `base × 2^(attempt−1)`, capped at `cap`, then spread by `jitter` (a fraction in `0..1`
/// drawn by the caller) over ±25 % so that jobs that failed together do not retry together;
/// and at least the provider's `retry_after`.
pub fn retry_delay_secs(
    attempt: u32,
    base: u64,
    cap: u64,
    retry_after: Option<u64>,
    jitter: f64,
) -> u64 {
    let exponent = attempt.saturating_sub(1).min(30);
    let backoff = base.saturating_mul(1_u64 << exponent).min(cap);
    let spread = 0.75 + 0.5 * jitter.clamp(0.0, 1.0);
    let jittered = (backoff as f64 * spread).round() as u64;
    jittered.max(retry_after.unwrap_or(0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let delays: Vec<u64> = (1..=8)
            .map(|a| retry_delay_secs(a, 30, 3_600, None, 0.5))
            .collect();
        assert_eq!(delays, vec![30, 60, 120, 240, 480, 960, 1_920, 3_600]);
    }

    #[test]
    fn the_provider_wait_is_honoured() {
        assert_eq!(retry_delay_secs(1, 30, 3_600, Some(120), 0.0), 120);
        assert_eq!(retry_delay_secs(3, 30, 3_600, Some(5), 0.5), 120);
    }

    proptest! {
        #[test]
        fn jitter_stays_within_a_quarter(attempt in 1_u32..40, jitter in 0.0_f64..1.0) {
            let plain = retry_delay_secs(attempt, 30, 3_600, None, 0.5);
            let delay = retry_delay_secs(attempt, 30, 3_600, None, jitter);
            prop_assert!(delay as f64 >= plain as f64 * 0.75 - 1.0);
            prop_assert!(delay as f64 <= plain as f64 * 1.25 + 1.0);
        }
    }
}
