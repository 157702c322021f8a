//! `/businesses/{business_id}/api-keys`: keys for third parties.

use actix_web::{HttpResponse, delete, get, post, web};
use contract::api_keys::{ApiKeyResponse, CreateApiKeyRequest, CreatedApiKeyResponse};
use contract::pagination::{Page, PageQuery};
use services::{Services, api_keys};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::{Member, Meta, ValidJson, ValidQuery, perm};

/// Keys of the business, revoked ones included, newest first. Secrets are never shown again.
#[utoipa::path(
    tag = "api-keys",
    params(PageQuery),
    responses((status = 200, description = "A page of keys", body = Page<ApiKeyResponse>))
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    services: web::Data<Services>,
    member: Member<perm::ApiKeysManage>,
    query: ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(api_keys::list(&services, &member, &query).await?))
}

/// Create a key with scopes (owner and admins). The answer holds the whole key, once:
/// use it as `Authorization: Bearer bp_…` on this business's routes.
#[utoipa::path(
    tag = "api-keys",
    request_body = CreateApiKeyRequest,
    responses((status = 201, description = "The key, shown this once", body = CreatedApiKeyResponse))
)]
#[post("/api-keys")]
pub async fn create_api_key(
    services: web::Data<Services>,
    member: Member<perm::ApiKeysManage>,
    meta: Meta,
    body: ValidJson<CreateApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(api_keys::create(&services, &member, &body, &meta.0).await?))
}

/// Revoke a key; it stops working at once.
#[utoipa::path(
    tag = "api-keys",
    params(("key_id" = Uuid, Path, description = "The key")),
    responses((status = 200, description = "The revoked key", body = ApiKeyResponse))
)]
#[delete("/api-keys/{key_id}")]
pub async fn revoke_api_key(
    services: web::Data<Services>,
    member: Member<perm::ApiKeysManage>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, key_id) = path.into_inner();
    Ok(HttpResponse::Ok().json(api_keys::revoke(&services, &member, key_id, &meta.0).await?))
}
