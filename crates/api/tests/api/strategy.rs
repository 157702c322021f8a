use serde_json::{Value, json};

use crate::helpers::TestApp;

#[tokio::test]
async fn the_profile_starts_empty_and_keeps_what_is_not_sent() {
    let (app, owner, business) = TestApp::with_business().await;
    let path = format!("/api/v1/businesses/{business}/profile");
    let empty = app.get(&path, Some(&owner.access)).await;
    let empty = empty.expect(200);
    assert_eq!(empty["usp"], Value::Null);
    assert_eq!(empty["currency"], "UZS");
    assert_eq!(empty["fiscal_month_start"], 1);
    assert_eq!(empty["notifications"]["weekly_report"], true);
    assert_eq!(empty["updated_at"], Value::Null);

    let saved = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"usp": "  Eng yangi non, har kuni  ", "team_size": 12, "monthly_marketing_budget": 500_000_000, "fiscal_month_start": 4}),
        )
        .await;
    let saved = saved.expect(200);
    assert_eq!(saved["usp"], "Eng yangi non, har kuni");
    assert_eq!(saved["team_size"], 12);
    let again = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"team_size": null, "main_goals": "Ko'proq mijoz"}),
        )
        .await;
    let again = again.expect(200);
    assert_eq!(again["team_size"], Value::Null);
    assert_eq!(
        again["usp"], "Eng yangi non, har kuni",
        "fields not sent are kept"
    );
    assert_eq!(again["fiscal_month_start"], 4);

    let bad = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"founded_year": 1500, "fiscal_month_start": 13, "logo_url": "logo.png", "monthly_marketing_budget": -1}),
        )
        .await;
    bad.expect_problem(422, "validation_failed");
    assert_eq!(
        bad.fields(),
        [
            "fiscal_month_start",
            "founded_year",
            "logo_url",
            "monthly_marketing_budget"
        ]
    );
    let kept = app.get(&path, Some(&owner.access)).await;
    assert_eq!(kept.expect(200)["main_goals"], "Ko'proq mijoz");
    let actions = app.activity_actions(business).await;
    assert!(actions.iter().filter(|a| *a == "updated").count() >= 2);
}

#[tokio::test]
async fn the_canvas_scores_squares_and_names_the_weakest() {
    let (app, owner, business) = TestApp::with_business().await;
    let path = format!("/api/v1/businesses/{business}/canvas");
    let canvas = app.get(&path, Some(&owner.access)).await;
    let canvas = canvas.expect(200);
    assert_eq!(canvas["squares"].as_array().map(Vec::len), Some(9));
    assert_eq!(canvas["squares"][0]["square"], "target_market");
    assert_eq!(canvas["squares"][0]["phase"], "before");
    assert_eq!(canvas["squares"][8]["phase"], "after");
    assert_eq!(canvas["completeness"], 0);
    assert_eq!(
        canvas["weakest"],
        json!(["target_market", "message", "media"])
    );

    let thorough = "Toshkentdagi 25-40 yoshli ayollar ".repeat(7);
    let updated = app
        .patch(
            &path,
            Some(&owner.access),
            json!({
                "target_market": {"text": thorough, "complete": true},
                "message": {"text": "Issiq non har kuni ertalab"},
                "referrals": {"complete": true}
            }),
        )
        .await;
    let updated = updated.expect(200);
    assert_eq!(updated["squares"][0]["score"], 100);
    assert_eq!(updated["squares"][1]["score"], 16);
    assert_eq!(
        updated["squares"][8]["score"], 0,
        "a tick on an empty square is not a plan"
    );
    assert_eq!(updated["squares"][8]["complete"], true);
    assert_eq!(updated["completeness"], (100 + 16) / 9);
    assert_eq!(
        updated["weakest"],
        json!(["media", "lead_capture", "lead_nurture"])
    );

    // Only the mark changes; the text stays.
    let marked = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"message": {"complete": true}}),
        )
        .await;
    assert_eq!(
        marked.expect(200)["squares"][1]["text"],
        "Issiq non har kuni ertalab"
    );
    assert_eq!(marked.body["squares"][1]["score"], 36);

    let unknown = app
        .patch(
            &path,
            Some(&owner.access),
            json!({"square_ten": {"text": "x"}}),
        )
        .await;
    unknown.expect_problem(422, "validation_failed");
    assert_eq!(unknown.fields(), ["square_ten"]);
}

#[tokio::test]
async fn goals_follow_their_metric() {
    let (app, owner, business) = TestApp::with_business().await;
    let path = format!("/api/v1/businesses/{business}/goals");
    let created = app
        .post(
            &path,
            Some(&owner.access),
            json!({"metric": "revenue", "target": 50_000_000_000u64, "period_start": "2026-01-01", "period_end": "2026-03-31"}),
        )
        .await;
    let goal = created.expect(201).clone();
    assert_eq!(goal["metric"], "revenue");
    let id = goal["id"].as_str().expect("id");

    let invalid = app
        .post(
            &path,
            Some(&owner.access),
            json!({"metric": "custom", "target": 2.5, "period_start": "2026-05-01", "period_end": "2026-04-01"}),
        )
        .await;
    invalid.expect_problem(422, "validation_failed");
    assert_eq!(invalid.fields(), ["name", "period_end"]);
    let fractional = app
        .post(
            &path,
            Some(&owner.access),
            json!({"metric": "leads", "target": 10.5, "period_start": "2026-05-01", "period_end": "2026-05-31"}),
        )
        .await;
    assert_eq!(fractional.fields(), ["target"]);
    assert_eq!(fractional.body["errors"][0]["code"], "not_whole");

    let patched = app
        .patch(
            &format!("{path}/{id}"),
            Some(&owner.access),
            json!({"metric": "roas", "target": 3.5}),
        )
        .await;
    assert_eq!(patched.expect(200)["target"], 3.5);
    let listed = app.get(&path, Some(&owner.access)).await;
    assert_eq!(
        listed.expect(200)["items"].as_array().map(Vec::len),
        Some(1)
    );
    app.delete(&format!("{path}/{id}"), Some(&owner.access))
        .await
        .expect(204);
    app.get(&format!("{path}/{id}"), Some(&owner.access))
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn drafts_are_written_from_the_profile_the_avatar_and_the_offer() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    app.patch(
        &format!("{base}/profile"),
        Some(&owner.access),
        json!({"target_audience": "Yosh oilalar. Chilonzorda"}),
    )
    .await
    .expect(200);
    app.post(
        &format!("{base}/dream-buyers"),
        Some(&owner.access),
        json!({"name": "Dilnoza", "answers": {"dreams": "Har kuni issiq non\nArzon narx", "frustrations": "Non tez qotib qoladi"}}),
    )
    .await
    .expect(201);
    app.post(
        &format!("{base}/offers"),
        Some(&owner.access),
        json!({"name": "Tandir non", "headline": "ertalab 7 da eshigingizda issiq non", "guarantee": {"kind": "unconditional", "text": "Yoqmasa, pulini qaytaramiz."}}),
    )
    .await
    .expect(201);
    let usp = app
        .post(
            &format!("{base}/profile/drafts"),
            Some(&owner.access),
            json!({"kind": "usp"}),
        )
        .await;
    let usp = usp.expect(200);
    assert_eq!(usp["generator"], "builtin");
    assert_eq!(usp["locale"], "uz");
    assert_eq!(
        usp["drafts"][0],
        "Non: Yosh oilalar uchun — Har kuni issiq non."
    );
    assert!(
        usp["drafts"][2]
            .as_str()
            .is_some_and(|d| d.ends_with("Yoqmasa, pulini qaytaramiz."))
    );
    let pitch = app
        .post(
            &format!("{base}/profile/drafts"),
            Some(&owner.access),
            json!({"kind": "elevator_pitch", "locale": "ru"}),
        )
        .await;
    assert!(
        pitch.expect(200)["drafts"][0]
            .as_str()
            .is_some_and(|d| d.contains("«Non tez qotib qoladi»"))
    );

    let unknown = app
        .post(
            &format!("{base}/profile/drafts"),
            Some(&owner.access),
            json!({"kind": "usp", "offer_id": uuid::Uuid::now_v7()}),
        )
        .await;
    unknown.expect_problem(422, "validation_failed");
    assert_eq!(unknown.fields(), ["offer_id"]);
}

#[tokio::test]
async fn viewers_read_the_plan_but_do_not_change_it() {
    let (app, owner, business) = TestApp::with_business().await;
    let viewer = app
        .add_member(&owner, business, "viewer@example.uz", "viewer")
        .await;
    let base = format!("/api/v1/businesses/{business}");
    app.get(&format!("{base}/canvas"), Some(&viewer.access))
        .await
        .expect(200);
    app.patch(
        &format!("{base}/canvas"),
        Some(&viewer.access),
        json!({"media": {"text": "Instagram"}}),
    )
    .await
    .expect_problem(403, "forbidden");
    let marketer = app
        .add_member(&owner, business, "marketer@example.uz", "marketer")
        .await;
    app.patch(
        &format!("{base}/canvas"),
        Some(&marketer.access),
        json!({"media": {"text": "Instagram"}}),
    )
    .await
    .expect(200);
}
