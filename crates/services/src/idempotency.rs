//! `Idempotency-Key` with Stripe's semantics: the same key with the same request replays the
//! stored answer; the same key with a different request is refused (422); a duplicate that
//! arrives while the first is still running is refused (409). Keys live for 24 hours and
//! belong to the caller (a user or an API key), so callers cannot collide.

use contract::problem::codes;
use serde::Serialize;
use sha2::{Digest, Sha256};
use store::idempotency::Claim;

use crate::Services;
use crate::error::{ServiceError, ServiceResult};

/// The answer of an idempotent request, fresh or replayed.
#[derive(Debug, Clone)]
pub struct Stored {
    pub status: u16,
    /// The JSON body.
    pub body: Vec<u8>,
    /// Whether this is a replay of an earlier request's answer.
    pub replayed: bool,
}

/// Longest accepted key.
pub const MAX_KEY_LENGTH: usize = 255;

/// Checks the header's value: 1 to 255 visible ASCII characters.
pub fn validate_key(key: &str) -> ServiceResult<()> {
    if key.is_empty() || key.len() > MAX_KEY_LENGTH || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ServiceError::field(
            "Idempotency-Key",
            "invalid_idempotency_key",
            "must be 1 to 255 visible ASCII characters",
        ));
    }
    Ok(())
}

/// Runs `work` once per (`owner`, `key`). `request` identifies the request (method, path and
/// body); `status` is the success status of `work`'s answer. Without a key, `work` just runs.
pub async fn run<T, F, Fut>(
    services: &Services,
    owner: &str,
    key: Option<&str>,
    request: &[u8],
    status: u16,
    work: F,
) -> ServiceResult<Stored>
where
    T: Serialize,
    F: FnOnce() -> Fut,
    Fut: Future<Output = ServiceResult<T>>,
{
    let serialize =
        |value: &T| serde_json::to_vec(value).map_err(|e| ServiceError::Internal(e.into()));
    let Some(key) = key else {
        let body = serialize(&work().await?)?;
        return Ok(Stored {
            status,
            body,
            replayed: false,
        });
    };
    validate_key(key)?;
    let request_hash = Sha256::digest(request).to_vec();
    match store::idempotency::claim(&services.db, owner, key, &request_hash, services.now()).await?
    {
        Claim::Completed { status, body } => {
            return Ok(Stored {
                status,
                body,
                replayed: true,
            });
        }
        Claim::InProgress => {
            return Err(ServiceError::conflict(
                codes::IDEMPOTENCY_IN_PROGRESS,
                "A request with this Idempotency-Key is still being processed; retry shortly.",
            ));
        }
        Claim::Mismatch => {
            return Err(ServiceError::Unprocessable {
                code: codes::IDEMPOTENCY_KEY_REUSED,
                message: "This Idempotency-Key was used with a different request.".into(),
            });
        }
        Claim::Claimed => {}
    }
    let outcome = match work().await {
        Ok(value) => serialize(&value),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(body) => {
            store::idempotency::complete(&services.db, owner, key, status, &body, services.now())
                .await?;
            Ok(Stored {
                status,
                body,
                replayed: false,
            })
        }
        Err(error) => {
            // A failed request stores nothing: the client may fix it and retry with the key.
            store::idempotency::release(&services.db, owner, key).await?;
            Err(error)
        }
    }
}
