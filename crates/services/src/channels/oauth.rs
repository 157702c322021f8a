//! Granting access to a Meta or Google channel: a single-use `state` bound to the business,
//! the person and the channel; the provider's consent page; the callback that trades the code
//! for tokens (kept encrypted) and starts the first sync. A channel whose access was revoked
//! goes through the same flow to reconnect.

use chrono::Duration;
use contract::channels::{AuthorizeResponse, OAuthCallbackQuery};
use domain::activity::{ActivityAction, entity};
use domain::channels::{Access, ChannelStatus, Provider};
use domain::permissions::Permission;
use integrations::http::ProviderError;
use serde_json::json;
use uuid::Uuid;

use super::providers::Meter;
use super::sync::enqueue_first;
use super::{Credentials, find};
use crate::Services;
use crate::activity::{self, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::security::{random_token, token_hash};

/// How long a consent link works.
const STATE_TTL_MINUTES: i64 = 15;
/// The path providers send the browser back to.
pub const CALLBACK_PATH: &str = "/api/v1/oauth/callback";

fn redirect_uri(services: &Services) -> String {
    format!(
        "{}{CALLBACK_PATH}",
        services.settings.public_url.trim_end_matches('/')
    )
}

fn not_configured(provider: Provider) -> ServiceError {
    ServiceError::Unprocessable {
        code: "provider_not_configured",
        message: format!(
            "{} sign-in is not configured on this server",
            match provider {
                Provider::Meta => "Meta (Facebook/Instagram)",
                Provider::Google => "Google",
                Provider::Telegram => "Telegram",
            }
        ),
    }
}

/// Starts (or restarts, to reconnect) the grant of access to a channel.
pub async fn authorize(
    services: &Services,
    access: &BusinessAccess,
    channel_id: Uuid,
) -> ServiceResult<AuthorizeResponse> {
    access.require(Permission::ChannelsWrite)?;
    let channel = find(services, access, channel_id).await?;
    let Some(Access::OAuth(provider)) = channel.kind.access() else {
        return Err(ServiceError::Conflict {
            code: "no_oauth",
            message: "this channel is not connected by signing in with a provider".into(),
            field: None,
        });
    };
    let state = random_token();
    let expires_at = services.now() + Duration::minutes(STATE_TTL_MINUTES);
    let providers = &services.providers;
    let redirect = redirect_uri(services);
    let authorize_url = match provider {
        Provider::Meta => {
            let (client, settings) = providers
                .meta
                .as_ref()
                .zip(providers.settings.meta.as_ref())
                .ok_or_else(|| not_configured(provider))?;
            client.authorize_url(&settings.dialog_url, &redirect, &state, &settings.scopes)
        }
        Provider::Google => {
            let (client, settings) = providers
                .google
                .as_ref()
                .zip(providers.settings.google.as_ref())
                .ok_or_else(|| not_configured(provider))?;
            client.authorize_url(&settings.auth_url, &redirect, &state, &settings.scopes)
        }
        Provider::Telegram => return Err(not_configured(provider)),
    };
    store::channels::insert_state(
        &services.db,
        &token_hash(&state),
        access.business_id,
        access.actor.user_id(),
        channel.kind,
        Some(channel.id),
        expires_at,
    )
    .await?;
    Ok(AuthorizeResponse {
        authorize_url,
        expires_at,
    })
}

/// Where the browser goes after the callback: the channels page, saying how it went.
pub struct CallbackOutcome {
    pub location: String,
}

/// The provider sent the browser back: checks the state, trades the code for tokens, keeps
/// them encrypted and queues the first sync. Never fails: every problem becomes a redirect to
/// the app with `oauth_error=<code>`, which the app explains.
pub async fn callback(
    services: &Services,
    query: &OAuthCallbackQuery,
    meta: &RequestMeta,
) -> CallbackOutcome {
    let app = services
        .settings
        .public_url
        .trim_end_matches('/')
        .to_owned();
    let fail = |business: Option<Uuid>, code: &str| CallbackOutcome {
        location: match business {
            Some(business) => format!("{app}/businesses/{business}/channels?oauth_error={code}"),
            None => format!("{app}/?oauth_error={code}"),
        },
    };
    let Some(state) = query.state.as_deref() else {
        return fail(None, "missing_state");
    };
    let taken = store::channels::take_state(&services.db, &token_hash(state), services.now()).await;
    let state = match taken {
        Ok(Some(state)) => state,
        Ok(None) => return fail(None, "expired_state"),
        Err(error) => {
            tracing::error!(%error, "reading an OAuth state");
            return fail(None, "server_error");
        }
    };
    let business = state.business_id;
    if query.error.is_some() {
        return fail(Some(business), "access_denied");
    }
    let (Some(code), Some(channel_id)) = (query.code.as_deref(), state.channel_id) else {
        return fail(Some(business), "missing_code");
    };
    match grant(services, &state, channel_id, code, meta).await {
        Ok(()) => CallbackOutcome {
            location: format!("{app}/businesses/{business}/channels?connected={channel_id}"),
        },
        Err(error) => {
            tracing::warn!(%error, %channel_id, "OAuth grant failed");
            let code = match error {
                ServiceError::NotFound => "channel_gone",
                ServiceError::Unprocessable { code, .. } => code,
                _ => "grant_failed",
            };
            fail(Some(business), code)
        }
    }
}

async fn grant(
    services: &Services,
    state: &store::channels::OAuthState,
    channel_id: Uuid,
    code: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let business_id = state.business_id;
    let channel = store::channels::find(&services.db, business_id, channel_id, false)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let Some(Access::OAuth(provider)) = channel.kind.access() else {
        return Err(ServiceError::NotFound);
    };
    let providers = &services.providers;
    let redirect = redirect_uri(services);
    let mut meter = Meter::default();
    let refused = |error: ProviderError| ServiceError::Unprocessable {
        code: "grant_refused",
        message: error.to_string(),
    };
    let (credentials, expires_at) = match provider {
        Provider::Meta => {
            let client = providers
                .meta
                .as_ref()
                .ok_or_else(|| not_configured(provider))?;
            let token = providers
                .call(provider, &mut meter, client.exchange_code(code, &redirect))
                .await
                .map_err(refused)?;
            let expires = token
                .expires_in
                .map(|s| services.now() + Duration::seconds(s));
            (
                Credentials {
                    access_token: token.access_token,
                    refresh_token: None,
                },
                expires,
            )
        }
        Provider::Google => {
            let client = providers
                .google
                .as_ref()
                .ok_or_else(|| not_configured(provider))?;
            let tokens = providers
                .call(provider, &mut meter, client.exchange_code(code, &redirect))
                .await
                .map_err(refused)?;
            (
                Credentials {
                    access_token: tokens.access_token,
                    refresh_token: tokens.refresh_token,
                },
                Some(services.now() + Duration::seconds(tokens.expires_in)),
            )
        }
        Provider::Telegram => return Err(not_configured(provider)),
    };
    let sealed = credentials.seal(services)?;
    let mut tx = services.db.begin().await?;
    // A paused channel stays paused with its new access; any other becomes connected.
    let status = (channel.status != ChannelStatus::Paused.as_str())
        .then_some(ChannelStatus::Connected.as_str());
    store::channels::set_credentials(
        &mut *tx,
        business_id,
        channel_id,
        &sealed,
        expires_at,
        status,
    )
    .await?;
    let row = store::channels::find(&mut *tx, business_id, channel_id, false)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if row.status == ChannelStatus::Connected.as_str() {
        enqueue_first(&mut tx, services, &row).await?;
    }
    activity::record_by(
        &mut tx,
        services,
        business_id,
        (state.user_id, None),
        meta,
        Event::new(ActivityAction::Updated, entity::CHANNEL, Some(channel_id))
            .with(json!({ "authorized": true, "provider": provider.as_str() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
