//! Configuration from the environment, validated at start.
//!
//! Public names: `DATABASE_URL`, `REDIS_URL`, `SMTP_URL`, `BIZNESPILOT_ADDR`,
//! `BIZNESPILOT_PUBLIC_URL`, `BIZNESPILOT_SECRET_KEY`, `BIZNESPILOT_ENCRYPTION_KEY`,
//! `BIZNESPILOT_ENV`, `RUST_LOG`, and the tuning knobs documented in the README.
//! In `dev`, missing secrets are generated once and kept under the data directory; in
//! `production`, the server refuses to start without real ones.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use services::channels::providers::{
    DEFAULT_GOOGLE_SCOPES, DEFAULT_INSTAGRAM_METRICS, DEFAULT_META_SCOPES, DEFAULT_PAGE_METRICS,
    GoogleSettings, MetaSettings, ProviderSettings, TelegramSettings,
};
use services::security::Keys;
use services::{Services, Settings};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Dev,
    Production,
}

#[derive(Clone)]
pub struct Config {
    pub environment: Environment,
    pub addr: String,
    pub database_url: String,
    pub redis_url: Option<String>,
    pub smtp_url: Option<String>,
    pub public_url: String,
    pub email_from: String,
    secret_key: Vec<u8>,
    encryption_key: Option<Vec<u8>>,
    previous_encryption_keys: Vec<Vec<u8>>,
    pub trust_proxy: bool,
    pub db_max_connections: u32,
    pub rate_limit_per_minute: Option<u32>,
    pub auth_rate_limit_per_minute: Option<u32>,
    pub session_cache_seconds: Option<i64>,
    pub data_dir: PathBuf,
    pub json_logs: bool,
    /// The built SPA to serve at `/`.
    pub static_dir: Option<PathBuf>,
    pub providers: ProviderChoice,
    pub job_lease_seconds: Option<i64>,
}

/// Which marketing providers the channel syncs talk to.
#[derive(Clone)]
pub enum ProviderChoice {
    /// The real APIs, each configured by its own variables (absent ones stay off).
    Real(Box<ProviderSettings>),
    /// The fake providers of `integrations::fake`: at this URL, or started in this process
    /// (`embedded`) — how the demo's channels stay alive without any account anywhere.
    Fake(Option<String>),
}

impl std::fmt::Debug for Config {
    // Secrets and URLs with passwords stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("environment", &self.environment)
            .field("addr", &self.addr)
            .field("redis", &self.redis_url.is_some())
            .field("smtp", &self.smtp_url.is_some())
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// Shortest accepted secret, in bytes.
const MIN_SECRET_BYTES: usize = 32;

/// Reads configuration variables: the process environment, or a map in tests.
struct Vars<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Vars<'_> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn parse<T: std::str::FromStr>(&self, name: &str) -> anyhow::Result<Option<T>> {
        match self.get(name) {
            None => Ok(None),
            Some(value) => value
                .parse()
                .map(Some)
                .map_err(|_| anyhow::anyhow!("{name}={value} is not a valid value")),
        }
    }
}

fn check_secret(name: &str, value: &str) -> anyhow::Result<Vec<u8>> {
    if value.len() < MIN_SECRET_BYTES {
        bail!(
            "{name} must be at least {MIN_SECRET_BYTES} bytes long (e.g. `openssl rand -hex 32`)"
        );
    }
    if value.bytes().all(|b| b == value.as_bytes()[0]) {
        bail!("{name} must be random, not one character repeated");
    }
    Ok(value.as_bytes().to_vec())
}

/// The dev secret kept under the data directory, created on first use.
fn dev_secret(data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    let path = data_dir.join("secret_key");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= MIN_SECRET_BYTES
    {
        return Ok(existing.trim().as_bytes().to_vec());
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let secret = format!(
        "{}{}",
        services::security::random_token(),
        services::security::random_token()
    );
    std::fs::write(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    }
    tracing::info!(path = %path.display(), "generated a development secret key");
    Ok(secret.into_bytes())
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        Self::from_vars(&|name| std::env::var(name).ok())
    }

    /// Configuration from named variables; `from_env` passes the process environment.
    pub fn from_vars(lookup: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let vars = Vars(lookup);
        let environment = match vars.get("BIZNESPILOT_ENV").as_deref() {
            None | Some("dev") | Some("development") => Environment::Dev,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => bail!("BIZNESPILOT_ENV must be `dev` or `production`, not `{other}`"),
        };
        let production = environment == Environment::Production;
        let data_dir = PathBuf::from(
            vars.get("BIZNESPILOT_DATA_DIR")
                .unwrap_or_else(|| ".data".into()),
        );
        let database_url = vars
            .get("DATABASE_URL")
            .context("DATABASE_URL is not set (`just run` starts a local Postgres and sets it)")?;

        let secret_key = match vars.get("BIZNESPILOT_SECRET_KEY") {
            Some(value) => check_secret("BIZNESPILOT_SECRET_KEY", &value)?,
            None if production => bail!("BIZNESPILOT_SECRET_KEY is required in production"),
            None => dev_secret(&data_dir)?,
        };
        let encryption_key = vars
            .get("BIZNESPILOT_ENCRYPTION_KEY")
            .map(|value| check_secret("BIZNESPILOT_ENCRYPTION_KEY", &value))
            .transpose()?;
        let previous_encryption_keys = vars
            .get("BIZNESPILOT_ENCRYPTION_KEY_PREVIOUS")
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(|k| check_secret("BIZNESPILOT_ENCRYPTION_KEY_PREVIOUS", k))
                    .collect::<anyhow::Result<Vec<_>>>()
            })
            .transpose()?
            .unwrap_or_default();

        let addr = vars
            .get("BIZNESPILOT_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into());
        let public_url = match vars.get("BIZNESPILOT_PUBLIC_URL") {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None if production => {
                bail!("BIZNESPILOT_PUBLIC_URL is required in production (links in e-mails use it)")
            }
            None => format!("http://{addr}"),
        };
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!("BIZNESPILOT_PUBLIC_URL must start with http:// or https://");
        }
        if production && !public_url.starts_with("https://") {
            tracing::warn!(
                "BIZNESPILOT_PUBLIC_URL is not https: cookies are sent without the Secure flag"
            );
        }

        let providers = provider_choice(&vars, production)?;
        Ok(Config {
            providers,
            job_lease_seconds: vars.parse("BIZNESPILOT_JOB_LEASE_SECONDS")?,
            environment,
            addr,
            database_url,
            redis_url: vars.get("REDIS_URL"),
            smtp_url: vars.get("SMTP_URL"),
            public_url,
            email_from: vars
                .get("BIZNESPILOT_EMAIL_FROM")
                .unwrap_or_else(|| Settings::default().email_from),
            secret_key,
            encryption_key,
            previous_encryption_keys,
            trust_proxy: vars.parse("BIZNESPILOT_TRUST_PROXY")?.unwrap_or(false),
            db_max_connections: vars.parse("BIZNESPILOT_DB_MAX_CONNECTIONS")?.unwrap_or(16),
            rate_limit_per_minute: vars.parse("BIZNESPILOT_RATE_LIMIT_PER_MINUTE")?,
            auth_rate_limit_per_minute: vars.parse("BIZNESPILOT_AUTH_RATE_LIMIT_PER_MINUTE")?,
            session_cache_seconds: vars.parse("BIZNESPILOT_SESSION_CACHE_SECONDS")?,
            data_dir,
            json_logs: vars.parse("BIZNESPILOT_LOG_JSON")?.unwrap_or(production),
            static_dir: match vars.get("BIZNESPILOT_STATIC_DIR") {
                Some(dir) => {
                    let dir = PathBuf::from(dir);
                    if !dir.join("index.html").is_file() {
                        bail!(
                            "BIZNESPILOT_STATIC_DIR={} has no index.html (build the SPA first)",
                            dir.display()
                        );
                    }
                    Some(dir)
                }
                // A checkout with a built SPA serves it without being told.
                None => Some(PathBuf::from("frontend/dist"))
                    .filter(|dir| dir.join("index.html").is_file()),
            },
        })
    }

    pub fn settings(&self) -> Settings {
        let defaults = Settings::default();
        Settings {
            public_url: self.public_url.clone(),
            dev_mode: self.environment == Environment::Dev,
            email_from: self.email_from.clone(),
            rate_limit_per_minute: self
                .rate_limit_per_minute
                .unwrap_or(defaults.rate_limit_per_minute),
            auth_rate_limit_per_minute: self
                .auth_rate_limit_per_minute
                .unwrap_or(defaults.auth_rate_limit_per_minute),
            session_cache_ttl: self
                .session_cache_seconds
                .map_or(defaults.session_cache_ttl, chrono::Duration::seconds),
            queue: services::jobs::QueueSettings {
                lease: self
                    .job_lease_seconds
                    .map_or(defaults.queue.lease, chrono::Duration::seconds),
                ..defaults.queue.clone()
            },
            ..defaults
        }
    }

    /// The providers' settings; starts the embedded fake providers when asked to.
    pub async fn provider_settings(&self) -> anyhow::Result<ProviderSettings> {
        Ok(match &self.providers {
            ProviderChoice::Real(settings) => (**settings).clone(),
            ProviderChoice::Fake(Some(url)) => ProviderSettings::fake(url),
            ProviderChoice::Fake(None) => ProviderSettings::fake(&embedded_fake().await?),
        })
    }

    pub fn keys(&self) -> Keys {
        Keys::new(
            &self.secret_key,
            self.encryption_key.as_deref(),
            &self.previous_encryption_keys,
        )
    }

    /// Connects to Postgres (and Redis and SMTP when configured).
    pub async fn services(&self) -> anyhow::Result<Services> {
        let provider_settings = self.provider_settings().await?;
        Services::connect(
            &self.database_url,
            self.db_max_connections,
            self.redis_url.as_deref(),
            self.smtp_url.as_deref(),
            self.settings(),
            self.keys(),
        )
        .await
        .map(|services| services.with_providers(provider_settings))
    }
}

/// The fake providers started in this process, kept for its lifetime.
static EMBEDDED_FAKE: tokio::sync::OnceCell<integrations::fake::providers::FakeProviders> =
    tokio::sync::OnceCell::const_new();

async fn embedded_fake() -> anyhow::Result<String> {
    let fake = EMBEDDED_FAKE
        .get_or_try_init(integrations::fake::providers::FakeProviders::start)
        .await
        .context("starting the fake providers")?;
    tracing::info!(url = %fake.url(), "channels sync against the built-in fake providers (demo data)");
    Ok(fake.url())
}

fn provider_choice(vars: &Vars<'_>, production: bool) -> anyhow::Result<ProviderChoice> {
    let url = |name: &str, default: &str| vars.get(name).unwrap_or_else(|| default.to_owned());
    let telegram = vars
        .get("TELEGRAM_BOT_TOKEN")
        .map(|bot_token| TelegramSettings {
            api_url: url("TELEGRAM_API_URL", "https://api.telegram.org"),
            web_url: url("TELEGRAM_WEB_URL", "https://t.me"),
            bot_token,
        });
    let pair = |id: &str, secret: &str| -> anyhow::Result<Option<(String, String)>> {
        match (vars.get(id), vars.get(secret)) {
            (Some(id), Some(secret)) => Ok(Some((id, secret))),
            (None, None) => Ok(None),
            _ => bail!("{id} and {secret} go together: set both or neither"),
        }
    };
    let meta = pair("META_APP_ID", "META_APP_SECRET")?.map(|(app_id, app_secret)| MetaSettings {
        graph_url: url("META_GRAPH_URL", "https://graph.facebook.com/v23.0"),
        dialog_url: url(
            "META_DIALOG_URL",
            "https://www.facebook.com/v23.0/dialog/oauth",
        ),
        app_id,
        app_secret,
        scopes: url("META_SCOPES", DEFAULT_META_SCOPES),
        instagram_metrics: url("META_INSTAGRAM_METRICS", DEFAULT_INSTAGRAM_METRICS),
        page_metrics: url("META_PAGE_METRICS", DEFAULT_PAGE_METRICS),
    });
    let google =
        pair("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET")?.map(|(client_id, client_secret)| {
            GoogleSettings {
                auth_url: url(
                    "GOOGLE_AUTH_URL",
                    "https://accounts.google.com/o/oauth2/v2/auth",
                ),
                token_url: url("GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com"),
                ads_url: url("GOOGLE_ADS_URL", "https://googleads.googleapis.com/v21"),
                analytics_url: url(
                    "GOOGLE_ANALYTICS_URL",
                    "https://analyticsdata.googleapis.com/v1beta",
                ),
                client_id,
                client_secret,
                developer_token: vars.get("GOOGLE_ADS_DEVELOPER_TOKEN").unwrap_or_default(),
                scopes: url("GOOGLE_SCOPES", DEFAULT_GOOGLE_SCOPES),
            }
        });
    let mut settings = ProviderSettings {
        telegram,
        meta,
        google,
        ..ProviderSettings::default()
    };
    if let Some(rates) = vars.get("BIZNESPILOT_PROVIDER_RATES") {
        for pair in rates.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let parsed = pair.split_once('=').and_then(|(name, rate)| {
                Some((
                    domain::channels::Provider::parse(name.trim())?,
                    rate.trim().parse::<u32>().ok()?,
                ))
            });
            match parsed {
                Some((provider, rate)) if rate > 0 => {
                    settings.rate_per_second.insert(provider, rate);
                }
                _ => bail!(
                    "BIZNESPILOT_PROVIDER_RATES takes provider=requests-per-second pairs (telegram=25,meta=50,google=50), not `{pair}`"
                ),
            }
        }
    }
    let any_real =
        settings.telegram.is_some() || settings.meta.is_some() || settings.google.is_some();
    Ok(match vars.get("BIZNESPILOT_FAKE_PROVIDERS").as_deref() {
        Some("0" | "false" | "off") => ProviderChoice::Real(Box::new(settings)),
        Some("embedded" | "1" | "true" | "on") => ProviderChoice::Fake(None),
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            ProviderChoice::Fake(Some(url.trim_end_matches('/').to_owned()))
        }
        Some(other) => {
            bail!("BIZNESPILOT_FAKE_PROVIDERS must be `embedded`, a URL or `off`, not `{other}`")
        }
        // In development with no provider configured, the demo's channels sync against fakes.
        None if !production && !any_real => ProviderChoice::Fake(None),
        None => ProviderChoice::Real(Box::new(settings)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_vars(&move |name| map.get(name).cloned())
    }

    const SECRET: &str = "4f1c0e3b9a7d2c6e8b5a1f0d3c7e9b2a";

    #[test]
    fn production_refuses_to_start_without_real_secrets_and_a_public_url() {
        let base = [
            ("DATABASE_URL", "postgres://db/x"),
            ("BIZNESPILOT_ENV", "production"),
        ];
        let missing = config(&base).expect_err("no secret");
        assert!(
            missing.to_string().contains("BIZNESPILOT_SECRET_KEY"),
            "{missing}"
        );
        let short = config(&[base[0], base[1], ("BIZNESPILOT_SECRET_KEY", "change-me")])
            .expect_err("short");
        assert!(short.to_string().contains("32 bytes"), "{short}");
        let repeated = "a".repeat(40);
        assert!(config(&[base[0], base[1], ("BIZNESPILOT_SECRET_KEY", &repeated)]).is_err());
        let no_url = config(&[base[0], base[1], ("BIZNESPILOT_SECRET_KEY", SECRET)])
            .expect_err("no public url");
        assert!(
            no_url.to_string().contains("BIZNESPILOT_PUBLIC_URL"),
            "{no_url}"
        );
        let ok = config(&[
            base[0],
            base[1],
            ("BIZNESPILOT_SECRET_KEY", SECRET),
            ("BIZNESPILOT_PUBLIC_URL", "https://app.biznespilot.uz/"),
        ])
        .expect("valid");
        assert_eq!(ok.public_url, "https://app.biznespilot.uz");
        assert!(ok.json_logs);
        assert!(!ok.settings().dev_mode);
    }

    #[test]
    fn dev_keeps_a_generated_secret_under_the_data_directory() {
        let dir = std::env::temp_dir().join(format!("biznespilot-config-{}", uuid::Uuid::now_v7()));
        let dir_str = dir.to_string_lossy().into_owned();
        let pairs = [
            ("DATABASE_URL", "postgres://db/x"),
            ("BIZNESPILOT_DATA_DIR", dir_str.as_str()),
        ];
        let first = config(&pairs).expect("dev config");
        let second = config(&pairs).expect("dev config");
        assert_eq!(
            first.secret_key, second.secret_key,
            "the generated secret is kept"
        );
        assert!(first.secret_key.len() >= MIN_SECRET_BYTES);
        assert_eq!(first.public_url, "http://127.0.0.1:8080");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn bad_values_are_named() {
        let error = config(&[
            ("DATABASE_URL", "postgres://db/x"),
            ("BIZNESPILOT_ENV", "staging"),
        ])
        .expect_err("bad env");
        assert!(error.to_string().contains("BIZNESPILOT_ENV"));
        let error = config(&[
            ("DATABASE_URL", "postgres://db/x"),
            ("BIZNESPILOT_SECRET_KEY", SECRET),
            ("BIZNESPILOT_DB_MAX_CONNECTIONS", "many"),
        ])
        .expect_err("bad number");
        assert!(
            error
                .to_string()
                .contains("BIZNESPILOT_DB_MAX_CONNECTIONS=many")
        );
        assert!(
            config(&[("BIZNESPILOT_SECRET_KEY", SECRET)])
                .expect_err("no db")
                .to_string()
                .contains("DATABASE_URL")
        );
    }
}
