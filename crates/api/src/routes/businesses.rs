//! `/businesses`: the caller's businesses, and one business as a tenant.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use contract::businesses::{BusinessResponse, CreateBusinessRequest, UpdateBusinessRequest};
use contract::pagination::{Page, PageQuery};
use services::Services;
use services::{businesses, idempotency};

use crate::error::ApiResult;
use crate::extract::{
    AuthUser, IdempotencyKey, Member, Meta, ValidJson, ValidQuery, perm, request_fingerprint,
};
use crate::routes::stored_response;

/// Businesses the signed-in user belongs to, newest first, with their role in each.
#[utoipa::path(
    tag = "businesses",
    params(PageQuery),
    responses((status = 200, description = "A page of businesses", body = Page<BusinessResponse>))
)]
#[get("")]
pub async fn list_businesses(
    services: web::Data<Services>,
    user: AuthUser,
    query: ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(businesses::list_mine(&services, &user.0, &query).await?))
}

/// Create a business; the caller becomes its owner.
#[utoipa::path(
    tag = "businesses",
    request_body = CreateBusinessRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body answer the first result")),
    responses((status = 201, description = "The new business", body = BusinessResponse))
)]
#[post("")]
pub async fn create_business(
    services: web::Data<Services>,
    req: HttpRequest,
    user: AuthUser,
    meta: Meta,
    key: IdempotencyKey,
    body: ValidJson<CreateBusinessRequest>,
) -> ApiResult<HttpResponse> {
    let owner = format!("user:{}", user.0.user.id);
    let stored = idempotency::run(
        &services,
        &owner,
        key.0.as_deref(),
        &request_fingerprint(&req, &body.raw),
        201,
        || businesses::create(&services, &user.0, &body, &meta.0),
    )
    .await?;
    Ok(stored_response(stored))
}

/// One business.
#[utoipa::path(tag = "businesses", responses((status = 200, description = "The business", body = BusinessResponse)))]
#[get("")]
pub async fn get_business(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(businesses::get(&services, &member).await?))
}

/// Edit the business; only the fields sent change (`null` clears an optional one).
#[utoipa::path(
    tag = "businesses",
    request_body = UpdateBusinessRequest,
    responses((status = 200, description = "The updated business", body = BusinessResponse))
)]
#[patch("")]
pub async fn update_business(
    services: web::Data<Services>,
    member: Member<perm::BusinessUpdate>,
    meta: Meta,
    body: ValidJson<UpdateBusinessRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(businesses::update(&services, &member, &body, &meta.0).await?))
}

/// Delete the business (owner only). It disappears at once for everyone and its data is
/// purged after 30 days.
#[utoipa::path(tag = "businesses", responses((status = 204, description = "Deleted")))]
#[delete("")]
pub async fn delete_business(
    services: web::Data<Services>,
    member: Member<perm::BusinessDelete>,
    meta: Meta,
) -> ApiResult<HttpResponse> {
    businesses::delete(&services, &member, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
