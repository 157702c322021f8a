use actix_web::{HttpResponse, post, web};
use contract::accounts::{
    RecoveryCodesResponse, TwoFactorCodeRequest, TwoFactorDisableRequest, TwoFactorSetupResponse,
};
use contract::problem::Problem;
use services::Services;
use services::accounts;

use crate::error::ApiResult;
use crate::extract::{AuthUser, Meta, ValidJson};

/// Start setting up two-factor authentication.
///
/// Returns a new secret and its `otpauth://` URI for an authenticator app; nothing changes
/// until `POST /me/2fa/enable` proves the app shows the right codes.
#[utoipa::path(
    tag = "accounts",
    responses(
        (status = 200, description = "The secret for the authenticator", body = TwoFactorSetupResponse),
        (status = 409, description = "Already on (`two_factor_already_enabled`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/2fa/setup")]
pub async fn setup_two_factor(
    services: web::Data<Services>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(accounts::start_two_factor_setup(&services, &user.0).await?))
}

/// Turn two-factor authentication on with the current code of the authenticator.
///
/// Answers ten single-use recovery codes, shown this once.
#[utoipa::path(
    tag = "accounts",
    request_body = TwoFactorCodeRequest,
    responses(
        (status = 200, description = "On; keep the recovery codes safe", body = RecoveryCodesResponse),
        (status = 409, description = "Already on, or no setup started", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/2fa/enable")]
pub async fn enable_two_factor(
    services: web::Data<Services>,
    user: AuthUser,
    meta: Meta,
    body: ValidJson<TwoFactorCodeRequest>,
) -> ApiResult<HttpResponse> {
    let recovery_codes =
        accounts::enable_two_factor(&services, &user.0, &body.code, &meta.0).await?;
    Ok(HttpResponse::Ok().json(RecoveryCodesResponse { recovery_codes }))
}

/// Turn two-factor authentication off; needs the password and a current or recovery code.
#[utoipa::path(
    tag = "accounts",
    request_body = TwoFactorDisableRequest,
    responses(
        (status = 204, description = "Off"),
        (status = 409, description = "Not on (`two_factor_not_enabled`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/2fa/disable")]
pub async fn disable_two_factor(
    services: web::Data<Services>,
    user: AuthUser,
    meta: Meta,
    body: ValidJson<TwoFactorDisableRequest>,
) -> ApiResult<HttpResponse> {
    accounts::disable_two_factor(&services, &user.0, &body.password, &body.code, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
