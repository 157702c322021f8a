//! Marketing spend: typed by hand (or a spreadsheet's rows sent in a batch) next to what ad
//! channels sync, and the return on it per channel: ROI, ROAS, CAC and cost per lead.

use chrono::NaiveDate;
use contract::channels::{
    ChannelReturn, ChannelReturnRow, MetricsQuery, SetSpendRequest, SpendEntry, SpendQuery,
    SpendSummary,
};
use contract::pagination::Page;
use domain::activity::{ActivityAction, entity};
use domain::channels::Channel;
use domain::permissions::Permission;
use serde_json::json;
use store::sales::stats::ChannelSums;

use super::returns;
use crate::Services;
use crate::activity::{self, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::businesses;
use crate::error::{ServiceError, ServiceResult};
use crate::pagination::{self, CursorKey};
use crate::sales::{business_day, period};
use contract::problem::FieldError;

impl CursorKey for (NaiveDate, String, String) {
    fn to_bytes(&self) -> Vec<u8> {
        format!("{}\u{1f}{}\u{1f}{}", self.0, self.1, self.2).into_bytes()
    }
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(bytes).ok()?;
        let mut parts = text.split('\u{1f}');
        let day = parts.next()?.parse().ok()?;
        let channel = parts.next()?.to_owned();
        let source = parts.next()?.to_owned();
        Some((day, channel, source))
    }
}

pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &SpendQuery,
) -> ServiceResult<Page<SpendEntry>> {
    access.require(Permission::BusinessRead)?;
    let limit = contract::pagination::page_size(query.limit);
    let after = pagination::decode(query.cursor.as_deref())?;
    let business = businesses::row(&services.db, access).await?;
    let today = business_day(&business.timezone, services.now());
    let (from, to) = period(query.from, query.to, today)?;
    let paged = store::channels::spend(
        &services.db,
        access.business_id,
        from,
        to,
        query.channel,
        after,
        limit,
    )
    .await?;
    Ok(pagination::page(paged, |row| SpendEntry {
        day: row.day,
        channel: row.channel,
        channel_id: row.source.parse().ok(),
        manual: row.source == "manual",
        amount: row.amount,
        currency: business.currency.clone(),
    }))
}

/// Replaces the manual spend of each day and channel sent; all or nothing.
pub async fn set(
    services: &Services,
    access: &BusinessAccess,
    request: &SetSpendRequest,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::ChannelsWrite)?;
    let errors: Vec<FieldError> = request
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.channel.is_marketing())
        .map(|(i, e)| FieldError {
            field: format!("entries[{i}].channel"),
            code: "not_a_channel".into(),
            message: format!(
                "`{}` costs no ad money; spend goes on instagram, telegram, facebook, google_ads, website, tiktok or youtube",
                e.channel.as_str()
            ),
        })
        .collect();
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    // The last entry for a day and channel wins, as when a sheet lists a day twice.
    let mut entries: Vec<(NaiveDate, Channel, i64)> = Vec::with_capacity(request.entries.len());
    for e in &request.entries {
        entries.retain(|(day, channel, _)| !(*day == e.day && *channel == e.channel));
        entries.push((e.day, e.channel, e.amount));
    }
    let mut tx = services.db.begin().await?;
    businesses::row(&mut *tx, access).await?;
    store::channels::set_manual_spend(&mut *tx, access.business_id, &entries).await?;
    let (first, last) = (
        entries.iter().map(|e| e.0).min(),
        entries.iter().map(|e| e.0).max(),
    );
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Updated, entity::SPEND, None).with(json!({
            "entries": entries.len(), "from": first, "to": last,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn total(rows: &[ChannelSums]) -> ChannelSums {
    rows.iter().fold(
        ChannelSums {
            channel: Channel::Other,
            revenue: 0,
            orders: 0,
            new_customers: 0,
            leads: 0,
            spend: 0,
        },
        |mut sum, row| {
            // Spend-based ratios of the total use only what marketing channels brought.
            if row.channel.is_marketing() {
                sum.revenue += row.revenue;
                sum.orders += row.orders;
                sum.new_customers += row.new_customers;
                sum.leads += row.leads;
            }
            sum.spend += row.spend;
            sum
        },
    )
}

/// The return on spend per channel over a period, and for all marketing channels together.
pub async fn summary(
    services: &Services,
    access: &BusinessAccess,
    query: &MetricsQuery,
) -> ServiceResult<SpendSummary> {
    access.require(Permission::BusinessRead)?;
    let business = businesses::row(&services.db, access).await?;
    let today = business_day(&business.timezone, services.now());
    let (from, to) = period(query.from, query.to, today)?;
    let rows = store::sales::stats::by_channel(&services.db, access.business_id, from, to).await?;
    let total: ChannelReturn = returns(Some(&total(&rows)));
    Ok(SpendSummary {
        from,
        to,
        currency: business.currency,
        channels: rows
            .iter()
            .map(|row| ChannelReturnRow {
                channel: row.channel,
                returns: returns(Some(row)),
            })
            .collect(),
        total,
    })
}
