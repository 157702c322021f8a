//! Opaque cursors of list endpoints: the key of the last row of a page, base64url-encoded.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use contract::pagination::Page;
use store::pagination::Paged;
use uuid::Uuid;

use crate::error::{ServiceError, ServiceResult};

/// A key that a cursor can carry.
pub trait CursorKey: Sized {
    fn to_bytes(&self) -> Vec<u8>;
    fn from_bytes(bytes: &[u8]) -> Option<Self>;
}

impl CursorKey for Uuid {
    fn to_bytes(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Uuid::from_slice(bytes).ok()
    }
}

impl CursorKey for (DateTime<Utc>, Uuid) {
    fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = self.0.timestamp_micros().to_be_bytes().to_vec();
        bytes.extend_from_slice(self.1.as_bytes());
        bytes
    }
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (micros, id) = bytes.split_at_checked(8)?;
        let micros = i64::from_be_bytes(micros.try_into().ok()?);
        Some((
            DateTime::from_timestamp_micros(micros)?,
            Uuid::from_slice(id).ok()?,
        ))
    }
}

pub fn encode<K: CursorKey>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(key.to_bytes())
}

/// Reads a `cursor` query parameter; a cursor that no page of ours produced is a field error.
pub fn decode<K: CursorKey>(cursor: Option<&str>) -> ServiceResult<Option<K>> {
    let Some(cursor) = cursor.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| K::from_bytes(&bytes))
        .map(Some)
        .ok_or_else(|| {
            ServiceError::field(
                "cursor",
                "invalid_cursor",
                "is not a cursor returned by this list",
            )
        })
}

/// Turns a page read from the store into the API's page.
pub fn page<T, U, K: CursorKey>(paged: Paged<T, K>, convert: impl FnMut(T) -> U) -> Page<U> {
    Page {
        next_cursor: paged.next.as_ref().map(encode),
        items: paged.items.into_iter().map(convert).collect(),
    }
}

/// A page whose items are converted by a step that can fail (stored JSON read back).
pub fn try_page<T, U, K: CursorKey>(
    paged: Paged<T, K>,
    convert: impl FnMut(T) -> ServiceResult<U>,
) -> ServiceResult<Page<U>> {
    Ok(Page {
        next_cursor: paged.next.as_ref().map(encode),
        items: paged
            .items
            .into_iter()
            .map(convert)
            .collect::<ServiceResult<Vec<U>>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let id = Uuid::now_v7();
        assert_eq!(decode::<Uuid>(Some(&encode(&id))).expect("valid"), Some(id));
        let at = DateTime::from_timestamp_micros(1_790_000_000_123_456).expect("valid");
        let key = (at, id);
        assert_eq!(
            decode::<(DateTime<Utc>, Uuid)>(Some(&encode(&key))).expect("valid"),
            Some(key)
        );
        assert_eq!(decode::<Uuid>(None).expect("absent"), None);
    }

    #[test]
    fn a_forged_cursor_is_a_field_error() {
        assert!(matches!(
            decode::<Uuid>(Some("not-a-cursor!")),
            Err(ServiceError::Validation(_))
        ));
        assert!(matches!(
            decode::<Uuid>(Some("AAAA")),
            Err(ServiceError::Validation(_))
        ));
    }
}
