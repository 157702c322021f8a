//! The OpenAPI 3.1 document. Paths come from the handlers actually registered
//! (utoipa-actix-web), so routes and docs cannot drift; [`Conventions`] then adds what every
//! route shares — security by scope, the `business_id` parameter and the problem+json error
//! answers — so that no handler can forget them.

use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as OpenApiDoc, Ref, RefOr, Required};
use utoipa::{Modify, OpenApi};

use contract::problem::{FieldError, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "BiznesPilot API",
        description = "Marketing intelligence for businesses in Uzbekistan: accounts, businesses and teams, \
            the business profile and marketing canvas, dream buyers and offers, \
            sales analytics and marketing channels, with competitors and the AI advisor to follow.\n\n\
            Authenticate with `Authorization: Bearer <access token>` (from `POST /api/v1/auth/login`) or, \
            on `/api/v1/businesses/{business_id}/…` and `/api/v1/tools/…` routes, with a business API key `Bearer bp_…`.\n\n\
            Errors are `application/problem+json` with a stable `code`. Lists are paginated with \
            `limit` (≤ 100) and the opaque `cursor` of the previous page's `next_cursor`. \
            Rate limits are announced in `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.",
        version = env!("CARGO_PKG_VERSION"),
        license(name = "Proprietary")
    ),
    tags(
        (name = "accounts", description = "Registration, sign-in, tokens, the signed-in user, sessions and two-factor authentication"),
        (name = "businesses", description = "Businesses (tenants) and their settings"),
        (name = "team", description = "Members, roles, invitations and ownership"),
        (name = "activity", description = "The audit trail of a business"),
        (name = "api-keys", description = "Keys for third-party access to one business"),
        (name = "strategy", description = "The business profile, the 9-square marketing canvas, goals, and USP and pitch drafts"),
        (name = "dream-buyers", description = "Dream buyer avatars: the nine questions, completeness and suggestions"),
        (name = "offers", description = "Offers: value equation, value stack, guarantee, lead magnet, pricing and A/B variants"),
        (name = "sales", description = "Sales: products, customers, leads (the pipeline) and orders, and the numbers read from them: KPIs, the 5-stage funnel and cohorts"),
        (name = "channels", description = "Marketing channels: connecting them (Telegram bot, Meta and Google sign-in, or by hand), daily metrics, the hourly sync and its log, spend, and ROI, ROAS, CAC and cost per lead per channel"),
        (name = "tools", description = "Stateless calculators for any signed-in person or API key"),
        (name = "health", description = "Probes for load balancers and orchestrators"),
    ),
    components(schemas(Problem, FieldError))
)]
pub struct ApiDoc;

pub const BEARER: &str = "bearer";
pub const API_KEY: &str = "api_key";

/// Route prefixes that need a signed-in user (JWT only).
const USER_PREFIXES: [&str; 3] = [
    "/api/v1/me",
    "/api/v1/invitations/accept",
    "/api/v1/businesses",
];
/// Route prefixes open to any authenticated caller: a user's JWT or an API key.
const CALLER_PREFIXES: [&str; 1] = ["/api/v1/tools"];
/// The prefix of routes that act in one business (JWT of a member, or an API key).
const BUSINESS_PREFIX: &str = "/api/v1/businesses/{business_id}";

pub struct Conventions;

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            contract::problem::CONTENT_TYPE,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

fn add_response(operation: &mut Operation, status: &str, description: &str) {
    operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| problem(description));
}

fn has_parameter(operation: &Operation, name: &str) -> bool {
    operation.parameters.iter().flatten().any(|p| match p {
        RefOr::T(parameter) => parameter.name == name,
        RefOr::Ref(_) => false,
    })
}

fn business_id_parameter() -> Parameter {
    ParameterBuilder::new()
        .name("business_id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(
            "The business; ids of businesses you are not a member of answer 404",
        ))
        .schema(Some(
            utoipa::openapi::schema::ObjectBuilder::new()
                .schema_type(utoipa::openapi::Type::String)
                .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Uuid,
                ))),
        ))
        .build()
}

impl Modify for Conventions {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Access token from POST /api/v1/auth/login (15 minutes)",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            API_KEY,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("bp_…")
                    .description(Some("A business API key, sent as `Authorization: Bearer bp_…`; works on that business's routes within its scopes, and on the calculators under /api/v1/tools"))
                    .build(),
            ),
        );

        for (path, item) in openapi.paths.paths.iter_mut() {
            let in_business = path.starts_with(BUSINESS_PREFIX);
            let for_user =
                !in_business && USER_PREFIXES.iter().any(|prefix| path.starts_with(prefix));
            let for_caller = CALLER_PREFIXES
                .iter()
                .any(|prefix| path.starts_with(prefix));
            let other_path_params = path.matches('{').count() - usize::from(in_business);
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                if in_business || for_caller {
                    operation.security = Some(vec![
                        SecurityRequirement::new(BEARER, Vec::<String>::new()),
                        SecurityRequirement::new(API_KEY, Vec::<String>::new()),
                    ]);
                }
                if in_business {
                    operation.security = Some(vec![
                        SecurityRequirement::new(BEARER, Vec::<String>::new()),
                        SecurityRequirement::new(API_KEY, Vec::<String>::new()),
                    ]);
                    if !has_parameter(operation, "business_id") {
                        operation
                            .parameters
                            .get_or_insert_with(Vec::new)
                            .insert(0, business_id_parameter().into());
                    }
                    add_response(
                        operation,
                        "403",
                        "The caller's role or the key's scopes do not allow this (`forbidden`)",
                    );
                    add_response(
                        operation,
                        "404",
                        "No such business for the caller, or no such item in it (`not_found`)",
                    );
                } else if for_user {
                    operation.security =
                        Some(vec![SecurityRequirement::new(BEARER, Vec::<String>::new())]);
                }
                if in_business || for_user || for_caller {
                    add_response(
                        operation,
                        "401",
                        "Missing, invalid, expired or revoked credentials",
                    );
                }
                if other_path_params > 0 {
                    add_response(
                        operation,
                        "404",
                        "Nothing with this id exists for the caller (`not_found`)",
                    );
                }
                let has_query = operation.parameters.iter().flatten().any(|p| {
                    matches!(p, RefOr::T(parameter) if parameter.parameter_in == ParameterIn::Query)
                });
                if operation.request_body.is_some()
                    || has_query
                    || other_path_params > 0
                    || in_business
                {
                    add_response(
                        operation,
                        "400",
                        "Malformed JSON or an invalid path or query parameter",
                    );
                }
                if operation.request_body.is_some() {
                    add_response(
                        operation,
                        "413",
                        "The body is larger than 64 KiB (`payload_too_large`)",
                    );
                    add_response(
                        operation,
                        "415",
                        "The body is not application/json (`unsupported_media_type`)",
                    );
                    add_response(
                        operation,
                        "422",
                        "Fields break the rules; `errors` names each (`validation_failed`)",
                    );
                }
                add_response(
                    operation,
                    "429",
                    "Rate limited; see `Retry-After` (`rate_limited`)",
                );
                add_response(
                    operation,
                    "500",
                    "Server error; quote `request_id` (`internal_error`)",
                );
            }
        }
    }
}
