use actix_web::{HttpResponse, delete, get, patch, post, web};
use contract::accounts::{ChangePasswordRequest, SessionResponse, UpdateMeRequest, UserResponse};
use contract::activity::ActivityEntry;
use contract::pagination::{Page, PageQuery};
use services::Services;
use services::accounts;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::{AuthUser, Meta, ValidJson, ValidQuery};

/// The signed-in user.
#[utoipa::path(tag = "accounts", responses((status = 200, description = "The signed-in user", body = UserResponse)))]
#[get("")]
pub async fn get_me(user: AuthUser) -> HttpResponse {
    HttpResponse::Ok().json(accounts::user_response(&user.0.user))
}

/// Change the name, phone, language or time zone.
#[utoipa::path(
    tag = "accounts",
    request_body = UpdateMeRequest,
    responses((status = 200, description = "The updated user", body = UserResponse))
)]
#[patch("")]
pub async fn update_me(
    services: web::Data<Services>,
    user: AuthUser,
    meta: Meta,
    body: ValidJson<UpdateMeRequest>,
) -> ApiResult<HttpResponse> {
    let updated = accounts::update_profile(&services, &user.0, &body, &meta.0).await?;
    Ok(HttpResponse::Ok().json(accounts::user_response(&updated)))
}

/// Change the password; other sessions end.
#[utoipa::path(
    tag = "accounts",
    request_body = ChangePasswordRequest,
    responses((status = 204, description = "The password is changed"))
)]
#[post("/password")]
pub async fn change_password(
    services: web::Data<Services>,
    user: AuthUser,
    meta: Meta,
    body: ValidJson<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    accounts::change_password(
        &services,
        &user.0,
        &body.current_password,
        &body.new_password,
        &meta.0,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The user's live sessions, newest first; `current` marks the one making the request.
#[utoipa::path(
    tag = "accounts",
    params(PageQuery),
    responses((status = 200, description = "A page of sessions", body = Page<SessionResponse>))
)]
#[get("/sessions")]
pub async fn list_sessions(
    services: web::Data<Services>,
    user: AuthUser,
    query: ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(accounts::list_sessions(&services, &user.0, &query).await?))
}

/// End a session (sign a device out).
#[utoipa::path(
    tag = "accounts",
    params(("session_id" = Uuid, Path, description = "A session of the signed-in user")),
    responses((status = 204, description = "The session ended"))
)]
#[delete("/sessions/{session_id}")]
pub async fn revoke_session(
    services: web::Data<Services>,
    user: AuthUser,
    meta: Meta,
    path: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    accounts::revoke_session(&services, &user.0, path.into_inner(), &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The user's own security events (sign-ins, password and two-factor changes), newest first.
#[utoipa::path(
    tag = "accounts",
    params(PageQuery),
    responses((status = 200, description = "A page of events", body = Page<ActivityEntry>))
)]
#[get("/activity")]
pub async fn my_activity(
    services: web::Data<Services>,
    user: AuthUser,
    query: ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(accounts::my_activity(&services, &user.0, &query).await?))
}
