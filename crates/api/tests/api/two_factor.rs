use chrono::Duration;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, User};

fn secret_bytes(base32: &str) -> Vec<u8> {
    totp_rs::Secret::try_from_base32(base32)
        .expect("base32 secret")
        .as_ref()
        .to_vec()
}

async fn enable(app: &TestApp, user: &User) -> (Vec<u8>, Vec<String>) {
    let setup = app
        .post("/api/v1/me/2fa/setup", Some(&user.access), json!({}))
        .await;
    let body = setup.expect(200).clone();
    let uri = body["otpauth_uri"].as_str().expect("uri");
    assert!(
        uri.starts_with("otpauth://totp/BiznesPilot:aziz%40example.uz?"),
        "{uri}"
    );
    assert!(uri.contains("issuer=BiznesPilot"), "{uri}");
    let secret = secret_bytes(body["secret"].as_str().expect("secret"));
    let code = services::security::totp_code_at(&secret, app.now()).expect("code");
    let enabled = app
        .post(
            "/api/v1/me/2fa/enable",
            Some(&user.access),
            json!({"code": code}),
        )
        .await;
    let codes: Vec<String> =
        serde_json::from_value(enabled.expect(200)["recovery_codes"].clone()).expect("codes");
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

async fn challenge(app: &TestApp, user: &User) -> String {
    let login = app.login(&user.email, PASSWORD).await;
    let body = login.expect(200);
    assert_eq!(body["two_factor_required"], true, "{}", login.text);
    assert!(body.get("access_token").is_none());
    body["challenge_token"]
        .as_str()
        .expect("challenge")
        .to_owned()
}

#[tokio::test]
async fn with_two_factor_on_a_login_needs_a_totp_code_accepted_once_per_step() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let (secret, _) = enable(&app, &user).await;
    assert_eq!(
        app.get("/api/v1/me", Some(&user.access)).await.body["two_factor_enabled"],
        true
    );

    // The code that enabled 2FA is used up; the next time step brings a new one.
    app.clock.advance(Duration::seconds(30));
    let token = challenge(&app, &user).await;
    let code = services::security::totp_code_at(&secret, app.now()).expect("code");
    let signed_in = app
        .post(
            "/api/v1/auth/login/2fa",
            None,
            json!({"challenge_token": token, "code": code}),
        )
        .await;
    assert!(signed_in.expect(200)["access_token"].is_string());
    assert!(signed_in.header("set-cookie").is_some());

    let again = challenge(&app, &user).await;
    app.post(
        "/api/v1/auth/login/2fa",
        None,
        json!({"challenge_token": again, "code": code}),
    )
    .await
    .expect_problem(401, "invalid_two_factor_code");

    let history = app
        .get(
            "/api/v1/me/activity",
            signed_in.body["access_token"].as_str(),
        )
        .await;
    let actions: Vec<String> = history.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(actions.contains(&"2fa_enabled".to_owned()), "{actions:?}");
    let enabled_mail = app.email_to(&user.email).await;
    assert!(
        enabled_mail.subject.contains("Ikki bosqichli"),
        "{}",
        enabled_mail.subject
    );
}

#[tokio::test]
async fn a_recovery_code_works_once_in_any_spelling() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let (_, codes) = enable(&app, &user).await;
    let token = challenge(&app, &user).await;
    let shouted = codes[3].to_uppercase().replace('-', " ");
    app.post(
        "/api/v1/auth/login/2fa",
        None,
        json!({"challenge_token": token, "code": shouted}),
    )
    .await
    .expect(200);
    let token = challenge(&app, &user).await;
    app.post(
        "/api/v1/auth/login/2fa",
        None,
        json!({"challenge_token": token, "code": codes[3]}),
    )
    .await
    .expect_problem(401, "invalid_two_factor_code");
    let used: i64 = sqlx::query_scalar(
        "select count(*) from recovery_codes where user_id = $1 and used_at is not null",
    )
    .bind(user.id)
    .fetch_one(app.db())
    .await
    .expect("count");
    assert_eq!(used, 1);
}

#[tokio::test]
async fn wrong_second_factors_count_toward_the_lockout_and_challenges_expire() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    enable(&app, &user).await;
    let token = challenge(&app, &user).await;
    for _ in 0..4 {
        app.post(
            "/api/v1/auth/login/2fa",
            None,
            json!({"challenge_token": token, "code": "000000"}),
        )
        .await
        .expect_problem(401, "invalid_two_factor_code");
    }
    app.post(
        "/api/v1/auth/login/2fa",
        None,
        json!({"challenge_token": token, "code": "000000"}),
    )
    .await
    .expect_problem(423, "account_locked");

    app.clock.advance(Duration::minutes(16));
    let token = challenge(&app, &user).await;
    app.clock.advance(Duration::minutes(6));
    app.post(
        "/api/v1/auth/login/2fa",
        None,
        json!({"challenge_token": token, "code": "123456"}),
    )
    .await
    .expect_problem(401, "invalid_token");
}

#[tokio::test]
async fn turning_two_factor_off_needs_the_password_and_a_code() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let (secret, codes) = enable(&app, &user).await;
    app.post("/api/v1/me/2fa/setup", Some(&user.access), json!({}))
        .await
        .expect_problem(409, "two_factor_already_enabled");
    app.clock.advance(Duration::seconds(30));
    let code = services::security::totp_code_at(&secret, app.now()).expect("code");

    let wrong_password = app
        .post(
            "/api/v1/me/2fa/disable",
            Some(&user.access),
            json!({"password": "nope-nope-nope", "code": code}),
        )
        .await;
    wrong_password.expect_problem(422, "validation_failed");
    assert_eq!(wrong_password.fields(), vec!["password"]);
    let wrong_code = app
        .post(
            "/api/v1/me/2fa/disable",
            Some(&user.access),
            json!({"password": PASSWORD, "code": "999999"}),
        )
        .await;
    assert_eq!(wrong_code.fields(), vec!["code"]);

    app.post(
        "/api/v1/me/2fa/disable",
        Some(&user.access),
        json!({"password": PASSWORD, "code": codes[0]}),
    )
    .await
    .expect(204);
    app.post(
        "/api/v1/me/2fa/disable",
        Some(&user.access),
        json!({"password": PASSWORD, "code": code}),
    )
    .await
    .expect_problem(409, "two_factor_not_enabled");
    let login = app.login(&user.email, PASSWORD).await;
    assert!(login.expect(200)["access_token"].is_string());
    let remaining: i64 =
        sqlx::query_scalar("select count(*) from recovery_codes where user_id = $1")
            .bind(user.id)
            .fetch_one(app.db())
            .await
            .expect("count");
    assert_eq!(remaining, 0);
}

#[tokio::test]
async fn enabling_needs_a_setup_and_the_current_code() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    app.post(
        "/api/v1/me/2fa/enable",
        Some(&user.access),
        json!({"code": "123456"}),
    )
    .await
    .expect_problem(409, "two_factor_setup_missing");
    let setup = app
        .post("/api/v1/me/2fa/setup", Some(&user.access), json!({}))
        .await;
    let secret = secret_bytes(setup.expect(200)["secret"].as_str().expect("secret"));
    let stale =
        services::security::totp_code_at(&secret, app.now() - Duration::minutes(5)).expect("code");
    let refused = app
        .post(
            "/api/v1/me/2fa/enable",
            Some(&user.access),
            json!({"code": stale}),
        )
        .await;
    assert_eq!(refused.fields(), vec!["code"]);
    let stored: Option<Vec<u8>> =
        sqlx::query_scalar("select totp_pending_enc from users where id = $1")
            .bind(user.id)
            .fetch_one(app.db())
            .await
            .expect("row");
    let stored = stored.expect("pending secret stored");
    assert!(
        !stored.windows(secret.len()).any(|w| w == secret.as_slice()),
        "the secret is encrypted at rest"
    );
}
