//! Postgres advisory locks: coordination between processes without a table.

use crate::StoreResult;

/// Holds a lock named `name` until the caller's transaction ends.
pub async fn transaction_lock(conn: &mut sqlx::PgConnection, name: &str) -> StoreResult<()> {
    sqlx::query("select pg_advisory_xact_lock(hashtext($1))")
        .bind(name)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the lock named `name` for the rest of the transaction if nobody holds it; false when
/// another process does (e.g. another worker already runs this cron tick).
pub async fn try_transaction_lock(conn: &mut sqlx::PgConnection, name: &str) -> StoreResult<bool> {
    Ok(
        sqlx::query_scalar("select pg_try_advisory_xact_lock(hashtext($1))")
            .bind(name)
            .fetch_one(conn)
            .await?,
    )
}
