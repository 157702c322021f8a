//! Users, their e-mailed tokens, recovery codes and login attempts.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use domain::accounts::{Locale, PlatformRole};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;

/// A user as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub phone: Option<String>,
    #[sqlx(try_from = "String")]
    pub locale: Locale,
    pub timezone: String,
    #[sqlx(try_from = "String")]
    pub platform_role: PlatformRole,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub failed_login_count: i32,
    pub locked_until: Option<DateTime<Utc>>,
    pub totp_secret_enc: Option<Vec<u8>>,
    pub totp_pending_enc: Option<Vec<u8>>,
    pub totp_enabled_at: Option<DateTime<Utc>>,
    pub totp_last_step: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// The columns of [`UserRow`], for queries that join users to something else.
macro_rules! user_columns {
    () => {
        "u.id, u.email, u.password_hash, u.name, u.phone, u.locale, \
    u.timezone, u.platform_role, u.email_verified_at, u.last_login_at, u.failed_login_count, \
    u.locked_until, u.totp_secret_enc, u.totp_pending_enc, u.totp_enabled_at, u.totp_last_step, \
    u.created_at"
    };
}
pub(crate) use user_columns;

pub struct NewUser<'a> {
    pub id: Uuid,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub name: &'a str,
    pub locale: Locale,
    pub platform_role: PlatformRole,
    pub email_verified_at: Option<DateTime<Utc>>,
}

pub async fn insert_user(db: impl PgExecutor<'_>, user: NewUser<'_>) -> StoreResult<UserRow> {
    let sql = concat!(
        "insert into users as u (id, email, password_hash, name, locale, platform_role, email_verified_at)
         values ($1, $2, $3, $4, $5, $6, $7) returning ",
        user_columns!()
    );
    let row = sqlx::query_as(sql)
        .bind(user.id)
        .bind(user.email)
        .bind(user.password_hash)
        .bind(user.name)
        .bind(user.locale.as_str())
        .bind(user.platform_role.as_str())
        .bind(user.email_verified_at)
        .fetch_one(db)
        .await?;
    Ok(row)
}

pub async fn find_by_email(db: impl PgExecutor<'_>, email: &str) -> StoreResult<Option<UserRow>> {
    let sql = concat!(
        "select ",
        user_columns!(),
        " from users u where u.email = $1"
    );
    Ok(sqlx::query_as(sql).bind(email).fetch_optional(db).await?)
}

pub async fn find_by_id(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<Option<UserRow>> {
    let sql = concat!("select ", user_columns!(), " from users u where u.id = $1");
    Ok(sqlx::query_as(sql).bind(id).fetch_optional(db).await?)
}

/// Locks the user's row for the rest of the transaction, so that concurrent logins count
/// failures and use TOTP steps one at a time.
pub async fn find_by_id_for_update(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> StoreResult<Option<UserRow>> {
    let sql = concat!(
        "select ",
        user_columns!(),
        " from users u where u.id = $1 for update"
    );
    Ok(sqlx::query_as(sql).bind(id).fetch_optional(db).await?)
}

/// Changes of `PATCH /me`; `None` keeps a field, `phone: Some(None)` clears the phone.
#[derive(Debug, Default)]
pub struct ProfileChanges<'a> {
    pub name: Option<&'a str>,
    pub phone: Option<Option<&'a str>>,
    pub locale: Option<Locale>,
    pub timezone: Option<&'a str>,
}

pub async fn update_profile(
    db: impl PgExecutor<'_>,
    id: Uuid,
    changes: &ProfileChanges<'_>,
) -> StoreResult<UserRow> {
    let sql = concat!(
        "update users as u set
            name = coalesce($2, u.name),
            phone = case when $3 then $4 else u.phone end,
            locale = coalesce($5, u.locale),
            timezone = coalesce($6, u.timezone)
         where u.id = $1 returning ",
        user_columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(id)
        .bind(changes.name)
        .bind(changes.phone.is_some())
        .bind(changes.phone.flatten())
        .bind(changes.locale.map(Locale::as_str))
        .bind(changes.timezone)
        .fetch_one(db)
        .await?)
}

pub async fn set_password_hash(db: impl PgExecutor<'_>, id: Uuid, hash: &str) -> StoreResult<()> {
    sqlx::query(
        "update users set password_hash = $2, failed_login_count = 0, locked_until = null where id = $1",
    )
    .bind(id)
    .bind(hash)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn mark_email_verified(
    db: impl PgExecutor<'_>,
    id: Uuid,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "update users set email_verified_at = coalesce(email_verified_at, $2) where id = $1",
    )
    .bind(id)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn record_failed_login(
    db: impl PgExecutor<'_>,
    id: Uuid,
    failed_count: i32,
    locked_until: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    sqlx::query(
        "update users set failed_login_count = $2, locked_until = coalesce($3, locked_until) where id = $1",
    )
    .bind(id)
    .bind(failed_count)
    .bind(locked_until)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn record_successful_login(
    db: impl PgExecutor<'_>,
    id: Uuid,
    at: DateTime<Utc>,
    ip: Option<IpAddr>,
) -> StoreResult<()> {
    sqlx::query(
        "update users set failed_login_count = 0, locked_until = null, last_login_at = $2, last_login_ip = $3
         where id = $1",
    )
    .bind(id)
    .bind(at)
    .bind(ip)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_platform_role(
    db: impl PgExecutor<'_>,
    id: Uuid,
    role: PlatformRole,
) -> StoreResult<()> {
    sqlx::query("update users set platform_role = $2 where id = $1")
        .bind(id)
        .bind(role.as_str())
        .execute(db)
        .await?;
    Ok(())
}

pub async fn super_admin_exists(db: impl PgExecutor<'_>) -> StoreResult<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from users where platform_role = 'super_admin')",
    )
    .fetch_one(db)
    .await?)
}

// Two-factor authentication.

pub async fn set_pending_totp(
    db: impl PgExecutor<'_>,
    id: Uuid,
    secret_enc: &[u8],
) -> StoreResult<()> {
    sqlx::query("update users set totp_pending_enc = $2 where id = $1")
        .bind(id)
        .bind(secret_enc)
        .execute(db)
        .await?;
    Ok(())
}

/// Makes the pending secret the active one, remembering the step of the code that proved it.
pub async fn enable_totp(
    db: impl PgExecutor<'_>,
    id: Uuid,
    at: DateTime<Utc>,
    step: i64,
) -> StoreResult<()> {
    sqlx::query(
        "update users set totp_secret_enc = totp_pending_enc, totp_pending_enc = null,
             totp_enabled_at = $2, totp_last_step = $3
         where id = $1 and totp_pending_enc is not null",
    )
    .bind(id)
    .bind(at)
    .bind(step)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn disable_totp(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<()> {
    sqlx::query(
        "update users set totp_secret_enc = null, totp_pending_enc = null, totp_enabled_at = null,
             totp_last_step = null
         where id = $1",
    )
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_totp_last_step(db: impl PgExecutor<'_>, id: Uuid, step: i64) -> StoreResult<()> {
    sqlx::query("update users set totp_last_step = $2 where id = $1")
        .bind(id)
        .bind(step)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn replace_recovery_codes(
    conn: &mut sqlx::PgConnection,
    user_id: Uuid,
    code_hashes: &[Vec<u8>],
) -> StoreResult<()> {
    sqlx::query("delete from recovery_codes where user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    let ids: Vec<Uuid> = code_hashes.iter().map(|_| Uuid::now_v7()).collect();
    sqlx::query(
        "insert into recovery_codes (id, user_id, code_hash)
         select id, $2, hash from unnest($1::uuid[], $3::bytea[]) as t(id, hash)",
    )
    .bind(&ids)
    .bind(user_id)
    .bind(code_hashes)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn delete_recovery_codes(db: impl PgExecutor<'_>, user_id: Uuid) -> StoreResult<()> {
    sqlx::query("delete from recovery_codes where user_id = $1")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Marks an unused recovery code used; false when no unused code has this hash.
pub async fn use_recovery_code(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    code_hash: &[u8],
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let result = sqlx::query(
        "update recovery_codes set used_at = $3
         where user_id = $1 and code_hash = $2 and used_at is null",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(at)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn unused_recovery_codes(db: impl PgExecutor<'_>, user_id: Uuid) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from recovery_codes where user_id = $1 and used_at is null",
    )
    .bind(user_id)
    .fetch_one(db)
    .await?)
}

// E-mailed tokens.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailTokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl EmailTokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            EmailTokenPurpose::VerifyEmail => "verify_email",
            EmailTokenPurpose::ResetPassword => "reset_password",
        }
    }
}

pub async fn insert_email_token(
    db: impl PgExecutor<'_>,
    token_hash: &[u8],
    user_id: Uuid,
    purpose: EmailTokenPurpose,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "insert into email_tokens (token_hash, user_id, purpose, expires_at) values ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

/// Uses a valid token once: returns its user, or `None` when the token is unknown, used,
/// expired or meant for something else.
pub async fn consume_email_token(
    db: impl PgExecutor<'_>,
    token_hash: &[u8],
    purpose: EmailTokenPurpose,
    now: DateTime<Utc>,
) -> StoreResult<Option<Uuid>> {
    Ok(sqlx::query_scalar(
        "update email_tokens set used_at = $3
         where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $3
         returning user_id",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(db)
    .await?)
}

/// Voids the user's unused tokens of one purpose, e.g. older reset links after a reset.
pub async fn void_email_tokens(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    purpose: EmailTokenPurpose,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "update email_tokens set used_at = $3 where user_id = $1 and purpose = $2 and used_at is null",
    )
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

// Login attempts.

pub struct LoginAttempt<'a> {
    pub user_id: Option<Uuid>,
    pub email: &'a str,
    pub ip: Option<IpAddr>,
    pub user_agent: Option<&'a str>,
    pub outcome: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn record_login_attempt(
    db: impl PgExecutor<'_>,
    attempt: LoginAttempt<'_>,
) -> StoreResult<()> {
    sqlx::query(
        "insert into login_attempts (id, user_id, email, ip, user_agent, outcome, created_at)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::now_v7())
    .bind(attempt.user_id)
    .bind(attempt.email)
    .bind(attempt.ip)
    .bind(attempt.user_agent)
    .bind(attempt.outcome)
    .bind(attempt.at)
    .execute(db)
    .await?;
    Ok(())
}

/// Deletes e-mailed tokens that expired before `cutoff`.
pub async fn purge_email_tokens_before(
    db: impl PgExecutor<'_>,
    cutoff: DateTime<Utc>,
) -> StoreResult<u64> {
    let result = sqlx::query("delete from email_tokens where expires_at < $1")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}

/// Deletes login attempts older than `cutoff`.
pub async fn purge_login_attempts_before(
    db: impl PgExecutor<'_>,
    cutoff: DateTime<Utc>,
) -> StoreResult<u64> {
    let result = sqlx::query("delete from login_attempts where created_at < $1")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}
