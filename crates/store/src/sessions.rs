//! Sessions, their rotating refresh tokens, and the lookups that authenticate a request.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use domain::permissions::Role;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;
use crate::accounts::{UserRow, user_columns};
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub struct NewSession<'a> {
    pub id: Uuid,
    pub user_id: Uuid,
    pub ip: Option<IpAddr>,
    pub user_agent: Option<&'a str>,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Starts a session with its first refresh token.
pub async fn insert_session(
    conn: &mut sqlx::PgConnection,
    session: NewSession<'_>,
    refresh_token_hash: &[u8],
) -> StoreResult<()> {
    sqlx::query(
        "insert into sessions (id, user_id, ip, user_agent, created_at, last_seen_at, expires_at)
         values ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(session.id)
    .bind(session.user_id)
    .bind(session.ip)
    .bind(session.user_agent)
    .bind(session.now)
    .bind(session.expires_at)
    .execute(&mut *conn)
    .await?;
    insert_refresh_token(&mut *conn, refresh_token_hash, session.id, session.now).await
}

async fn insert_refresh_token(
    db: impl PgExecutor<'_>,
    token_hash: &[u8],
    session_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "insert into refresh_tokens (token_hash, session_id, created_at) values ($1, $2, $3)",
    )
    .bind(token_hash)
    .bind(session_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// What presenting a refresh token found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was fresh: it is now used and `new_hash` replaces it.
    Rotated { session_id: Uuid, user_id: Uuid },
    /// The token had been used before: someone replayed it, so its whole family (the session)
    /// is now revoked.
    Reused { session_id: Uuid, user_id: Uuid },
    /// Unknown token, or its session is revoked or expired.
    Invalid,
}

/// Rotates a refresh token inside one transaction: the token row is locked, so two requests
/// racing with the same token cannot both succeed.
pub async fn rotate_refresh_token(
    conn: &mut sqlx::PgConnection,
    token_hash: &[u8],
    new_hash: &[u8],
    now: DateTime<Utc>,
    session_lifetime: chrono::Duration,
) -> StoreResult<RefreshOutcome> {
    #[derive(sqlx::FromRow)]
    struct Presented {
        session_id: Uuid,
        user_id: Uuid,
        used_at: Option<DateTime<Utc>>,
        revoked_at: Option<DateTime<Utc>>,
        expires_at: DateTime<Utc>,
    }
    let found: Option<Presented> = sqlx::query_as(
        "select s.id as session_id, s.user_id, t.used_at, s.revoked_at, s.expires_at
             from refresh_tokens t join sessions s on s.id = t.session_id
             where t.token_hash = $1
             for update of t, s",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(Presented {
        session_id,
        user_id,
        used_at,
        revoked_at,
        expires_at,
    }) = found
    else {
        return Ok(RefreshOutcome::Invalid);
    };
    if revoked_at.is_some() || expires_at <= now {
        return Ok(RefreshOutcome::Invalid);
    }
    if used_at.is_some() {
        revoke_session(&mut *conn, session_id, "refresh_token_reused", now).await?;
        return Ok(RefreshOutcome::Reused {
            session_id,
            user_id,
        });
    }
    sqlx::query("update refresh_tokens set used_at = $2 where token_hash = $1")
        .bind(token_hash)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    insert_refresh_token(&mut *conn, new_hash, session_id, now).await?;
    sqlx::query("update sessions set last_seen_at = $2, expires_at = $3 where id = $1")
        .bind(session_id)
        .bind(now)
        .bind(now + session_lifetime)
        .execute(&mut *conn)
        .await?;
    Ok(RefreshOutcome::Rotated {
        session_id,
        user_id,
    })
}

/// Finds the live session a refresh token belongs to without using the token.
pub async fn session_of_refresh_token(
    db: impl PgExecutor<'_>,
    token_hash: &[u8],
) -> StoreResult<Option<(Uuid, Uuid)>> {
    Ok(sqlx::query_as(
        "select s.id, s.user_id from refresh_tokens t join sessions s on s.id = t.session_id
         where t.token_hash = $1 and s.revoked_at is null",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?)
}

/// Revokes one session; returns false when it was already revoked or does not exist.
pub async fn revoke_session(
    db: impl PgExecutor<'_>,
    session_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let result = sqlx::query(
        "update sessions set revoked_at = $2, revoked_reason = $3 where id = $1 and revoked_at is null",
    )
    .bind(session_id)
    .bind(now)
    .bind(reason)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Revokes a session of this user only; false when the user has no such live session.
pub async fn revoke_user_session(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let result = sqlx::query(
        "update sessions set revoked_at = $3, revoked_reason = 'revoked_by_user'
         where id = $2 and user_id = $1 and revoked_at is null",
    )
    .bind(user_id)
    .bind(session_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Revokes every live session of a user but `keep` (password changed or reset).
pub async fn revoke_all_sessions(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    keep: Option<Uuid>,
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let result = sqlx::query(
        "update sessions set revoked_at = $3, revoked_reason = $4
         where user_id = $1 and revoked_at is null and ($2::uuid is null or id <> $2)",
    )
    .bind(user_id)
    .bind(keep)
    .bind(now)
    .bind(reason)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// The user's live sessions, newest first.
pub async fn list_live_sessions(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    now: DateTime<Utc>,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<SessionRow, Uuid>> {
    let rows = sqlx::query_as(
        "select id, user_id, ip, user_agent, created_at, last_seen_at, expires_at, revoked_at
         from sessions
         where user_id = $1 and revoked_at is null and expires_at > $2
           and ($3::uuid is null or id < $3)
         order by id desc limit $4",
    )
    .bind(user_id)
    .bind(now)
    .bind(after)
    .bind(fetch_limit(limit))
    .fetch_all(db)
    .await?;
    Ok(Paged::from_rows(rows, limit, |row: &SessionRow| row.id))
}

/// The user behind a live session: one indexed read per authenticated request.
pub async fn user_of_live_session(
    db: impl PgExecutor<'_>,
    session_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<Option<UserRow>> {
    let sql = concat!(
        "select ",
        user_columns!(),
        " from sessions s join users u on u.id = s.user_id
         where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > $3"
    );
    Ok(sqlx::query_as(sql)
        .bind(session_id)
        .bind(user_id)
        .bind(now)
        .fetch_optional(db)
        .await?)
}

/// A session's access to one business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionAccess {
    /// The session is revoked, expired or unknown.
    NoSession,
    /// The session is live but its user is not a member (or the business is deleted).
    NotMember,
    Member(Role),
}

/// Checks a session and its user's membership of a business in one read.
pub async fn session_access(
    db: impl PgExecutor<'_>,
    session_id: Uuid,
    user_id: Uuid,
    business_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<SessionAccess> {
    let row: Option<(Option<String>,)> = sqlx::query_as(
        "select (select m.role from memberships m
                 join businesses b on b.id = m.business_id and b.deleted_at is null
                 where m.user_id = s.user_id and m.business_id = $3)
         from sessions s
         where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > $4",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(business_id)
    .bind(now)
    .fetch_optional(db)
    .await?;
    Ok(match row {
        None => SessionAccess::NoSession,
        Some((None,)) => SessionAccess::NotMember,
        Some((Some(role),)) => match Role::parse(&role) {
            Some(role) => SessionAccess::Member(role),
            None => SessionAccess::NotMember,
        },
    })
}

/// Deletes sessions that ended (expired or revoked) before `cutoff`, with their tokens.
pub async fn purge_ended_before(
    db: impl PgExecutor<'_>,
    cutoff: DateTime<Utc>,
) -> StoreResult<u64> {
    let result = sqlx::query("delete from sessions where expires_at < $1 or revoked_at < $1")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}
