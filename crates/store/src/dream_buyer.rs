//! Dream buyer avatars.

use chrono::{DateTime, Utc};
use domain::dream_buyer::Gender;
use sqlx::PgExecutor;
use sqlx::types::Json;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DreamBuyerRow {
    pub id: Uuid,
    #[sqlx(flatten)]
    pub data: DreamBuyerData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everything about an avatar that its owners edit.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DreamBuyerData {
    pub name: String,
    pub description: Option<String>,
    pub age_min: Option<i16>,
    pub age_max: Option<i16>,
    #[sqlx(try_from = "Option<String>")]
    pub gender: StoredGender,
    pub income: Option<String>,
    pub location: Option<String>,
    pub occupation: Option<String>,
    /// Answers keyed by question name.
    pub answers: Json<serde_json::Value>,
    pub wizard_step: i16,
    pub archived_at: Option<DateTime<Utc>>,
}

/// An optional gender read back from its stored name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredGender(pub Option<Gender>);

impl TryFrom<Option<String>> for StoredGender {
    type Error = domain::UnknownName;
    fn try_from(value: Option<String>) -> Result<Self, Self::Error> {
        value.map(Gender::try_from).transpose().map(StoredGender)
    }
}

macro_rules! columns {
    () => {
        "id, name, description, age_min, age_max, gender, income, location, \
    occupation, answers, wizard_step, archived_at, created_at, updated_at"
    };
}

/// Avatars a business keeps, archived ones included.
pub async fn count(db: impl PgExecutor<'_>, business_id: Uuid) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar("select count(*) from dream_buyers where business_id = $1")
            .bind(business_id)
            .fetch_one(db)
            .await?,
    )
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &DreamBuyerData,
) -> StoreResult<DreamBuyerRow> {
    let sql = concat!(
        "insert into dream_buyers (id, business_id, name, description, age_min, age_max, gender,
            income, location, occupation, answers, wizard_step, archived_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning ",
        columns!()
    );
    Ok(bind(sqlx::query_as(sql).bind(id).bind(business_id), data)
        .fetch_one(db)
        .await?)
}

fn bind<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>,
    data: &'q DreamBuyerData,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments> {
    query
        .bind(&data.name)
        .bind(&data.description)
        .bind(data.age_min)
        .bind(data.age_max)
        .bind(data.gender.0.map(Gender::as_str))
        .bind(&data.income)
        .bind(&data.location)
        .bind(&data.occupation)
        .bind(&data.answers)
        .bind(data.wizard_step)
        .bind(data.archived_at)
}

/// An avatar of the business; `lock` holds it until the transaction ends.
pub async fn find(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    lock: bool,
) -> StoreResult<Option<DreamBuyerRow>> {
    let sql = if lock {
        concat!(
            "select ",
            columns!(),
            " from dream_buyers where business_id = $1 and id = $2",
            " for update"
        )
    } else {
        concat!(
            "select ",
            columns!(),
            " from dream_buyers where business_id = $1 and id = $2"
        )
    };
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// The newest active avatar of a business.
pub async fn newest_active(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
) -> StoreResult<Option<DreamBuyerRow>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from dream_buyers where business_id = $1 and archived_at is null
         order by id desc limit 1"
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .fetch_optional(db)
        .await?)
}

/// Active (or archived) avatars, newest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    archived: bool,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<DreamBuyerRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from dream_buyers
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
    Ok(Paged::from_rows(rows, limit, |row: &DreamBuyerRow| row.id))
}

pub async fn replace(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &DreamBuyerData,
) -> StoreResult<Option<DreamBuyerRow>> {
    let sql = concat!(
        "update dream_buyers set name = $3, description = $4, age_min = $5, age_max = $6,
            gender = $7, income = $8, location = $9, occupation = $10, answers = $11,
            wizard_step = $12, archived_at = $13
         where business_id = $1 and id = $2 returning ",
        columns!()
    );
    Ok(bind(sqlx::query_as(sql).bind(business_id).bind(id), data)
        .fetch_optional(db)
        .await?)
}
