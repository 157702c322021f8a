//! Marketing channels against the fake providers: connecting (Telegram bot, Meta and Google
//! OAuth), syncing through the queue, throttling, revoked access, dead letters, spend and ROI,
//! and the queue's guarantees with several workers (one of them killed).

use chrono::Duration;
use integrations::fake::providers::Provider;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{PASSWORD, TestApp, User};

async fn run_jobs(app: &TestApp) -> services::jobs::RoundReport {
    scheduler::run_once(&app.services, "test-worker")
        .await
        .expect("queue round")
}

async fn create_channel(app: &TestApp, owner: &User, business: Uuid, body: Value) -> Value {
    app.post(
        &format!("/api/v1/businesses/{business}/channels"),
        Some(&owner.access),
        body,
    )
    .await
    .expect(201)
    .clone()
}

/// Moves the app's clock, signing in again since access tokens live 15 minutes.
async fn advance(app: &TestApp, owner: &mut User, by: Duration) {
    app.clock.advance(by);
    let login = app.login(&owner.email, PASSWORD).await;
    owner.access = login.expect(200)["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
}

async fn count(app: &TestApp, sql: &str, id: Uuid) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(id)
        .fetch_one(app.db())
        .await
        .expect("count")
}

/// Connects a Meta or Google channel the way a browser does: authorize, the provider's consent
/// page (which the fake grants at once), then our callback.
async fn authorize(app: &TestApp, owner: &User, business: Uuid, channel: &str) -> String {
    let base = format!("/api/v1/businesses/{business}/channels/{channel}");
    let start = app
        .post(&format!("{base}/authorize"), Some(&owner.access), json!({}))
        .await;
    let url = start.expect(200)["authorize_url"]
        .as_str()
        .expect("url")
        .to_owned();
    assert!(url.starts_with(&app.providers.url()), "{url}");
    assert!(url.contains("state="), "{url}");
    let consent = app.client.get(&url).send().await.expect("consent page");
    assert_eq!(consent.status().as_u16(), 302);
    let back = consent.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    // The provider sends the browser to our public URL; the test app listens elsewhere.
    let callback = back.replace("http://app.biznespilot.test", &app.address);
    assert!(callback.contains("/api/v1/oauth/callback?"), "{callback}");
    let done = app.client.get(&callback).send().await.expect("callback");
    assert_eq!(done.status().as_u16(), 302);
    done.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

#[tokio::test]
async fn a_telegram_channel_is_checked_synced_through_the_queue_and_shows_its_best_time() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let channel = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "telegram", "name": "Non kanali", "external_id": "t.me/samarqand_non"}),
    )
    .await;
    assert_eq!(channel["status"], "connected");
    assert_eq!(channel["access"], "bot");
    assert_eq!(channel["external_id"], "@samarqand_non");
    let id = channel["id"].as_str().expect("id").to_owned();

    // The first sync was queued on creation; a worker round runs it.
    let report = run_jobs(&app).await;
    assert_eq!(report.done, 1, "{report:?}");
    let runs = app
        .get(
            &format!("{base}/sync-runs?channel_id={id}"),
            Some(&owner.access),
        )
        .await;
    let run = &runs.expect(200)["items"][0];
    assert_eq!(run["status"], "ok", "{run}");
    assert_eq!(run["trigger"], "manual");
    assert_eq!(run["requests"], 2);
    assert!(run["rows_written"].as_i64().expect("rows") > 20, "{run}");

    let metrics = app
        .get(
            &format!("{base}/channels/{id}/metrics"),
            Some(&owner.access),
        )
        .await;
    let metrics = metrics.expect(200);
    let days = metrics["days"].as_array().expect("days");
    let today = days.last().expect("today");
    assert!(
        today["followers"].as_i64().expect("followers") > 0,
        "{today}"
    );
    let best = &metrics["best_time"];
    assert!(
        !best["hours"].as_array().expect("hours").is_empty(),
        "{best}"
    );
    // The fake's evening posts get three times the views: the best hour is an evening one
    // (18–21 UTC is 23–02 in Tashkent).
    let best_hour = best["best"]["hour"].as_i64().expect("best hour");
    assert!([23, 0, 1, 2].contains(&best_hour), "{best}");

    // The channel's card reads the synced days.
    let listed = app
        .get(&format!("{base}/channels"), Some(&owner.access))
        .await;
    let card = &listed.expect(200)["items"][0]["card"];
    assert!(card["followers"].as_i64().is_some(), "{card}");
    assert!(!card["trend"].as_array().expect("trend").is_empty());
    assert_eq!(listed.body["items"][0]["last_sync_status"], "ok");

    // The hourly round, run twice in the same hour (a crash, two workers), queues one job,
    // and syncing again writes no duplicate rows.
    let rows_before = count(
        &app,
        "select count(*) from channel_metrics where channel_id = $1",
        id.parse().expect("uuid"),
    )
    .await;
    assert_eq!(
        services::channels::sync::enqueue_round(&app.services)
            .await
            .expect("round"),
        1
    );
    assert_eq!(
        services::channels::sync::enqueue_round(&app.services)
            .await
            .expect("round"),
        0
    );
    assert_eq!(run_jobs(&app).await.done, 1);
    let rows_after = count(
        &app,
        "select count(*) from channel_metrics where channel_id = $1",
        id.parse().expect("uuid"),
    )
    .await;
    assert_eq!(rows_before, rows_after);
    let posts = count(
        &app,
        "select count(*) from channel_posts where channel_id = $1",
        id.parse().expect("uuid"),
    )
    .await;
    assert_eq!(posts, 20);
}

#[tokio::test]
async fn channels_that_cannot_be_read_are_refused_with_the_field_at_fault() {
    let (app, owner, business) = TestApp::with_business().await;
    let path = format!("/api/v1/businesses/{business}/channels");
    let token = Some(owner.access.as_str());
    app.post(
        &path,
        token,
        json!({"kind": "telegram", "name": "X", "external_id": "@missing_channel"}),
    )
    .await
    .expect_problem(422, "validation_failed");
    let not_admin = app
        .post(
            &path,
            token,
            json!({"kind": "telegram", "name": "X", "external_id": "@notadmin_here"}),
        )
        .await;
    assert_eq!(not_admin.fields(), vec!["external_id"]);
    assert_eq!(not_admin.body["errors"][0]["code"], "bot_not_admin");
    let no_account = app
        .post(&path, token, json!({"kind": "telegram", "name": "X"}))
        .await;
    assert_eq!(no_account.fields(), vec!["external_id"]);
    let offline = app
        .post(&path, token, json!({"kind": "offline", "name": "Do'kon"}))
        .await;
    assert_eq!(
        offline.body["errors"][0]["code"], "not_a_channel",
        "{}",
        offline.text
    );
    let bad_id = app
        .post(
            &path,
            token,
            json!({"kind": "instagram", "name": "X", "external_id": "a b;c"}),
        )
        .await;
    assert_eq!(bad_id.fields(), vec!["external_id"]);
    // TikTok is kept by hand, and a manual channel has nothing to sync.
    let tiktok = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "tiktok", "name": "TikTok"}),
    )
    .await;
    assert_eq!(tiktok["status"], "manual");
    app.post(
        &format!("{path}/{}/sync", tiktok["id"].as_str().expect("id")),
        token,
        json!({}),
    )
    .await
    .expect_problem(409, "manual_channel");
    // Nothing was saved by the refused requests.
    let listed = app.get(&path, token).await;
    assert_eq!(
        listed.expect(200)["items"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn an_instagram_account_is_connected_by_oauth_its_token_kept_secret_and_synced() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let channel = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "instagram", "name": "Instagram", "external_id": "17841400000000001"}),
    )
    .await;
    assert_eq!(channel["status"], "reconnect");
    assert_eq!(channel["authorized"], false);
    let id = channel["id"].as_str().expect("id").to_owned();
    let landing = authorize(&app, &owner, business, &id).await;
    assert_eq!(
        landing,
        format!("http://app.biznespilot.test/businesses/{business}/channels?connected={id}")
    );
    let connected = app
        .get(&format!("{base}/channels/{id}"), Some(&owner.access))
        .await;
    let connected = connected.expect(200);
    assert_eq!(connected["status"], "connected");
    assert_eq!(connected["authorized"], true);
    assert!(
        !connected.to_string().contains("meta-long"),
        "a token leaked: {connected}"
    );
    let sealed: Vec<u8> = sqlx::query_scalar("select credentials from channels where id = $1")
        .bind(id.parse::<Uuid>().expect("uuid"))
        .fetch_one(app.db())
        .await
        .expect("credentials");
    assert!(
        !String::from_utf8_lossy(&sealed).contains("meta-"),
        "credentials are stored encrypted"
    );
    // The grant is in the activity log under the person who started it.
    let log = app
        .get(
            &format!("{base}/activity?entity_type=channel"),
            Some(&owner.access),
        )
        .await;
    let granted = log.expect(200)["items"][0].clone();
    assert_eq!(granted["action"], "updated", "{granted}");
    assert_eq!(granted["changes"]["authorized"], true, "{granted}");
    assert_eq!(
        granted["actor"]["user_id"].as_str(),
        Some(owner.id.to_string().as_str()),
        "{granted}"
    );

    assert_eq!(run_jobs(&app).await.done, 1);
    let metrics = app
        .get(
            &format!("{base}/channels/{id}/metrics"),
            Some(&owner.access),
        )
        .await;
    let days = metrics.expect(200)["days"]
        .as_array()
        .expect("days")
        .clone();
    assert_eq!(days.len(), 30, "a new channel backfills 30 days");
    assert!(
        days.iter()
            .all(|d| d["reach"].as_i64().is_some() && d["views"].as_i64().is_some())
    );
    assert!(metrics.body["best_time"].is_null());

    // A consent link works once.
    let start = app
        .post(
            &format!("{base}/channels/{id}/authorize"),
            Some(&owner.access),
            json!({}),
        )
        .await;
    let url = start.expect(200)["authorize_url"]
        .as_str()
        .expect("url")
        .to_owned();
    let consent = app.client.get(&url).send().await.expect("consent");
    let back = consent.headers()["location"]
        .to_str()
        .expect("location")
        .replace("http://app.biznespilot.test", &app.address);
    app.client.get(&back).send().await.expect("first use");
    let again = app.client.get(&back).send().await.expect("second use");
    assert!(
        again.headers()["location"]
            .to_str()
            .expect("location")
            .ends_with("oauth_error=expired_state")
    );
}

#[tokio::test]
async fn tokens_sealed_with_a_retired_key_move_to_the_new_key_on_the_next_sync() {
    let (app, owner, business) = TestApp::with_business().await;
    let channel = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "instagram", "name": "Instagram", "external_id": "17841400000000009"}),
    )
    .await;
    let id: Uuid = channel["id"].as_str().expect("id").parse().expect("uuid");
    authorize(&app, &owner, business, &id.to_string()).await;
    let sealed = || async {
        sqlx::query_scalar::<_, Vec<u8>>("select credentials from channels where id = $1")
            .bind(id)
            .fetch_one(app.db())
            .await
            .expect("credentials")
    };
    let before = sealed().await;
    // A new encryption key is configured; the old one only decrypts.
    let secret = b"integration tests secret key, 32+ bytes long";
    let new_key = b"a brand new encryption key, 32+ bytes long!";
    let mut rotated = app.services.clone();
    rotated.keys = std::sync::Arc::new(services::security::Keys::new(
        secret,
        Some(new_key),
        &[secret.to_vec()],
    ));
    assert_eq!(
        scheduler::run_once(&rotated, "w")
            .await
            .expect("round")
            .done,
        1
    );
    let after = sealed().await;
    assert_ne!(before[0], after[0], "sealed again with the new key");
    // With the old key gone entirely, the channel still syncs.
    let mut only_new = app.services.clone();
    only_new.keys = std::sync::Arc::new(services::security::Keys::new(secret, Some(new_key), &[]));
    let base = format!("/api/v1/businesses/{business}");
    app.clock.advance(Duration::minutes(2));
    let login = app.login(&owner.email, PASSWORD).await;
    let token = login.expect(200)["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    app.post(
        &format!("{base}/channels/{id}/sync"),
        Some(&token),
        json!({}),
    )
    .await
    .expect(202);
    assert_eq!(
        scheduler::run_once(&only_new, "w")
            .await
            .expect("round")
            .done,
        1
    );
}

#[tokio::test]
async fn revoked_access_stops_the_sync_and_asks_for_a_reconnect() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let channel = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "facebook", "name": "Sahifa", "external_id": "1099887766"}),
    )
    .await;
    let id = channel["id"].as_str().expect("id").to_owned();
    authorize(&app, &owner, business, &id).await;
    app.providers
        .set(Provider::Meta, |s| s.tokens_expired = true);
    assert_eq!(
        run_jobs(&app).await.dead,
        1,
        "revoked access is not retried"
    );
    let got = app
        .get(&format!("{base}/channels/{id}"), Some(&owner.access))
        .await;
    let got = got.expect(200);
    assert_eq!(got["status"], "reconnect");
    assert_eq!(got["last_sync_status"], "reconnect");
    assert!(
        got["last_error"].as_str().expect("error").contains("190"),
        "{got}"
    );
    let runs = app
        .get(&format!("{base}/sync-runs"), Some(&owner.access))
        .await;
    assert_eq!(runs.expect(200)["items"][0]["dead_letter"], true);
    app.post(
        &format!("{base}/channels/{id}/sync"),
        Some(&owner.access),
        json!({}),
    )
    .await
    .expect_problem(409, "reconnect_needed");
    // The hourly round leaves it alone until a person reconnects it.
    assert_eq!(
        services::channels::sync::enqueue_round(&app.services)
            .await
            .expect("round"),
        0
    );
    app.providers
        .set(Provider::Meta, |s| s.tokens_expired = false);
    authorize(&app, &owner, business, &id).await;
    assert_eq!(run_jobs(&app).await.done, 1);
    let health = app
        .get(&format!("{base}/sync-runs/health"), Some(&owner.access))
        .await;
    let row = &health.expect(200)["channels"][0];
    assert_eq!(row["status"], "connected");
    assert_eq!(
        (row["runs"].as_i64(), row["failures"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(row["last_run"]["status"], "ok");
}

#[tokio::test]
async fn throttling_is_retried_after_the_providers_wait_and_failures_end_in_the_dead_letter() {
    let (app, mut owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    app.providers
        .set(Provider::Telegram, |s| s.throttle_next = 1);
    // The creation check is the first request: throttled, so the channel is not saved.
    app.post(
        &format!("{base}/channels"),
        Some(&owner.access),
        json!({"kind": "telegram", "name": "Kanal", "external_id": "@kanal_uz"}),
    )
    .await
    .expect_problem(422, "provider_unavailable");
    let channel = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "telegram", "name": "Kanal", "external_id": "@kanal_uz"}),
    )
    .await;
    let id = channel["id"].as_str().expect("id").to_owned();
    app.providers
        .set(Provider::Telegram, |s| s.throttle_next = 1);
    let first = run_jobs(&app).await;
    assert_eq!(first.retried, 1, "{first:?}");
    let run = app
        .get(&format!("{base}/sync-runs"), Some(&owner.access))
        .await;
    let run = &run.expect(200)["items"][0];
    assert_eq!(
        (run["status"].as_str(), run["throttled"].as_i64()),
        (Some("throttled"), Some(1))
    );
    assert_eq!(run["dead_letter"], false);
    // Not due before the backoff (at least the provider's 1 s, 30 s ± jitter here).
    assert!(run_jobs(&app).await.ran() == 0);
    advance(&app, &mut owner, Duration::seconds(60)).await;
    assert_eq!(run_jobs(&app).await.done, 1);

    // A provider that keeps failing: five attempts with growing waits, then the dead letter.
    app.providers.set(Provider::Telegram, |s| s.fail_next = 100);
    let sync = app
        .post(
            &format!("{base}/channels/{id}/sync"),
            Some(&owner.access),
            json!({}),
        )
        .await;
    let job_id = sync.expect(202)["job_id"].as_str().expect("job").to_owned();
    // Asking again within the minute is the same job.
    let again = app
        .post(
            &format!("{base}/channels/{id}/sync"),
            Some(&owner.access),
            json!({}),
        )
        .await;
    assert_eq!(again.expect(202)["job_id"].as_str(), Some(job_id.as_str()));
    let mut dead = 0;
    for _ in 0..5 {
        dead += run_jobs(&app).await.dead;
        advance(&app, &mut owner, Duration::hours(2)).await;
    }
    assert_eq!(dead, 1);
    let runs = app
        .get(
            &format!("{base}/sync-runs?status=failed"),
            Some(&owner.access),
        )
        .await;
    let items = runs.expect(200)["items"].as_array().expect("runs").clone();
    assert_eq!(items.len(), 5);
    assert_eq!(items[0]["attempt"], 5);
    assert_eq!(items[0]["dead_letter"], true);
    assert!(items[1..].iter().all(|r| r["dead_letter"] == false));
    let health = app
        .get(&format!("{base}/sync-runs/health"), Some(&owner.access))
        .await;
    assert_eq!(health.expect(200)["dead_letters"], 1);
}

#[tokio::test]
async fn google_ads_spend_is_synced_and_returns_roi_with_orders_attributed_by_utm() {
    let (app, mut owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let channel = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "google_ads", "name": "Google Ads", "external_id": "123-456-7890"}),
    )
    .await;
    let id = channel["id"].as_str().expect("id").to_owned();
    authorize(&app, &owner, business, &id).await;
    assert_eq!(run_jobs(&app).await.done, 1);
    let first = app
        .get(&format!("{base}/sync-runs"), Some(&owner.access))
        .await;
    assert_eq!(
        first.expect(200)["items"][0]["requests"],
        1,
        "a fresh token needs no refresh"
    );

    // An order that came from a Google ad (UTM source), and spend typed by hand for Instagram,
    // on the business's day (Tashkent, UTC+5).
    let today = (app.now() + Duration::hours(5)).date_naive();
    app.post(
        &format!("{base}/orders"),
        Some(&owner.access),
        json!({"status": "paid", "amount": 900_000_00, "channel": "google_ads", "ordered_at": app.now()}),
    )
    .await
    .expect(201);
    app.send(
        Method::PUT,
        &format!("{base}/spend"),
        Some(&owner.access),
        Some(json!({"entries": [
            {"day": today, "channel": "instagram", "amount": 50_000_00},
            {"day": today, "channel": "instagram", "amount": 70_000_00}
        ]})),
        &[],
    )
    .await
    .expect(204);
    let spend = app
        .get(
            &format!("{base}/spend?from={today}&to={today}"),
            Some(&owner.access),
        )
        .await;
    let entries = spend.expect(200)["items"]
        .as_array()
        .expect("items")
        .clone();
    let google: Vec<&Value> = entries
        .iter()
        .filter(|e| e["channel"] == "google_ads")
        .collect();
    assert_eq!(google.len(), 1);
    assert_eq!(google[0]["channel_id"].as_str(), Some(id.as_str()));
    assert_eq!(google[0]["manual"], false);
    let instagram: Vec<&Value> = entries
        .iter()
        .filter(|e| e["channel"] == "instagram")
        .collect();
    assert_eq!(
        instagram.len(),
        1,
        "the last entry for a day and channel wins"
    );
    assert_eq!(instagram[0]["amount"], 70_000_00);

    let summary = app
        .get(
            &format!("{base}/spend/summary?from={today}&to={today}"),
            Some(&owner.access),
        )
        .await;
    let rows = summary.expect(200)["channels"]
        .as_array()
        .expect("rows")
        .clone();
    let ads = rows
        .iter()
        .find(|r| r["channel"] == "google_ads")
        .expect("google row");
    let spent = ads["spend"].as_i64().expect("spend");
    assert!(spent > 0);
    assert_eq!(ads["revenue"], 900_000_00);
    let roas = ads["roas"].as_f64().expect("roas");
    assert!((roas - 900_000_00.0 / spent as f64).abs() < 1e-9);
    let roi = ads["roi_percent"].as_f64().expect("roi");
    assert!((roi - (900_000_00.0 - spent as f64) / spent as f64 * 100.0).abs() < 1e-6);
    // The order named no customer and no lead came in: no CAC, no cost per lead.
    assert!(
        ads["cac"].is_null() && ads["cost_per_lead"].is_null(),
        "{ads}"
    );

    // Google's hour-long token is refreshed before it runs out: two requests next time.
    advance(&app, &mut owner, Duration::hours(2)).await;
    app.post(
        &format!("{base}/channels/{id}/sync"),
        Some(&owner.access),
        json!({}),
    )
    .await
    .expect(202);
    assert_eq!(run_jobs(&app).await.done, 1);
    let runs = app
        .get(&format!("{base}/sync-runs"), Some(&owner.access))
        .await;
    assert_eq!(runs.expect(200)["items"][0]["requests"], 2);

    // Hand-typed zero removes the entry; spend on a source that costs nothing is refused.
    let refused = app
        .send(
            Method::PUT,
            &format!("{base}/spend"),
            Some(&owner.access),
            Some(json!({"entries": [
                {"day": today, "channel": "instagram", "amount": 0},
                {"day": today, "channel": "referral", "amount": 5}
            ]})),
            &[],
        )
        .await;
    assert_eq!(refused.fields(), vec!["entries[1].channel"]);
    let unchanged = app
        .get(
            &format!("{base}/spend?from={today}&to={today}&channel=instagram"),
            Some(&owner.access),
        )
        .await;
    assert_eq!(
        unchanged.expect(200)["items"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn a_paused_channel_is_left_out_of_the_round_until_resumed() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let channel = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "telegram", "name": "Kanal", "external_id": "@kanal_pauza"}),
    )
    .await;
    let id = channel["id"].as_str().expect("id").to_owned();
    run_jobs(&app).await;
    let paused = app
        .patch(
            &format!("{base}/channels/{id}"),
            Some(&owner.access),
            json!({"paused": true}),
        )
        .await;
    assert_eq!(paused.expect(200)["status"], "paused");
    assert_eq!(
        services::channels::sync::enqueue_round(&app.services)
            .await
            .expect("round"),
        0
    );
    app.post(
        &format!("{base}/channels/{id}/sync"),
        Some(&owner.access),
        json!({}),
    )
    .await
    .expect_problem(409, "channel_paused");
    let resumed = app
        .patch(
            &format!("{base}/channels/{id}"),
            Some(&owner.access),
            json!({"paused": false, "name": "Yangi nom"}),
        )
        .await;
    assert_eq!(resumed.expect(200)["status"], "connected");
    assert_eq!(resumed.body["name"], "Yangi nom");
    assert_eq!(
        services::channels::sync::enqueue_round(&app.services)
            .await
            .expect("round"),
        1
    );
    app.delete(&format!("{base}/channels/{id}"), Some(&owner.access))
        .await
        .expect(204);
    // A job queued for a removed channel ends quietly.
    assert_eq!(run_jobs(&app).await.done, 1);
    app.get(&format!("{base}/channels/{id}"), Some(&owner.access))
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn several_workers_run_each_job_exactly_once() {
    let (app, owner, business) = TestApp::with_business().await;
    for n in 0..30 {
        create_channel(
            &app,
            &owner,
            business,
            json!({"kind": "telegram", "name": format!("Kanal {n}"), "external_id": format!("@kanal_{n}")}),
        )
        .await;
    }
    app.providers.set(Provider::Telegram, |s| {
        s.latency = std::time::Duration::from_millis(20)
    });
    // Four workers claim from the same queue at the same moment, round after round.
    let mut total = services::jobs::RoundReport::default();
    loop {
        let rounds = (0..4).map(|w| {
            let services = app.services.clone();
            async move { scheduler::run_once(&services, &format!("worker-{w}")).await }
        });
        let reports = futures_util::future::join_all(rounds).await;
        let mut ran = 0;
        for report in reports {
            let report = report.expect("round");
            ran += report.ran();
            total.done += report.done;
            total.lost += report.lost;
        }
        if ran == 0 {
            break;
        }
    }
    assert_eq!((total.done, total.lost), (30, 0));
    let runs: i64 = sqlx::query_scalar("select count(*) from sync_runs where business_id = $1")
        .bind(business)
        .fetch_one(app.db())
        .await
        .expect("runs");
    assert_eq!(runs, 30, "each job ran once");
}

#[tokio::test]
async fn a_worker_killed_mid_job_loses_nothing_its_job_is_taken_over_after_the_lease() {
    let (app, owner, business) = TestApp::with_business().await;
    let channel = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "telegram", "name": "Kanal", "external_id": "@kanal_kill"}),
    )
    .await;
    let id: Uuid = channel["id"].as_str().expect("id").parse().expect("uuid");
    // Slow answers keep the job in flight while the worker is killed.
    app.providers.set(Provider::Telegram, |s| {
        s.latency = std::time::Duration::from_secs(30)
    });
    let database_url: String = sqlx::query_scalar("select current_database()")
        .fetch_one(app.db())
        .await
        .expect("name");
    let admin = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let url = format!("{}/{database_url}", admin.rsplit_once('/').expect("url").0);
    let mut worker = std::process::Command::new(env!("CARGO_BIN_EXE_biznespilot"))
        .arg("worker")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &url)
        .env(
            "BIZNESPILOT_SECRET_KEY",
            "integration tests secret key, 32+ bytes long",
        )
        .env("BIZNESPILOT_FAKE_PROVIDERS", app.providers.url())
        .env("BIZNESPILOT_JOB_LEASE_SECONDS", "5")
        .env(
            "BIZNESPILOT_DATA_DIR",
            std::env::temp_dir().join(format!("bp-{id}")),
        )
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("worker starts");
    let claimed = async {
        loop {
            let status: String =
                sqlx::query_scalar("select status from jobs where business_id = $1")
                    .bind(business)
                    .fetch_one(app.db())
                    .await
                    .expect("job");
            if status == "running" {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), claimed)
        .await
        .expect("the worker claims the job");
    worker.kill().expect("SIGKILL");
    worker.wait().expect("reaped");
    app.providers.set(Provider::Telegram, |s| {
        s.latency = std::time::Duration::ZERO
    });

    // Until the lease runs out nobody else may take the job.
    assert_eq!(run_jobs(&app).await.ran(), 0);
    app.clock.advance(Duration::minutes(10));
    let report = run_jobs(&app).await;
    assert_eq!(report.done, 1, "{report:?}");
    let runs: Vec<(String, i32)> =
        sqlx::query_as("select status, attempt from sync_runs where channel_id = $1 order by id")
            .bind(id)
            .fetch_all(app.db())
            .await
            .expect("runs");
    assert_eq!(
        runs,
        vec![("failed".to_owned(), 1), ("ok".to_owned(), 2)],
        "the killed attempt is closed as failed, the second succeeds"
    );
}

#[tokio::test]
async fn workers_sharing_redis_keep_one_pace_per_provider() {
    use services::channels::providers::{Meter, ProviderSettings};
    let app = TestApp::spawn_with(crate::helpers::test_settings(), true).await;
    app.providers
        .set(Provider::Telegram, |s| s.limit_per_second = 10);
    let mut settings = ProviderSettings::fake(&app.providers.url());
    settings
        .rate_per_second
        .insert(domain::channels::Provider::Telegram, 8);
    // Two workers: their own clients and local pacers, one Redis.
    let workers = [
        app.services.clone().with_providers(settings.clone()),
        app.services.clone().with_providers(settings),
    ];
    let started = std::time::Instant::now();
    let calls = (0..20).map(|i| {
        let services = &workers[i % 2];
        async move {
            let bot = services.providers.telegram.as_ref().expect("telegram");
            let mut meter = Meter::default();
            services
                .providers
                .call(
                    domain::channels::Provider::Telegram,
                    &mut meter,
                    bot.member_count("@pace"),
                )
                .await
        }
    });
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    // 20 turns at 8 a second for the pair (alone, each would go at 8: twice as fast).
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(2_300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        app.providers.counters(Provider::Telegram).limit_violations,
        0
    );
}

#[tokio::test]
async fn a_channel_kept_by_hand_takes_its_days_and_a_synced_one_refuses_them() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let tiktok = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "tiktok", "name": "TikTok"}),
    )
    .await;
    let id = tiktok["id"].as_str().expect("id").to_owned();
    let today = app.now().date_naive();
    let yesterday = today - Duration::days(1);
    let put = |body: Value| {
        let path = format!("{base}/channels/{id}/metrics");
        let token = owner.access.clone();
        let app = &app;
        async move {
            app.send(Method::PUT, &path, Some(&token), Some(body), &[])
                .await
        }
    };
    put(json!({"days": [
        {"day": yesterday, "followers": 1_200, "views": 5_000, "posts": 2},
        {"day": today, "followers": 1_260, "views": 7_500}
    ]}))
    .await
    .expect(204);
    // Sent again with only the views, a day keeps its followers.
    put(json!({"days": [{"day": today, "views": 8_000}]}))
        .await
        .expect(204);
    let metrics = app
        .get(
            &format!("{base}/channels/{id}/metrics?from={yesterday}&to={today}"),
            Some(&owner.access),
        )
        .await;
    let days = metrics.expect(200)["days"]
        .as_array()
        .expect("days")
        .clone();
    assert_eq!(days.len(), 2);
    assert_eq!(
        (days[1]["followers"].as_i64(), days[1]["views"].as_i64()),
        (Some(1_260), Some(8_000))
    );
    let card = app
        .get(&format!("{base}/channels/{id}"), Some(&owner.access))
        .await;
    let card = &card.expect(200)["card"];
    assert_eq!(
        (
            card["followers"].as_i64(),
            card["followers_change"].as_i64()
        ),
        (Some(1_260), Some(60))
    );

    let bad = put(json!({"days": [{"day": today, "followers": -5}]})).await;
    assert_eq!(bad.fields(), vec!["days[0].followers"], "{}", bad.text);
    let future = put(json!({"days": [{"day": today + Duration::days(9), "views": 1}]})).await;
    assert_eq!(future.fields(), vec!["days[0].day"], "{}", future.text);
    let telegram = create_channel(
        &app,
        &owner,
        business,
        json!({"kind": "telegram", "name": "Kanal", "external_id": "@qolda_emas"}),
    )
    .await;
    app.send(
        Method::PUT,
        &format!(
            "{base}/channels/{}/metrics",
            telegram["id"].as_str().expect("id")
        ),
        Some(&owner.access),
        Some(json!({"days": [{"day": today, "views": 1}]})),
        &[],
    )
    .await
    .expect_problem(409, "synced_channel");
}
