//! The numbers of SPEC §4 read from the aggregates: KPIs, the funnel, cohorts; and the
//! rebuild of those aggregates (nightly, after imports, on demand).

use chrono::{Datelike, Months, NaiveDate};
use contract::sales::*;
use domain::permissions::Permission;
use domain::sales::{FunnelCounts, PeriodTotals, funnel, kpis, month_of};
use store::sales::stats::{self, PeriodSums};
use uuid::Uuid;

use crate::Services;
use crate::auth::BusinessAccess;
use crate::businesses;
use crate::error::ServiceResult;
use crate::sales::{business_day, period};

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
        purchase: sums.customer_months,
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

/// Rebuilds a business's aggregates and churn snapshots from its raw rows.
pub async fn rebuild(services: &Services, business_id: Uuid, timezone: &str) -> ServiceResult<()> {
    let (window, _) = stats::settings(&services.db, business_id).await?;
    let through = month_of(business_day(timezone, services.now()));
    let mut tx = services.db.begin().await?;
    stats::rebuild(&mut tx, business_id, timezone).await?;
    stats::rebuild_churn(&mut tx, business_id, window_months(window), through).await?;
    tx.commit().await?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_windows() {
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert_eq!(months_spanned(d("2026-01-15"), d("2026-01-20")), 1);
        assert_eq!(months_spanned(d("2025-11-30"), d("2026-02-01")), 4);
        assert_eq!(window_months(90), 3);
        assert_eq!(window_months(7), 1);
    }
}
