//! Storage: the Postgres pool and migrations, one module of queries per aggregate, the Redis
//! pool and the helpers that fall back to process memory when no Redis is configured.
//!
//! Queries of business data always filter by `business_id`. Functions that run one statement
//! take any executor (`&PgPool` or a transaction), so the services decide what is atomic.

pub mod accounts;
pub mod activity;
pub mod api_keys;
pub mod businesses;
pub mod channels;
pub mod dream_buyer;
pub mod error;
pub mod idempotency;
pub mod jobs;
pub mod locks;
pub mod offers;
pub mod outbox;
pub mod owned;
pub mod pagination;
pub mod rate_limit;
pub mod redis;
pub mod sales;
pub mod sessions;
pub mod strategy;
pub mod team;

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub use error::StoreError;
pub use sqlx::types::Json;
pub use sqlx::{Error as SqlxError, PgConnection, PgExecutor, PgPool, Postgres, Transaction};

pub type StoreResult<T> = Result<T, StoreError>;

/// Opens a pool to the database at `url`.
pub async fn connect(url: &str, max_connections: u32) -> StoreResult<PgPool> {
    let options: PgConnectOptions = url.parse()?;
    let options = options.application_name("biznespilot");
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await?;
    Ok(pool)
}

/// Applies the migrations under `migrations/` that have not run yet.
pub async fn migrate(pool: &PgPool) -> StoreResult<()> {
    sqlx::migrate!("../../migrations").run(pool).await?;
    Ok(())
}

/// Whether the database answers.
pub async fn ping(pool: &PgPool) -> StoreResult<()> {
    sqlx::query("select 1").execute(pool).await?;
    Ok(())
}
