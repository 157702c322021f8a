//! Parts of rows kept as JSON (an offer's stack, an avatar's answers, notification settings):
//! written from the API's own types and read back into them.

use serde::Serialize;
use serde::de::DeserializeOwned;
use store::Json;

use crate::error::{ServiceError, ServiceResult};

pub type Stored = Json<serde_json::Value>;

pub fn write<T: Serialize>(value: &T) -> ServiceResult<Stored> {
    Ok(Json(
        serde_json::to_value(value).map_err(anyhow::Error::from)?,
    ))
}

pub fn write_optional<T: Serialize>(value: Option<&T>) -> ServiceResult<Option<Stored>> {
    value.map(write).transpose()
}

/// Reads back what [`write`] stored; anything else is a bug, not bad input.
pub fn read<T: DeserializeOwned>(value: Stored) -> ServiceResult<T> {
    serde_json::from_value(value.0)
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("stored JSON unreadable: {e}")))
}

pub fn read_optional<T: DeserializeOwned>(value: Option<Stored>) -> ServiceResult<Option<T>> {
    value.map(read).transpose()
}
