//! API keys of businesses. Only a hash of each key's secret is stored.

use chrono::{DateTime, Utc};
use domain::permissions::Permission;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: Uuid,
    pub business_id: Uuid,
    pub name: String,
    pub prefix: String,
    #[sqlx(try_from = "Vec<String>")]
    pub scopes: Scopes,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Permissions of a key, read back from their stored names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scopes(pub Vec<Permission>);

impl TryFrom<Vec<String>> for Scopes {
    type Error = domain::UnknownName;
    fn try_from(names: Vec<String>) -> Result<Self, Self::Error> {
        names
            .into_iter()
            .map(Permission::try_from)
            .collect::<Result<_, _>>()
            .map(Scopes)
    }
}

macro_rules! columns {
    () => {
        "k.id, k.business_id, k.name, k.prefix, k.scopes, k.created_by, k.created_at, \
    k.last_used_at, k.expires_at, k.revoked_at"
    };
}

pub struct NewApiKey<'a> {
    pub id: Uuid,
    pub business_id: Uuid,
    pub name: &'a str,
    pub prefix: &'a str,
    pub secret_hash: &'a [u8],
    pub scopes: &'a [Permission],
    pub created_by: Uuid,
    pub expires_at: Option<DateTime<Utc>>,
}

pub async fn insert(db: impl PgExecutor<'_>, key: NewApiKey<'_>) -> StoreResult<ApiKeyRow> {
    let scopes: Vec<&str> = key.scopes.iter().map(|p| p.as_str()).collect();
    let sql = concat!(
        "insert into api_keys as k (id, business_id, name, prefix, secret_hash, scopes, created_by, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(key.id)
        .bind(key.business_id)
        .bind(key.name)
        .bind(key.prefix)
        .bind(key.secret_hash)
        .bind(&scopes)
        .bind(key.created_by)
        .bind(key.expires_at)
        .fetch_one(db)
        .await?)
}

/// Keys of a business, revoked ones included, newest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<ApiKeyRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from api_keys k
         where k.business_id = $1 and ($2::uuid is null or k.id < $2)
         order by k.id desc limit $3"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &ApiKeyRow| row.id))
}

pub async fn revoke(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<Option<ApiKeyRow>> {
    let sql = concat!(
        "update api_keys as k set revoked_at = coalesce(k.revoked_at, $3)
         where k.business_id = $1 and k.id = $2 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .bind(now)
        .fetch_optional(db)
        .await?)
}

/// What authenticating with a key needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyCredentials {
    pub id: Uuid,
    pub business_id: Uuid,
    pub secret_hash: Vec<u8>,
    #[sqlx(try_from = "Vec<String>")]
    pub scopes: Scopes,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A live key of a live business by its public prefix.
pub async fn find_for_auth(
    db: impl PgExecutor<'_>,
    prefix: &str,
) -> StoreResult<Option<ApiKeyCredentials>> {
    Ok(sqlx::query_as(
        "select k.id, k.business_id, k.secret_hash, k.scopes, k.expires_at, k.last_used_at
         from api_keys k join businesses b on b.id = k.business_id and b.deleted_at is null
         where k.prefix = $1 and k.revoked_at is null",
    )
    .bind(prefix)
    .fetch_optional(db)
    .await?)
}

pub async fn touch_last_used(
    db: impl PgExecutor<'_>,
    id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("update api_keys set last_used_at = $2 where id = $1")
        .bind(id)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}
