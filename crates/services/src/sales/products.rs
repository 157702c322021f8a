//! Products: the catalogue orders' lines point at.

use contract::pagination::Page;
use contract::sales::*;
use domain::activity::{ActivityAction, entity};
use domain::permissions::Permission;
use serde_json::json;
use store::sales::products::{ProductData, ProductRow};
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Changes, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::export::{Cell, PAGE, pages};
use crate::sales::{Export, record_export};
use crate::sales::{duplicate, search};
use crate::{businesses, pagination, patch};

const UNIQUE: &[(&str, &str)] = &[("products_sku", "sku")];

fn response(row: ProductRow, currency: &str) -> ProductResponse {
    ProductResponse {
        id: row.id,
        name: row.data.name,
        sku: row.data.sku,
        description: row.data.description,
        price: row.data.price,
        cost: row.data.cost,
        currency: currency.to_owned(),
        archived: row.data.archived_at.is_some(),
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &ProductQuery,
) -> ServiceResult<Page<ProductResponse>> {
    access.require(Permission::BusinessRead)?;
    let limit = contract::pagination::page_size(query.limit);
    let after = pagination::decode(query.cursor.as_deref())?;
    let pattern = search(query.q.as_deref());
    let (business, paged) = tokio::try_join!(businesses::row(&services.db, access), async {
        Ok(store::sales::products::list(
            &services.db,
            access.business_id,
            query.archived.unwrap_or(false),
            pattern.as_deref(),
            after,
            limit,
        )
        .await?)
    })?;
    Ok(pagination::page(paged, |row| {
        response(row, &business.currency)
    }))
}

pub async fn get(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<ProductResponse> {
    access.require(Permission::BusinessRead)?;
    let (business, row) = tokio::try_join!(businesses::row(&services.db, access), async {
        store::sales::products::find(&services.db, access.business_id, id, false)
            .await?
            .ok_or(ServiceError::NotFound)
    })?;
    Ok(response(row, &business.currency))
}

pub async fn create(
    services: &Services,
    access: &BusinessAccess,
    request: &CreateProductRequest,
    meta: &RequestMeta,
) -> ServiceResult<ProductResponse> {
    access.require(Permission::OrdersWrite)?;
    let data = ProductData {
        name: request.name.trim().to_owned(),
        sku: patch::clean(request.sku.as_deref()),
        description: patch::clean(request.description.as_deref()),
        price: request.price,
        cost: request.cost,
        archived_at: None,
    };
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let row = store::sales::products::insert(&mut *tx, access.business_id, Uuid::now_v7(), &data)
        .await
        .map_err(|e| duplicate(e, UNIQUE))?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::PRODUCT, Some(row.id))
            .with(json!({ "name": row.data.name, "price": row.data.price })),
    )
    .await?;
    tx.commit().await?;
    Ok(response(row, &business.currency))
}

pub async fn update(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &UpdateProductRequest,
    meta: &RequestMeta,
) -> ServiceResult<ProductResponse> {
    access.require(Permission::OrdersWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let before = store::sales::products::find(&mut *tx, access.business_id, id, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut data = before.data.clone();
    if let Some(name) = &request.name {
        data.name = name.trim().to_owned();
    }
    patch::text(&mut data.sku, &request.sku);
    patch::text(&mut data.description, &request.description);
    patch::value(&mut data.price, &request.price);
    patch::value(&mut data.cost, &request.cost);
    patch::archive(&mut data.archived_at, request.archived, services.now());
    let after = store::sales::products::replace(&mut *tx, access.business_id, id, &data)
        .await
        .map_err(|e| duplicate(e, UNIQUE))?
        .ok_or(ServiceError::NotFound)?;
    let (b, a) = (&before.data, &after.data);
    let diff = Changes::default()
        .field("name", &b.name, &a.name)
        .field("sku", &b.sku, &a.sku)
        .field("description", &b.description, &a.description)
        .field("price", &b.price, &a.price)
        .field("cost", &b.cost, &a.cost)
        .field(
            "archived",
            &b.archived_at.is_some(),
            &a.archived_at.is_some(),
        );
    activity::record_update(
        &mut tx,
        services,
        access,
        meta,
        entity::PRODUCT,
        Some(id),
        diff,
    )
    .await?;
    tx.commit().await?;
    Ok(response(after, &business.currency))
}

/// Deletes a product; orders keep the lines that named it.
pub async fn delete(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::OrdersWrite)?;
    activity::delete_owned(
        services,
        access,
        meta,
        store::owned::Owned::Product,
        entity::PRODUCT,
        id,
    )
    .await
}

const EXPORT_HEADER: &[&str] = &[
    "id",
    "name",
    "sku",
    "description",
    "price",
    "cost",
    "archived",
    "created_at",
];

/// Every product the list's filters select, for CSV or XLSX.
pub async fn export(
    services: &Services,
    access: &BusinessAccess,
    query: &ProductQuery,
    meta: &RequestMeta,
    format: &str,
) -> ServiceResult<Export> {
    access.require(Permission::BusinessRead)?;
    record_export(services, access, meta, entity::PRODUCT, format).await?;
    let (db, business_id) = (services.db.clone(), access.business_id);
    let (pattern, archived) = (search(query.q.as_deref()), query.archived.unwrap_or(false));
    let rows = pages(move |after| {
        let (db, pattern) = (db.clone(), pattern.clone());
        async move {
            let page = store::sales::products::list(
                &db,
                business_id,
                archived,
                pattern.as_deref(),
                after,
                PAGE,
            )
            .await?;
            Ok(page.map(|row| {
                vec![
                    Cell::text(row.id.to_string()),
                    Cell::text(row.data.name),
                    Cell::optional(row.data.sku),
                    Cell::optional(row.data.description),
                    Cell::money(row.data.price),
                    row.data.cost.map_or(Cell::Empty, Cell::money),
                    Cell::text(row.data.archived_at.is_some().to_string()),
                    Cell::text(row.created_at.to_rfc3339()),
                ]
            }))
        }
    });
    Ok(Export {
        name: "products",
        header: EXPORT_HEADER,
        rows,
    })
}
