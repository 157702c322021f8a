//! The business profile and marketing plan (SPEC §1): the 9-square canvas after Allan Dib's
//! 1-page marketing plan, business goals and the profile's own completeness.

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// The three rows of the canvas: what happens before, during and after someone buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Before,
    During,
    After,
}

/// One square of the canvas, numbered 1–9 in the order of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CanvasSquare {
    TargetMarket,
    Message,
    Media,
    LeadCapture,
    LeadNurture,
    SalesConversion,
    WorldClassExperience,
    LifetimeValue,
    Referrals,
}

impl CanvasSquare {
    pub const ALL: [CanvasSquare; 9] = [
        CanvasSquare::TargetMarket,
        CanvasSquare::Message,
        CanvasSquare::Media,
        CanvasSquare::LeadCapture,
        CanvasSquare::LeadNurture,
        CanvasSquare::SalesConversion,
        CanvasSquare::WorldClassExperience,
        CanvasSquare::LifetimeValue,
        CanvasSquare::Referrals,
    ];

    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn phase(self) -> Phase {
        match self.number() {
            1..=3 => Phase::Before,
            4..=6 => Phase::During,
            _ => Phase::After,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CanvasSquare::TargetMarket => "target_market",
            CanvasSquare::Message => "message",
            CanvasSquare::Media => "media",
            CanvasSquare::LeadCapture => "lead_capture",
            CanvasSquare::LeadNurture => "lead_nurture",
            CanvasSquare::SalesConversion => "sales_conversion",
            CanvasSquare::WorldClassExperience => "world_class_experience",
            CanvasSquare::LifetimeValue => "lifetime_value",
            CanvasSquare::Referrals => "referrals",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The square's title and what to write in it.
    pub fn title(self) -> Text {
        SQUARE_TEXTS[self as usize].0
    }

    pub fn guide(self) -> Text {
        SQUARE_TEXTS[self as usize].1
    }
}

const SQUARE_TEXTS: [(Text, Text); 9] = [
    (
        Text::new("Maqsadli bozor", "Целевой рынок", "Target market"),
        Text::new(
            "Kimga sotasiz? Bitta aniq segmentni tanlang: kim, qayerda, qanday muammo bilan.",
            "Кому вы продаёте? Выберите один чёткий сегмент: кто, где, с какой проблемой.",
            "Who do you sell to? Pick one clear segment: who, where, with what problem.",
        ),
    ),
    (
        Text::new("Xabar", "Сообщение", "Message"),
        Text::new(
            "Nega aynan sizdan sotib olishadi? USP, taklif va chaqiruv.",
            "Почему покупают именно у вас? УТП, предложение и призыв к действию.",
            "Why buy from you? Your USP, the offer and the call to action.",
        ),
    ),
    (
        Text::new("Media", "Медиа", "Media"),
        Text::new(
            "Xabarni qaysi kanallar orqali yetkazasiz: Instagram, Telegram, Google, oflayn?",
            "Через какие каналы донесёте сообщение: Instagram, Telegram, Google, офлайн?",
            "Which channels carry the message: Instagram, Telegram, Google, offline?",
        ),
    ),
    (
        Text::new("Lidlarni yig‘ish", "Сбор лидов", "Lead capture"),
        Text::new(
            "Qiziqqanlarning kontaktini qanday olasiz: lid-magnit, bot, forma?",
            "Как получите контакты заинтересованных: лид-магнит, бот, форма?",
            "How do you capture interested people: lead magnet, bot, form?",
        ),
    ),
    (
        Text::new("Lidlarni isitish", "Прогрев лидов", "Lead nurture"),
        Text::new(
            "Hali tayyor bo‘lmaganlar bilan qanday aloqada bo‘lasiz: xabarlar, kontent, eslatmalar?",
            "Как будете поддерживать связь с неготовыми: рассылки, контент, напоминания?",
            "How do you stay in touch with those not ready yet: messages, content, reminders?",
        ),
    ),
    (
        Text::new(
            "Sotuvga aylantirish",
            "Конверсия в продажу",
            "Sales conversion",
        ),
        Text::new(
            "Lidni mijozga qanday aylantirasiz: qo‘ng‘iroq, uchrashuv, kafolat, takliflar?",
            "Как превращаете лида в клиента: звонок, встреча, гарантия, предложения?",
            "How do leads become customers: call, meeting, guarantee, offers?",
        ),
    ),
    (
        Text::new(
            "Ajoyib xizmat",
            "Сервис мирового уровня",
            "World-class experience",
        ),
        Text::new(
            "Mijoz xariddan keyin nimani his qiladi? Uni qanday hayratda qoldirasiz?",
            "Что клиент чувствует после покупки? Чем вы его удивите?",
            "What does the customer feel after buying? How will you delight them?",
        ),
    ),
    (
        Text::new(
            "Mijoz qiymatini oshirish",
            "Рост ценности клиента",
            "Increase lifetime value",
        ),
        Text::new(
            "Qayta sotuvlar, qo‘shimcha mahsulotlar, obuna va sodiqlik dasturi.",
            "Повторные продажи, допродажи, подписка и программа лояльности.",
            "Repeat sales, upsells, subscriptions and a loyalty programme.",
        ),
    ),
    (
        Text::new(
            "Tavsiyalarni rag‘batlantirish",
            "Стимулирование рекомендаций",
            "Orchestrate referrals",
        ),
        Text::new(
            "Mijozlar sizni do‘stlariga qanday tavsiya qiladi va buning uchun nima oladi?",
            "Как клиенты будут рекомендовать вас друзьям и что за это получат?",
            "How will customers refer their friends, and what do they get for it?",
        ),
    ),
];

/// Words a square needs before its text alone counts as thorough.
pub const THOROUGH_WORDS: usize = 25;
/// What the text of a square can earn; marking it complete adds the rest.
pub const TEXT_POINTS: usize = 80;

/// Completeness of one square, 0–100: up to 80 for its text (in proportion to its words, full
/// at [`THOROUGH_WORDS`]), and 20 when the owner marks it complete. An empty square scores 0
/// even when marked complete: a tick is not a plan.
pub fn square_score(text: &str, marked_complete: bool) -> u8 {
    let words = text.split_whitespace().count();
    if words == 0 {
        return 0;
    }
    let text_points = words.min(THOROUGH_WORDS) * TEXT_POINTS / THOROUGH_WORDS;
    let total = text_points
        + if marked_complete {
            100 - TEXT_POINTS
        } else {
            0
        };
    u8::try_from(total.min(100)).unwrap_or(100)
}

/// How many weak squares the canvas points out.
pub const WEAKEST_SHOWN: usize = 3;

/// The canvas as a whole: its completeness (the mean of the squares, rounded down) and the
/// weakest squares — the lowest scores under 100, lowest first, ties in canvas order.
pub fn canvas_summary(scores: &[(CanvasSquare, u8)]) -> (u8, Vec<CanvasSquare>) {
    let overall = if scores.is_empty() {
        0
    } else {
        let sum: usize = scores.iter().map(|(_, s)| usize::from(*s)).sum();
        u8::try_from(sum / CanvasSquare::ALL.len().max(scores.len())).unwrap_or(100)
    };
    let mut weak: Vec<(CanvasSquare, u8)> =
        scores.iter().copied().filter(|(_, s)| *s < 100).collect();
    weak.sort_by_key(|(square, score)| (*score, *square));
    (
        overall,
        weak.into_iter()
            .take(WEAKEST_SHOWN)
            .map(|(square, _)| square)
            .collect(),
    )
}

/// What a business goal measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GoalMetric {
    /// Money, in minor units of the business's currency.
    Revenue,
    Leads,
    Customers,
    Followers,
    /// Return on ad spend, a ratio such as 3.5.
    Roas,
    /// Anything else, named by the goal.
    Custom,
}

impl GoalMetric {
    pub const ALL: [GoalMetric; 6] = [
        GoalMetric::Revenue,
        GoalMetric::Leads,
        GoalMetric::Customers,
        GoalMetric::Followers,
        GoalMetric::Roas,
        GoalMetric::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GoalMetric::Revenue => "revenue",
            GoalMetric::Leads => "leads",
            GoalMetric::Customers => "customers",
            GoalMetric::Followers => "followers",
            GoalMetric::Roas => "roas",
            GoalMetric::Custom => "custom",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == value)
    }

    /// Whether targets are whole numbers (counts, and money in minor units).
    pub fn whole(self) -> bool {
        !matches!(self, GoalMetric::Roas | GoalMetric::Custom)
    }
}

/// Largest target a goal may have; far above any real business, small enough to stay exact.
pub const MAX_GOAL_TARGET: f64 = 1e15;

/// Why a target does not fit its metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetProblem {
    NotPositive,
    TooLarge,
    NotWhole,
}

pub fn check_target(metric: GoalMetric, target: f64) -> Result<(), TargetProblem> {
    if !target.is_finite() || target <= 0.0 {
        return Err(TargetProblem::NotPositive);
    }
    if target > MAX_GOAL_TARGET {
        return Err(TargetProblem::TooLarge);
    }
    if metric.whole() && target.fract() != 0.0 {
        return Err(TargetProblem::NotWhole);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_squares_of_the_book_in_order() {
        assert_eq!(CanvasSquare::TargetMarket.number(), 1);
        assert_eq!(CanvasSquare::Media.phase(), Phase::Before);
        assert_eq!(CanvasSquare::LeadCapture.phase(), Phase::During);
        assert_eq!(CanvasSquare::SalesConversion.number(), 6);
        assert_eq!(CanvasSquare::Referrals.phase(), Phase::After);
        assert_eq!(CanvasSquare::Referrals.number(), 9);
        for square in CanvasSquare::ALL {
            assert_eq!(CanvasSquare::parse(square.as_str()), Some(square));
        }
    }

    #[test]
    fn square_scores() {
        assert_eq!(square_score("", true), 0);
        assert_eq!(square_score("   ", false), 0);
        let five_words = "ayollar 25-40 yosh Toshkentda yashaydi";
        assert_eq!(square_score(five_words, false), 16);
        let thorough = "so'z ".repeat(30);
        assert_eq!(square_score(&thorough, false), 80);
        assert_eq!(square_score(&thorough, true), 100);
        assert_eq!(square_score(five_words, true), 36);
    }

    #[test]
    fn the_summary_names_the_weakest_squares() {
        let mut scores: Vec<(CanvasSquare, u8)> =
            CanvasSquare::ALL.iter().map(|s| (*s, 100)).collect();
        scores[8].1 = 0;
        scores[2].1 = 40;
        scores[5].1 = 40;
        scores[0].1 = 90;
        let (overall, weakest) = canvas_summary(&scores);
        assert_eq!(overall, ((100 * 5 + 40 + 40 + 90) / 9) as u8);
        assert_eq!(
            weakest,
            [
                CanvasSquare::Referrals,
                CanvasSquare::Media,
                CanvasSquare::SalesConversion
            ]
        );
        let (overall, weakest) = canvas_summary(&CanvasSquare::ALL.map(|s| (s, 100)));
        assert_eq!((overall, weakest.len()), (100, 0));
    }

    #[test]
    fn goal_targets_fit_their_metric() {
        assert_eq!(check_target(GoalMetric::Revenue, 50_000_000_00.0), Ok(()));
        assert_eq!(
            check_target(GoalMetric::Leads, 10.5),
            Err(TargetProblem::NotWhole)
        );
        assert_eq!(check_target(GoalMetric::Roas, 3.5), Ok(()));
        assert_eq!(
            check_target(GoalMetric::Customers, 0.0),
            Err(TargetProblem::NotPositive)
        );
        assert_eq!(
            check_target(GoalMetric::Custom, f64::INFINITY),
            Err(TargetProblem::NotPositive)
        );
        assert_eq!(
            check_target(GoalMetric::Followers, 1e16),
            Err(TargetProblem::TooLarge)
        );
    }
}
