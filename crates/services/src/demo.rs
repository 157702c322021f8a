//! `biznespilot seed-demo`: a demo account with a business, so a fresh `just run` has
//! something to sign in to. Running it again gives the same account a new password.

use chrono::Datelike;
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
    if !store::sales::stats::has_data(&services.db, business_id).await? {
        sales_history(services, business_id).await?;
    }
    if store::channels::list(&services.db, business_id, None, 1)
        .await?
        .items
        .is_empty()
    {
        channels(services, business_id, principal.user.id).await?;
    }
    Ok(DemoLogin {
        email: DEMO_EMAIL.into(),
        password,
        business_id,
    })
}

/// The demo's channels, connected to the fake providers (`integrations::fake`) that `just run`
/// starts, so that they sync every hour like real ones; their first sync is queued now.
async fn channels(services: &Services, business_id: Uuid, user_id: Uuid) -> ServiceResult<()> {
    use crate::channels::Credentials;
    use domain::channels::{Channel, ChannelStatus};
    use store::channels::NewChannel;

    let now = services.now();
    let meta = Credentials {
        access_token: "meta-long-demo".into(),
        refresh_token: None,
    };
    // An expired access token with a refresh token: the first sync refreshes it.
    let google = Credentials {
        access_token: "google-access-demo".into(),
        refresh_token: Some("google-refresh-demo".into()),
    };
    let list: [(Channel, &str, Option<&str>, Option<&Credentials>); 6] = [
        (
            Channel::Telegram,
            "Samarqand noni (Telegram)",
            Some("@samarqand_non"),
            None,
        ),
        (
            Channel::Instagram,
            "@samarqand.non",
            Some("17841400000000042"),
            Some(&meta),
        ),
        (
            Channel::Facebook,
            "Samarqand noni sahifasi",
            Some("104400000000042"),
            Some(&meta),
        ),
        (
            Channel::GoogleAds,
            "Google Ads",
            Some("123-456-7890"),
            Some(&google),
        ),
        (
            Channel::Website,
            "samarqand-non.uz",
            Some("properties/424242"),
            Some(&google),
        ),
        (Channel::Tiktok, "TikTok", None, None),
    ];
    let mut tx = services.db.begin().await?;
    for (kind, name, external_id, credentials) in list {
        let status = if kind == Channel::Tiktok {
            ChannelStatus::Manual
        } else {
            ChannelStatus::Connected
        };
        let row = store::channels::insert(
            &mut *tx,
            business_id,
            &NewChannel {
                id: Uuid::now_v7(),
                kind,
                name: name.into(),
                external_id: external_id.map(str::to_owned),
                status: status.as_str(),
                credentials: credentials.map(|c| c.seal(services)).transpose()?,
                token_expires_at: credentials.map(|c| {
                    if c.refresh_token.is_some() {
                        now
                    } else {
                        now + chrono::Duration::days(60)
                    }
                }),
                created_by: Some(user_id),
            },
        )
        .await?;
        if status == ChannelStatus::Connected {
            crate::channels::sync::enqueue_first(&mut tx, services, &row).await?;
        }
    }
    tx.commit().await?;
    Ok(())
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
    let profit = UpdateProfileRequest {
        gross_margin_percent: Some(Some(45)),
        ..Default::default()
    };
    strategy::update_profile(services, access, &profit, &meta).await?;
    let revenue_goal = contract::strategy::CreateGoalRequest {
        metric: domain::strategy::GoalMetric::Revenue,
        name: Some("Oylik tushum".into()),
        target: 60_000_000_00.0,
        period_start: crate::sales::business_day("Asia/Tashkent", services.now())
            .with_day(1)
            .unwrap_or_default(),
        period_end: crate::sales::business_day("Asia/Tashkent", services.now())
            .with_day(1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .and_then(|d| d.pred_opt())
            .unwrap_or_default(),
    };
    strategy::create_goal(services, access, &revenue_goal, &meta).await?;
    Ok(())
}

/// A year of sales for the demo bakery, so the first `just run` shows a living dashboard:
/// seasonality (Navruz and Ramadan in spring, a summer dip, New Year), several channels with
/// their spend, repeat customers who drift away, and a pipeline of leads. Deterministic, so
/// every demo looks the same.
async fn sales_history(services: &Services, business_id: Uuid) -> ServiceResult<()> {
    use chrono::{Datelike, Duration, TimeZone};
    use domain::channels::Channel;
    use domain::sales::{LeadStage, OrderStatus};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    use store::sales::customers::{CustomerData, NewCustomer};
    use store::sales::leads::{LeadData, NewLead};
    use store::sales::orders::{NewOrder, OrderData};

    const FIRST_NAMES: [&str; 12] = [
        "Dilnoza", "Aziz", "Malika", "Jasur", "Nodira", "Sardor", "Gulnora", "Bekzod", "Zarina",
        "Otabek", "Shahnoza", "Rustam",
    ];
    const LAST_NAMES: [&str; 8] = [
        "Karimova",
        "Rahimov",
        "Yusupova",
        "Toshmatov",
        "Aliyeva",
        "Ergashev",
        "Saidova",
        "Qodirov",
    ];
    // Where customers come from, and how much each marketing channel costs a day (so'm).
    const CHANNELS: [(Channel, u32, i64); 5] = [
        (Channel::Instagram, 40, 180_000),
        (Channel::Telegram, 28, 90_000),
        (Channel::Offline, 16, 0),
        (Channel::Website, 9, 45_000),
        (Channel::Referral, 7, 0),
    ];
    // Sales by month of the year, January first: spring festivities, a summer dip, New Year.
    const SEASON: [f64; 12] = [
        0.9, 0.95, 1.3, 1.2, 1.0, 0.8, 0.75, 0.8, 1.0, 1.05, 1.1, 1.4,
    ];

    let mut rng = StdRng::seed_from_u64(2015);
    let now = services.now();
    let start = now - Duration::days(365);
    let season = |at: chrono::DateTime<chrono::Utc>| SEASON[at.month0() as usize];
    let pick_channel = |rng: &mut StdRng| {
        let mut roll = rng.gen_range(0..100);
        for (channel, weight, _) in CHANNELS {
            if roll < weight {
                return channel;
            }
            roll -= weight;
        }
        Channel::Other
    };

    let mut customers = Vec::new();
    let mut orders = Vec::new();
    for n in 0..700 {
        let joined = start + Duration::minutes(rng.gen_range(0..365 * 24 * 60));
        // Fewer people join in the slow months.
        if rng.gen_bool(1.0 - season(joined) / 1.5) {
            continue;
        }
        let channel = pick_channel(&mut rng);
        let id = Uuid::now_v7();
        let name = format!(
            "{} {}",
            FIRST_NAMES[n % FIRST_NAMES.len()],
            LAST_NAMES[(n / FIRST_NAMES.len()) % LAST_NAMES.len()]
        );
        customers.push(NewCustomer {
            id,
            data: CustomerData {
                external_id: None,
                name,
                phone: Some(format!("+99890{:07}", 1_000_000 + n * 7_919 % 8_999_999)),
                email: None,
                channel,
                notes: None,
            },
            created_at: joined,
        });
        // Regulars order every week or two; each order may be their last.
        let loyalty: f64 = rng.gen_range(0.75..0.96);
        let mut at = joined;
        while at < now {
            let recent = now - at < Duration::days(3);
            let status = if recent {
                OrderStatus::Pending
            } else if rng.gen_bool(0.04) {
                OrderStatus::Cancelled
            } else {
                OrderStatus::Completed
            };
            let order_channel = if rng.gen_bool(0.8) {
                channel
            } else {
                pick_channel(&mut rng)
            };
            let amount = (rng.gen_range(35_000..260_000) as f64 * season(at)).round() as i64 * 100;
            orders.push(NewOrder {
                id: Uuid::now_v7(),
                data: OrderData {
                    external_id: None,
                    customer_id: Some(id),
                    status,
                    channel: order_channel,
                    ordered_at: at,
                    amount: amount - amount % 100_00,
                    items: store::Json(serde_json::json!([])),
                    notes: None,
                },
            });
            if !rng.gen_bool(loyalty) {
                break;
            }
            at += Duration::hours(rng.gen_range(4 * 24..20 * 24));
        }
    }

    let mut leads = Vec::new();
    for n in 0..2_000 {
        let created = start + Duration::minutes(rng.gen_range(0..365 * 24 * 60));
        let channel = pick_channel(&mut rng);
        let furthest = match rng.gen_range(0..100) {
            0..=34 => LeadStage::New,
            35..=54 => LeadStage::Contacted,
            55..=69 => LeadStage::Qualified,
            70..=79 => LeadStage::Proposal,
            _ => LeadStage::Won,
        };
        let open = now - created < Duration::days(21);
        let stage = if furthest != LeadStage::Won && !open {
            LeadStage::Lost
        } else {
            furthest
        };
        leads.push(NewLead {
            id: Uuid::now_v7(),
            data: LeadData {
                external_id: None,
                customer_id: None,
                name: format!("{} (lid {n})", FIRST_NAMES[n % FIRST_NAMES.len()]),
                phone: None,
                email: None,
                stage,
                channel,
                utm_source: None,
                utm_medium: None,
                utm_campaign: None,
                value: Some(rng.gen_range(100_000..1_500_000) * 100),
                owner_id: None,
                lost_reason: (stage == LeadStage::Lost).then(|| "Narx to‘g‘ri kelmadi".to_owned()),
                notes: None,
            },
            furthest_stage: furthest,
            created_at: created,
            stage_changed_at: created + Duration::days(rng.gen_range(0..10)),
        });
    }

    let business = store::businesses::find(&services.db, business_id)
        .await?
        .ok_or(crate::error::ServiceError::NotFound)?;
    let mut tx = services.db.begin().await?;
    store::sales::customers::insert_many(&mut *tx, business_id, None, &customers).await?;
    for chunk in orders.chunks(5_000) {
        store::sales::orders::insert_many(&mut *tx, business_id, None, chunk).await?;
    }
    store::sales::leads::insert_many(&mut *tx, business_id, None, &leads).await?;
    let first_day = crate::sales::business_day(&business.timezone, start);
    for offset in 0..=365 {
        let day = first_day + Duration::days(offset);
        let noon = chrono::Utc.from_utc_datetime(&day.and_hms_opt(7, 0, 0).unwrap_or_default());
        for (channel, _, per_day) in CHANNELS.iter().filter(|c| c.2 > 0) {
            let amount = (*per_day as f64 * season(noon) * rng.gen_range(0.8..1.2)).round() as i64;
            store::sales::stats::set_spend(&mut *tx, business_id, day, *channel, amount * 100)
                .await?;
        }
    }
    tx.commit().await?;
    crate::sales::numbers::rebuild(services, business_id, &business.timezone).await
}
