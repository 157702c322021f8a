//! The Redis pool, used when `REDIS_URL` is configured.

use deadpool_redis::{Config, Pool, Runtime};

use crate::{StoreError, StoreResult};

pub use deadpool_redis::Pool as RedisPool;

/// Connections kept open; each request borrows one for one round trip.
const POOL_SIZE: usize = 32;

pub fn connect(url: &str) -> StoreResult<Pool> {
    let mut config = Config::from_url(url);
    config.pool = Some(deadpool_redis::PoolConfig::new(POOL_SIZE));
    config
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
