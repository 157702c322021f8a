//! Background work: cron schedules that enqueue jobs, the workers that run queued jobs, and
//! the loop that delivers the e-mail outbox. Runs inside `biznespilot serve` (single node) or
//! alone as `biznespilot worker`; several workers may run at once.
//!
//! A tick only enqueues: under a Postgres advisory lock named after the schedule, one job keyed
//! by the schedule and the minute, so ticks of several workers add it once. The work runs from
//! the durable queue of `services::jobs`: each worker claims due jobs lane by lane (a lane is a
//! provider, bounded across all workers), renews its leases while they run, and records the
//! outcome (done, retried with backoff, or dead). A worker that dies loses nothing: its leases
//! run out and another worker takes the jobs over. The job logic lives in `services`, where
//! tests drive it one round at a time with [`services::jobs::run_once`].

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use services::Services;
use services::jobs::{self, Enqueue, Handler, Job, JobError, JobFuture};
use tokio::sync::Notify;
use tokio_cron_scheduler::{Job as CronJob, JobScheduler};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// A job enqueued on a cron schedule.
#[derive(Clone, Copy)]
pub struct Schedule {
    /// Unique name; also the job's kind and the name of the advisory lock of its ticks.
    pub name: &'static str,
    /// Cron expression with seconds, in UTC: `sec min hour day-of-month month day-of-week`.
    pub cron: &'static str,
}

/// Every schedule of the product. Later modules (competitor checks, monthly strategy,
/// reports) add theirs here and their handler to [`handler`].
pub fn registry() -> Vec<Schedule> {
    vec![
        // 22:17 UTC is 03:17 in Tashkent: the quietest hour for our users, and off the full
        // hour that hourly jobs take.
        Schedule {
            name: "maintenance.cleanup",
            cron: "0 17 22 * * *",
        },
        // Hourly, because 01:00 comes at a different UTC hour for each business's time zone:
        // each run rebuilds the businesses where it is 01:00 now.
        Schedule {
            name: "sales.rebuild",
            cron: "0 5 * * * *",
        },
        // The hourly channel sync: the round enqueues one job per connected channel.
        Schedule {
            name: services::channels::sync::ROUND_JOB,
            cron: "0 0 * * * *",
        },
    ]
}

fn retry(error: impl std::fmt::Display) -> JobError {
    JobError::Retry {
        error: error.to_string(),
        retry_after: None,
    }
}

fn cleanup(services: Services, _job: Job) -> JobFuture {
    Box::pin(async move {
        services::maintenance::cleanup(&services)
            .await
            .map(drop)
            .map_err(retry)
    })
}

fn sales_rebuild(services: Services, _job: Job) -> JobFuture {
    Box::pin(async move {
        services::sales::numbers::rebuild_due(&services)
            .await
            .map(drop)
            .map_err(retry)
    })
}

/// The function that runs each kind of job.
pub fn handler(kind: &str) -> Option<Handler> {
    use services::channels::sync;
    match kind {
        "maintenance.cleanup" => Some(cleanup),
        "sales.rebuild" => Some(sales_rebuild),
        sync::ROUND_JOB => Some(sync::round_handler),
        sync::SYNC_JOB => Some(sync::sync_handler),
        _ => None,
    }
}

/// Enqueues the job of `schedule` for the tick at `at` unless another worker is ticking it
/// right now or already did; true when this call added it.
pub async fn tick(
    services: &Services,
    schedule: &Schedule,
    at: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let mut tx = services.db.begin().await?;
    if !services::store::locks::try_transaction_lock(&mut tx, schedule.name).await? {
        tracing::debug!(
            schedule = schedule.name,
            "another worker ticks this schedule"
        );
        return Ok(false);
    }
    let added = jobs::enqueue(
        &mut *tx,
        vec![Enqueue {
            kind: schedule.name,
            lane: jobs::SYSTEM_LANE,
            dedupe_key: format!("{}@{}", schedule.name, at.format("%Y-%m-%dT%H:%M")),
            business_id: None,
            payload: serde_json::Value::Null,
            run_after: at,
        }],
    )
    .await?;
    tx.commit().await?;
    Ok(added == 1)
}

/// One round over the queue with the product's handlers, for tests and tools.
pub async fn run_once(services: &Services, worker: &str) -> anyhow::Result<jobs::RoundReport> {
    let report = jobs::run_once(services, worker, &services.settings.queue, handler).await?;
    Ok(report)
}

/// This process's name in the queue's leases: unique per process.
pub fn worker_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "worker".into());
    let short = Uuid::new_v4().simple().to_string();
    format!("{host}-{}-{}", std::process::id(), &short[..8])
}

/// How often an idle lane looks for due jobs.
const POLL: Duration = Duration::from_secs(1);

/// The jobs this worker runs now, whose leases it renews.
#[derive(Default)]
struct Running {
    ids: Mutex<HashSet<Uuid>>,
}

impl Running {
    fn snapshot(&self) -> Vec<Uuid> {
        self.lock().iter().copied().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<Uuid>> {
        self.ids
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Works one lane until `shutdown`: claims as many due jobs as the lane may run, runs each in
/// its own task, and claims again as they finish.
async fn work_lane(
    services: Services,
    worker: Arc<str>,
    lane: &'static str,
    limit: i64,
    running: Arc<Running>,
    shutdown: CancellationToken,
) {
    let lease = services.settings.queue.lease;
    // A finished job leaves a permit, so a claim follows even if it ends before we wait.
    let finished = Arc::new(Notify::new());
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        while tasks.try_join_next().is_some() {}
        let free = limit - i64::try_from(tasks.len()).unwrap_or(limit);
        let claimed = if free > 0 && !shutdown.is_cancelled() {
            match jobs::claim(&services, &worker, lane, free, limit, lease).await {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::error!(lane, %error, "claiming jobs failed");
                    Vec::new()
                }
            }
        } else {
            Vec::new()
        };
        let idle = claimed.is_empty();
        for job in claimed {
            running.lock().insert(job.id);
            let (services, worker, running, finished) = (
                services.clone(),
                worker.clone(),
                running.clone(),
                finished.clone(),
            );
            tasks.spawn(async move {
                let result = jobs::execute(&services, job.clone(), handler(&job.kind)).await;
                if let Err(error) = jobs::finish(&services, &worker, &job, &result).await {
                    // The lease runs out and the job runs again: nothing is lost.
                    tracing::error!(job = %job.id, %error, "recording a job's outcome failed");
                }
                running.lock().remove(&job.id);
                finished.notify_one();
            });
        }
        if shutdown.is_cancelled() {
            break;
        }
        if idle || tasks.len() as i64 >= limit {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(POLL) => {}
                () = finished.notified(), if !tasks.is_empty() => {}
            }
        }
    }
    // Let running jobs finish for a while; any left are taken over when their leases end.
    let drain = async { while tasks.join_next().await.is_some() {} };
    if tokio::time::timeout(Duration::from_secs(30), drain)
        .await
        .is_err()
    {
        tracing::warn!(
            lane,
            "jobs still running at shutdown; other workers take them over"
        );
    }
}

/// Renews the leases of this worker's running jobs a few times per lease.
async fn renew_leases(
    services: Services,
    worker: Arc<str>,
    running: Arc<Running>,
    shutdown: CancellationToken,
) {
    let lease = services.settings.queue.lease;
    let every = (lease / 3)
        .to_std()
        .unwrap_or(Duration::from_secs(30))
        .max(Duration::from_millis(200));
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(every) => {}
        }
        let ids = running.snapshot();
        if let Err(error) = jobs::renew(&services, &worker, &ids, lease).await {
            tracing::error!(%error, "renewing job leases failed");
        }
    }
}

/// How often the outbox is polled when no notification arrives.
const OUTBOX_POLL: Duration = Duration::from_secs(15);

/// Delivers e-mails as they are queued (Postgres LISTEN/NOTIFY) and retries due ones.
async fn deliver_emails(services: Services, shutdown: CancellationToken) {
    if services.mailer.is_none() {
        tracing::info!("no SMTP_URL: the e-mail worker is idle");
        shutdown.cancelled().await;
        return;
    }
    let mut listener = match services::store::outbox::listen(&services.db).await {
        Ok(listener) => Some(listener),
        Err(error) => {
            tracing::warn!(%error, "cannot listen for new e-mails; polling only");
            None
        }
    };
    loop {
        match services::email::deliver_due(&services).await {
            Ok(report) if !report.is_idle() => {
                tracing::info!(?report, "e-mail delivery round");
                continue;
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "e-mail delivery round failed"),
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(OUTBOX_POLL) => {}
            notified = wait_for_notification(&mut listener) => {
                if !notified {
                    listener = None;
                }
            }
        }
    }
}

async fn wait_for_notification(listener: &mut Option<services::store::outbox::Listener>) -> bool {
    match listener {
        Some(listener) => listener.recv().await.is_ok(),
        None => std::future::pending().await,
    }
}

/// Runs the queue's lanes only (no cron, no e-mail): what a benchmark or a test process needs.
pub async fn work_queue(services: Services, worker: Arc<str>, shutdown: CancellationToken) {
    let running = Arc::new(Running::default());
    let mut lanes = tokio::task::JoinSet::new();
    for (lane, limit) in services.settings.queue.lanes.clone() {
        lanes.spawn(work_lane(
            services.clone(),
            worker.clone(),
            lane,
            limit,
            running.clone(),
            shutdown.clone(),
        ));
    }
    lanes.spawn(renew_leases(services, worker, running, shutdown));
    while lanes.join_next().await.is_some() {}
}

/// Runs the schedules, the queue's workers and the e-mail worker until `shutdown`.
pub async fn run(services: Services, shutdown: CancellationToken) -> anyhow::Result<()> {
    let worker: Arc<str> = worker_name().into();
    let scheduler = JobScheduler::new()
        .await
        .context("starting the scheduler")?;
    for schedule in registry() {
        let services = services.clone();
        let job = CronJob::new_async(schedule.cron, move |_, _| {
            let services = services.clone();
            Box::pin(async move {
                if let Err(error) = tick(&services, &schedule, services.now()).await {
                    tracing::error!(
                        schedule = schedule.name,
                        error = format!("{error:#}"),
                        "enqueueing a scheduled job failed"
                    );
                }
            })
        })
        .with_context(|| format!("scheduling {}", schedule.name))?;
        scheduler
            .add(job)
            .await
            .with_context(|| format!("adding {}", schedule.name))?;
    }
    scheduler.start().await.context("starting the scheduler")?;
    tracing::info!(%worker, "worker started");
    let queue = tokio::spawn(work_queue(services.clone(), worker, shutdown.clone()));
    deliver_emails(services, shutdown.clone()).await;
    queue.await.ok();
    let mut scheduler = scheduler;
    scheduler.shutdown().await.ok();
    tracing::info!("worker stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_have_unique_names_valid_cron_expressions_and_handlers() {
        let schedules = registry();
        let mut names: Vec<_> = schedules.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), schedules.len());
        for schedule in &schedules {
            assert!(
                CronJob::new_async(schedule.cron, |_, _| Box::pin(async {})).is_ok(),
                "{}: {}",
                schedule.name,
                schedule.cron
            );
            assert!(
                handler(schedule.name).is_some(),
                "{} has no handler",
                schedule.name
            );
        }
    }
}
