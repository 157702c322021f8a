use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn an_api_key_works_within_its_scopes_on_its_business_only() {
    let (app, owner, business) = TestApp::with_business().await;
    let other = app.create_business(&owner, "Somsa").await;
    let (key_id, key) = app
        .api_key(&owner, business, &["business:read", "team:read"])
        .await;
    assert!(key.starts_with("bp_"), "{key}");

    let path = format!("/api/v1/businesses/{business}");
    let read = app.get(&path, Some(&key)).await;
    assert_eq!(read.expect(200)["role"], serde_json::Value::Null);
    app.get(&format!("{path}/members"), Some(&key))
        .await
        .expect(200);
    app.patch(&path, Some(&key), json!({"name": "Hacked"}))
        .await
        .expect_problem(403, "forbidden");
    app.get(&format!("{path}/activity"), Some(&key))
        .await
        .expect_problem(403, "forbidden");
    app.get(&format!("/api/v1/businesses/{other}"), Some(&key))
        .await
        .expect_problem(404, "not_found");
    app.get("/api/v1/me", Some(&key))
        .await
        .expect_problem(403, "forbidden");
    app.get("/api/v1/businesses", Some(&key))
        .await
        .expect_problem(403, "forbidden");

    let keys = app
        .get(&format!("{path}/api-keys"), Some(&owner.access))
        .await;
    let listed = &keys.expect(200)["items"][0];
    assert_eq!(listed["id"], key_id.to_string());
    assert!(
        listed["last_used_at"].is_string(),
        "last use is tracked: {listed}"
    );
    assert!(
        listed.get("key").is_none() && !keys.text.contains(&key[16..]),
        "the secret is never shown again"
    );

    let revoked = app
        .delete(&format!("{path}/api-keys/{key_id}"), Some(&owner.access))
        .await;
    assert!(revoked.expect(200)["revoked_at"].is_string());
    app.get(&path, Some(&key))
        .await
        .expect_problem(401, "invalid_token");
    let forged = format!("{}x", &key[..key.len() - 1]);
    app.get(&path, Some(&forged))
        .await
        .expect_problem(401, "invalid_token");
    app.get(&path, Some("bp_nonsense"))
        .await
        .expect_problem(401, "invalid_token");
}

#[tokio::test]
async fn keys_get_only_delegable_scopes_the_creator_holds() {
    let (app, owner, business) = TestApp::with_business().await;
    let path = format!("/api/v1/businesses/{business}/api-keys");
    let refused = app
        .post(
            &path,
            Some(&owner.access),
            json!({"name": "CRM", "scopes": ["business:read", "team:manage", "api_keys:manage"]}),
        )
        .await;
    refused.expect_problem(422, "validation_failed");
    assert_eq!(refused.fields(), vec!["scopes[1]", "scopes[2]"]);
    let unknown = app
        .post(
            &path,
            Some(&owner.access),
            json!({"name": "CRM", "scopes": ["everything"]}),
        )
        .await;
    assert_eq!(unknown.fields(), vec!["scopes[0]"]);
    let empty = app
        .post(
            &path,
            Some(&owner.access),
            json!({"name": "CRM", "scopes": []}),
        )
        .await;
    assert_eq!(empty.fields(), vec!["scopes"]);
    let past = app
        .post(&path, Some(&owner.access), json!({"name": "CRM", "scopes": ["business:read"], "expires_at": "2001-01-01T00:00:00Z"}))
        .await;
    assert_eq!(past.fields(), vec!["expires_at"]);

    let viewer = app
        .add_member(&owner, business, "viewer@example.uz", "viewer")
        .await;
    app.post(
        &path,
        Some(&viewer.access),
        json!({"name": "Mine", "scopes": ["business:read"]}),
    )
    .await
    .expect_problem(403, "forbidden");
}

#[tokio::test]
async fn an_expired_key_stops_working() {
    let (app, owner, business) = TestApp::with_business().await;
    let expires = app.now() + chrono::Duration::days(1);
    let created = app
        .post(
            &format!("/api/v1/businesses/{business}/api-keys"),
            Some(&owner.access),
            json!({"name": "Trial", "scopes": ["business:read"], "expires_at": expires}),
        )
        .await;
    let key = created.expect(201)["key"].as_str().expect("key").to_owned();
    app.get(&format!("/api/v1/businesses/{business}"), Some(&key))
        .await
        .expect(200);
    app.clock.advance(chrono::Duration::days(2));
    app.get(&format!("/api/v1/businesses/{business}"), Some(&key))
        .await
        .expect_problem(401, "invalid_token");
}

#[tokio::test]
async fn what_a_key_does_is_logged_under_the_key() {
    let (app, owner, business) = TestApp::with_business().await;
    let (key_id, key) = app
        .api_key(&owner, business, &["business:write", "business:read"])
        .await;
    app.patch(
        &format!("/api/v1/businesses/{business}"),
        Some(&key),
        json!({"region": "Buxoro"}),
    )
    .await
    .expect(200);
    let (actor_user, actor_key): (Option<uuid::Uuid>, Option<uuid::Uuid>) = sqlx::query_as(
        "select actor_user_id, actor_api_key_id from activity_log where business_id = $1 and action = 'updated'",
    )
    .bind(business)
    .fetch_one(app.db())
    .await
    .expect("activity");
    assert_eq!((actor_user, actor_key), (None, Some(key_id)));
}
