//! Tenant isolation, proven over every route of the OpenAPI document: routes added later are
//! covered without touching this test (unless they introduce a new kind of id, which must then
//! be taught to `foreign_ids`).

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, User};

/// Ids of things that belong to business B (or its owner), by path parameter name.
struct Foreign {
    business: Uuid,
    ids: HashMap<&'static str, Uuid>,
}

async fn foreign_world(app: &TestApp) -> (User, Foreign) {
    let owner_b = app.signed_up("owner-b@example.uz").await;
    let business_b = app.create_business(&owner_b, "B").await;
    let member_b = app
        .add_member(&owner_b, business_b, "member-b@example.uz", "sales")
        .await;
    let invitation = app
        .post(
            &format!("/api/v1/businesses/{business_b}/invitations"),
            Some(&owner_b.access),
            json!({"email": "pending-b@example.uz", "role": "viewer"}),
        )
        .await;
    let invitation_id = invitation.expect(201)["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("id");
    let (key_id, _) = app.api_key(&owner_b, business_b, &["business:read"]).await;
    let sessions = app.get("/api/v1/me/sessions", Some(&owner_b.access)).await;
    let session_id = sessions.expect(200)["items"][0]["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("session");
    let created = |response: crate::helpers::Response| -> Uuid {
        response.expect(201)["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("id")
    };
    let base = format!("/api/v1/businesses/{business_b}");
    let goal_id = created(
        app.post(
            &format!("{base}/goals"),
            Some(&owner_b.access),
            json!({"metric": "leads", "target": 100, "period_start": "2026-01-01", "period_end": "2026-12-31"}),
        )
        .await,
    );
    let dream_buyer_id = created(
        app.post(
            &format!("{base}/dream-buyers"),
            Some(&owner_b.access),
            json!({"name": "Dilnoza"}),
        )
        .await,
    );
    let offer_id = created(
        app.post(
            &format!("{base}/offers"),
            Some(&owner_b.access),
            json!({"name": "IELTS 7.0"}),
        )
        .await,
    );
    let product_id = created(
        app.post(
            &format!("{base}/products"),
            Some(&owner_b.access),
            json!({"name": "Non", "price": 500_000}),
        )
        .await,
    );
    let customer_id = created(
        app.post(
            &format!("{base}/customers"),
            Some(&owner_b.access),
            json!({"name": "Dilnoza", "phone": "+998901112233"}),
        )
        .await,
    );
    let lead_id = created(
        app.post(
            &format!("{base}/leads"),
            Some(&owner_b.access),
            json!({"name": "Aziz"}),
        )
        .await,
    );
    let order_id = created(
        app.post(
            &format!("{base}/orders"),
            Some(&owner_b.access),
            json!({"amount": 1_000_000, "customer_id": customer_id}),
        )
        .await,
    );
    // An alert of B's, raised as the nightly rebuild would: spend with no sales.
    let alert_id = Uuid::now_v7();
    sqlx::query(
        "insert into alerts (id, business_id, kind, severity, value, threshold, raised_at)
         values ($1, $2, 'roas_below_one', 'warning', 0, 1, now())",
    )
    .bind(alert_id)
    .bind(business_b)
    .execute(app.db())
    .await
    .expect("alert");
    let import = app
        .upload(
            &format!("{base}/imports/customers"),
            &owner_b.access,
            "text/csv",
            "name\nBegona\n",
        )
        .await;
    let import_id = created(import);
    let channel_id = created(
        app.post(
            &format!("{base}/channels"),
            Some(&owner_b.access),
            json!({"kind": "telegram", "name": "B kanali", "external_id": "@b_kanali"}),
        )
        .await,
    );
    let ids = HashMap::from([
        ("channel_id", channel_id),
        ("import_id", import_id),
        ("alert_id", alert_id),
        ("product_id", product_id),
        ("customer_id", customer_id),
        ("lead_id", lead_id),
        ("order_id", order_id),
        ("goal_id", goal_id),
        ("dream_buyer_id", dream_buyer_id),
        ("offer_id", offer_id),
        ("user_id", member_b.id),
        ("invitation_id", invitation_id),
        ("key_id", key_id),
        ("session_id", session_id),
    ]);
    (
        owner_b,
        Foreign {
            business: business_b,
            ids,
        },
    )
}

fn operations(document: &Value) -> Vec<(String, Method, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let method = match method.as_str() {
                "get" => Method::GET,
                "post" => Method::POST,
                "put" => Method::PUT,
                "patch" => Method::PATCH,
                "delete" => Method::DELETE,
                _ => continue,
            };
            found.push((path.clone(), method, operation.clone()));
        }
    }
    found
}

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            &document["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// The smallest body the schema accepts: every required field with a plausible value.
fn sample(document: &Value, schema: &Value) -> Value {
    let schema = resolve(document, schema);
    if let Some(choices) = schema.get("oneOf").and_then(Value::as_array) {
        return choices
            .iter()
            .find(|c| c["type"] != "null")
            .map_or(Value::Null, |c| sample(document, c));
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.last().cloned().unwrap_or(Value::Null);
    }
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (Some("object"), _) => {
            let mut object = Map::new();
            for field in schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                object.insert(
                    field.to_owned(),
                    sample(document, &schema["properties"][field]),
                );
            }
            Value::Object(object)
        }
        (Some("array"), _) => json!([sample(document, &schema["items"])]),
        (Some("string"), Some("uuid")) => json!(Uuid::now_v7()),
        (Some("string"), Some("email")) => json!("someone@example.uz"),
        (Some("string"), Some("date-time")) => json!("2030-01-01T00:00:00Z"),
        (Some("string"), Some("date")) => json!("2026-01-01"),
        (Some("string"), _) => json!("Sample value 123"),
        (Some("integer" | "number"), _) => json!(1),
        (Some("boolean"), _) => json!(true),
        _ => Value::Null,
    }
}

fn request_body(document: &Value, operation: &Value) -> Option<Value> {
    let schema = operation.pointer("/requestBody/content/application~1json/schema")?;
    Some(sample(document, schema))
}

fn fill(path: &str, business: Uuid, ids: &HashMap<&'static str, Uuid>) -> String {
    let mut filled = path.replace("{business_id}", &business.to_string());
    while let Some(start) = filled.find('{') {
        let end = filled[start..].find('}').expect("closing brace") + start;
        let name = &filled[start + 1..end];
        let id = ids.get(name).unwrap_or_else(|| {
            panic!("the tenancy test does not know `{name}` of {path}: add an id of business B's `{name}` to `foreign_world`")
        });
        filled.replace_range(start..=end, &id.to_string());
    }
    filled
}

#[tokio::test]
async fn no_route_lets_a_member_of_one_business_touch_another() {
    let app = TestApp::spawn().await;
    let (owner_b, foreign) = foreign_world(&app).await;
    let owner_a = app.signed_up("owner-a@example.uz").await;
    let business_a = app.create_business(&owner_a, "A").await;
    let (_, key_a) = app
        .api_key(
            &owner_a,
            business_a,
            &["business:read", "team:read", "activity:read"],
        )
        .await;

    let document = serde_json::to_value(api::openapi_document()).expect("document");
    let mut checked = 0;
    for (path, method, operation) in operations(&document) {
        let business_scoped = path.contains("{business_id}");
        let has_other_ids = path.matches('{').count() > usize::from(business_scoped);
        if !business_scoped && !has_other_ids {
            continue;
        }
        let body = request_body(&document, &operation);

        if business_scoped {
            // B's business, as A's owner and as A's API key: it does not exist for them.
            for token in [owner_a.access.as_str(), key_a.as_str()] {
                let response = app
                    .send(
                        method.clone(),
                        &fill(&path, foreign.business, &foreign.ids),
                        Some(token),
                        Some(json!({})),
                        &[],
                    )
                    .await;
                assert_eq!(
                    response.status, 404,
                    "{method} {path} with business B answered {}",
                    response.text
                );
                assert_eq!(
                    response.body["code"], "not_found",
                    "{method} {path}: {}",
                    response.text
                );
                checked += 1;
            }
        }
        if has_other_ids {
            // A's own business (or A's own account) with ids of B's things.
            let filled = fill(&path, business_a, &foreign.ids);
            let response = app
                .send(
                    method.clone(),
                    &filled,
                    Some(&owner_a.access),
                    body.clone(),
                    &[],
                )
                .await;
            assert_eq!(
                response.status, 404,
                "{method} {filled} with B's ids answered {}",
                response.text
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 30,
        "only {checked} checks ran: is the document empty?"
    );

    // And B's things are all still there.
    let members = app
        .get(
            &format!("/api/v1/businesses/{}/members", foreign.business),
            Some(&owner_b.access),
        )
        .await;
    assert_eq!(
        members.expect(200)["items"].as_array().map(Vec::len),
        Some(2)
    );
    app.get("/api/v1/me", Some(&owner_b.access))
        .await
        .expect(200);
    let keys = app
        .get(
            &format!("/api/v1/businesses/{}/api-keys", foreign.business),
            Some(&owner_b.access),
        )
        .await;
    assert_eq!(keys.expect(200)["items"][0]["revoked_at"], Value::Null);
    for (path, id) in [
        ("goals", "goal_id"),
        ("dream-buyers", "dream_buyer_id"),
        ("offers", "offer_id"),
    ] {
        let response = app
            .get(
                &format!(
                    "/api/v1/businesses/{}/{path}/{}",
                    foreign.business, foreign.ids[id]
                ),
                Some(&owner_b.access),
            )
            .await;
        response.expect(200);
    }
}

#[tokio::test]
async fn a_business_listing_shows_only_the_callers_businesses() {
    let app = TestApp::spawn().await;
    let (_, foreign) = foreign_world(&app).await;
    let owner_a = app.signed_up("owner-a@example.uz").await;
    let business_a = app.create_business(&owner_a, "A").await;
    let listed = app.get("/api/v1/businesses", Some(&owner_a.access)).await;
    let ids: Vec<&str> = listed.expect(200)["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|b| b["id"].as_str())
        .collect();
    assert_eq!(ids, [business_a.to_string()]);
    assert!(!listed.text.contains(&foreign.business.to_string()));
}
