//! Meta's Graph API under `/meta`: the login dialog (`/meta/dialog/oauth`, which consents at
//! once and sends the browser back with a code), tokens (`/meta/{version}/oauth/access_token`),
//! objects and their daily insights, with Meta's error bodies and usage headers.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde_json::{Value, json};

use super::providers::{Provider, Shared, Verdict, figure};

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/meta/dialog/oauth", web::get().to(dialog))
        .route(
            "/meta/{version}/oauth/access_token",
            web::get().to(access_token),
        )
        .route("/meta/{version}/{object}", web::get().to(object))
        .route("/meta/{version}/{object}/insights", web::get().to(insights))
        .route(
            "/meta/{version}/{object}/insights/{metrics}",
            web::get().to(page_insights),
        );
}

type Query = web::Query<HashMap<String, String>>;

fn graph_error(status: u16, code: i64, message: &str) -> HttpResponse {
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap_or_default())
        .insert_header((
            "X-App-Usage",
            r#"{"call_count":100,"total_cputime":40,"total_time":60}"#,
        ))
        .json(json!({ "error": {
            "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AFakeTrace"
        }}))
}

/// The common fate of a request: `None` to answer normally.
async fn admitted(shared: &Shared) -> (Option<HttpResponse>, super::providers::InFlight<'_>) {
    let (verdict, guard) = shared.admit(Provider::Meta).await;
    let refusal = match verdict {
        Verdict::Answer => None,
        Verdict::Throttle => Some(
            HttpResponse::BadRequest()
                .insert_header(("X-App-Usage", r#"{"call_count":100,"total_cputime":10,"total_time":10}"#))
                .insert_header((
                    "X-Business-Use-Case-Usage",
                    r#"{"1":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":1}]}"#,
                ))
                .json(json!({ "error": {
                    "message": "(#4) Application request limit reached",
                    "type": "OAuthException", "code": 4, "is_transient": true
                }})),
        ),
        Verdict::Fail => Some(graph_error(500, 1, "An unknown error occurred")),
        Verdict::Malformed => Some(
            HttpResponse::Ok()
                .content_type("application/json")
                .body(r#"{"data":[{"name":"#),
        ),
    };
    (refusal, guard)
}

fn ok(body: Value) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            "X-App-Usage",
            r#"{"call_count":3,"total_cputime":1,"total_time":2}"#,
        ))
        .json(body)
}

fn expired() -> HttpResponse {
    graph_error(
        400,
        190,
        "Error validating access token: Session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
    )
}

async fn dialog(query: Query, shared: web::Data<Shared>) -> HttpResponse {
    let (Some(redirect), Some(state)) = (query.get("redirect_uri"), query.get("state")) else {
        return HttpResponse::BadRequest().body("redirect_uri and state are required");
    };
    let separator = if redirect.contains('?') { '&' } else { '?' };
    let location = format!(
        "{redirect}{separator}code={}&state={}",
        shared.issue("meta-code"),
        crate::http::percent(state)
    );
    HttpResponse::Found()
        .insert_header(("Location", location))
        .finish()
}

async fn access_token(query: Query, shared: web::Data<Shared>) -> HttpResponse {
    let (refusal, _in_flight) = admitted(&shared).await;
    if let Some(refusal) = refusal {
        return refusal;
    }
    if query.get("client_id").is_none() || query.get("client_secret").is_none() {
        return graph_error(400, 101, "Missing client_id or client_secret parameter");
    }
    if let Some(code) = query.get("code") {
        if !code.starts_with("meta-code-") || !shared.token_valid(Provider::Meta, code) {
            return graph_error(400, 100, "Invalid verification code format.");
        }
        return ok(
            json!({ "access_token": shared.issue("meta-short"), "token_type": "bearer", "expires_in": 3600 }),
        );
    }
    match (
        query.get("grant_type").map(String::as_str),
        query.get("fb_exchange_token"),
    ) {
        (Some("fb_exchange_token"), Some(token)) if valid(&shared, token) => ok(json!({
            "access_token": shared.issue("meta-long"), "token_type": "bearer", "expires_in": 5_184_000
        })),
        (Some("fb_exchange_token"), Some(_)) => expired(),
        _ => graph_error(400, 100, "Missing redirect_uri or code"),
    }
}

/// Admits a request to a Graph object and checks its `access_token`: the answer to give
/// instead, if any.
async fn authorised<'a>(
    shared: &'a Shared,
    query: &Query,
) -> (Option<HttpResponse>, super::providers::InFlight<'a>) {
    let (refusal, guard) = admitted(shared).await;
    if refusal.is_some() {
        return (refusal, guard);
    }
    let valid = query
        .get("access_token")
        .is_some_and(|token| valid(shared, token));
    (if valid { None } else { Some(expired()) }, guard)
}

fn valid(shared: &Shared, token: &str) -> bool {
    token.starts_with("meta-") && shared.token_valid(Provider::Meta, token)
}

async fn object(
    query: Query,
    shared: web::Data<Shared>,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (refusal, _in_flight) = authorised(&shared, &query).await;
    if let Some(refusal) = refusal {
        return refusal;
    }
    let (_, id) = path.into_inner();
    if id.contains("missing") {
        return graph_error(
            400,
            100,
            &format!("Unsupported get request. Object with ID '{id}' does not exist"),
        );
    }
    let today = Utc::now().date_naive();
    ok(json!({
        "id": id,
        "username": format!("biz_{id}"),
        "name": format!("Sahifa {id}"),
        "followers_count": figure(&id, "followers", today, 12_000),
        "media_count": figure(&id, "media", today, 300),
    }))
}

fn days(query: &Query) -> Option<Vec<NaiveDate>> {
    let at = |key: &str| {
        query
            .get(key)?
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
            .map(|at| at.date_naive())
    };
    let (since, until) = (at("since")?, at("until")?);
    // Meta answers at most 90 days a request.
    if until <= since || (until - since).num_days() > 90 {
        return None;
    }
    Some(since.iter_days().take_while(|day| *day < until).collect())
}

fn series(object: &str, metrics: &str, days: &[NaiveDate]) -> Value {
    let data: Vec<Value> = metrics
        .split(',')
        .filter(|name| !name.is_empty())
        .map(|name| {
            let values: Vec<Value> = days
                .iter()
                .map(|day| {
                    let end = *day + Days::new(1);
                    json!({
                        "value": figure(object, name, *day, 900),
                        "end_time": format!("{end}T08:00:00+0000"),
                    })
                })
                .collect();
            json!({ "name": name, "period": "day", "values": values, "id": format!("{object}/insights/{name}/day") })
        })
        .collect();
    json!({ "data": data, "paging": {} })
}

async fn insights(
    query: Query,
    shared: web::Data<Shared>,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (refusal, _in_flight) = authorised(&shared, &query).await;
    if let Some(refusal) = refusal {
        return refusal;
    }
    let (_, object) = path.into_inner();
    let (Some(metrics), Some(days)) = (query.get("metric"), days(&query)) else {
        return graph_error(
            400,
            100,
            "(#100) The value must be a valid insights metric and since/until a range of at most 90 days",
        );
    };
    if metrics.split(',').any(|name| name == "impressions") {
        return graph_error(
            400,
            100,
            "(#100) impressions is no longer supported: use views",
        );
    }
    ok(series(&object, metrics, &days))
}

async fn page_insights(
    query: Query,
    shared: web::Data<Shared>,
    path: web::Path<(String, String, String)>,
) -> HttpResponse {
    let (refusal, _in_flight) = authorised(&shared, &query).await;
    if let Some(refusal) = refusal {
        return refusal;
    }
    let (_, object, metrics) = path.into_inner();
    let Some(days) = days(&query) else {
        return graph_error(
            400,
            100,
            "(#100) since/until must be a range of at most 90 days",
        );
    };
    ok(series(&object, &metrics, &days))
}
