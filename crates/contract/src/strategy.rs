//! The business profile, the 9-square marketing canvas and business goals (SPEC §1).

use chrono::{DateTime, NaiveDate, Utc};
use domain::accounts::Locale;
use domain::copywriting::DraftKind;
use domain::strategy::{CanvasSquare, GoalMetric, Phase};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::accounts::present_or_null;
use crate::validate;

/// Largest amount of money the API takes, in minor units (10 trillion so'm).
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Which e-mails and alerts the business's members get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferences {
    /// A weekly summary of sales and marketing.
    pub weekly_report: bool,
    /// Alerts when a competitor changes prices or launches a campaign.
    pub competitor_alerts: bool,
    /// The AI advisor's short brief every morning.
    pub daily_brief: bool,
    /// When a goal is reached or falls behind.
    pub goal_progress: bool,
}

impl Default for NotificationPreferences {
    fn default() -> Self {
        NotificationPreferences {
            weekly_report: true,
            competitor_alerts: true,
            daily_brief: false,
            goal_progress: true,
        }
    }
}

/// The marketing profile of a business. Name, industry, region, currency and time zone live on
/// the business itself (`PATCH /businesses/{business_id}`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileResponse {
    pub business_id: Uuid,
    pub founded_year: Option<i32>,
    pub team_size: Option<i32>,
    /// Monthly marketing budget in minor units of `currency` (tiyin for UZS).
    pub monthly_marketing_budget: Option<i64>,
    /// The business's currency, for reading the budget.
    pub currency: String,
    pub target_audience: Option<String>,
    pub main_goals: Option<String>,
    /// Unique selling proposition.
    pub usp: Option<String>,
    pub elevator_pitch: Option<String>,
    /// An https address of the logo image.
    pub logo_url: Option<String>,
    /// Month (1–12) the business's financial year starts in.
    pub fiscal_month_start: u8,
    pub notifications: NotificationPreferences,
    /// Days without an order after which a customer counts as lost (7–730, default 90).
    pub churn_window_days: u16,
    /// Gross margin in percent, for CLV and payback; `null` until set.
    pub gross_margin_percent: Option<u8>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// `PATCH /businesses/{business_id}/profile`: only the fields sent change; `null` clears.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(range(min = 1800, max = 2100))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>, minimum = 1800, maximum = 2100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub founded_year: Option<Option<i32>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(range(min = 1, max = 1_000_000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>, minimum = 1))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_size: Option<Option<i32>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, minimum = 0))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_marketing_budget: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_audience: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_goals: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usp: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elevator_pitch: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 500), custom(function = "validate::website"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<Option<String>>,
    #[validate(range(min = 1, max = 12))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_month_start: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notifications: Option<NotificationPreferences>,
    #[validate(range(min = 7, max = 730))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub churn_window_days: Option<u16>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(range(min = 0, max = 100))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u8>, minimum = 0, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_margin_percent: Option<Option<u8>>,
}

/// `POST /businesses/{business_id}/profile/drafts`: USP or elevator-pitch drafts from the
/// profile, a dream buyer and an offer.
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    pub kind: DraftKind,
    /// The avatar to write for; the newest active one when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dream_buyer_id: Option<Uuid>,
    /// The offer to sell; the newest active one when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offer_id: Option<Uuid>,
    /// Language of the drafts; the business's by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// The audience to write for when it differs from the saved profile's (a form not saved
    /// yet).
    #[validate(length(max = 2000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_audience: Option<String>,
}

/// Drafts to pick from and edit.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftsResponse {
    pub kind: DraftKind,
    pub locale: Locale,
    pub drafts: Vec<String>,
    /// Who wrote them: `builtin` (templates) until an AI model is configured.
    pub generator: String,
}

/// One square of the canvas.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanvasSquareResponse {
    pub square: CanvasSquare,
    /// 1–9, in the order of the 1-page marketing plan.
    pub number: u8,
    pub phase: Phase,
    pub text: String,
    /// The owner's own mark that the square is done.
    pub complete: bool,
    /// 0–100: up to 80 for the text (full at 25 words), 20 for the mark.
    pub score: u8,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The 9-square canvas.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanvasResponse {
    /// All nine squares, in order.
    pub squares: Vec<CanvasSquareResponse>,
    /// Mean of the nine scores, 0–100.
    pub completeness: u8,
    /// Up to three squares with the lowest scores under 100, lowest first.
    pub weakest: Vec<CanvasSquare>,
}

/// A change to one square; absent fields keep their value.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SquareUpdate {
    #[validate(length(max = 5000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete: Option<bool>,
}

/// `PATCH /businesses/{business_id}/canvas`: the squares sent change.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCanvasRequest {
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_market: Option<SquareUpdate>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<SquareUpdate>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<SquareUpdate>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_capture: Option<SquareUpdate>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_nurture: Option<SquareUpdate>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales_conversion: Option<SquareUpdate>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub world_class_experience: Option<SquareUpdate>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_value: Option<SquareUpdate>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrals: Option<SquareUpdate>,
}

impl UpdateCanvasRequest {
    /// The changes, square by square.
    pub fn changes(&self) -> impl Iterator<Item = (CanvasSquare, &SquareUpdate)> {
        [
            (CanvasSquare::TargetMarket, &self.target_market),
            (CanvasSquare::Message, &self.message),
            (CanvasSquare::Media, &self.media),
            (CanvasSquare::LeadCapture, &self.lead_capture),
            (CanvasSquare::LeadNurture, &self.lead_nurture),
            (CanvasSquare::SalesConversion, &self.sales_conversion),
            (
                CanvasSquare::WorldClassExperience,
                &self.world_class_experience,
            ),
            (CanvasSquare::LifetimeValue, &self.lifetime_value),
            (CanvasSquare::Referrals, &self.referrals),
        ]
        .into_iter()
        .filter_map(|(square, update)| update.as_ref().map(|u| (square, u)))
    }

    /// A request changing one square.
    pub fn one(square: CanvasSquare, update: SquareUpdate) -> Self {
        let mut request = UpdateCanvasRequest::default();
        let slot = match square {
            CanvasSquare::TargetMarket => &mut request.target_market,
            CanvasSquare::Message => &mut request.message,
            CanvasSquare::Media => &mut request.media,
            CanvasSquare::LeadCapture => &mut request.lead_capture,
            CanvasSquare::LeadNurture => &mut request.lead_nurture,
            CanvasSquare::SalesConversion => &mut request.sales_conversion,
            CanvasSquare::WorldClassExperience => &mut request.world_class_experience,
            CanvasSquare::LifetimeValue => &mut request.lifetime_value,
            CanvasSquare::Referrals => &mut request.referrals,
        };
        *slot = Some(update);
        request
    }
}

/// A business goal: a target for one metric over a period.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalResponse {
    pub id: Uuid,
    pub metric: GoalMetric,
    /// What a `custom` goal measures; optional wording for the others.
    pub name: Option<String>,
    /// Revenue in minor units of the business's currency; counts for leads, customers and
    /// followers; a ratio for ROAS.
    pub target: f64,
    pub period_start: NaiveDate,
    /// Last day of the period, inclusive.
    pub period_end: NaiveDate,
    /// Live progress from the sales data; `null` for metrics not measured yet (followers
    /// arrive with channels; custom goals are not measured).
    pub progress: Option<GoalProgress>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Where a goal stands over its period.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalProgress {
    /// In the goal's unit.
    pub current: f64,
    /// current / target (may pass 1).
    pub ratio: f64,
}

/// `POST /businesses/{business_id}/goals`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateGoalRequest {
    pub metric: GoalMetric,
    /// Required for `custom` goals.
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(example = 50000000000.0))]
    pub target: f64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
}

/// `PATCH /businesses/{business_id}/goals/{goal_id}`
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateGoalRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<GoalMetric>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_start: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_end: Option<NaiveDate>,
}
