use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn the_activity_log_filters_pages_and_names_the_actor() {
    let (app, owner, business) = TestApp::with_business().await;
    for region in ["Toshkent", "Buxoro", "Xiva"] {
        app.patch(
            &format!("/api/v1/businesses/{business}"),
            Some(&owner.access),
            json!({"region": region}),
        )
        .await
        .expect(200);
    }
    let path = format!("/api/v1/businesses/{business}/activity");
    let updates = app
        .get(
            &format!("{path}?action=updated&limit=2"),
            Some(&owner.access),
        )
        .await;
    let body = updates.expect(200).clone();
    let items = body["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["changes"]["region"]["after"], "Xiva");
    assert_eq!(items[0]["actor"]["name"], "aziz");
    assert_eq!(items[0]["entity_type"], "business");
    assert_eq!(items[0]["ip"], "127.0.0.1");
    let cursor = body["next_cursor"].as_str().expect("more pages");
    let rest = app
        .get(
            &format!("{path}?action=updated&limit=2&cursor={cursor}"),
            Some(&owner.access),
        )
        .await;
    assert_eq!(rest.expect(200)["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        rest.body["items"][0]["changes"]["region"]["after"],
        "Toshkent"
    );

    let created = app
        .get(&format!("{path}?action=created"), Some(&owner.access))
        .await;
    assert_eq!(
        created.expect(200)["items"].as_array().map(Vec::len),
        Some(1)
    );
    let by_actor = app
        .get(
            &format!("{path}?actor_id={}", owner.id),
            Some(&owner.access),
        )
        .await;
    assert_eq!(
        by_actor.expect(200)["items"].as_array().map(Vec::len),
        Some(4)
    );
    let future = app
        .get(
            &format!("{path}?from=2099-01-01T00:00:00Z"),
            Some(&owner.access),
        )
        .await;
    assert_eq!(future.expect(200)["items"], json!([]));

    let bad = app
        .get(&format!("{path}?action=hacked"), Some(&owner.access))
        .await;
    bad.expect_problem(400, "bad_request");
    assert_eq!(bad.fields(), vec!["action"]);
    let backwards = app
        .get(
            &format!("{path}?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z"),
            Some(&owner.access),
        )
        .await;
    assert_eq!(backwards.fields(), vec!["to"]);
}

#[tokio::test]
async fn the_activity_log_exports_as_csv_and_the_export_is_logged() {
    let (app, owner, business) = TestApp::with_business().await;
    app.send(
        reqwest::Method::PATCH,
        &format!("/api/v1/businesses/{business}"),
        Some(&owner.access),
        Some(json!({"region": "Xiva, Xorazm"})),
        &[("user-agent", "=2+5")],
    )
    .await
    .expect(200);
    let export = app
        .get(
            &format!("/api/v1/businesses/{business}/activity/export?action=updated"),
            Some(&owner.access),
        )
        .await;
    export.expect(200);
    assert_eq!(
        export.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(
        export
            .header("content-disposition")
            .is_some_and(|d| d.contains("activity.csv"))
    );
    let lines: Vec<&str> = export.text.lines().collect();
    assert_eq!(
        lines[0],
        "id,created_at,action,entity_type,entity_id,actor_user_id,actor_name,actor_api_key_id,ip,user_agent,changes"
    );
    assert_eq!(lines.len(), 2, "{}", export.text);
    assert!(lines[1].contains(",updated,business,"), "{}", lines[1]);
    assert!(lines[1].contains("Xiva, Xorazm"), "{}", lines[1]);
    assert!(
        lines[1].contains(",'=2+5,"),
        "a cell that spreadsheets would run is defused: {}",
        lines[1]
    );
    let actions = app.activity_actions(business).await;
    assert_eq!(actions[0], "exported");
}
