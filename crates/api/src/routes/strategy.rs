//! The business profile, the 9-square canvas and goals
//! (`/businesses/{business_id}/profile|canvas|goals`).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use contract::pagination::{Page, PageQuery};
use contract::strategy::*;
use services::{Services, strategy};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::{Member, Meta, ValidJson, ValidQuery, perm};

/// The marketing profile: founding year, team, budget, audience, goals, USP, pitch, logo and
/// settings. Fields never saved read as `null` (settings as their defaults).
#[utoipa::path(tag = "strategy", responses((status = 200, description = "The profile", body = ProfileResponse)))]
#[get("/profile")]
pub async fn get_profile(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(strategy::get_profile(&services, &member).await?))
}

/// Edit the profile; only the fields sent change (`null` clears one).
#[utoipa::path(
    tag = "strategy",
    request_body = UpdateProfileRequest,
    responses((status = 200, description = "The saved profile", body = ProfileResponse))
)]
#[patch("/profile")]
pub async fn update_profile(
    services: web::Data<Services>,
    member: Member<perm::StrategyWrite>,
    meta: Meta,
    body: ValidJson<UpdateProfileRequest>,
) -> ApiResult<HttpResponse> {
    Ok(
        HttpResponse::Ok()
            .json(strategy::update_profile(&services, &member, &body, &meta.0).await?),
    )
}

/// Drafts of a USP or an elevator pitch from the profile, a dream buyer and an offer, in the
/// language asked (the business's by default). Nothing is saved: pick one and save it with
/// `PATCH /profile`.
#[utoipa::path(
    tag = "strategy",
    request_body = DraftRequest,
    responses((status = 200, description = "Drafts, best first", body = DraftsResponse))
)]
#[post("/profile/drafts")]
pub async fn draft_copy(
    services: web::Data<Services>,
    member: Member<perm::StrategyWrite>,
    body: ValidJson<DraftRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(strategy::drafts(&services, &member, &body).await?))
}

/// The 9-square marketing canvas with each square's score, the overall completeness and the
/// weakest squares.
#[utoipa::path(tag = "strategy", responses((status = 200, description = "The canvas", body = CanvasResponse)))]
#[get("/canvas")]
pub async fn get_canvas(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(strategy::get_canvas(&services, &member).await?))
}

/// Edit squares of the canvas: each square sent changes its `text` and/or `complete` mark.
#[utoipa::path(
    tag = "strategy",
    request_body = UpdateCanvasRequest,
    responses((status = 200, description = "The whole canvas after the change", body = CanvasResponse))
)]
#[patch("/canvas")]
pub async fn update_canvas(
    services: web::Data<Services>,
    member: Member<perm::StrategyWrite>,
    meta: Meta,
    body: ValidJson<UpdateCanvasRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(strategy::update_canvas(&services, &member, &body, &meta.0).await?))
}

/// Goals of the business, newest first.
#[utoipa::path(
    tag = "strategy",
    params(PageQuery),
    responses((status = 200, description = "A page of goals", body = Page<GoalResponse>))
)]
#[get("/goals")]
pub async fn list_goals(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(strategy::list_goals(&services, &member, &query).await?))
}

/// Set a goal: a target for a metric over a period.
#[utoipa::path(
    tag = "strategy",
    request_body = CreateGoalRequest,
    responses((status = 201, description = "The goal", body = GoalResponse))
)]
#[post("/goals")]
pub async fn create_goal(
    services: web::Data<Services>,
    member: Member<perm::StrategyWrite>,
    meta: Meta,
    body: ValidJson<CreateGoalRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created()
        .json(strategy::create_goal(&services, &member, &body, &meta.0).await?))
}

/// One goal.
#[utoipa::path(
    tag = "strategy",
    params(("goal_id" = Uuid, Path, description = "The goal")),
    responses((status = 200, description = "The goal", body = GoalResponse))
)]
#[get("/goals/{goal_id}")]
pub async fn get_goal(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(strategy::get_goal(&services, &member, id).await?))
}

/// Edit a goal; only the fields sent change.
#[utoipa::path(
    tag = "strategy",
    params(("goal_id" = Uuid, Path, description = "The goal")),
    request_body = UpdateGoalRequest,
    responses((status = 200, description = "The goal", body = GoalResponse))
)]
#[patch("/goals/{goal_id}")]
pub async fn update_goal(
    services: web::Data<Services>,
    member: Member<perm::StrategyWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<UpdateGoalRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok()
        .json(strategy::update_goal(&services, &member, id, &body, &meta.0).await?))
}

/// Delete a goal.
#[utoipa::path(
    tag = "strategy",
    params(("goal_id" = Uuid, Path, description = "The goal")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/goals/{goal_id}")]
pub async fn delete_goal(
    services: web::Data<Services>,
    member: Member<perm::StrategyWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    strategy::delete_goal(&services, &member, id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
