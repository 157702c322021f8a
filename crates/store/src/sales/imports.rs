//! Imports: a file's valid rows are copied (`COPY`) into a temporary staging table and then
//! written with a few set-based statements; the rows an import creates carry its id, so
//! undoing it is a delete by that id.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

/// The staging table of each kind; its columns follow the canonical CSV's, typed.
pub fn staging_ddl(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "customers" => {
            "create temp table staging (line bigint, id uuid, external_id text, name text,
                phone text, email text, channel text, notes text) on commit drop"
        }
        "leads" => {
            "create temp table staging (line bigint, id uuid, external_id text, name text,
                phone text, email text, stage text, channel text, utm_source text, utm_medium text,
                utm_campaign text, value bigint, lost_reason text, notes text,
                created_at timestamptz) on commit drop"
        }
        "orders" => {
            "create temp table staging (line bigint, id uuid, external_id text,
                customer_external_id text, customer_name text, customer_phone text,
                customer_email text, ordered_at timestamptz, amount bigint, status text,
                channel text) on commit drop"
        }
        _ => return None,
    })
}

/// The `COPY` that fills the staging table of `kind` from CSV.
pub fn copy_statement(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "customers" => {
            "copy staging (line, id, external_id, name, phone, email, channel, notes)
             from stdin (format csv)"
        }
        "leads" => {
            "copy staging (line, id, external_id, name, phone, email, stage, channel, utm_source,
                utm_medium, utm_campaign, value, lost_reason, notes, created_at)
             from stdin (format csv)"
        }
        "orders" => {
            "copy staging (line, id, external_id, customer_external_id, customer_name,
                customer_phone, customer_email, ordered_at, amount, status, channel)
             from stdin (format csv)"
        }
        _ => return None,
    })
}

/// What writing the staged rows did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub created: u64,
    pub customers_created: u64,
}

/// New customers for staged buyers whose keys match nobody yet (the first row of each key
/// names them), born with the summary of their orders in the file so that the rebuild after
/// the import need not rewrite them. A buyer whose keys clash with another customer's is left
/// to that customer.
const NEW_BUYERS: &str = concat!(
    "
    with buyers as (
        select distinct on (coalesce(s.customer_external_id, s.customer_phone, s.customer_email))
               coalesce(s.customer_external_id, s.customer_phone, s.customer_email) as key,
               s.customer_external_id as external_id,
               coalesce(s.customer_name, s.customer_phone, s.customer_email, s.customer_external_id)
                   as name,
               s.customer_phone as phone, s.customer_email as email, s.channel
        from staging s
        where coalesce(s.customer_external_id, s.customer_phone, s.customer_email) is not null
          and not exists (select 1 from customers c where c.business_id = $1
                          and c.external_id = s.customer_external_id)
          and not exists (select 1 from customers c where c.business_id = $1
                          and c.phone = s.customer_phone)
          and not exists (select 1 from customers c where c.business_id = $1
                          and c.email = s.customer_email)
        order by 1, s.line
    ), bought as (
        select coalesce(customer_external_id, customer_phone, customer_email) as key,
               min(ordered_at) as first_at, max(ordered_at) as last_at, count(*)::int as n,
               sum(amount)::bigint as total,
               (array_agg(channel order by ordered_at, id))[1] as first_channel
        from staging
        where status in ",
    revenue_statuses!(),
    "
        group by 1
    )
    insert into customers (id, business_id, import_id, external_id, name, phone, email, channel,
        first_order_at, last_order_at, orders_count, total_spent, first_order_channel,
        created_at, updated_at)
    select uuid_v7(), $1, $2, b.external_id, b.name, b.phone, b.email, b.channel,
           o.first_at, o.last_at, coalesce(o.n, 0), coalesce(o.total, 0), o.first_channel, $3, $3
    from buyers b left join bought o using (key)
    on conflict do nothing"
);

/// Orders of the staged rows, each pointed at its buyer: by external id, then phone, then
/// e-mail (hash joins over the whole file rather than a lookup per row).
const NEW_ORDERS: &str = "
    insert into orders (id, business_id, import_id, external_id, customer_id, status, channel,
        ordered_at, amount, created_at, updated_at)
    select s.id, $1, $2, s.external_id, coalesce(ce.id, cp.id, cm.id), s.status, s.channel,
           s.ordered_at, s.amount, $3, $3
    from staging s
    left join customers ce on ce.business_id = $1 and ce.external_id = s.customer_external_id
    left join customers cp on cp.business_id = $1 and cp.phone = s.customer_phone
    left join customers cm on cm.business_id = $1 and cm.email = s.customer_email
    on conflict do nothing";

/// Writes the staged rows of `kind` as new records of the business. Rows matching a record
/// already there (by external id, phone or e-mail) are left out: re-importing a file creates
/// nothing twice.
pub async fn write_staged(
    conn: &mut PgConnection,
    kind: &str,
    business_id: Uuid,
    import_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<Written> {
    let mut written = Written::default();
    match kind {
        "customers" => {
            let result = sqlx::query(
                "insert into customers (id, business_id, import_id, external_id, name, phone,
                    email, channel, notes, created_at, updated_at)
                 select id, $1, $2, external_id, name, phone, email, channel, notes, $3, $3
                 from staging order by line
                 on conflict do nothing",
            )
            .bind(business_id)
            .bind(import_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            written.created = result.rows_affected();
        }
        "leads" => {
            let result = sqlx::query(
                "insert into leads (id, business_id, import_id, external_id, name, phone, email,
                    stage, furthest_stage, channel, utm_source, utm_medium, utm_campaign, value,
                    lost_reason, notes, stage_changed_at, created_at, updated_at)
                 select id, $1, $2, external_id, name, phone, email, stage,
                        case when stage = 'lost' then 'new' else stage end, channel, utm_source,
                        utm_medium, utm_campaign, value, lost_reason, notes,
                        coalesce(created_at, $3), coalesce(created_at, $3), $3
                 from staging order by line
                 on conflict do nothing",
            )
            .bind(business_id)
            .bind(import_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            written.created = result.rows_affected();
        }
        "orders" => {
            // Buyers are picked by sorting the whole file: in memory rather than on disk.
            sqlx::query("set local work_mem = '256MB'")
                .execute(&mut *conn)
                .await?;
            // The planner knows nothing of a table filled a moment ago; without statistics it
            // would look buyers up row by row.
            sqlx::query("analyze staging").execute(&mut *conn).await?;
            let buyers = sqlx::query(NEW_BUYERS)
                .bind(business_id)
                .bind(import_id)
                .bind(now)
                .execute(&mut *conn)
                .await?;
            written.customers_created = buyers.rows_affected();
            if written.customers_created > 0 {
                sqlx::query("analyze customers").execute(&mut *conn).await?;
            }
            let result = sqlx::query(NEW_ORDERS)
                .bind(business_id)
                .bind(import_id)
                .bind(now)
                .execute(&mut *conn)
                .await?;
            written.created = result.rows_affected();
        }
        _ => {}
    }
    Ok(written)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ImportRow {
    pub id: Uuid,
    pub kind: String,
    pub status: String,
    pub mode: String,
    pub mapping: Json<serde_json::Value>,
    pub rows_read: i64,
    pub rows_invalid: i64,
    pub created: i64,
    pub duplicates: i64,
    pub customers_created: i64,
    pub errors: Json<serde_json::Value>,
    pub errors_total: i64,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

macro_rules! columns {
    () => {
        "id, kind, status, mode, mapping, rows_read, rows_invalid, created, duplicates, \
    customers_created, errors, errors_total, created_at, finished_at"
    };
}

/// Records a running import, outside the import's own transaction so its progress shows.
pub async fn start(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    kind: &str,
    mode: &str,
    created_by: Option<Uuid>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "insert into imports (id, business_id, kind, status, mode, created_by, created_at)
         values ($1, $2, $3, 'running', $4, $5, $6)",
    )
    .bind(id)
    .bind(business_id)
    .bind(kind)
    .bind(mode)
    .bind(created_by)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn progress(db: impl PgExecutor<'_>, id: Uuid, rows_read: i64) -> StoreResult<()> {
    sqlx::query("update imports set rows_read = $2 where id = $1")
        .bind(id)
        .bind(rows_read)
        .execute(db)
        .await?;
    Ok(())
}

/// The outcome of an import, as its report shows it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: &'static str,
    pub mapping: Json<serde_json::Value>,
    pub rows_read: i64,
    pub rows_invalid: i64,
    pub created: i64,
    pub duplicates: i64,
    pub customers_created: i64,
    pub errors: Json<serde_json::Value>,
    pub errors_total: i64,
}

pub async fn finish(
    db: impl PgExecutor<'_>,
    id: Uuid,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> StoreResult<ImportRow> {
    let sql = concat!(
        "update imports set status = $2, mapping = $3, rows_read = $4, rows_invalid = $5,
            created = $6, duplicates = $7, customers_created = $8, errors = $9,
            errors_total = $10, finished_at = $11
         where id = $1 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(id)
        .bind(outcome.status)
        .bind(&outcome.mapping)
        .bind(outcome.rows_read)
        .bind(outcome.rows_invalid)
        .bind(outcome.created)
        .bind(outcome.duplicates)
        .bind(outcome.customers_created)
        .bind(&outcome.errors)
        .bind(outcome.errors_total)
        .bind(now)
        .fetch_one(db)
        .await?)
}

pub async fn find(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    lock: bool,
) -> StoreResult<Option<ImportRow>> {
    let sql = if lock {
        concat!(
            "select ",
            columns!(),
            " from imports where business_id = $1 and id = $2 for update"
        )
    } else {
        concat!(
            "select ",
            columns!(),
            " from imports where business_id = $1 and id = $2"
        )
    };
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// The business's imports, newest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<ImportRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from imports where business_id = $1 and ($2::uuid is null or id < $2)
         order by id desc limit $3"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &ImportRow| row.id))
}

/// Removes what an import created: its orders and leads, and the customers it created that
/// no order (of this import or a later one) still names. Returns how many rows went.
pub async fn undo(conn: &mut PgConnection, business_id: Uuid, id: Uuid) -> StoreResult<u64> {
    let mut removed = 0;
    for sql in [
        "delete from orders where business_id = $1 and import_id = $2",
        "delete from leads where business_id = $1 and import_id = $2",
        "delete from customers c where c.business_id = $1 and c.import_id = $2
           and not exists (select 1 from orders o where o.business_id = $1 and o.customer_id = c.id)",
        "update imports set status = 'undone' where business_id = $1 and id = $2",
    ] {
        removed += sqlx::query(sql)
            .bind(business_id)
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(removed.saturating_sub(1))
}

/// Runs one of the fixed statements above (the staging table's DDL).
pub async fn execute(conn: &mut PgConnection, sql: &'static str) -> StoreResult<()> {
    sqlx::query(sql).execute(conn).await?;
    Ok(())
}
