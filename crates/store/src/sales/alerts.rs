//! KPI threshold alerts: raised and resolved by the rebuild, listed and dismissed by people.

use chrono::{DateTime, Utc};
use domain::sales::{AlertKind, AlertSignal, Severity};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct AlertRow {
    pub id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: AlertKind,
    #[sqlx(try_from = "String")]
    pub severity: Severity,
    pub value: f64,
    pub threshold: f64,
    pub raised_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub dismissed_at: Option<DateTime<Utc>>,
}

macro_rules! columns {
    () => {
        "id, kind, severity, value, threshold, raised_at, resolved_at, dismissed_at"
    };
}

/// Raises an alert, or refreshes the open one of its kind (keeping when it was raised and
/// whether it was dismissed).
pub async fn raise(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    signal: &AlertSignal,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "insert into alerts (id, business_id, kind, severity, value, threshold, raised_at)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (business_id, kind) where resolved_at is null do update set
            severity = excluded.severity, value = excluded.value, threshold = excluded.threshold",
    )
    .bind(Uuid::now_v7())
    .bind(business_id)
    .bind(signal.kind.as_str())
    .bind(signal.severity.as_str())
    .bind(signal.value)
    .bind(signal.threshold)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Resolves the open alerts whose kind is no longer among `firing`.
pub async fn resolve_others(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    firing: &[AlertKind],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let firing: Vec<&str> = firing.iter().map(|k| k.as_str()).collect();
    sqlx::query(
        "update alerts set resolved_at = $3
         where business_id = $1 and resolved_at is null and kind <> all($2)",
    )
    .bind(business_id)
    .bind(firing)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Alerts, newest first; `open_only` leaves out resolved and dismissed ones.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    open_only: bool,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<AlertRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from alerts
         where business_id = $1
           and (not $2 or (resolved_at is null and dismissed_at is null))
           and ($3::uuid is null or id < $3)
         order by id desc limit $4"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(open_only)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &AlertRow| row.id))
}

pub async fn dismiss(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<Option<AlertRow>> {
    let sql = concat!(
        "update alerts set dismissed_at = coalesce(dismissed_at, $3)
         where business_id = $1 and id = $2 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .bind(now)
        .fetch_optional(db)
        .await?)
}
