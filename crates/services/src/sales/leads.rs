//! Leads and the pipeline. Each stage move is in the activity log and moves the lead's counts
//! in the funnel aggregates.

use contract::pagination::Page;
use contract::sales::*;
use domain::activity::{ActivityAction, entity};
use domain::channels::Channel;
use domain::permissions::Permission;
use domain::sales::LeadStage;
use serde_json::json;
use store::PgConnection;
use store::sales::leads::{LeadData, LeadFilter, LeadRow, UNIQUE_EXTERNAL_ID};
use store::sales::stats::{self, LeadFacts};
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Changes, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::export::{Cell, PAGE, pages};
use crate::sales::{Export, record_export};
use crate::sales::{duplicate, email, phone, search};
use crate::{businesses, pagination, patch};

const UNIQUE: &[(&str, &str)] = &[(UNIQUE_EXTERNAL_ID, "external_id")];

fn response(row: LeadRow, currency: &str) -> LeadResponse {
    let d = row.data;
    LeadResponse {
        id: row.id,
        external_id: d.external_id,
        customer_id: d.customer_id,
        name: d.name,
        phone: d.phone,
        email: d.email,
        stage: d.stage,
        furthest_stage: row.furthest_stage,
        channel: d.channel,
        utm_source: d.utm_source,
        utm_medium: d.utm_medium,
        utm_campaign: d.utm_campaign,
        value: d.value,
        currency: currency.to_owned(),
        owner_id: d.owner_id,
        lost_reason: d.lost_reason,
        notes: d.notes,
        stage_changed_at: row.stage_changed_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// The references a lead makes must stay inside the business: a foreign customer or a
/// non-member owner is a field error, never a silent link.
async fn check_references(
    conn: &mut PgConnection,
    business_id: Uuid,
    data: &LeadData,
) -> ServiceResult<()> {
    if let Some(customer) = data.customer_id
        && !store::sales::customers::exists(&mut *conn, business_id, customer).await?
    {
        return Err(ServiceError::field(
            "customer_id",
            "unknown_customer",
            "is not a customer of this business",
        ));
    }
    if let Some(owner) = data.owner_id
        && store::team::find_member(&mut *conn, business_id, owner)
            .await?
            .is_none()
    {
        return Err(ServiceError::field(
            "owner_id",
            "not_a_member",
            "is not a member of this business",
        ));
    }
    Ok(())
}

pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &LeadQuery,
) -> ServiceResult<Page<LeadResponse>> {
    access.require(Permission::BusinessRead)?;
    let limit = contract::pagination::page_size(query.limit);
    let after = pagination::decode(query.cursor.as_deref())?;
    let pattern = search(query.q.as_deref());
    let filter = LeadFilter {
        pattern: pattern.as_deref(),
        stage: query.stage,
        channel: query.channel,
        owner_id: query.owner_id,
    };
    let (business, paged) = tokio::try_join!(businesses::row(&services.db, access), async {
        Ok(
            store::sales::leads::list(&services.db, access.business_id, &filter, after, limit)
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
) -> ServiceResult<LeadResponse> {
    access.require(Permission::BusinessRead)?;
    let (business, row) = tokio::try_join!(businesses::row(&services.db, access), async {
        store::sales::leads::find(&services.db, access.business_id, id, false)
            .await?
            .ok_or(ServiceError::NotFound)
    })?;
    Ok(response(row, &business.currency))
}

pub async fn create(
    services: &Services,
    access: &BusinessAccess,
    request: &CreateLeadRequest,
    meta: &RequestMeta,
) -> ServiceResult<LeadResponse> {
    access.require(Permission::LeadsWrite)?;
    let utm_source = patch::clean(request.utm_source.as_deref());
    let channel = request.channel.unwrap_or_else(|| {
        utm_source
            .as_deref()
            .map_or(Channel::Other, Channel::from_source)
    });
    let data = LeadData {
        external_id: patch::clean(request.external_id.as_deref()),
        customer_id: request.customer_id,
        name: request.name.trim().to_owned(),
        phone: phone(request.phone.as_deref()),
        email: email(request.email.as_deref()),
        stage: request.stage.unwrap_or(LeadStage::New),
        channel,
        utm_source,
        utm_medium: patch::clean(request.utm_medium.as_deref()),
        utm_campaign: patch::clean(request.utm_campaign.as_deref()),
        value: request.value,
        owner_id: request.owner_id,
        lost_reason: patch::clean(request.lost_reason.as_deref()),
        notes: patch::clean(request.notes.as_deref()),
    };
    let now = services.now();
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    check_references(&mut tx, access.business_id, &data).await?;
    let row = store::sales::leads::insert(&mut *tx, access.business_id, Uuid::now_v7(), &data, now)
        .await
        .map_err(|e| duplicate(e, UNIQUE))?;
    let facts = LeadFacts::of(&row.data, row.furthest_stage, row.created_at);
    stats::apply_lead(
        &mut tx,
        access.business_id,
        &business.timezone,
        None,
        Some(&facts),
    )
    .await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::LEAD, Some(row.id)).with(
            json!({ "name": row.data.name, "stage": row.data.stage, "channel": row.data.channel }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(response(row, &business.currency))
}

pub async fn update(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &UpdateLeadRequest,
    meta: &RequestMeta,
) -> ServiceResult<LeadResponse> {
    access.require(Permission::LeadsWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let before = store::sales::leads::find(&mut *tx, access.business_id, id, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut data = before.data.clone();
    if let Some(name) = &request.name {
        data.name = name.trim().to_owned();
    }
    patch::text(&mut data.external_id, &request.external_id);
    patch::value(&mut data.customer_id, &request.customer_id);
    if let Some(new) = &request.phone {
        data.phone = phone(new.as_deref());
    }
    if let Some(new) = &request.email {
        data.email = email(new.as_deref());
    }
    patch::value(&mut data.stage, &request.stage);
    patch::value(&mut data.channel, &request.channel);
    patch::text(&mut data.utm_source, &request.utm_source);
    patch::text(&mut data.utm_medium, &request.utm_medium);
    patch::text(&mut data.utm_campaign, &request.utm_campaign);
    patch::value(&mut data.value, &request.value);
    patch::value(&mut data.owner_id, &request.owner_id);
    patch::text(&mut data.lost_reason, &request.lost_reason);
    patch::text(&mut data.notes, &request.notes);
    if data.stage != LeadStage::Lost && request.lost_reason.is_none() {
        // A reopened lead is no longer lost for the reason it was.
        data.lost_reason = None;
    }
    check_references(&mut tx, access.business_id, &data).await?;
    let furthest = data.stage.furthest(before.furthest_stage);
    let now = services.now();
    let after =
        store::sales::leads::replace(&mut *tx, access.business_id, id, &data, furthest, now)
            .await
            .map_err(|e| duplicate(e, UNIQUE))?
            .ok_or(ServiceError::NotFound)?;
    stats::apply_lead(
        &mut tx,
        access.business_id,
        &business.timezone,
        Some(&LeadFacts::of(
            &before.data,
            before.furthest_stage,
            before.created_at,
        )),
        Some(&LeadFacts::of(
            &after.data,
            after.furthest_stage,
            after.created_at,
        )),
    )
    .await?;
    let (b, a) = (&before.data, &after.data);
    if b.stage != a.stage {
        activity::record(
            &mut tx,
            services,
            access,
            meta,
            Event::new(ActivityAction::StageChanged, entity::LEAD, Some(id)).with(json!({
                "stage": { "before": b.stage, "after": a.stage },
                "lost_reason": a.lost_reason,
            })),
        )
        .await?;
    }
    let diff = Changes::default()
        .field("name", &b.name, &a.name)
        .field("external_id", &b.external_id, &a.external_id)
        .field("customer_id", &b.customer_id, &a.customer_id)
        .field("phone", &b.phone, &a.phone)
        .field("email", &b.email, &a.email)
        .field("channel", &b.channel, &a.channel)
        .field("utm_source", &b.utm_source, &a.utm_source)
        .field("utm_medium", &b.utm_medium, &a.utm_medium)
        .field("utm_campaign", &b.utm_campaign, &a.utm_campaign)
        .field("value", &b.value, &a.value)
        .field("owner_id", &b.owner_id, &a.owner_id)
        .field("notes", &b.notes, &a.notes);
    activity::record_update(
        &mut tx,
        services,
        access,
        meta,
        entity::LEAD,
        Some(id),
        diff,
    )
    .await?;
    tx.commit().await?;
    Ok(response(after, &business.currency))
}

pub async fn delete(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::LeadsWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let row = store::sales::leads::delete(&mut *tx, access.business_id, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let facts = LeadFacts::of(&row.data, row.furthest_stage, row.created_at);
    stats::apply_lead(
        &mut tx,
        access.business_id,
        &business.timezone,
        Some(&facts),
        None,
    )
    .await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Deleted, entity::LEAD, Some(id))
            .with(json!({ "name": row.data.name })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

const EXPORT_HEADER: &[&str] = &[
    "id",
    "external_id",
    "name",
    "phone",
    "email",
    "stage",
    "furthest_stage",
    "channel",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "value",
    "owner_id",
    "lost_reason",
    "stage_changed_at",
    "created_at",
];

fn cells(row: LeadRow) -> Vec<Cell> {
    let d = row.data;
    vec![
        Cell::text(row.id.to_string()),
        Cell::optional(d.external_id),
        Cell::text(d.name),
        Cell::optional(d.phone),
        Cell::optional(d.email),
        Cell::text(d.stage.as_str()),
        Cell::text(row.furthest_stage.as_str()),
        Cell::text(d.channel.as_str()),
        Cell::optional(d.utm_source),
        Cell::optional(d.utm_medium),
        Cell::optional(d.utm_campaign),
        d.value.map_or(Cell::Empty, Cell::money),
        Cell::optional(d.owner_id.map(|id| id.to_string())),
        Cell::optional(d.lost_reason),
        Cell::text(row.stage_changed_at.to_rfc3339()),
        Cell::text(row.created_at.to_rfc3339()),
    ]
}

/// Every lead the list's filters select, for CSV or XLSX.
pub async fn export(
    services: &Services,
    access: &BusinessAccess,
    query: &LeadQuery,
    meta: &RequestMeta,
    format: &str,
) -> ServiceResult<Export> {
    access.require(Permission::BusinessRead)?;
    record_export(services, access, meta, entity::LEAD, format).await?;
    let (db, business_id) = (services.db.clone(), access.business_id);
    let pattern = search(query.q.as_deref());
    let (stage, channel, owner_id) = (query.stage, query.channel, query.owner_id);
    let rows = pages(move |after| {
        let (db, pattern) = (db.clone(), pattern.clone());
        async move {
            let filter = LeadFilter {
                pattern: pattern.as_deref(),
                stage,
                channel,
                owner_id,
            };
            Ok(
                store::sales::leads::list(&db, business_id, &filter, after, PAGE)
                    .await?
                    .map(cells),
            )
        }
    });
    Ok(Export {
        name: "leads",
        header: EXPORT_HEADER,
        rows,
    })
}
