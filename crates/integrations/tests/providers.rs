//! Each client against the fake server of its provider: the answers it reads, and the
//! provider's own failure signals (throttling with its wait, revoked tokens, malformed
//! answers, server errors) mapped to the right [`ProviderError`].

use std::time::Duration;

use chrono::{Days, Utc};
use integrations::fake::providers::{FakeProviders, Provider};
use integrations::ga4::Ga4Client;
use integrations::google::GoogleOAuth;
use integrations::google_ads::GoogleAdsClient;
use integrations::http::{ProviderError, client};
use integrations::meta::MetaClient;
use integrations::telegram::TelegramClient;

fn http() -> reqwest::Client {
    client(Duration::from_secs(10))
}

fn telegram(fake: &FakeProviders) -> TelegramClient {
    TelegramClient::new(
        http(),
        &format!("{}/telegram", fake.url()),
        &format!("{}/telegram-web", fake.url()),
        "123:abc",
    )
}

fn meta(fake: &FakeProviders) -> MetaClient {
    MetaClient::new(
        http(),
        &format!("{}/meta/v21.0", fake.url()),
        "app",
        "secret",
    )
}

#[tokio::test]
async fn telegram_reads_subscribers_and_posts_and_maps_its_errors() {
    let fake = FakeProviders::start().await.expect("fake");
    let bot = telegram(&fake);
    assert!(bot.member_count("@non_uz").await.expect("count") > 0);
    let chat = bot.get_chat("@non_uz").await.expect("chat");
    assert_eq!(
        (chat.kind.as_str(), chat.username.as_deref()),
        ("channel", Some("non_uz"))
    );
    let posts = bot.recent_posts("@non_uz").await.expect("posts");
    assert_eq!(posts.len(), 20);
    assert!(posts.iter().all(|p| p.views > 0));
    assert!(
        bot.recent_posts("@private_club")
            .await
            .expect("no preview")
            .is_empty()
    );

    assert!(matches!(
        bot.get_chat("@missing").await,
        Err(ProviderError::NotFound(_))
    ));
    assert!(matches!(
        bot.get_chat("@notadmin").await,
        Err(ProviderError::Forbidden(_))
    ));
    fake.set(Provider::Telegram, |s| s.throttle_next = 1);
    let throttled = bot.member_count("@non_uz").await.expect_err("throttled");
    assert_eq!(throttled.retry_after(), Some(Duration::from_secs(1)));
    assert!(throttled.is_retryable());
    fake.set(Provider::Telegram, |s| s.malformed_next = 1);
    assert!(matches!(
        bot.member_count("@non_uz").await,
        Err(ProviderError::Malformed(_))
    ));
    fake.set(Provider::Telegram, |s| s.fail_next = 1);
    assert!(matches!(
        bot.member_count("@non_uz").await,
        Err(ProviderError::Transient(_))
    ));
    fake.set(Provider::Telegram, |s| s.tokens_expired = true);
    assert!(matches!(
        bot.member_count("@non_uz").await,
        Err(ProviderError::Unauthorized(_))
    ));
    let error = bot
        .member_count("@non_uz")
        .await
        .expect_err("refused")
        .to_string();
    assert!(
        !error.contains("123:abc"),
        "the bot token stays out of errors: {error}"
    );
    assert_eq!(fake.counters(Provider::Telegram).throttled, 1);
}

#[tokio::test]
async fn meta_grants_tokens_reads_insights_and_reports_throttling_with_the_regain_time() {
    let fake = FakeProviders::start().await.expect("fake");
    let client = meta(&fake);
    let url = client.authorize_url(
        &format!("{}/meta/dialog/oauth", fake.url()),
        "https://app.test/cb",
        "s1",
        "instagram_basic",
    );
    let consent = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(url)
        .send()
        .await
        .expect("dialog");
    let back = consent.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let code = back
        .split("code=")
        .nth(1)
        .and_then(|r| r.split('&').next())
        .expect("code");
    assert!(back.contains("state=s1"));
    let token = client
        .exchange_code(code, "https://app.test/cb")
        .await
        .expect("token");
    assert!(token.access_token.starts_with("meta-long-"));
    assert_eq!(token.expires_in, Some(5_184_000));

    let today = Utc::now().date_naive();
    let week_ago = today - Days::new(6);
    let series = client
        .instagram_insights("1784", &token.access_token, "reach,views", week_ago, today)
        .await
        .expect("insights");
    assert_eq!(series.len(), 2);
    assert_eq!(series[0].days.len(), 7);
    assert_eq!(
        series[0].days[0].0, week_ago,
        "end_time is the end of the day"
    );
    let profile = client
        .instagram_profile("1784", &token.access_token)
        .await
        .expect("profile");
    assert!(profile.followers_count.is_some());
    let old_name = client
        .instagram_insights("1784", &token.access_token, "impressions", week_ago, today)
        .await;
    assert!(
        matches!(old_name, Err(ProviderError::Rejected(_))),
        "{old_name:?}"
    );

    fake.set(Provider::Meta, |s| s.throttle_next = 1);
    let throttled = client
        .page("42", &token.access_token)
        .await
        .expect_err("throttled");
    assert_eq!(
        throttled.retry_after(),
        Some(Duration::from_secs(60)),
        "{throttled}"
    );
    fake.set(Provider::Meta, |s| s.malformed_next = 1);
    assert!(matches!(
        client.page("42", &token.access_token).await,
        Err(ProviderError::Malformed(_))
    ));
    fake.revoke(&token.access_token);
    let revoked = client
        .page("42", &token.access_token)
        .await
        .expect_err("revoked");
    assert!(
        matches!(revoked, ProviderError::Unauthorized(ref m) if m.contains("(190)")),
        "{revoked}"
    );
    assert!(matches!(
        client.extend(&token.access_token).await,
        Err(ProviderError::Unauthorized(_))
    ));
}

#[tokio::test]
async fn google_refreshes_tokens_sums_ads_days_reads_ga4_and_reports_invalid_grant() {
    let fake = FakeProviders::start().await.expect("fake");
    let oauth = GoogleOAuth::new(
        http(),
        &format!("{}/google/oauth", fake.url()),
        "id",
        "secret",
    );
    let ads = GoogleAdsClient::new(http(), &format!("{}/google/ads/v21", fake.url()), "dev");
    let ga4 = Ga4Client::new(http(), &format!("{}/google/analytics/v1beta", fake.url()));
    let refreshed = oauth.refresh("google-refresh-7").await.expect("refresh");
    assert!(refreshed.access_token.starts_with("google-access-"));
    assert_eq!(refreshed.expires_in, 3599);

    let today = Utc::now().date_naive();
    let from = today - Days::new(2);
    let days = ads
        .daily("123-456-7890", &refreshed.access_token, from, today)
        .await
        .expect("ads");
    assert_eq!(days.len(), 3);
    let day = days[&today];
    assert!(day.clicks > 0 && day.cost_micros > 0 && day.impressions > day.clicks);
    assert_eq!(day.cost_micros % 1_000_000, 0, "two campaigns summed");
    let site = ga4
        .daily("properties/555", &refreshed.access_token, from, today)
        .await
        .expect("ga4");
    assert_eq!(
        site.keys().copied().collect::<Vec<_>>(),
        vec![from, from + Days::new(1), today]
    );
    assert!(site[&today].sessions > 0);

    assert!(matches!(
        ads.daily("123", "wrong", from, today).await,
        Err(ProviderError::Unauthorized(_))
    ));
    fake.set(Provider::Google, |s| s.throttle_next = 1);
    let throttled = ads
        .daily("123", &refreshed.access_token, from, today)
        .await
        .expect_err("429");
    assert_eq!(throttled.retry_after(), Some(Duration::from_secs(1)));
    fake.set(Provider::Google, |s| s.fail_next = 1);
    assert!(matches!(
        ga4.daily("555", &refreshed.access_token, from, today).await,
        Err(ProviderError::Transient(_))
    ));
    fake.revoke("google-refresh-7");
    let revoked = oauth
        .refresh("google-refresh-7")
        .await
        .expect_err("invalid_grant");
    assert!(
        matches!(revoked, ProviderError::Unauthorized(ref m) if m.starts_with("invalid_grant")),
        "{revoked}"
    );
}

#[tokio::test]
async fn the_fake_counts_requests_over_its_limit_and_the_most_in_flight() {
    let fake = FakeProviders::start().await.expect("fake");
    fake.set(Provider::Telegram, |s| {
        s.limit_per_second = 5;
        s.latency = Duration::from_millis(50);
    });
    let bot = telegram(&fake);
    let calls = (0..8).map(|_| bot.member_count("@non_uz"));
    let results = futures_util::future::join_all(calls).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 5);
    assert_eq!(fake.counters(Provider::Telegram).limit_violations, 3);
    assert!(fake.max_in_flight() >= 5, "{}", fake.max_in_flight());
}
