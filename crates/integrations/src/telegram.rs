//! Telegram: the Bot API (`{base}/bot<TOKEN>/<method>`) for a channel's subscribers, and the
//! public web preview (`{web}/s/<username>`) for its posts' view counts, which the Bot API does
//! not give (PROTOCOLS §3).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::http::{ProviderError, ProviderResult, excerpt};

#[derive(Clone)]
pub struct TelegramClient {
    http: reqwest::Client,
    api_base: String,
    web_base: String,
    token: String,
}

impl std::fmt::Debug for TelegramClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramClient")
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

/// `getChat`'s answer, the fields we use.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Chat {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
}

/// A post of a public channel as its web preview shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The message id within the channel.
    pub id: String,
    pub posted_at: DateTime<Utc>,
    pub views: i64,
}

#[derive(Deserialize)]
struct Envelope<T> {
    ok: bool,
    result: Option<T>,
    error_code: Option<u16>,
    description: Option<String>,
    parameters: Option<Parameters>,
}

#[derive(Deserialize)]
struct Parameters {
    retry_after: Option<u64>,
}

impl TelegramClient {
    /// `api_base` is `https://api.telegram.org`, `web_base` `https://t.me`; `token` is our
    /// bot's, which the business adds to its channel as an administrator.
    pub fn new(http: reqwest::Client, api_base: &str, web_base: &str, token: &str) -> Self {
        TelegramClient {
            http,
            api_base: api_base.trim_end_matches('/').to_owned(),
            web_base: web_base.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
        }
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        body: serde_json::Value,
    ) -> ProviderResult<T> {
        let url = format!("{}/bot{}/{method}", self.api_base, self.token);
        let response = self.http.post(url).json(&body).send().await?;
        let status = response.status();
        let text = response.text().await?;
        let envelope: Envelope<T> = serde_json::from_str(&text).map_err(|error| {
            ProviderError::Malformed(format!("{method}: {error}: {}", excerpt(&text)))
        })?;
        if envelope.ok {
            return envelope
                .result
                .ok_or_else(|| ProviderError::Malformed(format!("{method}: ok without result")));
        }
        let code = envelope.error_code.unwrap_or(status.as_u16());
        let description = envelope.description.unwrap_or_default();
        Err(match code {
            429 => ProviderError::Throttled {
                retry_after: envelope
                    .parameters
                    .and_then(|p| p.retry_after)
                    .map(std::time::Duration::from_secs),
                detail: description,
            },
            401 => ProviderError::Unauthorized(description),
            403 => ProviderError::Forbidden(description),
            400 if description.contains("not found") => ProviderError::NotFound(description),
            400..=499 => ProviderError::Rejected(description),
            _ => ProviderError::Transient(format!("{code}: {description}")),
        })
    }

    /// `chat` is `@username` or a numeric id.
    pub async fn get_chat(&self, chat: &str) -> ProviderResult<Chat> {
        self.call("getChat", json!({ "chat_id": chat })).await
    }

    pub async fn member_count(&self, chat: &str) -> ProviderResult<i64> {
        self.call("getChatMemberCount", json!({ "chat_id": chat }))
            .await
    }

    /// The recent posts of a public channel with their views, read from its web preview. A
    /// private channel has no preview: the answer is then empty.
    pub async fn recent_posts(&self, username: &str) -> ProviderResult<Vec<Post>> {
        let username = username.trim_start_matches('@');
        let url = format!("{}/s/{username}", self.web_base);
        let response = self.http.get(url).send().await?;
        let status = response.status();
        if status.as_u16() == 429 {
            return Err(ProviderError::Throttled {
                retry_after: crate::http::retry_after_header(response.headers()),
                detail: "web preview".into(),
            });
        }
        if status.is_server_error() {
            return Err(ProviderError::Transient(format!("web preview: {status}")));
        }
        if !status.is_success() {
            return Ok(Vec::new());
        }
        Ok(parse_preview(&response.text().await?))
    }
}

/// Reads posts from the preview's markup defensively: a post is a `data-post="name/ID"`
/// block; its date is the first `<time datetime="…">` and its views the first
/// `tgme_widget_message_views` after it. A block missing either is skipped, never guessed.
pub fn parse_preview(html: &str) -> Vec<Post> {
    let mut posts = Vec::new();
    for block in html.split("data-post=\"").skip(1) {
        let Some((reference, rest)) = block.split_once('"') else {
            continue;
        };
        let Some((_, id)) = reference.rsplit_once('/') else {
            continue;
        };
        let views = between(rest, "tgme_widget_message_views\">", "<").and_then(parse_count);
        let posted_at = between(rest, "datetime=\"", "\"")
            .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
            .map(|at| at.with_timezone(&Utc));
        if let (Some(views), Some(posted_at)) = (views, posted_at) {
            posts.push(Post {
                id: id.to_owned(),
                posted_at,
                views,
            });
        }
    }
    posts
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// `1.2K`, `15K`, `3.4M`, `987` as the preview writes view counts.
fn parse_count(text: &str) -> Option<i64> {
    let text = text.trim();
    let (number, scale) = match text.chars().last()? {
        'K' | 'k' => (&text[..text.len() - 1], 1_000.0),
        'M' | 'm' => (&text[..text.len() - 1], 1_000_000.0),
        _ => (text, 1.0),
    };
    let value: f64 = number.replace(',', ".").parse().ok()?;
    (value.is_finite() && value >= 0.0).then(|| (value * scale).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_gives_posts_with_views_and_dates_and_skips_broken_blocks() {
        let html = r#"
            <div class="tgme_widget_message" data-post="nonvoy/41">
              <span class="tgme_widget_message_views">1.2K</span>
              <time datetime="2026-11-20T09:15:00+00:00" class="time">09:15</time>
            </div>
            <div class="tgme_widget_message" data-post="nonvoy/42">
              <time datetime="2026-11-21T18:00:00+05:00">18:00</time>
              <span class="tgme_widget_message_views">987</span>
            </div>
            <div class="tgme_widget_message" data-post="nonvoy/43">no views here</div>
            <div data-post="nonvoy/44"><span class="tgme_widget_message_views">3.4M</span>
              <time datetime="not a date"></time></div>"#;
        let posts = parse_preview(html);
        assert_eq!(posts.len(), 2);
        assert_eq!(posts[0].id, "41");
        assert_eq!(posts[0].views, 1_200);
        assert_eq!(posts[1].views, 987);
        assert_eq!(posts[1].posted_at.to_rfc3339(), "2026-11-21T13:00:00+00:00");
    }

    #[test]
    fn view_counts_read_as_the_preview_abbreviates_them() {
        assert_eq!(parse_count("15K"), Some(15_000));
        assert_eq!(parse_count("3.4M"), Some(3_400_000));
        assert_eq!(parse_count("12"), Some(12));
        assert_eq!(parse_count("-1"), None);
        assert_eq!(parse_count("many"), None);
    }
}
