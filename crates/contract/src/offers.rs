//! Offers (SPEC §6): the value equation, the value stack with its guarantee, urgency and
//! scarcity, the lead magnet (HVCO) and pricing; and the stateless calculators under `/tools`.

use chrono::{DateTime, Utc};
use domain::accounts::Locale;
use domain::offers::{
    Factor, GuaranteeKind, HvcoKind, LeadRange, PaymentPlan, PriceGuidance, PricingInput,
    RiskLevel, ValueEquation,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::accounts::present_or_null;
use crate::strategy::MAX_AMOUNT;
use crate::validate;

/// The most bonuses one offer stacks.
pub const MAX_BONUSES: u64 = 20;

/// The four scores of the value equation, each 1–10.
/// Also the body of `POST /tools/value-equation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ValueScores {
    /// How much the buyer wants the result (raise it).
    #[validate(range(min = 1, max = 10))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10, example = 8))]
    pub dream_outcome: u8,
    /// How sure the buyer is it will work (raise it).
    #[validate(range(min = 1, max = 10))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10, example = 6))]
    pub perceived_likelihood: u8,
    /// How long until the result (lower it).
    #[validate(range(min = 1, max = 10))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10, example = 4))]
    pub time_delay: u8,
    /// What the buyer must put in (lower it).
    #[validate(range(min = 1, max = 10))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10, example = 3))]
    pub effort_sacrifice: u8,
}

impl Default for ValueScores {
    fn default() -> Self {
        ValueScores {
            dream_outcome: 5,
            perceived_likelihood: 5,
            time_delay: 5,
            effort_sacrifice: 5,
        }
    }
}

impl ValueScores {
    /// The equation of valid scores (out-of-range ones count as the nearest bound, which the
    /// request validation has already refused).
    pub fn equation(&self) -> ValueEquation {
        let score = |s: u8| f64::from(s.clamp(1, 10));
        ValueEquation {
            dream_outcome: score(self.dream_outcome),
            perceived_likelihood: score(self.perceived_likelihood),
            time_delay: score(self.time_delay),
            effort_sacrifice: score(self.effort_sacrifice),
        }
    }

    pub fn evaluate(&self) -> ValueEquationResponse {
        let equation = self.equation();
        ValueEquationResponse {
            value: equation.value(),
            score: equation.score(),
            best_lever: equation.best_lever().map(|lever| BestLever {
                factor: lever.factor,
                value_after: lever.value_after,
                score_after: lever.score_after,
            }),
        }
    }
}

/// The factor whose one-point move raises value most.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BestLever {
    pub factor: Factor,
    /// The value after moving it one point (up for dream outcome and likelihood, down for
    /// time delay and effort).
    pub value_after: f64,
    pub score_after: f64,
}

/// What the value equation says about the scores.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValueEquationResponse {
    /// (dream outcome × perceived likelihood) / (time delay × effort), 0.01–100.
    pub value: f64,
    /// The value on a logarithmic 0–100 scale: 0.01 → 0, 1 → 50, 100 → 100.
    pub score: f64,
    /// Absent when every factor is already at its best.
    pub best_lever: Option<BestLever>,
}

/// A bonus of the value stack.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Bonus {
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    pub name: String,
    #[validate(length(max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Perceived value in minor units of the business's currency.
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    pub value: i64,
}

/// The offer's guarantee.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Guarantee {
    pub kind: GuaranteeKind,
    /// The wording the customer reads.
    #[validate(length(min = 1, max = 1000), custom(function = "validate::not_blank"))]
    pub text: String,
}

/// The lead magnet that brings the 97 % not ready to buy yet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Hvco {
    pub kind: HvcoKind,
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Visitors expected to see it.
    #[validate(range(max = 1_000_000_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_traffic: Option<u64>,
}

/// The lead magnet with its expected results.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HvcoResponse {
    pub kind: HvcoKind,
    pub title: Option<String>,
    pub planned_traffic: Option<u64>,
    /// Typical share of visitors who take it, percent.
    pub conversion_low_percent: u8,
    pub conversion_high_percent: u8,
    /// Leads expected from the planned traffic.
    pub expected_leads: Option<LeadRange>,
}

impl From<&Hvco> for HvcoResponse {
    fn from(hvco: &Hvco) -> Self {
        let (low, high) = hvco.kind.conversion_percent();
        HvcoResponse {
            kind: hvco.kind,
            title: hvco.title.clone(),
            planned_traffic: hvco.planned_traffic,
            conversion_low_percent: low,
            conversion_high_percent: high,
            expected_leads: hvco
                .planned_traffic
                .map(|traffic| hvco.kind.expected_leads(traffic)),
        }
    }
}

/// The costs behind an offer's price, for its pricing calculator.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PricingPlan {
    /// Cost of one sale, minor units.
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    pub cost: i64,
    /// Wanted margin on the price, 0–95 %.
    #[validate(range(min = 0.0, max = 95.0))]
    pub target_margin_percent: f64,
    /// The "was" price shown crossed out next to the price.
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_price: Option<i64>,
    /// Installment plans offered, in months (each 2–60).
    #[validate(length(max = 6), custom(function = "validate::installment_months"))]
    #[serde(default)]
    pub installment_months: Vec<u32>,
    /// Surcharge of paying in installments, percent of the price.
    #[validate(range(min = 0.0, max = 100.0))]
    #[serde(default)]
    pub installment_markup_percent: f64,
}

/// `POST /tools/pricing`: the pricing calculator.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PricingRequest {
    /// Cost of one sale, minor units.
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[cfg_attr(feature = "openapi", schema(example = 12000000))]
    pub cost: i64,
    /// Wanted margin on the price, 0–95 %.
    #[validate(range(min = 0.0, max = 95.0))]
    #[cfg_attr(feature = "openapi", schema(example = 40.0))]
    pub target_margin_percent: f64,
    /// The price to judge; the calculator recommends one when absent.
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_price: Option<i64>,
    #[validate(length(max = 6), custom(function = "validate::installment_months"))]
    #[serde(default)]
    pub installment_months: Vec<u32>,
    #[validate(range(min = 0.0, max = 100.0))]
    #[serde(default)]
    pub installment_markup_percent: f64,
}

impl PricingRequest {
    pub fn input(&self) -> PricingInput {
        PricingInput {
            cost: self.cost,
            target_margin_percent: self.target_margin_percent,
            price: self.price,
            anchor_price: self.anchor_price,
            installment_months: self.installment_months.clone(),
            installment_markup_percent: self.installment_markup_percent,
        }
    }

    pub fn evaluate(&self) -> PricingResponse {
        PricingResponse::from(domain::offers::price(&self.input()))
    }
}

impl PricingPlan {
    /// The calculator's question for this plan at `price`.
    pub fn at_price(&self, price: i64) -> PricingRequest {
        PricingRequest {
            cost: self.cost,
            target_margin_percent: self.target_margin_percent,
            price: Some(price),
            anchor_price: self.anchor_price,
            installment_months: self.installment_months.clone(),
            installment_markup_percent: self.installment_markup_percent,
        }
    }
}

/// What the pricing calculator answers. Amounts are minor units.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PricingResponse {
    /// The lowest price keeping the target margin, rounded up to a whole currency unit.
    pub recommended_price: i64,
    /// The price judged: the one asked about, else the recommended one.
    pub price: i64,
    pub profit: i64,
    /// Profit over price, percent; absent for a free offer.
    pub margin_percent: Option<f64>,
    /// Profit over cost, percent; absent when nothing is spent.
    pub markup_percent: Option<f64>,
    /// How far under the anchor the price is, percent.
    pub anchor_discount_percent: Option<f64>,
    pub payment_plans: Vec<PaymentPlan>,
}

impl From<domain::offers::Pricing> for PricingResponse {
    fn from(pricing: domain::offers::Pricing) -> Self {
        PricingResponse {
            recommended_price: pricing.recommended_price,
            price: pricing.price,
            profit: pricing.profit,
            margin_percent: pricing.margin_percent,
            markup_percent: pricing.markup_percent,
            anchor_discount_percent: pricing.anchor_discount_percent,
            payment_plans: pricing.payment_plans,
        }
    }
}

/// What the stack adds up to. Amounts are minor units.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StackTotals {
    pub core_value: i64,
    pub bonus_value: i64,
    pub total_value: i64,
    /// Total value over price; absent for a free offer.
    pub value_to_price: Option<f64>,
    /// Reading of the ratio: `below_price` (< 1), `weak` (1–3), `good` (3–10), `grand_slam` (≥ 10).
    pub guidance: Option<PriceGuidance>,
    /// Typical values of three bonuses for this core offer (+30 %, +30 %, +20 %).
    pub typical_bonus_values: [i64; 3],
}

/// An offer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferResponse {
    pub id: Uuid,
    pub name: String,
    /// The core offer: what the buyer gets.
    pub description: Option<String>,
    /// The headline promise, e.g. "IELTS 7.0 in 90 days".
    pub headline: Option<String>,
    /// Price in minor units of `currency`.
    pub price: i64,
    pub currency: String,
    /// Perceived value of the core offer, minor units.
    pub core_value: i64,
    pub value_scores: ValueScores,
    pub value: ValueEquationResponse,
    /// In the order shown to the buyer.
    pub bonuses: Vec<Bonus>,
    pub totals: StackTotals,
    /// Urgency: the offer ends then.
    pub deadline: Option<DateTime<Utc>>,
    /// Scarcity: only this many are sold.
    pub quantity_limit: Option<u32>,
    pub guarantee: Option<Guarantee>,
    pub guarantee_risk: Option<RiskLevel>,
    pub hvco: Option<HvcoResponse>,
    pub pricing_plan: Option<PricingPlan>,
    /// The calculator's reading of `pricing_plan` at `price`.
    pub pricing: Option<PricingResponse>,
    /// The offer this one is a variant of (A/B).
    pub variant_of: Option<Uuid>,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /businesses/{business_id}/offers`
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOfferRequest {
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(example = "IELTS 7.0 in 90 days"))]
    pub name: String,
    #[validate(length(max = 3000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[validate(length(max = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// Minor units; 0 (free) when absent.
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core_value: Option<i64>,
    /// 5 for each factor when absent.
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_scores: Option<ValueScores>,
    #[validate(length(max = MAX_BONUSES), nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bonuses: Option<Vec<Bonus>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DateTime<Utc>>,
    #[validate(range(min = 1, max = 1_000_000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity_limit: Option<u32>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guarantee: Option<Guarantee>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hvco: Option<Hvco>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_plan: Option<PricingPlan>,
}

/// `PATCH /businesses/{business_id}/offers/{offer_id}`: only the fields sent change; `null`
/// clears an optional one; `bonuses` replaces the whole stack (its order is the new order).
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOfferRequest {
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 3000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<Option<String>>,
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core_value: Option<i64>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_scores: Option<ValueScores>,
    #[validate(length(max = MAX_BONUSES), nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bonuses: Option<Vec<Bonus>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DateTime<Utc>>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(range(min = 1, max = 1_000_000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>, minimum = 1))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity_limit: Option<Option<u32>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(nested)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Guarantee>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guarantee: Option<Option<Guarantee>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(nested)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Hvco>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hvco: Option<Option<Hvco>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(nested)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PricingPlan>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_plan: Option<Option<PricingPlan>>,
    /// Archive (`true`) or bring back (`false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

/// `?locale=` of the guarantee library.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct LocaleQuery {
    /// Language of the templates; the caller's by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
}

/// One kind of guarantee with its risk and ready wordings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuaranteeType {
    pub kind: GuaranteeKind,
    pub risk: RiskLevel,
    /// Wordings with `{days}`, `{result}` and `{years}` to fill in.
    pub templates: Vec<String>,
}

/// `GET /tools/guarantees`
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuaranteeLibrary {
    pub locale: Locale,
    pub items: Vec<GuaranteeType>,
}

impl GuaranteeLibrary {
    pub fn new(locale: Locale) -> Self {
        GuaranteeLibrary {
            locale,
            items: GuaranteeKind::ALL
                .into_iter()
                .map(|kind| GuaranteeType {
                    kind,
                    risk: kind.risk(),
                    templates: kind
                        .templates()
                        .iter()
                        .map(|t| t.get(locale).to_owned())
                        .collect(),
                })
                .collect(),
        }
    }
}
