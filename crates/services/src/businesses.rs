//! Businesses: create, list, read, edit and delete.

use contract::businesses::{BusinessResponse, CreateBusinessRequest, UpdateBusinessRequest};
use contract::pagination::{Page, PageQuery};
use domain::activity::{ActivityAction, entity};
use domain::businesses::{DEFAULT_CURRENCY, Industry};
use domain::permissions::{Permission, Role};
use serde_json::json;
use store::businesses::{BusinessChanges, BusinessRow, NewBusiness};
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Changes, Event};
use crate::auth::{BusinessAccess, RequestMeta, UserPrincipal};
use crate::error::{ServiceError, ServiceResult};
use crate::pagination;

pub fn response(row: BusinessRow, role: Option<Role>) -> BusinessResponse {
    BusinessResponse {
        id: row.id,
        name: row.name,
        industry: row.industry.0,
        description: row.description,
        website: row.website,
        region: row.region,
        currency: row.currency,
        timezone: row.timezone,
        locale: row.locale,
        role,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

fn trimmed(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A nullable field of a patch: absent keeps, `null` or blank clears, text sets.
fn optional(field: &Option<Option<String>>) -> Option<Option<&str>> {
    field.as_ref().map(trimmed)
}

/// Creates a business owned by the caller.
pub async fn create(
    services: &Services,
    principal: &UserPrincipal,
    request: &CreateBusinessRequest,
    meta: &RequestMeta,
) -> ServiceResult<BusinessResponse> {
    let user = &principal.user;
    let mut tx = services.db.begin().await?;
    let row = store::businesses::insert_with_owner(
        &mut tx,
        NewBusiness {
            id: Uuid::now_v7(),
            name: request.name.trim(),
            industry: request.industry,
            description: trimmed(&request.description),
            website: trimmed(&request.website),
            region: trimmed(&request.region),
            currency: request.currency.as_deref().unwrap_or(DEFAULT_CURRENCY),
            timezone: request.timezone.as_deref().unwrap_or(&user.timezone),
            locale: request.locale.unwrap_or(user.locale),
        },
        user.id,
    )
    .await?;
    let access = BusinessAccess::member(row.id, user.id, principal.session_id, Role::Owner);
    activity::record(
        &mut tx,
        services,
        &access,
        meta,
        Event::new(ActivityAction::Created, entity::BUSINESS, Some(row.id))
            .with(json!({ "name": row.name })),
    )
    .await?;
    tx.commit().await?;
    Ok(response(row, Some(Role::Owner)))
}

/// The caller's businesses, newest first.
pub async fn list_mine(
    services: &Services,
    principal: &UserPrincipal,
    query: &PageQuery,
) -> ServiceResult<Page<BusinessResponse>> {
    let after = pagination::decode(query.cursor.as_deref())?;
    let paged =
        store::businesses::list_for_user(&services.db, principal.user.id, after, query.limit())
            .await?;
    Ok(pagination::page(paged, |row| {
        response(row.business, Some(row.role))
    }))
}

/// The business the caller acts in; gone (deleted meanwhile) is `NotFound`.
pub(crate) async fn row(
    db: impl store::PgExecutor<'_>,
    access: &BusinessAccess,
) -> ServiceResult<BusinessRow> {
    store::businesses::find(db, access.business_id)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn get(services: &Services, access: &BusinessAccess) -> ServiceResult<BusinessResponse> {
    access.require(Permission::BusinessRead)?;
    let row = row(&services.db, access).await?;
    Ok(response(row, access.role))
}

/// Applies `PATCH /businesses/{id}` and records which fields changed.
pub async fn update(
    services: &Services,
    access: &BusinessAccess,
    request: &UpdateBusinessRequest,
    meta: &RequestMeta,
) -> ServiceResult<BusinessResponse> {
    access.require(Permission::BusinessUpdate)?;
    let changes = BusinessChanges {
        name: request.name.as_deref().map(str::trim),
        industry: request.industry,
        description: optional(&request.description),
        website: optional(&request.website),
        region: optional(&request.region),
        currency: request.currency.as_deref(),
        timezone: request.timezone.as_deref(),
        locale: request.locale,
    };
    let mut tx = services.db.begin().await?;
    let before = row(&mut *tx, access).await?;
    let after = store::businesses::update(&mut *tx, access.business_id, &changes)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let industry = |row: &BusinessRow| row.industry.0.map(Industry::as_str);
    let diff = Changes::default()
        .field("name", &before.name, &after.name)
        .field("industry", &industry(&before), &industry(&after))
        .field("description", &before.description, &after.description)
        .field("website", &before.website, &after.website)
        .field("region", &before.region, &after.region)
        .field("currency", &before.currency, &after.currency)
        .field("timezone", &before.timezone, &after.timezone)
        .field("locale", &before.locale, &after.locale);
    if !diff.is_empty() {
        activity::record(
            &mut tx,
            services,
            access,
            meta,
            Event::new(
                ActivityAction::Updated,
                entity::BUSINESS,
                Some(access.business_id),
            )
            .with(diff.into_value()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(response(after, access.role))
}

/// Deletes a business: it disappears for everyone at once and is purged with all its data
/// after the retention period.
pub async fn delete(
    services: &Services,
    access: &BusinessAccess,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::BusinessDelete)?;
    let mut tx = services.db.begin().await?;
    if !store::businesses::soft_delete(&mut *tx, access.business_id, services.now()).await? {
        return Err(ServiceError::NotFound);
    }
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(
            ActivityAction::Deleted,
            entity::BUSINESS,
            Some(access.business_id),
        )
        .with(json!({ "purge_after_days": services.settings.deleted_business_retention_days })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
