//! Google under `/google`: the consent screen (`/google/oauth/auth`, which consents at once),
//! the token endpoint (`/google/oauth/token`), Google Ads' `searchStream`
//! (`/google/ads/{version}/customers/{id}/googleAds:searchStream`) and GA4's `runReport`
//! (`/google/analytics/v1beta/properties/{id}:runReport`), with Google's error bodies.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde_json::{Value, json};

use super::providers::{InFlight, Provider, Shared, Verdict, figure};

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/google/oauth/auth", web::get().to(consent))
        .route("/google/oauth/token", web::post().to(token))
        .route(
            "/google/ads/{version}/customers/{customer}/googleAds:searchStream",
            web::post().to(search_stream),
        )
        .route(
            "/google/analytics/{version}/properties/{call}",
            web::post().to(run_report),
        );
}

fn api_error(code: u16, status: &str, message: &str) -> HttpResponse {
    HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap_or_default())
        .json(json!({ "error": { "code": code, "message": message, "status": status } }))
}

async fn admitted(shared: &Shared) -> (Option<HttpResponse>, InFlight<'_>) {
    let (verdict, guard) = shared.admit(Provider::Google).await;
    let refusal = match verdict {
        Verdict::Answer => None,
        Verdict::Throttle => Some({
            let mut response = api_error(
                429,
                "RESOURCE_EXHAUSTED",
                "Too many requests. Retry in 1 second.",
            );
            response.headers_mut().insert(
                actix_web::http::header::RETRY_AFTER,
                actix_web::http::header::HeaderValue::from_static("1"),
            );
            response
        }),
        Verdict::Fail => Some(api_error(
            503,
            "UNAVAILABLE",
            "The service is currently unavailable.",
        )),
        Verdict::Malformed => Some(
            HttpResponse::Ok()
                .content_type("application/json")
                .body(r#"[{"results":[{"segments":"#),
        ),
    };
    (refusal, guard)
}

async fn consent(
    query: web::Query<HashMap<String, String>>,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let (Some(redirect), Some(state)) = (query.get("redirect_uri"), query.get("state")) else {
        return HttpResponse::BadRequest()
            .body("Error 400: invalid_request (redirect_uri and state)");
    };
    let separator = if redirect.contains('?') { '&' } else { '?' };
    HttpResponse::Found()
        .insert_header((
            "Location",
            format!(
                "{redirect}{separator}state={}&code={}&scope={}",
                crate::http::percent(state),
                shared.issue("google-code"),
                crate::http::percent(query.get("scope").map_or("", String::as_str)),
            ),
        ))
        .finish()
}

fn invalid_grant() -> HttpResponse {
    HttpResponse::BadRequest().json(json!({
        "error": "invalid_grant", "error_description": "Token has been expired or revoked."
    }))
}

async fn token(
    form: web::Form<HashMap<String, String>>,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let (refusal, _in_flight) = admitted(&shared).await;
    if let Some(refusal) = refusal {
        return refusal;
    }
    if form.get("client_id").is_none() || form.get("client_secret").is_none() {
        return HttpResponse::Unauthorized()
            .json(json!({ "error": "invalid_client", "error_description": "The OAuth client was not found." }));
    }
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => match form.get("code") {
            Some(code) if code.starts_with("google-code-") && shared.token_valid(Provider::Google, code) => {
                // A code is used once.
                shared.revoke_token(code);
                HttpResponse::Ok().json(json!({
                    "access_token": shared.issue("google-access"), "expires_in": 3599,
                    "refresh_token": shared.issue("google-refresh"), "token_type": "Bearer",
                    "scope": "https://www.googleapis.com/auth/adwords"
                }))
            }
            _ => invalid_grant(),
        },
        Some("refresh_token") => match form.get("refresh_token") {
            Some(refresh) if refresh.starts_with("google-refresh-") && shared.token_valid(Provider::Google, refresh) => {
                HttpResponse::Ok().json(json!({
                    "access_token": shared.issue("google-access"), "expires_in": 3599, "token_type": "Bearer"
                }))
            }
            _ => invalid_grant(),
        },
        _ => HttpResponse::BadRequest()
            .json(json!({ "error": "unsupported_grant_type", "error_description": "Invalid grant_type" })),
    }
}

fn authorised(request: &HttpRequest, shared: &Shared) -> bool {
    request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .is_some_and(|token| {
            token.starts_with("google-access-") && shared.token_valid(Provider::Google, token)
        })
}

/// Admits an API request and checks its bearer token: the answer to give instead, if any.
async fn admitted_with_token<'a>(
    request: &HttpRequest,
    shared: &'a Shared,
) -> (Option<HttpResponse>, InFlight<'a>) {
    let (refusal, guard) = admitted(shared).await;
    if refusal.is_some() {
        return (refusal, guard);
    }
    (
        if authorised(request, shared) {
            None
        } else {
            Some(unauthenticated())
        },
        guard,
    )
}

fn unauthenticated() -> HttpResponse {
    api_error(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token.",
    )
}

/// The dates of `segments.date BETWEEN 'a' AND 'b'` in a GAQL query.
fn between(query: &str) -> Option<(NaiveDate, NaiveDate)> {
    let dates: Vec<NaiveDate> = query
        .split('\'')
        .filter_map(|part| NaiveDate::parse_from_str(part, "%Y-%m-%d").ok())
        .collect();
    match dates.as_slice() {
        [from, to] if from <= to && (*to - *from).num_days() <= 366 => Some((*from, *to)),
        _ => None,
    }
}

async fn search_stream(
    request: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<(String, String)>,
    body: web::Json<Value>,
) -> HttpResponse {
    let (refusal, _in_flight) = admitted_with_token(&request, &shared).await;
    if let Some(refusal) = refusal {
        return refusal;
    }
    if request.headers().get("developer-token").is_none() {
        return api_error(401, "UNAUTHENTICATED", "The developer token is missing.");
    }
    let (_, customer) = path.into_inner();
    if !customer.chars().all(|c| c.is_ascii_digit()) {
        return api_error(400, "INVALID_ARGUMENT", "Invalid customer ID.");
    }
    let Some((from, to)) = body.get("query").and_then(Value::as_str).and_then(between) else {
        return api_error(
            400,
            "INVALID_ARGUMENT",
            "Query error: segments.date must be a BETWEEN range.",
        );
    };
    let mut results = Vec::new();
    for day in from.iter_days().take_while(|day| *day <= to) {
        for campaign in ["1001", "1002"] {
            let key = format!("{customer}/{campaign}");
            let clicks = figure(&key, "clicks", day, 120);
            results.push(json!({
                "campaign": { "resourceName": format!("customers/{customer}/campaigns/{campaign}"), "id": campaign },
                "segments": { "date": day.to_string() },
                "metrics": {
                    "impressions": (clicks * 40).to_string(),
                    "clicks": clicks.to_string(),
                    "costMicros": (clicks * 1_500 * 1_000_000).to_string(),
                    "conversions": (clicks / 25) as f64 + 0.5,
                }
            }));
        }
    }
    HttpResponse::Ok().json(json!([{
        "results": results,
        "fieldMask": "campaign.id,segments.date,metrics.impressions,metrics.clicks,metrics.costMicros,metrics.conversions",
        "requestId": shared.issue("request"),
    }]))
}

async fn run_report(
    request: HttpRequest,
    shared: web::Data<Shared>,
    path: web::Path<(String, String)>,
    body: web::Json<Value>,
) -> HttpResponse {
    let (refusal, _in_flight) = admitted_with_token(&request, &shared).await;
    if let Some(refusal) = refusal {
        return refusal;
    }
    let (_, call) = path.into_inner();
    let Some(property) = call.strip_suffix(":runReport") else {
        return api_error(404, "NOT_FOUND", "Method not found.");
    };
    let range = &body["dateRanges"][0];
    let date = |key: &str| {
        range
            .get(key)?
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let (Some(from), Some(to)) = (date("startDate"), date("endDate")) else {
        return api_error(
            400,
            "INVALID_ARGUMENT",
            "dateRanges[0] needs startDate and endDate as YYYY-MM-DD.",
        );
    };
    let metrics: Vec<String> = body["metrics"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|m| m["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    // Rows come newest first, as GA4 does without an orderBy: clients must not rely on order.
    let rows: Vec<Value> = from
        .iter_days()
        .take_while(|day| *day <= to)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|day| {
            json!({
                "dimensionValues": [{ "value": day.format("%Y%m%d").to_string() }],
                "metricValues": metrics.iter().map(|m| json!({ "value": figure(property, m, day, 400).to_string() })).collect::<Vec<_>>(),
            })
        })
        .collect();
    HttpResponse::Ok().json(json!({
        "dimensionHeaders": [{ "name": "date" }],
        "metricHeaders": metrics.iter().map(|m| json!({ "name": m, "type": "TYPE_INTEGER" })).collect::<Vec<_>>(),
        "rowCount": rows.len(),
        "rows": rows,
        "metadata": { "currencyCode": "UZS", "timeZone": "Asia/Tashkent" },
        "kind": "analyticsData#runReport",
    }))
}
