//! Marketing channels (migration 0006): the channels a business connects, their daily
//! metrics and posts, the runs that synced them, spend by source, and OAuth states.

use chrono::{DateTime, NaiveDate, Utc};
use domain::channels::Channel;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChannelRow {
    pub id: Uuid,
    pub business_id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: Channel,
    pub name: String,
    pub external_id: Option<String>,
    pub status: String,
    /// Encrypted; only the sync and the OAuth flow decrypt it.
    pub credentials: Option<Vec<u8>>,
    pub token_expires_at: Option<DateTime<Utc>>,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_sync_status: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

macro_rules! columns {
    () => {
        "id, business_id, kind, name, external_id, status, credentials, token_expires_at,
         last_sync_at, last_sync_status, last_error, created_at, updated_at"
    };
}

#[derive(Debug, Clone)]
pub struct NewChannel {
    pub id: Uuid,
    pub kind: Channel,
    pub name: String,
    pub external_id: Option<String>,
    pub status: &'static str,
    pub credentials: Option<Vec<u8>>,
    pub token_expires_at: Option<DateTime<Utc>>,
    pub created_by: Option<Uuid>,
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    channel: &NewChannel,
) -> StoreResult<ChannelRow> {
    let sql = concat!(
        "insert into channels (id, business_id, kind, name, external_id, status, credentials,
                               token_expires_at, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(channel.id)
        .bind(business_id)
        .bind(channel.kind.as_str())
        .bind(&channel.name)
        .bind(&channel.external_id)
        .bind(channel.status)
        .bind(&channel.credentials)
        .bind(channel.token_expires_at)
        .bind(channel.created_by)
        .fetch_one(db)
        .await?)
}

pub async fn find(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    lock: bool,
) -> StoreResult<Option<ChannelRow>> {
    let sql = if lock {
        concat!(
            "select ",
            columns!(),
            " from channels where business_id = $1 and id = $2 for update"
        )
    } else {
        concat!(
            "select ",
            columns!(),
            " from channels where business_id = $1 and id = $2"
        )
    };
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// The business's channels in the order they were added.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<ChannelRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from channels where business_id = $1 and ($2::uuid is null or id > $2)
         order by id limit $3"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &ChannelRow| row.id))
}

/// What a person can change about a channel.
pub async fn update(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    name: &str,
    external_id: Option<&str>,
    status: &str,
) -> StoreResult<Option<ChannelRow>> {
    let sql = concat!(
        "update channels set name = $3, external_id = $4, status = $5
         where business_id = $1 and id = $2 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .bind(name)
        .bind(external_id)
        .bind(status)
        .fetch_optional(db)
        .await?)
}

/// New tokens (after an OAuth grant or a refresh); `status` moves with them (a reconnected
/// channel is connected again).
pub async fn set_credentials(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    credentials: &[u8],
    expires_at: Option<DateTime<Utc>>,
    status: Option<&str>,
) -> StoreResult<bool> {
    let result = sqlx::query(
        "update channels set credentials = $3, token_expires_at = $4, status = coalesce($5, status)
         where business_id = $1 and id = $2",
    )
    .bind(business_id)
    .bind(id)
    .bind(credentials)
    .bind(expires_at)
    .bind(status)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// The result of the latest sync; `reconnect` also moves a connected channel to `reconnect`.
pub async fn record_sync(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    status: &str,
    error: Option<&str>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "update channels set last_sync_at = $5, last_sync_status = $3, last_error = $4,
                status = case when $3 = 'reconnect' and status = 'connected' then 'reconnect'
                              else status end
         where business_id = $1 and id = $2",
    )
    .bind(business_id)
    .bind(id)
    .bind(status)
    .bind(error)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn delete(db: impl PgExecutor<'_>, business_id: Uuid, id: Uuid) -> StoreResult<bool> {
    let result = sqlx::query("delete from channels where business_id = $1 and id = $2")
        .bind(business_id)
        .bind(id)
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// A connected channel due for the hourly round.
#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct DueChannel {
    pub id: Uuid,
    pub business_id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: Channel,
}

/// Connected channels after `after` in id order, a batch at a time.
pub async fn connected(
    db: impl PgExecutor<'_>,
    after: Option<Uuid>,
    limit: i64,
) -> StoreResult<Vec<DueChannel>> {
    Ok(sqlx::query_as(
        "select c.id, c.business_id, c.kind from channels c
         join businesses b on b.id = c.business_id and b.deleted_at is null
         where c.status = 'connected' and ($1::uuid is null or c.id > $1)
         order by c.id limit $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// One day of a channel. `None` is "not reported by this channel", not zero.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct MetricsDay {
    pub day: NaiveDate,
    pub followers: Option<i64>,
    pub reach: Option<i64>,
    pub views: Option<i64>,
    pub engagement: Option<i64>,
    pub posts: Option<i32>,
    pub profile_visits: Option<i64>,
    pub clicks: Option<i64>,
    pub spend: Option<i64>,
    pub conversions: Option<f64>,
}

/// Writes days of a channel over those synced before; a figure this sync did not report
/// (`None`) keeps its earlier value. Returns the rows that changed: a day synced again with
/// the same figures writes nothing.
pub async fn upsert_metrics(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    channel_id: Uuid,
    days: &[MetricsDay],
) -> StoreResult<u64> {
    if days.is_empty() {
        return Ok(0);
    }
    let col = |f: fn(&MetricsDay) -> Option<i64>| days.iter().map(f).collect::<Vec<_>>();
    let result = sqlx::query(
        "insert into channel_metrics (channel_id, business_id, day, followers, reach, views,
                                      engagement, posts, profile_visits, clicks, spend, conversions)
         select $1, $2, * from unnest($3::date[], $4::bigint[], $5::bigint[], $6::bigint[],
                                      $7::bigint[], $8::int[], $9::bigint[], $10::bigint[],
                                      $11::bigint[], $12::float8[])
         on conflict (channel_id, day) do update set
            followers = coalesce(excluded.followers, channel_metrics.followers),
            reach = coalesce(excluded.reach, channel_metrics.reach),
            views = coalesce(excluded.views, channel_metrics.views),
            engagement = coalesce(excluded.engagement, channel_metrics.engagement),
            posts = coalesce(excluded.posts, channel_metrics.posts),
            profile_visits = coalesce(excluded.profile_visits, channel_metrics.profile_visits),
            clicks = coalesce(excluded.clicks, channel_metrics.clicks),
            spend = coalesce(excluded.spend, channel_metrics.spend),
            conversions = coalesce(excluded.conversions, channel_metrics.conversions)
         where (coalesce(excluded.followers, channel_metrics.followers), coalesce(excluded.reach, channel_metrics.reach), coalesce(excluded.views, channel_metrics.views), coalesce(excluded.engagement, channel_metrics.engagement), coalesce(excluded.posts, channel_metrics.posts), coalesce(excluded.profile_visits, channel_metrics.profile_visits), coalesce(excluded.clicks, channel_metrics.clicks), coalesce(excluded.spend, channel_metrics.spend), coalesce(excluded.conversions, channel_metrics.conversions))
               is distinct from (channel_metrics.followers, channel_metrics.reach, channel_metrics.views, channel_metrics.engagement, channel_metrics.posts, channel_metrics.profile_visits, channel_metrics.clicks, channel_metrics.spend, channel_metrics.conversions)",
    )
    .bind(channel_id)
    .bind(business_id)
    .bind(days.iter().map(|d| d.day).collect::<Vec<_>>())
    .bind(col(|d| d.followers))
    .bind(col(|d| d.reach))
    .bind(col(|d| d.views))
    .bind(col(|d| d.engagement))
    .bind(days.iter().map(|d| d.posts).collect::<Vec<_>>())
    .bind(col(|d| d.profile_visits))
    .bind(col(|d| d.clicks))
    .bind(col(|d| d.spend))
    .bind(days.iter().map(|d| d.conversions).collect::<Vec<_>>())
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// The channel's days in `from..=to`, oldest first (at most a year by the caller's check).
pub async fn metrics(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    channel_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<MetricsDay>> {
    Ok(sqlx::query_as(
        "select day, followers, reach, views, engagement, posts, profile_visits, clicks, spend,
                conversions
         from channel_metrics
         where business_id = $1 and channel_id = $2 and day between $3 and $4
         order by day",
    )
    .bind(business_id)
    .bind(channel_id)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

/// Per channel of the business, its daily values in `from..=to` of `views` and followers, for
/// the cards' trend lines: one query for every card.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TrendPoint {
    pub channel_id: Uuid,
    pub day: NaiveDate,
    pub followers: Option<i64>,
    pub reach: Option<i64>,
    pub views: Option<i64>,
    pub clicks: Option<i64>,
}

pub async fn trends(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    channel_ids: &[Uuid],
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<TrendPoint>> {
    Ok(sqlx::query_as(
        "select channel_id, day, followers, reach, views, clicks from channel_metrics
         where business_id = $1 and channel_id = any($2) and day between $3 and $4
         order by channel_id, day",
    )
    .bind(business_id)
    .bind(channel_ids)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

#[derive(Debug, Clone, PartialEq)]
pub struct PostViews {
    pub post_id: String,
    pub posted_at: DateTime<Utc>,
    pub views: i64,
}

/// Posts with their latest view counts.
pub async fn upsert_posts(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    channel_id: Uuid,
    posts: &[PostViews],
) -> StoreResult<u64> {
    if posts.is_empty() {
        return Ok(0);
    }
    let result = sqlx::query(
        "insert into channel_posts (channel_id, business_id, post_id, posted_at, views)
         select $1, $2, * from unnest($3::text[], $4::timestamptz[], $5::bigint[])
         on conflict (channel_id, post_id) do update
            set views = excluded.views, posted_at = excluded.posted_at
            where (channel_posts.views, channel_posts.posted_at)
                  is distinct from (excluded.views, excluded.posted_at)",
    )
    .bind(channel_id)
    .bind(business_id)
    .bind(posts.iter().map(|p| p.post_id.clone()).collect::<Vec<_>>())
    .bind(posts.iter().map(|p| p.posted_at).collect::<Vec<_>>())
    .bind(posts.iter().map(|p| p.views).collect::<Vec<_>>())
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// Average views of the posts published in each hour of each weekday (ISO: 1 = Monday), in
/// the business's time zone, over posts since `since`.
#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct HourOfWeek {
    pub weekday: i32,
    pub hour: i32,
    pub posts: i64,
    pub average_views: f64,
}

pub async fn views_by_hour(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    channel_id: Uuid,
    time_zone: &str,
    since: DateTime<Utc>,
) -> StoreResult<Vec<HourOfWeek>> {
    Ok(sqlx::query_as(
        "select extract(isodow from posted_at at time zone $3)::int as weekday,
                extract(hour from posted_at at time zone $3)::int as hour,
                count(*) as posts, avg(views)::float8 as average_views
         from channel_posts
         where business_id = $1 and channel_id = $2 and posted_at >= $4
         group by 1, 2 order by 1, 2",
    )
    .bind(business_id)
    .bind(channel_id)
    .bind(time_zone)
    .bind(since)
    .fetch_all(db)
    .await?)
}

// ---- sync runs ------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SyncRunRow {
    pub id: Uuid,
    pub channel_id: Uuid,
    pub job_id: Option<Uuid>,
    pub attempt: i32,
    pub trigger: String,
    pub status: String,
    pub r#final: bool,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub requests: i32,
    pub throttled: i32,
    pub rows_written: i32,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewSyncRun {
    pub id: Uuid,
    pub channel_id: Uuid,
    pub job_id: Option<Uuid>,
    pub attempt: i32,
    pub trigger: &'static str,
    pub started_at: DateTime<Utc>,
}

pub async fn start_run(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    run: &NewSyncRun,
) -> StoreResult<()> {
    sqlx::query(
        "insert into sync_runs (id, business_id, channel_id, job_id, attempt, trigger, status, started_at)
         values ($1, $2, $3, $4, $5, $6, 'running', $7)",
    )
    .bind(run.id)
    .bind(business_id)
    .bind(run.channel_id)
    .bind(run.job_id)
    .bind(run.attempt)
    .bind(run.trigger)
    .bind(run.started_at)
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct RunEnd<'a> {
    pub status: &'a str,
    pub r#final: bool,
    pub requests: i32,
    pub throttled: i32,
    pub rows_written: i32,
    pub error: Option<&'a str>,
}

pub async fn finish_run(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    end: &RunEnd<'_>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "update sync_runs set status = $3, final = $4, requests = $5, throttled = $6,
                rows_written = $7, error = $8, finished_at = $9
         where business_id = $1 and id = $2",
    )
    .bind(business_id)
    .bind(id)
    .bind(end.status)
    .bind(end.r#final)
    .bind(end.requests)
    .bind(end.throttled)
    .bind(end.rows_written)
    .bind(end.error)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

/// Closes the runs a job left open when its worker died mid-run.
pub async fn close_abandoned_runs(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    job_id: Uuid,
    at: DateTime<Utc>,
) -> StoreResult<u64> {
    let result = sqlx::query(
        "update sync_runs set status = 'failed', finished_at = $3,
                error = 'the worker stopped before finishing; the job was taken over'
         where business_id = $1 and job_id = $2 and status = 'running'",
    )
    .bind(business_id)
    .bind(job_id)
    .bind(at)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// Runs of the business (of one channel, or one status), newest first.
pub async fn runs(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    channel_id: Option<Uuid>,
    status: Option<&str>,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<SyncRunRow, Uuid>> {
    let rows = sqlx::query_as(
        "select id, channel_id, job_id, attempt, trigger, status, final, started_at, finished_at,
                requests, throttled, rows_written, error
         from sync_runs
         where business_id = $1 and ($2::uuid is null or channel_id = $2)
           and ($3::text is null or status = $3) and ($4::uuid is null or id < $4)
         order by id desc limit $5",
    )
    .bind(business_id)
    .bind(channel_id)
    .bind(status)
    .bind(after)
    .bind(fetch_limit(limit))
    .fetch_all(db)
    .await?;
    Ok(Paged::from_rows(rows, limit, |row: &SyncRunRow| row.id))
}

/// The latest run of each channel of the business.
pub async fn last_runs(db: impl PgExecutor<'_>, business_id: Uuid) -> StoreResult<Vec<SyncRunRow>> {
    Ok(sqlx::query_as(
        "select r.* from channels c
         cross join lateral (
            select id, channel_id, job_id, attempt, trigger, status, final, started_at,
                   finished_at, requests, throttled, rows_written, error
            from sync_runs where channel_id = c.id order by id desc limit 1
         ) r
         where c.business_id = $1",
    )
    .bind(business_id)
    .fetch_all(db)
    .await?)
}

/// Per channel of the business, over runs since `since`: runs, failures, throttling seen and
/// rows written, for the sync health panel in one query.
#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct RunTotals {
    pub channel_id: Uuid,
    pub runs: i64,
    pub failures: i64,
    pub throttled: i64,
    pub rows_written: i64,
}

pub async fn run_totals(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    since: DateTime<Utc>,
) -> StoreResult<Vec<RunTotals>> {
    Ok(sqlx::query_as(
        "select channel_id, count(*) as runs,
                count(*) filter (where status in ('failed', 'reconnect')) as failures,
                coalesce(sum(throttled), 0)::bigint as throttled,
                coalesce(sum(rows_written), 0)::bigint as rows_written
         from sync_runs where business_id = $1 and started_at >= $2
         group by channel_id",
    )
    .bind(business_id)
    .bind(since)
    .fetch_all(db)
    .await?)
}

/// Forgets runs older than `cutoff`.
pub async fn purge_runs_before(db: impl PgExecutor<'_>, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let result = sqlx::query("delete from sync_runs where started_at < $1")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}

// ---- spend ----------------------------------------------------------------------------------

/// Spend a channel synced, by day: replaces what this channel synced for those days.
pub async fn set_synced_spend(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    kind: Channel,
    channel_id: Uuid,
    days: &[(NaiveDate, i64)],
) -> StoreResult<u64> {
    if days.is_empty() {
        return Ok(0);
    }
    let result = sqlx::query(
        "insert into marketing_spend (business_id, day, channel, source, amount)
         select $1, d, $2, $3, a from unnest($4::date[], $5::bigint[]) as t (d, a)
         on conflict (business_id, day, channel, source) do update set amount = excluded.amount
         where marketing_spend.amount <> excluded.amount",
    )
    .bind(business_id)
    .bind(kind.as_str())
    .bind(channel_id.to_string())
    .bind(days.iter().map(|d| d.0).collect::<Vec<_>>())
    .bind(days.iter().map(|d| d.1).collect::<Vec<_>>())
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// Spend typed by hand: each entry replaces the day's manual amount of its channel; zero
/// removes it.
pub async fn set_manual_spend(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    entries: &[(NaiveDate, Channel, i64)],
) -> StoreResult<()> {
    sqlx::query(
        "with entries as (
            select * from unnest($2::date[], $3::text[], $4::bigint[]) as t (day, channel, amount)
         ), removed as (
            delete from marketing_spend s using entries e
            where s.business_id = $1 and s.source = 'manual' and s.day = e.day
              and s.channel = e.channel and e.amount = 0
         )
         insert into marketing_spend (business_id, day, channel, source, amount)
         select $1, day, channel, 'manual', amount from entries where amount > 0
         on conflict (business_id, day, channel, source) do update set amount = excluded.amount",
    )
    .bind(business_id)
    .bind(entries.iter().map(|e| e.0).collect::<Vec<_>>())
    .bind(entries.iter().map(|e| e.1.as_str()).collect::<Vec<_>>())
    .bind(entries.iter().map(|e| e.2).collect::<Vec<_>>())
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SpendRow {
    pub day: NaiveDate,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    /// `manual`, or the id of the channel that synced it.
    pub source: String,
    pub amount: i64,
}

/// Spend entries in `from..=to`, newest day first, then by channel and source.
pub async fn spend(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    channel: Option<Channel>,
    after: Option<(NaiveDate, String, String)>,
    limit: u32,
) -> StoreResult<Paged<SpendRow, (NaiveDate, String, String)>> {
    let (after_day, after_channel, after_source) = match after {
        Some((day, channel, source)) => (Some(day), Some(channel), Some(source)),
        None => (None, None, None),
    };
    let rows = sqlx::query_as(
        "select day, channel, source, amount from marketing_spend
         where business_id = $1 and day between $2 and $3 and ($4::text is null or channel = $4)
           and ($5::date is null or day < $5
                or (day = $5 and (channel, source) > ($6::text, $7::text)))
         order by day desc, channel, source limit $8",
    )
    .bind(business_id)
    .bind(from)
    .bind(to)
    .bind(channel.map(Channel::as_str))
    .bind(after_day)
    .bind(after_channel)
    .bind(after_source)
    .bind(fetch_limit(limit))
    .fetch_all(db)
    .await?;
    Ok(Paged::from_rows(rows, limit, |row: &SpendRow| {
        (row.day, row.channel.as_str().to_owned(), row.source.clone())
    }))
}

// ---- OAuth states ---------------------------------------------------------------------------

pub async fn insert_state(
    db: impl PgExecutor<'_>,
    state_hash: &[u8],
    business_id: Uuid,
    user_id: Option<Uuid>,
    kind: Channel,
    channel_id: Option<Uuid>,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "insert into oauth_states (state_hash, business_id, user_id, kind, channel_id, expires_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(state_hash)
    .bind(business_id)
    .bind(user_id)
    .bind(kind.as_str())
    .bind(channel_id)
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OAuthState {
    pub business_id: Uuid,
    pub user_id: Option<Uuid>,
    #[sqlx(try_from = "String")]
    pub kind: Channel,
    pub channel_id: Option<Uuid>,
}

/// Takes a state (once: it is deleted) if it has not expired.
pub async fn take_state(
    db: impl PgExecutor<'_>,
    state_hash: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<Option<OAuthState>> {
    Ok(sqlx::query_as(
        "delete from oauth_states where state_hash = $1 and expires_at > $2
         returning business_id, user_id, kind, channel_id",
    )
    .bind(state_hash)
    .bind(now)
    .fetch_optional(db)
    .await?)
}
