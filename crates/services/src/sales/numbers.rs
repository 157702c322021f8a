//! The numbers of SPEC §4 read from the aggregates: KPIs, the funnel, cohorts; and the
//! rebuild of those aggregates (nightly, after imports, on demand).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, Duration, Months, NaiveDate};
use contract::pagination::Page;
use contract::sales::*;
use contract::strategy::{GoalProgress, GoalResponse};
use domain::permissions::Permission;
use domain::sales::{
    AlertThresholds, FunnelCounts, GoalFigures, PeriodTotals, alerts, change, funnel, goal_current,
    kpis, month_of,
};
use store::PgExecutor;
use store::sales::alerts::AlertRow;
use store::sales::stats::{self, PeriodSums};
use store::strategy::GoalRow;
use uuid::Uuid;

use crate::Services;
use crate::auth::BusinessAccess;
use crate::error::{ServiceError, ServiceResult};
use crate::sales::{business_day, period};
use crate::strategy::goal_response;
use crate::{businesses, pagination};

/// Months from the month of `from` to the month of `to`, both counted.
fn months_spanned(from: NaiveDate, to: NaiveDate) -> u32 {
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1;
    u32::try_from(months.max(1)).unwrap_or(1)
}

/// The churn window in whole months, as the month-granular churn snapshots count it.
pub fn window_months(days: i16) -> i32 {
    ((f64::from(days) / 30.44).round() as i32).max(1)
}

pub(crate) fn totals(sums: &PeriodSums, from: NaiveDate, to: NaiveDate) -> PeriodTotals {
    PeriodTotals {
        revenue: sums.revenue,
        attributed_revenue: sums.attributed_revenue,
        orders: sums.orders,
        new_customers: sums.new_customers,
        customer_months: sums.customer_months,
        customer_orders: sums.customer_orders,
        spend: sums.spend,
        leads: sums.leads,
        leads_won: sums.leads_won,
        active_at_start: sums.active_at_start.unwrap_or(0),
        lost: sums.lost,
        months: f64::from(months_spanned(from, to)),
    }
}

pub(crate) fn kpis_of(
    sums: &PeriodSums,
    from: NaiveDate,
    to: NaiveDate,
    margin: Option<i16>,
) -> Kpis {
    let k = kpis(
        &totals(sums, from, to),
        margin.map(|m| f64::from(m) / 100.0),
    );
    Kpis {
        revenue: k.revenue,
        orders: k.orders,
        new_customers: k.new_customers,
        spend: k.spend,
        leads: sums.leads,
        aov: k.aov,
        cac: k.cac,
        purchase_frequency: k.purchase_frequency,
        churn_rate: k.churn_rate,
        monthly_churn_rate: k.monthly_churn_rate,
        customer_lifetime_months: k.customer_lifetime_months,
        clv: k.clv,
        ltv_to_cac: k.ltv_to_cac,
        ltv_to_cac_health: k.ltv_to_cac_health,
        roas: k.roas,
        roi_percent: k.roi_percent,
        lead_conversion_rate: k.lead_conversion_rate,
        payback_months: k.payback_months,
    }
}

pub(crate) fn funnel_of(sums: &PeriodSums) -> (Vec<FunnelStepResponse>, domain::sales::Funnel) {
    let f = funnel(&FunnelCounts {
        // Reach arrives with connected channels; until then awareness is unknown.
        awareness: None,
        interest: sums.leads,
        consideration: sums.leads_qualified,
        intent: sums.leads_proposal,
        // New customers: the funnel is about acquisition, and they are counted by day and by
        // the channel of their first order, like the leads above them.
        purchase: sums.new_customers,
    });
    let steps = f
        .steps
        .iter()
        .map(|s| FunnelStepResponse {
            stage: s.stage,
            count: s.count,
            conversion: s.conversion,
        })
        .collect();
    (steps, f)
}

pub async fn get_kpis(
    services: &Services,
    access: &BusinessAccess,
    query: &PeriodQuery,
) -> ServiceResult<KpisResponse> {
    access.require(Permission::BusinessRead)?;
    let business = businesses::row(&services.db, access).await?;
    let today = business_day(&business.timezone, services.now());
    let (from, to) = period(query.from, query.to, today)?;
    let (sums, (window, margin)) = tokio::try_join!(
        stats::period_sums(&services.db, access.business_id, from, to, query.channel),
        stats::settings(&services.db, access.business_id),
    )?;
    Ok(KpisResponse {
        period: Period { from, to },
        channel: query.channel,
        currency: business.currency,
        kpis: kpis_of(&sums, from, to, margin),
        gross_margin_percent: margin.and_then(|m| u8::try_from(m).ok()),
        churn_window_days: u16::try_from(window)
            .unwrap_or(domain::sales::DEFAULT_CHURN_WINDOW_DAYS),
    })
}

pub async fn get_funnel(
    services: &Services,
    access: &BusinessAccess,
    query: &PeriodQuery,
) -> ServiceResult<FunnelResponse> {
    access.require(Permission::BusinessRead)?;
    let business = businesses::row(&services.db, access).await?;
    let today = business_day(&business.timezone, services.now());
    let (from, to) = period(query.from, query.to, today)?;
    let sums =
        stats::period_sums(&services.db, access.business_id, from, to, query.channel).await?;
    let (steps, f) = funnel_of(&sums);
    Ok(FunnelResponse {
        period: Period { from, to },
        channel: query.channel,
        steps,
        biggest_drop: f.biggest_drop,
        overall_conversion: f.overall_conversion,
    })
}

pub async fn get_cohorts(
    services: &Services,
    access: &BusinessAccess,
    query: &CohortQuery,
) -> ServiceResult<CohortsResponse> {
    access.require(Permission::BusinessRead)?;
    let business = businesses::row(&services.db, access).await?;
    let this_month = month_of(business_day(&business.timezone, services.now()));
    let months = query.months.unwrap_or(12);
    let since = this_month
        .checked_sub_months(Months::new(months.saturating_sub(1)))
        .unwrap_or(this_month);
    let cells = stats::cohorts(&services.db, access.business_id, since).await?;
    let mut cohorts: Vec<Cohort> = Vec::new();
    for cell in cells {
        if cohorts.last().is_none_or(|c| c.month != cell.cohort) {
            cohorts.push(Cohort {
                month: cell.cohort,
                customers: 0,
                retention: Vec::new(),
            });
        }
        let Some(cohort) = cohorts.last_mut() else {
            continue;
        };
        let offset = months_spanned(cell.cohort, cell.month) as usize - 1;
        if cell.month == cell.cohort {
            cohort.customers = cell.customers;
        }
        if cohort.retention.len() <= offset {
            cohort.retention.resize(offset + 1, 0.0);
        }
        cohort.retention[offset] = cell.customers as f64;
    }
    for cohort in &mut cohorts {
        let size = cohort.customers as f64;
        for share in &mut cohort.retention {
            *share = if size > 0.0 { *share / size } else { 0.0 };
        }
    }
    Ok(CohortsResponse { cohorts })
}

/// Rebuilds a business's aggregates and churn snapshots from its raw rows, then raises or
/// resolves its KPI alerts over the last 30 days.
pub async fn rebuild(services: &Services, business_id: Uuid, timezone: &str) -> ServiceResult<()> {
    let (window, margin) = stats::settings(&services.db, business_id).await?;
    let today = business_day(timezone, services.now());
    let mut tx = services.db.begin().await?;
    stats::rebuild(&mut tx, business_id, timezone).await?;
    stats::rebuild_churn(&mut tx, business_id, window_months(window), month_of(today)).await?;
    let (from, to) = period(None, None, today)?;
    let (before_from, before_to) = previous(from, to);
    let current = stats::period_sums(&mut *tx, business_id, from, to, None).await?;
    let earlier = stats::period_sums(&mut *tx, business_id, before_from, before_to, None).await?;
    let signals = alerts(
        &domain_kpis(&current, from, to, margin),
        &domain_kpis(&earlier, before_from, before_to, margin),
        &AlertThresholds::default(),
    );
    let now = services.now();
    for signal in &signals {
        store::sales::alerts::raise(&mut *tx, business_id, signal, now).await?;
    }
    let firing: Vec<_> = signals.iter().map(|s| s.kind).collect();
    store::sales::alerts::resolve_others(&mut *tx, business_id, &firing, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The same number of days just before `from..=to`.
fn previous(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    let days = (to - from).num_days() + 1;
    (from - Duration::days(days), from - Duration::days(1))
}

fn domain_kpis(
    sums: &PeriodSums,
    from: NaiveDate,
    to: NaiveDate,
    margin: Option<i16>,
) -> domain::sales::Kpis {
    kpis(
        &totals(sums, from, to),
        margin.map(|m| f64::from(m) / 100.0),
    )
}

/// Goals with their live progress, read for all of them in one query.
pub async fn goals_with_progress(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    rows: Vec<GoalRow>,
) -> ServiceResult<Vec<GoalResponse>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|g| g.id).collect();
    let sums: HashMap<Uuid, GoalFigures> = stats::goal_sums(db, business_id, &ids)
        .await?
        .into_iter()
        .map(|s| {
            let figures = GoalFigures {
                revenue: s.revenue,
                attributed_revenue: s.attributed_revenue,
                leads: s.leads,
                new_customers: s.new_customers,
                spend: s.spend,
            };
            (s.goal_id, figures)
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let progress = sums
                .get(&row.id)
                .and_then(|figures| goal_current(row.metric, figures))
                .map(|current| GoalProgress {
                    current,
                    ratio: current / row.target,
                });
            goal_response(row, progress)
        })
        .collect())
}

fn alert_response(row: AlertRow) -> AlertResponse {
    AlertResponse {
        id: row.id,
        kind: row.kind,
        severity: row.severity,
        value: row.value,
        threshold: row.threshold,
        raised_at: row.raised_at,
        resolved_at: row.resolved_at,
        dismissed_at: row.dismissed_at,
    }
}

pub async fn list_alerts(
    services: &Services,
    access: &BusinessAccess,
    query: &AlertQuery,
) -> ServiceResult<Page<AlertResponse>> {
    access.require(Permission::BusinessRead)?;
    let limit = contract::pagination::page_size(query.limit);
    let after = pagination::decode(query.cursor.as_deref())?;
    let open_only = query.status.unwrap_or(AlertStatus::Open) == AlertStatus::Open;
    let paged =
        store::sales::alerts::list(&services.db, access.business_id, open_only, after, limit)
            .await?;
    Ok(pagination::page(paged, alert_response))
}

pub async fn dismiss_alert(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<AlertResponse> {
    access.require(Permission::BusinessRead)?;
    store::sales::alerts::dismiss(&services.db, access.business_id, id, services.now())
        .await?
        .map(alert_response)
        .ok_or(ServiceError::NotFound)
}

fn cards_of(query: Option<&str>) -> ServiceResult<Vec<CardMetric>> {
    let Some(list) = query.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(CardMetric::DEFAULT.to_vec());
    };
    let mut cards = Vec::new();
    for name in list.split(',').map(str::trim) {
        let card = CardMetric::parse(name).ok_or_else(|| {
            ServiceError::field(
                "cards",
                "unknown_metric",
                format!("`{name}` is not a card metric"),
            )
        })?;
        if !cards.contains(&card) {
            cards.push(card);
        }
    }
    if cards.len() > CardMetric::MAX {
        return Err(ServiceError::field(
            "cards",
            "too_many",
            format!("at most {} cards", CardMetric::MAX),
        ));
    }
    Ok(cards)
}

/// The days of a named period ending today.
pub fn preset(preset: PeriodPreset, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let days = |n: i64| (today - Duration::days(n - 1), today);
    match preset {
        PeriodPreset::Last7Days => days(7),
        PeriodPreset::Last30Days => days(30),
        PeriodPreset::Last90Days => days(90),
        PeriodPreset::ThisMonth => (month_of(today), today),
        PeriodPreset::LastMonth => {
            let this = month_of(today);
            let last = this.checked_sub_months(Months::new(1)).unwrap_or(this);
            (last, this - Duration::days(1))
        }
        PeriodPreset::ThisYear => (
            NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
            today,
        ),
        PeriodPreset::Last12Months => {
            let start = month_of(today)
                .checked_sub_months(Months::new(11))
                .unwrap_or(today);
            (start, today)
        }
    }
}

/// Every day of `from..=to`, with the days that have sales filled in.
fn zero_filled(points: Vec<stats::DayPoint>, from: NaiveDate, to: NaiveDate) -> Vec<DayStat> {
    let mut by_day = points.into_iter().peekable();
    from.iter_days()
        .take_while(|day| *day <= to)
        .map(|day| match by_day.next_if(|p| p.day == day) {
            Some(p) => DayStat {
                day,
                revenue: p.revenue,
                orders: p.orders,
                new_customers: p.new_customers,
            },
            None => DayStat {
                day,
                revenue: 0,
                orders: 0,
                new_customers: 0,
            },
        })
        .collect()
}

pub(crate) fn channel_stats(rows: Vec<stats::ChannelSums>) -> Vec<ChannelStat> {
    let total: i64 = rows.iter().map(|r| r.revenue).sum();
    rows.into_iter()
        .map(|r| ChannelStat {
            channel: r.channel,
            revenue: r.revenue,
            orders: r.orders,
            new_customers: r.new_customers,
            leads: r.leads,
            spend: r.spend,
            roas: domain::sales::roas(r.revenue, r.spend),
            cac: domain::sales::cac(r.spend, r.new_customers).map(|c| c.round() as i64),
            revenue_share: domain::sales::ratio(r.revenue as f64, total as f64),
        })
        .collect()
}

/// The period a dashboard-like request covers: `from`/`to`, else the preset, else 30 days.
pub fn dashboard_period(
    query_from: Option<NaiveDate>,
    query_to: Option<NaiveDate>,
    named: Option<PeriodPreset>,
    today: NaiveDate,
) -> ServiceResult<(NaiveDate, NaiveDate)> {
    match (query_from, query_to, named) {
        (None, None, Some(named)) => Ok(preset(named, today)),
        (from, to, _) => period(from, to, today),
    }
}

pub async fn dashboard(
    services: &Services,
    access: &BusinessAccess,
    query: &DashboardQuery,
) -> ServiceResult<Arc<DashboardResponse>> {
    access.require(Permission::BusinessRead)?;
    let cards = cards_of(query.cards.as_deref())?;
    let basis = stats::dashboard_basis(&services.db, access.business_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let version = basis.version;
    let now = services.now();
    let today = business_day(&basis.timezone, now);
    let (from, to) = dashboard_period(query.from, query.to, query.period, today)?;
    let compared = (query.compare.unwrap_or(Compare::Previous) == Compare::Previous)
        .then(|| previous(from, to));
    let key = DashboardKey {
        business_id: access.business_id,
        from,
        to,
        compared: compared.is_some(),
        cards,
        currency: basis.currency,
    };
    if let Some(cached) = services.dashboards.get(&key, version, now) {
        return Ok(cached);
    }
    let computed = Arc::new(compute_dashboard(services, &key, compared).await?);
    services.dashboards.put(key, version, computed.clone(), now);
    Ok(computed)
}

/// What a dashboard depends on besides the business's sales version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DashboardKey {
    business_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    compared: bool,
    cards: Vec<CardMetric>,
    currency: String,
}

async fn compute_dashboard(
    services: &Services,
    key: &DashboardKey,
    compared: Option<(NaiveDate, NaiveDate)>,
) -> ServiceResult<DashboardResponse> {
    let db = &services.db;
    let (id, from, to) = (key.business_id, key.from, key.to);
    let (current, earlier, series, channels, settings, goal_rows, open_alerts, has_data) = tokio::try_join!(
        stats::period_sums(db, id, from, to, None),
        async {
            match compared {
                Some((f, t)) => stats::period_sums(db, id, f, t, None).await.map(Some),
                None => Ok(None),
            }
        },
        stats::daily_series(db, id, from, to),
        stats::by_channel(db, id, from, to),
        stats::settings(db, id),
        store::strategy::overlapping_goals(db, id, from, to, 10),
        store::sales::alerts::list(db, id, true, None, 10),
        stats::has_data(db, id),
    )?;
    let margin = settings.1;
    let kpis_now = kpis_of(&current, from, to, margin);
    let kpis_before = compared
        .zip(earlier.as_ref())
        .map(|((f, t), sums)| kpis_of(sums, f, t, margin));
    let cards = key
        .cards
        .iter()
        .map(|&metric| {
            let value = metric.value(&kpis_now);
            let previous = kpis_before.as_ref().and_then(|k| metric.value(k));
            let delta = value.zip(previous).and_then(|(v, p)| change(v, p));
            KpiCard {
                metric,
                value,
                previous,
                change: delta,
                improved: delta
                    .filter(|d| *d != 0.0)
                    .map(|d| (d > 0.0) == metric.higher_is_better()),
            }
        })
        .collect();
    let (steps, f) = funnel_of(&current);
    Ok(DashboardResponse {
        period: Period { from, to },
        compared_with: compared.map(|(from, to)| Period { from, to }),
        currency: key.currency.clone(),
        cards,
        kpis: kpis_now,
        revenue_series: zero_filled(series, from, to),
        funnel: FunnelResponse {
            period: Period { from, to },
            channel: None,
            steps,
            biggest_drop: f.biggest_drop,
            overall_conversion: f.overall_conversion,
        },
        channels: channel_stats(channels),
        goals: goals_with_progress(db, id, goal_rows).await?,
        alerts: open_alerts.items.into_iter().map(alert_response).collect(),
        has_data,
    })
}

/// `POST /businesses/{business_id}/kpis/recompute`
pub async fn recompute(services: &Services, access: &BusinessAccess) -> ServiceResult<()> {
    access.require(Permission::OrdersWrite)?;
    let business = businesses::row(&services.db, access).await?;
    rebuild(services, access.business_id, &business.timezone).await
}

/// The nightly job: rebuilds every business where it is now 01:00. Returns how many.
pub async fn rebuild_due(services: &Services) -> ServiceResult<usize> {
    let due = stats::businesses_at_hour(&services.db, services.now(), 1).await?;
    for (business_id, timezone) in &due {
        rebuild(services, *business_id, timezone).await?;
    }
    Ok(due.len())
}

/// The charts of the dashboard, as images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Revenue,
    Funnel,
    Channels,
}

/// A chart of the business over the asked period, as SVG.
pub async fn chart_svg(
    services: &Services,
    access: &BusinessAccess,
    chart: Chart,
    query: &ChartQuery,
) -> ServiceResult<String> {
    access.require(Permission::BusinessRead)?;
    let business = businesses::row(&services.db, access).await?;
    let locale = query.locale.unwrap_or(business.locale);
    let today = business_day(&business.timezone, services.now());
    let (from, to) = dashboard_period(query.from, query.to, query.period, today)?;
    let db = &services.db;
    let id = access.business_id;
    match chart {
        Chart::Revenue => {
            let series = stats::daily_series(db, id, from, to).await?;
            crate::charts::revenue_svg(&zero_filled(series, from, to), locale)
        }
        Chart::Funnel => {
            let sums = stats::period_sums(db, id, from, to, None).await?;
            crate::charts::funnel_svg(&funnel_of(&sums).0, locale)
        }
        Chart::Channels => {
            let rows = stats::by_channel(db, id, from, to).await?;
            crate::charts::channels_svg(&channel_stats(rows), locale)
        }
    }
}

/// The same chart as PNG, drawn off the async runtime (rasterizing takes milliseconds).
pub async fn chart_png(
    services: &Services,
    access: &BusinessAccess,
    chart: Chart,
    query: &ChartQuery,
) -> ServiceResult<Vec<u8>> {
    let svg = chart_svg(services, access, chart, query).await?;
    tokio::task::spawn_blocking(move || crate::charts::png(&svg))
        .await
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("drawing a chart: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_end_today() {
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        let today = d("2026-03-15");
        assert_eq!(
            preset(PeriodPreset::LastMonth, today),
            (d("2026-02-01"), d("2026-02-28"))
        );
        assert_eq!(
            preset(PeriodPreset::Last7Days, today),
            (d("2026-03-09"), today)
        );
        assert_eq!(
            preset(PeriodPreset::Last12Months, today),
            (d("2025-04-01"), today)
        );
        assert_eq!(
            previous(d("2026-03-01"), d("2026-03-31")),
            (d("2026-01-29"), d("2026-02-28"))
        );
        assert!(cards_of(Some("revenue,nope")).is_err());
        assert_eq!(
            cards_of(None).expect("default"),
            CardMetric::DEFAULT.to_vec()
        );
    }

    #[test]
    fn months_and_windows() {
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert_eq!(months_spanned(d("2026-01-15"), d("2026-01-20")), 1);
        assert_eq!(months_spanned(d("2025-11-30"), d("2026-02-01")), 4);
        assert_eq!(window_months(90), 3);
        assert_eq!(window_months(7), 1);
    }
}
