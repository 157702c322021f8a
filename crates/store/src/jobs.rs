//! The durable job queue (migration 0006). A job is claimed by one worker at a time under a
//! lease; the worker renews the lease while it works and then completes, reschedules or buries
//! the job. A worker that dies (even by SIGKILL) simply stops renewing: when its lease runs
//! out, the job is claimable again. Every state change checks that the caller still holds the
//! lease, so a worker that lost its lease cannot overwrite the outcome of the one that took over.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use sqlx::types::Json;
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use crate::StoreResult;

#[derive(Debug, Clone)]
pub struct NewJob {
    pub id: Uuid,
    pub kind: String,
    pub lane: String,
    pub dedupe_key: String,
    pub business_id: Option<Uuid>,
    pub payload: Value,
    pub max_attempts: i32,
    pub run_after: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: Uuid,
    pub kind: String,
    pub lane: String,
    pub business_id: Option<Uuid>,
    pub payload: Json<Value>,
    /// Counting this one.
    pub attempts: i32,
    pub max_attempts: i32,
    pub status: String,
    pub run_after: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

macro_rules! columns {
    () => {
        "id, kind, lane, business_id, payload, attempts, max_attempts, status, run_after, last_error, created_at, finished_at"
    };
}

/// Adds jobs; one whose `dedupe_key` exists already is skipped. Returns how many were added.
pub async fn enqueue(db: impl PgExecutor<'_>, jobs: &[NewJob]) -> StoreResult<u64> {
    if jobs.is_empty() {
        return Ok(0);
    }
    let column = |f: fn(&NewJob) -> String| jobs.iter().map(f).collect::<Vec<_>>();
    let result = sqlx::query(
        "insert into jobs (id, kind, lane, dedupe_key, business_id, payload, max_attempts, run_after)
         select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[],
                              $6::jsonb[], $7::int[], $8::timestamptz[])
         on conflict (dedupe_key) do nothing",
    )
    .bind(jobs.iter().map(|j| j.id).collect::<Vec<_>>())
    .bind(column(|j| j.kind.clone()))
    .bind(column(|j| j.lane.clone()))
    .bind(column(|j| j.dedupe_key.clone()))
    .bind(jobs.iter().map(|j| j.business_id).collect::<Vec<_>>())
    .bind(jobs.iter().map(|j| Json(&j.payload)).collect::<Vec<_>>())
    .bind(jobs.iter().map(|j| j.max_attempts).collect::<Vec<_>>())
    .bind(jobs.iter().map(|j| j.run_after).collect::<Vec<_>>())
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// The job with `dedupe_key`, whatever its state.
pub async fn find_by_key(db: impl PgExecutor<'_>, dedupe_key: &str) -> StoreResult<Option<JobRow>> {
    let sql = concat!("select ", columns!(), " from jobs where dedupe_key = $1");
    Ok(sqlx::query_as(sql)
        .bind(dedupe_key)
        .fetch_optional(db)
        .await?)
}

/// Claims up to `want` due jobs of `lane` for `worker`, never letting more than `lane_limit`
/// jobs of the lane run at once across all workers (the count and the claim happen under a
/// per-lane transaction lock). Due means queued and ready, or running under a lease that ran
/// out (its worker died).
pub async fn claim(
    db: &PgPool,
    lane: &str,
    worker: &str,
    want: i64,
    lane_limit: i64,
    now: DateTime<Utc>,
    lease: Duration,
) -> StoreResult<Vec<JobRow>> {
    let mut tx = db.begin().await?;
    crate::locks::transaction_lock(&mut tx, &format!("jobs lane {lane}")).await?;
    let running: i64 = sqlx::query_scalar(
        "select count(*) from jobs where lane = $1 and status = 'running' and lease_until > $2",
    )
    .bind(lane)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let take = want.min(lane_limit - running);
    if take <= 0 {
        return Ok(Vec::new());
    }
    let sql = concat!(
        "update jobs set status = 'running', attempts = attempts + 1, lease_until = $3 + $5,
                worker = $4
         where id in (
            select id from jobs
            where lane = $1 and ((status = 'queued' and run_after <= $3)
                                 or (status = 'running' and lease_until <= $3))
            order by run_after
            limit $2
            for update skip locked
         )
         returning ",
        columns!()
    );
    let rows = sqlx::query_as(sql)
        .bind(lane)
        .bind(take)
        .bind(now)
        .bind(worker)
        .bind(lease)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Extends the leases `worker` holds on `ids`.
pub async fn renew(
    db: impl PgExecutor<'_>,
    ids: &[Uuid],
    worker: &str,
    until: DateTime<Utc>,
) -> StoreResult<u64> {
    let result = sqlx::query(
        "update jobs set lease_until = $3
         where id = any($1) and worker = $2 and status = 'running'",
    )
    .bind(ids)
    .bind(worker)
    .bind(until)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// How a run of a job ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done,
    /// Queued again for `at`.
    Retry {
        at: DateTime<Utc>,
        error: String,
    },
    /// Given up: it stays visible as dead.
    Dead {
        error: String,
    },
}

/// Records the outcome if `worker` still holds the job; false when it lost the lease.
pub async fn finish(
    db: impl PgExecutor<'_>,
    id: Uuid,
    worker: &str,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let (status, run_after, error) = match outcome {
        Outcome::Done => ("done", None, None),
        Outcome::Retry { at, error } => ("queued", Some(*at), Some(error.as_str())),
        Outcome::Dead { error } => ("dead", None, Some(error.as_str())),
    };
    let result = sqlx::query(
        "update jobs set status = $3, run_after = coalesce($4, run_after), last_error = $5,
                lease_until = null, worker = null,
                finished_at = case when $3 in ('done', 'dead') then $6 end
         where id = $1 and worker = $2 and status = 'running'",
    )
    .bind(id)
    .bind(worker)
    .bind(status)
    .bind(run_after)
    .bind(error)
    .bind(now)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// How many of the business's jobs of `kind` are in `status` (e.g. dead).
pub async fn count_for_business(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    kind: &str,
    status: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from jobs where business_id = $1 and kind = $2 and status = $3",
    )
    .bind(business_id)
    .bind(kind)
    .bind(status)
    .fetch_one(db)
    .await?)
}

/// Counts by state, for health checks and the benchmark.
pub async fn counts(db: impl PgExecutor<'_>) -> StoreResult<Vec<(String, i64)>> {
    Ok(
        sqlx::query_as("select status, count(*) from jobs group by status order by status")
            .fetch_all(db)
            .await?,
    )
}

/// Forgets finished jobs older than `cutoff`; their dedupe keys (which name an hour) are long
/// past by then.
pub async fn purge_finished_before(
    db: impl PgExecutor<'_>,
    cutoff: DateTime<Utc>,
) -> StoreResult<u64> {
    let result = sqlx::query(
        "delete from jobs
         where (status = 'done' and finished_at < $1)
            or (status = 'dead' and finished_at < $1 - interval '23 days')",
    )
    .bind(cutoff)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}
