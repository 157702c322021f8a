//! The activity log: one row per recorded event, never updated.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use domain::activity::ActivityAction;
use futures_util::stream::BoxStream;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::pagination::{Paged, fetch_limit};
use crate::{StoreError, StoreResult};

/// An event to record.
#[derive(Debug, Clone)]
pub struct NewActivity<'a> {
    pub business_id: Option<Uuid>,
    /// The account a security event is about.
    pub user_id: Option<Uuid>,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key_id: Option<Uuid>,
    pub action: ActivityAction,
    pub entity_type: &'a str,
    pub entity_id: Option<Uuid>,
    pub changes: serde_json::Value,
    pub ip: Option<IpAddr>,
    pub user_agent: Option<&'a str>,
    pub at: DateTime<Utc>,
}

pub async fn insert(db: impl PgExecutor<'_>, event: NewActivity<'_>) -> StoreResult<()> {
    sqlx::query(
        "insert into activity_log (id, business_id, user_id, actor_user_id, actor_api_key_id, action,
             entity_type, entity_id, changes, ip, user_agent, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(Uuid::now_v7())
    .bind(event.business_id)
    .bind(event.user_id)
    .bind(event.actor_user_id)
    .bind(event.actor_api_key_id)
    .bind(event.action.as_str())
    .bind(event.entity_type)
    .bind(event.entity_id)
    .bind(&event.changes)
    .bind(event.ip)
    .bind(event.user_agent)
    .bind(event.at)
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: Uuid,
    #[sqlx(try_from = "String")]
    pub action: ActivityAction,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub actor_user_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_api_key_id: Option<Uuid>,
    pub changes: serde_json::Value,
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Filters of a business's log.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub action: Option<ActivityAction>,
    pub actor_user_id: Option<Uuid>,
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

// Every filter is optional; `$n is null or …` keeps one statement (one prepared plan) for all
// combinations, and the (business_id, id desc) index serves the order and the cursor.
const SELECT: &str = "select a.id, a.action, a.entity_type, a.entity_id, a.actor_user_id,
        u.name as actor_name, a.actor_api_key_id, a.changes, a.ip, a.user_agent, a.created_at
     from activity_log a left join users u on u.id = a.actor_user_id
     where a.business_id = $1
       and ($2::text is null or a.action = $2)
       and ($3::uuid is null or a.actor_user_id = $3)
       and ($4::text is null or a.entity_type = $4)
       and ($5::uuid is null or a.entity_id = $5)
       and ($6::timestamptz is null or a.created_at >= $6)
       and ($7::timestamptz is null or a.created_at < $7)
       and ($8::uuid is null or a.id < $8)
     order by a.id desc
     limit $9";

/// One page of a business's log, newest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    filter: &ActivityFilter,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<ActivityRow, Uuid>> {
    let rows = sqlx::query_as(SELECT)
        .bind(business_id)
        .bind(filter.action.map(ActivityAction::as_str))
        .bind(filter.actor_user_id)
        .bind(filter.entity_type.as_deref())
        .bind(filter.entity_id)
        .bind(filter.from)
        .bind(filter.to)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &ActivityRow| row.id))
}

/// Streams the whole filtered log (newest first, at most `max_rows`) without holding it in
/// memory, for exports. A task reads the rows and hands them over through a bounded channel,
/// so the stream owns everything it needs and stops reading when the consumer goes away.
pub fn stream(
    pool: sqlx::PgPool,
    business_id: Uuid,
    filter: ActivityFilter,
    max_rows: i64,
) -> BoxStream<'static, Result<ActivityRow, StoreError>> {
    use futures_util::StreamExt;
    let (sender, receiver) = tokio::sync::mpsc::channel(256);
    tokio::spawn(async move {
        let mut rows = sqlx::query_as::<_, ActivityRow>(SELECT)
            .bind(business_id)
            .bind(filter.action.map(ActivityAction::as_str))
            .bind(filter.actor_user_id)
            .bind(filter.entity_type.as_deref())
            .bind(filter.entity_id)
            .bind(filter.from)
            .bind(filter.to)
            .bind(None::<Uuid>)
            .bind(max_rows)
            .fetch(&pool);
        while let Some(row) = rows.next().await {
            if sender.send(row.map_err(StoreError::from)).await.is_err() {
                break;
            }
        }
    });
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|row| (row, receiver))
    })
    .boxed()
}

/// The latest security events of one account, newest first.
pub async fn list_for_user(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<ActivityRow, Uuid>> {
    let rows = sqlx::query_as(
        "select a.id, a.action, a.entity_type, a.entity_id, a.actor_user_id, null::text as actor_name,
             a.actor_api_key_id, a.changes, a.ip, a.user_agent, a.created_at
         from activity_log a
         where a.user_id = $1 and ($2::uuid is null or a.id < $2)
         order by a.id desc limit $3",
    )
    .bind(user_id)
    .bind(after)
    .bind(fetch_limit(limit))
    .fetch_all(db)
    .await?;
    Ok(Paged::from_rows(rows, limit, |row: &ActivityRow| row.id))
}
