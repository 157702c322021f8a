//! The providers' clients as configured: base URLs, our app's credentials, the metric names
//! that change with API versions, and a pacer per provider so this process stays under each
//! provider's request limit.

use std::collections::HashMap;
use std::time::Duration;

use domain::channels::Provider;
use integrations::ga4::Ga4Client;
use integrations::google::GoogleOAuth;
use integrations::google_ads::GoogleAdsClient;
use integrations::http::{Pacer, ProviderError, ProviderResult};
use integrations::meta::MetaClient;
use integrations::telegram::TelegramClient;
use store::redis::RedisPool;

#[derive(Clone)]
pub struct TelegramSettings {
    pub api_url: String,
    pub web_url: String,
    pub bot_token: String,
}

#[derive(Clone)]
pub struct MetaSettings {
    /// `https://graph.facebook.com/v{N}`
    pub graph_url: String,
    /// `https://www.facebook.com/v{N}/dialog/oauth`
    pub dialog_url: String,
    pub app_id: String,
    pub app_secret: String,
    pub scopes: String,
    /// Instagram account insights asked for (names change; `impressions` is gone).
    pub instagram_metrics: String,
    /// Page insights asked for.
    pub page_metrics: String,
}

#[derive(Clone)]
pub struct GoogleSettings {
    /// `https://accounts.google.com/o/oauth2/v2/auth`
    pub auth_url: String,
    /// `https://oauth2.googleapis.com`
    pub token_url: String,
    /// `https://googleads.googleapis.com/v{N}`
    pub ads_url: String,
    /// `https://analyticsdata.googleapis.com/v1beta`
    pub analytics_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub developer_token: String,
    pub scopes: String,
}

/// Everything about the providers that comes from configuration.
#[derive(Clone)]
pub struct ProviderSettings {
    pub telegram: Option<TelegramSettings>,
    pub meta: Option<MetaSettings>,
    pub google: Option<GoogleSettings>,
    /// Requests per second sent to each provider: by the whole deployment when Redis is
    /// configured, by each process otherwise.
    pub rate_per_second: HashMap<Provider, u32>,
    pub timeout: Duration,
}

impl Default for ProviderSettings {
    fn default() -> Self {
        ProviderSettings {
            telegram: None,
            meta: None,
            google: None,
            // Telegram's informal ~30 requests a second per bot; Meta and Google limit per
            // app and hour, and these keep a round of thousands of channels well inside.
            rate_per_second: HashMap::from([
                (Provider::Telegram, 25),
                (Provider::Meta, 50),
                (Provider::Google, 50),
            ]),
            timeout: Duration::from_secs(30),
        }
    }
}

impl ProviderSettings {
    /// Every provider pointed at one fake server (`integrations::fake::providers`), as tests,
    /// the demo and the benchmark use it.
    pub fn fake(base: &str) -> Self {
        ProviderSettings {
            telegram: Some(TelegramSettings {
                api_url: format!("{base}/telegram"),
                web_url: format!("{base}/telegram-web"),
                bot_token: "123456:demo-bot".into(),
            }),
            meta: Some(MetaSettings {
                graph_url: format!("{base}/meta/v21.0"),
                dialog_url: format!("{base}/meta/dialog/oauth"),
                app_id: "demo-app".into(),
                app_secret: "demo-secret".into(),
                scopes: DEFAULT_META_SCOPES.into(),
                instagram_metrics: DEFAULT_INSTAGRAM_METRICS.into(),
                page_metrics: DEFAULT_PAGE_METRICS.into(),
            }),
            google: Some(GoogleSettings {
                auth_url: format!("{base}/google/oauth/auth"),
                token_url: format!("{base}/google/oauth"),
                ads_url: format!("{base}/google/ads/v21"),
                analytics_url: format!("{base}/google/analytics/v1beta"),
                client_id: "demo-client".into(),
                client_secret: "demo-secret".into(),
                developer_token: "demo-developer-token".into(),
                scopes: DEFAULT_GOOGLE_SCOPES.into(),
            }),
            ..ProviderSettings::default()
        }
    }
}

pub const DEFAULT_META_SCOPES: &str =
    "instagram_basic,instagram_manage_insights,pages_show_list,pages_read_engagement,read_insights";
pub const DEFAULT_INSTAGRAM_METRICS: &str = "reach,views,accounts_engaged,profile_views";
pub const DEFAULT_PAGE_METRICS: &str =
    "page_total_media_view_unique,page_post_engagements,page_views_total";
pub const DEFAULT_GOOGLE_SCOPES: &str =
    "https://www.googleapis.com/auth/adwords https://www.googleapis.com/auth/analytics.readonly";

/// The clients, built once per process.
pub struct Providers {
    pub settings: ProviderSettings,
    pub telegram: Option<TelegramClient>,
    pub meta: Option<MetaClient>,
    pub google: Option<GoogleOAuth>,
    pub ads: Option<GoogleAdsClient>,
    pub ga4: Option<Ga4Client>,
    /// This process's pace per provider, used without Redis.
    pacers: HashMap<Provider, Pacer>,
    /// Redis and the deployment's key prefix: the pace is then shared by every worker.
    shared: Option<(RedisPool, String)>,
}

impl Providers {
    pub fn new(settings: ProviderSettings) -> Self {
        let http = integrations::http::client(settings.timeout);
        let telegram = settings
            .telegram
            .as_ref()
            .map(|t| TelegramClient::new(http.clone(), &t.api_url, &t.web_url, &t.bot_token));
        let meta = settings
            .meta
            .as_ref()
            .map(|m| MetaClient::new(http.clone(), &m.graph_url, &m.app_id, &m.app_secret));
        let google = settings
            .google
            .as_ref()
            .map(|g| GoogleOAuth::new(http.clone(), &g.token_url, &g.client_id, &g.client_secret));
        let ads = settings
            .google
            .as_ref()
            .map(|g| GoogleAdsClient::new(http.clone(), &g.ads_url, &g.developer_token));
        let ga4 = settings
            .google
            .as_ref()
            .map(|g| Ga4Client::new(http.clone(), &g.analytics_url));
        let pacers = Provider::ALL
            .into_iter()
            .map(|p| {
                let rate = settings.rate_per_second.get(&p).copied().unwrap_or(10);
                (p, Pacer::new(rate))
            })
            .collect();
        Providers {
            settings,
            telegram,
            meta,
            google,
            ads,
            ga4,
            pacers,
            shared: None,
        }
    }

    /// Paces every process of the deployment together through Redis, so that `rate_per_second`
    /// holds for the deployment however many workers run.
    pub fn shared_through(mut self, pool: RedisPool, prefix: String) -> Self {
        self.shared = Some((pool, prefix));
        self
    }

    fn interval(&self, provider: Provider) -> Duration {
        let rate = self
            .settings
            .rate_per_second
            .get(&provider)
            .copied()
            .unwrap_or(10)
            .max(1);
        Duration::from_secs(1) / rate
    }

    /// Waits for this request's turn; `pause` instead holds every later turn (a throttle).
    async fn pace(&self, provider: Provider, pause: Option<Duration>) {
        if let Some((pool, prefix)) = &self.shared {
            let key = format!("{prefix}pace:{}", provider.as_str());
            let hold = pause.unwrap_or(Duration::ZERO);
            match store::rate_limit::pace(pool, &key, self.interval(provider), hold).await {
                Ok(wait) => {
                    if !wait.is_zero() {
                        tokio::time::sleep(wait).await;
                    }
                    return;
                }
                Err(error) => {
                    tracing::warn!(%error, "the shared pace is unavailable; pacing this process alone");
                }
            }
        }
        if let Some(pacer) = self.pacers.get(&provider) {
            match pause {
                Some(pause) => pacer.hold(pause),
                None => pacer.turn().await,
            }
        }
    }

    /// Waits for a turn to call `provider`, then runs `call`; a throttled answer holds every
    /// later call to the provider for the wait it asked for.
    pub async fn call<T, F>(
        &self,
        provider: Provider,
        meter: &mut Meter,
        call: F,
    ) -> ProviderResult<T>
    where
        F: Future<Output = ProviderResult<T>>,
    {
        self.pace(provider, None).await;
        meter.requests += 1;
        let result = call.await;
        if let Err(ProviderError::Throttled { retry_after, .. }) = &result {
            meter.throttled += 1;
            let pause = retry_after.unwrap_or(Duration::from_secs(1));
            self.pace(provider, Some(pause)).await;
        }
        result
    }
}

/// Requests a sync made and how many the provider throttled.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Meter {
    pub requests: i32,
    pub throttled: i32,
}
