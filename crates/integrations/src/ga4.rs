//! Google Analytics 4 Data API (PROTOCOLS §5): a website's daily sessions, users, page views
//! and key events through `properties/{id}:runReport`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::http::{ProviderError, ProviderResult};

#[derive(Clone, Debug)]
pub struct Ga4Client {
    http: reqwest::Client,
    /// `https://analyticsdata.googleapis.com/v1beta`
    base: String,
}

/// The metrics we ask for, in this order.
pub const METRICS: [&str; 4] = ["sessions", "totalUsers", "screenPageViews", "keyEvents"];

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SiteDay {
    pub sessions: i64,
    pub users: i64,
    pub page_views: i64,
    pub key_events: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    #[serde(default)]
    metric_headers: Vec<Header>,
    #[serde(default)]
    rows: Vec<ReportRow>,
}

#[derive(Deserialize)]
struct Header {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReportRow {
    dimension_values: Vec<Value>,
    metric_values: Vec<Value>,
}

#[derive(Deserialize)]
struct Value {
    value: String,
}

impl Ga4Client {
    pub fn new(http: reqwest::Client, base: &str) -> Self {
        Ga4Client {
            http,
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    pub async fn daily(
        &self,
        property_id: &str,
        access_token: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ProviderResult<BTreeMap<NaiveDate, SiteDay>> {
        let property = property_id.trim_start_matches("properties/");
        let body = serde_json::json!({
            "dateRanges": [{ "startDate": from.to_string(), "endDate": to.to_string() }],
            "dimensions": [{ "name": "date" }],
            "metrics": METRICS.iter().map(|name| serde_json::json!({ "name": name })).collect::<Vec<_>>(),
            "limit": "10000",
        });
        let response = self
            .http
            .post(format!("{}/properties/{property}:runReport", self.base))
            .bearer_auth(access_token)
            .json(&body)
            .send()
            .await?;
        let report: Report = crate::google::read(response, "runReport").await?;
        // Columns are matched by the headers' names, not assumed to keep our order.
        let column = |name: &str| report.metric_headers.iter().position(|h| h.name == name);
        let columns = METRICS.map(column);
        let mut days = BTreeMap::new();
        for row in &report.rows {
            let date = row
                .dimension_values
                .first()
                .and_then(|v| NaiveDate::parse_from_str(&v.value, "%Y%m%d").ok())
                .ok_or_else(|| ProviderError::Malformed("a row without a date".into()))?;
            let number = |index: Option<usize>| -> ProviderResult<f64> {
                index
                    .and_then(|i| row.metric_values.get(i))
                    .map_or(Ok(0.0), |v| {
                        v.value.parse::<f64>().map_err(|_| {
                            ProviderError::Malformed(format!("`{}` is not a number", v.value))
                        })
                    })
            };
            days.insert(
                date,
                SiteDay {
                    sessions: number(columns[0])? as i64,
                    users: number(columns[1])? as i64,
                    page_views: number(columns[2])? as i64,
                    key_events: number(columns[3])?,
                },
            );
        }
        Ok(days)
    }
}
