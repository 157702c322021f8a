//! Stored answers of requests made with an `Idempotency-Key`.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use crate::StoreResult;

/// What the key's row says when a request arrives with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new: this request is now the one running under it.
    Claimed,
    /// A request with this key and the same body completed: replay its answer.
    Completed { status: u16, body: Vec<u8> },
    /// A request with this key and the same body is still running.
    InProgress,
    /// The key was used with a different request.
    Mismatch,
}

/// Claims `key` for `owner` (a user or an API key) and a request with this hash.
pub async fn claim(
    db: impl PgExecutor<'_>,
    owner: &str,
    key: &str,
    request_hash: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<Claim> {
    // The insert wins for exactly one of several concurrent requests; the others read the row.
    let row: (bool, Vec<u8>, Option<i32>, Option<Vec<u8>>) = sqlx::query_as(
        "with inserted as (
             insert into idempotency_keys (owner, key, request_hash, created_at)
             values ($1, $2, $3, $4)
             on conflict (owner, key) do nothing
             returning true as fresh, request_hash, status_code, response_body
         )
         select fresh, request_hash, status_code, response_body from inserted
         union all
         select false, request_hash, status_code, response_body from idempotency_keys
         where owner = $1 and key = $2 and not exists (select 1 from inserted)",
    )
    .bind(owner)
    .bind(key)
    .bind(request_hash)
    .bind(now)
    .fetch_one(db)
    .await?;
    let (fresh, stored_hash, status, body) = row;
    Ok(if fresh {
        Claim::Claimed
    } else if stored_hash != request_hash {
        Claim::Mismatch
    } else {
        match (status, body) {
            (Some(status), Some(body)) => Claim::Completed {
                status: u16::try_from(status).unwrap_or(500),
                body,
            },
            _ => Claim::InProgress,
        }
    })
}

/// Stores the answer of the request running under the key.
pub async fn complete(
    db: impl PgExecutor<'_>,
    owner: &str,
    key: &str,
    status: u16,
    body: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "update idempotency_keys set status_code = $3, response_body = $4, completed_at = $5
         where owner = $1 and key = $2",
    )
    .bind(owner)
    .bind(key)
    .bind(i32::from(status))
    .bind(body)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Frees the key after a request that failed, so that the client may retry with it.
pub async fn release(db: impl PgExecutor<'_>, owner: &str, key: &str) -> StoreResult<()> {
    sqlx::query(
        "delete from idempotency_keys where owner = $1 and key = $2 and status_code is null",
    )
    .bind(owner)
    .bind(key)
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets keys older than `cutoff`.
pub async fn purge_before(db: impl PgExecutor<'_>, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let result = sqlx::query("delete from idempotency_keys where created_at < $1")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(result.rows_affected())
}
