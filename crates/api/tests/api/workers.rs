//! Background work, driven one round at a time.

use chrono::Duration;
use integrations::fake::smtp::Refusal;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_temporarily_refused_email_is_retried_with_backoff_and_then_delivered() {
    let app = TestApp::spawn().await;
    app.register("aziz@example.uz", "Aziz").await.expect(201);
    app.smtp.refuse_next(2, Refusal::Temporary);

    let first = services::email::deliver_due(&app.services)
        .await
        .expect("round");
    assert_eq!((first.sent, first.retrying), (0, 1));
    // Not due again until the backoff has passed.
    assert!(
        services::email::deliver_due(&app.services)
            .await
            .expect("round")
            .is_idle()
    );
    app.clock.advance(Duration::seconds(40));
    let second = services::email::deliver_due(&app.services)
        .await
        .expect("round");
    assert_eq!(second.retrying, 1);
    app.clock.advance(Duration::seconds(80));
    let third = services::email::deliver_due(&app.services)
        .await
        .expect("round");
    assert_eq!(third.sent, 1);
    assert_eq!(app.smtp.messages().len(), 1);
    let (attempts, error): (i32, Option<String>) = sqlx::query_as(
        "select attempts, last_error from email_outbox where to_email = 'aziz@example.uz'",
    )
    .fetch_one(app.db())
    .await
    .expect("outbox row");
    assert_eq!((attempts, error), (3, None));
}

#[tokio::test]
async fn a_permanently_refused_email_is_given_up_at_once() {
    let app = TestApp::spawn().await;
    app.register("aziz@example.uz", "Aziz").await.expect(201);
    app.smtp.refuse_next(1, Refusal::Permanent);
    let report = services::email::deliver_due(&app.services)
        .await
        .expect("round");
    assert_eq!(report.failed, 1);
    app.clock.advance(Duration::days(1));
    assert!(
        services::email::deliver_due(&app.services)
            .await
            .expect("round")
            .is_idle()
    );
    let failed: bool = sqlx::query_scalar("select failed_at is not null from email_outbox")
        .fetch_one(app.db())
        .await
        .expect("row");
    assert!(failed);
}

#[tokio::test]
async fn a_delivery_that_died_midway_is_picked_up_after_its_lease() {
    let app = TestApp::spawn().await;
    app.register("aziz@example.uz", "Aziz").await.expect(201);
    // A worker claims the message and dies before sending it.
    let claimed = services::store::outbox::claim_due(app.db(), app.now(), Duration::minutes(5), 10)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    assert!(
        services::email::deliver_due(&app.services)
            .await
            .expect("round")
            .is_idle()
    );
    app.clock.advance(Duration::minutes(6));
    assert_eq!(
        services::email::deliver_due(&app.services)
            .await
            .expect("round")
            .sent,
        1
    );
}

#[tokio::test]
async fn a_cron_tick_enqueues_its_job_once_however_many_workers_tick() {
    let app = TestApp::spawn().await;
    let cleanup = scheduler::registry()
        .into_iter()
        .find(|s| s.name == "maintenance.cleanup")
        .expect("cleanup is scheduled");
    let at = app.now();
    // Another worker is ticking right now: this one backs off.
    let mut other = app.db().begin().await.expect("tx");
    assert!(
        services::store::locks::try_transaction_lock(&mut other, cleanup.name)
            .await
            .expect("lock")
    );
    assert!(
        !scheduler::tick(&app.services, &cleanup, at)
            .await
            .expect("skipped")
    );
    other.rollback().await.expect("release");
    // Eight workers tick the same minute at once: one job.
    let ticks = (0..8).map(|_| scheduler::tick(&app.services, &cleanup, at));
    let added = futures_util::future::join_all(ticks).await;
    assert_eq!(
        added.iter().filter(|a| matches!(a, Ok(true))).count(),
        1,
        "{added:?}"
    );
    let jobs: i64 =
        sqlx::query_scalar("select count(*) from jobs where kind = 'maintenance.cleanup'")
            .fetch_one(app.db())
            .await
            .expect("count");
    assert_eq!(jobs, 1);
    // The tick only enqueued; a worker runs it.
    let report = scheduler::run_once(&app.services, "w1")
        .await
        .expect("round");
    assert_eq!(report.done, 1);
}

#[tokio::test]
async fn the_demo_seed_gives_a_working_login_each_time() {
    let app = TestApp::spawn().await;
    let first = services::demo::seed(&app.services).await.expect("seeded");
    let second = services::demo::seed(&app.services)
        .await
        .expect("seeded again");
    assert_eq!(first.business_id, second.business_id);
    app.login(&first.email, &first.password)
        .await
        .expect_problem(401, "invalid_credentials");
    let login = app.login(&second.email, &second.password).await;
    let token = login.expect(200)["access_token"].as_str();
    let listed = app.get("/api/v1/businesses", token).await;
    assert_eq!(
        listed.expect(200)["items"].as_array().map(Vec::len),
        Some(1)
    );
    // The demo business comes with a plan to look at, seeded once.
    let base = format!("/api/v1/businesses/{}", second.business_id);
    let offers = app.get(&format!("{base}/offers"), token).await;
    let offers = offers.expect(200)["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0]["totals"]["guidance"], "weak");
    let avatars = app.get(&format!("{base}/dream-buyers"), token).await;
    assert_eq!(
        avatars.expect(200)["items"].as_array().map(Vec::len),
        Some(1)
    );
    let canvas = app.get(&format!("{base}/canvas"), token).await;
    assert_eq!(canvas.expect(200)["squares"][0]["score"], 100);
    // And a living dashboard: a year of sales over several channels, with churn and CLV.
    let dashboard = app
        .get(&format!("{base}/dashboard?period=last_12_months"), token)
        .await;
    let d = dashboard.expect(200);
    assert_eq!(d["has_data"], true);
    assert!(
        d["kpis"]["revenue"].as_i64().unwrap_or(0) > 100_000_000_00,
        "{}",
        d["kpis"]
    );
    assert!(d["channels"].as_array().map_or(0, Vec::len) >= 5);
    assert!(d["kpis"]["clv"].as_i64().is_some(), "{}", d["kpis"]);
    assert!(
        d["kpis"]["churn_rate"]
            .as_f64()
            .is_some_and(|c| c > 0.0 && c < 1.0),
        "{}",
        d["kpis"]
    );
    assert!(d["goals"][0]["progress"]["ratio"].as_f64().is_some());
    let orders = app.get(&format!("{base}/orders?limit=100"), token).await;
    assert_eq!(
        orders.expect(200)["items"].as_array().map(Vec::len),
        Some(100)
    );
    // Its channels sync against the fake providers, as they do under `just run`.
    let report = scheduler::run_once(&app.services, "demo-worker")
        .await
        .expect("round");
    assert_eq!((report.done, report.dead), (5, 0), "{report:?}");
    let channels = app.get(&format!("{base}/channels"), token).await;
    let items = channels.expect(200)["items"]
        .as_array()
        .expect("channels")
        .clone();
    assert_eq!(items.len(), 6);
    for channel in &items {
        let manual = channel["status"] == "manual";
        assert_eq!(channel["last_sync_status"].is_null(), manual, "{channel}");
        if !manual {
            assert_eq!(channel["last_sync_status"], "ok", "{channel}");
            assert!(
                !channel["card"]["trend"]
                    .as_array()
                    .expect("trend")
                    .is_empty()
            );
        }
    }
}
