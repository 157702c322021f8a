//! Customers, matched by external id, phone or e-mail (each unique within the business).

use contract::pagination::Page;
use contract::sales::*;
use domain::activity::{ActivityAction, entity};
use domain::channels::Channel;
use domain::permissions::Permission;
use serde_json::json;
use store::sales::customers::{
    CustomerData, CustomerFilter, CustomerRow, UNIQUE_EMAIL, UNIQUE_EXTERNAL_ID, UNIQUE_PHONE,
};
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Changes, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::export::{Cell, PAGE, pages};
use crate::sales::{Export, record_export};
use crate::sales::{duplicate, email, phone, search};
use crate::{businesses, pagination, patch};

const UNIQUE: &[(&str, &str)] = &[
    (UNIQUE_EXTERNAL_ID, "external_id"),
    (UNIQUE_PHONE, "phone"),
    (UNIQUE_EMAIL, "email"),
];

pub(crate) fn response(row: CustomerRow, currency: &str) -> CustomerResponse {
    CustomerResponse {
        id: row.id,
        external_id: row.data.external_id,
        name: row.data.name,
        phone: row.data.phone,
        email: row.data.email,
        channel: row.data.channel,
        notes: row.data.notes,
        first_order_at: row.first_order_at,
        last_order_at: row.last_order_at,
        orders_count: row.orders_count,
        total_spent: row.total_spent,
        currency: currency.to_owned(),
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &CustomerQuery,
) -> ServiceResult<Page<CustomerResponse>> {
    access.require(Permission::BusinessRead)?;
    let limit = contract::pagination::page_size(query.limit);
    let after = pagination::decode(query.cursor.as_deref())?;
    let pattern = search(query.q.as_deref());
    let filter = CustomerFilter {
        pattern: pattern.as_deref(),
        channel: query.channel,
    };
    let (business, paged) = tokio::try_join!(businesses::row(&services.db, access), async {
        Ok(
            store::sales::customers::list(&services.db, access.business_id, &filter, after, limit)
                .await?,
        )
    })?;
    Ok(pagination::page(paged, |row| {
        response(row, &business.currency)
    }))
}

pub async fn get(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<CustomerResponse> {
    access.require(Permission::BusinessRead)?;
    let (business, row) = tokio::try_join!(businesses::row(&services.db, access), async {
        store::sales::customers::find(&services.db, access.business_id, id, false)
            .await?
            .ok_or(ServiceError::NotFound)
    })?;
    Ok(response(row, &business.currency))
}

pub async fn create(
    services: &Services,
    access: &BusinessAccess,
    request: &CreateCustomerRequest,
    meta: &RequestMeta,
) -> ServiceResult<CustomerResponse> {
    access.require(Permission::CustomersWrite)?;
    let data = CustomerData {
        external_id: patch::clean(request.external_id.as_deref()),
        name: request.name.trim().to_owned(),
        phone: phone(request.phone.as_deref()),
        email: email(request.email.as_deref()),
        channel: request.channel.unwrap_or(Channel::Other),
        notes: patch::clean(request.notes.as_deref()),
    };
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let row = store::sales::customers::insert(&mut *tx, access.business_id, Uuid::now_v7(), &data)
        .await
        .map_err(|e| duplicate(e, UNIQUE))?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::CUSTOMER, Some(row.id))
            .with(json!({ "name": row.data.name })),
    )
    .await?;
    tx.commit().await?;
    Ok(response(row, &business.currency))
}

pub async fn update(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &UpdateCustomerRequest,
    meta: &RequestMeta,
) -> ServiceResult<CustomerResponse> {
    access.require(Permission::CustomersWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let before = store::sales::customers::find(&mut *tx, access.business_id, id, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut data = before.data.clone();
    if let Some(name) = &request.name {
        data.name = name.trim().to_owned();
    }
    patch::text(&mut data.external_id, &request.external_id);
    if let Some(new) = &request.phone {
        data.phone = phone(new.as_deref());
    }
    if let Some(new) = &request.email {
        data.email = email(new.as_deref());
    }
    patch::value(&mut data.channel, &request.channel);
    patch::text(&mut data.notes, &request.notes);
    let after = store::sales::customers::replace(&mut *tx, access.business_id, id, &data)
        .await
        .map_err(|e| duplicate(e, UNIQUE))?
        .ok_or(ServiceError::NotFound)?;
    let (b, a) = (&before.data, &after.data);
    let diff = Changes::default()
        .field("name", &b.name, &a.name)
        .field("external_id", &b.external_id, &a.external_id)
        .field("phone", &b.phone, &a.phone)
        .field("email", &b.email, &a.email)
        .field("channel", &b.channel, &a.channel)
        .field("notes", &b.notes, &a.notes);
    activity::record_update(
        &mut tx,
        services,
        access,
        meta,
        entity::CUSTOMER,
        Some(id),
        diff,
    )
    .await?;
    tx.commit().await?;
    Ok(response(after, &business.currency))
}

/// Deletes a customer without orders (one with orders answers 409 `in_use`).
pub async fn delete(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::CustomersWrite)?;
    activity::delete_owned(
        services,
        access,
        meta,
        store::owned::Owned::Customer,
        entity::CUSTOMER,
        id,
    )
    .await
}

const EXPORT_HEADER: &[&str] = &[
    "id",
    "external_id",
    "name",
    "phone",
    "email",
    "channel",
    "orders_count",
    "total_spent",
    "first_order_at",
    "last_order_at",
    "created_at",
];

fn cells(row: CustomerRow) -> Vec<Cell> {
    vec![
        Cell::text(row.id.to_string()),
        Cell::optional(row.data.external_id),
        Cell::text(row.data.name),
        Cell::optional(row.data.phone),
        Cell::optional(row.data.email),
        Cell::text(row.data.channel.as_str()),
        Cell::count(i64::from(row.orders_count)),
        Cell::money(row.total_spent),
        Cell::optional(row.first_order_at.map(|at| at.to_rfc3339())),
        Cell::optional(row.last_order_at.map(|at| at.to_rfc3339())),
        Cell::text(row.created_at.to_rfc3339()),
    ]
}

/// Every customer the list's filters select, for CSV or XLSX.
pub async fn export(
    services: &Services,
    access: &BusinessAccess,
    query: &CustomerQuery,
    meta: &RequestMeta,
    format: &str,
) -> ServiceResult<Export> {
    access.require(Permission::BusinessRead)?;
    record_export(services, access, meta, entity::CUSTOMER, format).await?;
    let (db, business_id) = (services.db.clone(), access.business_id);
    let (pattern, channel) = (search(query.q.as_deref()), query.channel);
    let rows = pages(move |after| {
        let (db, pattern) = (db.clone(), pattern.clone());
        async move {
            let filter = CustomerFilter {
                pattern: pattern.as_deref(),
                channel,
            };
            Ok(
                store::sales::customers::list(&db, business_id, &filter, after, PAGE)
                    .await?
                    .map(cells),
            )
        }
    });
    Ok(Export {
        name: "customers",
        header: EXPORT_HEADER,
        rows,
    })
}
