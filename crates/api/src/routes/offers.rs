//! Offers (`/businesses/{business_id}/offers`) and the stateless calculators (`/tools`).

use actix_web::{HttpMessage, HttpRequest, HttpResponse, delete, get, patch, post, web};
use contract::offers::*;
use contract::pagination::{ArchiveQuery, Page};
use services::auth::Caller;
use services::{Services, idempotency, offers};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::{
    IdempotencyKey, Member, Meta, ValidJson, ValidQuery, perm, request_fingerprint,
};
use crate::routes::stored_response;

/// Offers of the business, newest first, with their value, totals and pricing worked out;
/// `archived=true` lists the archived ones.
#[utoipa::path(
    tag = "offers",
    params(ArchiveQuery),
    responses((status = 200, description = "A page of offers", body = Page<OfferResponse>))
)]
#[get("/offers")]
pub async fn list_offers(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<ArchiveQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(offers::list(&services, &member, &query).await?))
}

/// Create an offer: the core offer, value scores, bonuses, urgency, scarcity, guarantee, lead
/// magnet and pricing plan.
#[utoipa::path(
    tag = "offers",
    request_body = CreateOfferRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, description = "The offer", body = OfferResponse))
)]
#[post("/offers")]
pub async fn create_offer(
    services: web::Data<Services>,
    req: HttpRequest,
    member: Member<perm::OffersWrite>,
    meta: Meta,
    key: IdempotencyKey,
    body: ValidJson<CreateOfferRequest>,
) -> ApiResult<HttpResponse> {
    let stored = idempotency::run(
        &services,
        &member.actor.idempotency_owner(),
        key.0.as_deref(),
        &request_fingerprint(&req, &body.raw),
        201,
        || offers::create(&services, &member, &body, &meta.0),
    )
    .await?;
    Ok(stored_response(stored))
}

/// One offer.
#[utoipa::path(
    tag = "offers",
    params(("offer_id" = Uuid, Path, description = "The offer")),
    responses((status = 200, description = "The offer", body = OfferResponse))
)]
#[get("/offers/{offer_id}")]
pub async fn get_offer(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(offers::get(&services, &member, id).await?))
}

/// Edit an offer; only the fields sent change (`null` clears an optional one). `bonuses`
/// replaces the stack, in the order sent.
#[utoipa::path(
    tag = "offers",
    params(("offer_id" = Uuid, Path, description = "The offer")),
    request_body = UpdateOfferRequest,
    responses((status = 200, description = "The offer", body = OfferResponse))
)]
#[patch("/offers/{offer_id}")]
pub async fn update_offer(
    services: web::Data<Services>,
    member: Member<perm::OffersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<UpdateOfferRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(offers::update(&services, &member, id, &body, &meta.0).await?))
}

/// Delete an offer for good (archive it to keep it out of sight instead).
#[utoipa::path(
    tag = "offers",
    params(("offer_id" = Uuid, Path, description = "The offer")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/offers/{offer_id}")]
pub async fn delete_offer(
    services: web::Data<Services>,
    member: Member<perm::OffersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    offers::delete(&services, &member, id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Copy an offer into a variant for A/B comparison; `variant_of` names the first offer.
#[utoipa::path(
    tag = "offers",
    params(("offer_id" = Uuid, Path, description = "The offer to copy")),
    responses((status = 201, description = "The variant", body = OfferResponse))
)]
#[post("/offers/{offer_id}/duplicate")]
pub async fn duplicate_offer(
    services: web::Data<Services>,
    member: Member<perm::OffersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Created().json(offers::duplicate(&services, &member, id, &meta.0).await?))
}

fn caller(req: &HttpRequest) -> ApiResult<Caller> {
    req.extensions().get::<Caller>().cloned().ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!("route needs the RequireCaller middleware"))
    })
}

/// The value equation: value = (dream outcome × perceived likelihood) / (time delay × effort),
/// its 0–100 score and the factor whose one-point move raises value most.
#[utoipa::path(
    tag = "tools",
    request_body = ValueScores,
    responses((status = 200, description = "The value", body = ValueEquationResponse))
)]
#[post("/value-equation")]
pub async fn value_equation(body: ValidJson<ValueScores>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(offers::value_equation(&body)))
}

/// The pricing calculator: the price that keeps a margin, the margin of a price, the discount
/// from an anchor price and installment plans.
#[utoipa::path(
    tag = "tools",
    request_body = PricingRequest,
    responses((status = 200, description = "The pricing", body = PricingResponse))
)]
#[post("/pricing")]
pub async fn pricing(body: ValidJson<PricingRequest>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(offers::pricing(&body)))
}

/// The guarantee library: the five kinds, their risk to the seller and ready wordings.
#[utoipa::path(
    tag = "tools",
    params(LocaleQuery),
    responses((status = 200, description = "The library", body = GuaranteeLibrary))
)]
#[get("/guarantees")]
pub async fn guarantees(
    req: HttpRequest,
    query: ValidQuery<LocaleQuery>,
) -> ApiResult<HttpResponse> {
    let locale = match query.locale {
        Some(locale) => locale,
        None => caller(&req)?.locale(),
    };
    Ok(HttpResponse::Ok().json(offers::guarantees(locale)))
}
