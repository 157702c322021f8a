use serde_json::json;
use uuid::Uuid;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_new_business_belongs_to_its_creator_with_the_product_defaults() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("aziz@example.uz").await;
    let created = app
        .post(
            "/api/v1/businesses",
            Some(&owner.access),
            json!({"name": "  Samarqand Non ", "industry": "horeca", "website": "https://non.uz", "region": "Toshkent"}),
        )
        .await;
    let business = created.expect(201).clone();
    assert_eq!(business["name"], "Samarqand Non");
    assert_eq!(business["currency"], "UZS");
    assert_eq!(business["timezone"], "Asia/Tashkent");
    assert_eq!(business["locale"], "uz");
    assert_eq!(business["role"], "owner");
    let id = business["id"].as_str().expect("id");

    let listed = app.get("/api/v1/businesses", Some(&owner.access)).await;
    assert_eq!(listed.expect(200)["items"][0]["id"], id);
    let fetched = app
        .get(&format!("/api/v1/businesses/{id}"), Some(&owner.access))
        .await;
    assert_eq!(fetched.expect(200)["industry"], "horeca");
}

#[tokio::test]
async fn invalid_business_fields_are_named() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("aziz@example.uz").await;
    let response = app
        .post(
            "/api/v1/businesses",
            Some(&owner.access),
            json!({"name": " ", "currency": "XYZ", "website": "non.uz", "timezone": "Tashkent", "industry": "space"}),
        )
        .await;
    response.expect_problem(422, "validation_failed");
    assert_eq!(
        response.fields(),
        vec!["industry"],
        "unknown enum values fail first, at parsing"
    );
    let response = app
        .post(
            "/api/v1/businesses",
            Some(&owner.access),
            json!({"name": " ", "currency": "XYZ", "website": "non.uz", "timezone": "Tashkent"}),
        )
        .await;
    assert_eq!(
        response.fields(),
        vec!["currency", "name", "timezone", "website"]
    );
}

#[tokio::test]
async fn editing_records_exactly_the_changed_fields() {
    let (app, owner, id) = TestApp::with_business().await;
    let path = format!("/api/v1/businesses/{id}");
    app.patch(
        &path,
        Some(&owner.access),
        json!({"website": "https://non.uz", "description": "Tandir non"}),
    )
    .await
    .expect(200);
    let updated = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"name": "Non Bozori", "website": null, "currency": "UZS"}),
        )
        .await;
    let body = updated.expect(200);
    assert_eq!(body["name"], "Non Bozori");
    assert_eq!(body["website"], serde_json::Value::Null);
    assert_eq!(body["description"], "Tandir non");

    let changes: serde_json::Value = sqlx::query_scalar(
        "select changes from activity_log where business_id = $1 and action = 'updated' order by id desc limit 1",
    )
    .bind(id)
    .fetch_one(app.db())
    .await
    .expect("activity");
    assert_eq!(
        changes,
        json!({"name": {"before": "Non", "after": "Non Bozori"}, "website": {"before": "https://non.uz", "after": null}})
    );
}

#[tokio::test]
async fn only_the_owner_deletes_and_a_deleted_business_is_gone_for_everyone() {
    let (app, owner, id) = TestApp::with_business().await;
    let admin = app
        .add_member(&owner, id, "admin@example.uz", "admin")
        .await;
    let path = format!("/api/v1/businesses/{id}");
    // Sales with their aggregates and a goal, so the purge meets every kind of owned row.
    let customer = app
        .post(
            &format!("{path}/customers"),
            Some(&owner.access),
            json!({"name": "Dilnoza"}),
        )
        .await
        .expect(201)["id"]
        .clone();
    app.post(
        &format!("{path}/orders"),
        Some(&owner.access),
        json!({"customer_id": customer, "amount": 1_000_000}),
    )
    .await
    .expect(201);
    app.post(
        &format!("{path}/goals"),
        Some(&owner.access),
        json!({"metric": "revenue", "target": 5_000_000, "period_start": "2026-01-01", "period_end": "2026-12-31"}),
    )
    .await
    .expect(201);
    app.delete(&path, Some(&admin.access))
        .await
        .expect_problem(403, "forbidden");
    app.delete(&path, Some(&owner.access)).await.expect(204);
    app.get(&path, Some(&owner.access))
        .await
        .expect_problem(404, "not_found");
    app.get(&path, Some(&admin.access))
        .await
        .expect_problem(404, "not_found");
    let listed = app.get("/api/v1/businesses", Some(&owner.access)).await;
    assert_eq!(listed.expect(200)["items"], json!([]));

    // Purged with everything it owns once the grace period is over.
    app.clock.advance(chrono::Duration::days(31));
    let report = services::maintenance::cleanup(&app.services)
        .await
        .expect("cleanup");
    assert_eq!(report.businesses, 1);
    let memberships: i64 =
        sqlx::query_scalar("select count(*) from memberships where business_id = $1")
            .bind(id)
            .fetch_one(app.db())
            .await
            .expect("count");
    assert_eq!(memberships, 0);
    for table in [
        "orders",
        "customers",
        "customer_months",
        "sales_daily_stats",
        "business_goals",
        "sales_versions",
    ] {
        let sql = format!("select count(*) from {table} where business_id = $1");
        let left: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_one(app.db())
            .await
            .expect("count");
        assert_eq!(left, 0, "{table} keeps rows of a purged business");
    }
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_edit() {
    let (app, owner, id) = TestApp::with_business().await;
    let viewer = app
        .add_member(&owner, id, "viewer@example.uz", "viewer")
        .await;
    let path = format!("/api/v1/businesses/{id}");
    assert_eq!(
        app.get(&path, Some(&viewer.access)).await.expect(200)["role"],
        "viewer"
    );
    app.patch(&path, Some(&viewer.access), json!({"name": "Mine"}))
        .await
        .expect_problem(403, "forbidden");
    // The permission is checked before the body: even a broken body answers 403.
    app.send(
        reqwest::Method::PATCH,
        &path,
        Some(&viewer.access),
        None,
        &[("content-type", "application/json")],
    )
    .await
    .expect_problem(403, "forbidden");
}

#[tokio::test]
async fn the_same_idempotency_key_creates_one_business() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("aziz@example.uz").await;
    let body = json!({"name": "Non"});
    let headers = [("Idempotency-Key", "create-non-1")];
    let first = app
        .send(
            reqwest::Method::POST,
            "/api/v1/businesses",
            Some(&owner.access),
            Some(body.clone()),
            &headers,
        )
        .await;
    let second = app
        .send(
            reqwest::Method::POST,
            "/api/v1/businesses",
            Some(&owner.access),
            Some(body.clone()),
            &headers,
        )
        .await;
    assert_eq!(first.expect(201)["id"], second.expect(201)["id"]);
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.header("idempotent-replayed"), None);
    let listed = app.get("/api/v1/businesses", Some(&owner.access)).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(1));

    let different = app
        .send(
            reqwest::Method::POST,
            "/api/v1/businesses",
            Some(&owner.access),
            Some(json!({"name": "Somsa"})),
            &headers,
        )
        .await;
    different.expect_problem(422, "idempotency_key_reused");

    // Keys belong to their caller: another user's identical key is a different request.
    let other = app.signed_up("other@example.uz").await;
    let theirs = app
        .send(
            reqwest::Method::POST,
            "/api/v1/businesses",
            Some(&other.access),
            Some(body),
            &headers,
        )
        .await;
    assert_ne!(theirs.expect(201)["id"], first.body["id"]);

    // A request still running under a key answers 409.
    let owner_key = format!("user:{}", owner.id);
    let fingerprint = {
        use sha2::Digest;
        sha2::Sha256::digest(
            br#"POST /api/v1/businesses
{"name":"Non"}"#,
        )
        .to_vec()
    };
    let running = services::store::idempotency::claim(
        app.db(),
        &owner_key,
        "running",
        &fingerprint,
        app.now(),
    )
    .await
    .expect("claim");
    assert_eq!(running, services::store::idempotency::Claim::Claimed);
    let busy = app
        .send(
            reqwest::Method::POST,
            "/api/v1/businesses",
            Some(&owner.access),
            Some(json!({"name": "Non"})),
            &[("Idempotency-Key", "running")],
        )
        .await;
    busy.expect_problem(409, "idempotency_request_in_progress");
}

#[tokio::test]
async fn lists_page_with_cursors_and_refuse_forged_ones() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("aziz@example.uz").await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(app.create_business(&owner, &format!("Business {n}")).await);
    }
    ids.reverse();
    let mut seen: Vec<Uuid> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/businesses?limit=2&cursor={c}"),
            None => "/api/v1/businesses?limit=2".to_owned(),
        };
        let page = app.get(&path, Some(&owner.access)).await;
        let body = page.expect(200);
        for item in body["items"].as_array().expect("items") {
            seen.push(
                item["id"]
                    .as_str()
                    .and_then(|id| id.parse().ok())
                    .expect("id"),
            );
        }
        match body.get("next_cursor").and_then(|c| c.as_str()) {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ids, "newest first, each once");
    app.get("/api/v1/businesses?cursor=forged!", Some(&owner.access))
        .await
        .expect_problem(422, "validation_failed");
    let too_many = app
        .get("/api/v1/businesses?limit=101", Some(&owner.access))
        .await;
    too_many.expect_problem(400, "bad_request");
    assert_eq!(too_many.fields(), vec!["limit"]);
    app.get("/api/v1/businesses?limit=abc", Some(&owner.access))
        .await
        .expect_problem(400, "bad_request");
    app.get("/api/v1/businesses?sort=name", Some(&owner.access))
        .await
        .expect_problem(400, "bad_request");
}
