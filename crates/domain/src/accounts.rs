//! Rules of user accounts: passwords, lockout, locales and platform roles.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Shortest accepted password, in characters (not bytes: Uzbek and Russian letters count once).
pub const PASSWORD_MIN_CHARS: u64 = 12;
/// Longest accepted password; bounds the hashing work an attacker can ask for.
pub const PASSWORD_MAX_CHARS: u64 = 128;

/// Failed logins in a row that lock an account.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long a locked account stays locked.
pub const LOCKOUT_MINUTES: i64 = 15;

/// Recovery codes issued when two-factor authentication is enabled.
pub const RECOVERY_CODE_COUNT: usize = 10;

/// What a failed login does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailedLogin {
    /// Failed attempts in a row after this one; reset to zero when the account locks.
    pub failed_count: i32,
    /// Set when this attempt locks the account.
    pub locked_until: Option<DateTime<Utc>>,
}

/// Counts a failed login (wrong password or wrong second factor) made at `now` by an account
/// that had `previous_failures` failures in a row.
pub fn register_failed_login(previous_failures: i32, now: DateTime<Utc>) -> FailedLogin {
    let failed_count = previous_failures.saturating_add(1);
    if failed_count >= MAX_FAILED_LOGINS {
        FailedLogin {
            failed_count: 0,
            locked_until: Some(now + Duration::minutes(LOCKOUT_MINUTES)),
        }
    } else {
        FailedLogin {
            failed_count,
            locked_until: None,
        }
    }
}

/// When the lock of an account ends, if it refuses logins at `now`.
pub fn lock_in_force(
    locked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    locked_until.filter(|until| *until > now)
}

/// Interface and e-mail language. Uzbek (Latin) is the product's first language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Uz,
    Ru,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Uz, Locale::Ru, Locale::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Uz => "uz",
            Locale::Ru => "ru",
            Locale::En => "en",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|locale| locale.as_str() == value)
    }
}

/// The time zone new users and businesses get.
pub const DEFAULT_TIMEZONE: &str = "Asia/Tashkent";

/// Roles on the platform itself, independent of any business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlatformRole {
    SuperAdmin,
    Admin,
    #[default]
    User,
}

impl PlatformRole {
    pub const ALL: [PlatformRole; 3] = [
        PlatformRole::SuperAdmin,
        PlatformRole::Admin,
        PlatformRole::User,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlatformRole::SuperAdmin => "super_admin",
            PlatformRole::Admin => "admin",
            PlatformRole::User => "user",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
            .single()
            .expect("valid date")
    }

    #[test]
    fn four_failures_do_not_lock_the_fifth_does() {
        let mut count = 0;
        for _ in 0..4 {
            let outcome = register_failed_login(count, noon());
            assert_eq!(outcome.locked_until, None);
            count = outcome.failed_count;
        }
        assert_eq!(count, 4);
        let fifth = register_failed_login(count, noon());
        assert_eq!(fifth.locked_until, Some(noon() + Duration::minutes(15)));
        assert_eq!(fifth.failed_count, 0);
    }

    #[test]
    fn a_lock_ends_after_fifteen_minutes() {
        let until = register_failed_login(4, noon()).locked_until;
        assert_eq!(lock_in_force(until, noon() + Duration::minutes(14)), until);
        assert_eq!(lock_in_force(until, noon() + Duration::minutes(15)), None);
        assert_eq!(lock_in_force(None, noon()), None);
    }

    #[test]
    fn locales_round_trip_through_their_codes() {
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.as_str()), Some(locale));
        }
        assert_eq!(Locale::default(), Locale::Uz);
        assert_eq!(Locale::parse("de"), None);
    }
}
