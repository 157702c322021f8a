//! Dream buyer avatars (`/businesses/{business_id}/dream-buyers`).

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use contract::dream_buyer::*;
use contract::pagination::{ArchiveQuery, Page};
use services::{Services, dream_buyer, idempotency};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::{
    IdempotencyKey, Member, Meta, ValidJson, ValidQuery, perm, request_fingerprint,
};
use crate::routes::stored_response;

/// Avatars of the business, newest first; `archived=true` lists the archived ones.
#[utoipa::path(
    tag = "dream-buyers",
    params(ArchiveQuery),
    responses((status = 200, description = "A page of avatars", body = Page<DreamBuyerResponse>))
)]
#[get("/dream-buyers")]
pub async fn list_dream_buyers(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<ArchiveQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(dream_buyer::list(&services, &member, &query).await?))
}

/// Start an avatar (the wizard's first step) or create a finished one in one call.
#[utoipa::path(
    tag = "dream-buyers",
    request_body = CreateDreamBuyerRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses(
        (status = 201, description = "The avatar", body = DreamBuyerResponse),
        (status = 409, description = "The business keeps as many avatars as it may (`limit_reached`)", body = contract::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/dream-buyers")]
pub async fn create_dream_buyer(
    services: web::Data<Services>,
    req: HttpRequest,
    member: Member<perm::DreamBuyersWrite>,
    meta: Meta,
    key: IdempotencyKey,
    body: ValidJson<CreateDreamBuyerRequest>,
) -> ApiResult<HttpResponse> {
    let stored = idempotency::run(
        &services,
        &member.actor.idempotency_owner(),
        key.0.as_deref(),
        &request_fingerprint(&req, &body.raw),
        201,
        || dream_buyer::create(&services, &member, &body, &meta.0),
    )
    .await?;
    Ok(stored_response(stored))
}

/// One avatar, with its completeness and the wizard step reached.
#[utoipa::path(
    tag = "dream-buyers",
    params(("dream_buyer_id" = Uuid, Path, description = "The avatar")),
    responses((status = 200, description = "The avatar", body = DreamBuyerResponse))
)]
#[get("/dream-buyers/{dream_buyer_id}")]
pub async fn get_dream_buyer(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(dream_buyer::get(&services, &member, id).await?))
}

/// Save a step of the wizard or edit the avatar: only the fields (and answers) sent change;
/// `archived` archives or restores it.
#[utoipa::path(
    tag = "dream-buyers",
    params(("dream_buyer_id" = Uuid, Path, description = "The avatar")),
    request_body = UpdateDreamBuyerRequest,
    responses((status = 200, description = "The avatar", body = DreamBuyerResponse))
)]
#[patch("/dream-buyers/{dream_buyer_id}")]
pub async fn update_dream_buyer(
    services: web::Data<Services>,
    member: Member<perm::DreamBuyersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<UpdateDreamBuyerRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(dream_buyer::update(&services, &member, id, &body, &meta.0).await?))
}

/// Delete an avatar for good (archive it to keep it out of sight instead).
#[utoipa::path(
    tag = "dream-buyers",
    params(("dream_buyer_id" = Uuid, Path, description = "The avatar")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/dream-buyers/{dream_buyer_id}")]
pub async fn delete_dream_buyer(
    services: web::Data<Services>,
    member: Member<perm::DreamBuyersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    dream_buyer::delete(&services, &member, id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Copy an avatar to make a variant of it.
#[utoipa::path(
    tag = "dream-buyers",
    params(("dream_buyer_id" = Uuid, Path, description = "The avatar to copy")),
    responses(
        (status = 201, description = "The copy", body = DreamBuyerResponse),
        (status = 409, description = "The business keeps as many avatars as it may (`limit_reached`)", body = contract::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/dream-buyers/{dream_buyer_id}/duplicate")]
pub async fn duplicate_dream_buyer(
    services: web::Data<Services>,
    member: Member<perm::DreamBuyersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(
        HttpResponse::Created()
            .json(dream_buyer::duplicate(&services, &member, id, &meta.0).await?),
    )
}

/// Ideas for answering one of the nine questions, fitted to the business's industry.
#[utoipa::path(
    tag = "dream-buyers",
    params(("dream_buyer_id" = Uuid, Path, description = "The avatar")),
    request_body = SuggestionsRequest,
    responses((status = 200, description = "Suggestions", body = SuggestionsResponse))
)]
#[post("/dream-buyers/{dream_buyer_id}/suggestions")]
pub async fn suggest_answers(
    services: web::Data<Services>,
    member: Member<perm::DreamBuyersWrite>,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<SuggestionsRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(dream_buyer::suggestions(&services, &member, id, &body).await?))
}
