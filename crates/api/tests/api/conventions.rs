//! What every endpoint shares: problem+json for bad input (never a 500), request ids, rate
//! limits, health, metrics, and the committed OpenAPI document.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, test_settings};

#[tokio::test]
async fn bad_bodies_get_problems_not_crashes() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let token = Some(user.access.as_str());
    let json_header = [("content-type", "application/json")];

    let broken = app
        .send(
            Method::POST,
            "/api/v1/businesses",
            token,
            None,
            &json_header,
        )
        .await;
    broken.expect_problem(400, "malformed_json");
    let client = reqwest::Client::new();
    let raw = |body: &'static str, content_type: &'static str| {
        client
            .post(format!("{}/api/v1/businesses", app.address))
            .bearer_auth(&user.access)
            .header("content-type", content_type)
            .body(body)
    };
    let response = raw("{\"name\": ", "application/json")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 400);
    let response = raw("name=Non", "application/x-www-form-urlencoded")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 415);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let response = raw("{\"name\": 42}", "application/json")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 422);
    let problem: serde_json::Value = response.json().await.expect("json");
    assert_eq!(problem["errors"][0]["field"], "name");
    assert_eq!(problem["errors"][0]["code"], "invalid_type");

    let huge = json!({"name": "x".repeat(70 * 1024)});
    app.post("/api/v1/businesses", token, huge)
        .await
        .expect_problem(413, "payload_too_large");

    let smuggled = app
        .post(
            "/api/v1/businesses",
            token,
            json!({"name": "Non", "owner_id": user.id}),
        )
        .await;
    smuggled.expect_problem(422, "validation_failed");
    assert_eq!(smuggled.fields(), vec!["owner_id"]);
    assert_eq!(smuggled.body["errors"][0]["code"], "unknown_field");
}

#[tokio::test]
async fn bad_paths_and_unknown_routes_get_problems() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let token = Some(user.access.as_str());
    let bad_id = app.get("/api/v1/businesses/not-a-uuid", token).await;
    bad_id.expect_problem(400, "bad_request");
    assert_eq!(bad_id.fields(), vec!["business_id"]);
    // Who is not signed in learns nothing about the id.
    app.get("/api/v1/businesses/not-a-uuid", None)
        .await
        .expect_problem(401, "unauthorized");
    app.delete("/api/v1/me/sessions/123", token)
        .await
        .expect_problem(400, "bad_request");
    app.get("/api/v1/nothing-here", token)
        .await
        .expect_problem(404, "not_found");
    app.get("/nothing-here", None)
        .await
        .expect_problem(404, "not_found");
    let wrong_method = app
        .send(Method::PUT, "/api/v1/me", token, Some(json!({})), &[])
        .await;
    assert!(
        wrong_method.status == 404 || wrong_method.status == 405,
        "{}",
        wrong_method.text
    );
    assert_eq!(
        wrong_method.header("content-type"),
        Some("application/problem+json")
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let ok = app.get("/health/live", None).await;
    let problem = app.get("/api/v1/me", None).await;
    let first = ok.header("x-request-id").expect("request id").to_owned();
    let second = problem
        .header("x-request-id")
        .expect("request id")
        .to_owned();
    assert_ne!(first, second);
    assert!(uuid::Uuid::parse_str(&first).is_ok());
}

async fn exhaust(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    limit: u32,
) -> crate::helpers::Response {
    for n in 0..limit {
        let response = app.get(path, token).await;
        assert_ne!(response.status, 429, "request {n} was refused early");
        assert_eq!(
            response.header("ratelimit-limit"),
            Some(limit.to_string().as_str())
        );
        assert_eq!(
            response.header("ratelimit-remaining"),
            Some((limit - n - 1).to_string().as_str())
        );
    }
    app.get(path, token).await
}

async fn rate_limits_apply(redis: bool) {
    let settings = services::Settings {
        rate_limit_per_minute: 5,
        ..test_settings()
    };
    let app = TestApp::spawn_with(settings, redis).await;
    let refused = exhaust(&app, "/api/v1/me", None, 5).await;
    refused.expect_problem(429, "rate_limited");
    let retry_after: u64 = refused
        .header("retry-after")
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after));
    assert_eq!(refused.header("ratelimit-remaining"), Some("0"));
    assert_eq!(refused.body["retry_after"], retry_after);
    app.clock.advance(chrono::Duration::seconds(61));
    app.get("/api/v1/me", None)
        .await
        .expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn requests_beyond_the_limit_wait_in_process_memory() {
    rate_limits_apply(false).await;
}

#[tokio::test]
async fn requests_beyond_the_limit_wait_in_redis() {
    rate_limits_apply(true).await;
}

#[tokio::test]
async fn the_account_doors_have_their_own_stricter_limit() {
    let settings = services::Settings {
        auth_rate_limit_per_minute: 3,
        ..test_settings()
    };
    let app = TestApp::spawn_with(settings, false).await;
    for _ in 0..3 {
        app.login("nobody@example.uz", PASSWORD)
            .await
            .expect_problem(401, "invalid_credentials");
    }
    let refused = app.login("nobody@example.uz", PASSWORD).await;
    refused.expect_problem(429, "rate_limited");
    assert!(refused.header("retry-after").is_some());
    // Other endpoints keep their own budget.
    app.get("/health/live", None).await.expect(200);
    app.get("/api/v1/me", None)
        .await
        .expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn readiness_checks_postgres_and_redis() {
    let app = TestApp::spawn_with(test_settings(), true).await;
    let ready = app.get("/health/ready", None).await;
    assert_eq!(ready.expect(200)["postgres"], "ok");
    assert_eq!(ready.body["redis"], "ok");
    let live = app.get("/health/live", None).await;
    assert_eq!(live.expect(200)["status"], "ok");
}

#[tokio::test]
async fn metrics_count_requests_by_route() {
    let app = TestApp::spawn().await;
    app.get("/api/v1/me", None).await;
    let metrics = app.get("/metrics", None).await;
    assert_eq!(metrics.status, 200);
    assert!(
        metrics.text.contains(
            "biznespilot_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"401\"}"
        ),
        "{}",
        metrics.text
    );
    assert!(metrics.text.contains("biznespilot_db_pool_connections"));
}

#[tokio::test]
async fn the_docs_and_the_document_are_served() {
    let app = TestApp::spawn().await;
    let document = app.get("/api/openapi.json", None).await;
    assert_eq!(document.expect(200)["openapi"], "3.1.0");
    let docs = app.get("/api/docs/", None).await;
    assert_eq!(docs.status, 200);
    assert!(docs.text.contains("swagger"), "{}", docs.text);
    let root = app.get("/", None).await;
    assert_eq!(root.status, 302);
}

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let generated = api::openapi_document().to_pretty_json().expect("renders");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed.trim_end() == generated.trim_end(),
        "openapi/openapi.json is out of date: run `just openapi` and commit it"
    );
}

#[test]
fn every_operation_documents_its_errors_and_every_request_body_is_closed() {
    let document = serde_json::to_value(api::openapi_document()).expect("document");
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("item") {
            let responses = operation["responses"].as_object().expect("responses");
            for status in ["429", "500"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} lacks {status}"
                );
            }
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(
                        responses.contains_key(status),
                        "{method} {path} lacks {status}"
                    );
                }
            }
            if path.contains("{business_id}") {
                assert!(
                    operation["security"]
                        .as_array()
                        .is_some_and(|s| s.len() == 2),
                    "{method} {path}"
                );
                assert!(
                    responses.contains_key("404") && responses.contains_key("403"),
                    "{method} {path}"
                );
            }
            assert!(operation["operationId"].is_string(), "{method} {path}");
        }
    }
    for (name, schema) in document["components"]["schemas"]
        .as_object()
        .expect("schemas")
    {
        if name.ends_with("Request") {
            assert_eq!(
                schema["additionalProperties"], false,
                "{name} accepts unknown fields"
            );
        }
    }
}

#[tokio::test]
async fn every_endpoint_with_a_body_answers_bad_bodies_with_problems() {
    let app = TestApp::spawn().await;
    let user = app.signed_up("aziz@example.uz").await;
    let business = app.create_business(&user, "Non").await;
    let document = serde_json::to_value(api::openapi_document()).expect("document");
    let client = reqwest::Client::new();
    let mut checked = 0;
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("item") {
            if operation.get("requestBody").is_none() {
                continue;
            }
            let mut url = format!(
                "{}{}",
                app.address,
                path.replace("{business_id}", &business.to_string())
            );
            while let Some(start) = url.find('{') {
                let end = url[start..].find('}').expect("brace") + start;
                url.replace_range(start..=end, &uuid::Uuid::now_v7().to_string());
            }
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let takes_json = operation
                .pointer("/requestBody/content/application~1json")
                .is_some();
            let json_cases: [(&str, &str, &[u16]); 4] = [
                ("{\"", "application/json", &[400]),
                ("[1, 2]", "application/json", &[422]),
                ("{\"surely_not_a_field\": 1}", "application/json", &[422]),
                ("a=1", "application/x-www-form-urlencoded", &[415]),
            ];
            // Uploads (CSV imports) refuse any other kind of body as a whole.
            let upload_cases: [(&str, &str, &[u16]); 2] = [
                ("{\"", "application/json", &[415]),
                ("a=1", "application/x-www-form-urlencoded", &[415]),
            ];
            let cases = if takes_json {
                &json_cases[..]
            } else {
                &upload_cases[..]
            };
            for &(body, content_type, statuses) in cases {
                let response = client
                    .request(method.clone(), &url)
                    .bearer_auth(&user.access)
                    .header("content-type", content_type)
                    .body(body)
                    .send()
                    .await
                    .expect("sent");
                let status = response.status().as_u16();
                let problem = response.text().await.expect("body");
                // Some routes refuse earlier for their own reasons (a permission, a missing id).
                assert!(
                    statuses.contains(&status) || [403, 404].contains(&status),
                    "{method} {path} with {body:?} answered {status}: {problem}"
                );
                assert!(problem.contains("\"code\""), "{method} {path}: {problem}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 60, "only {checked} checks");
}

#[tokio::test]
async fn the_spa_is_served_with_its_index_for_every_page_address() {
    let dir = std::env::temp_dir().join(format!("biznespilot-spa-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>BiznesPilot</title>",
    )
    .expect("index");
    std::fs::write(
        dir.join("frontend-0123456789abcdef.js"),
        "export default 1;",
    )
    .expect("module");
    let app = TestApp::spawn_serving(dir.clone()).await;

    let root = app.get("/", None).await;
    assert_eq!(root.status, 200);
    assert!(root.text.contains("<title>BiznesPilot</title>"));
    assert_eq!(root.header("cache-control"), Some("no-cache"));
    assert!(
        root.header("content-security-policy")
            .is_some_and(|csp| csp.contains("default-src 'self'"))
    );

    let deep = app.get("/businesses/0190/team?tab=1", None).await;
    assert_eq!(deep.status, 200, "deep links load the SPA");
    assert_eq!(deep.text, root.text);

    let module = app.get("/frontend-0123456789abcdef.js", None).await;
    assert_eq!(module.status, 200);
    assert_eq!(
        module.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    // The server's own addresses never fall back to the SPA.
    app.get("/api/v1/nothing-here", None)
        .await
        .expect_problem(404, "not_found");
    app.get("/api/v1/me", None)
        .await
        .expect_problem(401, "unauthorized");
    let posted = app
        .send(Method::POST, "/businesses", None, Some(json!({})), &[])
        .await;
    posted.expect_problem(404, "not_found");
    std::fs::remove_dir_all(dir).ok();
}
