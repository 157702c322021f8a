//! Google (PROTOCOLS §5): OAuth 2.0 for a business's own Google account, shared by the Ads
//! and GA4 clients, and Google's error answers mapped to [`ProviderError`].

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::http::{ProviderError, ProviderResult, excerpt, form_pairs, retry_after_header};

/// The OAuth client of our Google Cloud project.
#[derive(Clone)]
pub struct GoogleOAuth {
    http: reqwest::Client,
    /// `https://oauth2.googleapis.com`
    token_base: String,
    client_id: String,
    client_secret: String,
}

impl std::fmt::Debug for GoogleOAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoogleOAuth")
            .field("token_base", &self.token_base)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    /// Seconds (an hour).
    pub expires_in: i64,
    /// Only with the first grant (`access_type=offline&prompt=consent`).
    #[serde(default)]
    pub refresh_token: Option<String>,
}

#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Deserialize)]
struct ApiErrorAnswer {
    error: ApiError,
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(default)]
    code: u16,
    #[serde(default)]
    message: String,
    #[serde(default)]
    status: String,
}

impl GoogleOAuth {
    pub fn new(
        http: reqwest::Client,
        token_base: &str,
        client_id: &str,
        client_secret: &str,
    ) -> Self {
        GoogleOAuth {
            http,
            token_base: token_base.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
        }
    }

    /// The consent screen: `auth_base` is `https://accounts.google.com/o/oauth2/v2/auth`.
    /// Offline access with forced consent, so that Google hands out a refresh token.
    pub fn authorize_url(
        &self,
        auth_base: &str,
        redirect_uri: &str,
        state: &str,
        scopes: &str,
    ) -> String {
        let query = form_pairs(&[
            ("client_id", &self.client_id),
            ("redirect_uri", redirect_uri),
            ("response_type", "code"),
            ("scope", scopes),
            ("access_type", "offline"),
            ("prompt", "consent"),
            ("state", state),
        ]);
        format!("{auth_base}?{query}")
    }

    async fn token(&self, form: &[(&str, &str)]) -> ProviderResult<Tokens> {
        let response = self
            .http
            .post(format!("{}/token", self.token_base))
            .form(form)
            .send()
            .await?;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await?;
        if status.is_success() {
            return serde_json::from_str(&text).map_err(|error| {
                ProviderError::Malformed(format!("token: {error}: {}", excerpt(&text)))
            });
        }
        if status.as_u16() == 429 {
            return Err(ProviderError::Throttled {
                retry_after: retry_after_header(&headers),
                detail: excerpt(&text),
            });
        }
        if status.is_server_error() {
            return Err(ProviderError::Transient(format!("token: {status}")));
        }
        let error: OAuthError = serde_json::from_str(&text)
            .map_err(|_| ProviderError::Malformed(format!("token {status}: {}", excerpt(&text))))?;
        let detail = match error.error_description {
            Some(description) => format!("{}: {description}", error.error),
            None => error.error.clone(),
        };
        // invalid_grant: the refresh token was revoked or expired; consent is needed again.
        Err(match error.error.as_str() {
            "invalid_grant" | "unauthorized_client" | "invalid_client" => {
                ProviderError::Unauthorized(detail)
            }
            _ => ProviderError::Rejected(detail),
        })
    }

    pub async fn exchange_code(&self, code: &str, redirect_uri: &str) -> ProviderResult<Tokens> {
        self.token(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("client_id", &self.client_id),
            ("client_secret", &self.client_secret),
        ])
        .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> ProviderResult<Tokens> {
        self.token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", &self.client_id),
            ("client_secret", &self.client_secret),
        ])
        .await
    }
}

/// Reads a Google API answer: the body as `T`, or the error mapped by its HTTP status and
/// `status` (`RESOURCE_EXHAUSTED`, `UNAUTHENTICATED`, `PERMISSION_DENIED`…).
pub(crate) async fn read<T: DeserializeOwned>(
    response: reqwest::Response,
    what: &str,
) -> ProviderResult<T> {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await?;
    if status.is_success() {
        return serde_json::from_str(&text).map_err(|error| {
            ProviderError::Malformed(format!("{what}: {error}: {}", excerpt(&text)))
        });
    }
    let error = serde_json::from_str::<ApiErrorAnswer>(&text)
        .map(|answer| answer.error)
        .unwrap_or(ApiError {
            code: status.as_u16(),
            message: excerpt(&text),
            status: String::new(),
        });
    let detail = format!("{what}: {} {}", error.status, error.message);
    Err(
        match (error.code.max(status.as_u16()), error.status.as_str()) {
            (429, _) | (_, "RESOURCE_EXHAUSTED") => ProviderError::Throttled {
                retry_after: retry_after_header(&headers),
                detail,
            },
            (401, _) | (_, "UNAUTHENTICATED") => ProviderError::Unauthorized(detail),
            (403, _) | (_, "PERMISSION_DENIED") => ProviderError::Forbidden(detail),
            (404, _) | (_, "NOT_FOUND") => ProviderError::NotFound(detail),
            (500..=599, _) | (_, "UNAVAILABLE") => ProviderError::Transient(detail),
            _ => ProviderError::Rejected(detail),
        },
    )
}
