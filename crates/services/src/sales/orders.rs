//! Orders. Each write moves the order's sums in the aggregates and its customer's summary in
//! the same transaction, so the dashboard is right the moment the write returns.

use std::collections::HashMap;

use contract::pagination::Page;
use contract::sales::*;
use domain::activity::{ActivityAction, entity};
use domain::channels::Channel;
use domain::permissions::Permission;
use domain::sales::OrderStatus;
use serde_json::json;
use store::PgConnection;
use store::sales::orders::{OrderData, OrderFilter, OrderRow, UNIQUE_EXTERNAL_ID};
use store::sales::stats::{self, OrderFacts};
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Changes, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::export::{Cell, PAGE, pages};
use crate::sales::{Export, record_export};
use crate::sales::{day_start, duplicate, search};
use crate::stored::{read, write};
use crate::{businesses, pagination, patch};

const UNIQUE: &[(&str, &str)] = &[(UNIQUE_EXTERNAL_ID, "external_id")];

fn response(row: OrderRow, currency: &str) -> ServiceResult<OrderResponse> {
    let d = row.data;
    Ok(OrderResponse {
        id: row.id,
        external_id: d.external_id,
        customer_id: d.customer_id,
        status: d.status,
        channel: d.channel,
        ordered_at: d.ordered_at,
        amount: d.amount,
        currency: currency.to_owned(),
        items: read(d.items)?,
        notes: d.notes,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// Fills each line's name and unit price from its product and works out the total; a line
/// that names a product of another business is a field error.
async fn priced_items(
    conn: &mut PgConnection,
    business_id: Uuid,
    items: &[OrderItem],
) -> ServiceResult<(Vec<OrderItem>, i64)> {
    let ids: Vec<Uuid> = items.iter().filter_map(|i| i.product_id).collect();
    let products: HashMap<Uuid, _> = if ids.is_empty() {
        HashMap::new()
    } else {
        store::sales::products::find_many(&mut *conn, business_id, &ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };
    let mut priced = Vec::with_capacity(items.len());
    let mut total: i64 = 0;
    for (index, item) in items.iter().enumerate() {
        let product = match item.product_id {
            Some(id) => Some(products.get(&id).ok_or_else(|| {
                ServiceError::field(
                    format!("items[{index}].product_id"),
                    "unknown_product",
                    "is not a product of this business",
                )
            })?),
            None => None,
        };
        let name =
            patch::clean(item.name.as_deref()).or_else(|| product.map(|p| p.data.name.clone()));
        let Some(name) = name else {
            return Err(ServiceError::field(
                format!("items[{index}].name"),
                "required",
                "is required for a line without a product",
            ));
        };
        let Some(unit_price) = item.unit_price.or(product.map(|p| p.data.price)) else {
            return Err(ServiceError::field(
                format!("items[{index}].unit_price"),
                "required",
                "is required for a line without a product",
            ));
        };
        total = unit_price
            .checked_mul(i64::from(item.quantity))
            .and_then(|line| total.checked_add(line))
            .filter(|t| *t <= contract::strategy::MAX_AMOUNT)
            .ok_or_else(|| {
                ServiceError::field(
                    "items",
                    "too_large",
                    "add up to more than the largest amount",
                )
            })?;
        priced.push(OrderItem {
            product_id: item.product_id,
            name: Some(name),
            quantity: item.quantity,
            unit_price: Some(unit_price),
        });
    }
    Ok((priced, total))
}

/// The amount of an order: as sent, or the sum of its lines; both must agree when both come.
fn settle_amount(amount: Option<i64>, lines_total: Option<i64>) -> ServiceResult<i64> {
    match (amount, lines_total) {
        (Some(amount), Some(total)) if amount != total => Err(ServiceError::field(
            "amount",
            "items_mismatch",
            format!("is {amount} but the lines add up to {total}"),
        )),
        (Some(amount), _) => Ok(amount),
        (None, Some(total)) => Ok(total),
        (None, None) => Err(ServiceError::field(
            "amount",
            "required",
            "is required when the order has no lines",
        )),
    }
}

async fn check_customer(
    conn: &mut PgConnection,
    business_id: Uuid,
    customer: Option<Uuid>,
) -> ServiceResult<()> {
    if let Some(customer) = customer
        && !store::sales::customers::exists(&mut *conn, business_id, customer).await?
    {
        return Err(ServiceError::field(
            "customer_id",
            "unknown_customer",
            "is not a customer of this business",
        ));
    }
    Ok(())
}

pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &OrderQuery,
) -> ServiceResult<Page<OrderResponse>> {
    access.require(Permission::BusinessRead)?;
    let limit = contract::pagination::page_size(query.limit);
    let after = pagination::decode(query.cursor.as_deref())?;
    let pattern = search(query.q.as_deref());
    let business = businesses::row(&services.db, access).await?;
    let filter = OrderFilter {
        pattern: pattern.as_deref(),
        status: query.status,
        channel: query.channel,
        customer_id: query.customer_id,
        from: query.from.map(|d| day_start(&business.timezone, d)),
        to: query
            .to
            .and_then(|d| d.succ_opt())
            .map(|d| day_start(&business.timezone, d)),
    };
    let paged =
        store::sales::orders::list(&services.db, access.business_id, &filter, after, limit).await?;
    pagination::try_page(paged, |row| response(row, &business.currency))
}

pub async fn get(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<OrderResponse> {
    access.require(Permission::BusinessRead)?;
    let (business, row) = tokio::try_join!(businesses::row(&services.db, access), async {
        store::sales::orders::find(&services.db, access.business_id, id, false)
            .await?
            .ok_or(ServiceError::NotFound)
    })?;
    response(row, &business.currency)
}

pub async fn create(
    services: &Services,
    access: &BusinessAccess,
    request: &CreateOrderRequest,
    meta: &RequestMeta,
) -> ServiceResult<OrderResponse> {
    access.require(Permission::OrdersWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    check_customer(&mut tx, access.business_id, request.customer_id).await?;
    let (items, lines_total) = match request.items.as_deref() {
        Some(items) if !items.is_empty() => {
            let (items, total) = priced_items(&mut tx, access.business_id, items).await?;
            (items, Some(total))
        }
        _ => (Vec::new(), None),
    };
    let data = OrderData {
        external_id: patch::clean(request.external_id.as_deref()),
        customer_id: request.customer_id,
        status: request.status.unwrap_or(OrderStatus::Paid),
        channel: request.channel.unwrap_or(Channel::Other),
        ordered_at: request.ordered_at.unwrap_or_else(|| services.now()),
        amount: settle_amount(request.amount, lines_total)?,
        items: write(&items)?,
        notes: patch::clean(request.notes.as_deref()),
    };
    let row = store::sales::orders::insert(&mut *tx, access.business_id, Uuid::now_v7(), &data)
        .await
        .map_err(|e| duplicate(e, UNIQUE))?;
    stats::apply_order(
        &mut tx,
        access.business_id,
        &business.timezone,
        None,
        Some(&OrderFacts::from(&row.data)),
    )
    .await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::ORDER, Some(row.id)).with(json!({
            "amount": row.data.amount,
            "status": row.data.status,
            "channel": row.data.channel,
        })),
    )
    .await?;
    tx.commit().await?;
    response(row, &business.currency)
}

pub async fn update(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &UpdateOrderRequest,
    meta: &RequestMeta,
) -> ServiceResult<OrderResponse> {
    access.require(Permission::OrdersWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let before = store::sales::orders::find(&mut *tx, access.business_id, id, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut data = before.data.clone();
    patch::text(&mut data.external_id, &request.external_id);
    patch::value(&mut data.customer_id, &request.customer_id);
    patch::value(&mut data.status, &request.status);
    patch::value(&mut data.channel, &request.channel);
    patch::value(&mut data.ordered_at, &request.ordered_at);
    patch::text(&mut data.notes, &request.notes);
    check_customer(&mut tx, access.business_id, data.customer_id).await?;
    match request.items.as_deref() {
        Some(items) if !items.is_empty() => {
            let (items, total) = priced_items(&mut tx, access.business_id, items).await?;
            data.amount = settle_amount(request.amount, Some(total))?;
            data.items = write(&items)?;
        }
        Some(_) => {
            data.items = write(&Vec::<OrderItem>::new())?;
            patch::value(&mut data.amount, &request.amount);
        }
        None => patch::value(&mut data.amount, &request.amount),
    }
    let after = store::sales::orders::replace(&mut *tx, access.business_id, id, &data)
        .await
        .map_err(|e| duplicate(e, UNIQUE))?
        .ok_or(ServiceError::NotFound)?;
    stats::apply_order(
        &mut tx,
        access.business_id,
        &business.timezone,
        Some(&OrderFacts::from(&before.data)),
        Some(&OrderFacts::from(&after.data)),
    )
    .await?;
    let (b, a) = (&before.data, &after.data);
    let diff = Changes::default()
        .field("external_id", &b.external_id, &a.external_id)
        .field("customer_id", &b.customer_id, &a.customer_id)
        .field("status", &b.status, &a.status)
        .field("channel", &b.channel, &a.channel)
        .field("ordered_at", &b.ordered_at, &a.ordered_at)
        .field("amount", &b.amount, &a.amount)
        .field("items", &b.items.0, &a.items.0)
        .field("notes", &b.notes, &a.notes);
    activity::record_update(
        &mut tx,
        services,
        access,
        meta,
        entity::ORDER,
        Some(id),
        diff,
    )
    .await?;
    tx.commit().await?;
    response(after, &business.currency)
}

pub async fn delete(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::OrdersWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let row = store::sales::orders::delete(&mut *tx, access.business_id, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    stats::apply_order(
        &mut tx,
        access.business_id,
        &business.timezone,
        Some(&OrderFacts::from(&row.data)),
        None,
    )
    .await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Deleted, entity::ORDER, Some(id))
            .with(json!({ "amount": row.data.amount })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

const EXPORT_HEADER: &[&str] = &[
    "id",
    "external_id",
    "customer_id",
    "ordered_at",
    "amount",
    "currency",
    "status",
    "channel",
    "items",
    "notes",
];

/// Every order the list's filters select, for CSV or XLSX.
pub async fn export(
    services: &Services,
    access: &BusinessAccess,
    query: &OrderQuery,
    meta: &RequestMeta,
    format: &str,
) -> ServiceResult<Export> {
    access.require(Permission::BusinessRead)?;
    record_export(services, access, meta, entity::ORDER, format).await?;
    let business = businesses::row(&services.db, access).await?;
    let (db, business_id) = (services.db.clone(), access.business_id);
    let pattern = search(query.q.as_deref());
    let (status, channel, customer_id) = (query.status, query.channel, query.customer_id);
    let from = query.from.map(|d| day_start(&business.timezone, d));
    let to = query
        .to
        .and_then(|d| d.succ_opt())
        .map(|d| day_start(&business.timezone, d));
    let currency = business.currency;
    let rows = pages(move |after| {
        let (db, pattern, currency) = (db.clone(), pattern.clone(), currency.clone());
        async move {
            let filter = OrderFilter {
                pattern: pattern.as_deref(),
                status,
                channel,
                customer_id,
                from,
                to,
            };
            let page = store::sales::orders::list(&db, business_id, &filter, after, PAGE).await?;
            Ok(page.map(|row| {
                let d = row.data;
                vec![
                    Cell::text(row.id.to_string()),
                    Cell::optional(d.external_id),
                    Cell::optional(d.customer_id.map(|id| id.to_string())),
                    Cell::text(d.ordered_at.to_rfc3339()),
                    Cell::money(d.amount),
                    Cell::text(currency.clone()),
                    Cell::text(d.status.as_str()),
                    Cell::text(d.channel.as_str()),
                    Cell::text(d.items.0.to_string()),
                    Cell::optional(d.notes),
                ]
            }))
        }
    });
    Ok(Export {
        name: "orders",
        header: EXPORT_HEADER,
        rows,
    })
}
