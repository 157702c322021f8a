//! API keys: third parties call the API for one business within the key's scopes. A key is
//! `bp_<id>_<secret>`; the id part is stored to find the key, the secret only as a hash.

use contract::api_keys::{ApiKeyResponse, CreateApiKeyRequest, CreatedApiKeyResponse};
use contract::pagination::{Page, PageQuery};
use contract::problem::FieldError;
use domain::activity::{ActivityAction, entity};
use domain::permissions::Permission;
use serde_json::json;
use store::api_keys::{ApiKeyRow, NewApiKey};
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Event};
use crate::auth::{API_KEY_PREFIX, BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::{pagination, security};

fn response(row: ApiKeyRow) -> ApiKeyResponse {
    ApiKeyResponse {
        id: row.id,
        name: row.name,
        prefix: row.prefix,
        scopes: row.scopes.0,
        created_by: row.created_by,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        expires_at: row.expires_at,
        revoked_at: row.revoked_at,
    }
}

/// Creates a key; its secret appears in this answer only.
pub async fn create(
    services: &Services,
    access: &BusinessAccess,
    request: &CreateApiKeyRequest,
    meta: &RequestMeta,
) -> ServiceResult<CreatedApiKeyResponse> {
    access.require(Permission::ApiKeysManage)?;
    let (creator, _) = access.require_user()?;
    let now = services.now();
    let mut errors = Vec::new();
    for (index, scope) in request.scopes.iter().enumerate() {
        if !scope.is_delegable() || !access.allows(*scope) {
            errors.push(FieldError {
                field: format!("scopes[{index}]"),
                code: "scope_not_allowed".into(),
                message: format!("`{}` cannot be given to an API key by you", scope.as_str()),
            });
        }
    }
    if request.expires_at.is_some_and(|at| at <= now) {
        errors.push(FieldError {
            field: "expires_at".into(),
            code: "in_the_past".into(),
            message: "must be in the future".into(),
        });
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let mut scopes: Vec<Permission> = request.scopes.clone();
    scopes.sort();
    scopes.dedup();

    let prefix = format!("{API_KEY_PREFIX}{}", security::random_code(12));
    let secret = security::random_token();
    let mut tx = services.db.begin().await?;
    let row = store::api_keys::insert(
        &mut *tx,
        NewApiKey {
            id: Uuid::now_v7(),
            business_id: access.business_id,
            name: request.name.trim(),
            prefix: &prefix,
            secret_hash: &security::token_hash(&secret),
            scopes: &scopes,
            created_by: creator,
            expires_at: request.expires_at,
        },
    )
    .await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::ApiKeyCreated, entity::API_KEY, Some(row.id))
            .with(json!({ "name": row.name, "prefix": row.prefix, "scopes": scopes })),
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedApiKeyResponse {
        key: format!("{prefix}_{secret}"),
        api_key: response(row),
    })
}

/// Keys of the business, revoked ones included, newest first.
pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &PageQuery,
) -> ServiceResult<Page<ApiKeyResponse>> {
    access.require(Permission::ApiKeysManage)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let paged =
        store::api_keys::list(&services.db, access.business_id, after, query.limit()).await?;
    Ok(pagination::page(paged, response))
}

/// Revokes a key at once; revoking twice is harmless.
pub async fn revoke(
    services: &Services,
    access: &BusinessAccess,
    key_id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<ApiKeyResponse> {
    access.require(Permission::ApiKeysManage)?;
    let mut tx = services.db.begin().await?;
    let row = store::api_keys::revoke(&mut *tx, access.business_id, key_id, services.now())
        .await?
        .ok_or(ServiceError::NotFound)?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::ApiKeyRevoked, entity::API_KEY, Some(row.id))
            .with(json!({ "prefix": row.prefix })),
    )
    .await?;
    tx.commit().await?;
    Ok(response(row))
}
