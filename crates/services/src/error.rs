//! Errors of the use cases.
//!
//! Each variant is an outcome a client can act on (fix a field, log in again, wait); the API
//! turns it into a problem+json answer with a stable code. Anything unexpected is `Internal`
//! with its cause chain, which is logged and never shown to the client.

use chrono::{DateTime, Utc};
use contract::problem::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Some fields of the request break the rules.
    #[error("invalid fields: {0:?}")]
    Validation(Vec<FieldError>),
    /// A request that is wrong as a whole, with a stable code.
    #[error("bad request: {code}")]
    BadRequest { code: &'static str, message: String },
    /// A well-formed request that cannot be processed as it stands, with a stable code.
    #[error("unprocessable: {code}")]
    Unprocessable { code: &'static str, message: String },
    /// No credentials, or credentials that do not (or no longer) work.
    #[error("unauthorized: {code}")]
    Unauthorized { code: &'static str, message: String },
    /// The caller is known but may not do this.
    #[error("forbidden: {code}")]
    Forbidden { code: &'static str, message: String },
    /// Nothing with this id exists for the caller (foreign ids look the same as missing ones).
    #[error("not found")]
    NotFound,
    /// The request clashes with the current state.
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        message: String,
        field: Option<&'static str>,
    },
    /// The account is locked after repeated failed logins.
    #[error("account locked until {until}")]
    Locked { until: DateTime<Utc> },
    /// Too many requests; retry after this many seconds.
    #[error("rate limited for {retry_after}s")]
    RateLimited { retry_after: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    pub fn field(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        ServiceError::Validation(vec![FieldError {
            field: field.into(),
            code: code.to_owned(),
            message: message.into(),
        }])
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        ServiceError::Unauthorized {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        ServiceError::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        ServiceError::Conflict {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn invalid_token() -> Self {
        ServiceError::BadRequest {
            code: contract::problem::codes::INVALID_TOKEN,
            message: "The link is invalid, already used or expired.".into(),
        }
    }
}

impl From<store::StoreError> for ServiceError {
    fn from(error: store::StoreError) -> Self {
        match error {
            // Only deletes of rows others point at (`on delete restrict`) get here.
            store::StoreError::Referenced(_) => ServiceError::conflict(
                contract::problem::codes::IN_USE,
                "Other records still refer to this one (a customer with orders); remove or \
                 reassign them first.",
            ),
            error => ServiceError::Internal(anyhow::Error::new(error)),
        }
    }
}

impl From<store::SqlxError> for ServiceError {
    fn from(error: store::SqlxError) -> Self {
        ServiceError::from(store::StoreError::from(error))
    }
}
