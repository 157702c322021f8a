//! `biznespilot seed-demo`: a demo account with a business, so a fresh `just run` has
//! something to sign in to. Running it again gives the same account a new password.

use contract::businesses::CreateBusinessRequest;
use domain::accounts::{Locale, PlatformRole};
use domain::businesses::Industry;
use store::accounts::NewUser;
use uuid::Uuid;

use contract::dream_buyer::{Answers, CreateDreamBuyerRequest};
use contract::offers::{Bonus, CreateOfferRequest, Guarantee, Hvco, PricingPlan, ValueScores};
use contract::strategy::{SquareUpdate, UpdateCanvasRequest, UpdateProfileRequest};
use domain::dream_buyer::Gender;
use domain::offers::{GuaranteeKind, HvcoKind};
use domain::permissions::Role;

use crate::Services;
use crate::auth::{BusinessAccess, RequestMeta, UserPrincipal};
use crate::error::ServiceResult;
use crate::{businesses, dream_buyer, offers, security, strategy};

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
            let id = businesses::create(services, &principal, &request, &RequestMeta::default())
                .await?
                .id;
            let access = BusinessAccess::member(id, principal.user.id, Uuid::nil(), Role::Owner);
            plan(services, &access).await?;
            id
        }
    };
    Ok(DemoLogin {
        email: DEMO_EMAIL.into(),
        password,
        business_id,
    })
}

/// A marketing plan to look at: the profile, two squares of the canvas, a dream buyer and an
/// offer, written in Uzbek like the business.
async fn plan(services: &Services, access: &BusinessAccess) -> ServiceResult<()> {
    let meta = RequestMeta::default();
    let profile = UpdateProfileRequest {
        founded_year: Some(Some(2015)),
        team_size: Some(Some(12)),
        monthly_marketing_budget: Some(Some(5_000_000_00)),
        target_audience: Some(Some("Chilonzor va Yunusoboddagi yosh oilalar".into())),
        usp: Some(Some(
            "Har kuni ertalab 7 da issiq tandir non eshigingizda.".into(),
        )),
        ..Default::default()
    };
    strategy::update_profile(services, access, &profile, &meta).await?;
    let mut canvas = UpdateCanvasRequest::one(
        domain::strategy::CanvasSquare::TargetMarket,
        SquareUpdate {
            text: Some("25–40 yoshli ishlaydigan onalar, Chilonzor va Yunusobodda yashaydi, ikki-uch farzandi bor, ertalab vaqti kam, non sifati va yetkazib berish tezligini qadrlaydi, narxdan ko‘ra ishonchga qaraydi, Telegram orqali buyurtma beradi va tanishlariga tavsiya qiladi.".into()),
            complete: Some(true),
        },
    );
    canvas.media = Some(SquareUpdate {
        text: Some("Instagram, Telegram kanal va mahalla guruhlari".into()),
        complete: None,
    });
    strategy::update_canvas(services, access, &canvas, &meta).await?;
    let answers = Answers {
        where_they_spend_time: Some("Instagram, Telegram, bolalar bog‘chasi yonida".into()),
        frustrations: Some("Non tez qotib qoladi; yetkazib berish kech qoladi".into()),
        dreams: Some("Har kuni ertalab issiq non, oilaga vaqt ko‘proq".into()),
        fears: Some("Sifatsiz un, gigiyena".into()),
        communication_channel: Some("Telegram".into()),
        ..Default::default()
    };
    let avatar = CreateDreamBuyerRequest {
        name: "Dilnoza, yosh ona".into(),
        description: Some("Ikki farzandli, ishlaydigan ona".into()),
        age_min: Some(25),
        age_max: Some(40),
        gender: Some(Gender::Female),
        location: Some("Toshkent, Chilonzor".into()),
        answers: Some(answers),
        ..Default::default()
    };
    dream_buyer::create(services, access, &avatar, &meta).await?;
    let offer = CreateOfferRequest {
        name: "Tandir non obunasi".into(),
        headline: Some("Har kuni ertalab 7 da issiq non — 30 kun".into()),
        description: Some("Har kuni 2 ta tandir non va haftada bir marta somsa".into()),
        price: Some(300_000_00),
        core_value: Some(450_000_00),
        value_scores: Some(ValueScores {
            dream_outcome: 8,
            perceived_likelihood: 8,
            time_delay: 2,
            effort_sacrifice: 2,
        }),
        bonuses: Some(vec![
            Bonus {
                name: "Shaxsiy yetkazib beruvchi".into(),
                description: None,
                value: 150_000_00,
            },
            Bonus {
                name: "Har juma shirinlik".into(),
                description: None,
                value: 100_000_00,
            },
        ]),
        guarantee: Some(Guarantee {
            kind: GuaranteeKind::Unconditional,
            text: "30 kun ichida hech qanday savolsiz pulingizni to‘liq qaytarib beramiz.".into(),
        }),
        hvco: Some(Hvco {
            kind: HvcoKind::Checklist,
            title: Some("Oilaviy nonushta uchun 7 ta g‘oya".into()),
            planned_traffic: Some(2_000),
        }),
        pricing_plan: Some(PricingPlan {
            cost: 160_000_00,
            target_margin_percent: 40.0,
            anchor_price: Some(360_000_00),
            installment_months: vec![],
            installment_markup_percent: 0.0,
        }),
        ..Default::default()
    };
    offers::create(services, access, &offer, &meta).await?;
    Ok(())
}
