//! Builds the actix-web application and runs the HTTP server.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use services::Services;
use tracing_actix_web::TracingLogger;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::error::ApiError;
use crate::middleware::{gate, request_id};
use crate::openapi::{ApiDoc, Conventions};
use crate::state::TrustProxy;
use crate::{metrics, routes, spa};

/// Options of the HTTP layer that are not use-case settings.
#[derive(Debug, Clone, Default)]
pub struct ApiOptions {
    pub trust_proxy: bool,
    /// HTTP worker threads; defaults to one per CPU.
    pub workers: Option<usize>,
    /// The built SPA (`frontend/dist`), served at `/` with its index for every page address.
    pub static_dir: Option<std::path::PathBuf>,
}

/// The OpenAPI document of the routes this binary serves.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, mut document) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope("/api/v1").configure(routes::configure_v1))
        .configure(routes::configure_health)
        .split_for_parts();
    Conventions.modify(&mut document);
    document
}

// The signature is actix's error-handler callback.
#[allow(clippy::needless_pass_by_value)]
fn path_error(error: actix_web::error::PathError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError::invalid_parameter("path", "invalid_parameter", strip(&error.to_string())).into()
}

fn strip(message: &str) -> String {
    message.replace("Path deserialize error: ", "")
}

/// The documented routes, to tell a wrong method (405 with `Allow`) from a wrong address (404).
#[derive(Debug, Default)]
pub struct KnownRoutes(Vec<(Vec<String>, Vec<&'static str>)>);

impl KnownRoutes {
    pub fn from_document(document: &utoipa::openapi::OpenApi) -> Self {
        let routes = document
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path.split('/').map(str::to_owned).collect();
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(method, present)| present.then_some(method))
                .collect();
                (segments, methods)
            })
            .collect();
        KnownRoutes(routes)
    }

    /// The methods of the documented route this path matches, e.g. `GET, PATCH`.
    pub fn allowed(&self, path: &str) -> Option<String> {
        let parts: Vec<&str> = path.split('/').collect();
        self.0.iter().find_map(|(template, methods)| {
            let matches = template.len() == parts.len()
                && template
                    .iter()
                    .zip(&parts)
                    .all(|(t, p)| t == p || (t.starts_with('{') && !p.is_empty()));
            matches.then(|| methods.join(", "))
        })
    }
}

async fn no_route(
    req: actix_web::HttpRequest,
    routes: web::Data<KnownRoutes>,
) -> Result<HttpResponse, ApiError> {
    Err(match routes.allowed(req.path()) {
        Some(allow) => ApiError::MethodNotAllowed { allow },
        None => ApiError::NoRoute,
    })
}

/// A running server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `address` (port 0 picks a free port) and prepares the server.
    pub fn build(services: Services, address: &str, options: ApiOptions) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(address)?;
        let port = listener.local_addr()?.port();
        let document = openapi_document();
        let known_routes = web::Data::new(KnownRoutes::from_document(&document));
        let services = web::Data::new(services);
        let trust_proxy = TrustProxy(options.trust_proxy);
        let static_dir = options.static_dir;
        let mut server = HttpServer::new(move || {
            App::new()
                .into_utoipa_app()
                .openapi(ApiDoc::openapi())
                .app_data(services.clone())
                .app_data(known_routes.clone())
                .app_data(trust_proxy)
                .app_data(web::PathConfig::default().error_handler(path_error))
                .service(
                    scope("/api/v1")
                        .wrap(from_fn(gate))
                        .configure(routes::configure_v1),
                )
                .configure(routes::configure_health)
                .into_app()
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", document.clone()),
                )
                .route("/metrics", web::get().to(metrics::export))
                .configure(|cfg| match &static_dir {
                    Some(dir) => {
                        cfg.service(spa::service(dir));
                    }
                    // Without a built SPA, the start page is the API's documentation.
                    None => {
                        cfg.route(
                            "/",
                            web::get().to(|| async {
                                HttpResponse::Found()
                                    .insert_header(("Location", "/api/docs/"))
                                    .finish()
                            }),
                        );
                    }
                })
                .default_service(web::to(no_route))
                .wrap(from_fn(spa::headers))
                .wrap(from_fn(request_id))
                .wrap(from_fn(metrics::record))
                .wrap(TracingLogger::default())
                .wrap(Compress::default())
        })
        .listen(listener)?
        .shutdown_timeout(30);
        if let Some(workers) = options.workers {
            server = server.workers(workers);
        }
        Ok(Application {
            port,
            server: server.run(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM, then finishes in-flight requests (up to 30 s).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// A handle to stop the server from elsewhere (tests, shutdown of the worker).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }
}
