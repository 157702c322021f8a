//! Marketing channels (`/businesses/{business_id}/channels…`), spend (`…/spend`), the sync log
//! (`…/sync-runs`), and the OAuth callback providers send the browser back to.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use contract::channels::*;
use contract::pagination::{Page, PageQuery};
use services::channels::{self, oauth, spend, sync};
use services::{Services, idempotency};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::{
    IdempotencyKey, Member, Meta, ValidJson, ValidQuery, perm, request_fingerprint,
};
use crate::routes::stored_response;

/// The business's channels with their cards: the last 30 days' audience, trend and return.
#[utoipa::path(
    tag = "channels",
    params(PageQuery),
    responses((status = 200, description = "A page of channels", body = Page<ChannelResponse>))
)]
#[get("/channels")]
pub async fn list_channels(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(channels::list(&services, &member, &query).await?))
}

/// Add a channel. Telegram: give the `@channel` after adding our bot as an administrator (it
/// is checked, then synced at once). Instagram, Facebook, Google Ads and website: give the
/// account id, then `POST …/authorize` to sign in with the provider. TikTok and YouTube (or
/// `manual: true`) keep their numbers by hand.
#[utoipa::path(
    tag = "channels",
    request_body = CreateChannelRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, description = "The channel", body = ChannelResponse))
)]
#[post("/channels")]
pub async fn create_channel(
    services: web::Data<Services>,
    req: HttpRequest,
    member: Member<perm::ChannelsWrite>,
    meta: Meta,
    key: IdempotencyKey,
    body: ValidJson<CreateChannelRequest>,
) -> ApiResult<HttpResponse> {
    let stored = idempotency::run(
        &services,
        &member.actor.idempotency_owner(),
        key.0.as_deref(),
        &request_fingerprint(&req, &body.raw),
        201,
        || channels::create(&services, &member, &body, &meta.0),
    )
    .await?;
    Ok(stored_response(stored))
}

/// One channel with its card.
#[utoipa::path(
    tag = "channels",
    params(("channel_id" = Uuid, Path, description = "The channel")),
    responses((status = 200, description = "The channel", body = ChannelResponse))
)]
#[get("/channels/{channel_id}")]
pub async fn get_channel(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(channels::get(&services, &member, id).await?))
}

/// Rename a channel, change its account, or pause (`paused: true`) and resume its sync.
#[utoipa::path(
    tag = "channels",
    params(("channel_id" = Uuid, Path, description = "The channel")),
    request_body = UpdateChannelRequest,
    responses((status = 200, description = "The channel", body = ChannelResponse))
)]
#[patch("/channels/{channel_id}")]
pub async fn update_channel(
    services: web::Data<Services>,
    member: Member<perm::ChannelsWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<UpdateChannelRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(channels::update(&services, &member, id, &body, &meta.0).await?))
}

/// Remove a channel with its metrics and sync log (spend it synced stays in the sales
/// history under its kind).
#[utoipa::path(
    tag = "channels",
    params(("channel_id" = Uuid, Path, description = "The channel")),
    responses((status = 204, description = "Removed"))
)]
#[delete("/channels/{channel_id}")]
pub async fn delete_channel(
    services: web::Data<Services>,
    member: Member<perm::ChannelsWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    channels::delete(&services, &member, id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign in with the provider to grant (or, after a revocation, restore) access: send the
/// browser to `authorize_url`; the provider sends it back to `/api/v1/oauth/callback`, which
/// returns it to the app's channels page.
#[utoipa::path(
    tag = "channels",
    params(("channel_id" = Uuid, Path, description = "The channel")),
    responses((status = 200, description = "Where to send the browser", body = AuthorizeResponse))
)]
#[post("/channels/{channel_id}/authorize")]
pub async fn authorize_channel(
    services: web::Data<Services>,
    member: Member<perm::ChannelsWrite>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(oauth::authorize(&services, &member, id).await?))
}

/// Sync now: queues a sync of a connected channel (one per channel and minute, however often
/// it is asked) and names the job; its outcome appears in `…/sync-runs`.
#[utoipa::path(
    tag = "channels",
    params(("channel_id" = Uuid, Path, description = "The channel")),
    responses((status = 202, description = "The queued sync", body = SyncQueued))
)]
#[post("/channels/{channel_id}/sync")]
pub async fn sync_channel(
    services: web::Data<Services>,
    member: Member<perm::ChannelsWrite>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Accepted().json(sync::request(&services, &member, id).await?))
}

/// A channel's days in `from..=to` (the last 30 by default), the return of its kind over them,
/// and for Telegram the best time to post.
#[utoipa::path(
    tag = "channels",
    params(("channel_id" = Uuid, Path, description = "The channel"), MetricsQuery),
    responses((status = 200, description = "The channel's metrics", body = ChannelMetricsResponse))
)]
#[get("/channels/{channel_id}/metrics")]
pub async fn channel_metrics(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
    query: ValidQuery<MetricsQuery>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(channels::metrics(&services, &member, id, &query).await?))
}

/// Enter the days of a channel kept by hand (TikTok, YouTube, or added with `manual: true`):
/// up to 366 at once, all or nothing; figures left out keep what was entered before.
#[utoipa::path(
    tag = "channels",
    params(("channel_id" = Uuid, Path, description = "The channel")),
    request_body = SetMetricsRequest,
    responses((status = 204, description = "Saved"))
)]
#[put("/channels/{channel_id}/metrics")]
pub async fn set_channel_metrics(
    services: web::Data<Services>,
    member: Member<perm::ChannelsWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<SetMetricsRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    channels::set_metrics(&services, &member, id, &body, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Spend per day and channel in `from..=to`, typed by hand or synced from ad platforms.
#[utoipa::path(
    tag = "channels",
    params(SpendQuery),
    responses((status = 200, description = "A page of spend entries", body = Page<SpendEntry>))
)]
#[get("/spend")]
pub async fn list_spend(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<SpendQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(spend::list(&services, &member, &query).await?))
}

/// Enter spend by hand: each entry replaces the day's manual amount of its channel (0 removes
/// it); synced spend is never touched. Up to 1 000 entries, all or nothing.
#[utoipa::path(
    tag = "channels",
    request_body = SetSpendRequest,
    responses((status = 204, description = "Saved"))
)]
#[put("/spend")]
pub async fn set_spend(
    services: web::Data<Services>,
    member: Member<perm::ChannelsWrite>,
    meta: Meta,
    body: ValidJson<SetSpendRequest>,
) -> ApiResult<HttpResponse> {
    spend::set(&services, &member, &body, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// ROI, ROAS, CAC and cost per lead per channel over `from..=to`: spend against the orders and
/// leads attributed to each channel by source and UTM.
#[utoipa::path(
    tag = "channels",
    params(MetricsQuery),
    responses((status = 200, description = "Return per channel", body = SpendSummary))
)]
#[get("/spend/summary")]
pub async fn spend_summary(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<MetricsQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(spend::summary(&services, &member, &query).await?))
}

/// Every sync attempt, newest first: trigger, status, requests, throttling, rows written, and
/// whether it was the last (dead-lettered) attempt.
#[utoipa::path(
    tag = "channels",
    params(SyncRunQuery),
    responses((status = 200, description = "A page of sync runs", body = Page<SyncRunResponse>))
)]
#[get("/sync-runs")]
pub async fn list_sync_runs(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<SyncRunQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(sync::runs(&services, &member, &query).await?))
}

/// The sync health panel: per channel its last run and the last 24 hours' runs, failures,
/// throttling and rows written; and how many sync jobs were dead-lettered.
#[utoipa::path(
    tag = "channels",
    responses((status = 200, description = "Sync health", body = SyncHealthResponse))
)]
#[get("/sync-runs/health")]
pub async fn sync_health(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(sync::health(&services, &member).await?))
}

/// Where Meta and Google send the browser after consent. It checks the single-use `state`,
/// keeps the granted tokens encrypted, queues the first sync and redirects to the app's
/// channels page (`?connected=<id>`, or `?oauth_error=<code>`).
#[utoipa::path(
    tag = "channels",
    params(OAuthCallbackQuery),
    responses((status = 302, description = "Back to the app"))
)]
#[get("/callback")]
pub async fn oauth_callback(
    services: web::Data<Services>,
    meta: Meta,
    query: ValidQuery<OAuthCallbackQuery>,
) -> HttpResponse {
    let outcome = oauth::callback(&services, &query, &meta.0).await;
    HttpResponse::Found()
        .insert_header(("Location", outcome.location))
        .insert_header(("Cache-Control", "no-store"))
        .finish()
}
