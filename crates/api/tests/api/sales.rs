//! Sales: customers, leads, orders and products through the API, and the numbers that follow
//! every write — checked against hand-computed figures and against a brute-force count over
//! the raw orders.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, User};

fn id_of(body: &Value) -> Uuid {
    body["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("id")
}

/// An instant on `day` at `hour` in Tashkent (UTC+5).
fn tashkent(day: &str, hour: u32) -> DateTime<Utc> {
    let day: NaiveDate = day.parse().expect("day");
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).expect("time")) - Duration::hours(5)
}

async fn create(app: &TestApp, owner: &User, business: Uuid, kind: &str, body: Value) -> Uuid {
    let response = app
        .post(
            &format!("/api/v1/businesses/{business}/{kind}"),
            Some(&owner.access),
            body,
        )
        .await;
    id_of(response.expect(201))
}

async fn kpis(app: &TestApp, owner: &User, business: Uuid, from: &str, to: &str) -> Value {
    app.get(
        &format!("/api/v1/businesses/{business}/kpis?from={from}&to={to}"),
        Some(&owner.access),
    )
    .await
    .expect(200)["kpis"]
        .clone()
}

async fn spend(app: &TestApp, business: Uuid, day: &str, channel: &str, amount: i64) {
    let day: NaiveDate = day.parse().expect("day");
    services::store::sales::stats::set_spend(
        app.db(),
        business,
        day,
        domain::channels::Channel::parse(channel).expect("channel"),
        amount,
    )
    .await
    .expect("spend");
}

#[tokio::test]
async fn kpis_follow_every_write_and_match_hand_computed_figures() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let dilnoza = create(
        &app,
        &owner,
        business,
        "customers",
        json!({"name": "Dilnoza", "phone": "90 111 22 33"}),
    )
    .await;
    let aziz = create(
        &app,
        &owner,
        business,
        "customers",
        json!({"name": "Aziz", "email": "Aziz@Example.uz"}),
    )
    .await;
    let bread = create(
        &app,
        &owner,
        business,
        "products",
        json!({"name": "Non", "price": 500_000}),
    )
    .await;

    // Two paid orders of Dilnoza through Instagram, one of Aziz through Telegram that is still
    // pending, and a walk-in sale without a customer.
    let first = app
        .post(
            &format!("{base}/orders"),
            Some(&owner.access),
            json!({"customer_id": dilnoza, "channel": "instagram", "ordered_at": tashkent("2026-03-02", 10),
                   "items": [{"product_id": bread, "quantity": 4}]}),
        )
        .await;
    let first_body = first.expect(201);
    assert_eq!(
        first_body["amount"], 2_000_000,
        "summed from the product's price"
    );
    assert_eq!(first_body["items"][0]["name"], "Non");
    let first = id_of(first_body);
    create(&app, &owner, business, "orders", json!({"customer_id": dilnoza, "channel": "instagram", "amount": 1_000_000, "ordered_at": tashkent("2026-03-20", 12)})).await;
    let pending = create(&app, &owner, business, "orders", json!({"customer_id": aziz, "channel": "telegram", "status": "pending", "amount": 3_000_000, "ordered_at": tashkent("2026-03-05", 9)})).await;
    create(
        &app,
        &owner,
        business,
        "orders",
        json!({"channel": "offline", "amount": 500_000, "ordered_at": tashkent("2026-03-06", 9)}),
    )
    .await;
    spend(&app, business, "2026-03-01", "instagram", 1_000_000).await;
    spend(&app, business, "2026-03-01", "telegram", 500_000).await;

    let k = kpis(&app, &owner, business, "2026-03-01", "2026-03-31").await;
    assert_eq!(k["revenue"], 3_500_000);
    assert_eq!(k["orders"], 3);
    assert_eq!(k["new_customers"], 1);
    assert_eq!(k["spend"], 1_500_000);
    // AOV = 3 500 000 / 3; CAC = 1 500 000 / 1; ROAS = 3 000 000 (marketing channels) / 1 500 000.
    assert_eq!(k["aov"], 1_166_667);
    assert_eq!(k["cac"], 1_500_000);
    assert_eq!(k["roas"], 2.0);
    assert_eq!(k["roi_percent"], 100.0);
    // Two orders from the one ordering customer of the month (the walk-in sale has no buyer
    // to count).
    assert_eq!(k["purchase_frequency"], 2.0);
    assert_eq!(k["clv"], Value::Null, "no gross margin saved yet");
    assert_eq!(
        k["churn_rate"],
        Value::Null,
        "nobody was active before March"
    );

    // The customer list shows the order summary.
    let customer = app
        .get(&format!("{base}/customers/{dilnoza}"), Some(&owner.access))
        .await;
    let customer = customer.expect(200);
    assert_eq!(customer["orders_count"], 2);
    assert_eq!(customer["total_spent"], 3_000_000);
    assert_eq!(customer["phone"], "+998901112233");

    // Aziz pays: revenue and new customers follow at once, on the order's day.
    app.patch(
        &format!("{base}/orders/{pending}"),
        Some(&owner.access),
        json!({"status": "paid"}),
    )
    .await
    .expect(200);
    let k = kpis(&app, &owner, business, "2026-03-05", "2026-03-05").await;
    assert_eq!(
        (k["revenue"].as_i64(), k["new_customers"].as_i64()),
        (Some(3_000_000), Some(1))
    );

    // Dilnoza's first order moves to April: she became a customer on the 20th of March.
    app.patch(
        &format!("{base}/orders/{first}"),
        Some(&owner.access),
        json!({"ordered_at": tashkent("2026-04-01", 10)}),
    )
    .await
    .expect(200);
    let march_2 = kpis(&app, &owner, business, "2026-03-02", "2026-03-02").await;
    assert_eq!(
        (
            march_2["revenue"].as_i64(),
            march_2["new_customers"].as_i64()
        ),
        (Some(0), Some(0))
    );
    let march_20 = kpis(&app, &owner, business, "2026-03-20", "2026-03-20").await;
    assert_eq!(march_20["new_customers"], 1);

    // Deleting an order takes it out; a customer with orders cannot be deleted.
    app.delete(&format!("{base}/orders/{first}"), Some(&owner.access))
        .await
        .expect(204);
    let k = kpis(&app, &owner, business, "2026-03-01", "2026-04-30").await;
    assert_eq!(k["revenue"], 4_500_000);
    app.delete(&format!("{base}/customers/{dilnoza}"), Some(&owner.access))
        .await
        .expect_problem(409, "in_use");

    // A rebuild from the raw rows lands on the same numbers.
    let before = kpis(&app, &owner, business, "2026-03-01", "2026-04-30").await;
    app.post(
        &format!("{base}/kpis/recompute"),
        Some(&owner.access),
        json!({}),
    )
    .await
    .expect(204);
    let after = kpis(&app, &owner, business, "2026-03-01", "2026-04-30").await;
    for field in [
        "revenue",
        "orders",
        "new_customers",
        "aov",
        "purchase_frequency",
        "roas",
    ] {
        assert_eq!(before[field], after[field], "{field}");
    }
}

#[tokio::test]
async fn churn_and_clv_come_from_the_monthly_snapshots() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    app.patch(
        &format!("{base}/profile"),
        Some(&owner.access),
        json!({"gross_margin_percent": 40}),
    )
    .await
    .expect(200);
    // Ten customers order in January; four of them come back in February and April. With the
    // default 90-day (3-month) window the other six are lost in April.
    for n in 0..10 {
        let customer = create(
            &app,
            &owner,
            business,
            "customers",
            json!({"name": format!("Mijoz {n}")}),
        )
        .await;
        create(&app, &owner, business, "orders", json!({"customer_id": customer, "amount": 1_000_000, "ordered_at": tashkent("2026-01-10", 12)})).await;
        if n < 4 {
            create(&app, &owner, business, "orders", json!({"customer_id": customer, "amount": 1_000_000, "ordered_at": tashkent("2026-02-10", 12)})).await;
            create(&app, &owner, business, "orders", json!({"customer_id": customer, "amount": 1_000_000, "ordered_at": tashkent("2026-04-10", 12)})).await;
        }
    }
    app.clock.set(tashkent("2026-05-15", 12));
    app.post(
        &format!("{base}/kpis/recompute"),
        Some(&owner.access),
        json!({}),
    )
    .await
    .expect(204);

    let response = app
        .get(
            &format!("{base}/kpis?from=2026-04-01&to=2026-04-30"),
            Some(&owner.access),
        )
        .await;
    let body = response.expect(200);
    assert_eq!(body["gross_margin_percent"], 40);
    assert_eq!(body["churn_window_days"], 90);
    let k = &body["kpis"];
    assert_eq!(
        k["churn_rate"], 0.6,
        "6 of the 10 active at the start of April"
    );
    let lifetime = k["customer_lifetime_months"].as_f64().expect("lifetime");
    assert!((lifetime - 1.0 / 0.6).abs() < 1e-9);
    // CLV = AOV 1 000 000 × 1 order a month × 0.4 × 1.667 months.
    let clv = k["clv"].as_i64().expect("clv");
    assert_eq!(clv, 666_667);

    let cohorts = app
        .get(&format!("{base}/cohorts?months=6"), Some(&owner.access))
        .await;
    let january = &cohorts.expect(200)["cohorts"][0];
    assert_eq!(january["month"], "2026-01-01");
    assert_eq!(january["customers"], 10);
    assert_eq!(january["retention"], json!([1.0, 0.4, 0.0, 0.4]));
}

#[tokio::test]
async fn the_pipeline_moves_feed_the_funnel_and_the_activity_log() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    app.clock.set(tashkent("2026-06-10", 12));
    let mut leads = Vec::new();
    for n in 0..4 {
        leads.push(
            create(
                &app,
                &owner,
                business,
                "leads",
                json!({"name": format!("Lid {n}"), "utm_source": "ig"}),
            )
            .await,
        );
    }
    let first = app
        .get(&format!("{base}/leads/{}", leads[0]), Some(&owner.access))
        .await;
    assert_eq!(
        first.expect(200)["channel"],
        "instagram",
        "read from utm_source"
    );
    for (lead, stage) in [
        (leads[0], "qualified"),
        (leads[1], "proposal"),
        (leads[2], "proposal"),
    ] {
        app.patch(
            &format!("{base}/leads/{lead}"),
            Some(&owner.access),
            json!({"stage": stage}),
        )
        .await
        .expect(200);
    }
    // A lost lead keeps the furthest stage it reached.
    let lost = app
        .patch(
            &format!("{base}/leads/{}", leads[2]),
            Some(&owner.access),
            json!({"stage": "lost", "lost_reason": "Qimmat"}),
        )
        .await;
    assert_eq!(lost.expect(200)["furthest_stage"], "proposal");
    assert!(
        app.activity_actions(business)
            .await
            .contains(&"stage_changed".to_owned())
    );

    let customer = create(
        &app,
        &owner,
        business,
        "customers",
        json!({"name": "Lid 1"}),
    )
    .await;
    create(
        &app,
        &owner,
        business,
        "orders",
        json!({"customer_id": customer, "channel": "instagram", "amount": 700_000}),
    )
    .await;

    let funnel = app
        .get(
            &format!("{base}/funnel?from=2026-06-01&to=2026-06-30&channel=instagram"),
            Some(&owner.access),
        )
        .await;
    let funnel = funnel.expect(200);
    let counts: Vec<Value> = funnel["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["count"].clone())
        .collect();
    assert_eq!(
        counts,
        vec![Value::Null, json!(4), json!(3), json!(2), json!(1)]
    );
    assert_eq!(funnel["steps"][4]["conversion"], 0.5);
    assert_eq!(funnel["biggest_drop"], "purchase");

    // One kanban column.
    let proposals = app
        .get(&format!("{base}/leads?stage=proposal"), Some(&owner.access))
        .await;
    assert_eq!(
        proposals.expect(200)["items"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn bad_input_names_the_field_and_duplicates_the_key() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    create(
        &app,
        &owner,
        business,
        "customers",
        json!({"name": "Dilnoza", "phone": "+998 90 111 22 33", "external_id": "C-1"}),
    )
    .await;
    let same_phone = app
        .post(
            &format!("{base}/customers"),
            Some(&owner.access),
            json!({"name": "Boshqa", "phone": "901112233"}),
        )
        .await;
    same_phone.expect_problem(409, "duplicate");
    assert_eq!(same_phone.fields(), vec!["phone"]);

    let bad_phone = app
        .post(
            &format!("{base}/customers"),
            Some(&owner.access),
            json!({"name": "X", "phone": "12"}),
        )
        .await;
    bad_phone.expect_problem(422, "validation_failed");
    assert_eq!(bad_phone.fields(), vec!["phone"]);

    let no_amount = app
        .post(&format!("{base}/orders"), Some(&owner.access), json!({}))
        .await;
    no_amount.expect_problem(422, "validation_failed");
    assert_eq!(no_amount.fields(), vec!["amount"]);

    let mismatch = app
        .post(
            &format!("{base}/orders"),
            Some(&owner.access),
            json!({"amount": 5, "items": [{"name": "Non", "quantity": 2, "unit_price": 3}]}),
        )
        .await;
    mismatch.expect_problem(422, "validation_failed");
    assert_eq!(mismatch.fields(), vec!["amount"]);

    // Another business's customer and product are unknown here.
    let other_owner = app.signed_up("other@example.uz").await;
    let other = app.create_business(&other_owner, "Boshqa").await;
    let foreign_customer = create(
        &app,
        &other_owner,
        other,
        "customers",
        json!({"name": "Begona"}),
    )
    .await;
    let foreign_product = create(
        &app,
        &other_owner,
        other,
        "products",
        json!({"name": "Begona", "price": 1}),
    )
    .await;
    let foreign = app
        .post(
            &format!("{base}/orders"),
            Some(&owner.access),
            json!({"amount": 1, "customer_id": foreign_customer}),
        )
        .await;
    foreign.expect_problem(422, "validation_failed");
    assert_eq!(foreign.fields(), vec!["customer_id"]);
    let foreign = app
        .post(
            &format!("{base}/orders"),
            Some(&owner.access),
            json!({"items": [{"product_id": foreign_product, "quantity": 1}]}),
        )
        .await;
    foreign.expect_problem(422, "validation_failed");
    assert_eq!(foreign.fields(), vec!["items[0].product_id"]);

    let reversed = app
        .get(
            &format!("{base}/kpis?from=2026-02-01&to=2026-01-01"),
            Some(&owner.access),
        )
        .await;
    reversed.expect_problem(422, "validation_failed");
    assert_eq!(reversed.fields(), vec!["from"]);

    // Nothing of the refused writes was saved; the list is searchable.
    let found = app
        .get(&format!("{base}/customers?q=dilno"), Some(&owner.access))
        .await;
    assert_eq!(found.expect(200)["items"].as_array().map(Vec::len), Some(1));
    let orders = app
        .get(&format!("{base}/orders"), Some(&owner.access))
        .await;
    assert_eq!(
        orders.expect(200)["items"].as_array().map(Vec::len),
        Some(0)
    );
}

/// A small deterministic generator, so a failing sequence can be replayed from its seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

#[derive(Clone)]
struct ModelOrder {
    customer: Option<usize>,
    day: NaiveDate,
    amount: i64,
    paid: bool,
}

#[tokio::test]
async fn aggregates_match_a_brute_force_count_over_the_raw_orders() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let mut customers = Vec::new();
    for n in 0..6 {
        customers.push(
            create(
                &app,
                &owner,
                business,
                "customers",
                json!({"name": format!("M{n}")}),
            )
            .await,
        );
    }
    let start: NaiveDate = "2026-01-01".parse().expect("day");
    let statuses = ["paid", "completed", "pending", "cancelled", "refunded"];
    for seed in [7u64, 1_234_567] {
        let mut rng = Lcg(seed);
        let mut model: HashMap<Uuid, ModelOrder> = HashMap::new();
        for _ in 0..60 {
            let existing: Vec<Uuid> = model.keys().copied().collect();
            let choice = rng.next(10);
            if choice < 6 || existing.is_empty() {
                let customer = (rng.next(7) < 6).then(|| rng.next(6) as usize);
                let day = start + Duration::days(rng.next(120) as i64);
                let status = statuses[rng.next(5) as usize];
                let amount = 1_000 * (1 + rng.next(500) as i64);
                let id = create(&app, &owner, business, "orders", json!({
                    "customer_id": customer.map(|c| customers[c]), "amount": amount, "status": status,
                    "ordered_at": tashkent(&day.to_string(), 1 + rng.next(22) as u32),
                })).await;
                model.insert(
                    id,
                    ModelOrder {
                        customer,
                        day,
                        amount,
                        paid: status == "paid" || status == "completed",
                    },
                );
            } else {
                let id = existing[rng.next(existing.len() as u64) as usize];
                if choice < 9 {
                    let day = start + Duration::days(rng.next(120) as i64);
                    let status = statuses[rng.next(5) as usize];
                    app.patch(
                        &format!("{base}/orders/{id}"),
                        Some(&owner.access),
                        json!({
                            "status": status, "ordered_at": tashkent(&day.to_string(), 23),
                        }),
                    )
                    .await
                    .expect(200);
                    // 23:00 in Tashkent is still the same day there, though it is 18:00 UTC.
                    let order = model.get_mut(&id).expect("known");
                    order.day = day;
                    order.paid = status == "paid" || status == "completed";
                } else {
                    app.delete(&format!("{base}/orders/{id}"), Some(&owner.access))
                        .await
                        .expect(204);
                    model.remove(&id);
                }
            }
        }
        let all_orders: Vec<&ModelOrder> = model.values().filter(|o| o.paid).collect();
        let first_day: HashMap<usize, NaiveDate> = all_orders
            .iter()
            .filter_map(|o| o.customer.map(|c| (c, o.day)))
            .fold(HashMap::new(), |mut firsts, (c, day)| {
                firsts
                    .entry(c)
                    .and_modify(|d: &mut NaiveDate| *d = (*d).min(day))
                    .or_insert(day);
                firsts
            });
        for check in 0..8 {
            let from = start + Duration::days(rng.next(120) as i64);
            let to = from + Duration::days(rng.next(60) as i64);
            let within: Vec<&&ModelOrder> = all_orders
                .iter()
                .filter(|o| o.day >= from && o.day <= to)
                .collect();
            let revenue: i64 = within.iter().map(|o| o.amount).sum();
            let new_customers = first_day
                .values()
                .filter(|d| **d >= from && **d <= to)
                .count() as i64;
            let k = kpis(&app, &owner, business, &from.to_string(), &to.to_string()).await;
            let context = format!("seed {seed}, check {check}, {from}..{to}");
            assert_eq!(k["revenue"].as_i64(), Some(revenue), "{context}");
            assert_eq!(k["orders"].as_i64(), Some(within.len() as i64), "{context}");
            assert_eq!(
                k["new_customers"].as_i64(),
                Some(new_customers),
                "{context}"
            );
        }
        // Customer-months (the purchase frequency) over the whole span: orders of known
        // customers per customer and month.
        let mut pairs: Vec<(usize, u32)> = all_orders
            .iter()
            .filter_map(|o| o.customer.map(|c| (c, chrono::Datelike::month(&o.day))))
            .collect();
        let customer_orders = pairs.len() as f64;
        pairs.sort_unstable();
        pairs.dedup();
        let whole = kpis(&app, &owner, business, "2026-01-01", "2026-05-31").await;
        let expected = (!pairs.is_empty()).then(|| customer_orders / pairs.len() as f64);
        let got = whole["purchase_frequency"].as_f64();
        assert_eq!(got.is_some(), expected.is_some(), "seed {seed}");
        if let (Some(got), Some(expected)) = (got, expected) {
            assert!(
                (got - expected).abs() < 1e-9,
                "seed {seed}: {got} vs {expected}"
            );
        }
        let funnel = app
            .get(
                &format!("{base}/funnel?from=2026-01-01&to=2026-05-31"),
                Some(&owner.access),
            )
            .await;
        assert_eq!(
            funnel.expect(200)["steps"][4]["count"].as_i64(),
            Some(first_day.len() as i64),
            "seed {seed}"
        );
        for (index, customer) in customers.iter().enumerate() {
            let theirs: Vec<&&ModelOrder> = all_orders
                .iter()
                .filter(|o| o.customer == Some(index))
                .collect();
            let body = app
                .get(&format!("{base}/customers/{customer}"), Some(&owner.access))
                .await;
            let body = body.expect(200);
            assert_eq!(
                body["orders_count"].as_i64(),
                Some(theirs.len() as i64),
                "seed {seed}"
            );
            assert_eq!(
                body["total_spent"].as_i64(),
                Some(theirs.iter().map(|o| o.amount).sum::<i64>()),
                "seed {seed}"
            );
        }
        // The next seed starts from a clean slate of orders.
        for id in model.keys() {
            app.delete(&format!("{base}/orders/{id}"), Some(&owner.access))
                .await
                .expect(204);
        }
        let empty = kpis(&app, &owner, business, "2026-01-01", "2026-12-31").await;
        assert_eq!(
            (empty["revenue"].as_i64(), empty["new_customers"].as_i64()),
            (Some(0), Some(0))
        );
    }
}

#[tokio::test]
async fn the_dashboard_brings_cards_series_funnel_channels_goals_and_alerts_in_one_call() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    app.clock.set(tashkent("2026-03-31", 20));

    let empty = app
        .get(&format!("{base}/dashboard"), Some(&owner.access))
        .await;
    assert_eq!(
        empty.expect(200)["has_data"],
        false,
        "a new business is shown first steps"
    );

    // February: 2 orders for 1 000 000; March: 3 orders for 3 000 000 through Instagram with
    // 4 000 000 of Instagram spend, which is ROAS 0.75.
    for (day, amount) in [("2026-02-10", 400_000), ("2026-02-20", 600_000)] {
        create(
            &app,
            &owner,
            business,
            "orders",
            json!({"amount": amount, "channel": "telegram", "ordered_at": tashkent(day, 12)}),
        )
        .await;
    }
    for day in ["2026-03-03", "2026-03-10", "2026-03-10"] {
        let customer = create(
            &app,
            &owner,
            business,
            "customers",
            json!({"name": format!("Mijoz {day}-{}", Uuid::now_v7())}),
        )
        .await;
        create(&app, &owner, business, "orders", json!({"amount": 1_000_000, "channel": "instagram", "customer_id": customer, "ordered_at": tashkent(day, 12)})).await;
    }
    spend(&app, business, "2026-03-05", "instagram", 4_000_000).await;
    let goal = app
        .post(&format!("{base}/goals"), Some(&owner.access),
              json!({"metric": "revenue", "target": 6_000_000, "period_start": "2026-03-01", "period_end": "2026-03-31"}))
        .await;
    assert_eq!(
        goal.expect(201)["progress"]["ratio"],
        0.5,
        "goals show live progress"
    );
    app.post(
        &format!("{base}/kpis/recompute"),
        Some(&owner.access),
        json!({}),
    )
    .await
    .expect(204);

    let response = app
        .get(
            &format!("{base}/dashboard?period=this_month&cards=revenue,orders,roas,cac"),
            Some(&owner.access),
        )
        .await;
    let d = response.expect(200);
    assert_eq!(d["has_data"], true);
    assert_eq!(
        d["period"],
        json!({"from": "2026-03-01", "to": "2026-03-31"})
    );
    assert_eq!(
        d["compared_with"],
        json!({"from": "2026-01-29", "to": "2026-02-28"})
    );
    let revenue = &d["cards"][0];
    assert_eq!(
        (
            revenue["metric"].as_str(),
            revenue["value"].as_f64(),
            revenue["previous"].as_f64()
        ),
        (Some("revenue"), Some(3_000_000.0), Some(1_000_000.0))
    );
    assert_eq!(revenue["change"], 2.0);
    assert_eq!(revenue["improved"], true);
    assert_eq!(d["cards"][2]["value"], 0.75);
    assert_eq!(d["cards"][3]["metric"], "cac");
    assert_eq!(
        d["revenue_series"].as_array().map(Vec::len),
        Some(31),
        "every day, zeros included"
    );
    assert_eq!(d["revenue_series"][9]["revenue"], 2_000_000);
    assert_eq!(d["channels"][0]["channel"], "instagram");
    assert_eq!(d["channels"][0]["roas"], 0.75);
    assert_eq!(d["funnel"]["steps"][4]["count"], 3);
    assert_eq!(d["goals"][0]["progress"]["current"], 3_000_000.0);
    // The rebuild looked at the last 30 days: ROAS below 1 is an open alert.
    let kinds: Vec<&str> = d["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .filter_map(|a| a["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"roas_below_one"), "{kinds:?}");
    let alert = d["alerts"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["kind"] == "roas_below_one"))
        .map(id_of)
        .expect("alert");
    app.post(
        &format!("{base}/alerts/{alert}/dismiss"),
        Some(&owner.access),
        json!({}),
    )
    .await
    .expect(200);
    let open = app
        .get(&format!("{base}/alerts"), Some(&owner.access))
        .await;
    assert!(
        open.expect(200)["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|a| a["kind"] != "roas_below_one")
    );
    let all = app
        .get(&format!("{base}/alerts?status=all"), Some(&owner.access))
        .await;
    assert!(
        all.expect(200)["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|a| a["kind"] == "roas_below_one")
    );

    let unknown = app
        .get(
            &format!("{base}/dashboard?cards=revenue,profit"),
            Some(&owner.access),
        )
        .await;
    unknown.expect_problem(422, "validation_failed");
    assert_eq!(unknown.fields(), vec!["cards"]);

    // The charts, as the app and integrators fetch them.
    let svg = app
        .get(
            &format!("{base}/charts/revenue.svg?period=this_month&locale=ru"),
            Some(&owner.access),
        )
        .await;
    svg.expect(200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.text.contains("Выручка"), "labels in the asked language");
    let funnel = app
        .get(
            &format!("{base}/charts/funnel.svg?from=2026-03-01&to=2026-03-31"),
            Some(&owner.access),
        )
        .await;
    assert!(
        funnel.expect(200).is_null() && funnel.text.contains("Xarid"),
        "the business's language by default"
    );
    let png = app
        .get(&format!("{base}/charts/channels.png"), Some(&owner.access))
        .await;
    png.expect(200);
    assert_eq!(png.header("content-type"), Some("image/png"));
}

#[tokio::test]
async fn a_computed_dashboard_serves_until_something_under_it_changes() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    app.clock.set(tashkent("2026-03-31", 20));
    let path = format!("{base}/dashboard?period=this_month&cards=revenue,roas");
    let revenue = |d: &Value| d["cards"][0]["value"].as_f64();
    let dashboard = || app.get(&path, Some(&owner.access));

    create(&app, &owner, business, "orders", json!({"amount": 1_000_000, "channel": "instagram", "ordered_at": tashkent("2026-03-02", 12)})).await;
    assert_eq!(revenue(dashboard().await.expect(200)), Some(1_000_000.0));

    // A row written around the writers is not seen: the answer comes from memory...
    sqlx::query("update sales_daily_stats set revenue = revenue + 500000 where business_id = $1")
        .bind(business)
        .execute(app.db())
        .await
        .expect("write around");
    assert_eq!(revenue(dashboard().await.expect(200)), Some(1_000_000.0));

    // ...until a write moves the version: an order, spend, a goal.
    create(&app, &owner, business, "orders", json!({"amount": 1_000_000, "channel": "instagram", "ordered_at": tashkent("2026-03-03", 12)})).await;
    assert_eq!(
        revenue(dashboard().await.expect(200)),
        Some(2_500_000.0),
        "recomputed: the new order and the row written around"
    );
    spend(&app, business, "2026-03-05", "instagram", 1_000_000).await;
    assert_eq!(dashboard().await.expect(200)["cards"][1]["value"], 2.5);
    let goal = app
        .post(&format!("{base}/goals"), Some(&owner.access),
              json!({"metric": "revenue", "target": 5_000_000, "period_start": "2026-03-01", "period_end": "2026-03-31"}))
        .await;
    let goal = id_of(goal.expect(201));
    assert_eq!(
        dashboard().await.expect(200)["goals"][0]["progress"]["ratio"],
        0.5
    );
    app.delete(&format!("{base}/goals/{goal}"), Some(&owner.access))
        .await
        .expect(204);
    assert_eq!(dashboard().await.expect(200)["goals"], json!([]));

    // Another period or other cards are other answers.
    let february = app
        .get(
            &format!("{base}/dashboard?from=2026-02-01&to=2026-02-28"),
            Some(&owner.access),
        )
        .await;
    assert_eq!(february.expect(200)["cards"][0]["value"], 0.0);
}

async fn count(app: &TestApp, table: &str, business: Uuid) -> i64 {
    let sql = match table {
        "orders" => "select count(*) from orders where business_id = $1",
        "customers" => "select count(*) from customers where business_id = $1",
        _ => "select count(*) from leads where business_id = $1",
    };
    sqlx::query_scalar(sql)
        .bind(business)
        .fetch_one(app.db())
        .await
        .expect("count")
}

#[tokio::test]
async fn the_order_template_imports_as_it_is_and_only_once_and_can_be_undone() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let template = app
        .get(
            &format!("{base}/imports/orders/template"),
            Some(&owner.access),
        )
        .await;
    template.expect(200);
    assert!(template.text.starts_with("external_id,customer_external_id,customer_name,customer_phone,customer_email,ordered_at,amount,currency,status,channel\n"));
    let file = format!(
        "{}O-3002,C-1001,Dilnoza Karimova,+998901234567,dilnoza@example.uz,2026-03-02,250000.50,UZS,paid,telegram\n\
         O-3003,,Walk-in,,,2026-03-03 12:00,90 000,,,do'kon\n",
        template.text
    );
    let first = app
        .upload(
            &format!("{base}/imports/orders"),
            &owner.access,
            "text/csv",
            file.clone(),
        )
        .await;
    let report = first.expect(201).clone();
    assert_eq!(report["status"], "succeeded");
    assert_eq!(
        (report["rows_read"].as_u64(), report["created"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(
        report["customers_created"], 1,
        "one buyer, matched by external id, phone and e-mail"
    );
    let k = kpis(&app, &owner, business, "2026-03-01", "2026-03-03").await;
    assert_eq!(k["revenue"], 15_000_000 + 25_000_050 + 9_000_000);
    assert_eq!(k["new_customers"], 1);

    // The same file again creates nothing.
    let again = app
        .upload(
            &format!("{base}/imports/orders"),
            &owner.access,
            "text/csv",
            file,
        )
        .await;
    let again = again.expect(201).clone();
    assert_eq!(
        (again["created"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(3))
    );
    assert_eq!(count(&app, "orders", business).await, 3);

    // Undo takes out the orders and the customer it created, and the numbers follow.
    let id = report["id"].as_str().expect("id");
    let undone = app
        .post(
            &format!("{base}/imports/{id}/undo"),
            Some(&owner.access),
            json!({}),
        )
        .await;
    assert_eq!(undone.expect(200)["status"], "undone");
    assert_eq!(
        (
            count(&app, "orders", business).await,
            count(&app, "customers", business).await
        ),
        (0, 0)
    );
    let k = kpis(&app, &owner, business, "2026-03-01", "2026-03-03").await;
    assert_eq!(k["revenue"], 0);
    app.post(
        &format!("{base}/imports/{id}/undo"),
        Some(&owner.access),
        json!({}),
    )
    .await
    .expect_problem(409, "conflict");
    assert!(
        app.activity_actions(business)
            .await
            .contains(&"imported".to_owned())
    );
    // Every import is listed, newest first, one page at a time.
    let listed = app
        .get(&format!("{base}/imports?limit=1"), Some(&owner.access))
        .await;
    let listed = listed.expect(200);
    assert_eq!(listed["items"][0]["id"], again["id"]);
    assert_eq!(listed["items"][0]["created"], 0);
    let cursor = listed["next_cursor"].as_str().expect("an earlier import");
    let earlier = app
        .get(
            &format!("{base}/imports?limit=1&cursor={cursor}"),
            Some(&owner.access),
        )
        .await;
    let earlier = earlier.expect(200);
    assert_eq!(earlier["items"][0]["id"], id);
    assert_eq!(earlier["items"][0]["status"], "undone");
}

#[tokio::test]
async fn bad_rows_are_reported_by_line_and_column_and_nothing_is_lost() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    create(&app, &owner, business, "orders", json!({"amount": 1_000})).await;
    // Their own headers, mapped; line 3 has a bad date and amount, line 4 a foreign currency.
    let file = "Sana;Summa\n".replace(';', ",")
        + "2026-04-01,120000\n"
        + "01.04.2026,12O000\n"
        + "2026-04-02,5000\n";
    let mapping = r#"{"ordered_at":"Sana","amount":"Summa"}"#;
    let path = |extra: &str| {
        format!(
            "{base}/imports/orders?mapping={}{extra}",
            urlencode(mapping)
        )
    };

    let unmapped = app
        .upload(
            &format!("{base}/imports/orders"),
            &owner.access,
            "text/csv",
            file.clone(),
        )
        .await;
    unmapped.expect_problem(422, "validation_failed");
    assert_eq!(unmapped.fields(), vec!["mapping"]);
    assert!(
        unmapped.text.contains("Sana"),
        "names the columns the file has: {}",
        unmapped.text
    );

    let dry = app
        .upload(
            &path("&dry_run=true"),
            &owner.access,
            "text/csv",
            file.clone(),
        )
        .await;
    let dry = dry.expect(200);
    assert_eq!(dry["status"], "checked");
    assert_eq!(dry["id"], Value::Null);
    assert_eq!(
        (dry["rows_read"].as_u64(), dry["rows_invalid"].as_u64()),
        (Some(3), Some(1))
    );
    let errors: Vec<(u64, &str)> = dry["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap_or(0),
                e["column"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(errors, vec![(3, "ordered_at"), (3, "amount")]);

    let refused = app
        .upload(&path(""), &owner.access, "text/csv", file.clone())
        .await;
    assert_eq!(refused.expect(200)["status"], "failed");
    assert_eq!(
        count(&app, "orders", business).await,
        1,
        "all or nothing: nothing written, nothing lost"
    );

    let skipped = app
        .upload(&path("&mode=skip_invalid"), &owner.access, "text/csv", file)
        .await;
    let skipped = skipped.expect(201);
    assert_eq!(
        (
            skipped["created"].as_u64(),
            skipped["rows_invalid"].as_u64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(count(&app, "orders", business).await, 3);

    let pdf = app
        .upload(
            &format!("{base}/imports/orders"),
            &owner.access,
            "application/pdf",
            "%PDF-1.7",
        )
        .await;
    pdf.expect_problem(415, "unsupported_media_type");
    let broken = app
        .upload(
            &format!("{base}/imports/orders"),
            &owner.access,
            XLSX,
            b"PK\x03\x04 not really a workbook".to_vec(),
        )
        .await;
    broken.expect_problem(422, "validation_failed");
    assert_eq!(broken.fields(), vec!["file"]);
    let old_excel = app
        .upload(
            &format!("{base}/imports/orders"),
            &owner.access,
            "application/vnd.ms-excel",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        )
        .await;
    old_excel.expect_problem(422, "validation_failed");
    assert!(
        old_excel.text.contains("unsupported_format"),
        "{}",
        old_excel.text
    );
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[tokio::test]
async fn orders_import_from_an_excel_workbook_as_excel_types_them() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    // As an owner's spreadsheet holds them: a title-less header in row 1, phone numbers and
    // amounts typed as numbers, dates as Excel dates (one with a time), a blank row between.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let date_time = Format::new().set_num_format("dd.mm.yyyy hh:mm");
    let header = [
        "Raqam", "Mijoz", "Telefon", "Sana", "Summa", "Holat", "Kanal",
    ];
    for (column, name) in header.iter().enumerate() {
        sheet.write_string(0, column as u16, *name).expect("cell");
    }
    let rows = [
        (
            "X-1",
            "Dilnoza",
            998_901_234_567.0,
            (2026, 3, 2, 0, 0),
            150_000.0,
            "Yetkazildi",
            "Instagram",
        ),
        (
            "X-2",
            "Aziz",
            901_112_233.0,
            (2026, 3, 5, 14, 30),
            75_500.5,
            "paid",
            "telegram",
        ),
    ];
    for (n, (id, name, phone, (y, m, d, h, min), amount, status, channel)) in
        rows.iter().enumerate()
    {
        let row = if n == 0 { 1 } else { 3 };
        sheet.write_string(row, 0, *id).expect("cell");
        sheet.write_string(row, 1, *name).expect("cell");
        sheet.write_number(row, 2, *phone).expect("cell");
        let at = ExcelDateTime::from_ymd(*y, *m, *d)
            .and_then(|day| day.and_hms(*h, *min, 0))
            .expect("date");
        let format = if *h == 0 { &date } else { &date_time };
        sheet
            .write_datetime_with_format(row, 3, &at, format)
            .expect("cell");
        sheet.write_number(row, 4, *amount).expect("cell");
        sheet.write_string(row, 5, *status).expect("cell");
        sheet.write_string(row, 6, *channel).expect("cell");
    }
    let file = book.save_to_buffer().expect("workbook");

    // A first check, before any column is matched, names the file's columns and what is
    // missing, so the app can offer them for mapping.
    let first_look = app
        .upload(
            &format!("{base}/imports/orders?dry_run=true"),
            &owner.access,
            XLSX,
            file.clone(),
        )
        .await;
    let first_look = first_look.expect(200);
    assert_eq!(first_look["status"], "checked");
    assert_eq!(first_look["headers"], json!(header));
    let missing: Vec<(u64, &str)> = first_look["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| Some((e["line"].as_u64()?, e["column"].as_str()?)))
        .collect();
    assert_eq!(missing, vec![(1, "ordered_at"), (1, "amount")]);
    let refused = app
        .upload(
            &format!("{base}/imports/orders"),
            &owner.access,
            XLSX,
            file.clone(),
        )
        .await;
    refused.expect_problem(422, "validation_failed");
    assert_eq!(refused.fields(), vec!["mapping"]);

    let mapping = urlencode(
        &json!({"external_id": "Raqam", "customer_name": "Mijoz", "customer_phone": "Telefon",
                "ordered_at": "Sana", "amount": "Summa", "status": "Holat", "channel": "Kanal"})
        .to_string(),
    );
    let path = format!("{base}/imports/orders?mapping={mapping}");
    // Sent as a browser sends a file it cannot name: the bytes say it is a workbook.
    let report = app
        .upload(&path, &owner.access, "application/octet-stream", file)
        .await;
    let report = report.expect(201);
    assert_eq!(
        (
            report["created"].as_u64(),
            report["customers_created"].as_u64(),
            report["rows_invalid"].as_u64()
        ),
        (Some(2), Some(2), Some(0)),
        "{report}"
    );
    let orders = app
        .get(&format!("{base}/orders"), Some(&owner.access))
        .await;
    let orders = orders.expect(200)["items"]
        .as_array()
        .expect("items")
        .clone();
    let by_id = |id: &str| {
        orders
            .iter()
            .find(|o| o["external_id"] == id)
            .cloned()
            .expect("imported order")
    };
    let first = by_id("X-1");
    assert_eq!(first["amount"], 15_000_000, "so'm into tiyin");
    assert_eq!(first["status"], "completed");
    assert_eq!(first["channel"], "instagram");
    assert_eq!(
        first["ordered_at"]
            .as_str()
            .map(|t| t.parse::<DateTime<Utc>>().ok()),
        Some(Some(tashkent("2026-03-02", 0))),
        "a date alone starts the day in Tashkent"
    );
    let second = by_id("X-2");
    assert_eq!(second["amount"], 7_550_050);
    assert_eq!(
        second["ordered_at"]
            .as_str()
            .map(|t| t.parse::<DateTime<Utc>>().ok()),
        Some(Some(
            tashkent("2026-03-05", 14) + chrono::Duration::minutes(30)
        ))
    );
    let customers = app
        .get(&format!("{base}/customers?q=Aziz"), Some(&owner.access))
        .await;
    assert_eq!(
        customers.expect(200)["items"][0]["phone"],
        "+998901112233",
        "a phone typed as a number"
    );
}

#[tokio::test]
async fn customers_and_leads_import_with_their_templates() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    create(
        &app,
        &owner,
        business,
        "customers",
        json!({"name": "Bor", "phone": "+998901234567"}),
    )
    .await;
    let template = app
        .get(
            &format!("{base}/imports/customers/template"),
            Some(&owner.access),
        )
        .await;
    let file = format!(
        "{}C-1002,Yangi mijoz,93 555 11 22,,telegram,\n",
        template.text
    );
    let report = app
        .upload(
            &format!("{base}/imports/customers"),
            &owner.access,
            "text/csv",
            file,
        )
        .await;
    let report = report.expect(201);
    assert_eq!(
        (report["created"].as_u64(), report["duplicates"].as_u64()),
        (Some(1), Some(1)),
        "{report}"
    );
    let found = app
        .get(
            &format!("{base}/customers?q=935551122"),
            Some(&owner.access),
        )
        .await;
    assert_eq!(found.expect(200)["items"][0]["channel"], "telegram");

    let template = app
        .get(
            &format!("{base}/imports/leads/template"),
            Some(&owner.access),
        )
        .await;
    let report = app
        .upload(
            &format!("{base}/imports/leads"),
            &owner.access,
            "text/csv",
            template.text.clone(),
        )
        .await;
    assert_eq!(report.expect(201)["created"], 1);
    let funnel = app
        .get(
            &format!("{base}/funnel?from=2026-03-01&to=2026-03-01"),
            Some(&owner.access),
        )
        .await;
    let steps = &funnel.expect(200)["steps"];
    assert_eq!(
        (steps[1]["count"].as_i64(), steps[2]["count"].as_i64()),
        (Some(1), Some(1)),
        "the qualified lead of the template counts"
    );

    // Saved from a spreadsheet set to Russian: semicolons, a comma inside a name.
    let semicolons = "name;phone;email\n\"Karimova, Dilnoza\";90 555 44 33;\n";
    let report = app
        .upload(
            &format!("{base}/imports/customers"),
            &owner.access,
            "application/vnd.ms-excel",
            semicolons,
        )
        .await;
    assert_eq!(report.expect(201)["created"], 1);
    let found = app
        .get(&format!("{base}/customers?q=Karimova"), Some(&owner.access))
        .await;
    let found = found.expect(200);
    assert_eq!(found["items"][0]["name"], "Karimova, Dilnoza");
    assert_eq!(found["items"][0]["phone"], "+998905554433");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn every_list_exports_as_csv_and_xlsx_with_its_filters() {
    let (app, owner, business) = TestApp::with_business().await;
    let base = format!("/api/v1/businesses/{business}");
    let dilnoza = create(
        &app,
        &owner,
        business,
        "customers",
        json!({"name": "=Dilnoza", "phone": "+998901112233"}),
    )
    .await;
    for n in 0..1_205 {
        let status = if n % 5 == 0 { "cancelled" } else { "paid" };
        create(
            &app,
            &owner,
            business,
            "orders",
            json!({"amount": 100_000 + n, "status": status, "customer_id": dilnoza}),
        )
        .await;
    }
    let csv = app
        .get(
            &format!("{base}/orders/export.csv?status=paid"),
            Some(&owner.access),
        )
        .await;
    csv.expect(200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(
        lines[0],
        "id,external_id,customer_id,ordered_at,amount,currency,status,channel,items,notes"
    );
    assert_eq!(
        lines.len(),
        1 + 964,
        "every page of the filtered list, not just one"
    );
    assert!(lines.iter().skip(1).all(|l| l.contains(",paid,")));

    let customers = app
        .get(&format!("{base}/customers/export.csv"), Some(&owner.access))
        .await;
    assert!(
        customers.expect(200).is_null() && customers.text.contains("'=Dilnoza"),
        "no formulas reach a spreadsheet"
    );

    for list in ["customers", "leads", "orders", "products"] {
        let xlsx = app
            .get(&format!("{base}/{list}/export.xlsx"), Some(&owner.access))
            .await;
        xlsx.expect(200);
        assert_eq!(
            xlsx.header("content-type"),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "{list}"
        );
        assert!(
            xlsx.text.starts_with("PK"),
            "{list}: a zip, as XLSX files are"
        );
    }
    let exported = app
        .activity_actions(business)
        .await
        .iter()
        .filter(|a| *a == "exported")
        .count();
    assert_eq!(exported, 6);
}
