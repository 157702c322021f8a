//! Extractors: raw HTTP input becomes validated types here, at the edge, with problem+json
//! errors that name the field and the rule. Nothing behind them sees unchecked input.

use std::marker::PhantomData;
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, USER_AGENT};
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use contract::problem::FieldError;
use futures_util::FutureExt;
use futures_util::future::{LocalBoxFuture, Ready, ready};
use serde::de::DeserializeOwned;
use services::auth::{BusinessAccess, RequestMeta, UserPrincipal};
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::error::ApiError;
use crate::state::TrustProxy;

/// Largest JSON body accepted.
pub const JSON_LIMIT: usize = 64 * 1024;

/// A JSON body that parsed into `T` and passed `T`'s validation. Keeps the raw bytes, which
/// identify the request for `Idempotency-Key`.
pub struct ValidJson<T> {
    pub value: T,
    pub raw: Bytes,
}

impl<T> std::ops::Deref for ValidJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

async fn read_body(req: HttpRequest, mut payload: Payload) -> Result<Bytes, ApiError> {
    use futures_util::StreamExt;
    if let Some(length) = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        && length > JSON_LIMIT
    {
        return Err(ApiError::PayloadTooLarge { limit: JSON_LIMIT });
    }
    let mut body = actix_web::web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| ApiError::MalformedJson("the body could not be read".into()))?;
        if body.len() + chunk.len() > JSON_LIMIT {
            return Err(ApiError::PayloadTooLarge { limit: JSON_LIMIT });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Parses and validates JSON, naming the failing field by its path.
pub fn parse_json<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every body of the API is an object; serde would also fill a struct from an array, in
    // field order, which no client means.
    let starts_object = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    if !starts_object && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
        return Err(ApiError::InvalidFields {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: vec![FieldError {
                field: String::new(),
                code: "invalid_type".into(),
                message: "the body must be a JSON object".into(),
            }],
        });
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        // serde_json reports some type mismatches (a number where an enum belongs) as syntax
        // errors; the body is only malformed if it is not JSON at all.
        let well_formed = || serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
        if inner.classify() == serde_json::error::Category::Data || well_formed() {
            ApiError::InvalidFields {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                errors: vec![field_error_from_serde(&path, &inner.to_string())],
            }
        } else {
            ApiError::MalformedJson(strip_position(&inner.to_string()).to_owned())
        }
    })?;
    value.validate().map_err(|errors| ApiError::InvalidFields {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        errors: field_errors(&errors),
    })?;
    Ok(value)
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let req = req.clone();
        let payload = payload.take();
        async move {
            if !json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let raw = read_body(req, payload).await?;
            let value = parse_json(&raw)?;
            Ok(ValidJson { value, raw })
        }
        .boxed_local()
    }
}

/// A JSON body that may also be left out entirely (then `T::default()`).
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Validate + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let req = req.clone();
        let payload = payload.take();
        async move {
            let raw = read_body(req, payload).await?;
            if raw.iter().all(u8::is_ascii_whitespace) {
                return Ok(OptionalJson(T::default()));
            }
            if !json {
                return Err(ApiError::UnsupportedMediaType);
            }
            parse_json(&raw).map(OptionalJson)
        }
        .boxed_local()
    }
}

/// A query string that parsed into `T` and passed its validation.
pub struct ValidQuery<T>(pub T);

impl<T> std::ops::Deref for ValidQuery<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + Validate> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let query = req.query_string().as_bytes();
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query));
        let parsed = serde_path_to_error::deserialize::<_, T>(deserializer).map_err(|error| {
            let path = error.path().to_string();
            ApiError::InvalidFields {
                status: StatusCode::BAD_REQUEST,
                errors: vec![field_error_from_serde(
                    &path,
                    &error.into_inner().to_string(),
                )],
            }
        });
        ready(parsed.and_then(|value| {
            value.validate().map_err(|errors| ApiError::InvalidFields {
                status: StatusCode::BAD_REQUEST,
                errors: field_errors(&errors),
            })?;
            Ok(ValidQuery(value))
        }))
    }
}

fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

fn join_path(path: &str, field: &str) -> String {
    if path.is_empty() || path == "." {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(&message[start..end])
}

/// Names the field and rule of a serde error; its messages follow a few fixed shapes.
fn field_error_from_serde(path: &str, message: &str) -> FieldError {
    let message = strip_position(message);
    let at = |field: &str| {
        if path.is_empty() || path == "." {
            field.to_owned()
        } else {
            path.to_owned()
        }
    };
    let (field, code) = if message.starts_with("missing field") {
        (
            join_path(path, backticked(message).unwrap_or("?")),
            "required",
        )
    } else if message.starts_with("unknown field") {
        // The path already ends at the unknown field.
        (at(backticked(message).unwrap_or("?")), "unknown_field")
    } else if message.starts_with("unknown variant") {
        (at("body"), "invalid_value")
    } else if message.starts_with("invalid type") {
        (at("body"), "invalid_type")
    } else if message.starts_with("invalid length") {
        (at("body"), "invalid_length")
    } else {
        (at("body"), "invalid")
    };
    FieldError {
        field,
        code: code.into(),
        message: message.to_owned(),
    }
}

/// Flattens validator's nested errors into field paths like `scopes[1]` or `items[0].name`.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = join_path(prefix, field);
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    out.push(FieldError {
                        field: path.clone(),
                        code: error.code.to_string(),
                        message: error
                            .message
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_else(|| describe_rule(error)),
                    });
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

fn describe_rule(error: &validator::ValidationError) -> String {
    let param = |name: &str| error.params.get(name).map(ToString::to_string);
    match error.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max} characters"),
            (Some(min), None) => format!("must be at least {min} characters"),
            (None, Some(max)) => format!("must be at most {max} characters"),
            _ => "has the wrong length".into(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            _ => "is out of range".into(),
        },
        "email" | "invalid_email" => "must be an e-mail address".into(),
        other => format!("breaks the rule `{other}`"),
    }
}

/// Where the request came from.
pub struct Meta(pub RequestMeta);

/// Longest user agent kept.
const USER_AGENT_LIMIT: usize = 512;

pub fn request_meta(req: &HttpRequest) -> RequestMeta {
    let trust_proxy = req.app_data::<TrustProxy>().is_some_and(|t| t.0);
    let ip = if trust_proxy {
        req.connection_info()
            .realip_remote_addr()
            .and_then(parse_ip)
    } else {
        req.peer_addr().map(|addr| addr.ip())
    };
    let user_agent = req
        .headers()
        .get(USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(USER_AGENT_LIMIT).collect());
    RequestMeta { ip, user_agent }
}

fn parse_ip(value: &str) -> Option<IpAddr> {
    value
        .parse::<IpAddr>()
        .ok()
        .or_else(|| value.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

impl FromRequest for Meta {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Meta(request_meta(req))))
    }
}

/// The signed-in user, resolved by the [`crate::middleware::RequireUser`] middleware.
pub struct AuthUser(pub UserPrincipal);

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<UserPrincipal>()
                .cloned()
                .map(AuthUser)
                .ok_or_else(|| {
                    ApiError::Internal(anyhow::anyhow!("route needs the RequireUser middleware"))
                }),
        )
    }
}

/// A permission a route needs; see [`perm`].
pub trait RequiredPermission {
    const PERMISSION: domain::permissions::Permission;
}

/// Markers naming the permission of a route: `Member<perm::TeamManage>`.
pub mod perm {
    use super::RequiredPermission;
    use domain::permissions::Permission;

    macro_rules! markers {
        ($($name:ident),* $(,)?) => {
            $(
                pub struct $name;
                impl RequiredPermission for $name {
                    const PERMISSION: Permission = Permission::$name;
                }
            )*
        };
    }

    markers!(
        BusinessRead,
        BusinessUpdate,
        BusinessDelete,
        TeamRead,
        TeamManage,
        OwnershipTransfer,
        ActivityRead,
        ApiKeysManage,
        StrategyWrite,
        DreamBuyersWrite,
        OffersWrite,
        CustomersWrite,
        LeadsWrite,
        OrdersWrite,
        ChannelsWrite
    );
}

/// A caller's access to the business of the path, resolved once by the
/// [`crate::middleware::BusinessScope`] middleware (membership, or an API key of the business)
/// and checked here for the permission `P` the route needs. Because the check is synchronous
/// and comes first in the handler's arguments, a foreign business answers 404 and a missing
/// permission 403 before the body is even read.
pub struct Member<P: RequiredPermission> {
    pub access: BusinessAccess,
    permission: PhantomData<P>,
}

impl<P: RequiredPermission> std::ops::Deref for Member<P> {
    type Target = BusinessAccess;
    fn deref(&self) -> &BusinessAccess {
        &self.access
    }
}

impl<P: RequiredPermission> FromRequest for Member<P> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let access = req.extensions().get::<BusinessAccess>().cloned();
        ready(match access {
            None => Err(ApiError::Internal(anyhow::anyhow!(
                "route needs the BusinessScope middleware"
            ))),
            Some(access) => access
                .require(P::PERMISSION)
                .map(|()| Member {
                    access,
                    permission: PhantomData,
                })
                .map_err(ApiError::from),
        })
    }
}

/// The `Idempotency-Key` header, if sent.
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let key = match req.headers().get("Idempotency-Key") {
            None => Ok(None),
            Some(value) => value.to_str().map(|v| Some(v.to_owned())).map_err(|_| {
                ApiError::invalid_parameter(
                    "Idempotency-Key",
                    "invalid_idempotency_key",
                    "must be visible ASCII",
                )
            }),
        };
        ready(key.map(IdempotencyKey))
    }
}

/// What identifies a request for `Idempotency-Key`: method, path and body.
pub fn request_fingerprint(req: &HttpRequest, body: &[u8]) -> Vec<u8> {
    let mut fingerprint = Vec::with_capacity(body.len() + 64);
    fingerprint.extend_from_slice(req.method().as_str().as_bytes());
    fingerprint.push(b' ');
    fingerprint.extend_from_slice(req.path().as_bytes());
    fingerprint.push(b'\n');
    fingerprint.extend_from_slice(body);
    fingerprint
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::accounts::RegisterRequest;

    fn fields(error: ApiError) -> Vec<(String, String)> {
        match error {
            ApiError::InvalidFields { errors, .. } => {
                errors.into_iter().map(|e| (e.field, e.code)).collect()
            }
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn an_unknown_field_is_named() {
        let error = parse_json::<RegisterRequest>(
            br#"{"email":"a@b.uz","password":"x","name":"A","role":"owner"}"#,
        )
        .expect_err("refused");
        assert_eq!(
            fields(error),
            vec![("role".to_owned(), "unknown_field".to_owned())]
        );
    }

    #[test]
    fn a_missing_field_is_named() {
        let error = parse_json::<RegisterRequest>(br#"{"email":"a@b.uz","password":"x"}"#)
            .expect_err("refused");
        assert_eq!(
            fields(error),
            vec![("name".to_owned(), "required".to_owned())]
        );
    }

    #[test]
    fn a_wrong_type_and_an_unknown_enum_value_are_named() {
        let error = parse_json::<RegisterRequest>(br#"{"email":5,"password":"x","name":"A"}"#)
            .expect_err("refused");
        assert_eq!(
            fields(error),
            vec![("email".to_owned(), "invalid_type".to_owned())]
        );
        let error = parse_json::<RegisterRequest>(
            br#"{"email":"a@b.uz","password":"x","name":"A","locale":"de"}"#,
        )
        .expect_err("refused");
        assert_eq!(
            fields(error),
            vec![("locale".to_owned(), "invalid_value".to_owned())]
        );
    }

    #[test]
    fn broken_json_is_malformed_not_invalid() {
        assert!(matches!(
            parse_json::<RegisterRequest>(b"{\"email\":"),
            Err(ApiError::MalformedJson(_))
        ));
        assert!(matches!(
            parse_json::<RegisterRequest>(b"{email: 1}"),
            Err(ApiError::MalformedJson(_))
        ));
        assert!(matches!(
            parse_json::<RegisterRequest>(b"[1,2]"),
            Err(ApiError::InvalidFields { .. })
        ));
    }

    #[test]
    fn validation_rules_report_every_broken_field() {
        let error =
            parse_json::<RegisterRequest>(br#"{"email":"nope","password":"short","name":" "}"#)
                .expect_err("refused");
        let fields = fields(error);
        assert!(
            fields.contains(&("email".into(), "invalid_email".into())),
            "{fields:?}"
        );
        assert!(
            fields.contains(&("password".into(), "length".into())),
            "{fields:?}"
        );
        assert!(
            fields.contains(&("name".into(), "blank".into())),
            "{fields:?}"
        );
    }
}
