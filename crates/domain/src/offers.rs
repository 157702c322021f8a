//! The Offer Builder's rules (SPEC §6, after Alex Hormozi): the value equation, the value
//! stack, the guarantee library, lead magnets (HVCO) and the pricing calculator.

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// Lowest and highest score of a value-equation factor.
pub const FACTOR_MIN: f64 = 1.0;
pub const FACTOR_MAX: f64 = 10.0;

/// One of the four factors of the value equation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// How much the buyer wants the result (raise it).
    DreamOutcome,
    /// How sure the buyer is that it will work for them (raise it).
    PerceivedLikelihood,
    /// How long until the result arrives (lower it).
    TimeDelay,
    /// What the buyer must put in (lower it).
    EffortSacrifice,
}

impl Factor {
    pub const ALL: [Factor; 4] = [
        Factor::DreamOutcome,
        Factor::PerceivedLikelihood,
        Factor::TimeDelay,
        Factor::EffortSacrifice,
    ];

    /// Whether a higher score of this factor means more value.
    pub fn raises_value(self) -> bool {
        matches!(self, Factor::DreamOutcome | Factor::PerceivedLikelihood)
    }
}

/// The four scores of an offer, each from 1 to 10.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueEquation {
    pub dream_outcome: f64,
    pub perceived_likelihood: f64,
    pub time_delay: f64,
    pub effort_sacrifice: f64,
}

/// The one-point change of one factor that raises value most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lever {
    pub factor: Factor,
    pub value_after: f64,
    pub score_after: f64,
}

impl ValueEquation {
    /// Scores outside 1–10 (or not numbers) are refused rather than clamped, so a typo never
    /// silently turns into a different offer.
    pub fn new(
        dream_outcome: f64,
        perceived_likelihood: f64,
        time_delay: f64,
        effort_sacrifice: f64,
    ) -> Option<Self> {
        let equation = ValueEquation {
            dream_outcome,
            perceived_likelihood,
            time_delay,
            effort_sacrifice,
        };
        Factor::ALL
            .iter()
            .all(|f| (FACTOR_MIN..=FACTOR_MAX).contains(&equation.get(*f)))
            .then_some(equation)
    }

    pub fn get(&self, factor: Factor) -> f64 {
        match factor {
            Factor::DreamOutcome => self.dream_outcome,
            Factor::PerceivedLikelihood => self.perceived_likelihood,
            Factor::TimeDelay => self.time_delay,
            Factor::EffortSacrifice => self.effort_sacrifice,
        }
    }

    fn with(mut self, factor: Factor, score: f64) -> Self {
        match factor {
            Factor::DreamOutcome => self.dream_outcome = score,
            Factor::PerceivedLikelihood => self.perceived_likelihood = score,
            Factor::TimeDelay => self.time_delay = score,
            Factor::EffortSacrifice => self.effort_sacrifice = score,
        }
        self
    }

    /// Value = (dream outcome × perceived likelihood) / (time delay × effort and sacrifice),
    /// from 0.01 (1·1 / 10·10) to 100 (10·10 / 1·1).
    pub fn value(&self) -> f64 {
        (self.dream_outcome * self.perceived_likelihood) / (self.time_delay * self.effort_sacrifice)
    }

    /// The value on a 0–100 scale; see [`score`].
    pub fn score(&self) -> f64 {
        score(self.value())
    }

    /// Which factor's one-point move in the good direction (up for the top two, down for the
    /// bottom two, within 1–10) raises value most; `None` when every factor is at its best.
    /// Ties go to the factor listed first in [`Factor::ALL`].
    pub fn best_lever(&self) -> Option<Lever> {
        let mut best: Option<Lever> = None;
        for factor in Factor::ALL {
            let current = self.get(factor);
            let moved = if factor.raises_value() {
                (current + 1.0).min(FACTOR_MAX)
            } else {
                (current - 1.0).max(FACTOR_MIN)
            };
            if moved == current {
                continue;
            }
            let value_after = self.with(factor, moved).value();
            if best.is_none_or(|b| value_after > b.value_after) {
                best = Some(Lever {
                    factor,
                    value_after,
                    score_after: score(value_after),
                });
            }
        }
        best
    }
}

/// Maps a value onto 0–100 with a logarithmic scale: 0.01 (the worst offer) scores 0, 1 (the
/// top equals the bottom) scores 50, 100 (the best) scores 100. A log scale because doubling
/// the dream outcome matters as much at the low end as at the high end; the score is monotone
/// in the value, so it rises and falls with each factor exactly as the value does. Rounded to
/// one decimal.
pub fn score(value: f64) -> f64 {
    if !value.is_finite() || value <= 0.0 {
        return 0.0;
    }
    let raw = (value.log10() + 2.0) * 25.0;
    (raw.clamp(0.0, 100.0) * 10.0).round() / 10.0
}

/// Typical bonus values as shares of the core offer's value: +30 %, +30 %, +20 %.
pub const TYPICAL_BONUS_SHARES: [u8; 3] = [30, 30, 20];

/// Perceived values of three typical bonuses for a core offer worth `core_value` (minor units).
pub fn typical_bonus_values(core_value: i64) -> [i64; 3] {
    TYPICAL_BONUS_SHARES.map(|share| core_value.saturating_mul(i64::from(share)) / 100)
}

/// How a value-to-price ratio reads, after Hormozi's "price is a fraction of value".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PriceGuidance {
    /// The stack is worth less than its price: nobody should buy it.
    BelowPrice,
    /// Worth 1–3× the price: a commodity; buyers compare prices.
    Weak,
    /// Worth 3–10× the price: a good offer.
    Good,
    /// Worth 10× the price or more: a Grand Slam offer people feel stupid saying no to.
    GrandSlam,
}

/// Thresholds of [`PriceGuidance`].
pub const GOOD_RATIO: f64 = 3.0;
pub const GRAND_SLAM_RATIO: f64 = 10.0;

pub fn price_guidance(ratio: f64) -> PriceGuidance {
    if ratio < 1.0 {
        PriceGuidance::BelowPrice
    } else if ratio < GOOD_RATIO {
        PriceGuidance::Weak
    } else if ratio < GRAND_SLAM_RATIO {
        PriceGuidance::Good
    } else {
        PriceGuidance::GrandSlam
    }
}

/// What a value stack adds up to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StackTotals {
    pub bonus_value: i64,
    pub total_value: i64,
    /// Total perceived value over price; `None` when the price is zero (a free offer).
    pub value_to_price: Option<f64>,
    pub guidance: Option<PriceGuidance>,
}

/// Totals of a stack: the core offer's perceived value plus every bonus, against the price.
/// Amounts are minor units of one currency.
pub fn stack_totals(
    core_value: i64,
    bonus_values: impl IntoIterator<Item = i64>,
    price: i64,
) -> StackTotals {
    let bonus_value = bonus_values.into_iter().fold(0i64, i64::saturating_add);
    let total_value = core_value.saturating_add(bonus_value);
    let value_to_price = (price > 0).then(|| total_value as f64 / price as f64);
    StackTotals {
        bonus_value,
        total_value,
        value_to_price,
        guidance: value_to_price.map(price_guidance),
    }
}

/// How much risk a guarantee puts on the seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
}

/// The five kinds of guarantee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GuaranteeKind {
    /// "30 days, no questions asked".
    Unconditional,
    /// "If you do X and get no result, you get your money back".
    Conditional,
    /// "No 2× return — it's free".
    Performance,
    /// "This is not for everyone".
    AntiGuarantee,
    /// "10 years of experience".
    Implied,
}

const UNCONDITIONAL: [Text; 2] = [
    Text::new(
        "{days} kun ichida hech qanday savolsiz pulingizni to‘liq qaytarib beramiz.",
        "Вернём деньги в полном объёме в течение {days} дней — без вопросов.",
        "Full refund within {days} days — no questions asked.",
    ),
    Text::new(
        "Yoqmadimi? {days} kun ichida yozing — pulingiz shu kuni qaytadi.",
        "Не понравилось? Напишите в течение {days} дней — деньги вернём в тот же день.",
        "Not happy? Tell us within {days} days and get your money back the same day.",
    ),
];
const CONDITIONAL: [Text; 2] = [
    Text::new(
        "Agar barcha topshiriqlarni bajarib, {days} kun ichida {result} natijaga erishmasangiz, pulingizni qaytaramiz.",
        "Если вы выполните все задания и за {days} дней не получите {result}, мы вернём деньги.",
        "Do the work, and if you don't get {result} within {days} days, we refund you in full.",
    ),
    Text::new(
        "{result} bo‘lmasa, natijaga erishguningizcha siz bilan bepul ishlaymiz.",
        "Не будет {result} — будем работать с вами бесплатно, пока не получите результат.",
        "No {result}? We keep working with you for free until you get it.",
    ),
];
const PERFORMANCE: [Text; 2] = [
    Text::new(
        "{days} kun ichida sarmoyangiz 2 barobar qaytmasa — xizmat bepul.",
        "Если за {days} дней вложения не окупятся вдвое — услуга бесплатна.",
        "If you don't get 2× your investment back in {days} days, it's free.",
    ),
    Text::new(
        "{result} kafolatlanadi: bo‘lmasa, to‘lovning ikki baravarini qaytaramiz.",
        "Гарантируем {result}: иначе вернём двойную сумму оплаты.",
        "{result}, guaranteed — or we pay you back double.",
    ),
];
const ANTI_GUARANTEE: [Text; 2] = [
    Text::new(
        "Bu taklif hamma uchun emas: faqat {result} uchun jiddiy ishlashga tayyorlar uchun.",
        "Это предложение не для всех: только для тех, кто готов серьёзно работать ради {result}.",
        "This is not for everyone: only for people ready to work hard for {result}.",
    ),
    Text::new(
        "Pul qaytarilmaydi — chunki joylar soni cheklangan va har biriga vaqt ajratamiz.",
        "Возврата нет — мест мало, и каждому мы уделяем личное время.",
        "No refunds — places are few and each one gets our personal time.",
    ),
];
const IMPLIED: [Text; 2] = [
    Text::new(
        "{years} yillik tajriba va yuzlab mamnun mijozlar.",
        "{years} лет опыта и сотни довольных клиентов.",
        "{years} years of experience and hundreds of happy customers.",
    ),
    Text::new(
        "Natija bo‘lmaguncha to‘lov olmaymiz — biz faqat natija uchun ishlaymiz.",
        "Мы не берём оплату, пока нет результата — работаем только на результат.",
        "We don't get paid until you get results — we only work for results.",
    ),
];

impl GuaranteeKind {
    pub const ALL: [GuaranteeKind; 5] = [
        GuaranteeKind::Unconditional,
        GuaranteeKind::Conditional,
        GuaranteeKind::Performance,
        GuaranteeKind::AntiGuarantee,
        GuaranteeKind::Implied,
    ];

    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            GuaranteeKind::Unconditional => "unconditional",
            GuaranteeKind::Conditional => "conditional",
            GuaranteeKind::Performance => "performance",
            GuaranteeKind::AntiGuarantee => "anti_guarantee",
            GuaranteeKind::Implied => "implied",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn risk(self) -> RiskLevel {
        match self {
            GuaranteeKind::Unconditional => RiskLevel::High,
            GuaranteeKind::Conditional => RiskLevel::Medium,
            GuaranteeKind::Performance => RiskLevel::VeryHigh,
            GuaranteeKind::AntiGuarantee => RiskLevel::Low,
            GuaranteeKind::Implied => RiskLevel::VeryLow,
        }
    }

    /// Ready-made wordings with `{days}`, `{result}` and `{years}` to fill in.
    pub fn templates(self) -> &'static [Text] {
        match self {
            GuaranteeKind::Unconditional => &UNCONDITIONAL,
            GuaranteeKind::Conditional => &CONDITIONAL,
            GuaranteeKind::Performance => &PERFORMANCE,
            GuaranteeKind::AntiGuarantee => &ANTI_GUARANTEE,
            GuaranteeKind::Implied => &IMPLIED,
        }
    }
}

/// Kinds of high-value content offer (lead magnet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HvcoKind {
    Ebook,
    Checklist,
    VideoCourse,
    Webinar,
    Template,
    Quiz,
    Consultation,
    Calculator,
}

/// Expected leads from some traffic, as the low and high end of the typical range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadRange {
    pub low: u64,
    pub high: u64,
}

impl HvcoKind {
    pub const ALL: [HvcoKind; 8] = [
        HvcoKind::Ebook,
        HvcoKind::Checklist,
        HvcoKind::VideoCourse,
        HvcoKind::Webinar,
        HvcoKind::Template,
        HvcoKind::Quiz,
        HvcoKind::Consultation,
        HvcoKind::Calculator,
    ];

    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            HvcoKind::Ebook => "ebook",
            HvcoKind::Checklist => "checklist",
            HvcoKind::VideoCourse => "video_course",
            HvcoKind::Webinar => "webinar",
            HvcoKind::Template => "template",
            HvcoKind::Quiz => "quiz",
            HvcoKind::Consultation => "consultation",
            HvcoKind::Calculator => "calculator",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// Typical share of visitors who take it, in percent (low, high).
    pub fn conversion_percent(self) -> (u8, u8) {
        match self {
            HvcoKind::Ebook => (15, 25),
            HvcoKind::Checklist => (20, 35),
            HvcoKind::VideoCourse => (25, 40),
            HvcoKind::Webinar => (30, 50),
            HvcoKind::Template => (25, 40),
            HvcoKind::Quiz => (35, 50),
            HvcoKind::Consultation => (40, 60),
            HvcoKind::Calculator => (30, 45),
        }
    }

    /// Leads expected from `visitors`, whole people only (rounded down).
    pub fn expected_leads(self, visitors: u64) -> LeadRange {
        let (low, high) = self.conversion_percent();
        let share = |percent: u8| {
            u64::try_from(u128::from(visitors) * u128::from(percent) / 100).unwrap_or(u64::MAX)
        };
        LeadRange {
            low: share(low),
            high: share(high),
        }
    }
}

/// The highest margin the calculator takes; at 100 % the price would be infinite.
pub const MAX_MARGIN_PERCENT: f64 = 95.0;
/// Prices are rounded up to whole currency units (100 minor units).
pub const PRICE_STEP: i64 = 100;

/// What the pricing calculator is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct PricingInput {
    /// Cost of one sale, minor units.
    pub cost: i64,
    /// Wanted margin on the price, 0–95 %.
    pub target_margin_percent: f64,
    /// The price to judge; the recommended one when absent.
    pub price: Option<i64>,
    /// The "was" price shown next to the price.
    pub anchor_price: Option<i64>,
    /// Lengths of installment plans, in months.
    pub installment_months: Vec<u32>,
    /// Surcharge of paying in installments, percent of the price.
    pub installment_markup_percent: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentPlan {
    pub months: u32,
    /// Each month's payment, minor units.
    pub monthly_payment: i64,
    /// What the buyer pays in all.
    pub total: i64,
    /// What paying in parts costs over the price.
    pub overpayment: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pricing {
    /// The lowest price that keeps the target margin, rounded up to a whole unit.
    pub recommended_price: i64,
    pub price: i64,
    pub profit: i64,
    /// Profit over price, percent; `None` for a free offer.
    pub margin_percent: Option<f64>,
    /// Profit over cost, percent; `None` when nothing is spent.
    pub markup_percent: Option<f64>,
    /// How much below the anchor the price is, percent; `None` without an anchor above it.
    pub anchor_discount_percent: Option<f64>,
    pub payment_plans: Vec<PaymentPlan>,
}

fn round_up_to_step(amount: f64) -> i64 {
    let steps = (amount / PRICE_STEP as f64).ceil();
    (steps as i64).saturating_mul(PRICE_STEP)
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 1000.0).round() / 10.0)
}

/// Prices an offer. Callers validate the input (non-negative amounts, margin 0–95 %).
pub fn price(input: &PricingInput) -> Pricing {
    let margin = input.target_margin_percent.clamp(0.0, MAX_MARGIN_PERCENT) / 100.0;
    let recommended_price = round_up_to_step(input.cost.max(0) as f64 / (1.0 - margin));
    let price = input.price.unwrap_or(recommended_price);
    let profit = price.saturating_sub(input.cost);
    let markup = 1.0 + input.installment_markup_percent.max(0.0) / 100.0;
    let payment_plans = input
        .installment_months
        .iter()
        .filter(|months| **months > 0)
        .map(|&months| {
            let monthly_payment = round_up_to_step(price as f64 * markup / f64::from(months));
            let total = monthly_payment.saturating_mul(i64::from(months));
            PaymentPlan {
                months,
                monthly_payment,
                total,
                overpayment: total.saturating_sub(price),
            }
        })
        .collect();
    Pricing {
        recommended_price,
        price,
        profit,
        margin_percent: percent(profit, price),
        markup_percent: percent(profit, input.cost),
        anchor_discount_percent: input
            .anchor_price
            .filter(|anchor| *anchor > price)
            .and_then(|anchor| percent(anchor - price, anchor)),
        payment_plans,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn equation(d: f64, l: f64, t: f64, e: f64) -> ValueEquation {
        ValueEquation::new(d, l, t, e).expect("in range")
    }

    #[test]
    fn the_formula_of_the_spec() {
        let offer = equation(8.0, 6.0, 4.0, 3.0);
        assert_eq!(offer.value(), 4.0);
        assert_eq!(equation(1.0, 1.0, 10.0, 10.0).score(), 0.0);
        assert_eq!(equation(5.0, 5.0, 5.0, 5.0).score(), 50.0);
        assert_eq!(equation(10.0, 10.0, 1.0, 1.0).score(), 100.0);
    }

    #[test]
    fn scores_outside_one_to_ten_are_refused() {
        assert!(ValueEquation::new(0.0, 5.0, 5.0, 5.0).is_none());
        assert!(ValueEquation::new(5.0, 11.0, 5.0, 5.0).is_none());
        assert!(ValueEquation::new(5.0, 5.0, f64::NAN, 5.0).is_none());
    }

    #[test]
    fn the_grand_slam_course_beats_the_plain_one() {
        // SPEC §6: "English course — $200" against "IELTS 7.0 in 90 days or your money back +
        // 1:1 mentor + daily speaking practice — $997".
        let plain = equation(5.0, 4.0, 8.0, 7.0);
        let grand_slam = equation(9.0, 8.0, 4.0, 3.0);
        assert!(grand_slam.score() > plain.score() + 30.0);
    }

    #[test]
    fn the_best_lever_is_the_biggest_one_point_gain() {
        // Lowering effort from 2 to 1 doubles the value; nothing else comes close.
        let offer = equation(5.0, 5.0, 5.0, 2.0);
        let lever = offer.best_lever().expect("a lever");
        assert_eq!(lever.factor, Factor::EffortSacrifice);
        assert_eq!(lever.value_after, 5.0);
        assert_eq!(lever.score_after, score(5.0));
        // Raising a 1 to 2 also doubles; the tie goes to the first factor.
        let low = equation(1.0, 1.0, 2.0, 2.0);
        assert_eq!(
            low.best_lever().map(|l| l.factor),
            Some(Factor::DreamOutcome)
        );
    }

    #[test]
    fn a_perfect_offer_has_no_lever_left() {
        assert_eq!(equation(10.0, 10.0, 1.0, 1.0).best_lever(), None);
        // Only the factor with room moves.
        let lever = equation(10.0, 10.0, 1.0, 3.0).best_lever().expect("lever");
        assert_eq!(lever.factor, Factor::EffortSacrifice);
    }

    #[test]
    fn typical_bonuses_add_thirty_thirty_twenty_percent() {
        assert_eq!(
            typical_bonus_values(1_000_000_00),
            [300_000_00, 300_000_00, 200_000_00]
        );
    }

    #[test]
    fn stack_totals_and_guidance() {
        // Core worth 2 000 000 so'm, bonuses 600 000 + 600 000 + 400 000, price 300 000.
        let totals = stack_totals(
            2_000_000_00,
            [600_000_00, 600_000_00, 400_000_00],
            300_000_00,
        );
        assert_eq!(totals.bonus_value, 1_600_000_00);
        assert_eq!(totals.total_value, 3_600_000_00);
        assert_eq!(totals.value_to_price, Some(12.0));
        assert_eq!(totals.guidance, Some(PriceGuidance::GrandSlam));
        assert_eq!(stack_totals(100, [], 0).value_to_price, None);
        assert_eq!(price_guidance(0.5), PriceGuidance::BelowPrice);
        assert_eq!(price_guidance(2.0), PriceGuidance::Weak);
        assert_eq!(price_guidance(3.0), PriceGuidance::Good);
    }

    #[test]
    fn guarantee_risks_of_the_spec() {
        use GuaranteeKind::*;
        assert_eq!(Unconditional.risk(), RiskLevel::High);
        assert_eq!(Conditional.risk(), RiskLevel::Medium);
        assert_eq!(Performance.risk(), RiskLevel::VeryHigh);
        assert_eq!(AntiGuarantee.risk(), RiskLevel::Low);
        assert_eq!(Implied.risk(), RiskLevel::VeryLow);
        for kind in GuaranteeKind::ALL {
            assert!(!kind.templates().is_empty());
            assert_eq!(GuaranteeKind::parse(kind.as_str()), Some(kind));
            let serialized = serde_json::to_value(kind).expect("json");
            assert_eq!(serialized, kind.as_str(), "the API and as_str agree");
        }
        for kind in HvcoKind::ALL {
            assert_eq!(HvcoKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).expect("json"), kind.as_str());
        }
    }

    #[test]
    fn hvco_ranges_of_the_spec() {
        assert_eq!(HvcoKind::Ebook.conversion_percent(), (15, 25));
        assert_eq!(HvcoKind::Consultation.conversion_percent(), (40, 60));
        assert_eq!(
            HvcoKind::Quiz.expected_leads(1_000),
            LeadRange {
                low: 350,
                high: 500
            }
        );
        assert_eq!(
            HvcoKind::Checklist.expected_leads(7),
            LeadRange { low: 1, high: 2 }
        );
    }

    #[test]
    fn pricing_keeps_the_margin_and_rounds_up() {
        let pricing = price(&PricingInput {
            cost: 120_000_00,
            target_margin_percent: 40.0,
            price: None,
            anchor_price: Some(400_000_00),
            installment_months: vec![3, 0],
            installment_markup_percent: 0.0,
        });
        assert_eq!(pricing.recommended_price, 200_000_00);
        assert_eq!(pricing.profit, 80_000_00);
        assert_eq!(pricing.margin_percent, Some(40.0));
        assert_eq!(pricing.markup_percent, Some(66.7));
        assert_eq!(pricing.anchor_discount_percent, Some(50.0));
        assert_eq!(
            pricing.payment_plans,
            [PaymentPlan {
                months: 3,
                monthly_payment: 66_667_00,
                total: 200_001_00,
                overpayment: 1_00
            }]
        );
        let free = price(&PricingInput {
            cost: 0,
            target_margin_percent: 0.0,
            price: Some(0),
            anchor_price: None,
            installment_months: vec![],
            installment_markup_percent: 0.0,
        });
        assert_eq!(free.margin_percent, None);
        assert_eq!(free.markup_percent, None);
    }

    fn factor() -> impl Strategy<Value = f64> {
        FACTOR_MIN..=FACTOR_MAX
    }

    proptest! {
        #[test]
        fn value_is_finite_and_positive_everywhere(d in factor(), l in factor(), t in factor(), e in factor()) {
            let offer = equation(d, l, t, e);
            let value = offer.value();
            prop_assert!(value.is_finite() && value > 0.0);
            let score = offer.score();
            prop_assert!((0.0..=100.0).contains(&score));
        }

        #[test]
        fn value_rises_with_outcome_and_likelihood(d in factor(), l in factor(), t in factor(), e in factor(), step in 0.01f64..9.0) {
            let offer = equation(d, l, t, e);
            for factor in [Factor::DreamOutcome, Factor::PerceivedLikelihood] {
                let higher = (offer.get(factor) + step).min(FACTOR_MAX);
                prop_assume!(higher > offer.get(factor));
                let better = offer.with(factor, higher);
                prop_assert!(better.value() > offer.value());
                prop_assert!(better.score() >= offer.score());
            }
        }

        #[test]
        fn value_falls_with_delay_and_effort(d in factor(), l in factor(), t in factor(), e in factor(), step in 0.01f64..9.0) {
            let offer = equation(d, l, t, e);
            for factor in [Factor::TimeDelay, Factor::EffortSacrifice] {
                let higher = (offer.get(factor) + step).min(FACTOR_MAX);
                prop_assume!(higher > offer.get(factor));
                let worse = offer.with(factor, higher);
                prop_assert!(worse.value() < offer.value());
                prop_assert!(worse.score() <= offer.score());
            }
        }

        #[test]
        fn the_best_lever_raises_value(d in 1u8..=10, l in 1u8..=10, t in 1u8..=10, e in 1u8..=10) {
            let offer = equation(d.into(), l.into(), t.into(), e.into());
            match offer.best_lever() {
                Some(lever) => {
                    prop_assert!(lever.value_after > offer.value());
                    prop_assert!(lever.score_after >= offer.score());
                }
                None => prop_assert_eq!(offer.value(), 100.0),
            }
        }

        #[test]
        fn the_recommended_price_keeps_at_least_the_margin(cost in 0i64..1_000_000_000_00, margin in 0f64..=95.0) {
            let pricing = price(&PricingInput {
                cost,
                target_margin_percent: margin,
                price: None,
                anchor_price: None,
                installment_months: vec![],
                installment_markup_percent: 0.0,
            });
            prop_assert!(pricing.recommended_price >= cost);
            prop_assert_eq!(pricing.recommended_price % PRICE_STEP, 0);
            if let Some(kept) = pricing.margin_percent {
                prop_assert!(kept + 0.05 >= margin.min(MAX_MARGIN_PERCENT) - 0.05);
            }
        }
    }
}
