//! Liveness and readiness probes.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use services::Services;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when a dependency fails.
    pub status: &'static str,
    /// Postgres: `ok` or `unavailable`.
    pub postgres: Option<&'static str>,
    /// Redis: `ok`, `unavailable` or `not_configured`.
    pub redis: Option<&'static str>,
}

/// The process is up.
#[utoipa::path(tag = "health", responses((status = 200, description = "Alive", body = Health)))]
#[get("/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok",
        postgres: None,
        redis: None,
    })
}

/// Postgres (and Redis, when configured) answer: the instance can take traffic.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "A dependency is down", body = Health),
    )
)]
#[get("/ready")]
pub async fn ready(services: web::Data<Services>) -> HttpResponse {
    let readiness = services::health::check(&services).await;
    let healthy = readiness.is_ready();
    let label = |ok: bool| if ok { "ok" } else { "unavailable" };
    let body = Health {
        status: label(healthy),
        postgres: Some(label(readiness.postgres)),
        redis: Some(readiness.redis.map_or("not_configured", label)),
    };
    if healthy {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
