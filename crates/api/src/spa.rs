//! Serving the built single-page app (`frontend/dist`) next to the API: its files, and its
//! `index.html` for every other page address, so that deep links and reloads work.

use std::path::{Path, PathBuf};

use actix_files::Files;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError};

use crate::error::ApiError;

/// Paths that belong to the server, never to the SPA.
fn is_server_path(path: &str) -> bool {
    ["/api", "/health", "/metrics"].iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The files of the SPA under `dir`, falling back to its `index.html`.
pub fn service(dir: &Path) -> Files {
    let index = dir.join("index.html");
    Files::new("/", dir)
        .index_file("index.html")
        .prefer_utf8(true)
        // Other methods are not for pages: they go on to the API's 404/405 problems.
        .guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Head()))
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index: PathBuf = index.clone();
            async move {
                let (request, _) = req.into_parts();
                let page = matches!(*request.method(), Method::GET | Method::HEAD)
                    && !is_server_path(request.path());
                if !page {
                    let response = ApiError::NoRoute.error_response();
                    return Ok(ServiceResponse::new(request, response));
                }
                let response = match tokio::fs::read(&index).await {
                    Ok(page) => HttpResponse::Ok()
                        .content_type("text/html; charset=utf-8")
                        .body(page),
                    Err(error) => {
                        ApiError::Internal(anyhow::anyhow!("reading {}: {error}", index.display()))
                            .error_response()
                    }
                };
                Ok(ServiceResponse::new(request, response))
            }
        }))
}

/// Whether a file name carries trunk's content hash (`frontend-1a2b3c4d5e6f7a8b.js`), so that
/// it can be cached for good.
fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

// The SPA loads its module through one inline bootstrap script that trunk writes, and needs
// `wasm-unsafe-eval` to instantiate WASM; everything else comes from this origin only.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
    frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// Caching and security headers of the SPA's responses.
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let path = req.path().to_owned();
    let mut response = next.call(req).await?;
    if is_server_path(&path) || !response.status().is_success() {
        return Ok(response);
    }
    let headers = response.headers_mut();
    let cache = if is_fingerprinted(&path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_fingerprints_are_recognised() {
        assert!(is_fingerprinted("/frontend-1a2b3c4d5e6f7a8b.js"));
        assert!(is_fingerprinted("/frontend-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_fingerprinted("/style-0123456789abcdef.css"));
        assert!(!is_fingerprinted("/index.html"));
        assert!(!is_fingerprinted("/businesses/new"));
        assert!(!is_fingerprinted("/my-page"));
    }

    #[test]
    fn server_paths_are_never_pages() {
        assert!(is_server_path("/api/v1/me"));
        assert!(is_server_path("/health/live"));
        assert!(is_server_path("/metrics"));
        assert!(!is_server_path("/apiary"));
        assert!(!is_server_path("/businesses/x/team"));
    }
}
