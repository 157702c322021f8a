//! The activity log: recording events next to the changes they describe (same transaction),
//! reading them back with filters, and exporting them as CSV.

use contract::activity::{ActivityEntry, ActivityQuery, Actor as ActorDto};
use contract::pagination::Page;
use domain::activity::{ActivityAction, entity};
use domain::permissions::Permission;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use serde::Serialize;
use serde_json::{Map, Value, json};
use store::activity::{ActivityFilter, ActivityRow, NewActivity};
use uuid::Uuid;

use crate::Services;
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::export::csv_line;
use crate::pagination;

/// What happened to what.
pub struct Event<'a> {
    pub action: ActivityAction,
    pub entity_type: &'a str,
    pub entity_id: Option<Uuid>,
    pub changes: Value,
}

impl<'a> Event<'a> {
    pub fn new(action: ActivityAction, entity_type: &'a str, entity_id: Option<Uuid>) -> Self {
        Event {
            action,
            entity_type,
            entity_id,
            changes: Value::Object(Map::new()),
        }
    }

    pub fn with(mut self, changes: Value) -> Self {
        self.changes = changes;
        self
    }
}

/// Changed fields as `{field: {before, after}}`; unchanged fields are left out.
#[derive(Default)]
pub struct Changes(Map<String, Value>);

impl Changes {
    pub fn field<T: Serialize + PartialEq>(mut self, name: &str, before: &T, after: &T) -> Self {
        if before != after {
            self.0
                .insert(name.to_owned(), json!({ "before": before, "after": after }));
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// Records an event of a business, done by whoever `access` is.
pub async fn record(
    conn: &mut store::PgConnection,
    services: &Services,
    access: &BusinessAccess,
    meta: &RequestMeta,
    event: Event<'_>,
) -> ServiceResult<()> {
    record_by(
        conn,
        services,
        access.business_id,
        (access.actor.user_id(), access.actor.api_key_id()),
        meta,
        event,
    )
    .await
}

/// Records an event of a business done by a person or key known by id, for steps that arrive
/// without a signed-in request (the browser coming back from an OAuth consent page).
pub async fn record_by(
    conn: &mut store::PgConnection,
    services: &Services,
    business_id: Uuid,
    (actor_user_id, actor_api_key_id): (Option<Uuid>, Option<Uuid>),
    meta: &RequestMeta,
    event: Event<'_>,
) -> ServiceResult<()> {
    store::activity::insert(
        conn,
        NewActivity {
            business_id: Some(business_id),
            user_id: None,
            actor_user_id,
            actor_api_key_id,
            action: event.action,
            entity_type: event.entity_type,
            entity_id: event.entity_id,
            changes: event.changes,
            ip: meta.ip,
            user_agent: meta.user_agent.as_deref(),
            at: services.now(),
        },
    )
    .await?;
    Ok(())
}

/// Records an update of `entity_type` with its changed fields; nothing when nothing changed.
pub async fn record_update(
    conn: &mut store::PgConnection,
    services: &Services,
    access: &BusinessAccess,
    meta: &RequestMeta,
    entity_type: &str,
    entity_id: Option<Uuid>,
    changes: Changes,
) -> ServiceResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let event =
        Event::new(ActivityAction::Updated, entity_type, entity_id).with(changes.into_value());
    record(conn, services, access, meta, event).await
}

/// Deletes a row the business owns and records the deletion, in one transaction.
pub async fn delete_owned(
    services: &Services,
    access: &BusinessAccess,
    meta: &RequestMeta,
    kind: store::owned::Owned,
    entity_type: &str,
    id: Uuid,
) -> ServiceResult<()> {
    let mut tx = services.db.begin().await?;
    if !store::owned::delete(&mut *tx, kind, access.business_id, id).await? {
        return Err(ServiceError::NotFound);
    }
    record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Deleted, entity_type, Some(id)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records an event of an account (a security event), done by the account itself.
pub async fn record_for_user(
    db: impl store::PgExecutor<'_>,
    services: &Services,
    user_id: Uuid,
    meta: &RequestMeta,
    event: Event<'_>,
) -> ServiceResult<()> {
    store::activity::insert(
        db,
        NewActivity {
            business_id: None,
            user_id: Some(user_id),
            actor_user_id: Some(user_id),
            actor_api_key_id: None,
            action: event.action,
            entity_type: event.entity_type,
            entity_id: event.entity_id,
            changes: event.changes,
            ip: meta.ip,
            user_agent: meta.user_agent.as_deref(),
            at: services.now(),
        },
    )
    .await?;
    Ok(())
}

pub(crate) fn entry(row: ActivityRow) -> ActivityEntry {
    ActivityEntry {
        id: row.id,
        action: row.action,
        entity_type: row.entity_type,
        entity_id: row.entity_id,
        actor: ActorDto {
            user_id: row.actor_user_id,
            name: row.actor_name,
            api_key_id: row.actor_api_key_id,
        },
        changes: row.changes,
        ip: row.ip.map(|ip| ip.to_string()),
        user_agent: row.user_agent,
        created_at: row.created_at,
    }
}

fn filter(query: &ActivityQuery) -> ServiceResult<ActivityFilter> {
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from >= to
    {
        return Err(ServiceError::field(
            "to",
            "before_from",
            "must be after `from`",
        ));
    }
    Ok(ActivityFilter {
        action: query.action,
        actor_user_id: query.actor_id,
        entity_type: query.entity_type.clone(),
        entity_id: query.entity_id,
        from: query.from,
        to: query.to,
    })
}

/// A page of the business's log, newest first.
pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &ActivityQuery,
) -> ServiceResult<Page<ActivityEntry>> {
    access.require(Permission::ActivityRead)?;
    let filter = filter(query)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let limit = query.limit.unwrap_or(contract::pagination::DEFAULT_LIMIT);
    let paged =
        store::activity::list(&services.db, access.business_id, &filter, after, limit).await?;
    Ok(pagination::page(paged, entry))
}

/// Rows an export holds at most; narrower filters export the rest.
pub const EXPORT_MAX_ROWS: i64 = 100_000;

const CSV_HEADER: [&str; 11] = [
    "id",
    "created_at",
    "action",
    "entity_type",
    "entity_id",
    "actor_user_id",
    "actor_name",
    "actor_api_key_id",
    "ip",
    "user_agent",
    "changes",
];

/// The filtered log as CSV lines (header first), streamed from the database. The export itself
/// is recorded in the log.
pub async fn export_csv(
    services: &Services,
    access: &BusinessAccess,
    meta: &RequestMeta,
    query: ActivityQuery,
) -> ServiceResult<BoxStream<'static, ServiceResult<Vec<u8>>>> {
    access.require(Permission::ActivityRead)?;
    filter(&query)?;
    let mut conn = services.db.acquire().await?;
    record(
        &mut conn,
        services,
        access,
        meta,
        Event::new(ActivityAction::Exported, entity::ACTIVITY, None)
            .with(json!({ "format": "csv", "filters": query })),
    )
    .await?;
    drop(conn);

    let header = csv_line(&CSV_HEADER.map(String::from));
    let rows = store::activity::stream(
        services.db.clone(),
        access.business_id,
        filter(&query)?,
        EXPORT_MAX_ROWS,
    )
    .map(|row| row.map(csv_row).map_err(ServiceError::from));
    Ok(futures_util::stream::once(async move { Ok(header) })
        .chain(rows)
        .boxed())
}

fn csv_row(row: ActivityRow) -> Vec<u8> {
    let fields = [
        row.id.to_string(),
        row.created_at.to_rfc3339(),
        row.action.as_str().to_owned(),
        row.entity_type,
        row.entity_id.map(|id| id.to_string()).unwrap_or_default(),
        row.actor_user_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        row.actor_name.unwrap_or_default(),
        row.actor_api_key_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        row.ip.map(|ip| ip.to_string()).unwrap_or_default(),
        row.user_agent.unwrap_or_default(),
        row.changes.to_string(),
    ];
    csv_line(&fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_recorded() {
        let changes = Changes::default()
            .field("name", &"Old", &"New")
            .field("currency", &"UZS", &"UZS")
            .into_value();
        assert_eq!(changes, json!({"name": {"before": "Old", "after": "New"}}));
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        let line = csv_line(&["a,b".into(), "=HYPERLINK(\"x\")".into(), "plain".into()]);
        assert_eq!(
            String::from_utf8_lossy(&line),
            "\"a,b\",\"'=HYPERLINK(\"\"x\"\")\",plain\n"
        );
    }
}
