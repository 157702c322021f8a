//! A business's customers, with their order history summed up (kept by `stats`).

use chrono::{DateTime, Utc};
use domain::channels::Channel;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CustomerRow {
    pub id: Uuid,
    #[sqlx(flatten)]
    pub data: CustomerData,
    pub first_order_at: Option<DateTime<Utc>>,
    pub last_order_at: Option<DateTime<Utc>>,
    pub orders_count: i32,
    pub total_spent: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What people edit about a customer.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CustomerData {
    pub external_id: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub notes: Option<String>,
}

macro_rules! columns {
    () => {
        "id, external_id, name, phone, email, channel, notes, first_order_at, last_order_at, \
    orders_count, total_spent, created_at, updated_at"
    };
}

/// The unique keys a customer is matched by; the API names the field that clashed.
pub const UNIQUE_EXTERNAL_ID: &str = "customers_external";
pub const UNIQUE_PHONE: &str = "customers_phone";
pub const UNIQUE_EMAIL: &str = "customers_email";

pub async fn insert(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &CustomerData,
) -> StoreResult<CustomerRow> {
    let sql = concat!(
        "insert into customers (id, business_id, external_id, name, phone, email, channel, notes)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(id)
        .bind(business_id)
        .bind(&data.external_id)
        .bind(&data.name)
        .bind(&data.phone)
        .bind(&data.email)
        .bind(data.channel.as_str())
        .bind(&data.notes)
        .fetch_one(db)
        .await?)
}

pub async fn find(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    lock: bool,
) -> StoreResult<Option<CustomerRow>> {
    let sql = if lock {
        concat!(
            "select ",
            columns!(),
            " from customers where business_id = $1 and id = $2 for update"
        )
    } else {
        concat!(
            "select ",
            columns!(),
            " from customers where business_id = $1 and id = $2"
        )
    };
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// Filters of the customer list.
#[derive(Debug, Clone, Default)]
pub struct CustomerFilter<'a> {
    /// An `ILIKE` pattern over name, phone and e-mail.
    pub pattern: Option<&'a str>,
    pub channel: Option<Channel>,
}

/// Customers, newest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    filter: &CustomerFilter<'_>,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<CustomerRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from customers
         where business_id = $1
           and ($2::text is null
                or (name || ' ' || coalesce(phone, '') || ' ' || coalesce(email, '')) ilike $2)
           and ($3::text is null or channel = $3)
           and ($4::uuid is null or id < $4)
         order by id desc limit $5"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(filter.pattern)
        .bind(filter.channel.map(Channel::as_str))
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &CustomerRow| row.id))
}

pub async fn replace(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &CustomerData,
) -> StoreResult<Option<CustomerRow>> {
    let sql = concat!(
        "update customers set external_id = $3, name = $4, phone = $5, email = $6, channel = $7,
            notes = $8
         where business_id = $1 and id = $2 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .bind(&data.external_id)
        .bind(&data.name)
        .bind(&data.phone)
        .bind(&data.email)
        .bind(data.channel.as_str())
        .bind(&data.notes)
        .fetch_optional(db)
        .await?)
}

/// Whether the business has this customer.
pub async fn exists(db: impl PgExecutor<'_>, business_id: Uuid, id: Uuid) -> StoreResult<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from customers where business_id = $1 and id = $2)",
    )
    .bind(business_id)
    .bind(id)
    .fetch_one(db)
    .await?)
}

/// A customer as a bulk write gives it (demo data, imports).
#[derive(Debug, Clone)]
pub struct NewCustomer {
    pub id: Uuid,
    pub data: CustomerData,
    pub created_at: DateTime<Utc>,
}

/// Inserts many customers in one statement; their order summaries come from a rebuild.
pub async fn insert_many(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    import_id: Option<Uuid>,
    rows: &[NewCustomer],
) -> StoreResult<u64> {
    let column = |f: fn(&NewCustomer) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let names: Vec<String> = rows.iter().map(|r| r.data.name.clone()).collect();
    let channels: Vec<&str> = rows.iter().map(|r| r.data.channel.as_str()).collect();
    let created: Vec<DateTime<Utc>> = rows.iter().map(|r| r.created_at).collect();
    let result = sqlx::query(
        "insert into customers (id, business_id, import_id, external_id, name, phone, email,
            channel, notes, created_at, updated_at)
         select id, $1, $2, external_id, name, phone, email, channel, notes, created_at, created_at
         from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::timestamptz[])
              as t(id, external_id, name, phone, email, channel, notes, created_at)",
    )
    .bind(business_id)
    .bind(import_id)
    .bind(ids)
    .bind(column(|r| r.data.external_id.clone()))
    .bind(names)
    .bind(column(|r| r.data.phone.clone()))
    .bind(column(|r| r.data.email.clone()))
    .bind(channels)
    .bind(column(|r| r.data.notes.clone()))
    .bind(created)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}
