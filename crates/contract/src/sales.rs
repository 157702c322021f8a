//! Sales (SPEC §4): products, customers, leads and orders; the KPIs, the funnel, cohorts and
//! the dashboard read from them. Money is in minor units of the business's currency.

use chrono::{DateTime, NaiveDate, Utc};
use domain::channels::Channel;
use domain::sales::{FunnelStage, Health, LeadStage, OrderStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationError};

use crate::accounts::present_or_null;
use crate::strategy::{GoalResponse, MAX_AMOUNT};
use crate::validate;
use domain::sales::{AlertKind, Severity};

/// A phone number in any form `domain::sales::normalize_phone` reads.
pub fn any_phone(value: &str) -> Result<(), ValidationError> {
    domain::sales::normalize_phone(value)
        .map(|_| ())
        .ok_or_else(|| {
            let mut error = ValidationError::new("invalid_phone");
            error.message = Some("is not a phone number (for example +998 90 123 45 67)".into());
            error
        })
}

// ---- products -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductResponse {
    pub id: Uuid,
    pub name: String,
    pub sku: Option<String>,
    pub description: Option<String>,
    pub price: i64,
    /// What one unit costs the business, for margins.
    pub cost: Option<i64>,
    pub currency: String,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /businesses/{business_id}/products`
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateProductRequest {
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(example = "Samarqand noni"))]
    pub name: String,
    /// The business's own code; unique within the business.
    #[validate(length(min = 1, max = 64))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[validate(length(max = 3000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    pub price: i64,
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<i64>,
}

/// `PATCH /businesses/{business_id}/products/{product_id}`: only the fields sent change.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProductRequest {
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(min = 1, max = 64))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 3000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<Option<i64>>,
    /// `true` archives, `false` restores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

/// `?archived=&q=&limit=&cursor=` of the product list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ProductQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    /// Part of the name.
    #[validate(length(max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[validate(range(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

// ---- customers ------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerResponse {
    pub id: Uuid,
    /// The customer's id in another system (a CRM, a shop), unique within the business.
    pub external_id: Option<String>,
    pub name: String,
    /// E.164, e.g. `+998901234567`.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Where the customer came from.
    pub channel: Channel,
    pub notes: Option<String>,
    /// From the customer's paid and completed orders.
    pub first_order_at: Option<DateTime<Utc>>,
    pub last_order_at: Option<DateTime<Utc>>,
    pub orders_count: i32,
    pub total_spent: i64,
    pub currency: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /businesses/{business_id}/customers`
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateCustomerRequest {
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(example = "Dilnoza Karimova"))]
    pub name: String,
    #[validate(length(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Uzbek numbers may omit `+998`; other countries need their `+` code.
    #[validate(custom(function = "any_phone"))]
    #[cfg_attr(feature = "openapi", schema(example = "+998 90 123 45 67"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[validate(email, length(max = 254))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `other` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[validate(length(max = 3000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// `PATCH /businesses/{business_id}/customers/{customer_id}`
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCustomerRequest {
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(custom(function = "any_phone"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(email, length(max = 254))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 3000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Option<String>>,
}

/// `?q=&channel=&limit=&cursor=` of the customer list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CustomerQuery {
    /// Part of the name, phone or e-mail.
    #[validate(length(max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[validate(range(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

// ---- leads ----------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadResponse {
    pub id: Uuid,
    pub external_id: Option<String>,
    /// The customer the lead became or belongs to.
    pub customer_id: Option<Uuid>,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub stage: LeadStage,
    /// The furthest stage reached, which a lost lead keeps: what the funnel counts.
    pub furthest_stage: LeadStage,
    /// The source channel.
    pub channel: Channel,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    /// Expected deal value.
    pub value: Option<i64>,
    pub currency: String,
    /// The team member who works the lead.
    pub owner_id: Option<Uuid>,
    pub lost_reason: Option<String>,
    pub notes: Option<String>,
    pub stage_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /businesses/{business_id}/leads`
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateLeadRequest {
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(example = "Aziz Rahimov"))]
    pub name: String,
    #[validate(length(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Uuid>,
    #[validate(custom(function = "any_phone"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[validate(email, length(max = 254))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `new` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<LeadStage>,
    /// Read from `utm_source` when absent, else `other`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[validate(length(max = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utm_source: Option<String>,
    #[validate(length(max = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utm_medium: Option<String>,
    #[validate(length(max = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utm_campaign: Option<String>,
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    /// A member of the business.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Uuid>,
    #[validate(length(max = 500))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost_reason: Option<String>,
    #[validate(length(max = 3000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// `PATCH /businesses/{business_id}/leads/{lead_id}`: moving `stage` is how the kanban drags a
/// lead; each move is in the activity log.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateLeadRequest {
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(custom(function = "any_phone"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(email, length(max = 254))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<LeadStage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utm_source: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utm_medium: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utm_campaign: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost_reason: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 3000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Option<String>>,
}

/// `?q=&stage=&channel=&owner_id=&limit=&cursor=` of the lead list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct LeadQuery {
    /// Part of the name, phone or e-mail.
    #[validate(length(max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<LeadStage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Uuid>,
    #[validate(range(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

// ---- orders ---------------------------------------------------------------------------------

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderItem {
    /// A product of the business; its name is used when `name` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<Uuid>,
    #[validate(length(min = 1, max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[validate(range(min = 1, max = 1_000_000))]
    pub quantity: u32,
    /// Price of one unit; the product's price when absent.
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<i64>,
}

/// The most lines one order may have.
pub const MAX_ORDER_ITEMS: u64 = 200;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderResponse {
    pub id: Uuid,
    pub external_id: Option<String>,
    pub customer_id: Option<Uuid>,
    pub status: OrderStatus,
    pub channel: Channel,
    pub ordered_at: DateTime<Utc>,
    pub amount: i64,
    pub currency: String,
    /// Lines with their names and unit prices filled in.
    pub items: Vec<OrderItem>,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /businesses/{business_id}/orders`: give `amount`, or `items` to have it summed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOrderRequest {
    #[validate(length(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Uuid>,
    /// `paid` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    /// `other` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Now when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordered_at: Option<DateTime<Utc>>,
    /// The order's total; required without `items`, and must match their sum with them.
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[validate(length(max = MAX_ORDER_ITEMS), nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<OrderItem>>,
    #[validate(length(max = 3000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// `PATCH /businesses/{business_id}/orders/{order_id}`: sending `items` replaces the lines and
/// sums the amount again unless `amount` is sent too.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrderRequest {
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Option<Uuid>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordered_at: Option<DateTime<Utc>>,
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[validate(length(max = MAX_ORDER_ITEMS), nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<OrderItem>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 3000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Option<String>>,
}

/// `?q=&status=&channel=&customer_id=&from=&to=&limit=&cursor=` of the order list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct OrderQuery {
    /// Part of the external id or the notes.
    #[validate(length(max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Uuid>,
    /// First day, in the business's time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[validate(range(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

// ---- numbers --------------------------------------------------------------------------------

/// `?from=&to=&channel=`: days in the business's time zone, both inclusive; the last 30 days
/// up to today when absent.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// One channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
}

/// The period figures were computed for.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
}

/// KPIs of SPEC §4. `null` means undefined (a zero denominator), never zero. Money is in minor
/// units; rates are fractions (0.05 = 5 %) except `roi_percent`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kpis {
    pub revenue: i64,
    pub orders: i64,
    pub new_customers: i64,
    /// Marketing spend.
    pub spend: i64,
    pub leads: i64,
    /// Average order value = revenue / orders.
    pub aov: Option<i64>,
    /// Customer acquisition cost = spend / new customers.
    pub cac: Option<i64>,
    /// Orders per ordering customer per month.
    pub purchase_frequency: Option<f64>,
    /// Share of customers lost over the period: the monthly rate compounded over its months.
    pub churn_rate: Option<f64>,
    /// Customers lost / customers active at the start of each month, pooled over the
    /// period's months (month granularity, with the churn window in whole months).
    pub monthly_churn_rate: Option<f64>,
    /// 1 / monthly churn, at most 60.
    pub customer_lifetime_months: Option<f64>,
    /// AOV × monthly frequency × gross margin × lifetime; needs the gross margin in the profile.
    pub clv: Option<i64>,
    pub ltv_to_cac: Option<f64>,
    /// ≥ 3 healthy, 1–3 warning, < 1 critical.
    pub ltv_to_cac_health: Option<Health>,
    /// Revenue from marketing channels / spend.
    pub roas: Option<f64>,
    pub roi_percent: Option<f64>,
    /// Won leads / leads that came in.
    pub lead_conversion_rate: Option<f64>,
    pub payback_months: Option<f64>,
}

/// `GET /businesses/{business_id}/kpis`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpisResponse {
    pub period: Period,
    pub channel: Option<Channel>,
    pub currency: String,
    pub kpis: Kpis,
    /// The gross margin and churn window the KPIs used (from the business profile).
    pub gross_margin_percent: Option<u8>,
    pub churn_window_days: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelStepResponse {
    pub stage: FunnelStage,
    /// `null` when unknown: reach arrives with connected channels.
    pub count: Option<i64>,
    /// Share of the previous stage that reached this one.
    pub conversion: Option<f64>,
}

/// `GET /businesses/{business_id}/funnel`: leads are counted by the day they came in, with the
/// furthest stage they reached; purchases are new customers, by the day and channel of their
/// first order.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelResponse {
    pub period: Period,
    pub channel: Option<Channel>,
    pub steps: Vec<FunnelStepResponse>,
    /// The stage with the lowest conversion from the one before it.
    pub biggest_drop: Option<FunnelStage>,
    pub overall_conversion: Option<f64>,
}

/// One first-order month and how many of its customers ordered in each later month.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cohort {
    /// First day of the month of the customers' first order.
    pub month: NaiveDate,
    pub customers: i64,
    /// Month 0 (always 1.0), 1, 2…: share of the cohort who ordered that many months later.
    pub retention: Vec<f64>,
}

/// `GET /businesses/{business_id}/cohorts`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortsResponse {
    pub cohorts: Vec<Cohort>,
}

/// `?months=` of the cohort table.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CohortQuery {
    /// How many first-order months, counting back from this one (default 12).
    #[validate(range(min = 1, max = 36))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
}

// ---- dashboard and alerts ---------------------------------------------------------------------

/// A KPI a dashboard card can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardMetric {
    Revenue,
    Orders,
    NewCustomers,
    Leads,
    Spend,
    Aov,
    Cac,
    Roas,
    RoiPercent,
    Clv,
    LtvToCac,
    ChurnRate,
    LeadConversionRate,
    PurchaseFrequency,
}

impl CardMetric {
    pub const ALL: [CardMetric; 14] = [
        CardMetric::Revenue,
        CardMetric::Orders,
        CardMetric::NewCustomers,
        CardMetric::Leads,
        CardMetric::Spend,
        CardMetric::Aov,
        CardMetric::Cac,
        CardMetric::Roas,
        CardMetric::RoiPercent,
        CardMetric::Clv,
        CardMetric::LtvToCac,
        CardMetric::ChurnRate,
        CardMetric::LeadConversionRate,
        CardMetric::PurchaseFrequency,
    ];
    /// The most cards a dashboard shows.
    pub const MAX: usize = 8;
    /// The four cards of a dashboard nobody customised.
    pub const DEFAULT: [CardMetric; 4] = [
        CardMetric::Revenue,
        CardMetric::NewCustomers,
        CardMetric::Cac,
        CardMetric::Roas,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardMetric::Revenue => "revenue",
            CardMetric::Orders => "orders",
            CardMetric::NewCustomers => "new_customers",
            CardMetric::Leads => "leads",
            CardMetric::Spend => "spend",
            CardMetric::Aov => "aov",
            CardMetric::Cac => "cac",
            CardMetric::Roas => "roas",
            CardMetric::RoiPercent => "roi_percent",
            CardMetric::Clv => "clv",
            CardMetric::LtvToCac => "ltv_to_cac",
            CardMetric::ChurnRate => "churn_rate",
            CardMetric::LeadConversionRate => "lead_conversion_rate",
            CardMetric::PurchaseFrequency => "purchase_frequency",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == value)
    }

    /// Whether a rise is good news (costs and churn are better when they fall).
    pub fn higher_is_better(self) -> bool {
        !matches!(
            self,
            CardMetric::Cac | CardMetric::ChurnRate | CardMetric::Spend
        )
    }

    /// Whether the value is money in minor units.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            CardMetric::Revenue
                | CardMetric::Spend
                | CardMetric::Aov
                | CardMetric::Cac
                | CardMetric::Clv
        )
    }

    /// The card's value among the KPIs.
    pub fn value(self, k: &Kpis) -> Option<f64> {
        let money = |v: Option<i64>| v.map(|v| v as f64);
        match self {
            CardMetric::Revenue => Some(k.revenue as f64),
            CardMetric::Orders => Some(k.orders as f64),
            CardMetric::NewCustomers => Some(k.new_customers as f64),
            CardMetric::Leads => Some(k.leads as f64),
            CardMetric::Spend => Some(k.spend as f64),
            CardMetric::Aov => money(k.aov),
            CardMetric::Cac => money(k.cac),
            CardMetric::Roas => k.roas,
            CardMetric::RoiPercent => k.roi_percent,
            CardMetric::Clv => money(k.clv),
            CardMetric::LtvToCac => k.ltv_to_cac,
            CardMetric::ChurnRate => k.churn_rate,
            CardMetric::LeadConversionRate => k.lead_conversion_rate,
            CardMetric::PurchaseFrequency => k.purchase_frequency,
        }
    }
}

/// Named periods of the dashboard's picker, in the business's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeriodPreset {
    #[serde(rename = "last_7_days")]
    Last7Days,
    #[serde(rename = "last_30_days")]
    Last30Days,
    #[serde(rename = "last_90_days")]
    Last90Days,
    ThisMonth,
    LastMonth,
    ThisYear,
    #[serde(rename = "last_12_months")]
    Last12Months,
}

/// What to compare the period with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// The same number of days just before.
    Previous,
    None,
}

/// `?period=&from=&to=&compare=&cards=` of the dashboard.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DashboardQuery {
    /// A named period; `from`/`to` override it. Default `last_30_days`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodPreset>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Default `previous`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare: Option<Compare>,
    /// Up to 8 card metrics, comma-separated (default `revenue,new_customers,cac,roas`).
    #[validate(length(max = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cards: Option<String>,
}

/// One KPI card: the value, the previous period's, and the change between them.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiCard {
    pub metric: CardMetric,
    /// `null` when undefined.
    pub value: Option<f64>,
    pub previous: Option<f64>,
    /// Relative change (0.1 = +10 %); `null` without a comparison or from zero.
    pub change: Option<f64>,
    /// Whether the change is good news; `null` when there is none.
    pub improved: Option<bool>,
}

/// One day of the revenue series; days without sales are zeros.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayStat {
    pub day: NaiveDate,
    pub revenue: i64,
    pub orders: i64,
    pub new_customers: i64,
}

/// A channel's figures over the period.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelStat {
    pub channel: Channel,
    pub revenue: i64,
    pub orders: i64,
    pub new_customers: i64,
    pub leads: i64,
    pub spend: i64,
    /// Revenue / spend.
    pub roas: Option<f64>,
    /// Spend / new customers.
    pub cac: Option<i64>,
    /// Share of the period's revenue.
    pub revenue_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertResponse {
    pub id: Uuid,
    pub kind: AlertKind,
    pub severity: Severity,
    /// The value that crossed the threshold (a ratio or a fraction).
    pub value: f64,
    pub threshold: f64,
    pub raised_at: DateTime<Utc>,
    /// When the condition cleared; open alerts have none.
    pub resolved_at: Option<DateTime<Utc>>,
    pub dismissed_at: Option<DateTime<Utc>>,
}

/// `?status=` of the alert list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AlertQuery {
    /// `open` (default: neither resolved nor dismissed) or `all`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AlertStatus>,
    #[validate(range(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    Open,
    All,
}

/// `GET /businesses/{business_id}/dashboard`: everything the main screen shows, in one call,
/// read from the aggregates (never from raw orders).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardResponse {
    pub period: Period,
    /// The period compared with, when there is one.
    pub compared_with: Option<Period>,
    pub currency: String,
    pub cards: Vec<KpiCard>,
    pub kpis: Kpis,
    pub revenue_series: Vec<DayStat>,
    pub funnel: FunnelResponse,
    /// By revenue, highest first.
    pub channels: Vec<ChannelStat>,
    /// Goals whose period overlaps this one, with live progress.
    pub goals: Vec<GoalResponse>,
    pub alerts: Vec<AlertResponse>,
    /// Whether the business has any order, lead or spend at all: a new business is shown its
    /// first steps instead of empty charts.
    pub has_data: bool,
}

/// `?period=&from=&to=&locale=` of the chart images.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ChartQuery {
    /// A named period; `from`/`to` override it. Default `last_30_days`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodPreset>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Language of the labels; the business's by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<domain::accounts::Locale>,
}

// ---- imports --------------------------------------------------------------------------------

/// What a file imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Customers,
    Leads,
    Orders,
}

/// The separator of a CSV file, read from its header line: spreadsheets set to Russian or
/// Uzbek save "CSV" with semicolons, some tools with tabs.
pub fn csv_delimiter(header_line: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .rev()
        .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Customers => "customers",
            ImportKind::Leads => "leads",
            ImportKind::Orders => "orders",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [ImportKind::Customers, ImportKind::Leads, ImportKind::Orders]
            .into_iter()
            .find(|k| k.as_str() == value)
    }

    /// The columns of the canonical CSV, in order; a file with these headers needs no mapping.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Customers => &["external_id", "name", "phone", "email", "channel", "notes"],
            ImportKind::Leads => &[
                "external_id",
                "name",
                "phone",
                "email",
                "stage",
                "channel",
                "utm_source",
                "utm_medium",
                "utm_campaign",
                "value",
                "lost_reason",
                "notes",
                "created_at",
            ],
            ImportKind::Orders => &[
                "external_id",
                "customer_external_id",
                "customer_name",
                "customer_phone",
                "customer_email",
                "ordered_at",
                "amount",
                "currency",
                "status",
                "channel",
            ],
        }
    }

    /// Columns a row cannot do without.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            ImportKind::Customers | ImportKind::Leads => &["name"],
            ImportKind::Orders => &["ordered_at", "amount"],
        }
    }
}

/// Whether one bad row stops the whole import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Nothing is written unless every row is valid (the default).
    AllOrNothing,
    /// Valid rows are written; invalid ones are reported and left out.
    SkipInvalid,
}

impl ImportMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportMode::AllOrNothing => "all_or_nothing",
            ImportMode::SkipInvalid => "skip_invalid",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// A dry run: checked, nothing written.
    Checked,
    Running,
    Succeeded,
    /// Refused as a whole (all-or-nothing with invalid rows); nothing was written.
    Failed,
    Undone,
}

/// A spreadsheet uploaded as it is, bytes and all.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
pub struct Workbook(pub Vec<u8>);

/// `?dry_run=&mode=&mapping=` of an import.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Check every row and report, writing nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    /// Default `all_or_nothing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ImportMode>,
    /// A JSON object from our column names to the file's headers, e.g.
    /// `{"ordered_at":"Sana","amount":"Summa"}`. Columns named like ours need no entry.
    #[validate(length(max = 4000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mapping: Option<String>,
}

/// A row that could not be read, by line (1 is the header) and column.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRowError {
    pub line: u64,
    /// Our column name.
    pub column: String,
    pub code: String,
    pub message: String,
}

/// The most row errors an import reports one by one.
pub const MAX_REPORTED_ERRORS: usize = 100;

/// An import's report: what was read, written, skipped and why.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportResponse {
    /// Absent for dry runs, which leave nothing behind.
    pub id: Option<Uuid>,
    pub kind: ImportKind,
    pub status: ImportStatus,
    pub mode: ImportMode,
    /// Our column → the file's header it was read from.
    pub mapping: std::collections::BTreeMap<String, String>,
    /// The file's header line as read (in the answer to an upload), to map columns from: a
    /// dry run of a file without our required columns reports them as errors on line 1
    /// rather than refusing it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
    /// Data rows read (the header not counted).
    pub rows_read: u64,
    pub rows_invalid: u64,
    /// Rows written as new records.
    pub created: u64,
    /// Rows matched to records already there (by external id, phone or e-mail) and left as
    /// they were.
    pub duplicates: u64,
    /// Customers an order import created for buyers not known before.
    pub customers_created: u64,
    /// The first 100 errors.
    pub errors: Vec<ImportRowError>,
    pub errors_total: u64,
    pub created_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::csv_delimiter;

    #[test]
    fn the_header_line_tells_the_separator() {
        assert_eq!(csv_delimiter("external_id,amount,ordered_at"), b',');
        assert_eq!(csv_delimiter("Raqam;Summa;Sana"), b';');
        assert_eq!(csv_delimiter("Raqam\tSumma"), b'\t');
        assert_eq!(csv_delimiter("name"), b',', "one column: the default");
        assert_eq!(csv_delimiter("\"Ism, familiya\";Telefon;Summa"), b';');
    }
}
