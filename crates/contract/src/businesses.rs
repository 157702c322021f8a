//! Businesses: the tenants of the platform.

use chrono::{DateTime, Utc};
use domain::accounts::Locale;
use domain::businesses::Industry;
use domain::permissions::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::accounts::present_or_null;
use crate::validate;

/// `POST /businesses`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateBusinessRequest {
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(example = "Samarqand Non"))]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<Industry>,
    #[validate(length(max = 2000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[validate(length(max = 255), custom(function = "validate::website"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// City or region, e.g. `Toshkent`.
    #[validate(length(max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// ISO 4217 currency of the books (default `UZS`).
    #[validate(custom(function = "validate::currency"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// IANA time zone whose days the reports use (default `Asia/Tashkent`).
    #[validate(custom(function = "validate::timezone"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Language of the business's generated texts (default `uz`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
}

/// `PATCH /businesses/{business_id}`: only the fields present change; `null` clears an
/// optional field.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateBusinessRequest {
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Industry>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<Option<Industry>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 255), custom(function = "validate::website"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Option<String>>,
    #[validate(custom(function = "validate::currency"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[validate(custom(function = "validate::timezone"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
}

/// A business as its members see it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessResponse {
    pub id: Uuid,
    pub name: String,
    pub industry: Option<Industry>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub region: Option<String>,
    pub currency: String,
    pub timezone: String,
    pub locale: Locale,
    /// The caller's role; absent when the caller is an API key.
    pub role: Option<Role>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
