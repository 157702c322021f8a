//! The e-mail outbox. A message is written in the same transaction as the change that causes
//! it, then delivered by a worker; a delivery that dies mid-way is retried after its lease.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;

/// The channel workers listen on to hear about new messages at once.
pub const NOTIFY_CHANNEL: &str = "email_outbox";

pub struct NewEmail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub kind: &'a str,
    pub now: DateTime<Utc>,
}

pub async fn enqueue(conn: &mut sqlx::PgConnection, email: NewEmail<'_>) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into email_outbox (id, to_email, subject, body_text, kind, created_at, next_attempt_at)
         values ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(id)
    .bind(email.to)
    .bind(email.subject)
    .bind(email.body_text)
    .bind(email.kind)
    .bind(email.now)
    .execute(&mut *conn)
    .await?;
    // Delivered when the transaction commits.
    sqlx::query("select pg_notify($1, '')")
        .bind(NOTIFY_CHANNEL)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutgoingEmail {
    pub id: Uuid,
    pub to_email: String,
    pub subject: String,
    pub body_text: String,
    pub kind: String,
    /// Attempts including the one this claim starts.
    pub attempts: i32,
}

/// Takes up to `limit` due messages for delivery. Each is leased until `now + lease`: if the
/// worker dies before reporting, another worker picks it up after that.
pub async fn claim_due(
    db: impl PgExecutor<'_>,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> StoreResult<Vec<OutgoingEmail>> {
    // RETURNING keeps no order, so the claimed rows are sorted afterwards: oldest first.
    Ok(sqlx::query_as(
        "with due as (
             select id from email_outbox
             where sent_at is null and failed_at is null and next_attempt_at <= $1
             order by next_attempt_at, id
             limit $3
             for update skip locked
         ), claimed as (
             update email_outbox e set attempts = e.attempts + 1, next_attempt_at = $2
             from due where e.id = due.id
             returning e.id, e.to_email, e.subject, e.body_text, e.kind, e.attempts
         )
         select * from claimed order by id",
    )
    .bind(now)
    .bind(now + lease)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

pub async fn mark_sent(db: impl PgExecutor<'_>, id: Uuid, now: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("update email_outbox set sent_at = $2, last_error = null where id = $1")
        .bind(id)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or given up when `retry_at` is `None`.
pub async fn mark_failed(
    db: impl PgExecutor<'_>,
    id: Uuid,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "update email_outbox set last_error = $2,
             next_attempt_at = coalesce($3, next_attempt_at),
             failed_at = case when $3 is null then $4 else null end
         where id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(retry_at)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets delivered and abandoned messages older than `cutoff`.
pub async fn purge_before(db: impl PgExecutor<'_>, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let result = sqlx::query("delete from email_outbox where (sent_at < $1) or (failed_at < $1)")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}

/// Messages to one address, newest first (the demo and operators read the outbox when no
/// SMTP server is configured).
pub async fn latest_to(
    db: impl PgExecutor<'_>,
    to: &str,
    limit: i64,
) -> StoreResult<Vec<OutgoingEmail>> {
    Ok(sqlx::query_as(
        "select id, to_email, subject, body_text, kind, attempts from email_outbox
         where to_email = $1 order by id desc limit $2",
    )
    .bind(to)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// A connection listening for new messages.
pub struct Listener(sqlx::postgres::PgListener);

impl Listener {
    /// Waits for the next notification.
    pub async fn recv(&mut self) -> StoreResult<()> {
        self.0.recv().await?;
        Ok(())
    }
}

pub async fn listen(pool: &sqlx::PgPool) -> StoreResult<Listener> {
    let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
    listener.listen(NOTIFY_CHANNEL).await?;
    Ok(Listener(listener))
}
