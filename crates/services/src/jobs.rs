//! Background jobs over the durable queue of `store::jobs`: enqueueing, claiming under a
//! lease, and recording how a run ended (done, retried with backoff and jitter that honours a
//! provider's wait, or dead after its last attempt).
//!
//! [`run_once`] claims what is due and runs it to the end: tests drive jobs with it one round
//! at a time, and the scheduler's workers loop over the same pieces.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde_json::Value;
use store::jobs::{JobRow, NewJob, Outcome};
use uuid::Uuid;

use crate::Services;
use crate::error::ServiceResult;

/// First retry after this long, doubling per attempt up to [`RETRY_CAP_SECS`].
const RETRY_BASE_SECS: u64 = 30;
const RETRY_CAP_SECS: u64 = 3_600;
/// Attempts before a job is dead-lettered.
pub const MAX_ATTEMPTS: i32 = 5;

/// A claimed job, as its handler sees it.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: Uuid,
    pub kind: String,
    pub business_id: Option<Uuid>,
    pub payload: Value,
    /// 1 on the first run.
    pub attempt: i32,
    pub max_attempts: i32,
}

impl Job {
    /// Whether a failure now is final: no retry follows.
    pub fn is_last_attempt(&self) -> bool {
        self.attempt >= self.max_attempts
    }
}

impl From<JobRow> for Job {
    fn from(row: JobRow) -> Self {
        Job {
            id: row.id,
            kind: row.kind,
            business_id: row.business_id,
            payload: row.payload.0,
            attempt: row.attempts,
            max_attempts: row.max_attempts,
        }
    }
}

/// Why a run did not finish the job.
#[derive(Debug, Clone, PartialEq)]
pub enum JobError {
    /// Worth another attempt, not before `retry_after` when the provider named a wait.
    Retry {
        error: String,
        retry_after: Option<StdDuration>,
    },
    /// Retrying cannot help (revoked access, a missing account): dead at once.
    Fatal(String),
}

pub type JobResult = Result<(), JobError>;
pub type JobFuture = Pin<Box<dyn Future<Output = JobResult> + Send>>;
/// Runs one kind of job.
pub type Handler = fn(Services, Job) -> JobFuture;
/// Finds the handler of a kind of job.
pub type Handlers = fn(&str) -> Option<Handler>;

/// A job to add.
#[derive(Debug, Clone)]
pub struct Enqueue {
    pub kind: &'static str,
    pub lane: &'static str,
    /// A second job with the same key is not added.
    pub dedupe_key: String,
    pub business_id: Option<Uuid>,
    pub payload: Value,
    pub run_after: DateTime<Utc>,
}

impl Enqueue {
    fn into_row(self) -> NewJob {
        NewJob {
            id: Uuid::now_v7(),
            kind: self.kind.to_owned(),
            lane: self.lane.to_owned(),
            dedupe_key: self.dedupe_key,
            business_id: self.business_id,
            payload: self.payload,
            max_attempts: MAX_ATTEMPTS,
            run_after: self.run_after,
        }
    }
}

/// Adds jobs (skipping those whose key exists); returns how many were added.
pub async fn enqueue(db: impl store::PgExecutor<'_>, jobs: Vec<Enqueue>) -> ServiceResult<u64> {
    let rows: Vec<NewJob> = jobs.into_iter().map(Enqueue::into_row).collect();
    Ok(store::jobs::enqueue(db, &rows).await?)
}

/// How the queue is worked: lanes with their limit of jobs running at once (across every
/// worker), and how long a claim lasts without renewal.
#[derive(Debug, Clone)]
pub struct QueueSettings {
    pub lanes: Vec<(&'static str, i64)>,
    pub lease: Duration,
}

/// The lane of jobs that call no provider.
pub const SYSTEM_LANE: &str = "system";

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings {
            // 16 + 24 + 24 = 64: the most provider requests in flight at once across every
            // worker, since a sync job has one request in flight at a time.
            lanes: vec![
                (SYSTEM_LANE, 4),
                ("telegram", 16),
                ("meta", 24),
                ("google", 24),
            ],
            lease: Duration::seconds(120),
        }
    }
}

/// Claims up to `want` due jobs of `lane` for `worker`.
pub async fn claim(
    services: &Services,
    worker: &str,
    lane: &str,
    want: i64,
    lane_limit: i64,
    lease: Duration,
) -> ServiceResult<Vec<Job>> {
    let rows = store::jobs::claim(
        &services.db,
        lane,
        worker,
        want,
        lane_limit,
        services.now(),
        lease,
    )
    .await?;
    Ok(rows.into_iter().map(Job::from).collect())
}

/// Keeps the leases of jobs still running in `worker`.
pub async fn renew(
    services: &Services,
    worker: &str,
    ids: &[Uuid],
    lease: Duration,
) -> ServiceResult<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(store::jobs::renew(&services.db, ids, worker, services.now() + lease).await?)
}

/// What becomes of a job after a run: done, queued again after the backoff, or dead.
pub fn outcome(job: &Job, result: &JobResult, now: DateTime<Utc>, jitter: f64) -> Outcome {
    match result {
        Ok(()) => Outcome::Done,
        Err(JobError::Fatal(error)) => Outcome::Dead {
            error: error.clone(),
        },
        Err(JobError::Retry { error, .. }) if job.is_last_attempt() => Outcome::Dead {
            error: format!("gave up after {} attempts: {error}", job.attempt),
        },
        Err(JobError::Retry { error, retry_after }) => {
            let delay = domain::jobs::retry_delay_secs(
                u32::try_from(job.attempt).unwrap_or(1),
                RETRY_BASE_SECS,
                RETRY_CAP_SECS,
                retry_after.map(|d| d.as_secs().max(1)),
                jitter,
            );
            Outcome::Retry {
                at: now + Duration::seconds(i64::try_from(delay).unwrap_or(i64::MAX / 2)),
                error: error.clone(),
            }
        }
    }
}

/// Records how `job` ended; false when `worker` had lost its lease to another worker.
pub async fn finish(
    services: &Services,
    worker: &str,
    job: &Job,
    result: &JobResult,
) -> ServiceResult<bool> {
    let jitter = rand::thread_rng().r#gen::<f64>();
    let now = services.now();
    let outcome = outcome(job, result, now, jitter);
    match &outcome {
        Outcome::Dead { error } => {
            tracing::warn!(job = %job.id, kind = job.kind, attempt = job.attempt, error, "job dead-lettered");
        }
        Outcome::Retry { at, error } => {
            tracing::info!(job = %job.id, kind = job.kind, attempt = job.attempt, retry_at = %at, error, "job will be retried");
        }
        Outcome::Done => {}
    }
    let kept = store::jobs::finish(&services.db, job.id, worker, &outcome, now).await?;
    if !kept {
        tracing::warn!(job = %job.id, worker, "lease lost before the job finished; its new owner decides");
    }
    Ok(kept)
}

/// Runs one job with its handler; a kind nobody handles is dead (it would never succeed).
pub async fn execute(services: &Services, job: Job, handler: Option<Handler>) -> JobResult {
    match handler {
        Some(handler) => handler(services.clone(), job).await,
        None => Err(JobError::Fatal(format!(
            "no handler for job kind `{}`",
            job.kind
        ))),
    }
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RoundReport {
    pub done: u64,
    pub retried: u64,
    pub dead: u64,
    /// Runs whose outcome was not recorded because another worker holds the job now.
    pub lost: u64,
}

impl RoundReport {
    pub fn ran(&self) -> u64 {
        self.done + self.retried + self.dead + self.lost
    }
}

/// Claims every due job of every lane (up to the lanes' limits) for `worker`, runs them at
/// once, and records their outcomes: one deterministic round for tests and tools.
pub async fn run_once(
    services: &Services,
    worker: &str,
    settings: &QueueSettings,
    handlers: Handlers,
) -> ServiceResult<RoundReport> {
    let mut claimed = Vec::new();
    for (lane, limit) in &settings.lanes {
        claimed.extend(claim(services, worker, lane, *limit, *limit, settings.lease).await?);
    }
    let runs = claimed.into_iter().map(|job| async move {
        let handler = handlers(&job.kind);
        let result = execute(services, job.clone(), handler).await;
        let kept = finish(services, worker, &job, &result).await?;
        ServiceResult::Ok((job, result, kept))
    });
    let mut report = RoundReport::default();
    for outcome in futures_util::future::join_all(runs).await {
        let (job, result, kept) = outcome?;
        match (kept, &result) {
            (false, _) => report.lost += 1,
            (true, Ok(())) => report.done += 1,
            (true, Err(JobError::Retry { .. })) if !job.is_last_attempt() => report.retried += 1,
            (true, Err(_)) => report.dead += 1,
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(attempt: i32) -> Job {
        Job {
            id: Uuid::nil(),
            kind: "k".into(),
            business_id: None,
            payload: Value::Null,
            attempt,
            max_attempts: 3,
        }
    }

    #[test]
    fn failures_back_off_honour_the_provider_and_die_after_the_last_attempt() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let retry = |after: Option<u64>| -> JobResult {
            Err(JobError::Retry {
                error: "x".into(),
                retry_after: after.map(StdDuration::from_secs),
            })
        };
        assert_eq!(outcome(&job(1), &Ok(()), now, 0.5), Outcome::Done);
        assert_eq!(
            outcome(&job(1), &retry(None), now, 0.5),
            Outcome::Retry {
                at: now + Duration::seconds(30),
                error: "x".into()
            }
        );
        assert_eq!(
            outcome(&job(2), &retry(Some(600)), now, 0.5),
            Outcome::Retry {
                at: now + Duration::seconds(600),
                error: "x".into()
            }
        );
        assert!(matches!(
            outcome(&job(3), &retry(None), now, 0.5),
            Outcome::Dead { .. }
        ));
        assert!(matches!(
            outcome(&job(1), &Err(JobError::Fatal("revoked".into())), now, 0.5),
            Outcome::Dead { .. }
        ));
    }
}
