//! Housekeeping: forgets what has served its purpose, so tables stay small and personal data
//! is not kept longer than needed.

use chrono::Duration;

use crate::Services;
use crate::error::ServiceResult;

/// Rows removed by one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CleanupReport {
    pub sessions: u64,
    pub email_tokens: u64,
    pub login_attempts: u64,
    pub idempotency_keys: u64,
    pub emails: u64,
    pub businesses: u64,
    pub jobs: u64,
    pub sync_runs: u64,
}

pub async fn cleanup(services: &Services) -> ServiceResult<CleanupReport> {
    let now = services.now();
    let db = &services.db;
    let report = CleanupReport {
        sessions: store::sessions::purge_ended_before(db, now - Duration::days(30)).await?,
        email_tokens: store::accounts::purge_email_tokens_before(db, now - Duration::days(7))
            .await?,
        login_attempts: store::accounts::purge_login_attempts_before(db, now - Duration::days(90))
            .await?,
        idempotency_keys: store::idempotency::purge_before(db, now - Duration::hours(24)).await?,
        emails: store::outbox::purge_before(db, now - Duration::days(30)).await?,
        businesses: store::businesses::purge_deleted_before(
            db,
            now - Duration::days(services.settings.deleted_business_retention_days),
        )
        .await?,
        // Dead jobs stay a month so their errors can be read; done ones a week.
        jobs: store::jobs::purge_finished_before(db, now - Duration::days(7)).await?,
        sync_runs: store::channels::purge_runs_before(db, now - Duration::days(30)).await?,
    };
    tracing::info!(?report, "cleanup done");
    Ok(report)
}
