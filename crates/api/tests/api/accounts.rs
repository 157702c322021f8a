use chrono::Duration;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{PASSWORD, TestApp};

#[tokio::test]
async fn registration_emails_a_verification_link_and_login_waits_for_it() {
    let app = TestApp::spawn().await;
    let registered = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "Dilnoza@Example.UZ", "password": PASSWORD, "name": " Dilnoza ", "locale": "ru"}),
        )
        .await;
    let user = registered.expect(201);
    assert_eq!(user["email"], "dilnoza@example.uz");
    assert_eq!(user["name"], "Dilnoza");
    assert_eq!(user["locale"], "ru");
    assert_eq!(user["email_verified_at"], serde_json::Value::Null);
    assert!(user.get("password_hash").is_none());

    app.login("dilnoza@example.uz", PASSWORD)
        .await
        .expect_problem(403, "email_not_verified");

    let email = app.email_to("dilnoza@example.uz").await;
    assert!(
        email.subject.contains("Подтвердите"),
        "the e-mail is in the user's language: {}",
        email.subject
    );
    let token = TestApp::token_in(&email, "/verify-email");
    assert!(
        email
            .body
            .contains("http://app.biznespilot.test/verify-email?token=")
    );
    app.post("/api/v1/auth/verify-email", None, json!({"token": token}))
        .await
        .expect(204);
    app.post("/api/v1/auth/verify-email", None, json!({"token": token}))
        .await
        .expect_problem(400, "invalid_token");

    let login = app.login("DILNOZA@example.uz", PASSWORD).await;
    let tokens = login.expect(200);
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let cookie = login.header("set-cookie").expect("refresh cookie");
    assert!(cookie.starts_with("bp_refresh="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    let me = app.get("/api/v1/me", tokens["access_token"].as_str()).await;
    assert_eq!(me.expect(200)["email"], "dilnoza@example.uz");
    assert!(me.body["email_verified_at"].is_string());
}

#[tokio::test]
async fn one_mailbox_is_one_account() {
    let app = TestApp::spawn().await;
    app.register("aziz@example.uz", "Aziz").await.expect(201);
    let again = app.register("AZIZ@example.uz", "Aziz").await;
    again.expect_problem(409, "email_taken");
    assert_eq!(again.fields(), vec!["email"]);
}

#[tokio::test]
async fn common_and_personal_passwords_are_refused() {
    let app = TestApp::spawn().await;
    for password in ["password1234", "qwertyuiop12", "aziz@example.uz"] {
        let response = app
            .post(
                "/api/v1/auth/register",
                None,
                json!({"email": "aziz@example.uz", "password": password, "name": "Aziz"}),
            )
            .await;
        response.expect_problem(422, "validation_failed");
        assert_eq!(
            response.body["errors"][0]["code"], "weak_password",
            "{password}"
        );
    }
    let long = "x".repeat(129);
    let response = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "aziz@example.uz", "password": long, "name": "Aziz"}),
        )
        .await;
    response.expect_problem(422, "validation_failed");
    assert_eq!(response.fields(), vec!["password"]);
}

#[tokio::test]
async fn resending_the_verification_link_voids_the_old_one_and_says_nothing_about_strangers() {
    let app = TestApp::spawn().await;
    app.register("aziz@example.uz", "Aziz").await.expect(201);
    let first = TestApp::token_in(&app.email_to("aziz@example.uz").await, "/verify-email");
    app.post(
        "/api/v1/auth/resend-verification",
        None,
        json!({"email": "aziz@example.uz"}),
    )
    .await
    .expect(202);
    let stranger = app
        .post(
            "/api/v1/auth/resend-verification",
            None,
            json!({"email": "nobody@example.uz"}),
        )
        .await;
    assert_eq!(
        stranger.expect(202)["message"],
        app.post(
            "/api/v1/auth/resend-verification",
            None,
            json!({"email": "aziz@example.uz"})
        )
        .await
        .body["message"]
    );
    let latest = TestApp::token_in(&app.email_to("aziz@example.uz").await, "/verify-email");
    assert_ne!(first, latest);
    app.post("/api/v1/auth/verify-email", None, json!({"token": first}))
        .await
        .expect_problem(400, "invalid_token");
    app.post("/api/v1/auth/verify-email", None, json!({"token": latest}))
        .await
        .expect(204);
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    for _ in 0..4 {
        app.login(&user.email, "Wrong-password-123")
            .await
            .expect_problem(401, "invalid_credentials");
    }
    let fifth = app.login(&user.email, "Wrong-password-123").await;
    fifth.expect_problem(423, "account_locked");
    let until: chrono::DateTime<chrono::Utc> = fifth.body["locked_until"]
        .as_str()
        .expect("locked_until")
        .parse()
        .expect("time");
    assert_eq!(until, app.now() + Duration::minutes(15));

    // The right password does not open a locked account.
    app.login(&user.email, PASSWORD)
        .await
        .expect_problem(423, "account_locked");
    let email = app.email_to(&user.email).await;
    assert!(email.subject.contains("bloklandi"), "{}", email.subject);

    app.clock.advance(Duration::minutes(15));
    app.login(&user.email, PASSWORD).await.expect(200);

    let attempts: Vec<(String, Option<String>)> = sqlx::query_as(
        "select outcome, host(ip) from login_attempts where email = $1 order by created_at, id",
    )
    .bind(&user.email)
    .fetch_all(app.db())
    .await
    .expect("attempts");
    let outcomes: Vec<&str> = attempts.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(
        outcomes,
        [
            "success",
            "wrong_password",
            "wrong_password",
            "wrong_password",
            "wrong_password",
            "wrong_password",
            "locked",
            "success"
        ]
    );
    assert!(
        attempts
            .iter()
            .all(|(_, ip)| ip.as_deref() == Some("127.0.0.1"))
    );
    let actions = sqlx::query_scalar::<_, String>(
        "select action from activity_log where user_id = $1 order by id",
    )
    .bind(user.id)
    .fetch_all(app.db())
    .await
    .expect("activity");
    assert_eq!(actions.iter().filter(|a| *a == "failed_login").count(), 5);
    assert!(actions.contains(&"locked".to_owned()));
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_look_the_same() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let unknown = app.login("nobody@example.uz", PASSWORD).await;
    let wrong = app.login(&user.email, "Wrong-password-123").await;
    unknown.expect_problem(401, "invalid_credentials");
    wrong.expect_problem(401, "invalid_credentials");
    assert_eq!(unknown.body["detail"], wrong.body["detail"]);
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_ends_the_whole_session() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;

    let first = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": user.refresh}),
        )
        .await;
    let rotated = first.expect(200).clone();
    assert_ne!(rotated["refresh_token"], user.refresh.as_str());
    app.get("/api/v1/me", rotated["access_token"].as_str())
        .await
        .expect(200);

    // The old token again: someone copied it. The session ends for both holders.
    app.post(
        "/api/v1/auth/refresh",
        None,
        json!({"refresh_token": user.refresh}),
    )
    .await
    .expect_problem(401, "invalid_token");
    app.post(
        "/api/v1/auth/refresh",
        None,
        json!({"refresh_token": rotated["refresh_token"]}),
    )
    .await
    .expect_problem(401, "invalid_token");
    app.get("/api/v1/me", rotated["access_token"].as_str())
        .await
        .expect_problem(401, "invalid_token");
    app.get("/api/v1/me", Some(&user.access))
        .await
        .expect_problem(401, "invalid_token");
    let reused: i64 = sqlx::query_scalar(
        "select count(*) from activity_log where user_id = $1 and action = 'refresh_token_reused'",
    )
    .bind(user.id)
    .fetch_one(app.db())
    .await
    .expect("count");
    assert_eq!(reused, 1);
}

#[tokio::test]
async fn the_refresh_cookie_works_without_a_body_and_logout_clears_it() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let cookie = format!("bp_refresh={}", user.refresh);
    let refreshed = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/refresh",
            None,
            None,
            &[("cookie", &cookie)],
        )
        .await;
    let tokens = refreshed.expect(200).clone();
    let next_cookie = format!(
        "bp_refresh={}",
        tokens["refresh_token"].as_str().expect("token")
    );
    let logout = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/logout",
            None,
            None,
            &[("cookie", &next_cookie)],
        )
        .await;
    logout.expect(204);
    assert!(
        logout
            .header("set-cookie")
            .is_some_and(|c| c.starts_with("bp_refresh=;")),
        "{:?}",
        logout.header("set-cookie")
    );
    app.get("/api/v1/me", tokens["access_token"].as_str())
        .await
        .expect_problem(401, "invalid_token");
    app.post("/api/v1/auth/refresh", None, json!({}))
        .await
        .expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn an_access_token_expires_after_fifteen_minutes() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    app.clock.advance(Duration::minutes(14));
    app.get("/api/v1/me", Some(&user.access)).await.expect(200);
    app.clock.advance(Duration::minutes(2));
    app.get("/api/v1/me", Some(&user.access))
        .await
        .expect_problem(401, "invalid_token");
    app.get("/api/v1/me", Some("not.a.jwt"))
        .await
        .expect_problem(401, "invalid_token");
    app.get("/api/v1/me", None)
        .await
        .expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn logout_with_the_access_token_ends_that_session_only() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let other = app.signed_in(user.id, &user.email, PASSWORD).await;
    app.post("/api/v1/auth/logout", Some(&user.access), json!({}))
        .await
        .expect(204);
    app.get("/api/v1/me", Some(&user.access))
        .await
        .expect_problem(401, "invalid_token");
    app.get("/api/v1/me", Some(&other.access)).await.expect(200);
}

#[tokio::test]
async fn a_password_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    app.post(
        "/api/v1/auth/password/forgot",
        None,
        json!({"email": "nobody@example.uz"}),
    )
    .await
    .expect(202);
    app.post(
        "/api/v1/auth/password/forgot",
        None,
        json!({"email": "Aziz@example.uz"}),
    )
    .await
    .expect(202);
    let token = TestApp::token_in(&app.email_to(&user.email).await, "/reset-password");

    app.post(
        "/api/v1/auth/password/reset",
        None,
        json!({"token": token, "password": "password1234"}),
    )
    .await
    .expect_problem(422, "validation_failed");
    // A refused password leaves the link usable.
    app.post(
        "/api/v1/auth/password/reset",
        None,
        json!({"token": token, "password": "Buxoro-palov-2027?"}),
    )
    .await
    .expect(204);
    app.post(
        "/api/v1/auth/password/reset",
        None,
        json!({"token": token, "password": "Buxoro-palov-2028?"}),
    )
    .await
    .expect_problem(400, "invalid_token");

    app.get("/api/v1/me", Some(&user.access))
        .await
        .expect_problem(401, "invalid_token");
    app.login(&user.email, PASSWORD)
        .await
        .expect_problem(401, "invalid_credentials");
    app.login(&user.email, "Buxoro-palov-2027?")
        .await
        .expect(200);
    let notice = app.email_to(&user.email).await;
    assert!(notice.subject.contains("Parolingiz"), "{}", notice.subject);
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    app.post(
        "/api/v1/auth/password/forgot",
        None,
        json!({"email": user.email}),
    )
    .await
    .expect(202);
    let token = TestApp::token_in(&app.email_to(&user.email).await, "/reset-password");
    app.clock.advance(Duration::minutes(61));
    app.post(
        "/api/v1/auth/password/reset",
        None,
        json!({"token": token, "password": "Buxoro-palov-2027?"}),
    )
    .await
    .expect_problem(400, "invalid_token");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_signs_out_other_devices() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let phone = app.signed_in(user.id, &user.email, PASSWORD).await;
    let wrong = app
        .post(
            "/api/v1/me/password",
            Some(&user.access),
            json!({"current_password": "nope", "new_password": "Buxoro-palov-2027?"}),
        )
        .await;
    wrong.expect_problem(422, "validation_failed");
    assert_eq!(wrong.fields(), vec!["current_password"]);
    app.post(
        "/api/v1/me/password",
        Some(&user.access),
        json!({"current_password": PASSWORD, "new_password": "Buxoro-palov-2027?"}),
    )
    .await
    .expect(204);
    app.get("/api/v1/me", Some(&user.access)).await.expect(200);
    app.get("/api/v1/me", Some(&phone.access))
        .await
        .expect_problem(401, "invalid_token");
    app.login(&user.email, "Buxoro-palov-2027?")
        .await
        .expect(200);
}

#[tokio::test]
async fn the_profile_changes_only_in_the_fields_sent() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let token = Some(user.access.as_str());
    let updated = app
        .patch(
            "/api/v1/me",
            token,
            json!({"phone": "+998 90 123-45-67", "timezone": "Asia/Samarkand", "locale": "en"}),
        )
        .await;
    let body = updated.expect(200);
    assert_eq!(body["phone"], "+998 90 123-45-67");
    assert_eq!(body["timezone"], "Asia/Samarkand");
    assert_eq!(body["locale"], "en");
    assert_eq!(body["name"], "aziz");

    let cleared = app.patch("/api/v1/me", token, json!({"phone": null})).await;
    assert_eq!(cleared.expect(200)["phone"], serde_json::Value::Null);
    assert_eq!(cleared.body["timezone"], "Asia/Samarkand");

    let invalid = app
        .patch(
            "/api/v1/me",
            token,
            json!({"timezone": "Mars/Olympus", "phone": "12345", "name": " "}),
        )
        .await;
    invalid.expect_problem(422, "validation_failed");
    assert_eq!(invalid.fields(), vec!["name", "phone", "timezone"]);
    app.patch("/api/v1/me", token, json!({"platform_role": "super_admin"}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        app.get("/api/v1/me", token).await.body["platform_role"],
        "user"
    );
}

#[tokio::test]
async fn sessions_can_be_listed_and_ended_one_by_one() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let laptop = app.signed_in(user.id, &user.email, PASSWORD).await;
    let sessions = app.get("/api/v1/me/sessions", Some(&user.access)).await;
    let items = sessions.expect(200)["items"]
        .as_array()
        .expect("items")
        .clone();
    assert_eq!(items.len(), 2);
    assert_eq!(items.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(items.iter().all(|s| s["ip"] == "127.0.0.1"));
    let laptop_session = items
        .iter()
        .find(|s| s["current"] == false)
        .expect("other session")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.delete(
        &format!("/api/v1/me/sessions/{laptop_session}"),
        Some(&user.access),
    )
    .await
    .expect(204);
    app.get("/api/v1/me", Some(&laptop.access))
        .await
        .expect_problem(401, "invalid_token");
    app.delete(
        &format!("/api/v1/me/sessions/{laptop_session}"),
        Some(&user.access),
    )
    .await
    .expect_problem(404, "not_found");
    app.delete(
        &format!("/api/v1/me/sessions/{}", Uuid::now_v7()),
        Some(&user.access),
    )
    .await
    .expect_problem(404, "not_found");

    let page = app
        .get("/api/v1/me/sessions?limit=1", Some(&user.access))
        .await;
    assert_eq!(page.expect(200)["items"].as_array().map(Vec::len), Some(1));
    assert!(
        page.body.get("next_cursor").is_none(),
        "one live session left: {}",
        page.text
    );

    let activity = app.get("/api/v1/me/activity", Some(&user.access)).await;
    let actions: Vec<&str> = activity.expect(200)["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions.starts_with(&["session_revoked", "login", "login"]),
        "{actions:?}"
    );
}

#[tokio::test]
async fn the_first_super_admin_is_created_once() {
    let app = TestApp::spawn().await;
    let admin =
        services::accounts::create_super_admin(&app.services, "Boss@Example.uz", "Boss", PASSWORD)
            .await
            .expect("created");
    assert_eq!(admin.email, "boss@example.uz");
    let login = app.login("boss@example.uz", PASSWORD).await;
    let me = app
        .get("/api/v1/me", login.expect(200)["access_token"].as_str())
        .await;
    assert_eq!(me.expect(200)["platform_role"], "super_admin");
    let again = services::accounts::create_super_admin(
        &app.services,
        "other@example.uz",
        "Other",
        PASSWORD,
    )
    .await;
    assert!(matches!(
        again,
        Err(services::ServiceError::Conflict { .. })
    ));
}

#[tokio::test]
async fn a_session_revoked_elsewhere_stops_working_within_the_cache_lifetime() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    app.get("/api/v1/me", Some(&user.access)).await.expect(200);
    // Another instance revokes the session: this one learns of it when its entry expires.
    sqlx::query("update sessions set revoked_at = now() where user_id = $1")
        .bind(user.id)
        .execute(app.db())
        .await
        .expect("revoked");
    app.get("/api/v1/me", Some(&user.access)).await.expect(200);
    app.clock
        .advance(app.services.settings.session_cache_ttl + Duration::milliseconds(1));
    app.get("/api/v1/me", Some(&user.access))
        .await
        .expect_problem(401, "invalid_token");
}
