//! Marketing channels (SPEC §3): connect, edit, pause and remove them; their cards, daily
//! metrics and return; spend; OAuth; the hourly sync and its log.

pub mod oauth;
pub mod providers;
pub mod spend;
pub mod sync;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use contract::channels::*;
use contract::pagination::{Page, PageQuery};
use domain::activity::{ActivityAction, entity};
use domain::channels::{Access, Channel, ChannelStatus, SyncStatus};
use domain::permissions::Permission;
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::channels::{ChannelRow, NewChannel, TrendPoint};
use store::sales::stats::ChannelSums;
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Changes, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::sales::{business_day, duplicate, period};
use crate::{businesses, pagination};

/// Days a channel's card covers.
const CARD_DAYS: i64 = 30;
const UNIQUE: &[(&str, &str)] = &[("channels_account", "external_id")];

/// A channel's tokens, kept encrypted in `channels.credentials`.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Credentials {
    pub access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for Credentials {
    // Tokens never reach a log, even through a debug print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials { .. }")
    }
}

impl Credentials {
    pub(crate) fn seal(&self, services: &Services) -> ServiceResult<Vec<u8>> {
        let plain = serde_json::to_vec(self).map_err(anyhow::Error::from)?;
        Ok(services.keys.encrypt(&plain)?)
    }

    pub(crate) fn open(services: &Services, sealed: &[u8]) -> ServiceResult<Self> {
        let plain = services.keys.decrypt(sealed)?;
        Ok(serde_json::from_slice(&plain).map_err(anyhow::Error::from)?)
    }
}

fn access_name(kind: Channel) -> &'static str {
    match kind.access() {
        Some(Access::OAuth(_)) => "oauth",
        Some(Access::Bot) => "bot",
        _ => "manual",
    }
}

pub(crate) fn status_of(row: &ChannelRow) -> ChannelStatus {
    ChannelStatus::parse(&row.status).unwrap_or(ChannelStatus::Manual)
}

/// Revenue, leads and spend of a channel kind turned into its return figures.
pub(crate) fn returns(sums: Option<&ChannelSums>) -> ChannelReturn {
    let Some(s) = sums else {
        return ChannelReturn::default();
    };
    ChannelReturn {
        spend: s.spend,
        revenue: s.revenue,
        orders: s.orders,
        leads: s.leads,
        new_customers: s.new_customers,
        roi_percent: domain::sales::roi_percent(s.revenue, s.spend),
        roas: domain::sales::roas(s.revenue, s.spend),
        cac: domain::sales::cac(s.spend, s.new_customers),
        cost_per_lead: domain::sales::cost_per_lead(s.spend, s.leads),
    }
}

fn card(points: &[&TrendPoint], sums: Option<&ChannelSums>) -> ChannelCard {
    let sum = |f: fn(&TrendPoint) -> Option<i64>| -> Option<i64> {
        points.iter().filter_map(|p| f(p)).reduce(|a, b| a + b)
    };
    let followers: Vec<i64> = points.iter().filter_map(|p| p.followers).collect();
    let (views, reach, clicks) = (sum(|p| p.views), sum(|p| p.reach), sum(|p| p.clicks));
    // The trend shows what the channel reports: views, else reach, else clicks.
    let pick: fn(&TrendPoint) -> Option<i64> = if views.is_some() {
        |p| p.views
    } else if reach.is_some() {
        |p| p.reach
    } else {
        |p| p.clicks
    };
    ChannelCard {
        followers: followers.last().copied(),
        followers_change: match (followers.first(), followers.last()) {
            (Some(first), Some(last)) if followers.len() > 1 => Some(last - first),
            _ => None,
        },
        reach,
        views,
        clicks,
        trend: points.iter().map(|p| pick(p).unwrap_or(0)).collect(),
        returns: returns(sums),
    }
}

fn response(row: ChannelRow, card: ChannelCard) -> ChannelResponse {
    ChannelResponse {
        id: row.id,
        kind: row.kind,
        status: status_of(&row),
        access: access_name(row.kind).into(),
        authorized: row.credentials.is_some() || row.kind.access() == Some(Access::Bot),
        name: row.name,
        external_id: row.external_id,
        token_expires_at: row.token_expires_at,
        last_sync_at: row.last_sync_at,
        last_sync_status: row.last_sync_status.as_deref().and_then(SyncStatus::parse),
        last_error: row.last_error,
        card,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// The cards of `rows`: their trends and the return of their kinds over the last 30 days, in
/// two queries whatever the number of channels.
async fn with_cards(
    services: &Services,
    business_id: Uuid,
    timezone: &str,
    rows: Vec<ChannelRow>,
) -> ServiceResult<Vec<ChannelResponse>> {
    let to = business_day(timezone, services.now());
    let from = to - Duration::days(CARD_DAYS - 1);
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let (points, sums) = tokio::try_join!(
        store::channels::trends(&services.db, business_id, &ids, from, to),
        store::sales::stats::by_channel(&services.db, business_id, from, to),
    )?;
    let mut by_channel: HashMap<Uuid, Vec<&TrendPoint>> = HashMap::new();
    for point in &points {
        by_channel.entry(point.channel_id).or_default().push(point);
    }
    let sums: HashMap<Channel, &ChannelSums> = sums.iter().map(|s| (s.channel, s)).collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let points = by_channel.remove(&row.id).unwrap_or_default();
            let card = card(&points, sums.get(&row.kind).copied());
            response(row, card)
        })
        .collect())
}

pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &PageQuery,
) -> ServiceResult<Page<ChannelResponse>> {
    access.require(Permission::BusinessRead)?;
    let limit = contract::pagination::page_size(query.limit);
    let after = pagination::decode(query.cursor.as_deref())?;
    let (business, paged) = tokio::try_join!(businesses::row(&services.db, access), async {
        Ok(store::channels::list(&services.db, access.business_id, after, limit).await?)
    })?;
    let next = paged.next.as_ref().map(pagination::encode);
    let items = with_cards(
        services,
        access.business_id,
        &business.timezone,
        paged.items,
    )
    .await?;
    Ok(Page {
        items,
        next_cursor: next,
    })
}

pub(crate) async fn find(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<ChannelRow> {
    store::channels::find(&services.db, access.business_id, id, false)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn get(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<ChannelResponse> {
    access.require(Permission::BusinessRead)?;
    let (business, row) = tokio::try_join!(
        businesses::row(&services.db, access),
        find(services, access, id)
    )?;
    let mut cards = with_cards(services, access.business_id, &business.timezone, vec![row]).await?;
    cards.pop().ok_or(ServiceError::NotFound)
}

/// The account id as the provider knows it: a Telegram channel's `@name` (or `-100…` id).
fn normalize_account(kind: Channel, external_id: Option<&str>) -> Option<String> {
    let id = external_id?.trim();
    if kind == Channel::Telegram && !id.starts_with('@') && !id.starts_with('-') {
        let name = id
            .trim_start_matches("https://")
            .trim_start_matches("t.me/")
            .trim_start_matches('@');
        return Some(format!("@{name}"));
    }
    Some(id.to_owned())
}

pub async fn create(
    services: &Services,
    access: &BusinessAccess,
    request: &CreateChannelRequest,
    meta: &RequestMeta,
) -> ServiceResult<ChannelResponse> {
    access.require(Permission::ChannelsWrite)?;
    let Some(how) = request.kind.access() else {
        return Err(ServiceError::field(
            "kind",
            "not_a_channel",
            "is a source of sales, not a marketing channel (use instagram, facebook, telegram, google_ads, website, tiktok or youtube)",
        ));
    };
    let external_id = normalize_account(request.kind, request.external_id.as_deref());
    let status = match how {
        Access::Manual => ChannelStatus::Manual,
        _ if request.manual => ChannelStatus::Manual,
        Access::Bot => {
            let Some(chat) = external_id.as_deref() else {
                return Err(ServiceError::field(
                    "external_id",
                    "required",
                    "is required for Telegram: the channel's @username or id",
                ));
            };
            sync::check_telegram_chat(services, chat).await?;
            ChannelStatus::Connected
        }
        // Connected once a person grants access through `…/authorize`.
        Access::OAuth(_) => {
            if external_id.is_none() {
                return Err(ServiceError::field(
                    "external_id",
                    "required",
                    "is required for a synced channel: the account id at the provider (or send `manual: true`)",
                ));
            }
            ChannelStatus::Reconnect
        }
    };
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let row = store::channels::insert(
        &mut *tx,
        access.business_id,
        &NewChannel {
            id: Uuid::now_v7(),
            kind: request.kind,
            name: request.name.trim().to_owned(),
            external_id,
            status: status.as_str(),
            credentials: None,
            token_expires_at: None,
            created_by: access.actor.user_id(),
        },
    )
    .await
    .map_err(|e| duplicate(e, UNIQUE))?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::CHANNEL, Some(row.id))
            .with(json!({ "kind": row.kind.as_str(), "name": row.name })),
    )
    .await?;
    if status == ChannelStatus::Connected {
        sync::enqueue_first(&mut tx, services, &row).await?;
    }
    tx.commit().await?;
    let mut cards = with_cards(services, access.business_id, &business.timezone, vec![row]).await?;
    cards.pop().ok_or(ServiceError::NotFound)
}

pub async fn update(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &UpdateChannelRequest,
    meta: &RequestMeta,
) -> ServiceResult<ChannelResponse> {
    access.require(Permission::ChannelsWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let before = store::channels::find(&mut *tx, access.business_id, id, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let name = request
        .name
        .as_deref()
        .map_or(before.name.clone(), |n| n.trim().to_owned());
    let external_id = match &request.external_id {
        Some(_) => normalize_account(before.kind, request.external_id.as_deref()),
        None => before.external_id.clone(),
    };
    let was = status_of(&before);
    let status = match (request.paused, was) {
        (Some(true), ChannelStatus::Connected | ChannelStatus::Reconnect) => ChannelStatus::Paused,
        (Some(true), other) if other != ChannelStatus::Paused => {
            return Err(ServiceError::field(
                "paused",
                "not_synced",
                "only a synced channel can be paused",
            ));
        }
        // A resumed OAuth channel without tokens still needs authorising.
        (Some(false), ChannelStatus::Paused) => {
            if before.credentials.is_some() || before.kind.access() == Some(Access::Bot) {
                ChannelStatus::Connected
            } else {
                ChannelStatus::Reconnect
            }
        }
        _ => was,
    };
    if before.kind == Channel::Telegram
        && external_id != before.external_id
        && let Some(chat) = external_id.as_deref()
    {
        sync::check_telegram_chat(services, chat).await?;
    }
    let after = store::channels::update(
        &mut *tx,
        access.business_id,
        id,
        &name,
        external_id.as_deref(),
        status.as_str(),
    )
    .await
    .map_err(|e| duplicate(e, UNIQUE))?
    .ok_or(ServiceError::NotFound)?;
    let diff = Changes::default()
        .field("name", &before.name, &after.name)
        .field("external_id", &before.external_id, &after.external_id)
        .field("status", &before.status, &after.status);
    activity::record_update(
        &mut tx,
        services,
        access,
        meta,
        entity::CHANNEL,
        Some(id),
        diff,
    )
    .await?;
    tx.commit().await?;
    let mut cards = with_cards(
        services,
        access.business_id,
        &business.timezone,
        vec![after],
    )
    .await?;
    cards.pop().ok_or(ServiceError::NotFound)
}

/// Removes a channel with its metrics and sync log; spend it synced stays in the sales
/// history under the channel's kind.
pub async fn delete(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::ChannelsWrite)?;
    activity::delete_owned(
        services,
        access,
        meta,
        store::owned::Owned::Channel,
        entity::CHANNEL,
        id,
    )
    .await
}

/// Days of a channel with the return of its kind, and for Telegram the best time to post.
pub async fn metrics(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    query: &MetricsQuery,
) -> ServiceResult<ChannelMetricsResponse> {
    access.require(Permission::BusinessRead)?;
    let (business, row) = tokio::try_join!(
        businesses::row(&services.db, access),
        find(services, access, id)
    )?;
    let today = business_day(&business.timezone, services.now());
    let (from, to) = period(query.from, query.to, today)?;
    let (days, sums) = tokio::try_join!(
        store::channels::metrics(&services.db, access.business_id, id, from, to),
        store::sales::stats::by_channel(&services.db, access.business_id, from, to),
    )?;
    let best_time = if row.kind == Channel::Telegram {
        Some(best_time(services, access.business_id, &row, &business.timezone).await?)
    } else {
        None
    };
    Ok(ChannelMetricsResponse {
        channel_id: id,
        from,
        to,
        currency: business.currency,
        days: days.iter().map(metrics_day).collect(),
        returns: returns(sums.iter().find(|s| s.channel == row.kind)),
        best_time,
    })
}

/// Days of a channel kept by hand, all or nothing.
pub async fn set_metrics(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &SetMetricsRequest,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::ChannelsWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let channel = store::channels::find(&mut *tx, access.business_id, id, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if status_of(&channel) != ChannelStatus::Manual {
        return Err(ServiceError::Conflict {
            code: "synced_channel",
            message: "this channel's numbers come from its provider; only channels kept by hand take them".into(),
            field: None,
        });
    }
    let tomorrow = business_day(&business.timezone, services.now()) + Duration::days(1);
    if let Some(i) = request.days.iter().position(|d| d.day > tomorrow) {
        return Err(ServiceError::field(
            format!("days[{i}].day"),
            "in_future",
            "must not be in the future",
        ));
    }
    let days: Vec<store::channels::MetricsDay> = request
        .days
        .iter()
        .map(|d| store::channels::MetricsDay {
            day: d.day,
            followers: d.followers,
            reach: d.reach,
            views: d.views,
            engagement: d.engagement,
            posts: d.posts,
            profile_visits: d.profile_visits,
            clicks: d.clicks,
            spend: None,
            conversions: d.conversions,
        })
        .collect();
    let written = store::channels::upsert_metrics(&mut *tx, access.business_id, id, &days).await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Updated, entity::CHANNEL, Some(id))
            .with(json!({ "metrics_days": days.len(), "rows_written": written })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn metrics_day(d: &store::channels::MetricsDay) -> MetricsDay {
    MetricsDay {
        day: d.day,
        followers: d.followers,
        reach: d.reach,
        views: d.views,
        engagement: d.engagement,
        posts: d.posts,
        profile_visits: d.profile_visits,
        clicks: d.clicks,
        spend: d.spend,
        conversions: d.conversions,
    }
}

/// Posts of the last 90 days by hour of the week in the business's time zone.
async fn best_time(
    services: &Services,
    business_id: Uuid,
    row: &ChannelRow,
    timezone: &str,
) -> ServiceResult<BestTime> {
    let since = services.now() - Duration::days(90);
    let cells =
        store::channels::views_by_hour(&services.db, business_id, row.id, timezone, since).await?;
    let hours: Vec<PostingHour> = cells
        .into_iter()
        .map(|c| PostingHour {
            weekday: c.weekday,
            hour: c.hour,
            posts: c.posts,
            average_views: c.average_views,
        })
        .collect();
    let best = hours
        .iter()
        .copied()
        .max_by(|a, b| a.average_views.total_cmp(&b.average_views));
    let note = hours.is_empty().then(|| {
        if row.external_id.as_deref().is_some_and(|id| id.starts_with('@')) {
            "No posts with views yet: they appear after the next sync.".to_owned()
        } else {
            "Telegram publishes post views only for public channels (with a @username); a private channel has no heat map.".to_owned()
        }
    });
    Ok(BestTime { hours, best, note })
}

/// The first day a sync fills: a new channel backfills `CARD_DAYS`.
pub(crate) fn first_day(today: NaiveDate) -> NaiveDate {
    today - Duration::days(CARD_DAYS - 1)
}
