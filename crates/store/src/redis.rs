//! The Redis pool, used when `REDIS_URL` is configured.

use deadpool_redis::{Config, Pool, Runtime};

use crate::{StoreError, StoreResult};

pub use deadpool_redis::Pool as RedisPool;

pub fn connect(url: &str) -> StoreResult<Pool> {
    Config::from_url(url)
        .create_pool(Some(Runtime::Tokio1))
        .map_err(|e| StoreError::Redis(e.to_string()))
}

/// Whether Redis answers.
pub async fn ping(pool: &Pool) -> StoreResult<()> {
    let mut conn = pool
        .get()
        .await
        .map_err(|e| StoreError::Redis(e.to_string()))?;
    let _: String = deadpool_redis::redis::cmd("PING")
        .query_async(&mut conn)
        .await
        .map_err(|e| StoreError::Redis(e.to_string()))?;
    Ok(())
}
