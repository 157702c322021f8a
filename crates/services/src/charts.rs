//! Charts drawn on the server with charts-rs: SVG for the app, PNG for documents and
//! Telegram. One module, so the dashboard, PDF reports and briefs draw the same pictures.
//! Labels are in the reader's language; money is shown in so'm (the data is in tiyin).

use charts_rs::{BarChart, FunnelChart, HorizontalBarChart, Series};
use contract::sales::{ChannelStat, DayStat, FunnelStepResponse};
use domain::accounts::Locale;
use domain::text::Text;

use crate::error::{ServiceError, ServiceResult};

const WIDTH: f32 = 720.0;
const HEIGHT: f32 = 360.0;
/// The brand colour of the app, so charts sit well on its pages.
const BRAND: (u8, u8, u8) = (37, 99, 235);

fn failed(error: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(anyhow::anyhow!("drawing a chart: {error}"))
}

/// A money scale that keeps axis labels short: so'm, thousands or millions.
fn money_scale(max_tiyin: i64, locale: Locale) -> (f64, &'static str) {
    let som = max_tiyin as f64 / 100.0;
    if som >= 1_000_000.0 {
        (
            100.0 * 1_000_000.0,
            Text::new("mln so‘m", "млн сум", "mln so'm").get(locale),
        )
    } else if som >= 10_000.0 {
        (
            100.0 * 1_000.0,
            Text::new("ming so‘m", "тыс. сум", "thousand so'm").get(locale),
        )
    } else {
        (100.0, Text::new("so‘m", "сум", "so'm").get(locale))
    }
}

/// Revenue per day (or per week for long periods, so bars stay readable).
pub fn revenue_svg(series: &[DayStat], locale: Locale) -> ServiceResult<String> {
    // Weeks past ~two months: 90 bars on 720 px are hairlines.
    let bucket = if series.len() > 62 { 7 } else { 1 };
    let buckets: Vec<(String, i64)> = series
        .chunks(bucket)
        .map(|days| {
            let first = days.first().map(|d| d.day.format("%d.%m").to_string());
            (
                first.unwrap_or_default(),
                days.iter().map(|d| d.revenue).sum(),
            )
        })
        .collect();
    let max = buckets.iter().map(|b| b.1).max().unwrap_or(0);
    let (divisor, unit) = money_scale(max, locale);
    let title = Text::new("Tushum", "Выручка", "Revenue").get(locale);
    let values: Vec<f32> = buckets
        .iter()
        .map(|b| (b.1 as f64 / divisor) as f32)
        .collect();
    let mut chart = BarChart::new(
        vec![Series::new(format!("{title}, {unit}"), values)],
        buckets.into_iter().map(|b| b.0).collect(),
    );
    chart.width = WIDTH;
    chart.height = HEIGHT;
    chart.title.text = title.to_owned();
    chart.series.colors = vec![BRAND.into()];
    chart.svg().map_err(failed)
}

/// The five funnel stages with their counts; unknown stages are left out.
pub fn funnel_svg(steps: &[FunnelStepResponse], locale: Locale) -> ServiceResult<String> {
    let series: Vec<Series> = steps
        .iter()
        .filter_map(|s| {
            s.count.map(|count| {
                Series::new(s.stage.label().get(locale).to_owned(), vec![count as f32])
            })
        })
        .collect();
    let mut chart = FunnelChart::new(series);
    chart.width = WIDTH;
    chart.height = HEIGHT;
    chart.title.text = Text::new("Savdo voronkasi", "Воронка продаж", "Sales funnel")
        .get(locale)
        .to_owned();
    chart.svg().map_err(failed)
}

/// Revenue by channel, highest first.
pub fn channels_svg(channels: &[ChannelStat], locale: Locale) -> ServiceResult<String> {
    let max = channels.iter().map(|c| c.revenue).max().unwrap_or(0);
    let (divisor, unit) = money_scale(max, locale);
    let title = Text::new(
        "Kanallar bo‘yicha tushum",
        "Выручка по каналам",
        "Revenue by channel",
    )
    .get(locale);
    // Horizontal bars draw bottom-up: reverse, so the biggest channel is on top.
    let rows: Vec<&ChannelStat> = channels.iter().rev().collect();
    let mut chart = HorizontalBarChart::new(
        vec![Series::new(
            format!("{title}, {unit}"),
            rows.iter()
                .map(|c| (c.revenue as f64 / divisor) as f32)
                .collect(),
        )],
        rows.iter()
            .map(|c| c.channel.label().get(locale).to_owned())
            .collect(),
    );
    chart.width = WIDTH;
    chart.height = HEIGHT;
    chart.title.text = title.to_owned();
    chart.series.colors = vec![BRAND.into()];
    chart.svg().map_err(failed)
}

/// The same picture as PNG.
pub fn png(svg: &str) -> ServiceResult<Vec<u8>> {
    charts_rs::svg_to_png(svg).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use domain::channels::Channel;
    use domain::sales::FunnelStage;

    #[test]
    fn charts_carry_localized_labels() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).expect("day");
        let series: Vec<DayStat> = (0..10)
            .map(|n| DayStat {
                day: day + chrono::Duration::days(n),
                revenue: 1_500_000_00 * (n + 1),
                orders: 3,
                new_customers: 1,
            })
            .collect();
        let svg = revenue_svg(&series, Locale::Uz).expect("svg");
        assert!(svg.starts_with("<svg") && svg.contains("Tushum") && svg.contains("mln so‘m"));
        let steps: Vec<FunnelStepResponse> =
            [(FunnelStage::Interest, 40), (FunnelStage::Purchase, 10)]
                .map(|(stage, count)| FunnelStepResponse {
                    stage,
                    count: Some(count),
                    conversion: None,
                })
                .to_vec();
        assert!(
            funnel_svg(&steps, Locale::Ru)
                .expect("svg")
                .contains("Интерес")
        );
        let channels = vec![ChannelStat {
            channel: Channel::Website,
            revenue: 5_000_00,
            orders: 1,
            new_customers: 1,
            leads: 0,
            spend: 0,
            roas: None,
            cac: None,
            revenue_share: Some(1.0),
        }];
        let svg = channels_svg(&channels, Locale::En).expect("svg");
        assert!(svg.contains("Website"));
        let png = png(&svg).expect("png");
        assert_eq!(&png[1..4], b"PNG");
    }
}
