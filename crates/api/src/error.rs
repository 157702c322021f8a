//! Every error the API answers with is `application/problem+json` (RFC 9457).
//!
//! Use cases fail with [`ServiceError`]; the HTTP edge adds its own failures (a body that is
//! not JSON, a bad path parameter, a rate limit). Both become [`ApiError`], whose
//! `error_response` is the only place that decides status codes and problem codes. A 500 logs
//! its cause with the request id and shows the client only the id.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use chrono::{DateTime, Utc};
use contract::problem::{self, FieldError, Problem, codes};
use services::ServiceError;

tokio::task_local! {
    /// The id of the request being handled, for problem bodies of server errors.
    pub static REQUEST_ID: String;
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The body is not JSON at all (syntax error, truncated).
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// The body or query parsed but some fields are wrong.
    #[error("invalid fields")]
    InvalidFields {
        status: StatusCode,
        errors: Vec<FieldError>,
    },
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// An upload in a format the endpoint does not read.
    #[error("unsupported upload")]
    UnsupportedUpload(&'static str),
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    #[error("rate limited")]
    RateLimited { retry_after: u64 },
    #[error("no route")]
    NoRoute,
    /// The path exists, but not with this method; `allow` lists the methods it has.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn invalid_parameter(
        field: impl Into<String>,
        code: &str,
        message: impl Into<String>,
    ) -> Self {
        ApiError::InvalidFields {
            status: StatusCode::BAD_REQUEST,
            errors: vec![FieldError {
                field: field.into(),
                code: code.into(),
                message: message.into(),
            }],
        }
    }

    /// Status, stable code, title and detail of this error.
    fn describe(&self) -> (StatusCode, &'static str, &'static str, Option<String>) {
        use ServiceError as S;
        match self {
            ApiError::Service(S::Validation(_)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                codes::VALIDATION_FAILED,
                "The request has invalid fields",
                None,
            ),
            ApiError::Service(S::BadRequest { code, message }) => (
                StatusCode::BAD_REQUEST,
                code,
                "The request cannot be processed",
                Some(message.clone()),
            ),
            ApiError::Service(S::Unprocessable { code, message }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                "The request cannot be processed",
                Some(message.clone()),
            ),
            ApiError::Service(S::Unauthorized { code, message }) => (
                StatusCode::UNAUTHORIZED,
                code,
                "Authentication required",
                Some(message.clone()),
            ),
            ApiError::Service(S::Forbidden { code, message }) => (
                StatusCode::FORBIDDEN,
                code,
                "Not allowed",
                Some(message.clone()),
            ),
            ApiError::Service(S::NotFound) | ApiError::NoRoute => (
                StatusCode::NOT_FOUND,
                codes::NOT_FOUND,
                "Not found",
                Some("Nothing exists at this address for you.".into()),
            ),
            ApiError::Service(S::Conflict { code, message, .. }) => (
                StatusCode::CONFLICT,
                code,
                "Conflict with the current state",
                Some(message.clone()),
            ),
            ApiError::Service(S::Locked { until }) => (
                StatusCode::LOCKED,
                codes::ACCOUNT_LOCKED,
                "The account is locked",
                Some(format!(
                    "Too many failed sign-in attempts. Try again after {}.",
                    until.format("%Y-%m-%d %H:%M:%S UTC")
                )),
            ),
            ApiError::Service(S::RateLimited { retry_after })
            | ApiError::RateLimited { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                codes::RATE_LIMITED,
                "Too many requests",
                Some(format!("Slow down: retry in {retry_after} seconds.")),
            ),
            ApiError::MalformedJson(message) => (
                StatusCode::BAD_REQUEST,
                codes::MALFORMED_JSON,
                "The body is not valid JSON",
                Some(message.clone()),
            ),
            ApiError::InvalidFields { status, .. } => {
                let code = if *status == StatusCode::BAD_REQUEST {
                    codes::BAD_REQUEST
                } else {
                    codes::VALIDATION_FAILED
                };
                (*status, code, "The request has invalid fields", None)
            }
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                Some("Send the body as application/json.".into()),
            ),
            ApiError::UnsupportedUpload(detail) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                Some((*detail).to_owned()),
            ),
            ApiError::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::PAYLOAD_TOO_LARGE,
                "The body is too large",
                Some(format!(
                    "Bodies of this endpoint are limited to {limit} bytes."
                )),
            ),
            ApiError::MethodNotAllowed { allow } => (
                StatusCode::METHOD_NOT_ALLOWED,
                codes::METHOD_NOT_ALLOWED,
                "Method not allowed",
                Some(format!("This address answers {allow}.")),
            ),
            ApiError::Service(S::Internal(_)) | ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL,
                "Something went wrong on our side",
                Some("The error was logged; quote the request id if you contact support.".into()),
            ),
        }
    }

    fn field_errors(&self) -> Vec<FieldError> {
        match self {
            ApiError::Service(ServiceError::Validation(errors))
            | ApiError::InvalidFields { errors, .. } => errors.clone(),
            ApiError::Service(ServiceError::Conflict {
                message,
                field: Some(field),
                code,
            }) => vec![FieldError {
                field: (*field).into(),
                code: (*code).into(),
                message: message.clone(),
            }],
            _ => Vec::new(),
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Service(ServiceError::RateLimited { retry_after })
            | ApiError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    fn locked_until(&self) -> Option<DateTime<Utc>> {
        match self {
            ApiError::Service(ServiceError::Locked { until }) => Some(*until),
            _ => None,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.describe().0
    }

    fn error_response(&self) -> HttpResponse {
        let (status, code, title, detail) = self.describe();
        let request_id = REQUEST_ID.try_with(Clone::clone).ok();
        if status.is_server_error() {
            tracing::error!(error = ?self, request_id = request_id.as_deref().unwrap_or("-"), "request failed");
        }
        let errors = self.field_errors();
        let detail = detail.or_else(|| {
            (!errors.is_empty()).then(|| {
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        });
        let body = Problem {
            problem_type: format!("{}{code}", problem::TYPE_BASE),
            title: title.into(),
            status: status.as_u16(),
            detail,
            code: code.into(),
            errors,
            request_id: status.is_server_error().then_some(request_id).flatten(),
            retry_after: self.retry_after(),
            locked_until: self.locked_until(),
        };
        let mut response = HttpResponse::build(status);
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static(problem::CONTENT_TYPE),
        ));
        if let Some(seconds) = self.retry_after() {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if let ApiError::MethodNotAllowed { allow } = self
            && let Ok(value) = HeaderValue::from_str(allow)
        {
            response.insert_header((header::ALLOW, value));
        }
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.body(serde_json::to_vec(&body).unwrap_or_default())
    }
}
