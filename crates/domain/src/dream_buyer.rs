//! The Dream Buyer (SPEC §2, after Sabri Suby): the avatar of the 3 % who buy now, drawn by
//! nine questions, with a completeness score and the built-in suggestions for each question.

use serde::{Deserialize, Serialize};

use crate::accounts::Locale;
use crate::businesses::Industry;
use crate::text::Text;

/// Avatars one business may keep (archived ones included) until plans set their own limits.
pub const MAX_PER_BUSINESS: i64 = 50;

/// The nine questions, in the order the wizard asks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Question {
    WhereTheySpendTime,
    InformationSources,
    Frustrations,
    Dreams,
    Fears,
    CommunicationChannel,
    LanguageAndJargon,
    DailyRoutine,
    Happiness,
}

impl Question {
    pub const ALL: [Question; 9] = [
        Question::WhereTheySpendTime,
        Question::InformationSources,
        Question::Frustrations,
        Question::Dreams,
        Question::Fears,
        Question::CommunicationChannel,
        Question::LanguageAndJargon,
        Question::DailyRoutine,
        Question::Happiness,
    ];

    /// 1–9, as the spec numbers them.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Question::WhereTheySpendTime => "where_they_spend_time",
            Question::InformationSources => "information_sources",
            Question::Frustrations => "frustrations",
            Question::Dreams => "dreams",
            Question::Fears => "fears",
            Question::CommunicationChannel => "communication_channel",
            Question::LanguageAndJargon => "language_and_jargon",
            Question::DailyRoutine => "daily_routine",
            Question::Happiness => "happiness",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == value)
    }

    pub fn prompt(self) -> Text {
        QUESTION_TEXTS[self as usize].0
    }

    /// What to think about, with examples.
    pub fn hint(self) -> Text {
        QUESTION_TEXTS[self as usize].1
    }
}

const QUESTION_TEXTS: [(Text, Text); 9] = [
    (
        Text::new(
            "Ular vaqtini qayerda o‘tkazadi?",
            "Где они проводят время?",
            "Where do they spend their time?",
        ),
        Text::new(
            "Onlayn: Instagram, Telegram, YouTube, TikTok… Oflayn: kafelar, sport zallari, tadbirlar…",
            "Онлайн: Instagram, Telegram, YouTube, TikTok… Офлайн: кафе, спортзалы, мероприятия…",
            "Online: Instagram, Telegram, YouTube, TikTok… Offline: cafés, gyms, events…",
        ),
    ),
    (
        Text::new(
            "Ular ma’lumotni qayerdan oladi?",
            "Где они ищут информацию?",
            "Where do they go for information?",
        ),
        Text::new(
            "Telegram kanallar, bloggerlar, Google, do‘stlar tavsiyasi, forumlar…",
            "Telegram-каналы, блогеры, Google, советы друзей, форумы…",
            "Telegram channels, bloggers, Google, friends' advice, forums…",
        ),
    ),
    (
        Text::new(
            "Ularning eng katta muammolari va qiyinchiliklari qanday?",
            "Их самые большие разочарования и трудности?",
            "What are their biggest frustrations and difficulties?",
        ),
        Text::new(
            "Nima ularni kechasi uxlatmaydi? Nimadan charchagan?",
            "Что не даёт им спать по ночам? От чего они устали?",
            "What keeps them up at night? What are they tired of?",
        ),
    ),
    (
        Text::new(
            "Ularning orzu va umidlari qanday?",
            "Их мечты и надежды?",
            "What are their dreams and hopes?",
        ),
        Text::new(
            "Bir yildan keyin hayoti qanday bo‘lishini xohlaydi?",
            "Какой они хотят видеть свою жизнь через год?",
            "What do they want their life to look like in a year?",
        ),
    ),
    (
        Text::new(
            "Ularning eng katta qo‘rquvlari nima?",
            "Их самые большие страхи?",
            "What are their biggest fears?",
        ),
        Text::new(
            "Pulni behuda sarflash, aldanib qolish, vaqt yo‘qotish…",
            "Потратить деньги впустую, быть обманутыми, потерять время…",
            "Wasting money, being cheated, losing time…",
        ),
    ),
    (
        Text::new(
            "Qaysi aloqa kanalini afzal ko‘radi?",
            "Какой канал связи они предпочитают?",
            "Which communication channel do they prefer?",
        ),
        Text::new(
            "Telegram, WhatsApp, e-mail, telefon, SMS…",
            "Telegram, WhatsApp, email, телефон, SMS…",
            "Telegram, WhatsApp, email, phone, SMS…",
        ),
    ),
    (
        Text::new(
            "Ular qanday til va iboralar ishlatadi?",
            "Какой язык и жаргон они используют?",
            "What language and jargon do they use?",
        ),
        Text::new(
            "O‘zbekcha yoki ruscha? Rasmiy yoki samimiy? Qaysi so‘zlarni tez-tez ishlatadi?",
            "Узбекский или русский? Официально или по-дружески? Какие слова часто используют?",
            "Uzbek or Russian? Formal or casual? Which words do they use all the time?",
        ),
    ),
    (
        Text::new(
            "Ularning kuni qanday o‘tadi?",
            "Как выглядит их день?",
            "What does their day look like?",
        ),
        Text::new(
            "Ertalab, kechqurun, dam olish kunlari nima qiladi?",
            "Что они делают утром, вечером, в выходные?",
            "Morning, evening, weekend: what do they do?",
        ),
    ),
    (
        Text::new(
            "Ularni nima xursand qiladi?",
            "Что делает их счастливыми?",
            "What makes them happy?",
        ),
        Text::new(
            "Oila, muvaffaqiyat, e’tirof, erkinlik, sayohat…",
            "Семья, успех, признание, свобода, путешествия…",
            "Family, success, recognition, freedom, travel…",
        ),
    ),
];

/// Who the avatar is, by gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    #[default]
    Any,
    Female,
    Male,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Any, Gender::Female, Gender::Male];

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Any => "any",
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == value)
    }
}

/// Points of each answered question; nine of them make 90.
pub const POINTS_PER_QUESTION: u8 = 10;
/// Points of each demographic filled in (age, gender, income, location, occupation): 10.
pub const POINTS_PER_DEMOGRAPHIC: u8 = 2;

/// Which demographics of an avatar are filled in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Demographics {
    pub age: bool,
    pub gender: bool,
    pub income: bool,
    pub location: bool,
    pub occupation: bool,
}

/// Completeness of an avatar, 0–100: 10 points per answered question (any non-blank answer),
/// 2 per demographic.
pub fn completeness<'a>(
    answers: impl IntoIterator<Item = &'a str>,
    demographics: Demographics,
) -> u8 {
    let answered = answers
        .into_iter()
        .filter(|answer| !answer.trim().is_empty())
        .count()
        .min(Question::ALL.len());
    let filled = [
        demographics.age,
        demographics.gender,
        demographics.income,
        demographics.location,
        demographics.occupation,
    ]
    .into_iter()
    .filter(|f| *f)
    .count();
    let points =
        answered * usize::from(POINTS_PER_QUESTION) + filled * usize::from(POINTS_PER_DEMOGRAPHIC);
    u8::try_from(points.min(100)).unwrap_or(100)
}

/// Steps of the wizard: the avatar's profile and demographics, then one per question.
pub const WIZARD_STEPS: u8 = 10;

/// Industries whose buyers think alike, for suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Market {
    Food,
    Shops,
    Wellbeing,
    Learning,
    Business,
}

fn market(industry: Option<Industry>) -> Market {
    use Industry::*;
    match industry {
        Some(Horeca) => Market::Food,
        Some(Retail | Ecommerce | Automotive) => Market::Shops,
        Some(Beauty | Health | Fitness) => Market::Wellbeing,
        Some(Education) => Market::Learning,
        _ => Market::Business,
    }
}

const fn t(uz: &'static str, ru: &'static str, en: &'static str) -> Text {
    Text::new(uz, ru, en)
}

/// Suggestions any business can use, one list per question.
const GENERAL: [&[Text]; 9] = [
    &[
        t(
            "Instagram va Telegram kanallari",
            "Instagram и Telegram-каналы",
            "Instagram and Telegram channels",
        ),
        t(
            "YouTube va TikTok",
            "YouTube и TikTok",
            "YouTube and TikTok",
        ),
        t(
            "Savdo markazlari va kafelar",
            "Торговые центры и кафе",
            "Shopping malls and cafés",
        ),
    ],
    &[
        t(
            "Telegram kanallar va guruhlar",
            "Telegram-каналы и группы",
            "Telegram channels and groups",
        ),
        t(
            "Do‘stlar va hamkasblar tavsiyasi",
            "Советы друзей и коллег",
            "Friends' and colleagues' advice",
        ),
        t(
            "Google va YouTube sharhlari",
            "Google и обзоры на YouTube",
            "Google and YouTube reviews",
        ),
    ],
    &[
        t(
            "Vaqt yetishmaydi",
            "Не хватает времени",
            "Never enough time",
        ),
        t(
            "Kimga ishonishni bilmaydi",
            "Не знают, кому доверять",
            "Don't know whom to trust",
        ),
        t(
            "Narxlar shaffof emas",
            "Непрозрачные цены",
            "Prices are unclear",
        ),
    ],
    &[
        t(
            "Oilasini ta’minlash va farovonlik",
            "Обеспечить семью и достаток",
            "Provide for the family and live well",
        ),
        t(
            "O‘z ishini kengaytirish",
            "Расширить своё дело",
            "Grow their own business",
        ),
        t(
            "Ko‘proq bo‘sh vaqt",
            "Больше свободного времени",
            "More free time",
        ),
    ],
    &[
        t(
            "Pulni behuda sarflash",
            "Потратить деньги впустую",
            "Wasting money",
        ),
        t("Aldanib qolish", "Быть обманутыми", "Being cheated"),
        t(
            "Boshqalar oldida uyalib qolish",
            "Опозориться перед другими",
            "Looking foolish in front of others",
        ),
    ],
    &[
        t("Telegram", "Telegram", "Telegram"),
        t("Telefon qo‘ng‘irog‘i", "Телефонный звонок", "A phone call"),
        t("Instagram Direct", "Instagram Direct", "Instagram Direct"),
    ],
    &[
        t(
            "Samimiy o‘zbek tili, ruscha so‘zlar aralash",
            "Разговорный узбекский с русскими словами",
            "Casual Uzbek mixed with Russian words",
        ),
        t(
            "Qisqa ovozli xabarlar",
            "Короткие голосовые сообщения",
            "Short voice messages",
        ),
        t(
            "\"Arzonroq bo‘ladimi?\", \"Kafolat bormi?\"",
            "«А можно дешевле?», «Есть гарантия?»",
            "\"Any discount?\", \"Is there a guarantee?\"",
        ),
    ],
    &[
        t(
            "Ertalab ish, kechqurun oila bilan",
            "Утром работа, вечером семья",
            "Work in the morning, family in the evening",
        ),
        t(
            "Yo‘lda telefonda yangiliklarni o‘qiydi",
            "Читает новости в телефоне по дороге",
            "Reads news on the phone on the way",
        ),
        t(
            "Dam olish kunlari bozor va mehmonga borish",
            "По выходным базар и гости",
            "Weekends: the bazaar and visiting relatives",
        ),
    ],
    &[
        t(
            "Oilasi bilan vaqt o‘tkazish",
            "Время с семьёй",
            "Time with family",
        ),
        t(
            "Yaqinlarining e’tirofi",
            "Признание близких",
            "Recognition from people close to them",
        ),
        t(
            "Yaxshi xarid qilganini his qilish",
            "Ощущение удачной покупки",
            "The feeling of a good deal",
        ),
    ],
];

/// Suggestions of one market for the questions where markets differ most.
fn market_suggestions(market: Market, question: Question) -> &'static [Text] {
    use Market::*;
    use Question::*;
    match (market, question) {
        (Food, Frustrations) => {
            const {
                &[
                    t(
                        "Yetkazib berish kech qoladi",
                        "Доставка опаздывает",
                        "Delivery arrives late",
                    ),
                    t(
                        "Taom sifati har safar har xil",
                        "Качество блюд каждый раз разное",
                        "Food quality changes every time",
                    ),
                ]
            }
        }
        (Food, Dreams) => {
            const {
                &[
                    t(
                        "Oilasi bilan mazali va arzon ovqatlanish",
                        "Вкусно и недорого поесть с семьёй",
                        "Eat well with the family without overpaying",
                    ),
                    t(
                        "Do‘stlar bilan uchrashish uchun shinam joy",
                        "Уютное место для встреч с друзьями",
                        "A cosy place to meet friends",
                    ),
                ]
            }
        }
        (Food, WhereTheySpendTime) => {
            const {
                &[t(
                    "Yandex Eda va Wolt ilovalari",
                    "Приложения Yandex Eda и Wolt",
                    "Yandex Eda and Wolt apps",
                )]
            }
        }
        (Shops, Frustrations) => {
            const {
                &[
                    t(
                        "Rasmdagi mahsulot boshqacha keladi",
                        "Товар приходит не таким, как на фото",
                        "The product arrives unlike the photo",
                    ),
                    t(
                        "Almashtirish va qaytarish qiyin",
                        "Сложно обменять или вернуть",
                        "Hard to exchange or return",
                    ),
                ]
            }
        }
        (Shops, Fears) => {
            const {
                &[t(
                    "Qalbaki mahsulot sotib olish",
                    "Купить подделку",
                    "Buying a fake",
                )]
            }
        }
        (Shops, WhereTheySpendTime) => {
            const {
                &[t(
                    "Uzum Market va Instagram do‘konlari",
                    "Uzum Market и Instagram-магазины",
                    "Uzum Market and Instagram shops",
                )]
            }
        }
        (Wellbeing, Frustrations) => {
            const {
                &[
                    t(
                        "Natija ko‘rinmaydi",
                        "Не видно результата",
                        "No visible results",
                    ),
                    t(
                        "Mutaxassisga yozilish qiyin",
                        "Трудно записаться к специалисту",
                        "Hard to book a specialist",
                    ),
                ]
            }
        }
        (Wellbeing, Dreams) => {
            const {
                &[t(
                    "O‘ziga ishonch va chiroyli ko‘rinish",
                    "Уверенность в себе и красивая внешность",
                    "Confidence and looking great",
                )]
            }
        }
        (Wellbeing, Fears) => {
            const {
                &[t(
                    "Sog‘lig‘iga zarar yetishi",
                    "Навредить здоровью",
                    "Harming their health",
                )]
            }
        }
        (Learning, Frustrations) => {
            const {
                &[
                    t(
                        "Kurs tugadi, lekin gapira olmaydi",
                        "Курс закончился, а говорить не может",
                        "Finished the course but still can't speak",
                    ),
                    t(
                        "Guruhda o‘qituvchi e’tibor bermaydi",
                        "В группе преподаватель не уделяет внимания",
                        "The teacher ignores them in a big group",
                    ),
                ]
            }
        }
        (Learning, Dreams) => {
            const {
                &[
                    t(
                        "IELTS 7.0 va chet elda o‘qish",
                        "IELTS 7.0 и учёба за рубежом",
                        "IELTS 7.0 and studying abroad",
                    ),
                    t(
                        "Yaxshi maoshli ish topish",
                        "Найти хорошо оплачиваемую работу",
                        "Land a well-paid job",
                    ),
                ]
            }
        }
        (Learning, Fears) => {
            const {
                &[t(
                    "Imtihondan yiqilish",
                    "Провалить экзамен",
                    "Failing the exam",
                )]
            }
        }
        (Business, Frustrations) => {
            const {
                &[
                    t(
                        "Reklamaga pul ketadi, mijoz kelmaydi",
                        "Деньги на рекламу уходят, клиентов нет",
                        "Money goes into ads, customers don't come",
                    ),
                    t(
                        "Pudratchilar muddatni buzadi",
                        "Подрядчики срывают сроки",
                        "Contractors miss deadlines",
                    ),
                ]
            }
        }
        (Business, Dreams) => {
            const {
                &[t(
                    "Barqaror oylik daromad",
                    "Стабильный ежемесячный доход",
                    "Steady monthly revenue",
                )]
            }
        }
        (Business, Fears) => {
            const {
                &[t(
                    "Raqobatchilardan orqada qolish",
                    "Отстать от конкурентов",
                    "Falling behind competitors",
                )]
            }
        }
        _ => &[],
    }
}

/// Suggestions for one question: those of the business's market first, then general ones,
/// in `locale`.
pub fn suggestions(
    question: Question,
    industry: Option<Industry>,
    locale: Locale,
) -> Vec<&'static str> {
    market_suggestions(market(industry), question)
        .iter()
        .chain(GENERAL[question as usize].iter())
        .map(|text| text.get(locale))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_questions_in_the_order_of_the_spec() {
        assert_eq!(Question::ALL.len(), 9);
        assert_eq!(Question::WhereTheySpendTime.number(), 1);
        assert_eq!(Question::CommunicationChannel.number(), 6);
        assert_eq!(Question::Happiness.number(), 9);
        for question in Question::ALL {
            assert_eq!(Question::parse(question.as_str()), Some(question));
            for locale in Locale::ALL {
                assert!(question.prompt().get(locale).ends_with('?'));
                assert!(!question.hint().get(locale).is_empty());
            }
        }
        assert!(Question::WhereTheySpendTime.hint().en.contains("Instagram"));
        assert!(
            Question::CommunicationChannel
                .hint()
                .uz
                .contains("Telegram")
        );
    }

    #[test]
    fn completeness_counts_answers_and_demographics() {
        assert_eq!(completeness(["", " "], Demographics::default()), 0);
        assert_eq!(completeness(["Instagram"], Demographics::default()), 10);
        let all = Demographics {
            age: true,
            gender: true,
            income: true,
            location: true,
            occupation: true,
        };
        assert_eq!(completeness(["x"; 9], all), 100);
        assert_eq!(completeness(["x"; 9], Demographics::default()), 90);
        assert_eq!(
            completeness(
                ["a", "b", "c"],
                Demographics {
                    age: true,
                    ..Default::default()
                }
            ),
            32
        );
    }

    #[test]
    fn suggestions_know_the_industry() {
        let school = suggestions(Question::Dreams, Some(Industry::Education), Locale::En);
        assert_eq!(school[0], "IELTS 7.0 and studying abroad");
        let cafe = suggestions(Question::Frustrations, Some(Industry::Horeca), Locale::Uz);
        assert_eq!(cafe[0], "Yetkazib berish kech qoladi");
        for question in Question::ALL {
            for locale in Locale::ALL {
                assert!(suggestions(question, None, locale).len() >= 3);
            }
        }
    }
}
