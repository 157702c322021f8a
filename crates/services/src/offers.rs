//! Offers: the builder's saves, variants for A/B, archive; and the stateless calculators.

use contract::offers::*;
use contract::pagination::{ArchiveQuery, Page};
use domain::accounts::Locale;
use domain::activity::{ActivityAction, entity};
use domain::offers::{stack_totals, typical_bonus_values};
use domain::permissions::Permission;
use serde_json::json;
use store::Json;
use store::offers::{OfferData, OfferRow};
use store::owned::Owned;
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Changes, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::stored::{read, read_optional, write, write_optional};
use crate::{businesses, pagination, patch};

fn score(value: i16) -> u8 {
    u8::try_from(value).unwrap_or(1)
}

fn response(row: OfferRow, currency: &str) -> ServiceResult<OfferResponse> {
    let data = row.data;
    let bonuses: Vec<Bonus> = read(data.bonuses)?;
    let guarantee: Option<Guarantee> = read_optional(data.guarantee)?;
    let hvco: Option<Hvco> = read_optional(data.hvco)?;
    let pricing_plan: Option<PricingPlan> = read_optional(data.pricing_plan)?;
    let value_scores = ValueScores {
        dream_outcome: score(data.dream_outcome),
        perceived_likelihood: score(data.perceived_likelihood),
        time_delay: score(data.time_delay),
        effort_sacrifice: score(data.effort_sacrifice),
    };
    let totals = stack_totals(data.core_value, bonuses.iter().map(|b| b.value), data.price);
    Ok(OfferResponse {
        id: row.id,
        name: data.name,
        description: data.description,
        headline: data.headline,
        price: data.price,
        currency: currency.to_owned(),
        core_value: data.core_value,
        value: value_scores.evaluate(),
        value_scores,
        bonuses,
        totals: StackTotals {
            core_value: data.core_value,
            bonus_value: totals.bonus_value,
            total_value: totals.total_value,
            value_to_price: totals.value_to_price,
            guidance: totals.guidance,
            typical_bonus_values: typical_bonus_values(data.core_value),
        },
        deadline: data.deadline,
        quantity_limit: data.quantity_limit.and_then(|q| u32::try_from(q).ok()),
        guarantee_risk: guarantee.as_ref().map(|g| g.kind.risk()),
        guarantee,
        hvco: hvco.as_ref().map(HvcoResponse::from),
        pricing: pricing_plan
            .as_ref()
            .map(|plan| plan.at_price(data.price).evaluate()),
        pricing_plan,
        variant_of: row.variant_of,
        archived: data.archived_at.is_some(),
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn trimmed_bonuses(bonuses: &[Bonus]) -> Vec<Bonus> {
    bonuses
        .iter()
        .map(|b| Bonus {
            name: b.name.trim().to_owned(),
            description: patch::clean(b.description.as_deref()),
            value: b.value,
        })
        .collect()
}

fn trimmed_guarantee(guarantee: &Guarantee) -> Guarantee {
    Guarantee {
        kind: guarantee.kind,
        text: guarantee.text.trim().to_owned(),
    }
}

fn set_scores(data: &mut OfferData, scores: &ValueScores) {
    data.dream_outcome = i16::from(scores.dream_outcome);
    data.perceived_likelihood = i16::from(scores.perceived_likelihood);
    data.time_delay = i16::from(scores.time_delay);
    data.effort_sacrifice = i16::from(scores.effort_sacrifice);
}

pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &ArchiveQuery,
) -> ServiceResult<Page<OfferResponse>> {
    access.require(Permission::BusinessRead)?;
    let page = query.page();
    let after = pagination::decode(page.cursor.as_deref())?;
    let (business, paged) = tokio::try_join!(businesses::row(&services.db, access), async {
        Ok(store::offers::list(
            &services.db,
            access.business_id,
            query.archived.unwrap_or(false),
            after,
            page.limit(),
        )
        .await?)
    })?;
    pagination::try_page(paged, |row| response(row, &business.currency))
}

pub async fn get(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<OfferResponse> {
    access.require(Permission::BusinessRead)?;
    let (business, row) = tokio::try_join!(businesses::row(&services.db, access), async {
        store::offers::find(&services.db, access.business_id, id, false)
            .await?
            .ok_or(ServiceError::NotFound)
    })?;
    response(row, &business.currency)
}

pub async fn create(
    services: &Services,
    access: &BusinessAccess,
    request: &CreateOfferRequest,
    meta: &RequestMeta,
) -> ServiceResult<OfferResponse> {
    access.require(Permission::OffersWrite)?;
    let mut data = OfferData {
        name: request.name.trim().to_owned(),
        description: patch::clean(request.description.as_deref()),
        headline: patch::clean(request.headline.as_deref()),
        price: request.price.unwrap_or(0),
        core_value: request.core_value.unwrap_or(0),
        dream_outcome: 5,
        perceived_likelihood: 5,
        time_delay: 5,
        effort_sacrifice: 5,
        bonuses: write(&trimmed_bonuses(request.bonuses.as_deref().unwrap_or(&[])))?,
        guarantee: write_optional(request.guarantee.as_ref().map(trimmed_guarantee).as_ref())?,
        hvco: write_optional(request.hvco.as_ref())?,
        pricing_plan: write_optional(request.pricing_plan.as_ref())?,
        deadline: request.deadline,
        quantity_limit: request.quantity_limit.and_then(|q| i32::try_from(q).ok()),
        archived_at: None,
    };
    set_scores(&mut data, &request.value_scores.unwrap_or_default());
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let row =
        store::offers::insert(&mut *tx, access.business_id, Uuid::now_v7(), None, &data).await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::OFFER, Some(row.id))
            .with(json!({ "name": row.data.name, "price": row.data.price })),
    )
    .await?;
    tx.commit().await?;
    response(row, &business.currency)
}

pub async fn update(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &UpdateOfferRequest,
    meta: &RequestMeta,
) -> ServiceResult<OfferResponse> {
    access.require(Permission::OffersWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let before = store::offers::find(&mut *tx, access.business_id, id, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut data = before.data.clone();
    if let Some(name) = &request.name {
        data.name = name.trim().to_owned();
    }
    patch::text(&mut data.description, &request.description);
    patch::text(&mut data.headline, &request.headline);
    patch::value(&mut data.price, &request.price);
    patch::value(&mut data.core_value, &request.core_value);
    if let Some(scores) = &request.value_scores {
        set_scores(&mut data, scores);
    }
    if let Some(bonuses) = &request.bonuses {
        data.bonuses = write(&trimmed_bonuses(bonuses))?;
    }
    if let Some(deadline) = request.deadline {
        data.deadline = deadline;
    }
    if let Some(limit) = request.quantity_limit {
        data.quantity_limit = limit.and_then(|q| i32::try_from(q).ok());
    }
    if let Some(guarantee) = &request.guarantee {
        data.guarantee = write_optional(guarantee.as_ref().map(trimmed_guarantee).as_ref())?;
    }
    if let Some(hvco) = &request.hvco {
        data.hvco = write_optional(hvco.as_ref())?;
    }
    if let Some(plan) = &request.pricing_plan {
        data.pricing_plan = write_optional(plan.as_ref())?;
    }
    patch::archive(&mut data.archived_at, request.archived, services.now());
    let after = store::offers::replace(&mut *tx, access.business_id, id, &data)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (b, a) = (&before.data, &after.data);
    let json_of = |value: &Option<Json<serde_json::Value>>| value.as_ref().map(|v| v.0.clone());
    let diff = Changes::default()
        .field("name", &b.name, &a.name)
        .field("description", &b.description, &a.description)
        .field("headline", &b.headline, &a.headline)
        .field("price", &b.price, &a.price)
        .field("core_value", &b.core_value, &a.core_value)
        .field("dream_outcome", &b.dream_outcome, &a.dream_outcome)
        .field(
            "perceived_likelihood",
            &b.perceived_likelihood,
            &a.perceived_likelihood,
        )
        .field("time_delay", &b.time_delay, &a.time_delay)
        .field("effort_sacrifice", &b.effort_sacrifice, &a.effort_sacrifice)
        .field("bonuses", &b.bonuses.0, &a.bonuses.0)
        .field("guarantee", &json_of(&b.guarantee), &json_of(&a.guarantee))
        .field("hvco", &json_of(&b.hvco), &json_of(&a.hvco))
        .field(
            "pricing_plan",
            &json_of(&b.pricing_plan),
            &json_of(&a.pricing_plan),
        )
        .field("deadline", &b.deadline, &a.deadline)
        .field("quantity_limit", &b.quantity_limit, &a.quantity_limit)
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
        entity::OFFER,
        Some(id),
        diff,
    )
    .await?;
    tx.commit().await?;
    response(after, &business.currency)
}

/// A variant of an offer for A/B comparison. Variants of a variant point at the first offer,
/// so a family of variants is one comparison.
pub async fn duplicate(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<OfferResponse> {
    access.require(Permission::OffersWrite)?;
    let mut tx = services.db.begin().await?;
    let business = businesses::row(&mut *tx, access).await?;
    let original = store::offers::find(&mut *tx, access.business_id, id, false)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut data = original.data;
    data.name = crate::dream_buyer::copy_name(&data.name);
    data.archived_at = None;
    let root = original.variant_of.unwrap_or(original.id);
    let row = store::offers::insert(
        &mut *tx,
        access.business_id,
        Uuid::now_v7(),
        Some(root),
        &data,
    )
    .await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::OFFER, Some(row.id))
            .with(json!({ "name": row.data.name, "variant_of": root })),
    )
    .await?;
    tx.commit().await?;
    response(row, &business.currency)
}

pub async fn delete(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::OffersWrite)?;
    activity::delete_owned(services, access, meta, Owned::Offer, entity::OFFER, id).await
}

/// `POST /tools/value-equation`
pub fn value_equation(scores: &ValueScores) -> ValueEquationResponse {
    scores.evaluate()
}

/// `POST /tools/pricing`
pub fn pricing(request: &PricingRequest) -> PricingResponse {
    request.evaluate()
}

/// `GET /tools/guarantees`
pub fn guarantees(locale: Locale) -> GuaranteeLibrary {
    GuaranteeLibrary::new(locale)
}
