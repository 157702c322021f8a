//! Marketing channels (SPEC §3): connecting them, their daily metrics, spend and return per
//! channel, and the runs that synced them. Credentials never appear in any of these types.

use chrono::{DateTime, NaiveDate, Utc};
use domain::channels::{Channel, ChannelStatus, SyncStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::{Validate, ValidationError};

use crate::strategy::MAX_AMOUNT;
use crate::validate;

/// The account at the provider: letters, digits and `@ _ - . :` only (an Instagram or Page id,
/// `@channel` or `-100…`, `123-456-7890`, `properties/123`).
pub fn account_id(value: &str) -> Result<(), ValidationError> {
    let ok = !value.trim().is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@_-.:/".contains(c));
    if ok {
        Ok(())
    } else {
        let mut error = ValidationError::new("invalid_account_id");
        error.message =
            Some("may hold letters, digits and @ _ - . : / only (for example @my_channel)".into());
        Err(error)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelResponse {
    pub id: Uuid,
    pub kind: Channel,
    pub name: String,
    /// The account at the provider (Instagram or Page id, `@channel`, Ads customer id, GA4
    /// property id).
    pub external_id: Option<String>,
    pub status: ChannelStatus,
    /// `oauth` (sign in with Meta or Google), `bot` (our Telegram bot as an admin of the
    /// channel) or `manual` (numbers entered by hand).
    pub access: String,
    /// Whether access was granted (tokens are kept encrypted and never shown).
    pub authorized: bool,
    pub token_expires_at: Option<DateTime<Utc>>,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_sync_status: Option<SyncStatus>,
    pub last_error: Option<String>,
    /// The last 30 days, for the channel's card.
    pub card: ChannelCard,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A channel's card on the channel dashboard: the latest audience, the last 30 days' totals,
/// the daily trend and the return on the channel's spend.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelCard {
    pub followers: Option<i64>,
    /// Followers gained over the 30 days.
    pub followers_change: Option<i64>,
    pub reach: Option<i64>,
    pub views: Option<i64>,
    pub clicks: Option<i64>,
    /// Views (or reach, or clicks, whichever the channel reports) per day, oldest first.
    pub trend: Vec<i64>,
    #[serde(flatten)]
    pub returns: ChannelReturn,
}

/// What a channel brought for what it cost. Orders and leads are attributed by their channel
/// (source / UTM), so two accounts of the same kind share these figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelReturn {
    pub spend: i64,
    pub revenue: i64,
    pub orders: i64,
    pub leads: i64,
    pub new_customers: i64,
    /// (revenue − spend) / spend, in percent.
    pub roi_percent: Option<f64>,
    /// Revenue / spend.
    pub roas: Option<f64>,
    /// Spend / new customers.
    pub cac: Option<f64>,
    /// Spend / leads.
    pub cost_per_lead: Option<f64>,
}

/// `POST /businesses/{business_id}/channels`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateChannelRequest {
    /// A marketing channel: instagram, facebook, telegram, google_ads, website, tiktok, youtube.
    pub kind: Channel,
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(example = "Samarqand noni"))]
    pub name: String,
    /// Required for Telegram (`@channel` or its numeric id; our bot must be an administrator)
    /// and for synced Meta and Google channels.
    #[validate(length(min = 1, max = 120), custom(function = "account_id"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "@samarqand_noni"))]
    pub external_id: Option<String>,
    /// Keep the numbers by hand instead of syncing them (TikTok and YouTube always are).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub manual: bool,
}

/// `PATCH /businesses/{business_id}/channels/{channel_id}`: only the fields sent change.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateChannelRequest {
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[validate(length(min = 1, max = 120), custom(function = "account_id"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// `true` pauses the hourly sync, `false` resumes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
}

/// The answer to `POST …/channels/{channel_id}/authorize`: where to send the browser.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizeResponse {
    /// The provider's consent page; it sends the browser back to `/api/v1/oauth/callback`.
    pub authorize_url: String,
    /// How long the link works.
    pub expires_at: DateTime<Utc>,
}

/// `?code=&state=` (or `?error=&state=`) as the provider sends the browser back.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OAuthCallbackQuery {
    #[validate(length(max = 2048))]
    pub state: Option<String>,
    #[validate(length(max = 4096))]
    pub code: Option<String>,
    /// Set when the person declined.
    #[validate(length(max = 200))]
    pub error: Option<String>,
}

/// The answer to `POST …/channels/{channel_id}/sync`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncQueued {
    pub job_id: Uuid,
    /// `queued`, `running`, `done` or `dead`: a sync asked for within the same minute is the
    /// same job.
    pub status: String,
}

/// `?from=&to=` (days in the business's time zone; the last 30 days by default).
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MetricsQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// One day of a channel; absent figures are ones the channel does not report.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MetricsDay {
    pub day: NaiveDate,
    pub followers: Option<i64>,
    pub reach: Option<i64>,
    pub views: Option<i64>,
    pub engagement: Option<i64>,
    pub posts: Option<i32>,
    pub profile_visits: Option<i64>,
    pub clicks: Option<i64>,
    /// Minor units of the business's currency.
    pub spend: Option<i64>,
    pub conversions: Option<f64>,
}

/// One cell of the best-time-to-post heat map.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostingHour {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub weekday: i32,
    /// Hour of the day in the business's time zone.
    pub hour: i32,
    pub posts: i64,
    pub average_views: f64,
}

/// When a channel's posts are seen most (Telegram, from its public web preview).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BestTime {
    /// Posts of the last 90 days by hour of the week; empty for a private channel, whose
    /// views Telegram does not publish.
    pub hours: Vec<PostingHour>,
    /// The hour of the week with the highest average views, among hours with posts.
    pub best: Option<PostingHour>,
    /// Why there is no heat map, when there is none.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelMetricsResponse {
    pub channel_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    pub days: Vec<MetricsDay>,
    /// Over the period.
    pub returns: ChannelReturn,
    /// Telegram channels only.
    pub best_time: Option<BestTime>,
}

/// One day of a channel kept by hand; figures left out keep what was entered before.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ManualMetricsDay {
    pub day: NaiveDate,
    #[validate(range(min = 0, max = MAX_COUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub followers: Option<i64>,
    #[validate(range(min = 0, max = MAX_COUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reach: Option<i64>,
    #[validate(range(min = 0, max = MAX_COUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub views: Option<i64>,
    #[validate(range(min = 0, max = MAX_COUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engagement: Option<i64>,
    #[validate(range(min = 0, max = 100_000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub posts: Option<i32>,
    #[validate(range(min = 0, max = MAX_COUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_visits: Option<i64>,
    #[validate(range(min = 0, max = MAX_COUNT))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clicks: Option<i64>,
    #[validate(range(min = 0.0, max = 1.0e12))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversions: Option<f64>,
}

/// The largest count a day may hold (views of a viral video fit).
pub const MAX_COUNT: i64 = 1_000_000_000_000;

/// `PUT /businesses/{business_id}/channels/{channel_id}/metrics`: days of a channel kept by hand
/// (TikTok, YouTube, or any channel added with `manual: true`), up to a year at once, all or
/// nothing. Synced channels take their numbers from the provider only.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetMetricsRequest {
    #[validate(length(min = 1, max = 366), nested)]
    pub days: Vec<ManualMetricsDay>,
}

// ---- spend ----------------------------------------------------------------------------------

/// `?from=&to=&channel=&limit=&cursor=` of the spend list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SpendQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    #[validate(range(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpendEntry {
    pub day: NaiveDate,
    pub channel: Channel,
    /// The channel that synced it; absent for spend entered by hand.
    pub channel_id: Option<Uuid>,
    pub manual: bool,
    pub amount: i64,
    pub currency: String,
}

/// A day's spend on a channel, typed by hand.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SpendInput {
    pub day: NaiveDate,
    /// A marketing channel (not offline, referral or other).
    pub channel: Channel,
    /// Minor units; 0 removes the day's manual entry.
    #[validate(range(min = 0, max = MAX_AMOUNT))]
    pub amount: i64,
}

/// `PUT /businesses/{business_id}/spend`: up to 1 000 days × channels at once (a month of
/// every channel, or a spreadsheet's rows). Each replaces what was typed for its day and
/// channel; synced spend is never touched.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetSpendRequest {
    #[validate(length(min = 1, max = 1000), nested)]
    pub entries: Vec<SpendInput>,
}

/// `?from=&to=` of the return per channel.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelReturnRow {
    pub channel: Channel,
    #[serde(flatten)]
    pub returns: ChannelReturn,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpendSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    /// Every channel with spend, sales or leads in the period, by revenue.
    pub channels: Vec<ChannelReturnRow>,
    pub total: ChannelReturn,
}

// ---- sync runs ------------------------------------------------------------------------------

/// `?channel_id=&status=&limit=&cursor=` of the sync log.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SyncRunQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<SyncStatus>,
    #[validate(range(min = 1, max = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRunResponse {
    pub id: Uuid,
    pub channel_id: Uuid,
    pub job_id: Option<Uuid>,
    /// 1 for the first try of a job, then counting retries.
    pub attempt: i32,
    /// `schedule` (the hourly round) or `manual` ("sync now").
    pub trigger: String,
    pub status: SyncStatus,
    /// No retry follows: the job was dead-lettered after its last attempt, or access is gone.
    pub dead_letter: bool,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub requests: i32,
    /// Answers in which the provider asked us to slow down.
    pub throttled: i32,
    pub rows_written: i32,
    pub error: Option<String>,
}

/// A channel's line in the sync health panel: its last run and the last 24 hours.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncHealthRow {
    pub channel_id: Uuid,
    pub name: String,
    pub kind: Channel,
    pub status: ChannelStatus,
    pub last_run: Option<SyncRunResponse>,
    pub runs: i64,
    pub failures: i64,
    pub throttled: i64,
    pub rows_written: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncHealthResponse {
    /// Since when the counts run (24 hours back).
    pub since: DateTime<Utc>,
    pub channels: Vec<SyncHealthRow>,
    /// Sync jobs of the business that were given up after their last attempt.
    pub dead_letters: i64,
}
