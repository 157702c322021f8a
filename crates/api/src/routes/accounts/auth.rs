use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse, post, web};
use contract::accounts::{
    AcceptedResponse, EmailRequest, LoginRequest, LoginResponse, RefreshRequest, RegisterRequest,
    ResetPasswordRequest, TokenRequest, TokenResponse, TwoFactorChallenge, TwoFactorLoginRequest,
    UserResponse,
};
use contract::problem::Problem;
use services::Services;
use services::accounts::{self, LoginOutcome, SessionTokens};
use services::auth::Credentials;

use crate::error::ApiResult;
use crate::extract::{Meta, OptionalJson, ValidJson};

/// Name of the HttpOnly cookie that carries the refresh token in browsers.
pub const REFRESH_COOKIE: &str = "bp_refresh";
/// The only path the refresh cookie is sent to.
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

fn refresh_cookie(services: &Services, token: &str) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_owned())
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(services.settings.public_url.starts_with("https://"))
        .max_age(actix_web::cookie::time::Duration::seconds(
            services.settings.session_ttl.num_seconds(),
        ))
        .finish()
}

fn cleared_refresh_cookie() -> Cookie<'static> {
    let mut cookie = Cookie::build(REFRESH_COOKIE, "")
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .finish();
    cookie.make_removal();
    cookie
}

fn token_response(tokens: SessionTokens) -> TokenResponse {
    TokenResponse {
        access_token: tokens.access_token,
        token_type: "Bearer".into(),
        expires_in: tokens.expires_in,
        refresh_token: tokens.refresh_token,
    }
}

fn session_started(services: &Services, tokens: SessionTokens) -> HttpResponse {
    let cookie = refresh_cookie(services, &tokens.refresh_token);
    HttpResponse::Ok()
        .cookie(cookie)
        .json(token_response(tokens))
}

fn accepted(message: &str) -> HttpResponse {
    HttpResponse::Accepted().json(AcceptedResponse {
        message: message.into(),
    })
}

/// Create an account.
///
/// Sends a link to confirm the e-mail address; signing in needs a confirmed address.
/// Passwords are 12–128 characters and common or easily guessed ones are refused.
#[utoipa::path(
    tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created; the verification e-mail is on its way", body = UserResponse),
        (status = 409, description = "An account with this e-mail exists (`email_taken`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/register")]
pub async fn register(
    services: web::Data<Services>,
    meta: Meta,
    body: ValidJson<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let user = accounts::register(&services, &body, &meta.0).await?;
    Ok(HttpResponse::Created().json(accounts::user_response(&user)))
}

/// Confirm an e-mail address with the token from the e-mailed link.
#[utoipa::path(
    tag = "accounts",
    request_body = TokenRequest,
    responses((status = 204, description = "The address is confirmed"))
)]
#[post("/verify-email")]
pub async fn verify_email(
    services: web::Data<Services>,
    meta: Meta,
    body: ValidJson<TokenRequest>,
) -> ApiResult<HttpResponse> {
    accounts::verify_email(&services, &body.token, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Send the verification link again.
///
/// Answers the same whether or not the address has an unconfirmed account.
#[utoipa::path(
    tag = "accounts",
    request_body = EmailRequest,
    responses((status = 202, description = "If the address has an unconfirmed account, a new link is on its way", body = AcceptedResponse))
)]
#[post("/resend-verification")]
pub async fn resend_verification(
    services: web::Data<Services>,
    body: ValidJson<EmailRequest>,
) -> ApiResult<HttpResponse> {
    accounts::resend_verification(&services, &body.email).await?;
    Ok(accepted(
        "If this address has an unconfirmed account, a new link was sent.",
    ))
}

/// Sign in.
///
/// Answers tokens (the refresh token also as an HttpOnly cookie), or — when two-factor
/// authentication is on — a challenge for `POST /auth/login/2fa`. Five failures in a row lock
/// the account for 15 minutes (423 with `locked_until`).
#[utoipa::path(
    tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in, or the second step is needed", body = LoginResponse),
        (status = 403, description = "The e-mail address is not confirmed yet (`email_not_verified`)", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "Locked after repeated failures (`account_locked`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/login")]
pub async fn login(
    services: web::Data<Services>,
    meta: Meta,
    body: ValidJson<LoginRequest>,
) -> ApiResult<HttpResponse> {
    match accounts::login(&services, &body.email, &body.password, &meta.0).await? {
        LoginOutcome::Session(tokens) => Ok(session_started(&services, tokens)),
        LoginOutcome::TwoFactorRequired { challenge_token } => {
            Ok(HttpResponse::Ok().json(TwoFactorChallenge {
                two_factor_required: true,
                challenge_token,
            }))
        }
    }
}

/// Finish signing in with a TOTP code or a recovery code.
#[utoipa::path(
    tag = "accounts",
    request_body = TwoFactorLoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 423, description = "Locked after repeated failures (`account_locked`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/login/2fa")]
pub async fn login_two_factor(
    services: web::Data<Services>,
    meta: Meta,
    body: ValidJson<TwoFactorLoginRequest>,
) -> ApiResult<HttpResponse> {
    let tokens =
        accounts::login_two_factor(&services, &body.challenge_token, &body.code, &meta.0).await?;
    Ok(session_started(&services, tokens))
}

fn refresh_token_of(req: &HttpRequest, body: &RefreshRequest) -> Option<String> {
    body.refresh_token
        .clone()
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()))
        .filter(|token| !token.is_empty())
}

/// Exchange a refresh token for new tokens.
///
/// The token comes in the body or in the `bp_refresh` cookie. Each refresh token works once;
/// presenting a used one again ends its whole session.
#[utoipa::path(
    tag = "accounts",
    request_body(content = RefreshRequest, description = "Optional when the cookie is sent"),
    responses((status = 200, description = "New tokens", body = TokenResponse))
)]
#[post("/refresh")]
pub async fn refresh(
    services: web::Data<Services>,
    req: HttpRequest,
    meta: Meta,
    body: OptionalJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let Some(token) = refresh_token_of(&req, &body.0) else {
        return Err(services::ServiceError::unauthorized(
            contract::problem::codes::UNAUTHORIZED,
            "Send the refresh token in the body or the bp_refresh cookie.",
        )
        .into());
    };
    let tokens = accounts::refresh(&services, &token, &meta.0).await?;
    Ok(session_started(&services, tokens))
}

/// Sign out: ends the session of the refresh token (body or cookie), or else of the access
/// token.
#[utoipa::path(
    tag = "accounts",
    request_body(content = RefreshRequest, description = "Optional"),
    responses((status = 204, description = "Signed out"))
)]
#[post("/logout")]
pub async fn logout(
    services: web::Data<Services>,
    req: HttpRequest,
    meta: Meta,
    body: OptionalJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let refresh_token = refresh_token_of(&req, &body.0);
    let access_session = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| Credentials::parse(&services, v))
        .and_then(|credentials| match credentials {
            Credentials::User(claims) => Some((claims.sid, claims.sub)),
            _ => None,
        });
    accounts::logout(&services, refresh_token.as_deref(), access_session, &meta.0).await?;
    Ok(HttpResponse::NoContent()
        .cookie(cleared_refresh_cookie())
        .finish())
}

/// Ask for a password reset link.
///
/// Answers the same whether or not the address has an account.
#[utoipa::path(
    tag = "accounts",
    request_body = EmailRequest,
    responses((status = 202, description = "If the address has an account, a reset link is on its way", body = AcceptedResponse))
)]
#[post("/password/forgot")]
pub async fn forgot_password(
    services: web::Data<Services>,
    body: ValidJson<EmailRequest>,
) -> ApiResult<HttpResponse> {
    accounts::forgot_password(&services, &body.email).await?;
    Ok(accepted(
        "If this address has an account, a reset link was sent.",
    ))
}

/// Set a new password with the token from the e-mailed link.
///
/// Ends every session of the account and lifts a lock.
#[utoipa::path(
    tag = "accounts",
    request_body = ResetPasswordRequest,
    responses((status = 204, description = "The password is changed"))
)]
#[post("/password/reset")]
pub async fn reset_password(
    services: web::Data<Services>,
    meta: Meta,
    body: ValidJson<ResetPasswordRequest>,
) -> ApiResult<HttpResponse> {
    accounts::reset_password(&services, &body.token, &body.password, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
