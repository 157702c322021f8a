//! The activity log (audit trail) of a business.

use chrono::{DateTime, Utc};
use domain::activity::ActivityAction;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// Who did it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    pub user_id: Option<Uuid>,
    /// Name of the user at the time of reading; absent for API keys and deleted users.
    pub name: Option<String>,
    pub api_key_id: Option<Uuid>,
}

/// One recorded event.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityEntry {
    pub id: Uuid,
    pub action: ActivityAction,
    /// Kind of thing acted on: `business`, `member`, `invitation`, `api_key`, …
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub actor: Actor,
    /// Changed fields as `{field: {before, after}}`, or details of the event.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub changes: serde_json::Value,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Filters of `GET /businesses/{business_id}/activity` and its CSV export.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActivityAction>,
    /// Only events by this user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    #[validate(length(min = 1, max = 50))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<Uuid>,
    /// Events at or after this instant (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Events before this instant (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
    /// Items per page, 1 to 100 (default 20); ignored by the export.
    #[validate(range(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}
