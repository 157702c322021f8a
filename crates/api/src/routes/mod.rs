//! Routes of `/api/v1`, one module per product module. Each scope carries the middleware that
//! authenticates its callers, so a handler cannot be reached without it.

pub mod accounts;
pub mod activity;
pub mod api_keys;
pub mod businesses;
pub mod channels;
pub mod dream_buyer;
pub mod health;
pub mod offers;
pub mod sales;
pub mod strategy;
pub mod team;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use services::idempotency::Stored;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::middleware::{business_scope, require_caller, require_user};

pub fn configure_v1(cfg: &mut ServiceConfig<'_>) {
    accounts::configure(cfg);
    cfg.service(
        scope("/invitations")
            .service(team::lookup_invitation)
            .service(
                scope("/accept")
                    .wrap(from_fn(require_user))
                    .service(team::accept_invitation),
            ),
    )
    // Registered before `/businesses`, whose scope would otherwise swallow these paths.
    .service(
        scope("/businesses/{business_id}")
            .wrap(from_fn(business_scope))
            .service(businesses::get_business)
            .service(businesses::update_business)
            .service(businesses::delete_business)
            .service(team::list_members)
            .service(team::update_member)
            .service(team::remove_member)
            .service(team::transfer_ownership)
            .service(team::list_invitations)
            .service(team::create_invitation)
            .service(team::revoke_invitation)
            .service(activity::list_activity)
            .service(activity::export_activity)
            .service(api_keys::list_api_keys)
            .service(api_keys::create_api_key)
            .service(api_keys::revoke_api_key)
            .service(strategy::get_profile)
            .service(strategy::update_profile)
            .service(strategy::draft_copy)
            .service(strategy::get_canvas)
            .service(strategy::update_canvas)
            .service(strategy::list_goals)
            .service(strategy::create_goal)
            .service(strategy::get_goal)
            .service(strategy::update_goal)
            .service(strategy::delete_goal)
            .service(dream_buyer::list_dream_buyers)
            .service(dream_buyer::create_dream_buyer)
            .service(dream_buyer::get_dream_buyer)
            .service(dream_buyer::update_dream_buyer)
            .service(dream_buyer::delete_dream_buyer)
            .service(dream_buyer::duplicate_dream_buyer)
            .service(dream_buyer::suggest_answers)
            .service(offers::list_offers)
            .service(offers::create_offer)
            .service(offers::get_offer)
            .service(offers::update_offer)
            .service(offers::delete_offer)
            .service(offers::duplicate_offer)
            // Before the `{id}` routes of the same lists, which would take `export.csv` for an id.
            .service(sales::export_customers_csv)
            .service(sales::export_customers_xlsx)
            .service(sales::export_leads_csv)
            .service(sales::export_leads_xlsx)
            .service(sales::export_orders_csv)
            .service(sales::export_orders_xlsx)
            .service(sales::export_products_csv)
            .service(sales::export_products_xlsx)
            .service(sales::list_products)
            .service(sales::create_product)
            .service(sales::get_product)
            .service(sales::update_product)
            .service(sales::delete_product)
            .service(sales::list_customers)
            .service(sales::create_customer)
            .service(sales::get_customer)
            .service(sales::update_customer)
            .service(sales::delete_customer)
            .service(sales::list_leads)
            .service(sales::create_lead)
            .service(sales::get_lead)
            .service(sales::update_lead)
            .service(sales::delete_lead)
            .service(sales::list_orders)
            .service(sales::create_order)
            .service(sales::get_order)
            .service(sales::update_order)
            .service(sales::delete_order)
            .service(sales::get_kpis)
            .service(sales::recompute_kpis)
            .service(sales::get_funnel)
            .service(sales::get_cohorts)
            .service(sales::get_dashboard)
            .service(sales::list_alerts)
            .service(sales::dismiss_alert)
            .service(sales::revenue_chart_svg)
            .service(sales::revenue_chart_png)
            .service(sales::funnel_chart_svg)
            .service(sales::funnel_chart_png)
            .service(sales::channels_chart_svg)
            .service(sales::channels_chart_png)
            .service(sales::customers_template)
            .service(sales::leads_template)
            .service(sales::orders_template)
            .service(sales::import_customers)
            .service(sales::import_leads)
            .service(sales::import_orders)
            .service(sales::list_imports)
            .service(sales::get_import)
            .service(sales::undo_import)
            .service(channels::list_channels)
            .service(channels::create_channel)
            .service(channels::get_channel)
            .service(channels::update_channel)
            .service(channels::delete_channel)
            .service(channels::authorize_channel)
            .service(channels::sync_channel)
            .service(channels::channel_metrics)
            .service(channels::set_channel_metrics)
            .service(channels::list_spend)
            .service(channels::set_spend)
            .service(channels::spend_summary)
            .service(channels::list_sync_runs)
            .service(channels::sync_health),
    )
    // Reached by the browser coming back from Meta or Google: the single-use state is the
    // credential.
    .service(scope("/oauth").service(channels::oauth_callback))
    .service(
        scope("/tools")
            .wrap(from_fn(require_caller))
            .service(offers::value_equation)
            .service(offers::pricing)
            .service(offers::guarantees),
    )
    .service(
        scope("/businesses")
            .wrap(from_fn(require_user))
            .service(businesses::list_businesses)
            .service(businesses::create_business),
    );
}

pub fn configure_health(cfg: &mut ServiceConfig<'_>) {
    cfg.service(
        scope("/health")
            .service(health::live)
            .service(health::ready),
    );
}

/// The answer of an idempotent request; replays say so in `Idempotent-Replayed`.
pub(crate) fn stored_response(stored: Stored) -> HttpResponse {
    let mut response =
        HttpResponse::build(StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK));
    response.content_type("application/json");
    if stored.replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    response.body(stored.body)
}
