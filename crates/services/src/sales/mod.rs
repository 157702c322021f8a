//! Sales analytics: products, customers, leads and orders, and the numbers read from them.
//! Every write keeps the aggregates of `store::sales::stats` in step, in its own transaction.

pub mod customers;
pub mod imports;
pub mod leads;
pub mod numbers;
pub mod orders;
pub mod products;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::error::{ServiceError, ServiceResult};

/// The longest period the numbers are computed over.
pub const MAX_PERIOD_DAYS: i64 = 3 * 366;
/// The period the numbers cover when the caller names none: the last 30 days up to today.
pub const DEFAULT_PERIOD_DAYS: i64 = 30;

/// A business's time zone; an unknown name (which validation keeps out) reads as Tashkent.
pub fn zone(timezone: &str) -> Tz {
    timezone.parse().unwrap_or(chrono_tz::Asia::Tashkent)
}

/// The day `at` falls on in the business's time zone.
pub fn business_day(timezone: &str, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&zone(timezone)).date_naive()
}

/// The first instant of `day` in the business's time zone.
pub fn day_start(timezone: &str, day: NaiveDate) -> DateTime<Utc> {
    let naive = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    naive
        .and_local_timezone(zone(timezone))
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

/// `from..=to` as asked, else the default period ending today; refuses reversed or too long
/// periods with the field at fault.
pub fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> ServiceResult<(NaiveDate, NaiveDate)> {
    let to = to.unwrap_or(today);
    let from = from.unwrap_or(to - Duration::days(DEFAULT_PERIOD_DAYS - 1));
    if from > to {
        return Err(ServiceError::field(
            "from",
            "after_to",
            "must not be after `to`",
        ));
    }
    if (to - from).num_days() >= MAX_PERIOD_DAYS {
        return Err(ServiceError::field(
            "to",
            "period_too_long",
            format!("the period may span at most {MAX_PERIOD_DAYS} days"),
        ));
    }
    Ok((from, to))
}

/// A list ready to be written as CSV or XLSX.
pub struct Export {
    /// The file's and the sheet's name.
    pub name: &'static str,
    pub header: &'static [&'static str],
    pub rows: futures_util::stream::BoxStream<'static, ServiceResult<Vec<crate::export::Cell>>>,
}

/// Records that someone took a list out of the product.
pub(crate) async fn record_export(
    services: &crate::Services,
    access: &crate::auth::BusinessAccess,
    meta: &crate::auth::RequestMeta,
    entity_type: &str,
    format: &str,
) -> ServiceResult<()> {
    let mut conn = services.db.acquire().await?;
    crate::activity::record(
        &mut conn,
        services,
        access,
        meta,
        crate::activity::Event::new(
            domain::activity::ActivityAction::Exported,
            entity_type,
            None,
        )
        .with(serde_json::json!({ "format": format })),
    )
    .await
}

/// A write refused by one of the unique `keys` (constraint, field) becomes a 409 naming the
/// field; anything else stays what it was.
pub(crate) fn duplicate(error: store::StoreError, keys: &[(&str, &'static str)]) -> ServiceError {
    match keys
        .iter()
        .find(|(constraint, _)| error.is_conflict_on(constraint))
    {
        Some((_, field)) => ServiceError::Conflict {
            code: contract::problem::codes::DUPLICATE,
            message: format!("Another record of this business already has this `{field}`."),
            field: Some(field),
        },
        None => error.into(),
    }
}

/// A search box's text as a pattern, or none when blank.
pub fn search(q: Option<&str>) -> Option<String> {
    q.map(str::trim)
        .filter(|q| !q.is_empty())
        .map(store::sales::contains_pattern)
}

/// An e-mail as stored: trimmed and lower-cased, none when blank.
pub fn email(value: Option<&str>) -> Option<String> {
    crate::patch::clean(value).map(|e| e.to_lowercase())
}

/// A phone as stored (validated at the edge, so a failure here reads as no phone).
pub fn phone(value: Option<&str>) -> Option<String> {
    value.and_then(domain::sales::normalize_phone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn periods_default_and_refuse_nonsense() {
        let today = day("2026-11-22");
        assert_eq!(
            period(None, None, today).expect("default"),
            (day("2026-10-24"), today)
        );
        assert!(period(Some(day("2026-11-23")), Some(today), today).is_err());
        assert!(period(Some(day("2020-01-01")), Some(today), today).is_err());
    }

    #[test]
    fn days_are_the_business_time_zone() {
        // 20:30 UTC is already the next day in Tashkent (UTC+5).
        let at: DateTime<Utc> = "2026-11-21T20:30:00Z".parse().expect("instant");
        assert_eq!(business_day("Asia/Tashkent", at), day("2026-11-22"));
        assert_eq!(
            day_start("Asia/Tashkent", day("2026-11-22")),
            "2026-11-21T19:00:00Z"
                .parse::<DateTime<Utc>>()
                .expect("instant")
        );
    }
}
