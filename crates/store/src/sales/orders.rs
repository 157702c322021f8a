//! Orders: what was bought, by whom, through which channel, when.

use chrono::{DateTime, Utc};
use domain::channels::Channel;
use domain::sales::OrderStatus;
use sqlx::PgExecutor;
use sqlx::types::Json;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OrderRow {
    pub id: Uuid,
    #[sqlx(flatten)]
    pub data: OrderData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OrderData {
    pub external_id: Option<String>,
    pub customer_id: Option<Uuid>,
    #[sqlx(try_from = "String")]
    pub status: OrderStatus,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub ordered_at: DateTime<Utc>,
    pub amount: i64,
    /// The order's lines, written and read by the services as the API's own type.
    pub items: Json<serde_json::Value>,
    pub notes: Option<String>,
}

macro_rules! columns {
    () => {
        "id, external_id, customer_id, status, channel, ordered_at, amount, items, notes, \
    created_at, updated_at"
    };
}

pub const UNIQUE_EXTERNAL_ID: &str = "orders_external";
pub const CUSTOMER_REFERENCE: &str = "orders_customer_id_fkey";

pub async fn insert(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &OrderData,
) -> StoreResult<OrderRow> {
    let sql = concat!(
        "insert into orders (id, business_id, external_id, customer_id, status, channel,
            ordered_at, amount, items, notes)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(id)
        .bind(business_id)
        .bind(&data.external_id)
        .bind(data.customer_id)
        .bind(data.status.as_str())
        .bind(data.channel.as_str())
        .bind(data.ordered_at)
        .bind(data.amount)
        .bind(&data.items)
        .bind(&data.notes)
        .fetch_one(db)
        .await?)
}

pub async fn find(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    lock: bool,
) -> StoreResult<Option<OrderRow>> {
    let sql = if lock {
        concat!(
            "select ",
            columns!(),
            " from orders where business_id = $1 and id = $2 for update"
        )
    } else {
        concat!(
            "select ",
            columns!(),
            " from orders where business_id = $1 and id = $2"
        )
    };
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

#[derive(Debug, Clone, Default)]
pub struct OrderFilter<'a> {
    /// An `ILIKE` pattern over the external id and notes.
    pub pattern: Option<&'a str>,
    pub status: Option<OrderStatus>,
    pub channel: Option<Channel>,
    pub customer_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Orders, latest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    filter: &OrderFilter<'_>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: u32,
) -> StoreResult<Paged<OrderRow, (DateTime<Utc>, Uuid)>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from orders
         where business_id = $1
           and ($2::text is null or coalesce(external_id, '') || ' ' || coalesce(notes, '') ilike $2)
           and ($3::text is null or status = $3)
           and ($4::text is null or channel = $4)
           and ($5::uuid is null or customer_id = $5)
           and ($6::timestamptz is null or ordered_at >= $6)
           and ($7::timestamptz is null or ordered_at < $7)
           and ($8::timestamptz is null or (ordered_at, id) < ($8, $9))
         order by ordered_at desc, id desc limit $10"
    );
    let (after_at, after_id) = after.unzip();
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(filter.pattern)
        .bind(filter.status.map(OrderStatus::as_str))
        .bind(filter.channel.map(Channel::as_str))
        .bind(filter.customer_id)
        .bind(filter.from)
        .bind(filter.to)
        .bind(after_at)
        .bind(after_id)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &OrderRow| {
        (row.data.ordered_at, row.id)
    }))
}

pub async fn replace(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &OrderData,
) -> StoreResult<Option<OrderRow>> {
    let sql = concat!(
        "update orders set external_id = $3, customer_id = $4, status = $5, channel = $6,
            ordered_at = $7, amount = $8, items = $9, notes = $10
         where business_id = $1 and id = $2 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .bind(&data.external_id)
        .bind(data.customer_id)
        .bind(data.status.as_str())
        .bind(data.channel.as_str())
        .bind(data.ordered_at)
        .bind(data.amount)
        .bind(&data.items)
        .bind(&data.notes)
        .fetch_optional(db)
        .await?)
}

/// Deletes an order, returning it so its sums can leave the stats.
pub async fn delete(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
) -> StoreResult<Option<OrderRow>> {
    let sql = concat!(
        "delete from orders where business_id = $1 and id = $2 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// An order as a bulk write gives it (demo data, imports).
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub id: Uuid,
    pub data: OrderData,
}

/// Inserts many orders in one statement; the aggregates come from a rebuild afterwards.
pub async fn insert_many(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    import_id: Option<Uuid>,
    rows: &[NewOrder],
) -> StoreResult<u64> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let external: Vec<Option<String>> = rows.iter().map(|r| r.data.external_id.clone()).collect();
    let customers: Vec<Option<Uuid>> = rows.iter().map(|r| r.data.customer_id).collect();
    let statuses: Vec<&str> = rows.iter().map(|r| r.data.status.as_str()).collect();
    let channels: Vec<&str> = rows.iter().map(|r| r.data.channel.as_str()).collect();
    let at: Vec<DateTime<Utc>> = rows.iter().map(|r| r.data.ordered_at).collect();
    let amounts: Vec<i64> = rows.iter().map(|r| r.data.amount).collect();
    let items: Vec<serde_json::Value> = rows.iter().map(|r| r.data.items.0.clone()).collect();
    let result = sqlx::query(
        "insert into orders (id, business_id, import_id, external_id, customer_id, status,
            channel, ordered_at, amount, items, created_at, updated_at)
         select id, $1, $2, external_id, customer_id, status, channel, ordered_at, amount, items,
                ordered_at, ordered_at
         from unnest($3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[],
                     $8::timestamptz[], $9::bigint[], $10::jsonb[])
              as t(id, external_id, customer_id, status, channel, ordered_at, amount, items)",
    )
    .bind(business_id)
    .bind(import_id)
    .bind(ids)
    .bind(external)
    .bind(customers)
    .bind(statuses)
    .bind(channels)
    .bind(at)
    .bind(amounts)
    .bind(items)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}
