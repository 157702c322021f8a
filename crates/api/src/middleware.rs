//! Middleware of the API, in the order a request meets them: request id and logging, the gate
//! (credentials and rate limits), then per-scope authentication (a signed-in user, or access
//! to the business in the path).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{AUTHORIZATION, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};
use services::Services;
use services::auth::{self, Credentials};
use services::rate_limit::{self, Budget, Decision};
use uuid::Uuid;

use crate::error::{ApiError, REQUEST_ID};
use crate::extract::request_meta;
use crate::state::CallerCredentials;

fn services(req: &ServiceRequest) -> Result<web::Data<Services>, ApiError> {
    req.app_data::<web::Data<Services>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("services are not configured")))
}

/// Answers a request with an error from inside a middleware.
fn refuse<B>(
    req: ServiceRequest,
    error: ApiError,
) -> ServiceResponse<actix_web::body::EitherBody<B>> {
    req.error_response(error).map_into_right_body()
}

/// Unwraps a result inside a middleware, answering the request with the error otherwise.
macro_rules! or_refuse {
    ($req:ident, $result:expr) => {
        match $result {
            Ok(value) => value,
            Err(error) => return Ok(refuse($req, ApiError::from(error))),
        }
    };
}

/// Gives every response an `X-Request-Id` (the id of the request's log span) and makes it
/// available to problem bodies of server errors, which are rendered inside this scope.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req
        .extensions()
        .get::<tracing_actix_web::RequestId>()
        .map(ToString::to_string)
        .unwrap_or_else(|| Uuid::now_v7().to_string());
    // Middleware of ours answers errors as responses (never `Err`), so they render in scope.
    let mut response = REQUEST_ID.scope(id.clone(), next.call(req)).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}

/// The gate of `/api/v1`: reads the credentials once and applies the per-IP and per-caller
/// rate limits, announcing the tighter of the two in `RateLimit-*` headers.
pub async fn gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let services = or_refuse!(req, services(&req));
    let credentials = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| Credentials::parse(&services, value));
    let ip = request_meta(req.request())
        .ip
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let caller = credentials.as_ref().and_then(Credentials::rate_limit_key);
    let decision = match &caller {
        Some(caller) => {
            rate_limit::check(&services, &[(Budget::Ip, &ip), (Budget::Caller, caller)]).await
        }
        None => rate_limit::check(&services, &[(Budget::Ip, &ip)]).await,
    };
    if !decision.allowed {
        let mut response = refuse(
            req,
            ApiError::RateLimited {
                retry_after: decision.reset_after,
            },
        );
        add_rate_limit_headers(response.headers_mut(), decision);
        return Ok(response);
    }
    req.extensions_mut().insert(CallerCredentials(credentials));
    let mut response = next.call(req).await?;
    add_rate_limit_headers(response.headers_mut(), decision);
    Ok(response.map_into_left_body())
}

fn add_rate_limit_headers(headers: &mut actix_web::http::header::HeaderMap, decision: Decision) {
    for (name, value) in [
        ("ratelimit-limit", decision.limit.to_string()),
        ("ratelimit-remaining", decision.remaining.to_string()),
        ("ratelimit-reset", decision.reset_after.to_string()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
}

/// The stricter budget of the account doors (login, registration, verification, password
/// reset), per client IP. Refreshing and logging out are everyday traffic and not counted.
pub async fn account_doors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let path = req.path();
    let counted =
        req.method() == Method::POST && !path.ends_with("/refresh") && !path.ends_with("/logout");
    if counted {
        let services = or_refuse!(req, services(&req));
        let ip = request_meta(req.request())
            .ip
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        let decision = rate_limit::check(&services, &[(Budget::AccountDoor, &ip)]).await;
        if !decision.allowed {
            let mut response = refuse(
                req,
                ApiError::RateLimited {
                    retry_after: decision.reset_after,
                },
            );
            add_rate_limit_headers(response.headers_mut(), decision);
            return Ok(response);
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

fn caller_credentials(req: &ServiceRequest) -> Option<Credentials> {
    req.extensions()
        .get::<CallerCredentials>()
        .and_then(|c| c.0.clone())
}

/// Routes of a signed-in person: resolves the user and session behind the access token.
pub async fn require_user(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let services = or_refuse!(req, services(&req));
    let principal = or_refuse!(
        req,
        auth::authenticate_user(&services, caller_credentials(&req).as_ref()).await
    );
    req.extensions_mut().insert(principal);
    Ok(next.call(req).await?.map_into_left_body())
}

/// Routes any authenticated caller may use (the calculators): a signed-in person or an API key.
pub async fn require_caller(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let services = or_refuse!(req, services(&req));
    let caller = or_refuse!(
        req,
        auth::authenticate_caller(&services, caller_credentials(&req).as_ref()).await
    );
    req.extensions_mut().insert(caller);
    Ok(next.call(req).await?.map_into_left_body())
}

/// Routes under `/businesses/{business_id}`: resolves the caller's access to that business
/// once, before any handler or body is looked at. Callers who are not members (or keys of
/// another business) get 404, as if the business did not exist.
pub async fn business_scope(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let services = or_refuse!(req, services(&req));
    let credentials = caller_credentials(&req);
    let business_id = match req.match_info().get("business_id").map(str::parse::<Uuid>) {
        Some(Ok(id)) => id,
        // Unauthenticated callers learn nothing, not even that the id is malformed.
        _ if credentials.is_none() => return Ok(refuse(req, auth::not_signed_in().into())),
        _ => {
            return Ok(refuse(
                req,
                ApiError::invalid_parameter("business_id", "invalid_uuid", "must be a UUID"),
            ));
        }
    };
    let access = or_refuse!(
        req,
        auth::authorize_business(&services, credentials.as_ref(), business_id).await
    );
    req.extensions_mut().insert(access);
    Ok(next.call(req).await?.map_into_left_body())
}
