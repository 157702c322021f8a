//! Offers with their value stack, guarantee, lead magnet and pricing plan.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use sqlx::types::Json;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OfferRow {
    pub id: Uuid,
    #[sqlx(flatten)]
    pub data: OfferData,
    pub variant_of: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everything about an offer that its owners edit. The JSON parts are written and read by the
/// services as the API's own types.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OfferData {
    pub name: String,
    pub description: Option<String>,
    pub headline: Option<String>,
    pub price: i64,
    pub core_value: i64,
    pub dream_outcome: i16,
    pub perceived_likelihood: i16,
    pub time_delay: i16,
    pub effort_sacrifice: i16,
    pub bonuses: Json<serde_json::Value>,
    pub guarantee: Option<Json<serde_json::Value>>,
    pub hvco: Option<Json<serde_json::Value>>,
    pub pricing_plan: Option<Json<serde_json::Value>>,
    pub deadline: Option<DateTime<Utc>>,
    pub quantity_limit: Option<i32>,
    pub archived_at: Option<DateTime<Utc>>,
}

macro_rules! columns {
    () => {
        "id, name, description, headline, price, core_value, dream_outcome, \
    perceived_likelihood, time_delay, effort_sacrifice, bonuses, guarantee, hvco, pricing_plan, \
    deadline, quantity_limit, archived_at, variant_of, created_at, updated_at"
    };
}

type Query<'q> = sqlx::query::QueryAs<'q, sqlx::Postgres, OfferRow, sqlx::postgres::PgArguments>;

fn bind<'q>(query: Query<'q>, data: &'q OfferData) -> Query<'q> {
    query
        .bind(&data.name)
        .bind(&data.description)
        .bind(&data.headline)
        .bind(data.price)
        .bind(data.core_value)
        .bind(data.dream_outcome)
        .bind(data.perceived_likelihood)
        .bind(data.time_delay)
        .bind(data.effort_sacrifice)
        .bind(&data.bonuses)
        .bind(&data.guarantee)
        .bind(&data.hvco)
        .bind(&data.pricing_plan)
        .bind(data.deadline)
        .bind(data.quantity_limit)
        .bind(data.archived_at)
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    variant_of: Option<Uuid>,
    data: &OfferData,
) -> StoreResult<OfferRow> {
    let sql = concat!(
        "insert into offers (id, business_id, variant_of, name, description, headline, price,
            core_value, dream_outcome, perceived_likelihood, time_delay, effort_sacrifice, bonuses,
            guarantee, hvco, pricing_plan, deadline, quantity_limit, archived_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
            $19)
         returning ",
        columns!()
    );
    let query = sqlx::query_as(sql)
        .bind(id)
        .bind(business_id)
        .bind(variant_of);
    Ok(bind(query, data).fetch_one(db).await?)
}

/// An offer of the business; `lock` holds it until the transaction ends.
pub async fn find(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    lock: bool,
) -> StoreResult<Option<OfferRow>> {
    let sql = if lock {
        concat!(
            "select ",
            columns!(),
            " from offers where business_id = $1 and id = $2",
            " for update"
        )
    } else {
        concat!(
            "select ",
            columns!(),
            " from offers where business_id = $1 and id = $2"
        )
    };
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// The newest active offer of a business.
pub async fn newest_active(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
) -> StoreResult<Option<OfferRow>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from offers where business_id = $1 and archived_at is null
         order by id desc limit 1"
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .fetch_optional(db)
        .await?)
}

/// Active (or archived) offers, newest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    archived: bool,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<OfferRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from offers
         where business_id = $1 and (archived_at is not null) = $2 and ($3::uuid is null or id < $3)
         order by id desc limit $4"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(archived)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &OfferRow| row.id))
}

pub async fn replace(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &OfferData,
) -> StoreResult<Option<OfferRow>> {
    let sql = concat!(
        "update offers set name = $3, description = $4, headline = $5, price = $6,
            core_value = $7, dream_outcome = $8, perceived_likelihood = $9, time_delay = $10,
            effort_sacrifice = $11, bonuses = $12, guarantee = $13, hvco = $14,
            pricing_plan = $15, deadline = $16, quantity_limit = $17, archived_at = $18
         where business_id = $1 and id = $2 returning ",
        columns!()
    );
    let query = sqlx::query_as(sql).bind(business_id).bind(id);
    Ok(bind(query, data).fetch_optional(db).await?)
}
