//! What every use case runs with: the database, optional Redis and SMTP, the clock, settings
//! and the keys derived from the configured secrets.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use integrations::email::SmtpMailer;
use store::PgPool;
use store::rate_limit::RateLimiter;
use store::redis::RedisPool;

use crate::auth::SessionCache;
use crate::cache::VersionedCache;
use crate::channels::providers::{ProviderSettings, Providers};
use crate::clock::{Clock, SystemClock};
use crate::copywriter::{BuiltinCopywriter, Copywriter};
use crate::jobs::QueueSettings;
use crate::sales::numbers::DashboardKey;
use crate::security::Keys;
use contract::sales::DashboardResponse;

/// A computed dashboard serves until the business's sales version moves, and at most this
/// long (goal progress is measured against the clock).
const DASHBOARD_CACHE_SECONDS: i64 = 60;
/// Dashboards kept per instance (a year's dashboard is ~30 KB).
const DASHBOARD_CACHE_ENTRIES: usize = 1_000;

/// Tunable behaviour; defaults are the product's.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the SPA is reachable; e-mailed links start with it.
    pub public_url: String,
    /// Whether this is a development deployment (links are logged when no SMTP is set).
    pub dev_mode: bool,
    /// Sender of e-mails.
    pub email_from: String,
    pub access_token_ttl: Duration,
    /// A session ends when unused for this long.
    pub session_ttl: Duration,
    pub two_factor_challenge_ttl: Duration,
    /// How long an authenticated session is remembered in process memory; 0 turns it off.
    pub session_cache_ttl: Duration,
    pub verify_email_ttl: Duration,
    pub reset_password_ttl: Duration,
    pub invitation_ttl: Duration,
    /// Requests per minute per client IP, and per user or API key.
    pub rate_limit_per_minute: u32,
    /// Login, registration and password-reset requests per minute per client IP.
    pub auth_rate_limit_per_minute: u32,
    /// Days a deleted business is kept, hidden from everyone, before it is purged.
    pub deleted_business_retention_days: i64,
    /// Prefix of this deployment's Redis keys.
    pub redis_prefix: String,
    /// Lanes of the job queue and their limits.
    pub queue: QueueSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: "http://127.0.0.1:8080".into(),
            dev_mode: true,
            email_from: "BiznesPilot <no-reply@biznespilot.uz>".into(),
            access_token_ttl: Duration::minutes(15),
            session_ttl: Duration::days(30),
            two_factor_challenge_ttl: Duration::minutes(5),
            session_cache_ttl: Duration::seconds(2),
            verify_email_ttl: Duration::hours(48),
            reset_password_ttl: Duration::hours(1),
            invitation_ttl: Duration::days(7),
            rate_limit_per_minute: 600,
            auth_rate_limit_per_minute: 20,
            deleted_business_retention_days: 30,
            redis_prefix: "bp:".into(),
            queue: QueueSettings::default(),
        }
    }
}

/// Shared, cheap to clone.
#[derive(Clone)]
pub struct Services {
    pub db: PgPool,
    pub redis: Option<RedisPool>,
    pub mailer: Option<SmtpMailer>,
    pub settings: Arc<Settings>,
    pub keys: Arc<Keys>,
    pub clock: Arc<dyn Clock>,
    pub rate_limiter: Arc<RateLimiter>,
    pub sessions: Arc<SessionCache>,
    pub copywriter: Arc<dyn Copywriter>,
    pub dashboards: Arc<VersionedCache<DashboardKey, DashboardResponse>>,
    /// Clients of the marketing providers (none configured by default).
    pub providers: Arc<Providers>,
}

impl Services {
    pub fn new(
        db: PgPool,
        redis: Option<RedisPool>,
        mailer: Option<SmtpMailer>,
        settings: Settings,
        keys: Keys,
    ) -> Self {
        let rate_limiter = match &redis {
            Some(pool) => RateLimiter::redis(pool.clone(), settings.redis_prefix.clone()),
            None => RateLimiter::memory(),
        };
        Services {
            db,
            redis,
            mailer,
            sessions: Arc::new(SessionCache::new(settings.session_cache_ttl)),
            settings: Arc::new(settings),
            keys: Arc::new(keys),
            clock: Arc::new(SystemClock),
            rate_limiter: Arc::new(rate_limiter),
            copywriter: Arc::new(BuiltinCopywriter),
            dashboards: Arc::new(VersionedCache::new(
                Duration::seconds(DASHBOARD_CACHE_SECONDS),
                DASHBOARD_CACHE_ENTRIES,
            )),
            providers: Arc::new(Providers::new(ProviderSettings::default())),
        }
    }

    fn providers_for(&self, settings: ProviderSettings) -> Providers {
        let providers = Providers::new(settings);
        match &self.redis {
            Some(pool) => {
                providers.shared_through(pool.clone(), self.settings.redis_prefix.clone())
            }
            None => providers,
        }
    }

    /// Connects to Postgres, and to Redis and SMTP when their URLs are given.
    pub async fn connect(
        database_url: &str,
        max_connections: u32,
        redis_url: Option<&str>,
        smtp_url: Option<&str>,
        settings: Settings,
        keys: Keys,
    ) -> anyhow::Result<Self> {
        use anyhow::Context;
        let db = store::connect(database_url, max_connections)
            .await
            .context("connecting to Postgres (DATABASE_URL)")?;
        let redis = redis_url
            .map(store::redis::connect)
            .transpose()
            .context("configuring Redis (REDIS_URL)")?;
        let mailer = smtp_url
            .map(|url| SmtpMailer::new(url, &settings.email_from))
            .transpose()
            .context("configuring SMTP (SMTP_URL)")?;
        if mailer.is_none() {
            tracing::warn!("SMTP_URL is not set: e-mails stay in the outbox table");
        }
        Ok(Services::new(db, redis, mailer, settings, keys))
    }

    /// Applies pending database migrations.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        store::migrate(&self.db).await?;
        Ok(())
    }

    /// Points the channel syncs at these providers.
    pub fn with_providers(mut self, settings: ProviderSettings) -> Self {
        self.providers = Arc::new(self.providers_for(settings));
        self
    }

    /// Replaces the clock (tests move time with a [`crate::clock::ManualClock`]).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A link into the SPA, e.g. `link("/verify-email", token)`.
    pub fn link(&self, path: &str, token: &str) -> String {
        format!(
            "{}{path}?token={token}",
            self.settings.public_url.trim_end_matches('/')
        )
    }
}
