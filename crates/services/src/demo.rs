//! `biznespilot seed-demo`: a demo account with a business, so a fresh `just run` has
//! something to sign in to. Running it again gives the same account a new password.

use contract::businesses::CreateBusinessRequest;
use domain::accounts::{Locale, PlatformRole};
use domain::businesses::Industry;
use store::accounts::NewUser;
use uuid::Uuid;

use crate::Services;
use crate::auth::{RequestMeta, UserPrincipal};
use crate::error::ServiceResult;
use crate::{businesses, security};

pub const DEMO_EMAIL: &str = "demo@biznespilot.uz";
const DEMO_BUSINESS: &str = "Demo: Samarqand Non";

/// What was seeded and how to sign in.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub email: String,
    pub password: String,
    pub business_id: Uuid,
}

pub async fn seed(services: &Services) -> ServiceResult<DemoLogin> {
    // Four random words' worth of characters: strong, but easy to type from a terminal.
    let password = format!(
        "{}-{}-{}-{}",
        security::random_code(5),
        security::random_code(5),
        security::random_code(5),
        security::random_code(5)
    );
    let hash =
        security::hash_new_password(password.clone(), vec![DEMO_EMAIL.into()], "password").await?;
    let now = services.now();
    let user = match store::accounts::find_by_email(&services.db, DEMO_EMAIL).await? {
        Some(user) => {
            store::accounts::set_password_hash(&services.db, user.id, &hash).await?;
            store::accounts::mark_email_verified(&services.db, user.id, now).await?;
            user
        }
        None => {
            store::accounts::insert_user(
                &services.db,
                NewUser {
                    id: Uuid::now_v7(),
                    email: DEMO_EMAIL,
                    password_hash: &hash,
                    name: "Demo Foydalanuvchi",
                    locale: Locale::Uz,
                    platform_role: PlatformRole::User,
                    email_verified_at: Some(now),
                },
            )
            .await?
        }
    };
    let principal = UserPrincipal {
        user: std::sync::Arc::new(user),
        session_id: Uuid::nil(),
    };
    let existing =
        store::businesses::list_for_user(&services.db, principal.user.id, None, 100).await?;
    let business_id = match existing
        .items
        .iter()
        .find(|b| b.business.name == DEMO_BUSINESS)
    {
        Some(found) => found.business.id,
        None => {
            let request = CreateBusinessRequest {
                name: DEMO_BUSINESS.into(),
                industry: Some(Industry::Horeca),
                description: Some(
                    "Toshkentdagi oilaviy novvoyxona: tandir non, somsa va shirinliklar.".into(),
                ),
                website: Some("https://samarqand-non.example.uz".into()),
                region: Some("Toshkent".into()),
                currency: None,
                timezone: None,
                locale: Some(Locale::Uz),
            };
            businesses::create(services, &principal, &request, &RequestMeta::default())
                .await?
                .id
        }
    };
    Ok(DemoLogin {
        email: DEMO_EMAIL.into(),
        password,
        business_id,
    })
}
