//! `application/problem+json` (RFC 9457): the one shape of every error the API returns.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The media type of error responses.
pub const CONTENT_TYPE: &str = "application/problem+json";

/// Prefix of every problem `type`; the code completes it.
pub const TYPE_BASE: &str = "https://biznespilot.uz/problems/";

/// An error answer. `code` is stable and meant for programs; `title` and `detail` are for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "https://biznespilot.uz/problems/validation_failed",
    "title": "The request has invalid fields",
    "status": 422,
    "detail": "password: must be between 12 and 128 characters",
    "code": "validation_failed",
    "errors": [{"field": "password", "code": "length", "message": "must be between 12 and 128 characters"}]
})))]
pub struct Problem {
    /// A URI naming the kind of problem: `https://biznespilot.uz/problems/{code}`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    /// The HTTP status code, repeated for clients that only see the body.
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code, e.g. `validation_failed`, `not_found`, `account_locked`.
    pub code: String,
    /// Field errors of a request that failed validation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The request id to quote when reporting a server error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Seconds to wait before retrying (rate limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// When a locked account unlocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<DateTime<Utc>>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Path of the field in the request, e.g. `email` or `scopes[1]`.
    pub field: String,
    /// Stable code of the rule the value broke, e.g. `required`, `length`, `invalid_email`.
    pub code: String,
    /// The rule in English, for people and logs.
    pub message: String,
}

/// Stable problem codes.
pub mod codes {
    pub const BAD_REQUEST: &str = "bad_request";
    pub const MALFORMED_JSON: &str = "malformed_json";
    pub const VALIDATION_FAILED: &str = "validation_failed";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const INVALID_TOKEN: &str = "invalid_token";
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
    pub const INVALID_TWO_FACTOR_CODE: &str = "invalid_two_factor_code";
    pub const EMAIL_NOT_VERIFIED: &str = "email_not_verified";
    pub const FORBIDDEN: &str = "forbidden";
    pub const NOT_FOUND: &str = "not_found";
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    pub const CONFLICT: &str = "conflict";
    pub const EMAIL_TAKEN: &str = "email_taken";
    pub const ALREADY_MEMBER: &str = "already_member";
    pub const INVITATION_EMAIL_MISMATCH: &str = "invitation_email_mismatch";
    pub const OWNER_ROLE_IS_TRANSFERRED_ONLY: &str = "owner_role_is_transferred_only";
    pub const OWNER_CANNOT_LEAVE: &str = "owner_cannot_leave";
    pub const TWO_FACTOR_ALREADY_ENABLED: &str = "two_factor_already_enabled";
    pub const TWO_FACTOR_NOT_ENABLED: &str = "two_factor_not_enabled";
    pub const TWO_FACTOR_SETUP_MISSING: &str = "two_factor_setup_missing";
    pub const WEAK_PASSWORD: &str = "weak_password";
    pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency_key_reused";
    pub const IDEMPOTENCY_IN_PROGRESS: &str = "idempotency_request_in_progress";
    pub const LIMIT_REACHED: &str = "limit_reached";
    /// Another row of the business already has this external id, phone, e-mail or SKU.
    pub const DUPLICATE: &str = "duplicate";
    /// The row is still referenced (a customer with orders).
    pub const IN_USE: &str = "in_use";
    pub const ACCOUNT_LOCKED: &str = "account_locked";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const INTERNAL: &str = "internal_error";
    pub const UNAVAILABLE: &str = "service_unavailable";
}
