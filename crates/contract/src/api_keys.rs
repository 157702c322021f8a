//! API keys with which third parties call the API on behalf of one business.

use chrono::{DateTime, Utc};
use domain::permissions::Permission;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::validate;

/// `POST /businesses/{business_id}/api-keys`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    #[validate(length(min = 1, max = 100), custom(function = "validate::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(example = "Website orders"))]
    pub name: String,
    /// What the key may do; each a permission the creator holds and that can be delegated
    /// (not `team:manage`, `api_keys:manage`, `billing:manage`, `business:delete`,
    /// `ownership:transfer`).
    #[validate(length(min = 1, max = 30, message = "must name between 1 and 30 scopes"))]
    pub scopes: Vec<Permission>,
    /// When the key stops working; never when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// An API key, without its secret.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyResponse {
    pub id: Uuid,
    pub name: String,
    /// The visible start of the key (`bp_…`), to tell keys apart.
    pub prefix: String,
    pub scopes: Vec<Permission>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The answer to creating a key: the only time its secret is shown.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKeyResponse {
    #[serde(flatten)]
    pub api_key: ApiKeyResponse,
    /// The whole key, for `Authorization: Bearer bp_…`. Store it now: it is never shown again.
    pub key: String,
}
