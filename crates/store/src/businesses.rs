//! Businesses. Reads for a user always go through their membership.

use chrono::{DateTime, Utc};
use domain::accounts::Locale;
use domain::businesses::Industry;
use domain::permissions::Role;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BusinessRow {
    pub id: Uuid,
    pub name: String,
    #[sqlx(try_from = "Option<String>")]
    pub industry: StoredIndustry,
    pub description: Option<String>,
    pub website: Option<String>,
    pub region: Option<String>,
    pub currency: String,
    pub timezone: String,
    #[sqlx(try_from = "String")]
    pub locale: Locale,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An optional industry read back from its stored name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredIndustry(pub Option<Industry>);

impl TryFrom<Option<String>> for StoredIndustry {
    type Error = domain::UnknownName;
    fn try_from(value: Option<String>) -> Result<Self, Self::Error> {
        value
            .map(Industry::try_from)
            .transpose()
            .map(StoredIndustry)
    }
}

macro_rules! columns {
    () => {
        "b.id, b.name, b.industry, b.description, b.website, b.region, b.currency, \
    b.timezone, b.locale, b.created_at, b.updated_at"
    };
}

/// A business and the reader's role in it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberBusinessRow {
    #[sqlx(flatten)]
    pub business: BusinessRow,
    #[sqlx(try_from = "String")]
    pub role: Role,
}

pub struct NewBusiness<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub industry: Option<Industry>,
    pub description: Option<&'a str>,
    pub website: Option<&'a str>,
    pub region: Option<&'a str>,
    pub currency: &'a str,
    pub timezone: &'a str,
    pub locale: Locale,
}

/// Creates a business owned by `owner_id`.
pub async fn insert_with_owner(
    conn: &mut sqlx::PgConnection,
    business: NewBusiness<'_>,
    owner_id: Uuid,
) -> StoreResult<BusinessRow> {
    let sql = concat!(
        "insert into businesses as b (id, name, industry, description, website, region, currency, timezone, locale)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ",
        columns!()
    );
    let row: BusinessRow = sqlx::query_as(sql)
        .bind(business.id)
        .bind(business.name)
        .bind(business.industry.map(Industry::as_str))
        .bind(business.description)
        .bind(business.website)
        .bind(business.region)
        .bind(business.currency)
        .bind(business.timezone)
        .bind(business.locale.as_str())
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query("insert into memberships (business_id, user_id, role) values ($1, $2, 'owner')")
        .bind(row.id)
        .bind(owner_id)
        .execute(&mut *conn)
        .await?;
    Ok(row)
}

/// A live business by id. Callers have already checked the reader's access.
pub async fn find(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<Option<BusinessRow>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from businesses b where b.id = $1 and b.deleted_at is null"
    );
    Ok(sqlx::query_as(sql).bind(id).fetch_optional(db).await?)
}

/// A live business, locked until the transaction ends, so that writes to what it owns as a
/// whole (its profile, its canvas) apply one after the other.
pub async fn find_for_update(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> StoreResult<Option<BusinessRow>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from businesses b where b.id = $1 and b.deleted_at is null for update"
    );
    Ok(sqlx::query_as(sql).bind(id).fetch_optional(db).await?)
}

/// The live businesses a user belongs to, newest first.
pub async fn list_for_user(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<MemberBusinessRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        ", m.role from memberships m
         join businesses b on b.id = m.business_id and b.deleted_at is null
         where m.user_id = $1 and ($2::uuid is null or b.id < $2)
         order by b.id desc limit $3"
    );
    let rows = sqlx::query_as(sql)
        .bind(user_id)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &MemberBusinessRow| {
        row.business.id
    }))
}

/// Changes of `PATCH /businesses/{id}`; `None` keeps a field, `Some(None)` clears it.
#[derive(Debug, Default)]
pub struct BusinessChanges<'a> {
    pub name: Option<&'a str>,
    pub industry: Option<Option<Industry>>,
    pub description: Option<Option<&'a str>>,
    pub website: Option<Option<&'a str>>,
    pub region: Option<Option<&'a str>>,
    pub currency: Option<&'a str>,
    pub timezone: Option<&'a str>,
    pub locale: Option<Locale>,
}

/// Applies changes to a live business; `None` when it does not exist (any more).
pub async fn update(
    db: impl PgExecutor<'_>,
    id: Uuid,
    changes: &BusinessChanges<'_>,
) -> StoreResult<Option<BusinessRow>> {
    let sql = concat!(
        "update businesses as b set
            name = coalesce($2, b.name),
            industry = case when $3 then $4 else b.industry end,
            description = case when $5 then $6 else b.description end,
            website = case when $7 then $8 else b.website end,
            region = case when $9 then $10 else b.region end,
            currency = coalesce($11, b.currency),
            timezone = coalesce($12, b.timezone),
            locale = coalesce($13, b.locale)
         where b.id = $1 and b.deleted_at is null
         returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(id)
        .bind(changes.name)
        .bind(changes.industry.is_some())
        .bind(changes.industry.flatten().map(Industry::as_str))
        .bind(changes.description.is_some())
        .bind(changes.description.flatten())
        .bind(changes.website.is_some())
        .bind(changes.website.flatten())
        .bind(changes.region.is_some())
        .bind(changes.region.flatten())
        .bind(changes.currency)
        .bind(changes.timezone)
        .bind(changes.locale.map(Locale::as_str))
        .fetch_optional(db)
        .await?)
}

/// Hides a business at once; its rows are purged after the grace period.
pub async fn soft_delete(
    db: impl PgExecutor<'_>,
    id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let result =
        sqlx::query("update businesses set deleted_at = $2 where id = $1 and deleted_at is null")
            .bind(id)
            .bind(now)
            .execute(db)
            .await?;
    Ok(result.rows_affected() == 1)
}

/// Removes businesses deleted before `cutoff`, with everything they own: by cascades, and
/// `customer_months`, which keeps no foreign keys (see migration 0005), explicitly.
pub async fn purge_deleted_before(
    db: impl PgExecutor<'_>,
    cutoff: DateTime<Utc>,
) -> StoreResult<u64> {
    let result = sqlx::query(
        "with months as (
            delete from customer_months
            where business_id in (select id from businesses where deleted_at < $1)
         )
         delete from businesses where deleted_at < $1",
    )
    .bind(cutoff)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}
