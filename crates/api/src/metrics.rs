//! Prometheus metrics at `/metrics`: requests and latencies per route, and the state of the
//! database pool at scrape time.

use std::sync::LazyLock;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, web};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};
use services::Services;

struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_size: IntGauge,
    pool_idle: IntGauge,
}

// Metric definitions are static and valid; registering them into a fresh registry cannot fail.
static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let registry = Registry::new_custom(Some("biznespilot".into()), None).unwrap_or_default();
    let requests = IntCounterVec::new(
        Opts::new(
            "http_requests_total",
            "HTTP requests by method, route and status",
        ),
        &["method", "route", "status"],
    )
    .unwrap_or_else(|_| unreachable!("valid metric"));
    let latency = HistogramVec::new(
        HistogramOpts::new(
            "http_request_duration_seconds",
            "HTTP request latency by method and route",
        )
        .buckets(vec![
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
        ]),
        &["method", "route"],
    )
    .unwrap_or_else(|_| unreachable!("valid metric"));
    let pool_size = IntGauge::new("db_pool_connections", "Open database connections")
        .unwrap_or_else(|_| unreachable!("valid metric"));
    let pool_idle = IntGauge::new("db_pool_idle_connections", "Idle database connections")
        .unwrap_or_else(|_| unreachable!("valid metric"));
    for collector in [
        Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
        Box::new(latency.clone()),
        Box::new(pool_size.clone()),
        Box::new(pool_idle.clone()),
    ] {
        let _ = registry.register(collector);
    }
    Metrics {
        registry,
        requests,
        latency,
        pool_size,
        pool_idle,
    }
});

/// Counts every request under its route pattern (not its path, which would explode the
/// number of series with ids).
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let response = next.call(req).await?;
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let status = response.status().as_u16().to_string();
    METRICS
        .requests
        .with_label_values(&[&method, &route, &status])
        .inc();
    METRICS
        .latency
        .with_label_values(&[&method, &route])
        .observe(started.elapsed().as_secs_f64());
    Ok(response)
}

/// `GET /metrics` in the Prometheus text format.
pub async fn export(services: web::Data<Services>) -> HttpResponse {
    METRICS.pool_size.set(i64::from(services.db.size()));
    METRICS
        .pool_idle
        .set(i64::try_from(services.db.num_idle()).unwrap_or(i64::MAX));
    let mut buffer = Vec::new();
    let encoder = TextEncoder::new();
    if encoder
        .encode(&METRICS.registry.gather(), &mut buffer)
        .is_err()
    {
        return HttpResponse::InternalServerError().finish();
    }
    HttpResponse::Ok()
        .content_type(encoder.format_type())
        .body(buffer)
}
