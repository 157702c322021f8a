//! Accounts: `/auth/*` (registration, login, tokens, password reset) and `/me/*` (the
//! signed-in user's profile, password, sessions and two-factor authentication).

mod auth;
mod me;
mod two_factor;

use actix_web::middleware::from_fn;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::middleware::{account_doors, require_user};

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(
        scope("/auth")
            .wrap(from_fn(account_doors))
            .service(auth::register)
            .service(auth::verify_email)
            .service(auth::resend_verification)
            .service(auth::login)
            .service(auth::login_two_factor)
            .service(auth::refresh)
            .service(auth::logout)
            .service(auth::forgot_password)
            .service(auth::reset_password),
    )
    .service(
        scope("/me")
            .wrap(from_fn(require_user))
            .service(me::get_me)
            .service(me::update_me)
            .service(me::change_password)
            .service(me::list_sessions)
            .service(me::revoke_session)
            .service(me::my_activity)
            .service(two_factor::setup_two_factor)
            .service(two_factor::enable_two_factor)
            .service(two_factor::disable_two_factor),
    );
}
