//! Google Ads API (REST, PROTOCOLS §5): daily cost, clicks, impressions and conversions of a
//! customer's campaigns through `googleAds:searchStream`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::http::{ProviderError, ProviderResult};

#[derive(Clone)]
pub struct GoogleAdsClient {
    http: reqwest::Client,
    /// `https://googleads.googleapis.com/v{N}`: the version is configuration.
    base: String,
    developer_token: String,
}

impl std::fmt::Debug for GoogleAdsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoogleAdsClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// One day of an account, summed over its campaigns.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AdsDay {
    pub impressions: i64,
    pub clicks: i64,
    /// In the account's currency's micros.
    pub cost_micros: i64,
    pub conversions: f64,
}

#[derive(Deserialize)]
struct Batch {
    #[serde(default)]
    results: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    segments: Segments,
    #[serde(default)]
    metrics: Metrics,
}

#[derive(Deserialize)]
struct Segments {
    date: NaiveDate,
}

/// 64-bit integers come as strings in Google's JSON.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Metrics {
    #[serde(default)]
    impressions: Option<String>,
    #[serde(default)]
    clicks: Option<String>,
    #[serde(default)]
    cost_micros: Option<String>,
    #[serde(default)]
    conversions: Option<f64>,
}

fn int(value: Option<&String>) -> ProviderResult<i64> {
    value.map_or(Ok(0), |text| {
        text.parse()
            .map_err(|_| ProviderError::Malformed(format!("`{text}` is not an integer")))
    })
}

impl GoogleAdsClient {
    pub fn new(http: reqwest::Client, base: &str, developer_token: &str) -> Self {
        GoogleAdsClient {
            http,
            base: base.trim_end_matches('/').to_owned(),
            developer_token: developer_token.to_owned(),
        }
    }

    /// Per day in `from..=to`, the account's totals. `customer_id` may be written `123-456-7890`.
    pub async fn daily(
        &self,
        customer_id: &str,
        access_token: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ProviderResult<BTreeMap<NaiveDate, AdsDay>> {
        let customer: String = customer_id.chars().filter(char::is_ascii_digit).collect();
        if customer.is_empty() {
            return Err(ProviderError::Rejected(format!(
                "customer id `{customer_id}` has no digits"
            )));
        }
        let query = format!(
            "SELECT campaign.id, segments.date, metrics.impressions, metrics.clicks, \
             metrics.cost_micros, metrics.conversions FROM campaign \
             WHERE segments.date BETWEEN '{from}' AND '{to}'"
        );
        let response = self
            .http
            .post(format!(
                "{}/customers/{customer}/googleAds:searchStream",
                self.base
            ))
            .bearer_auth(access_token)
            .header("developer-token", &self.developer_token)
            .json(&serde_json::json!({ "query": query }))
            .send()
            .await?;
        let batches: Vec<Batch> = crate::google::read(response, "searchStream").await?;
        let mut days: BTreeMap<NaiveDate, AdsDay> = BTreeMap::new();
        for row in batches.iter().flat_map(|batch| &batch.results) {
            let day = days.entry(row.segments.date).or_default();
            day.impressions += int(row.metrics.impressions.as_ref())?;
            day.clicks += int(row.metrics.clicks.as_ref())?;
            day.cost_micros += int(row.metrics.cost_micros.as_ref())?;
            day.conversions += row.metrics.conversions.unwrap_or_default();
        }
        Ok(days)
    }
}
