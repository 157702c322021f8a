//! Background work: cron schedules that trigger jobs, and the loop that delivers the e-mail
//! outbox. Runs inside `biznespilot serve` (single node) or alone as `biznespilot worker`;
//! several workers may run at once.
//!
//! Each scheduled job runs under a Postgres advisory lock named after it, so when several
//! workers tick at the same moment only one of them does the work. The job logic lives in
//! `services` (e.g. [`services::maintenance::cleanup`]) where tests call it directly.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use anyhow::Context;
use services::Services;
use tokio_cron_scheduler::{Job, JobScheduler};
use tokio_util::sync::CancellationToken;

type JobFuture = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

/// A job that runs on a cron schedule.
#[derive(Clone, Copy)]
pub struct Schedule {
    /// Unique name; also the name of the advisory lock that keeps runs single.
    pub name: &'static str,
    /// Cron expression with seconds, in UTC: `sec min hour day-of-month month day-of-week`.
    pub cron: &'static str,
    pub run: fn(Services) -> JobFuture,
}

/// Every scheduled job of the product. Later modules add theirs here.
pub fn registry() -> Vec<Schedule> {
    vec![
        Schedule {
            name: "maintenance.cleanup",
            // 22:17 UTC is 03:17 in Tashkent: the quietest hour for our users, and off the full
            // hour that hourly jobs will take.
            cron: "0 17 22 * * *",
            run: |services| {
                Box::pin(async move {
                    services::maintenance::cleanup(&services)
                        .await
                        .map(drop)
                        .map_err(Into::into)
                })
            },
        },
        // Hourly, because 01:00 comes at a different UTC hour for each business's time zone:
        // each run rebuilds the businesses where it is 01:00 now.
        Schedule {
            name: "sales.rebuild",
            cron: "0 5 * * * *",
            run: |services| {
                Box::pin(async move {
                    services::sales::numbers::rebuild_due(&services)
                        .await
                        .map(drop)
                        .map_err(Into::into)
                })
            },
        },
    ]
}

/// Runs `schedule` once unless another worker is running it right now.
pub async fn run_exclusive(services: &Services, schedule: &Schedule) -> anyhow::Result<bool> {
    let mut tx = services.db.begin().await?;
    if !services::store::locks::try_transaction_lock(&mut tx, schedule.name).await? {
        tracing::debug!(job = schedule.name, "another worker runs this job");
        return Ok(false);
    }
    let outcome = (schedule.run)(services.clone()).await;
    tx.commit().await?;
    outcome.with_context(|| format!("job {}", schedule.name))?;
    Ok(true)
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

/// Runs the schedules and the e-mail worker until `shutdown` is cancelled.
pub async fn run(services: Services, shutdown: CancellationToken) -> anyhow::Result<()> {
    let scheduler = JobScheduler::new()
        .await
        .context("starting the scheduler")?;
    for schedule in registry() {
        let services = services.clone();
        let job = Job::new_async(schedule.cron, move |_, _| {
            let services = services.clone();
            Box::pin(async move {
                if let Err(error) = run_exclusive(&services, &schedule).await {
                    tracing::error!(
                        job = schedule.name,
                        error = format!("{error:#}"),
                        "scheduled job failed"
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
    tracing::info!("worker started");
    deliver_emails(services, shutdown.clone()).await;
    let mut scheduler = scheduler;
    scheduler.shutdown().await.ok();
    tracing::info!("worker stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_have_unique_names_and_valid_cron_expressions() {
        let schedules = registry();
        let mut names: Vec<_> = schedules.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), schedules.len());
        for schedule in &schedules {
            assert!(
                Job::new_async(schedule.cron, |_, _| Box::pin(async {})).is_ok(),
                "{}: {}",
                schedule.name,
                schedule.cron
            );
        }
    }
}
