//! Syncing channels: the hourly round (one job that enqueues a sync job per connected
//! channel, deduplicated per channel and hour), "sync now", and the sync of one channel —
//! tokens refreshed before they expire, the provider's days fetched incrementally, written
//! idempotently, every attempt logged in `sync_runs`.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use contract::channels::{
    SyncHealthResponse, SyncHealthRow, SyncQueued, SyncRunQuery, SyncRunResponse,
};
use contract::pagination::Page;
use domain::channels::{Channel, ChannelStatus, Provider, SyncStatus};
use domain::permissions::Permission;
use integrations::http::ProviderError;
use serde_json::json;
use store::channels::{ChannelRow, MetricsDay, NewSyncRun, PostViews, RunEnd, SyncRunRow};
use uuid::Uuid;

use super::providers::Meter;
use super::{Credentials, first_day, status_of};
use crate::Services;
use crate::auth::BusinessAccess;
use crate::error::{ServiceError, ServiceResult};
use crate::jobs::{self, Enqueue, Job, JobError, JobFuture, JobResult};
use crate::pagination;
use crate::sales::business_day;

/// The job that syncs one channel.
pub const SYNC_JOB: &str = "channels.sync";
/// The job of the hourly round, which enqueues one [`SYNC_JOB`] per connected channel.
pub const ROUND_JOB: &str = "channels.round";
/// Channels enqueued per statement by the round.
const ROUND_BATCH: i64 = 1_000;
/// Days re-read on every sync: insights arrive up to 48 hours late.
const RESYNC_DAYS: i64 = 3;
/// Meta's long-lived tokens are extended when they have less than this left.
const META_REFRESH_BEFORE: i64 = 7 * 24;
/// Google's hour-long access tokens are refreshed when they have less than this left.
const GOOGLE_REFRESH_BEFORE_MINUTES: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Schedule,
    Manual,
}

impl Trigger {
    fn as_str(self) -> &'static str {
        match self {
            Trigger::Schedule => "schedule",
            Trigger::Manual => "manual",
        }
    }
}

fn lane(kind: Channel) -> &'static str {
    kind.provider().map_or(jobs::SYSTEM_LANE, Provider::as_str)
}

fn sync_job(
    id: Uuid,
    business_id: Uuid,
    kind: Channel,
    key: String,
    trigger: Trigger,
    at: DateTime<Utc>,
) -> Enqueue {
    Enqueue {
        kind: SYNC_JOB,
        lane: lane(kind),
        dedupe_key: key,
        business_id: Some(business_id),
        payload: json!({ "channel_id": id, "trigger": trigger.as_str() }),
        run_after: at,
    }
}

/// The key that makes "sync now" one job per channel and minute, however often it is pressed.
fn manual_key(channel_id: Uuid, at: DateTime<Utc>) -> String {
    format!(
        "{SYNC_JOB}:{channel_id}:now:{}",
        at.format("%Y-%m-%dT%H:%M")
    )
}

/// Queues the first sync of a channel that was just connected (or reconnected).
pub(crate) async fn enqueue_first(
    conn: &mut store::PgConnection,
    services: &Services,
    row: &ChannelRow,
) -> ServiceResult<()> {
    let key = format!("{SYNC_JOB}:{}:connected:{}", row.id, Uuid::now_v7());
    enqueue_keyed(conn, services, row, key).await
}

async fn enqueue_keyed(
    conn: &mut store::PgConnection,
    services: &Services,
    row: &ChannelRow,
    key: String,
) -> ServiceResult<()> {
    let trigger = Trigger::Manual;
    let now = services.now();
    jobs::enqueue(
        &mut *conn,
        vec![sync_job(
            row.id,
            row.business_id,
            row.kind,
            key,
            trigger,
            now,
        )],
    )
    .await?;
    Ok(())
}

/// "Sync now": queues a sync of a connected channel and says which job runs it.
pub async fn request(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<SyncQueued> {
    access.require(Permission::ChannelsWrite)?;
    let row = super::find(services, access, id).await?;
    match status_of(&row) {
        ChannelStatus::Connected => {}
        ChannelStatus::Reconnect => {
            return Err(ServiceError::Conflict {
                code: "reconnect_needed",
                message:
                    "access to this channel was revoked or never granted: authorise it again first"
                        .into(),
                field: None,
            });
        }
        ChannelStatus::Paused => {
            return Err(ServiceError::Conflict {
                code: "channel_paused",
                message: "the channel is paused: resume it to sync".into(),
                field: None,
            });
        }
        ChannelStatus::Manual => {
            return Err(ServiceError::Conflict {
                code: "manual_channel",
                message: "this channel's numbers are entered by hand; it has nothing to sync"
                    .into(),
                field: None,
            });
        }
    }
    let mut conn = services.db.acquire().await?;
    let key = manual_key(row.id, services.now());
    enqueue_keyed(&mut conn, services, &row, key.clone()).await?;
    let job = store::jobs::find_by_key(&mut *conn, &key)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the sync job {key} vanished"))?;
    Ok(SyncQueued {
        job_id: job.id,
        status: job.status,
    })
}

/// The hourly round's job: a sync job for every connected channel, keyed by channel and hour
/// so that a round that runs twice (after a crash, or on two workers) adds nothing.
pub async fn enqueue_round(services: &Services) -> ServiceResult<u64> {
    let now = services.now();
    let hour = now.format("%Y-%m-%dT%H").to_string();
    let mut after = None;
    let mut added = 0;
    loop {
        let batch = store::channels::connected(&services.db, after, ROUND_BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        let jobs = batch
            .iter()
            .map(|c| {
                let key = format!("{SYNC_JOB}:{}:{hour}", c.id);
                sync_job(c.id, c.business_id, c.kind, key, Trigger::Schedule, now)
            })
            .collect();
        added += jobs::enqueue(&services.db, jobs).await?;
    }
    tracing::info!(added, "channel sync round enqueued");
    Ok(added)
}

pub fn round_handler(services: Services, _job: Job) -> JobFuture {
    Box::pin(async move {
        enqueue_round(&services)
            .await
            .map(drop)
            .map_err(|error| JobError::Retry {
                error: error.to_string(),
                retry_after: None,
            })
    })
}

pub fn sync_handler(services: Services, job: Job) -> JobFuture {
    Box::pin(async move { run_job(&services, &job).await })
}

/// What a provider gave for a channel.
#[derive(Default)]
struct Fetched {
    days: BTreeMap<NaiveDate, MetricsDay>,
    posts: Vec<PostViews>,
    spend: Vec<(NaiveDate, i64)>,
    /// New tokens to keep, with their expiry.
    credentials: Option<(Credentials, Option<DateTime<Utc>>)>,
}

impl Fetched {
    fn day(&mut self, day: NaiveDate) -> &mut MetricsDay {
        self.days.entry(day).or_insert_with(|| MetricsDay {
            day,
            ..MetricsDay::default()
        })
    }
}

/// A failed sync, with what it means for the run, the channel and the job.
struct Failure {
    status: SyncStatus,
    error: String,
    retry: Option<Option<std::time::Duration>>,
}

impl From<ProviderError> for Failure {
    fn from(error: ProviderError) -> Self {
        let status = match &error {
            ProviderError::Throttled { .. } => SyncStatus::Throttled,
            ProviderError::Unauthorized(_) => SyncStatus::Reconnect,
            _ => SyncStatus::Failed,
        };
        Failure {
            status,
            retry: error.is_retryable().then(|| error.retry_after()),
            error: error.to_string(),
        }
    }
}

impl From<ServiceError> for Failure {
    fn from(error: ServiceError) -> Self {
        Failure {
            status: SyncStatus::Failed,
            error: error.to_string(),
            retry: Some(None),
        }
    }
}

fn not_configured(provider: &str) -> Failure {
    Failure {
        status: SyncStatus::Failed,
        error: format!("{provider} is not configured on this server"),
        retry: None,
    }
}

/// Syncs the channel a job names; every attempt leaves a row in `sync_runs`.
pub async fn run_job(services: &Services, job: &Job) -> JobResult {
    // Our own database failing is worth another attempt.
    let retry_later = |e: ServiceError| JobError::Retry {
        error: e.to_string(),
        retry_after: None,
    };
    let (Some(business_id), Some(channel_id)) = (
        job.business_id,
        job.payload["channel_id"]
            .as_str()
            .and_then(|id| id.parse::<Uuid>().ok()),
    ) else {
        return Err(JobError::Fatal(
            "a sync job without business or channel".into(),
        ));
    };
    let trigger = match job.payload["trigger"].as_str() {
        Some("manual") => Trigger::Manual,
        _ => Trigger::Schedule,
    };
    let db = &services.db;
    let (channel, business) = tokio::try_join!(
        store::channels::find(db, business_id, channel_id, false),
        store::businesses::find(db, business_id),
    )
    .map_err(|e| retry_later(e.into()))?;
    // Removed, paused or disconnected since the job was queued: nothing to do.
    let (Some(channel), Some(business)) = (channel, business) else {
        return Ok(());
    };
    if status_of(&channel) != ChannelStatus::Connected {
        return Ok(());
    }
    // An earlier attempt whose worker died left its run open: close it as what it was.
    store::channels::close_abandoned_runs(db, business_id, job.id, services.now())
        .await
        .map_err(|e| retry_later(e.into()))?;
    let run_id = Uuid::now_v7();
    store::channels::start_run(
        db,
        business_id,
        &NewSyncRun {
            id: run_id,
            channel_id,
            job_id: Some(job.id),
            attempt: job.attempt,
            trigger: trigger.as_str(),
            started_at: services.now(),
        },
    )
    .await
    .map_err(|e| retry_later(e.into()))?;
    let today = business_day(&business.timezone, services.now());
    let from = match channel.last_sync_at {
        Some(last) => business_day(&business.timezone, last) - Duration::days(RESYNC_DAYS - 1),
        None => first_day(today),
    }
    .max(first_day(today))
    .min(today);
    let mut meter = Meter::default();
    let fetched = fetch(
        services,
        &channel,
        &business.timezone,
        from,
        today,
        &mut meter,
    )
    .await;
    let written = match fetched {
        Ok(fetched) => write(services, &channel, fetched, run_id, meter).await,
        Err(failure) => Err(failure),
    };
    match written {
        Ok(()) => Ok(()),
        Err(failure) => {
            let last = failure.retry.is_none() || job.is_last_attempt();
            let end = RunEnd {
                status: failure.status.as_str(),
                r#final: last,
                requests: meter.requests,
                throttled: meter.throttled,
                rows_written: 0,
                error: Some(&failure.error),
            };
            let now = services.now();
            let recorded = async {
                let mut tx = db.begin().await?;
                store::channels::finish_run(&mut *tx, business_id, run_id, &end, now).await?;
                store::channels::record_sync(
                    &mut *tx,
                    business_id,
                    channel_id,
                    failure.status.as_str(),
                    Some(&failure.error),
                    now,
                )
                .await?;
                tx.commit().await?;
                ServiceResult::Ok(())
            };
            recorded.await.map_err(retry_later)?;
            Err(match failure.retry {
                Some(retry_after) => JobError::Retry {
                    error: failure.error,
                    retry_after,
                },
                None => JobError::Fatal(failure.error),
            })
        }
    }
}

/// Writes a successful sync in one transaction: days, posts, spend, tokens, the run, the
/// channel's state.
async fn write(
    services: &Services,
    channel: &ChannelRow,
    fetched: Fetched,
    run_id: Uuid,
    meter: Meter,
) -> Result<(), Failure> {
    let (business_id, id) = (channel.business_id, channel.id);
    let days: Vec<MetricsDay> = fetched.days.into_values().collect();
    let sealed = match (&fetched.credentials, &channel.credentials) {
        (Some((credentials, expires)), _) => Some((credentials.seal(services)?, *expires)),
        // Tokens sealed with a retired key move to the current one on the next good sync.
        (None, Some(stored)) if services.keys.is_sealed_with_old_key(stored) => Some((
            Credentials::open(services, stored)?.seal(services)?,
            channel.token_expires_at,
        )),
        (None, _) => None,
    };
    let write = async {
        let mut tx = services.db.begin().await?;
        let mut rows = store::channels::upsert_metrics(&mut *tx, business_id, id, &days).await?;
        rows += store::channels::upsert_posts(&mut *tx, business_id, id, &fetched.posts).await?;
        rows += store::channels::set_synced_spend(
            &mut *tx,
            business_id,
            channel.kind,
            id,
            &fetched.spend,
        )
        .await?;
        if let Some((sealed, expires)) = &sealed {
            store::channels::set_credentials(&mut *tx, business_id, id, sealed, *expires, None)
                .await?;
        }
        let now = services.now();
        let end = RunEnd {
            status: SyncStatus::Ok.as_str(),
            r#final: false,
            requests: meter.requests,
            throttled: meter.throttled,
            rows_written: i32::try_from(rows).unwrap_or(i32::MAX),
            error: None,
        };
        store::channels::finish_run(&mut *tx, business_id, run_id, &end, now).await?;
        store::channels::record_sync(
            &mut *tx,
            business_id,
            id,
            SyncStatus::Ok.as_str(),
            None,
            now,
        )
        .await?;
        tx.commit().await?;
        ServiceResult::Ok(())
    };
    Ok(write.await?)
}

fn credentials(services: &Services, channel: &ChannelRow) -> Result<Credentials, Failure> {
    let Some(sealed) = &channel.credentials else {
        return Err(Failure {
            status: SyncStatus::Reconnect,
            error: "access was never granted: authorise the channel".into(),
            retry: None,
        });
    };
    Credentials::open(services, sealed).map_err(|error| Failure {
        status: SyncStatus::Reconnect,
        // An unknown key (rotated away) or a damaged value: a new grant fixes both.
        error: format!("stored access cannot be read ({error}): authorise the channel again"),
        retry: None,
    })
}

fn account(channel: &ChannelRow) -> Result<&str, Failure> {
    channel.external_id.as_deref().ok_or_else(|| Failure {
        status: SyncStatus::Failed,
        error: "the channel names no account id".into(),
        retry: None,
    })
}

async fn fetch(
    services: &Services,
    channel: &ChannelRow,
    timezone: &str,
    from: NaiveDate,
    to: NaiveDate,
    meter: &mut Meter,
) -> Result<Fetched, Failure> {
    let providers = &services.providers;
    let mut fetched = Fetched::default();
    match channel.kind {
        Channel::Telegram => {
            let client = providers
                .telegram
                .as_ref()
                .ok_or_else(|| not_configured("Telegram"))?;
            let chat = account(channel)?;
            let followers = providers
                .call(Provider::Telegram, meter, client.member_count(chat))
                .await?;
            fetched.day(to).followers = Some(followers);
            // Views per post come from the public preview, which only public channels have.
            if chat.starts_with('@') {
                let posts = providers
                    .call(Provider::Telegram, meter, client.recent_posts(chat))
                    .await?;
                let oldest = posts
                    .iter()
                    .map(|p| business_day(timezone, p.posted_at))
                    .min();
                // Days before the oldest post shown may have more posts than the preview holds.
                if let Some(oldest) = oldest {
                    for day in oldest
                        .succ_opt()
                        .unwrap_or(oldest)
                        .iter_days()
                        .take_while(|d| *d <= to)
                    {
                        let entry = fetched.day(day);
                        entry.posts = Some(0);
                        entry.views = Some(0);
                    }
                }
                for post in &posts {
                    let day = business_day(timezone, post.posted_at);
                    if oldest.is_some_and(|oldest| day > oldest) {
                        let entry = fetched.day(day);
                        entry.posts = Some(entry.posts.unwrap_or(0) + 1);
                        entry.views = Some(entry.views.unwrap_or(0) + post.views);
                    }
                }
                fetched.posts = posts
                    .into_iter()
                    .map(|p| PostViews {
                        post_id: p.id,
                        posted_at: p.posted_at,
                        views: p.views,
                    })
                    .collect();
            }
        }
        Channel::Instagram | Channel::Facebook => {
            let client = providers
                .meta
                .as_ref()
                .ok_or_else(|| not_configured("Meta"))?;
            let settings = providers
                .settings
                .meta
                .as_ref()
                .ok_or_else(|| not_configured("Meta"))?;
            let mut creds = credentials(services, channel)?;
            let expiring = channel
                .token_expires_at
                .is_some_and(|at| at < services.now() + Duration::hours(META_REFRESH_BEFORE));
            if expiring {
                let token = providers
                    .call(Provider::Meta, meter, client.extend(&creds.access_token))
                    .await?;
                creds.access_token = token.access_token;
                let expires = token
                    .expires_in
                    .map(|s| services.now() + Duration::seconds(s));
                fetched.credentials = Some((creds.clone(), expires));
            }
            let id = account(channel)?;
            let token = creds.access_token.as_str();
            if channel.kind == Channel::Instagram {
                let profile = providers
                    .call(Provider::Meta, meter, client.instagram_profile(id, token))
                    .await?;
                fetched.day(to).followers = profile.followers_count;
                let series = providers
                    .call(
                        Provider::Meta,
                        meter,
                        client.instagram_insights(id, token, &settings.instagram_metrics, from, to),
                    )
                    .await?;
                for s in series {
                    for (day, value) in s.days {
                        let entry = fetched.day(day);
                        match s.name.as_str() {
                            "reach" => entry.reach = Some(value),
                            "views" => entry.views = Some(value),
                            "accounts_engaged" | "total_interactions" => {
                                entry.engagement = Some(value)
                            }
                            "profile_views" => entry.profile_visits = Some(value),
                            _ => {}
                        }
                    }
                }
            } else {
                let page = providers
                    .call(Provider::Meta, meter, client.page(id, token))
                    .await?;
                fetched.day(to).followers = page.followers_count;
                let series = providers
                    .call(
                        Provider::Meta,
                        meter,
                        client.page_insights(id, token, &settings.page_metrics, from, to),
                    )
                    .await?;
                for s in series {
                    for (day, value) in s.days {
                        let entry = fetched.day(day);
                        match s.name.as_str() {
                            "page_total_media_view_unique" => entry.reach = Some(value),
                            "page_media_view" => entry.views = Some(value),
                            "page_post_engagements" => entry.engagement = Some(value),
                            "page_views_total" => entry.profile_visits = Some(value),
                            _ => {}
                        }
                    }
                }
            }
        }
        Channel::GoogleAds | Channel::Website => {
            let oauth = providers
                .google
                .as_ref()
                .ok_or_else(|| not_configured("Google"))?;
            let mut creds = credentials(services, channel)?;
            let stale = channel.token_expires_at.is_none_or(|at| {
                at < services.now() + Duration::minutes(GOOGLE_REFRESH_BEFORE_MINUTES)
            });
            if stale {
                let refresh = creds.refresh_token.clone().ok_or_else(|| Failure {
                    status: SyncStatus::Reconnect,
                    error: "Google gave no refresh token: authorise the channel again".into(),
                    retry: None,
                })?;
                let tokens = providers
                    .call(Provider::Google, meter, oauth.refresh(&refresh))
                    .await?;
                creds.access_token = tokens.access_token;
                if let Some(rotated) = tokens.refresh_token {
                    creds.refresh_token = Some(rotated);
                }
                let expires = services.now() + Duration::seconds(tokens.expires_in);
                fetched.credentials = Some((creds.clone(), Some(expires)));
            }
            let id = account(channel)?;
            if channel.kind == Channel::GoogleAds {
                let ads = providers
                    .ads
                    .as_ref()
                    .ok_or_else(|| not_configured("Google Ads"))?;
                let days = providers
                    .call(
                        Provider::Google,
                        meter,
                        ads.daily(id, &creds.access_token, from, to),
                    )
                    .await?;
                for (day, totals) in days {
                    // Micros of the account's currency to its minor units (1/100).
                    let spend = totals.cost_micros / 10_000;
                    let entry = fetched.day(day);
                    entry.views = Some(totals.impressions);
                    entry.clicks = Some(totals.clicks);
                    entry.spend = Some(spend);
                    entry.conversions = Some(totals.conversions);
                    fetched.spend.push((day, spend));
                }
            } else {
                let ga4 = providers
                    .ga4
                    .as_ref()
                    .ok_or_else(|| not_configured("Google Analytics"))?;
                let days = providers
                    .call(
                        Provider::Google,
                        meter,
                        ga4.daily(id, &creds.access_token, from, to),
                    )
                    .await?;
                for (day, site) in days {
                    let entry = fetched.day(day);
                    entry.reach = Some(site.users);
                    entry.views = Some(site.page_views);
                    entry.profile_visits = Some(site.sessions);
                    entry.conversions = Some(site.key_events);
                }
            }
        }
        Channel::Tiktok
        | Channel::Youtube
        | Channel::Offline
        | Channel::Referral
        | Channel::Other => {
            return Err(Failure {
                status: SyncStatus::Failed,
                error: "this channel has no API to sync from".into(),
                retry: None,
            });
        }
    }
    Ok(fetched)
}

/// Checks that our bot can read a Telegram channel before it is saved.
pub(crate) async fn check_telegram_chat(services: &Services, chat: &str) -> ServiceResult<()> {
    let Some(client) = services.providers.telegram.as_ref() else {
        return Err(ServiceError::Unprocessable {
            code: "provider_not_configured",
            message: "Telegram is not configured on this server (TELEGRAM_BOT_TOKEN)".into(),
        });
    };
    let mut meter = Meter::default();
    match services
        .providers
        .call(Provider::Telegram, &mut meter, client.get_chat(chat))
        .await
    {
        Ok(_) => Ok(()),
        Err(ProviderError::NotFound(_)) => Err(ServiceError::field(
            "external_id",
            "chat_not_found",
            "Telegram knows no channel by this name: check the @username",
        )),
        Err(ProviderError::Forbidden(_)) | Err(ProviderError::Rejected(_)) => {
            Err(ServiceError::field(
                "external_id",
                "bot_not_admin",
                "add our bot to the channel as an administrator, then try again",
            ))
        }
        Err(error) => Err(ServiceError::Unprocessable {
            code: "provider_unavailable",
            message: format!("Telegram did not answer as expected, try again shortly: {error}"),
        }),
    }
}

// ---- the sync log ---------------------------------------------------------------------------

fn run_response(row: SyncRunRow) -> SyncRunResponse {
    SyncRunResponse {
        id: row.id,
        channel_id: row.channel_id,
        job_id: row.job_id,
        attempt: row.attempt,
        trigger: row.trigger,
        status: SyncStatus::parse(&row.status).unwrap_or(SyncStatus::Failed),
        dead_letter: row.r#final,
        started_at: row.started_at,
        finished_at: row.finished_at,
        requests: row.requests,
        throttled: row.throttled,
        rows_written: row.rows_written,
        error: row.error,
    }
}

pub async fn runs(
    services: &Services,
    access: &BusinessAccess,
    query: &SyncRunQuery,
) -> ServiceResult<Page<SyncRunResponse>> {
    access.require(Permission::BusinessRead)?;
    let limit = contract::pagination::page_size(query.limit);
    let after = pagination::decode(query.cursor.as_deref())?;
    let paged = store::channels::runs(
        &services.db,
        access.business_id,
        query.channel_id,
        query.status.map(SyncStatus::as_str),
        after,
        limit,
    )
    .await?;
    Ok(pagination::page(paged, run_response))
}

/// The sync health panel: per channel its last run and the last 24 hours' runs, failures,
/// throttling and rows written; and the dead-lettered jobs.
pub async fn health(
    services: &Services,
    access: &BusinessAccess,
) -> ServiceResult<SyncHealthResponse> {
    access.require(Permission::BusinessRead)?;
    let since = services.now() - Duration::hours(24);
    let db = &services.db;
    let id = access.business_id;
    // A business has tens of channels: the panel lists them all (bounded by the plan's limit).
    let (channels, totals, lasts, dead) = tokio::try_join!(
        store::channels::list(db, id, None, 500),
        store::channels::run_totals(db, id, since),
        store::channels::last_runs(db, id),
        store::jobs::count_for_business(db, id, SYNC_JOB, "dead"),
    )?;
    let rows = channels
        .items
        .into_iter()
        .map(|c| {
            let total = totals.iter().find(|t| t.channel_id == c.id);
            let last_run = lasts
                .iter()
                .find(|r| r.channel_id == c.id)
                .cloned()
                .map(run_response);
            SyncHealthRow {
                channel_id: c.id,
                status: status_of(&c),
                name: c.name,
                kind: c.kind,
                last_run,
                runs: total.map_or(0, |t| t.runs),
                failures: total.map_or(0, |t| t.failures),
                throttled: total.map_or(0, |t| t.throttled),
                rows_written: total.map_or(0, |t| t.rows_written),
            }
        })
        .collect();
    Ok(SyncHealthResponse {
        since,
        channels: rows,
        dead_letters: dead,
    })
}
