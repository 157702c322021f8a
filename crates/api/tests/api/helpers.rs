//! The test harness: each test gets its own database (cloned from a migrated template), its own
//! SMTP sink, a clock it can move, and the real app on a free port, spoken to over HTTP.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use api::app::ApiOptions;
use chrono::Utc;
use integrations::email::SmtpMailer;
use integrations::fake::providers::FakeProviders;
use integrations::fake::smtp::{FakeSmtp, ReceivedEmail};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use services::channels::providers::ProviderSettings;
use services::clock::ManualClock;
use services::security::Keys;
use services::{Services, Settings};
use sqlx::{Connection, PgConnection, PgPool};
use tokio::sync::OnceCell;
use uuid::Uuid;

pub const PASSWORD: &str = "Samarqand-non-2026!";

fn admin_url() -> String {
    std::env::var("DATABASE_URL").expect(
        "DATABASE_URL must point at a Postgres the tests may create databases in; `just test` starts one",
    )
}

fn with_database(url: &str, database: &str) -> String {
    let (base, _) = url
        .rsplit_once('/')
        .expect("DATABASE_URL ends with /<database>");
    format!("{base}/{database}")
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// A database with every migration applied, shared read-only by all tests as the template of
/// their own databases; rebuilt when the migrations change.
async fn template() -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("migrations dir")
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            let mut hasher = DefaultHasher::new();
            for file in &files {
                std::fs::read(file).expect("migration").hash(&mut hasher);
            }
            let name = format!("bp_template_{:016x}", hasher.finish());
            let mut admin = PgConnection::connect(&admin_url())
                .await
                .expect("connect to DATABASE_URL");
            // Test binaries run in parallel processes: one builds the template, the others wait.
            sqlx::query("select pg_advisory_lock(hashtext('biznespilot test template'))")
                .execute(&mut admin)
                .await
                .expect("lock");
            let exists: bool =
                sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
                    .bind(&name)
                    .fetch_one(&mut admin)
                    .await
                    .expect("query");
            if !exists {
                let building = format!("{name}_building");
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "drop database if exists {building}"
                )))
                .execute(&mut admin)
                .await
                .expect("drop");
                sqlx::query(sqlx::AssertSqlSafe(format!("create database {building}")))
                    .execute(&mut admin)
                    .await
                    .expect("create template");
                let pool = PgPool::connect(&with_database(&admin_url(), &building))
                    .await
                    .expect("connect template");
                store_migrate(&pool).await;
                pool.close().await;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "alter database {building} rename to {name}"
                )))
                .execute(&mut admin)
                .await
                .expect("rename template");
            }
            sqlx::query("select pg_advisory_unlock(hashtext('biznespilot test template'))")
                .execute(&mut admin)
                .await
                .expect("unlock");
            name
        })
        .await
}

async fn store_migrate(pool: &PgPool) {
    services::store::migrate(pool)
        .await
        .expect("migrations apply");
}

/// A fresh database for one test.
async fn fresh_database() -> (PgPool, String) {
    let template = template().await;
    let name = format!("bp_test_{}", Uuid::now_v7().simple());
    let mut admin = PgConnection::connect(&admin_url()).await.expect("connect");
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "create database {name} template {template}"
    )))
    .execute(&mut admin)
    .await
    .expect("create test database");
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(5)
        .connect(&with_database(&admin_url(), &name))
        .await
        .expect("connect test database");
    (pool, name)
}

/// Settings of a test app: generous rate limits unless a test asks otherwise.
pub fn test_settings() -> Settings {
    Settings {
        public_url: "http://app.biznespilot.test".into(),
        rate_limit_per_minute: 100_000,
        auth_rate_limit_per_minute: 100_000,
        ..Settings::default()
    }
}

pub struct TestApp {
    pub address: String,
    pub services: Services,
    pub clock: Arc<ManualClock>,
    pub smtp: FakeSmtp,
    /// Telegram, Meta and Google as the channel syncs see them.
    pub providers: FakeProviders,
    pub client: reqwest::Client,
}

pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Value {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        &self.body
    }

    /// Asserts a problem+json answer with this status and code.
    #[track_caller]
    pub fn expect_problem(&self, status: u16, code: &str) -> &Value {
        self.expect(status);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        assert_eq!(self.body["code"], code, "{}", self.text);
        assert_eq!(self.body["status"], status, "{}", self.text);
        &self.body
    }

    /// Field names of a validation problem.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["field"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A signed-in user of a test.
#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub access: String,
    pub refresh: String,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(test_settings(), false).await
    }

    pub async fn spawn_with(settings: Settings, redis: bool) -> TestApp {
        Self::spawn_full(settings, redis, None).await
    }

    /// An app that also serves a built SPA from `static_dir`.
    pub async fn spawn_serving(static_dir: std::path::PathBuf) -> TestApp {
        Self::spawn_full(test_settings(), false, Some(static_dir)).await
    }

    async fn spawn_full(
        settings: Settings,
        redis: bool,
        static_dir: Option<std::path::PathBuf>,
    ) -> TestApp {
        let (pool, database) = fresh_database().await;
        let smtp = FakeSmtp::start().await.expect("fake smtp");
        let mailer = SmtpMailer::new(&smtp.url(), &settings.email_from).expect("mailer");
        let redis = redis.then(|| {
            let url = std::env::var("REDIS_URL")
                .expect("REDIS_URL must be set for Redis tests; `just test` starts one");
            services::store::redis::connect(&url).expect("redis pool")
        });
        // Microseconds, as Postgres stores them, so times read back compare equal.
        let start = chrono::DateTime::from_timestamp_micros(Utc::now().timestamp_micros())
            .expect("valid time");
        let clock = Arc::new(ManualClock::new(start));
        let keys = Keys::new(b"integration tests secret key, 32+ bytes long", None, &[]);
        let mut settings = settings;
        // Each app has its own rate-limit keys in a shared Redis.
        settings.redis_prefix = format!("test:{database}:");
        let providers = FakeProviders::start().await.expect("fake providers");
        let services = Services::new(pool, redis, Some(mailer), settings, keys)
            .with_clock(clock.clone())
            .with_providers(ProviderSettings::fake(&providers.url()));
        let app = api::Application::build(
            services.clone(),
            "127.0.0.1:0",
            ApiOptions {
                trust_proxy: false,
                workers: Some(1),
                static_dir,
            },
        )
        .expect("app builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            services,
            clock,
            smtp,
            providers,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
        }
    }

    /// An app with a signed-up owner of one business.
    pub async fn with_business() -> (TestApp, User, Uuid) {
        let app = Self::spawn().await;
        let owner = app.signed_up("aziz@example.uz").await;
        let business = app.create_business(&owner, "Non").await;
        (app, owner, business)
    }

    pub fn db(&self) -> &PgPool {
        &self.services.db
    }

    /// The app's (test-controlled) time.
    pub fn now(&self) -> chrono::DateTime<Utc> {
        use services::clock::Clock;
        self.clock.now()
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        Self::answer(request).await
    }

    /// Sends a file as the raw body, as an upload form or `curl --data-binary` would.
    pub async fn upload(
        &self,
        path: &str,
        token: &str,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Response {
        let request = self
            .client
            .post(format!("{}{path}", self.address))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body.into());
        Self::answer(request).await
    }

    async fn answer(request: reqwest::RequestBuilder) -> Response {
        let response = request.send().await.expect("request reaches the app");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Response {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.send(Method::GET, path, token, None, &[]).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.send(Method::POST, path, token, Some(body), &[]).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.send(Method::PATCH, path, token, Some(body), &[]).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Response {
        self.send(Method::DELETE, path, token, None, &[]).await
    }

    /// Runs the e-mail worker until the outbox is empty (what `biznespilot worker` does).
    pub async fn deliver_emails(&self) {
        loop {
            let report = services::email::deliver_due(&self.services)
                .await
                .expect("delivery round");
            if report.is_idle() {
                break;
            }
        }
    }

    /// Delivers the outbox and returns the newest message to `to`.
    pub async fn email_to(&self, to: &str) -> ReceivedEmail {
        self.deliver_emails().await;
        self.smtp
            .wait_for(|m| m.to.iter().any(|t| t == to), Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("no e-mail to {to}"))
    }

    /// The token of the link to `path` in an e-mail.
    pub fn token_in(email: &ReceivedEmail, path: &str) -> String {
        let marker = format!("{path}?token=");
        let start = email
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no {path} link in: {}", email.body))
            + marker.len();
        email.body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }

    pub async fn register(&self, email: &str, name: &str) -> Response {
        self.post(
            "/api/v1/auth/register",
            None,
            json!({"email": email, "password": PASSWORD, "name": name}),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            None,
            json!({"email": email, "password": password}),
        )
        .await
    }

    /// Registers, verifies the e-mail from the link and signs in.
    pub async fn signed_up(&self, email: &str) -> User {
        let name = email.split('@').next().unwrap_or("user");
        let registered = self.register(email, name).await;
        let id = registered.expect(201)["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("user id");
        let token = Self::token_in(&self.email_to(email).await, "/verify-email");
        self.post("/api/v1/auth/verify-email", None, json!({"token": token}))
            .await
            .expect(204);
        self.signed_in(id, email, PASSWORD).await
    }

    pub async fn signed_in(&self, id: Uuid, email: &str, password: &str) -> User {
        let login = self.login(email, password).await;
        let body = login.expect(200);
        User {
            id,
            email: email.to_owned(),
            access: body["access_token"]
                .as_str()
                .expect("access token")
                .to_owned(),
            refresh: body["refresh_token"]
                .as_str()
                .expect("refresh token")
                .to_owned(),
        }
    }

    pub async fn create_business(&self, owner: &User, name: &str) -> Uuid {
        let created = self
            .post(
                "/api/v1/businesses",
                Some(&owner.access),
                json!({"name": name}),
            )
            .await;
        created.expect(201)["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("business id")
    }

    /// Invites `email` with `role` and has them sign up and accept.
    pub async fn add_member(&self, owner: &User, business: Uuid, email: &str, role: &str) -> User {
        self.post(
            &format!("/api/v1/businesses/{business}/invitations"),
            Some(&owner.access),
            json!({"email": email, "role": role}),
        )
        .await
        .expect(201);
        let token = Self::token_in(&self.email_to(email).await, "/invitations/accept");
        let member = self.signed_up(email).await;
        self.post(
            "/api/v1/invitations/accept",
            Some(&member.access),
            json!({"token": token}),
        )
        .await
        .expect(200);
        member
    }

    /// Creates an API key of `business` with `scopes` and returns the whole key.
    pub async fn api_key(&self, owner: &User, business: Uuid, scopes: &[&str]) -> (Uuid, String) {
        let created = self
            .post(
                &format!("/api/v1/businesses/{business}/api-keys"),
                Some(&owner.access),
                json!({"name": "Integration", "scopes": scopes}),
            )
            .await;
        let body = created.expect(201);
        (
            body["id"]
                .as_str()
                .and_then(|id| id.parse().ok())
                .expect("key id"),
            body["key"].as_str().expect("key").to_owned(),
        )
    }

    /// Actions recorded in a business's activity log, newest first.
    pub async fn activity_actions(&self, business: Uuid) -> Vec<String> {
        sqlx::query_scalar(
            "select action from activity_log where business_id = $1 order by id desc",
        )
        .bind(business)
        .fetch_all(self.db())
        .await
        .expect("activity")
    }
}
