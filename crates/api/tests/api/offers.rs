use serde_json::{Value, json};

use crate::helpers::TestApp;

#[tokio::test]
async fn an_offer_works_out_its_value_stack_and_pricing() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}/offers");
    let created = app
        .post(
            &base,
            Some(&owner.access),
            json!({
                "name": "IELTS 7.0",
                "headline": "IELTS 7.0 in 90 days or your money back",
                "price": 300_000_00,
                "core_value": 2_000_000_00,
                "value_scores": {"dream_outcome": 9, "perceived_likelihood": 8, "time_delay": 4, "effort_sacrifice": 3},
                "bonuses": [
                    {"name": "1:1 mentor", "value": 600_000_00},
                    {"name": "Daily speaking practice", "description": "30 minutes a day", "value": 600_000_00},
                    {"name": "Mock exams", "value": 400_000_00}
                ],
                "guarantee": {"kind": "conditional", "text": "Do the work and get 7.0 or your money back."},
                "hvco": {"kind": "quiz", "title": "What is your IELTS level?", "planned_traffic": 1000},
                "pricing_plan": {"cost": 120_000_00, "target_margin_percent": 40, "anchor_price": 400_000_00, "installment_months": [3]}
            }),
        )
        .await;
    let offer = created.expect(201).clone();
    assert_eq!(offer["currency"], "UZS");
    assert_eq!(offer["value"]["value"], 6.0);
    assert_eq!(offer["value"]["best_lever"]["factor"], "effort_sacrifice");
    assert_eq!(offer["totals"]["total_value"], 3_600_000_00i64);
    assert_eq!(offer["totals"]["value_to_price"], 12.0);
    assert_eq!(offer["totals"]["guidance"], "grand_slam");
    assert_eq!(
        offer["totals"]["typical_bonus_values"],
        json!([600_000_00, 600_000_00, 400_000_00])
    );
    assert_eq!(offer["guarantee_risk"], "medium");
    assert_eq!(
        offer["hvco"]["expected_leads"],
        json!({"low": 350, "high": 500})
    );
    assert_eq!(offer["pricing"]["recommended_price"], 200_000_00);
    assert_eq!(offer["pricing"]["margin_percent"], 60.0);
    assert_eq!(offer["pricing"]["anchor_discount_percent"], 25.0);
    let id = offer["id"].as_str().expect("id").to_owned();

    // Reordering the stack and moving a slider.
    let reordered = app
        .patch(
            &format!("{base}/{id}"),
            Some(&owner.access),
            json!({
                "bonuses": [offer["bonuses"][2], offer["bonuses"][0]],
                "value_scores": {"dream_outcome": 9, "perceived_likelihood": 8, "time_delay": 4, "effort_sacrifice": 2},
                "guarantee": null
            }),
        )
        .await;
    let reordered = reordered.expect(200);
    assert_eq!(reordered["bonuses"][0]["name"], "Mock exams");
    assert_eq!(reordered["bonuses"].as_array().map(Vec::len), Some(2));
    assert_eq!(reordered["value"]["value"], 9.0);
    assert!(reordered["value"]["score"].as_f64() > offer["value"]["score"].as_f64());
    assert_eq!(reordered["guarantee"], Value::Null);
    assert_eq!(reordered["hvco"]["kind"], "quiz", "parts not sent are kept");

    let bad = app
        .patch(
            &format!("{base}/{id}"),
            Some(&owner.access),
            json!({
                "value_scores": {"dream_outcome": 11, "perceived_likelihood": 0, "time_delay": 4, "effort_sacrifice": 2},
                "bonuses": [{"name": " ", "value": -5}],
                "price": -1
            }),
        )
        .await;
    bad.expect_problem(422, "validation_failed");
    assert_eq!(
        bad.fields(),
        [
            "bonuses[0].name",
            "bonuses[0].value",
            "price",
            "value_scores.dream_outcome",
            "value_scores.perceived_likelihood"
        ]
    );
    let kept = app.get(&format!("{base}/{id}"), Some(&owner.access)).await;
    assert_eq!(
        kept.expect(200)["bonuses"].as_array().map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn a_variant_points_at_the_first_offer() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}/offers");
    let first = app
        .post(
            &base,
            Some(&owner.access),
            json!({"name": "Plain course", "price": 200_00}),
        )
        .await;
    let first = first.expect(201)["id"].as_str().expect("id").to_owned();
    let b = app
        .post(
            &format!("{base}/{first}/duplicate"),
            Some(&owner.access),
            json!({}),
        )
        .await;
    let b = b.expect(201).clone();
    assert_eq!(b["variant_of"], first.as_str());
    assert_eq!(b["name"], "Plain course (2)");
    let c = app
        .post(
            &format!("{base}/{}/duplicate", b["id"].as_str().expect("id")),
            Some(&owner.access),
            json!({}),
        )
        .await;
    assert_eq!(c.expect(201)["variant_of"], first.as_str());
    let listed = app.get(&base, Some(&owner.access)).await;
    assert_eq!(
        listed.expect(200)["items"].as_array().map(Vec::len),
        Some(3)
    );
}

#[tokio::test]
async fn the_calculators_answer_any_signed_in_caller() {
    let (app, owner, business) = TestApp::with_business().await;
    let value = app
        .post(
            "/api/v1/tools/value-equation",
            Some(&owner.access),
            json!({"dream_outcome": 5, "perceived_likelihood": 5, "time_delay": 5, "effort_sacrifice": 2}),
        )
        .await;
    let value = value.expect(200);
    assert_eq!(value["value"], 2.5);
    assert_eq!(
        value["best_lever"],
        json!({"factor": "effort_sacrifice", "value_after": 5.0, "score_after": 67.5})
    );

    let (_, key) = app.api_key(&owner, business, &["business:read"]).await;
    let pricing = app
        .post(
            "/api/v1/tools/pricing",
            Some(&key),
            json!({"cost": 120_000_00, "target_margin_percent": 40, "installment_months": [3, 6], "installment_markup_percent": 10}),
        )
        .await;
    let pricing = pricing.expect(200);
    assert_eq!(pricing["recommended_price"], 200_000_00);
    assert_eq!(pricing["payment_plans"][1]["months"], 6);
    assert_eq!(pricing["payment_plans"][1]["monthly_payment"], 36_667_00);

    let library = app
        .get("/api/v1/tools/guarantees?locale=ru", Some(&owner.access))
        .await;
    let library = library.expect(200);
    assert_eq!(library["items"].as_array().map(Vec::len), Some(5));
    assert_eq!(library["items"][2]["kind"], "performance");
    assert_eq!(library["items"][2]["risk"], "very_high");

    app.post("/api/v1/tools/value-equation", None, json!({}))
        .await
        .expect_problem(401, "unauthorized");
    let invalid = app
        .post(
            "/api/v1/tools/pricing",
            Some(&owner.access),
            json!({"cost": 1, "target_margin_percent": 100, "installment_months": [1, 6, 6]}),
        )
        .await;
    invalid.expect_problem(422, "validation_failed");
    assert_eq!(
        invalid.fields(),
        ["installment_months", "target_margin_percent"]
    );
}
