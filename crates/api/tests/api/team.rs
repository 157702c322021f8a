use serde_json::json;
use uuid::Uuid;

use crate::helpers::TestApp;

#[tokio::test]
async fn an_invited_person_signs_up_and_joins_with_the_role() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("aziz@example.uz").await;
    let business = app.create_business(&owner, "Samarqand Non").await;
    let invited = app
        .post(
            &format!("/api/v1/businesses/{business}/invitations"),
            Some(&owner.access),
            json!({"email": "Malika@Example.uz", "role": "marketer"}),
        )
        .await;
    let invitation = invited.expect(201).clone();
    assert_eq!(invitation["email"], "malika@example.uz");
    let email = app.email_to("malika@example.uz").await;
    assert!(email.body.contains("Samarqand Non"), "{}", email.body);
    assert!(
        email.body.contains("marketolog"),
        "the role in the business's language: {}",
        email.body
    );
    let token = TestApp::token_in(&email, "/invitations/accept");

    let preview = app
        .post("/api/v1/invitations/lookup", None, json!({"token": token}))
        .await;
    let preview = preview.expect(200);
    assert_eq!(preview["business_name"], "Samarqand Non");
    assert_eq!(preview["role"], "marketer");
    assert_eq!(preview["invited_by_name"], "aziz");

    let stranger = app.signed_up("stranger@example.uz").await;
    app.post(
        "/api/v1/invitations/accept",
        Some(&stranger.access),
        json!({"token": token}),
    )
    .await
    .expect_problem(403, "invitation_email_mismatch");

    let malika = app.signed_up("malika@example.uz").await;
    let joined = app
        .post(
            "/api/v1/invitations/accept",
            Some(&malika.access),
            json!({"token": token}),
        )
        .await;
    assert_eq!(joined.expect(200)["role"], "marketer");
    app.post(
        "/api/v1/invitations/accept",
        Some(&malika.access),
        json!({"token": token}),
    )
    .await
    .expect_problem(400, "invalid_token");

    let members = app
        .get(
            &format!("/api/v1/businesses/{business}/members"),
            Some(&malika.access),
        )
        .await;
    let roles: Vec<(&str, &str)> = members.expect(200)["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| {
            (
                m["email"].as_str().unwrap_or(""),
                m["role"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("aziz@example.uz", "owner"),
            ("malika@example.uz", "marketer")
        ]
    );
    let actions = app.activity_actions(business).await;
    assert!(
        actions.starts_with(&["member_joined".to_owned(), "member_invited".to_owned()]),
        "{actions:?}"
    );
}

#[tokio::test]
async fn invitations_can_be_replaced_withdrawn_and_expire() {
    let (app, owner, business) = TestApp::with_business().await;
    let path = format!("/api/v1/businesses/{business}/invitations");
    app.post(
        &path,
        Some(&owner.access),
        json!({"email": "a@example.uz", "role": "viewer"}),
    )
    .await
    .expect(201);
    let first = TestApp::token_in(&app.email_to("a@example.uz").await, "/invitations/accept");
    let second = app
        .post(
            &path,
            Some(&owner.access),
            json!({"email": "a@example.uz", "role": "sales"}),
        )
        .await;
    let second_id = second.expect(201)["id"].as_str().expect("id").to_owned();
    app.post("/api/v1/invitations/lookup", None, json!({"token": first}))
        .await
        .expect_problem(400, "invalid_token");
    let open = app.get(&path, Some(&owner.access)).await;
    assert_eq!(open.expect(200)["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(open.body["items"][0]["role"], "sales");

    app.delete(&format!("{path}/{second_id}"), Some(&owner.access))
        .await
        .expect(204);
    app.delete(&format!("{path}/{second_id}"), Some(&owner.access))
        .await
        .expect_problem(404, "not_found");

    app.post(
        &path,
        Some(&owner.access),
        json!({"email": "c@example.uz", "role": "owner"}),
    )
    .await
    .expect_problem(422, "validation_failed");
    app.post(
        &path,
        Some(&owner.access),
        json!({"email": "aziz@example.uz", "role": "admin"}),
    )
    .await
    .expect_problem(409, "already_member");

    app.post(
        &path,
        Some(&owner.access),
        json!({"email": "b@example.uz", "role": "viewer"}),
    )
    .await
    .expect(201);
    let token = TestApp::token_in(&app.email_to("b@example.uz").await, "/invitations/accept");
    app.clock.advance(chrono::Duration::days(8));
    app.post("/api/v1/invitations/lookup", None, json!({"token": token}))
        .await
        .expect_problem(400, "invalid_token");
}

#[tokio::test]
async fn roles_change_by_the_rules_and_only_transfers_move_ownership() {
    let (app, owner, business) = TestApp::with_business().await;
    let admin = app
        .add_member(&owner, business, "admin@example.uz", "admin")
        .await;
    let sales = app
        .add_member(&owner, business, "sales@example.uz", "sales")
        .await;
    let members = format!("/api/v1/businesses/{business}/members");

    let promoted = app
        .patch(
            &format!("{members}/{}", sales.id),
            Some(&admin.access),
            json!({"role": "marketer"}),
        )
        .await;
    assert_eq!(promoted.expect(200)["role"], "marketer");
    let changes: serde_json::Value = sqlx::query_scalar(
        "select changes from activity_log where business_id = $1 and action = 'member_role_changed'",
    )
    .bind(business)
    .fetch_one(app.db())
    .await
    .expect("activity");
    assert_eq!(
        changes,
        json!({"role": {"before": "sales", "after": "marketer"}})
    );

    app.patch(
        &format!("{members}/{}", owner.id),
        Some(&admin.access),
        json!({"role": "viewer"}),
    )
    .await
    .expect_problem(409, "owner_role_is_transferred_only");
    app.patch(
        &format!("{members}/{}", sales.id),
        Some(&admin.access),
        json!({"role": "owner"}),
    )
    .await
    .expect_problem(409, "owner_role_is_transferred_only");
    app.patch(
        &format!("{members}/{}", admin.id),
        Some(&sales.access),
        json!({"role": "viewer"}),
    )
    .await
    .expect_problem(403, "forbidden");
    app.patch(
        &format!("{members}/{}", Uuid::now_v7()),
        Some(&owner.access),
        json!({"role": "viewer"}),
    )
    .await
    .expect_problem(404, "not_found");

    let transfer = format!("/api/v1/businesses/{business}/transfer-ownership");
    app.post(&transfer, Some(&admin.access), json!({"user_id": admin.id}))
        .await
        .expect_problem(403, "forbidden");
    let outsider = app.signed_up("outsider@example.uz").await;
    let refused = app
        .post(
            &transfer,
            Some(&owner.access),
            json!({"user_id": outsider.id}),
        )
        .await;
    assert_eq!(refused.fields(), vec!["user_id"]);
    let transferred = app
        .post(&transfer, Some(&owner.access), json!({"user_id": admin.id}))
        .await;
    assert_eq!(transferred.expect(200)["role"], "owner");
    let business_view = app
        .get(
            &format!("/api/v1/businesses/{business}"),
            Some(&owner.access),
        )
        .await;
    assert_eq!(business_view.expect(200)["role"], "admin");
    // The new owner alone may now delete the business.
    app.delete(
        &format!("/api/v1/businesses/{business}"),
        Some(&owner.access),
    )
    .await
    .expect_problem(403, "forbidden");
}

#[tokio::test]
async fn members_are_removed_by_managers_and_leave_on_their_own_but_the_owner_stays() {
    let (app, owner, business) = TestApp::with_business().await;
    let viewer = app
        .add_member(&owner, business, "viewer@example.uz", "viewer")
        .await;
    let sales = app
        .add_member(&owner, business, "sales@example.uz", "sales")
        .await;
    let members = format!("/api/v1/businesses/{business}/members");

    app.delete(&format!("{members}/{}", sales.id), Some(&viewer.access))
        .await
        .expect_problem(403, "forbidden");
    app.delete(&format!("{members}/{}", viewer.id), Some(&viewer.access))
        .await
        .expect(204);
    app.get(
        &format!("/api/v1/businesses/{business}"),
        Some(&viewer.access),
    )
    .await
    .expect_problem(404, "not_found");
    app.delete(&format!("{members}/{}", sales.id), Some(&owner.access))
        .await
        .expect(204);
    app.delete(&format!("{members}/{}", owner.id), Some(&owner.access))
        .await
        .expect_problem(409, "owner_cannot_leave");
    let actions = app.activity_actions(business).await;
    assert!(
        actions.starts_with(&["member_removed".to_owned(), "member_left".to_owned()]),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_marketer_cannot_invite_or_read_the_activity_log() {
    let (app, owner, business) = TestApp::with_business().await;
    let marketer = app
        .add_member(&owner, business, "m@example.uz", "marketer")
        .await;
    app.post(
        &format!("/api/v1/businesses/{business}/invitations"),
        Some(&marketer.access),
        json!({"email": "x@example.uz", "role": "viewer"}),
    )
    .await
    .expect_problem(403, "forbidden");
    app.get(
        &format!("/api/v1/businesses/{business}/activity"),
        Some(&marketer.access),
    )
    .await
    .expect_problem(403, "forbidden");
    app.get(
        &format!("/api/v1/businesses/{business}/members"),
        Some(&marketer.access),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn an_invitation_retried_with_the_same_key_is_sent_once() {
    let (app, owner, business) = TestApp::with_business().await;
    let path = format!("/api/v1/businesses/{business}/invitations");
    let body = json!({"email": "once@example.uz", "role": "viewer"});
    let headers = [("Idempotency-Key", "invite-once")];
    let first = app
        .send(
            reqwest::Method::POST,
            &path,
            Some(&owner.access),
            Some(body.clone()),
            &headers,
        )
        .await;
    let second = app
        .send(
            reqwest::Method::POST,
            &path,
            Some(&owner.access),
            Some(body),
            &headers,
        )
        .await;
    assert_eq!(first.expect(201)["id"], second.expect(201)["id"]);
    app.deliver_emails().await;
    let sent = app
        .smtp
        .messages()
        .iter()
        .filter(|m| m.to.contains(&"once@example.uz".to_owned()))
        .count();
    assert_eq!(sent, 1);
}
