use serde_json::{Value, json};

use crate::helpers::TestApp;

#[tokio::test]
async fn the_wizard_saves_each_step_and_resumes_where_it_stopped() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}/dream-buyers");
    let created = app
        .post(
            &base,
            Some(&owner.access),
            json!({"name": " Dilnoza ", "age_min": 25, "age_max": 35, "gender": "female"}),
        )
        .await;
    let avatar = created.expect(201).clone();
    assert_eq!(avatar["name"], "Dilnoza");
    assert_eq!(avatar["wizard_step"], 0);
    assert_eq!(avatar["completeness"], 4, "age and gender: 2 points each");
    let id = avatar["id"].as_str().expect("id");
    let path = format!("{base}/{id}");

    let step = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"answers": {"where_they_spend_time": "Instagram, Telegram"}, "wizard_step": 1}),
        )
        .await;
    assert_eq!(step.expect(200)["completeness"], 14);
    let step = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"answers": {"information_sources": "Telegram kanallar"}, "wizard_step": 2}),
        )
        .await;
    let step = step.expect(200);
    assert_eq!(
        step["answers"]["where_they_spend_time"], "Instagram, Telegram",
        "earlier answers stay"
    );
    assert_eq!(step["completeness"], 24);

    let resumed = app.get(&path, Some(&owner.access)).await;
    assert_eq!(resumed.expect(200)["wizard_step"], 2);

    let cleared = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"answers": {"information_sources": "  "}}),
        )
        .await;
    assert_eq!(
        cleared.expect(200)["answers"]["information_sources"],
        Value::Null
    );
    assert_eq!(cleared.body["completeness"], 14);

    let bad = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"age_min": 40, "wizard_step": 12}),
        )
        .await;
    bad.expect_problem(422, "validation_failed");
    assert_eq!(bad.fields(), ["wizard_step"]);
    let bad = app
        .patch(&path, Some(&owner.access), json!({"age_min": 40}))
        .await;
    assert_eq!(bad.fields(), ["age_max"]);
    let unknown = app
        .patch(&path, Some(&owner.access), json!({"answers": {"q10": "?"}}))
        .await;
    unknown.expect_problem(422, "validation_failed");
    assert_eq!(unknown.fields(), ["answers.q10"]);
    let kept = app.get(&path, Some(&owner.access)).await;
    assert_eq!(
        kept.expect(200)["age_min"],
        25,
        "a refused save loses nothing"
    );
}

#[tokio::test]
async fn avatars_are_duplicated_archived_and_listed() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}/dream-buyers");
    let avatar = app
        .post(
            &base,
            Some(&owner.access),
            json!({"name": "Aziz", "answers": {"fears": "Aldanib qolish"}}),
        )
        .await;
    let id = avatar.expect(201)["id"].as_str().expect("id").to_owned();
    let copy = app
        .post(
            &format!("{base}/{id}/duplicate"),
            Some(&owner.access),
            json!({}),
        )
        .await;
    let copy = copy.expect(201).clone();
    assert_eq!(copy["name"], "Aziz (2)");
    assert_eq!(copy["answers"]["fears"], "Aldanib qolish");
    assert_ne!(copy["id"], id.as_str());

    app.patch(
        &format!("{base}/{id}"),
        Some(&owner.access),
        json!({"archived": true}),
    )
    .await
    .expect(200);
    let active = app.get(&base, Some(&owner.access)).await;
    let names: Vec<&str> = active.expect(200)["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(names, ["Aziz (2)"]);
    let archived = app
        .get(&format!("{base}?archived=true"), Some(&owner.access))
        .await;
    assert_eq!(archived.expect(200)["items"][0]["archived"], true);

    app.delete(&format!("{base}/{id}"), Some(&owner.access))
        .await
        .expect(204);
    app.get(&format!("{base}/{id}"), Some(&owner.access))
        .await
        .expect_problem(404, "not_found");
    let actions = app.activity_actions(business).await;
    assert!(actions.contains(&"deleted".to_owned()));
}

#[tokio::test]
async fn suggestions_fit_the_industry_and_the_language() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("ustoz@example.uz").await;
    let created = app
        .post(
            "/api/v1/businesses",
            Some(&owner.access),
            json!({"name": "Ingliz tili markazi", "industry": "education"}),
        )
        .await;
    let business = created.expect(201)["id"].as_str().expect("id").to_owned();
    let base = format!("/api/v1/businesses/{business}/dream-buyers");
    let avatar = app
        .post(&base, Some(&owner.access), json!({"name": "Talaba"}))
        .await;
    let id = avatar.expect(201)["id"].as_str().expect("id").to_owned();
    let ideas = app
        .post(
            &format!("{base}/{id}/suggestions"),
            Some(&owner.access),
            json!({"question": "dreams", "locale": "en"}),
        )
        .await;
    let ideas = ideas.expect(200);
    assert_eq!(ideas["suggestions"][0], "IELTS 7.0 and studying abroad");
    assert_eq!(ideas["generator"], "builtin");
    let uzbek = app
        .post(
            &format!("{base}/{id}/suggestions"),
            Some(&owner.access),
            json!({"question": "fears"}),
        )
        .await;
    assert_eq!(uzbek.expect(200)["suggestions"][0], "Imtihondan yiqilish");
}
