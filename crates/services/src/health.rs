//! Whether this instance can serve: its dependencies answer.

use crate::Services;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    pub postgres: bool,
    /// `None` when no Redis is configured.
    pub redis: Option<bool>,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.postgres && self.redis.unwrap_or(true)
    }
}

pub async fn check(services: &Services) -> Readiness {
    let postgres = store::ping(&services.db).await;
    if let Err(error) = &postgres {
        tracing::warn!(%error, "postgres is not answering");
    }
    let redis = match &services.redis {
        None => None,
        Some(pool) => {
            let answer = store::redis::ping(pool).await;
            if let Err(error) = &answer {
                tracing::warn!(%error, "redis is not answering");
            }
            Some(answer.is_ok())
        }
    };
    Readiness {
        postgres: postgres.is_ok(),
        redis,
    }
}
