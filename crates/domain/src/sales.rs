//! Sales analytics (SPEC §4): the lead pipeline, order statuses, the KPI formulas and the
//! 5-stage funnel. Every ratio is `None` ("undefined") when its denominator is zero, so no
//! NaN or infinity ever reaches a screen.

use crate::named_enum;

named_enum! {
    /// A lead's place in the pipeline `new → contacted → qualified → proposal → won | lost`.
    pub enum LeadStage ("lead stage") {
        New = "new",
        Contacted = "contacted",
        Qualified = "qualified",
        Proposal = "proposal",
        Won = "won",
        Lost = "lost",
    }
}

impl LeadStage {
    /// How far along the pipeline an open or won stage is; `Lost` has no place of its own
    /// (a lost lead keeps the furthest stage it reached).
    pub fn rank(self) -> Option<u8> {
        match self {
            LeadStage::New => Some(0),
            LeadStage::Contacted => Some(1),
            LeadStage::Qualified => Some(2),
            LeadStage::Proposal => Some(3),
            LeadStage::Won => Some(4),
            LeadStage::Lost => None,
        }
    }

    pub fn label(self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            LeadStage::New => Text::new("Yangi", "Новый", "New"),
            LeadStage::Contacted => Text::new("Bog‘lanildi", "Связались", "Contacted"),
            LeadStage::Qualified => Text::new("Saralangan", "Квалифицирован", "Qualified"),
            LeadStage::Proposal => Text::new("Taklif berildi", "Предложение", "Proposal"),
            LeadStage::Won => Text::new("Yutildi", "Выигран", "Won"),
            LeadStage::Lost => Text::new("Yo‘qotildi", "Проигран", "Lost"),
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, LeadStage::Won | LeadStage::Lost)
    }

    /// The furthest stage a lead has reached once it moves to `self`.
    pub fn furthest(self, reached: LeadStage) -> LeadStage {
        match (self.rank(), reached.rank()) {
            (Some(now), Some(before)) if now > before => self,
            (Some(_), None) => self,
            _ => reached,
        }
    }
}

named_enum! {
    /// Where an order stands. Only paid and completed orders are revenue.
    pub enum OrderStatus ("order status") {
        /// Placed, not paid yet (cash on delivery counts once completed).
        Pending = "pending",
        Paid = "paid",
        Completed = "completed",
        Cancelled = "cancelled",
        Refunded = "refunded",
    }
}

impl OrderStatus {
    pub fn label(self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            OrderStatus::Pending => Text::new("Kutilmoqda", "Ожидает", "Pending"),
            OrderStatus::Paid => Text::new("To‘langan", "Оплачен", "Paid"),
            OrderStatus::Completed => Text::new("Bajarilgan", "Выполнен", "Completed"),
            OrderStatus::Cancelled => Text::new("Bekor qilingan", "Отменён", "Cancelled"),
            OrderStatus::Refunded => Text::new("Qaytarilgan", "Возврат", "Refunded"),
        }
    }

    pub fn is_revenue(self) -> bool {
        matches!(self, OrderStatus::Paid | OrderStatus::Completed)
    }

    /// Reads the statuses other systems export: `done`, `delivered`, `оплачен`, `bekor`…
    pub fn from_export(value: &str) -> Option<OrderStatus> {
        let value = value.trim().to_lowercase();
        if let Some(exact) = OrderStatus::parse(&value) {
            return Some(exact);
        }
        let has = |words: &[&str]| words.iter().any(|w| value.contains(w));
        if has(&["refund", "return", "qaytar", "возврат"]) {
            Some(OrderStatus::Refunded)
        } else if has(&["cancel", "bekor", "отмен"]) {
            Some(OrderStatus::Cancelled)
        } else if has(&[
            "complete",
            "done",
            "deliver",
            "yetkaz",
            "bajarildi",
            "выполн",
            "доставл",
        ]) {
            Some(OrderStatus::Completed)
        } else if has(&["paid", "to'lan", "to‘lan", "оплач", "success"]) {
            Some(OrderStatus::Paid)
        } else if has(&["new", "pending", "process", "yangi", "нов", "ожид"]) {
            Some(OrderStatus::Pending)
        } else {
            None
        }
    }
}

/// A phone number as stored and matched: `+` and digits. Uzbek numbers are read in the forms
/// people type them (`90 123 45 67`, `998901234567`, `+998 (90) 123-45-67`); other countries
/// need their `+` code. `None` when it cannot be a phone number.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let international = trimmed.starts_with('+') || trimmed.starts_with("00");
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
    {
        return None;
    }
    let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if trimmed.starts_with("00") {
        digits.drain(..2);
    }
    let number = match (international, digits.len()) {
        (true, 7..=15) => digits,
        (false, 9) => format!("998{digits}"),
        (false, 12) if digits.starts_with("998") => digits,
        _ => return None,
    };
    Some(format!("+{number}"))
}

/// The default number of days without an order after which a customer counts as lost.
pub const DEFAULT_CHURN_WINDOW_DAYS: u16 = 90;
/// The longest customer lifetime the CLV formula assumes, in months.
pub const MAX_LIFETIME_MONTHS: f64 = 60.0;

/// The sums over a period that every KPI of SPEC §4 is computed from. Money is in minor
/// units (tiyin).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PeriodTotals {
    /// Revenue of paid and completed orders.
    pub revenue: i64,
    /// Revenue of those orders that came through a marketing channel.
    pub attributed_revenue: i64,
    pub orders: i64,
    /// Customers whose first order falls in the period.
    pub new_customers: i64,
    /// For each month of the period, the customers who ordered in it, summed over months.
    pub customer_months: i64,
    /// The orders of those customers in those months (orders without a known customer cannot
    /// say how often someone buys).
    pub customer_orders: i64,
    /// Marketing spend over the period.
    pub spend: i64,
    pub leads: i64,
    pub leads_won: i64,
    /// For each month of the period, the customers active at its start (ordered within the
    /// churn window before it), summed over the months.
    pub active_at_start: i64,
    /// For each month, those of them whose churn window ran out in it, summed over the months.
    pub lost: i64,
    /// The period's length in months (days / 30.44).
    pub months: f64,
}

/// How healthy an LTV/CAC ratio is: ≥ 3 healthy, 1–3 warning, < 1 critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Health {
    Healthy,
    Warning,
    Critical,
}

impl Health {
    pub fn of_ltv_to_cac(ratio: f64) -> Health {
        if ratio >= 3.0 {
            Health::Healthy
        } else if ratio >= 1.0 {
            Health::Warning
        } else {
            Health::Critical
        }
    }
}

/// The KPIs of a period. Money is in minor units, rounded; rates are fractions (0.25 = 25 %)
/// except `roi_percent`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kpis {
    pub revenue: i64,
    pub orders: i64,
    pub new_customers: i64,
    pub spend: i64,
    pub aov: Option<i64>,
    pub cac: Option<i64>,
    /// Orders per ordering customer per month.
    pub purchase_frequency: Option<f64>,
    /// Share of the customers active at the start who were lost during the period (the
    /// monthly rate compounded over the period's months).
    pub churn_rate: Option<f64>,
    /// Customers lost / customers active at the start, pooled over the period's months.
    pub monthly_churn_rate: Option<f64>,
    pub customer_lifetime_months: Option<f64>,
    pub clv: Option<i64>,
    pub ltv_to_cac: Option<f64>,
    pub ltv_to_cac_health: Option<Health>,
    pub roas: Option<f64>,
    pub roi_percent: Option<f64>,
    pub lead_conversion_rate: Option<f64>,
    pub payback_months: Option<f64>,
}

/// `numerator / denominator`, undefined when the denominator is zero (or not a number).
pub fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    let value = numerator / denominator;
    (denominator != 0.0 && value.is_finite()).then_some(value)
}

fn money(value: Option<f64>) -> Option<i64> {
    // Money far beyond any business's is treated as undefined rather than saturated.
    value.filter(|v| v.abs() < 9.0e15).map(|v| v.round() as i64)
}

/// CAC = marketing spend / new customers.
pub fn cac(spend: i64, new_customers: i64) -> Option<f64> {
    ratio(spend as f64, new_customers as f64)
}

/// Cost per lead = spend / leads.
pub fn cost_per_lead(spend: i64, leads: i64) -> Option<f64> {
    ratio(spend as f64, leads as f64)
}

/// AOV = revenue / orders.
pub fn aov(revenue: i64, orders: i64) -> Option<f64> {
    ratio(revenue as f64, orders as f64)
}

/// Orders per ordering customer per month: orders / Σ over months of ordering customers.
pub fn purchase_frequency(orders: i64, customer_months: i64) -> Option<f64> {
    ratio(orders as f64, customer_months as f64)
}

/// Churn = customers lost in the period / customers active at its start.
pub fn churn_rate(lost: i64, active_at_start: i64) -> Option<f64> {
    ratio(lost as f64, active_at_start as f64).map(|r| r.clamp(0.0, 1.0))
}

/// The churn over `months` that a monthly rate compounds to.
pub fn compounded_churn(monthly: f64, months: f64) -> Option<f64> {
    if months <= 0.0 || !months.is_finite() {
        return None;
    }
    let monthly = monthly.clamp(0.0, 1.0);
    if months == 1.0 {
        // Exactly the monthly rate, without a round trip through powers.
        return Some(monthly);
    }
    Some(-(months * (-monthly).ln_1p()).exp_m1())
}

/// Customer lifetime in months = 1 / monthly churn, capped at 60 (no churn at all is 60).
pub fn customer_lifetime_months(monthly_churn: f64) -> f64 {
    if monthly_churn <= 1.0 / MAX_LIFETIME_MONTHS {
        MAX_LIFETIME_MONTHS
    } else {
        1.0 / monthly_churn
    }
}

/// CLV = AOV × monthly purchase frequency × gross margin × lifetime in months.
pub fn clv(aov: f64, frequency: f64, gross_margin: f64, lifetime_months: f64) -> f64 {
    aov * frequency * gross_margin * lifetime_months
}

/// ROAS = attributed revenue / ad spend.
pub fn roas(attributed_revenue: i64, spend: i64) -> Option<f64> {
    ratio(attributed_revenue as f64, spend as f64)
}

/// ROI = (attributed revenue − spend) / spend, as a percentage.
pub fn roi_percent(attributed_revenue: i64, spend: i64) -> Option<f64> {
    ratio((attributed_revenue - spend) as f64, spend as f64).map(|r| r * 100.0)
}

/// Payback in months = CAC / (AOV × monthly frequency × gross margin).
pub fn payback_months(cac: f64, aov: f64, frequency: f64, gross_margin: f64) -> Option<f64> {
    ratio(cac, aov * frequency * gross_margin)
}

/// All KPIs of a period. `gross_margin` is a fraction (0.4 = 40 %); without it CLV, LTV/CAC
/// and payback are undefined.
pub fn kpis(totals: &PeriodTotals, gross_margin: Option<f64>) -> Kpis {
    let aov = aov(totals.revenue, totals.orders);
    let cac = cac(totals.spend, totals.new_customers);
    let frequency = purchase_frequency(totals.customer_orders, totals.customer_months);
    // Pooling months keeps a growing business honest: a year's losses are not divided by the
    // handful of customers it had in its first month.
    let monthly = churn_rate(totals.lost, totals.active_at_start);
    let churn = monthly.and_then(|m| compounded_churn(m, totals.months));
    let lifetime = monthly.map(customer_lifetime_months);
    let margin = gross_margin.filter(|m| (0.0..=1.0).contains(m));
    let clv = match (aov, frequency, margin, lifetime) {
        (Some(aov), Some(f), Some(m), Some(l)) => Some(clv(aov, f, m, l)),
        _ => None,
    };
    let ltv_to_cac = match (clv, cac) {
        (Some(clv), Some(cac)) => ratio(clv, cac),
        _ => None,
    };
    let payback = match (cac, aov, frequency, margin) {
        (Some(cac), Some(aov), Some(f), Some(m)) => payback_months(cac, aov, f, m),
        _ => None,
    };
    Kpis {
        revenue: totals.revenue,
        orders: totals.orders,
        new_customers: totals.new_customers,
        spend: totals.spend,
        aov: money(aov),
        cac: money(cac),
        purchase_frequency: frequency,
        churn_rate: churn,
        monthly_churn_rate: monthly,
        customer_lifetime_months: lifetime,
        clv: money(clv),
        ltv_to_cac,
        ltv_to_cac_health: ltv_to_cac.map(Health::of_ltv_to_cac),
        roas: roas(totals.attributed_revenue, totals.spend),
        roi_percent: roi_percent(totals.attributed_revenue, totals.spend),
        lead_conversion_rate: ratio(totals.leads_won as f64, totals.leads as f64),
        payback_months: payback,
    }
}

/// Relative change from `previous` to `current` (0.1 = +10 %), undefined from zero.
pub fn change(current: f64, previous: f64) -> Option<f64> {
    ratio(current - previous, previous.abs())
}

/// What a goal's period added up to in the sales data.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GoalFigures {
    pub revenue: i64,
    pub attributed_revenue: i64,
    pub leads: i64,
    pub new_customers: i64,
    pub spend: i64,
}

/// Where a goal stands in its own unit, when sales data measures its metric (followers arrive
/// with channels; custom goals are not measured).
pub fn goal_current(metric: crate::strategy::GoalMetric, figures: &GoalFigures) -> Option<f64> {
    use crate::strategy::GoalMetric::*;
    match metric {
        Revenue => Some(figures.revenue as f64),
        Leads => Some(figures.leads as f64),
        Customers => Some(figures.new_customers as f64),
        Roas => roas(figures.attributed_revenue, figures.spend),
        Followers | Custom => None,
    }
}

named_enum! {
    /// A KPI threshold crossed.
    pub enum AlertKind ("alert kind") {
        /// LTV/CAC below 1: each customer costs more than they bring.
        LtvCacCritical = "ltv_cac_critical",
        /// LTV/CAC between 1 and 3.
        LtvCacLow = "ltv_cac_low",
        /// Monthly churn above the limit.
        ChurnHigh = "churn_high",
        /// Ads bring back less than they cost.
        RoasBelowOne = "roas_below_one",
        /// Revenue fell sharply against the previous period.
        RevenueDrop = "revenue_drop",
    }
}

named_enum! {
    pub enum Severity ("severity") {
        Warning = "warning",
        Critical = "critical",
    }
}

/// Limits the alert rules use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlertThresholds {
    /// Monthly churn above this fraction raises `churn_high`.
    pub max_monthly_churn: f64,
    /// A fall of revenue by more than this fraction raises `revenue_drop`.
    pub max_revenue_drop: f64,
}

impl Default for AlertThresholds {
    fn default() -> Self {
        AlertThresholds {
            max_monthly_churn: 0.10,
            max_revenue_drop: 0.30,
        }
    }
}

/// A rule that fired, with the value that crossed its threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlertSignal {
    pub kind: AlertKind,
    pub severity: Severity,
    pub value: f64,
    pub threshold: f64,
}

/// The KPI alerts of a period, given the period before it for comparisons.
pub fn alerts(current: &Kpis, previous: &Kpis, limits: &AlertThresholds) -> Vec<AlertSignal> {
    let mut signals = Vec::new();
    let mut raise = |kind, severity, value, threshold| {
        signals.push(AlertSignal {
            kind,
            severity,
            value,
            threshold,
        })
    };
    if let Some(ratio) = current.ltv_to_cac {
        match Health::of_ltv_to_cac(ratio) {
            Health::Critical => raise(AlertKind::LtvCacCritical, Severity::Critical, ratio, 1.0),
            Health::Warning => raise(AlertKind::LtvCacLow, Severity::Warning, ratio, 3.0),
            Health::Healthy => {}
        }
    }
    if let Some(churn) = current.monthly_churn_rate
        && churn > limits.max_monthly_churn
    {
        raise(
            AlertKind::ChurnHigh,
            Severity::Warning,
            churn,
            limits.max_monthly_churn,
        );
    }
    if let Some(roas) = current.roas
        && roas < 1.0
    {
        raise(AlertKind::RoasBelowOne, Severity::Warning, roas, 1.0);
    }
    if let Some(change) = change(current.revenue as f64, previous.revenue as f64)
        && change < -limits.max_revenue_drop
    {
        let severity = if change < -2.0 * limits.max_revenue_drop {
            Severity::Critical
        } else {
            Severity::Warning
        };
        raise(
            AlertKind::RevenueDrop,
            severity,
            change,
            -limits.max_revenue_drop,
        );
    }
    signals
}

named_enum! {
    /// The five stages of the sales funnel.
    pub enum FunnelStage ("funnel stage") {
        /// People reached by the channels.
        Awareness = "awareness",
        /// Leads.
        Interest = "interest",
        /// Qualified leads.
        Consideration = "consideration",
        /// Proposals (or carts).
        Intent = "intent",
        /// Customers who ordered for the first time.
        Purchase = "purchase",
    }
}

impl FunnelStage {
    pub fn label(self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            FunnelStage::Awareness => Text::new("Xabardorlik", "Осведомлённость", "Awareness"),
            FunnelStage::Interest => Text::new("Qiziqish", "Интерес", "Interest"),
            FunnelStage::Consideration => {
                Text::new("Ko‘rib chiqish", "Рассмотрение", "Consideration")
            }
            FunnelStage::Intent => Text::new("Niyat", "Намерение", "Intent"),
            FunnelStage::Purchase => Text::new("Xarid", "Покупка", "Purchase"),
        }
    }
}

/// How many reached each stage; awareness is unknown until a channel reports its reach.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FunnelCounts {
    pub awareness: Option<i64>,
    pub interest: i64,
    pub consideration: i64,
    pub intent: i64,
    pub purchase: i64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelStep {
    pub stage: FunnelStage,
    pub count: Option<i64>,
    /// Share of the previous stage that reached this one; none for the first stage.
    pub conversion: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    pub steps: Vec<FunnelStep>,
    /// The stage with the lowest conversion from the one before it.
    pub biggest_drop: Option<FunnelStage>,
    /// From the first known stage to purchase.
    pub overall_conversion: Option<f64>,
}

pub fn funnel(counts: &FunnelCounts) -> Funnel {
    let values = [
        counts.awareness,
        Some(counts.interest),
        Some(counts.consideration),
        Some(counts.intent),
        Some(counts.purchase),
    ];
    let mut steps = Vec::with_capacity(values.len());
    let mut previous: Option<i64> = None;
    for (stage, count) in FunnelStage::ALL.iter().copied().zip(values) {
        let conversion = match (previous, count) {
            (Some(before), Some(now)) => ratio(now as f64, before as f64),
            _ => None,
        };
        steps.push(FunnelStep {
            stage,
            count,
            conversion,
        });
        previous = count;
    }
    let biggest_drop = steps
        .iter()
        .filter_map(|s| s.conversion.map(|c| (s.stage, c)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(stage, _)| stage);
    let first = values.iter().flatten().next().copied().unwrap_or(0);
    Funnel {
        steps,
        biggest_drop,
        overall_conversion: ratio(counts.purchase as f64, first as f64),
    }
}

/// The first day of the month of `day`.
pub fn month_of(day: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    day.with_day(1).unwrap_or(day)
}

/// The length of a period in months, as the KPIs use it.
pub fn months_between(from: chrono::NaiveDate, to_inclusive: chrono::NaiveDate) -> f64 {
    ((to_inclusive - from).num_days() + 1).max(0) as f64 / 30.44
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn totals() -> PeriodTotals {
        // One month: 40 orders for 20 000 000 so'm from 25 customers (30 customer-months is
        // impossible in one month, so 25), 10 of them new; 5 000 000 so'm of ads; 100 customers
        // active at the start, 5 lost.
        PeriodTotals {
            revenue: 20_000_000_00,
            attributed_revenue: 15_000_000_00,
            orders: 40,
            new_customers: 10,
            customer_months: 25,
            customer_orders: 40,
            spend: 5_000_000_00,
            leads: 80,
            leads_won: 12,
            active_at_start: 100,
            lost: 5,
            months: 1.0,
        }
    }

    #[test]
    fn hand_computed_kpis() {
        let k = kpis(&totals(), Some(0.4));
        assert_eq!(k.aov, Some(500_000_00));
        assert_eq!(k.cac, Some(500_000_00));
        assert_eq!(k.purchase_frequency, Some(1.6));
        assert_eq!(k.churn_rate, Some(0.05));
        let monthly = k.monthly_churn_rate.expect("defined");
        assert!((monthly - 0.05).abs() < 1e-12);
        let lifetime = k.customer_lifetime_months.expect("defined");
        assert!((lifetime - 20.0).abs() < 1e-9);
        // 500 000 × 1.6 × 0.4 × 20 = 6 400 000 so'm
        assert_eq!(k.clv, Some(6_400_000_00));
        let ltv_to_cac = k.ltv_to_cac.expect("defined");
        assert!((ltv_to_cac - 12.8).abs() < 1e-9);
        assert_eq!(k.ltv_to_cac_health, Some(Health::Healthy));
        assert_eq!(k.roas, Some(3.0));
        assert_eq!(k.roi_percent, Some(200.0));
        assert_eq!(k.lead_conversion_rate, Some(0.15));
        // 500 000 / (500 000 × 1.6 × 0.4) = 1.5625 months
        assert_eq!(k.payback_months, Some(1.5625));
    }

    #[test]
    fn zero_denominators_are_undefined() {
        let k = kpis(&PeriodTotals::default(), Some(0.4));
        assert_eq!(k.aov, None);
        assert_eq!(k.cac, None);
        assert_eq!(k.purchase_frequency, None);
        assert_eq!(k.churn_rate, None);
        assert_eq!(k.customer_lifetime_months, None);
        assert_eq!(k.clv, None);
        assert_eq!(k.ltv_to_cac, None);
        assert_eq!(k.roas, None);
        assert_eq!(k.roi_percent, None);
        assert_eq!(k.lead_conversion_rate, None);
        assert_eq!(k.payback_months, None);
        let without_margin = kpis(&totals(), None);
        assert_eq!(without_margin.clv, None);
        assert_eq!(without_margin.payback_months, None);
        assert_eq!(without_margin.aov, Some(500_000_00));
    }

    #[test]
    fn lifetime_is_capped_and_churn_compounds() {
        assert_eq!(customer_lifetime_months(0.0), 60.0);
        assert_eq!(customer_lifetime_months(0.01), 60.0);
        assert_eq!(customer_lifetime_months(0.5), 2.0);
        // 10 % a month is 27.1 % over three months.
        let quarter = compounded_churn(0.1, 3.0).expect("defined");
        assert!((quarter - 0.271).abs() < 1e-9);
        assert_eq!(compounded_churn(0.2, 0.0), None);
        assert_eq!(Health::of_ltv_to_cac(0.99), Health::Critical);
        assert_eq!(Health::of_ltv_to_cac(1.0), Health::Warning);
        assert_eq!(Health::of_ltv_to_cac(3.0), Health::Healthy);
    }

    #[test]
    fn alerts_fire_on_crossed_thresholds_only() {
        let healthy = kpis(&totals(), Some(0.4));
        assert!(alerts(&healthy, &healthy, &AlertThresholds::default()).is_empty());
        let mut bad = healthy;
        bad.ltv_to_cac = Some(0.8);
        bad.roas = Some(0.5);
        bad.monthly_churn_rate = Some(0.2);
        bad.revenue = healthy.revenue / 4;
        let kinds: Vec<_> = alerts(&bad, &healthy, &AlertThresholds::default())
            .into_iter()
            .map(|a| (a.kind, a.severity))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (AlertKind::LtvCacCritical, Severity::Critical),
                (AlertKind::ChurnHigh, Severity::Warning),
                (AlertKind::RoasBelowOne, Severity::Warning),
                (AlertKind::RevenueDrop, Severity::Critical),
            ]
        );
    }

    #[test]
    fn goals_read_their_metric() {
        use crate::strategy::GoalMetric;
        let figures = GoalFigures {
            revenue: 100,
            attributed_revenue: 60,
            leads: 7,
            new_customers: 3,
            spend: 20,
        };
        assert_eq!(goal_current(GoalMetric::Revenue, &figures), Some(100.0));
        assert_eq!(goal_current(GoalMetric::Roas, &figures), Some(3.0));
        assert_eq!(goal_current(GoalMetric::Followers, &figures), None);
    }

    #[test]
    fn funnel_names_the_biggest_drop() {
        let f = funnel(&FunnelCounts {
            awareness: Some(10_000),
            interest: 400,
            consideration: 200,
            intent: 120,
            purchase: 60,
        });
        let conversions: Vec<_> = f.steps.iter().map(|s| s.conversion).collect();
        assert_eq!(
            conversions,
            vec![None, Some(0.04), Some(0.5), Some(0.6), Some(0.5)]
        );
        assert_eq!(f.biggest_drop, Some(FunnelStage::Interest));
        assert_eq!(f.overall_conversion, Some(0.006));

        let without_reach = funnel(&FunnelCounts {
            awareness: None,
            interest: 0,
            consideration: 0,
            intent: 0,
            purchase: 3,
        });
        assert!(without_reach.steps.iter().all(|s| s.conversion.is_none()));
        assert_eq!(without_reach.biggest_drop, None);
        assert_eq!(without_reach.overall_conversion, None);
    }

    #[test]
    fn stages_move_and_remember_the_furthest() {
        use LeadStage::*;
        assert_eq!(Qualified.furthest(New), Qualified);
        assert_eq!(Contacted.furthest(Proposal), Proposal);
        assert_eq!(Lost.furthest(Proposal), Proposal);
        assert_eq!(Won.furthest(Qualified), Won);
        assert!(Won.is_closed() && Lost.is_closed() && !Proposal.is_closed());
    }

    #[test]
    fn phones_are_read_as_people_type_them() {
        for raw in [
            "+998 90 123-45-67",
            "90 123 45 67",
            "998901234567",
            "+998(90)1234567",
            "00998901234567",
        ] {
            assert_eq!(
                normalize_phone(raw).as_deref(),
                Some("+998901234567"),
                "{raw}"
            );
        }
        assert_eq!(
            normalize_phone("+7 916 123 45 67").as_deref(),
            Some("+79161234567")
        );
        assert_eq!(normalize_phone("12345"), None);
        assert_eq!(normalize_phone("+99890abc4567"), None);
    }

    #[test]
    fn exported_statuses_are_read() {
        assert_eq!(
            OrderStatus::from_export("Completed"),
            Some(OrderStatus::Completed)
        );
        assert_eq!(
            OrderStatus::from_export("Доставлен"),
            Some(OrderStatus::Completed)
        );
        assert_eq!(
            OrderStatus::from_export("bekor qilindi"),
            Some(OrderStatus::Cancelled)
        );
        assert_eq!(OrderStatus::from_export("???"), None);
        assert!(OrderStatus::Paid.is_revenue() && !OrderStatus::Refunded.is_revenue());
    }

    fn finite(value: Option<f64>) -> bool {
        value.is_none_or(f64::is_finite)
    }

    proptest! {
        #[test]
        fn kpis_are_never_nan_or_infinite(
            revenue in 0i64..1_000_000_000_000_00,
            orders in 0i64..10_000_000,
            new_customers in 0i64..1_000_000,
            customer_months in 0i64..10_000_000,
            spend in 0i64..1_000_000_000_000_00,
            leads in 0i64..1_000_000,
            active in 0i64..1_000_000,
            lost in 0i64..1_000_000,
            months in 0.0f64..36.0,
            margin in proptest::option::of(0.0f64..1.0),
        ) {
            let k = kpis(&PeriodTotals {
                revenue,
                attributed_revenue: revenue / 2,
                orders,
                new_customers,
                customer_months,
                customer_orders: orders,
                spend,
                leads,
                leads_won: leads / 3,
                active_at_start: active,
                lost: lost.min(active),
                months,
            }, margin);
            for value in [k.purchase_frequency, k.churn_rate, k.monthly_churn_rate,
                    k.customer_lifetime_months, k.ltv_to_cac, k.roas, k.roi_percent,
                    k.lead_conversion_rate, k.payback_months] {
                prop_assert!(finite(value));
            }
            if let Some(lifetime) = k.customer_lifetime_months {
                prop_assert!(lifetime > 0.0 && lifetime <= MAX_LIFETIME_MONTHS);
            }
            if let Some(churn) = k.churn_rate {
                prop_assert!((0.0..=1.0).contains(&churn));
            }
        }

        #[test]
        fn funnel_conversions_follow_the_counts(
            awareness in proptest::option::of(0i64..1_000_000),
            interest in 0i64..100_000,
            consideration in 0i64..100_000,
            intent in 0i64..100_000,
            purchase in 0i64..100_000,
        ) {
            let f = funnel(&FunnelCounts { awareness, interest, consideration, intent, purchase });
            prop_assert_eq!(f.steps.len(), 5);
            for pair in f.steps.windows(2) {
                match (pair[0].count, pair[1].count) {
                    (Some(before), Some(now)) if before > 0 => {
                        prop_assert_eq!(pair[1].conversion, Some(now as f64 / before as f64));
                    }
                    _ => prop_assert_eq!(pair[1].conversion, None),
                }
            }
            if let Some(drop) = f.biggest_drop {
                let lowest = f.steps.iter().filter_map(|s| s.conversion).fold(f64::INFINITY, f64::min);
                let at = f.steps.iter().find(|s| s.stage == drop).and_then(|s| s.conversion);
                prop_assert_eq!(at, Some(lowest));
            }
        }
    }
}
