//! Meta's Graph API (PROTOCOLS §4): Facebook Login (code → token → long-lived token),
//! Instagram professional accounts and Facebook Pages (profile and daily insights), and Meta's
//! error codes and usage headers mapped to [`ProviderError`].

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::http::{ProviderError, ProviderResult, excerpt, form_pairs};

#[derive(Clone)]
pub struct MetaClient {
    http: reqwest::Client,
    /// `https://graph.facebook.com/v{N}`: the version is configuration, not code.
    graph_base: String,
    app_id: String,
    app_secret: String,
}

impl std::fmt::Debug for MetaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetaClient")
            .field("graph_base", &self.graph_base)
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

/// A user access token.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AccessToken {
    pub access_token: String,
    /// Seconds; long-lived tokens live ~60 days, some never expire (absent).
    #[serde(default)]
    pub expires_in: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InstagramProfile {
    pub id: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub followers_count: Option<i64>,
    #[serde(default)]
    pub media_count: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Page {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub followers_count: Option<i64>,
}

/// One metric's daily values.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub days: Vec<(NaiveDate, i64)>,
}

#[derive(Deserialize)]
struct InsightsAnswer {
    data: Vec<InsightEntry>,
}

#[derive(Deserialize)]
struct InsightEntry {
    name: String,
    #[serde(default)]
    values: Vec<InsightValue>,
}

#[derive(Deserialize)]
struct InsightValue {
    #[serde(default)]
    value: serde_json::Value,
    end_time: String,
}

#[derive(Deserialize)]
struct ErrorAnswer {
    error: GraphError,
}

#[derive(Deserialize)]
struct GraphError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    code: i64,
}

/// Codes Meta answers when a caller goes over a limit: app (4), user (17), page (32), custom
/// (613) and business use case (80001–80014).
fn is_throttling(code: i64) -> bool {
    matches!(code, 4 | 17 | 32 | 613) || (80_001..=80_014).contains(&code)
}

/// Minutes until access is regained, from `X-Business-Use-Case-Usage`.
fn regain_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let usage = headers.get("x-business-use-case-usage")?.to_str().ok()?;
    let usage: serde_json::Value = serde_json::from_str(usage).ok()?;
    usage
        .as_object()?
        .values()
        .filter_map(|entries| entries.as_array())
        .flatten()
        .filter_map(|entry| entry.get("estimated_time_to_regain_access")?.as_u64())
        .max()
        .filter(|minutes| *minutes > 0)
        .map(|minutes| Duration::from_secs(minutes * 60))
}

/// The highest `call_count` percentage of `X-App-Usage`.
pub fn app_usage(headers: &reqwest::header::HeaderMap) -> Option<u64> {
    let usage = headers.get("x-app-usage")?.to_str().ok()?;
    let usage: serde_json::Value = serde_json::from_str(usage).ok()?;
    usage.get("call_count")?.as_u64()
}

impl MetaClient {
    pub fn new(http: reqwest::Client, graph_base: &str, app_id: &str, app_secret: &str) -> Self {
        MetaClient {
            http,
            graph_base: graph_base.trim_end_matches('/').to_owned(),
            app_id: app_id.to_owned(),
            app_secret: app_secret.to_owned(),
        }
    }

    /// Where to send a person to grant access: `dialog_base` is
    /// `https://www.facebook.com/v{N}/dialog/oauth`.
    pub fn authorize_url(
        &self,
        dialog_base: &str,
        redirect_uri: &str,
        state: &str,
        scopes: &str,
    ) -> String {
        let query = form_pairs(&[
            ("client_id", &self.app_id),
            ("redirect_uri", redirect_uri),
            ("state", state),
            ("scope", scopes),
            ("response_type", "code"),
        ]);
        format!("{dialog_base}?{query}")
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> ProviderResult<T> {
        let url = format!("{}/{}", self.graph_base, path.trim_start_matches('/'));
        let response = self.http.get(url).query(query).send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await?;
        if status.is_success() {
            return serde_json::from_str(&text).map_err(|error| {
                ProviderError::Malformed(format!("{path}: {error}: {}", excerpt(&text)))
            });
        }
        let Ok(ErrorAnswer { error }) = serde_json::from_str::<ErrorAnswer>(&text) else {
            return Err(if status.is_server_error() {
                ProviderError::Transient(format!("{status}: {}", excerpt(&text)))
            } else {
                ProviderError::Malformed(format!("{status}: {}", excerpt(&text)))
            });
        };
        let detail = format!("({}) {}", error.code, error.message);
        Err(match error.code {
            code if is_throttling(code) => ProviderError::Throttled {
                retry_after: regain_after(&headers)
                    .or_else(|| crate::http::retry_after_header(&headers)),
                detail,
            },
            190 | 102 => ProviderError::Unauthorized(detail),
            10 | 200..=299 => ProviderError::Forbidden(detail),
            100 if status.as_u16() == 404 => ProviderError::NotFound(detail),
            // 1 and 2 are Meta's "unknown error" and "service temporarily unavailable".
            1 | 2 => ProviderError::Transient(detail),
            _ if status.is_server_error() => ProviderError::Transient(detail),
            _ => ProviderError::Rejected(detail),
        })
    }

    /// Trades the code of the login dialog for a long-lived user token (~60 days).
    pub async fn exchange_code(
        &self,
        code: &str,
        redirect_uri: &str,
    ) -> ProviderResult<AccessToken> {
        let short: AccessToken = self
            .get(
                "oauth/access_token",
                &[
                    ("client_id", &self.app_id),
                    ("client_secret", &self.app_secret),
                    ("redirect_uri", redirect_uri),
                    ("code", code),
                ],
            )
            .await?;
        self.extend(&short.access_token).await
    }

    /// A fresh long-lived token for one that still works: how Meta tokens are refreshed.
    pub async fn extend(&self, token: &str) -> ProviderResult<AccessToken> {
        self.get(
            "oauth/access_token",
            &[
                ("grant_type", "fb_exchange_token"),
                ("client_id", &self.app_id),
                ("client_secret", &self.app_secret),
                ("fb_exchange_token", token),
            ],
        )
        .await
    }

    pub async fn instagram_profile(
        &self,
        ig_user_id: &str,
        token: &str,
    ) -> ProviderResult<InstagramProfile> {
        self.get(
            ig_user_id,
            &[
                ("fields", "id,username,followers_count,media_count"),
                ("access_token", token),
            ],
        )
        .await
    }

    pub async fn page(&self, page_id: &str, token: &str) -> ProviderResult<Page> {
        self.get(
            page_id,
            &[
                ("fields", "id,name,followers_count"),
                ("access_token", token),
            ],
        )
        .await
    }

    /// Daily values of an Instagram account's `metrics` (e.g. `reach,views`) for the days
    /// `since..=until`.
    pub async fn instagram_insights(
        &self,
        ig_user_id: &str,
        token: &str,
        metrics: &str,
        since: NaiveDate,
        until: NaiveDate,
    ) -> ProviderResult<Vec<Series>> {
        let (since, until) = unix_range(since, until);
        let answer: InsightsAnswer = self
            .get(
                &format!("{ig_user_id}/insights"),
                &[
                    ("metric", metrics),
                    ("period", "day"),
                    ("metric_type", "time_series"),
                    ("since", &since),
                    ("until", &until),
                    ("access_token", token),
                ],
            )
            .await?;
        series(answer)
    }

    /// Daily values of a Page's `metrics` (e.g. `page_total_media_view_unique,page_follows`).
    pub async fn page_insights(
        &self,
        page_id: &str,
        token: &str,
        metrics: &str,
        since: NaiveDate,
        until: NaiveDate,
    ) -> ProviderResult<Vec<Series>> {
        let (since, until) = unix_range(since, until);
        let answer: InsightsAnswer = self
            .get(
                &format!("{page_id}/insights/{metrics}"),
                &[
                    ("period", "day"),
                    ("since", &since),
                    ("until", &until),
                    ("access_token", token),
                ],
            )
            .await?;
        series(answer)
    }
}

/// `since` at the start of the first day, `until` at the start of the day after the last.
fn unix_range(since: NaiveDate, until: NaiveDate) -> (String, String) {
    let start = |day: NaiveDate| {
        day.and_hms_opt(0, 0, 0)
            .map(|at| at.and_utc().timestamp())
            .unwrap_or_default()
            .to_string()
    };
    (start(since), start(until + chrono::Days::new(1)))
}

/// A daily value's `end_time` is the end of its day: the day is the one before.
fn series(answer: InsightsAnswer) -> ProviderResult<Vec<Series>> {
    answer
        .data
        .into_iter()
        .map(|entry| {
            let days = entry
                .values
                .iter()
                .map(|value| {
                    let end = DateTime::parse_from_str(&value.end_time, "%Y-%m-%dT%H:%M:%S%z")
                        .or_else(|_| DateTime::parse_from_rfc3339(&value.end_time))
                        .map_err(|_| {
                            ProviderError::Malformed(format!("end_time `{}`", value.end_time))
                        })?;
                    let day = (end.with_timezone(&Utc) - chrono::Duration::days(1)).date_naive();
                    // Counts are numbers; breakdown metrics come as objects and sum their parts.
                    let count = match &value.value {
                        serde_json::Value::Number(n) => n.as_i64().unwrap_or_default(),
                        serde_json::Value::Object(parts) => {
                            parts.values().filter_map(serde_json::Value::as_i64).sum()
                        }
                        _ => 0,
                    };
                    Ok((day, count))
                })
                .collect::<ProviderResult<Vec<_>>>()?;
            Ok(Series {
                name: entry.name,
                days,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_codes_and_usage_headers_are_read() {
        assert!(is_throttling(4) && is_throttling(17) && is_throttling(32) && is_throttling(613));
        assert!(is_throttling(80_001) && !is_throttling(190));
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "x-business-use-case-usage",
            r#"{"123":[{"type":"pages","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":7}]}"#
                .parse()
                .expect("header"),
        );
        headers.insert(
            "x-app-usage",
            r#"{"call_count":91,"total_time":12,"total_cputime":9}"#
                .parse()
                .expect("header"),
        );
        assert_eq!(regain_after(&headers), Some(Duration::from_secs(420)));
        assert_eq!(app_usage(&headers), Some(91));
    }

    #[test]
    fn authorize_urls_encode_their_values() {
        let client = MetaClient::new(
            crate::http::client(Duration::from_secs(5)),
            "https://graph.example/v21.0",
            "42",
            "s",
        );
        let url = client.authorize_url(
            "https://fb.example/dialog/oauth",
            "https://app.example/cb?x=1",
            "st ate",
            "instagram_basic,pages_show_list",
        );
        assert_eq!(
            url,
            "https://fb.example/dialog/oauth?client_id=42&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1&state=st%20ate&scope=instagram_basic%2Cpages_show_list&response_type=code"
        );
    }
}
