//! What a business sells.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ProductRow {
    pub id: Uuid,
    #[sqlx(flatten)]
    pub data: ProductData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ProductData {
    pub name: String,
    pub sku: Option<String>,
    pub description: Option<String>,
    pub price: i64,
    pub cost: Option<i64>,
    pub archived_at: Option<DateTime<Utc>>,
}

macro_rules! columns {
    () => {
        "id, name, sku, description, price, cost, archived_at, created_at, updated_at"
    };
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &ProductData,
) -> StoreResult<ProductRow> {
    let sql = concat!(
        "insert into products (id, business_id, name, sku, description, price, cost, archived_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(id)
        .bind(business_id)
        .bind(&data.name)
        .bind(&data.sku)
        .bind(&data.description)
        .bind(data.price)
        .bind(data.cost)
        .bind(data.archived_at)
        .fetch_one(db)
        .await?)
}

pub async fn find(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    lock: bool,
) -> StoreResult<Option<ProductRow>> {
    let sql = if lock {
        concat!(
            "select ",
            columns!(),
            " from products where business_id = $1 and id = $2 for update"
        )
    } else {
        concat!(
            "select ",
            columns!(),
            " from products where business_id = $1 and id = $2"
        )
    };
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// Active (or archived) products, newest first; `pattern` matches the name (`ILIKE`).
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    archived: bool,
    pattern: Option<&str>,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<ProductRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from products
         where business_id = $1 and (archived_at is not null) = $2
           and ($3::text is null or name ilike $3) and ($4::uuid is null or id < $4)
         order by id desc limit $5"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(archived)
        .bind(pattern)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &ProductRow| row.id))
}

pub async fn replace(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &ProductData,
) -> StoreResult<Option<ProductRow>> {
    let sql = concat!(
        "update products set name = $3, sku = $4, description = $5, price = $6, cost = $7,
            archived_at = $8
         where business_id = $1 and id = $2 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .bind(&data.name)
        .bind(&data.sku)
        .bind(&data.description)
        .bind(data.price)
        .bind(data.cost)
        .bind(data.archived_at)
        .fetch_optional(db)
        .await?)
}

/// The names and prices of the business's products among `ids`, for order lines.
pub async fn find_many(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    ids: &[Uuid],
) -> StoreResult<Vec<ProductRow>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from products where business_id = $1 and id = any($2)"
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(ids)
        .fetch_all(db)
        .await?)
}
