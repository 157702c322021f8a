//! `just bench` part: one hourly sync round of 10 000 connected channels, run by a real
//! `biznespilot worker` process against the fake providers answering in 50 ms under a request
//! limit per provider. Prints how long the round took, the most requests in flight, requests
//! over a provider's limit, the worker's peak memory, and whether running the round a second
//! time (as after a crash) wrote duplicate rows. Asserts nothing.
//!
//! Needs `DATABASE_URL` (a Postgres it may create a database in) and the release binary at
//! `target/release/biznespilot`.

// A benchmark reports by printing.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use integrations::fake::providers::{FakeProviders, Provider};
use services::channels::providers::ProviderSettings;
use services::security::Keys;
use services::{Services, Settings};
use sqlx::PgPool;
use uuid::Uuid;

const SECRET: &str = "benchmark secret key, at least 32 bytes long";
const CHANNELS: usize = 10_000;
const KINDS: [&str; 5] = ["telegram", "instagram", "facebook", "google_ads", "website"];
/// The fakes' limits (requests per rolling second) and the worker's pace under them.
const LIMITS: [(Provider, u32); 3] = [
    (Provider::Telegram, 30),
    (Provider::Meta, 100),
    (Provider::Google, 100),
];
const PACE: &str = "telegram=28,meta=95,google=95";

fn rss_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|line| line.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

async fn scalar(db: &PgPool, sql: &'static str) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(sql).fetch_one(db).await?)
}

/// Waits until no sync job is queued or running; returns the time and the worker's peak RSS.
async fn drain(db: &PgPool, worker: u32) -> anyhow::Result<(Duration, u64)> {
    let started = Instant::now();
    let mut peak = 0;
    loop {
        peak = peak.max(rss_kib(worker, "VmRSS:").unwrap_or(0));
        let left = scalar(
            db,
            "select count(*) from jobs where kind = 'channels.sync' and status in ('queued', 'running')",
        )
        .await?;
        if left == 0 {
            return Ok((
                started.elapsed(),
                peak.max(rss_kib(worker, "VmHWM:").unwrap_or(0)),
            ));
        }
        if started.elapsed() > Duration::from_secs(1_800) {
            anyhow::bail!("the round did not finish in 30 minutes ({left} jobs left)");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let admin = std::env::var("DATABASE_URL").context("DATABASE_URL")?;
    let (base, _) = admin
        .rsplit_once('/')
        .context("DATABASE_URL ends with /<db>")?;
    let name = "bp_bench_channels";
    let server = PgPool::connect(&admin).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "drop database if exists {name} with (force)"
    )))
    .execute(&server)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
        .execute(&server)
        .await?;
    let url = format!("{base}/{name}");
    let db = PgPool::connect(&url).await?;
    services::store::migrate(&db).await?;

    let fake = FakeProviders::start().await?;
    for (provider, limit) in LIMITS {
        fake.set(provider, |s| {
            s.latency = Duration::from_millis(50);
            s.limit_per_second = limit;
        });
    }
    let services = Services::new(
        db.clone(),
        None,
        None,
        Settings::default(),
        Keys::new(SECRET.as_bytes(), None, &[]),
    )
    .with_providers(ProviderSettings::fake(&fake.url()));

    // A business, and 10 000 channels spread over the five synced kinds.
    let demo = services::demo::seed(&services).await?;
    sqlx::query("delete from jobs").execute(&db).await?;
    sqlx::query("delete from channels").execute(&db).await?;
    let meta = serde_json::json!({"access_token": "meta-long-bench"});
    let google = serde_json::json!({"access_token": "google-access-bench", "refresh_token": "google-refresh-bench"});
    let (meta, google) = (
        services.keys.encrypt(meta.to_string().as_bytes())?,
        services.keys.encrypt(google.to_string().as_bytes())?,
    );
    let now = Utc::now();
    let (mut ids, mut kinds, mut accounts, mut sealed, mut expiries) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for n in 0..CHANNELS {
        let kind = KINDS[n % KINDS.len()];
        ids.push(Uuid::now_v7());
        kinds.push(kind);
        accounts.push(match kind {
            "telegram" => format!("@bench_{n}"),
            "google_ads" => format!("{}", 1_000_000_000 + n),
            "website" => format!("properties/{n}"),
            _ => format!("1784{n:010}"),
        });
        let (credentials, expires) = match kind {
            "instagram" | "facebook" => {
                (Some(meta.clone()), Some(now + chrono::Duration::days(60)))
            }
            // Google's access tokens live an hour: every hourly sync refreshes first.
            "google_ads" | "website" => (Some(google.clone()), Some(now)),
            _ => (None, None),
        };
        sealed.push(credentials);
        expiries.push(expires);
    }
    sqlx::query(
        "insert into channels (id, business_id, kind, name, external_id, status, credentials, token_expires_at)
         select id, $1, kind, external_id, external_id, 'connected', credentials, expires
         from unnest($2::uuid[], $3::text[], $4::text[], $5::bytea[], $6::timestamptz[])
              as t (id, kind, external_id, credentials, expires)",
    )
    .bind(demo.business_id)
    .bind(&ids)
    .bind(&kinds)
    .bind(&accounts)
    .bind(&sealed)
    .bind(&expiries)
    .execute(&db)
    .await?;

    let bin =
        std::env::var("BIZNESPILOT_BIN").unwrap_or_else(|_| "target/release/biznespilot".into());
    let data_dir = std::env::temp_dir().join("bp-bench-channels");
    let mut worker = std::process::Command::new(&bin)
        .arg("worker")
        .env("DATABASE_URL", &url)
        .env_remove("REDIS_URL")
        .env("BIZNESPILOT_SECRET_KEY", SECRET)
        .env("BIZNESPILOT_FAKE_PROVIDERS", fake.url())
        .env("BIZNESPILOT_PROVIDER_RATES", PACE)
        .env("BIZNESPILOT_DATA_DIR", &data_dir)
        .env("RUST_LOG", "warn")
        .spawn()
        .with_context(|| format!("starting {bin} worker"))?;
    let pid = worker.id();
    tokio::time::sleep(Duration::from_millis(500)).await;

    println!(
        "== one hourly sync round: {CHANNELS} channels (telegram, instagram, facebook, google_ads, website), fakes answering in 50 ms, limits telegram 30/s, meta 100/s, google 100/s; one `biznespilot worker`"
    );
    fake.reset_counters();
    let enqueued = services::channels::sync::enqueue_round(&services).await?;
    let (took, peak) = drain(&db, pid).await?;
    let metrics_rows = scalar(&db, "select count(*) from channel_metrics").await?;
    let spend_rows = scalar(
        &db,
        "select count(*) from marketing_spend where source <> 'manual'",
    )
    .await?;
    let post_rows = scalar(&db, "select count(*) from channel_posts").await?;
    let dead = scalar(&db, "select count(*) from jobs where status = 'dead'").await?;
    let ok_runs = scalar(&db, "select count(*) from sync_runs where status = 'ok'").await?;
    println!(
        "  jobs enqueued {enqueued}; finished in {:.1} s (budget 300 s); ok runs {ok_runs}, dead {dead}",
        took.as_secs_f64()
    );
    let mut requests = 0;
    for (provider, _) in LIMITS {
        let c = fake.counters(provider);
        requests += c.requests;
        println!(
            "  {provider:?}: {} requests, {} over the limit, {} throttled answers",
            c.requests, c.limit_violations, c.throttled
        );
    }
    println!(
        "  {requests} requests, {:.0} per second; most in flight at once {} (budget 64); worker peak RSS {} MiB (budget 300)",
        requests as f64 / took.as_secs_f64(),
        fake.max_in_flight(),
        peak / 1024
    );
    println!(
        "  rows: {metrics_rows} channel days, {post_rows} posts, {spend_rows} synced spend days"
    );

    println!("== the same round run again (its outcomes lost, as after a crash)");
    fake.reset_counters();
    sqlx::query("update jobs set status = 'queued', attempts = 0, run_after = now(), finished_at = null where kind = 'channels.sync'")
        .execute(&db)
        .await?;
    let (again, _) = drain(&db, pid).await?;
    let metrics_again = scalar(&db, "select count(*) from channel_metrics").await?;
    let spend_again = scalar(
        &db,
        "select count(*) from marketing_spend where source <> 'manual'",
    )
    .await?;
    let posts_again = scalar(&db, "select count(*) from channel_posts").await?;
    let duplicates = scalar(
        &db,
        "select count(*) from (select channel_id, day from channel_metrics group by 1, 2 having count(*) > 1) d",
    )
    .await?;
    println!(
        "  finished in {:.1} s; rows: {metrics_again} channel days (+{}), {posts_again} posts (+{}), {spend_again} synced spend days (+{}); duplicate channel days {duplicates}",
        again.as_secs_f64(),
        metrics_again - metrics_rows,
        posts_again - post_rows,
        spend_again - spend_rows
    );
    let _ = worker.kill();
    let _ = worker.wait();
    db.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "drop database if exists {name} with (force)"
    )))
    .execute(&server)
    .await?;
    Ok(())
}
