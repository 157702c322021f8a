//! `/businesses/{business_id}/activity`: the audit trail, as pages and as a CSV export.

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use contract::activity::{ActivityEntry, ActivityQuery};
use contract::pagination::Page;
use futures_util::TryStreamExt;
use services::{Services, activity};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Member, Meta, ValidQuery, perm};

/// The business's activity log, newest first, filtered by action, actor, entity and time.
#[utoipa::path(
    tag = "activity",
    params(ActivityQuery),
    responses((status = 200, description = "A page of events", body = Page<ActivityEntry>))
)]
#[get("/activity")]
pub async fn list_activity(
    services: web::Data<Services>,
    member: Member<perm::ActivityRead>,
    query: ValidQuery<ActivityQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(activity::list(&services, &member, &query).await?))
}

/// The filtered activity log as CSV (up to 100 000 newest events), streamed.
#[utoipa::path(
    tag = "activity",
    params(ActivityQuery),
    responses((status = 200, description = "CSV with a header row", content_type = "text/csv", body = String))
)]
#[get("/activity/export")]
pub async fn export_activity(
    services: web::Data<Services>,
    member: Member<perm::ActivityRead>,
    meta: Meta,
    query: ValidQuery<ActivityQuery>,
) -> ApiResult<HttpResponse> {
    let lines = activity::export_csv(&services, &member, &meta.0, query.0).await?;
    let body = lines
        .map_ok(actix_web::web::Bytes::from)
        .map_err(ApiError::from);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename("activity.csv".into())],
        })
        .streaming(body))
}
