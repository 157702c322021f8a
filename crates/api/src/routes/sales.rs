//! Sales: products, customers, leads and orders (`/businesses/{business_id}/…`), and the
//! numbers read from them: KPIs, the funnel and cohorts.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use contract::pagination::{Page, PageQuery};
use contract::sales::*;
use services::sales::{customers, imports, leads, numbers, orders, products};
use services::{Services, idempotency};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::{
    IdempotencyKey, Member, Meta, ValidJson, ValidQuery, perm, request_fingerprint,
};
use crate::routes::stored_response;

const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Products of the business, newest first; `q` searches names, `archived=true` lists archived ones.
#[utoipa::path(
    tag = "sales",
    params(ProductQuery),
    responses((status = 200, description = "A page of products", body = Page<ProductResponse>))
)]
#[get("/products")]
pub async fn list_products(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<ProductQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(products::list(&services, &member, &query).await?))
}

/// Add a product.
#[utoipa::path(
    tag = "sales",
    request_body = CreateProductRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, description = "The product", body = ProductResponse))
)]
#[post("/products")]
pub async fn create_product(
    services: web::Data<Services>,
    req: HttpRequest,
    member: Member<perm::OrdersWrite>,
    meta: Meta,
    key: IdempotencyKey,
    body: ValidJson<CreateProductRequest>,
) -> ApiResult<HttpResponse> {
    let stored = idempotency::run(
        &services,
        &member.actor.idempotency_owner(),
        key.0.as_deref(),
        &request_fingerprint(&req, &body.raw),
        201,
        || products::create(&services, &member, &body, &meta.0),
    )
    .await?;
    Ok(stored_response(stored))
}

/// One product.
#[utoipa::path(
    tag = "sales",
    params(("product_id" = Uuid, Path, description = "The product")),
    responses((status = 200, description = "The product", body = ProductResponse))
)]
#[get("/products/{product_id}")]
pub async fn get_product(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(products::get(&services, &member, id).await?))
}

/// Edit a product; only the fields sent change (`null` clears an optional one).
#[utoipa::path(
    tag = "sales",
    params(("product_id" = Uuid, Path, description = "The product")),
    request_body = UpdateProductRequest,
    responses((status = 200, description = "The product", body = ProductResponse))
)]
#[patch("/products/{product_id}")]
pub async fn update_product(
    services: web::Data<Services>,
    member: Member<perm::OrdersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<UpdateProductRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(products::update(&services, &member, id, &body, &meta.0).await?))
}

/// Delete a product; orders keep the lines that named it.
#[utoipa::path(
    tag = "sales",
    params(("product_id" = Uuid, Path, description = "The product")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/products/{product_id}")]
pub async fn delete_product(
    services: web::Data<Services>,
    member: Member<perm::OrdersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    products::delete(&services, &member, id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Customers, newest first, with their order summary; `q` searches name, phone and e-mail.
#[utoipa::path(
    tag = "sales",
    params(CustomerQuery),
    responses((status = 200, description = "A page of customers", body = Page<CustomerResponse>))
)]
#[get("/customers")]
pub async fn list_customers(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<CustomerQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(customers::list(&services, &member, &query).await?))
}

/// Add a customer. External id, phone and e-mail are each unique within the business (409 `duplicate` names the field).
#[utoipa::path(
    tag = "sales",
    request_body = CreateCustomerRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, description = "The customer", body = CustomerResponse))
)]
#[post("/customers")]
pub async fn create_customer(
    services: web::Data<Services>,
    req: HttpRequest,
    member: Member<perm::CustomersWrite>,
    meta: Meta,
    key: IdempotencyKey,
    body: ValidJson<CreateCustomerRequest>,
) -> ApiResult<HttpResponse> {
    let stored = idempotency::run(
        &services,
        &member.actor.idempotency_owner(),
        key.0.as_deref(),
        &request_fingerprint(&req, &body.raw),
        201,
        || customers::create(&services, &member, &body, &meta.0),
    )
    .await?;
    Ok(stored_response(stored))
}

/// One customer.
#[utoipa::path(
    tag = "sales",
    params(("customer_id" = Uuid, Path, description = "The customer")),
    responses((status = 200, description = "The customer", body = CustomerResponse))
)]
#[get("/customers/{customer_id}")]
pub async fn get_customer(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(customers::get(&services, &member, id).await?))
}

/// Edit a customer; only the fields sent change (`null` clears an optional one).
#[utoipa::path(
    tag = "sales",
    params(("customer_id" = Uuid, Path, description = "The customer")),
    request_body = UpdateCustomerRequest,
    responses((status = 200, description = "The customer", body = CustomerResponse))
)]
#[patch("/customers/{customer_id}")]
pub async fn update_customer(
    services: web::Data<Services>,
    member: Member<perm::CustomersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<UpdateCustomerRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(customers::update(&services, &member, id, &body, &meta.0).await?))
}

/// Delete a customer who has no orders (409 `in_use` otherwise).
#[utoipa::path(
    tag = "sales",
    params(("customer_id" = Uuid, Path, description = "The customer")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/customers/{customer_id}")]
pub async fn delete_customer(
    services: web::Data<Services>,
    member: Member<perm::CustomersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    customers::delete(&services, &member, id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Leads, newest first; filter by `stage` (one kanban column), `channel`, `owner_id`, or search with `q`.
#[utoipa::path(
    tag = "sales",
    params(LeadQuery),
    responses((status = 200, description = "A page of leads", body = Page<LeadResponse>))
)]
#[get("/leads")]
pub async fn list_leads(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<LeadQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(leads::list(&services, &member, &query).await?))
}

/// Add a lead. Without `channel`, the channel is read from `utm_source`.
#[utoipa::path(
    tag = "sales",
    request_body = CreateLeadRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, description = "The lead", body = LeadResponse))
)]
#[post("/leads")]
pub async fn create_lead(
    services: web::Data<Services>,
    req: HttpRequest,
    member: Member<perm::LeadsWrite>,
    meta: Meta,
    key: IdempotencyKey,
    body: ValidJson<CreateLeadRequest>,
) -> ApiResult<HttpResponse> {
    let stored = idempotency::run(
        &services,
        &member.actor.idempotency_owner(),
        key.0.as_deref(),
        &request_fingerprint(&req, &body.raw),
        201,
        || leads::create(&services, &member, &body, &meta.0),
    )
    .await?;
    Ok(stored_response(stored))
}

/// One lead.
#[utoipa::path(
    tag = "sales",
    params(("lead_id" = Uuid, Path, description = "The lead")),
    responses((status = 200, description = "The lead", body = LeadResponse))
)]
#[get("/leads/{lead_id}")]
pub async fn get_lead(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(leads::get(&services, &member, id).await?))
}

/// Edit a lead or move it along the pipeline (`stage`); each move is in the activity log.
#[utoipa::path(
    tag = "sales",
    params(("lead_id" = Uuid, Path, description = "The lead")),
    request_body = UpdateLeadRequest,
    responses((status = 200, description = "The lead", body = LeadResponse))
)]
#[patch("/leads/{lead_id}")]
pub async fn update_lead(
    services: web::Data<Services>,
    member: Member<perm::LeadsWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<UpdateLeadRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(leads::update(&services, &member, id, &body, &meta.0).await?))
}

/// Delete a lead.
#[utoipa::path(
    tag = "sales",
    params(("lead_id" = Uuid, Path, description = "The lead")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/leads/{lead_id}")]
pub async fn delete_lead(
    services: web::Data<Services>,
    member: Member<perm::LeadsWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    leads::delete(&services, &member, id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Orders, latest first; filter by `status`, `channel`, `customer_id` and days `from`–`to` (business time zone).
#[utoipa::path(
    tag = "sales",
    params(OrderQuery),
    responses((status = 200, description = "A page of orders", body = Page<OrderResponse>))
)]
#[get("/orders")]
pub async fn list_orders(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<OrderQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(orders::list(&services, &member, &query).await?))
}

/// Record an order: give `amount`, or `items` to have it summed from the lines (products fill in names and prices). The dashboard counts it at once.
#[utoipa::path(
    tag = "sales",
    request_body = CreateOrderRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, description = "The order", body = OrderResponse))
)]
#[post("/orders")]
pub async fn create_order(
    services: web::Data<Services>,
    req: HttpRequest,
    member: Member<perm::OrdersWrite>,
    meta: Meta,
    key: IdempotencyKey,
    body: ValidJson<CreateOrderRequest>,
) -> ApiResult<HttpResponse> {
    let stored = idempotency::run(
        &services,
        &member.actor.idempotency_owner(),
        key.0.as_deref(),
        &request_fingerprint(&req, &body.raw),
        201,
        || orders::create(&services, &member, &body, &meta.0),
    )
    .await?;
    Ok(stored_response(stored))
}

/// One order.
#[utoipa::path(
    tag = "sales",
    params(("order_id" = Uuid, Path, description = "The order")),
    responses((status = 200, description = "The order", body = OrderResponse))
)]
#[get("/orders/{order_id}")]
pub async fn get_order(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(orders::get(&services, &member, id).await?))
}

/// Edit an order; a new status, amount or date moves its sums in the numbers at once.
#[utoipa::path(
    tag = "sales",
    params(("order_id" = Uuid, Path, description = "The order")),
    request_body = UpdateOrderRequest,
    responses((status = 200, description = "The order", body = OrderResponse))
)]
#[patch("/orders/{order_id}")]
pub async fn update_order(
    services: web::Data<Services>,
    member: Member<perm::OrdersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<UpdateOrderRequest>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(orders::update(&services, &member, id, &body, &meta.0).await?))
}

/// Delete an order; its sums leave the numbers.
#[utoipa::path(
    tag = "sales",
    params(("order_id" = Uuid, Path, description = "The order")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/orders/{order_id}")]
pub async fn delete_order(
    services: web::Data<Services>,
    member: Member<perm::OrdersWrite>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    orders::delete(&services, &member, id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The KPIs of SPEC §4 over `from`–`to` (days in the business's time zone, the last 30 days
/// by default), for all channels or one. Undefined ratios are `null`, never zero.
#[utoipa::path(
    tag = "sales",
    params(PeriodQuery),
    responses((status = 200, description = "The KPIs", body = KpisResponse))
)]
#[get("/kpis")]
pub async fn get_kpis(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(numbers::get_kpis(&services, &member, &query).await?))
}

/// Rebuild the business's aggregates and churn snapshots from its raw rows now, instead of
/// waiting for the nightly run at 01:00 business time.
#[utoipa::path(
    tag = "sales",
    responses((status = 204, description = "Rebuilt"))
)]
#[post("/kpis/recompute")]
pub async fn recompute_kpis(
    services: web::Data<Services>,
    member: Member<perm::OrdersWrite>,
) -> ApiResult<HttpResponse> {
    numbers::recompute(&services, &member).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The 5-stage funnel (awareness → interest → consideration → intent → purchase) with the
/// conversion between stages and the biggest drop, for all channels or one.
#[utoipa::path(
    tag = "sales",
    params(PeriodQuery),
    responses((status = 200, description = "The funnel", body = FunnelResponse))
)]
#[get("/funnel")]
pub async fn get_funnel(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(numbers::get_funnel(&services, &member, &query).await?))
}

/// Retention by first-order month: for each cohort, the share who ordered again 1, 2, …
/// months later.
#[utoipa::path(
    tag = "sales",
    params(CohortQuery),
    responses((status = 200, description = "The cohort table", body = CohortsResponse))
)]
#[get("/cohorts")]
pub async fn get_cohorts(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<CohortQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(numbers::get_cohorts(&services, &member, &query).await?))
}

/// The main dashboard in one call: the KPI cards (revenue, new customers, CAC and ROAS unless
/// `cards` names others) with the change against the previous period, the revenue series,
/// the funnel, the channels, goals with live progress and open alerts. Read from the
/// aggregates, never from raw orders.
#[utoipa::path(
    tag = "sales",
    params(DashboardQuery),
    responses((status = 200, description = "The dashboard", body = DashboardResponse))
)]
#[get("/dashboard")]
pub async fn get_dashboard(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<DashboardQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(&*numbers::dashboard(&services, &member, &query).await?))
}

/// KPI threshold alerts (LTV/CAC below 1 or 3, monthly churn above 10 %, ROAS below 1,
/// revenue down more than 30 %), raised and resolved by the nightly rebuild; open ones by
/// default.
#[utoipa::path(
    tag = "sales",
    params(AlertQuery),
    responses((status = 200, description = "A page of alerts", body = Page<AlertResponse>))
)]
#[get("/alerts")]
pub async fn list_alerts(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<AlertQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(numbers::list_alerts(&services, &member, &query).await?))
}

/// Dismiss an alert: it leaves the open list (and comes back only as a new alert once the
/// condition has cleared and returned).
#[utoipa::path(
    tag = "sales",
    params(("alert_id" = Uuid, Path, description = "The alert")),
    responses((status = 200, description = "The alert", body = AlertResponse))
)]
#[post("/alerts/{alert_id}/dismiss")]
pub async fn dismiss_alert(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(numbers::dismiss_alert(&services, &member, id).await?))
}

/// One documented route per chart and format: integrators link to them directly.
macro_rules! chart_routes {
    ($($name:ident, $path:literal, $chart:expr, $png:literal, $doc:literal;)*) => {
        $(
            #[doc = $doc]
            #[utoipa::path(
                tag = "sales",
                params(ChartQuery),
                responses((status = 200, description = "The chart", content_type = if $png { "image/png" } else { "image/svg+xml" }, body = String))
            )]
            #[get($path)]
            pub async fn $name(
                services: web::Data<Services>,
                member: Member<perm::BusinessRead>,
                query: ValidQuery<ChartQuery>,
            ) -> ApiResult<HttpResponse> {
                let mut response = HttpResponse::Ok();
                // Live numbers: an order recorded a second ago must show on the next load.
                response.insert_header(("Cache-Control", "private, no-cache"));
                if $png {
                    let png = numbers::chart_png(&services, &member, $chart, &query).await?;
                    Ok(response.content_type("image/png").body(png))
                } else {
                    let svg = numbers::chart_svg(&services, &member, $chart, &query).await?;
                    Ok(response.content_type("image/svg+xml").body(svg))
                }
            }
        )*
    };
}

chart_routes! {
    revenue_chart_svg, "/charts/revenue.svg", numbers::Chart::Revenue, false,
        "Revenue per day (per week past two months) as SVG, labels in `locale`, money in so'm.";
    revenue_chart_png, "/charts/revenue.png", numbers::Chart::Revenue, true,
        "The revenue chart as PNG, for documents and messengers.";
    funnel_chart_svg, "/charts/funnel.svg", numbers::Chart::Funnel, false,
        "The 5-stage funnel as SVG (stages not measured yet are left out).";
    funnel_chart_png, "/charts/funnel.png", numbers::Chart::Funnel, true,
        "The funnel chart as PNG.";
    channels_chart_svg, "/charts/channels.svg", numbers::Chart::Channels, false,
        "Revenue by channel as SVG, biggest first.";
    channels_chart_png, "/charts/channels.png", numbers::Chart::Channels, true,
        "The channel chart as PNG.";
}

/// Reads an import's file from the request as it arrives: CSV, never buffered whole.
async fn import(
    services: &Services,
    req: &HttpRequest,
    member: &services::auth::BusinessAccess,
    meta: &Meta,
    kind: ImportKind,
    query: &ImportQuery,
    body: web::Payload,
) -> ApiResult<HttpResponse> {
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/csv")
        .to_ascii_lowercase();
    let accepted = [
        "text/csv",
        "text/plain",
        "application/csv",
        "application/octet-stream",
        // What browsers on Windows call a .csv file.
        "application/vnd.ms-excel",
        XLSX_CONTENT_TYPE,
    ]
    .iter()
    .any(|accepted| content_type.starts_with(accepted));
    if !accepted {
        return Err(ApiError::UnsupportedUpload(
            "Send the file as CSV (Content-Type: text/csv) or as an Excel workbook (XLSX).",
        ));
    }
    let report = imports::run(services, member, kind, query, &meta.0, body).await?;
    let status = if report.status == ImportStatus::Succeeded {
        actix_web::http::StatusCode::CREATED
    } else {
        actix_web::http::StatusCode::OK
    };
    Ok(HttpResponse::build(status).json(report))
}

/// One documented route per kind of import and its template.
macro_rules! import_routes {
    ($($run:ident, $template:ident, $path:literal, $template_path:literal, $kind:expr, $perm:ident, $what:literal;)*) => {
        $(
            #[doc = concat!("Import ", $what, " from a CSV file (the body, `text/csv`, streamed) or an Excel workbook (XLSX, its first sheet, up to 50 MB). Columns named as in the template need no `mapping`; others are mapped with it. `dry_run=true` checks every row and reports errors by line and column without writing. By default one invalid row refuses the whole file (`status: failed`, 200); `mode=skip_invalid` writes the valid rows. Rows matching records already there (external id, phone, e-mail) are not created twice. A finished import answers 201 and can be undone.")]
            #[utoipa::path(
                tag = "sales",
                params(ImportQuery),
                request_body(
                    description = "The file, with a header line: CSV, or an Excel workbook (its first sheet)",
                    content(
                        (String = "text/csv"),
                        (Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                    )
                ),
                responses(
                    (status = 201, description = "Imported", body = ImportResponse),
                    (status = 200, description = "A dry run, or a file refused as a whole", body = ImportResponse),
                )
            )]
            #[post($path)]
            pub async fn $run(
                services: web::Data<Services>,
                req: HttpRequest,
                member: Member<perm::$perm>,
                meta: Meta,
                query: ValidQuery<ImportQuery>,
                body: web::Payload,
            ) -> ApiResult<HttpResponse> {
                import(&services, &req, &member, &meta, $kind, &query, body).await
            }

            #[doc = concat!("The canonical CSV of ", $what, ": the header line and an example row. It imports as it is.")]
            #[utoipa::path(
                tag = "sales",
                responses((status = 200, description = "The template", content_type = "text/csv", body = String))
            )]
            #[get($template_path)]
            pub async fn $template(_member: Member<perm::BusinessRead>) -> HttpResponse {
                HttpResponse::Ok()
                    .content_type("text/csv; charset=utf-8")
                    .insert_header((
                        "Content-Disposition",
                        concat!("attachment; filename=\"", $what, "-template.csv\""),
                    ))
                    .body(imports::template($kind))
            }
        )*
    };
}

import_routes! {
    import_customers, customers_template, "/imports/customers", "/imports/customers/template",
        ImportKind::Customers, CustomersWrite, "customers";
    import_leads, leads_template, "/imports/leads", "/imports/leads/template",
        ImportKind::Leads, LeadsWrite, "leads";
    import_orders, orders_template, "/imports/orders", "/imports/orders/template",
        ImportKind::Orders, OrdersWrite, "orders";
}

/// The business's imports, newest first; a running one's `rows_read` grows as it goes, so
/// the app shows progress by reading the first page.
#[utoipa::path(
    tag = "sales",
    params(PageQuery),
    responses((status = 200, description = "A page of imports", body = Page<ImportResponse>))
)]
#[get("/imports")]
pub async fn list_imports(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    query: ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(imports::list(&services, &member, &query).await?))
}

/// An import's report; `rows_read` grows while it runs.
#[utoipa::path(
    tag = "sales",
    params(("import_id" = Uuid, Path, description = "The import")),
    responses((status = 200, description = "The import", body = ImportResponse))
)]
#[get("/imports/{import_id}")]
pub async fn get_import(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(imports::get(&services, &member, id).await?))
}

/// Undo a finished import: the records it created go (customers only while no order names
/// them), and the numbers are rebuilt.
#[utoipa::path(
    tag = "sales",
    params(("import_id" = Uuid, Path, description = "The import")),
    responses((status = 200, description = "The import, undone", body = ImportResponse))
)]
#[post("/imports/{import_id}/undo")]
pub async fn undo_import(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(imports::undo(&services, &member, id, &meta.0).await?))
}

/// Writes an export as a streamed CSV or a whole XLSX file.
async fn send_export(export: services::sales::Export, xlsx: bool) -> ApiResult<HttpResponse> {
    use futures_util::TryStreamExt;
    let filename = format!("{}.{}", export.name, if xlsx { "xlsx" } else { "csv" });
    let disposition = (
        "Content-Disposition",
        format!("attachment; filename=\"{filename}\""),
    );
    if xlsx {
        let file = services::export::xlsx(export.name, export.header, export.rows).await?;
        Ok(HttpResponse::Ok()
            .content_type(XLSX_CONTENT_TYPE)
            .insert_header(disposition)
            .body(file))
    } else {
        let body = services::export::csv(export.header, export.rows)
            .map_ok(actix_web::web::Bytes::from)
            .map_err(ApiError::from);
        Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header(disposition)
            .streaming(body))
    }
}

/// One documented route per list and format.
macro_rules! export_routes {
    ($($name:ident, $path:literal, $module:ident, $query:ty, $xlsx:literal, $what:literal;)*) => {
        $(
            #[doc = concat!("Export ", $what, " the list's filters select: CSV streamed whole, or XLSX (up to 100 000 rows). Money in so'm.")]
            #[utoipa::path(
                tag = "sales",
                params($query),
                responses((status = 200, description = "The file", content_type = if $xlsx { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } else { "text/csv" }, body = String))
            )]
            #[get($path)]
            pub async fn $name(
                services: web::Data<Services>,
                member: Member<perm::BusinessRead>,
                meta: Meta,
                query: ValidQuery<$query>,
            ) -> ApiResult<HttpResponse> {
                let format = if $xlsx { "xlsx" } else { "csv" };
                let export = $module::export(&services, &member, &query, &meta.0, format).await?;
                send_export(export, $xlsx).await
            }
        )*
    };
}

export_routes! {
    export_customers_csv, "/customers/export.csv", customers, CustomerQuery, false, "the customers";
    export_customers_xlsx, "/customers/export.xlsx", customers, CustomerQuery, true, "the customers";
    export_leads_csv, "/leads/export.csv", leads, LeadQuery, false, "the leads";
    export_leads_xlsx, "/leads/export.xlsx", leads, LeadQuery, true, "the leads";
    export_orders_csv, "/orders/export.csv", orders, OrderQuery, false, "the orders";
    export_orders_xlsx, "/orders/export.xlsx", orders, OrderQuery, true, "the orders";
    export_products_csv, "/products/export.csv", products, ProductQuery, false, "the products";
    export_products_xlsx, "/products/export.xlsx", products, ProductQuery, true, "the products";
}
