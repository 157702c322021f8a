//! The built-in copywriter: USP and elevator-pitch drafts filled from templates with what the
//! business already told us (profile, dream buyer, offer), in the reader's language. Phrases are
//! quoted or set after a colon so that templates stay grammatical in Uzbek and Russian whatever
//! the user wrote.

use serde::{Deserialize, Serialize};

use crate::accounts::Locale;
use crate::text::{Text, fill};

/// What to draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    /// Unique selling proposition: one sentence.
    Usp,
    /// A pitch said in 30 seconds.
    ElevatorPitch,
}

/// What the drafts are made of; every part but the name is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Brief {
    pub business_name: String,
    pub audience: Option<String>,
    pub dream: Option<String>,
    pub frustration: Option<String>,
    pub offer: Option<String>,
    pub guarantee: Option<String>,
}

/// Longest phrase taken from an answer, in characters.
pub const PHRASE_MAX_CHARS: usize = 90;

/// The first line or sentence of an answer, cut at a word near [`PHRASE_MAX_CHARS`], without
/// the closing punctuation: answers are lists and paragraphs, a draft needs one phrase.
pub fn phrase(answer: &str) -> Option<String> {
    // A full stop ends a sentence only before a space, so "7.0" stays whole.
    let first = answer
        .split(['\n', ';', '!', '?'])
        .flat_map(|line| line.split(". "))
        .map(|part| part.trim_end_matches('.'))
        .map(str::trim)
        .find(|part| !part.is_empty())?;
    let first = first.trim_start_matches(['-', '•', '*', ' ']);
    let mut cut = String::new();
    for word in first.split_whitespace() {
        if !cut.is_empty() && cut.chars().count() + word.chars().count() >= PHRASE_MAX_CHARS {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    let cut = cut.trim_end_matches([',', ':', '—', '-']).trim().to_owned();
    (!cut.is_empty()).then_some(cut)
}

const AUDIENCE: Text = Text::new("mijozlarimiz", "наши клиенты", "our customers");
const DREAM: Text = Text::new(
    "kutgan natija",
    "желаемый результат",
    "the result they want",
);
const FRUSTRATION: Text = Text::new(
    "vaqt va pulni behuda sarflash",
    "потеря времени и денег",
    "wasting time and money",
);
const OFFER: Text = Text::new("o‘z xizmatimizni", "свою услугу", "our service");

const USP: [Text; 3] = [
    Text::new(
        "{name}: {audience} uchun — {dream}.",
        "{name}: {dream} — для аудитории «{audience}».",
        "{name}: {dream} for {audience}.",
    ),
    Text::new(
        "{dream} — «{frustration}» muammosisiz. Faqat {name}.",
        "{dream} — и никаких «{frustration}». Только {name}.",
        "{dream} — without \"{frustration}\". Only at {name}.",
    ),
    Text::new(
        "{name} — {offer}: {dream}. {guarantee}",
        "{name} — {offer}: {dream}. {guarantee}",
        "{name} — {offer}: {dream}. {guarantee}",
    ),
];

const PITCH: [Text; 2] = [
    Text::new(
        "Bilasizmi, {audience} ko‘pincha «{frustration}» muammosiga duch keladi? {name} buning yechimini taklif qiladi — {offer}. Natija: {dream}. {guarantee}",
        "Знаете, с чем чаще всего сталкиваются {audience}? «{frustration}». {name} предлагает решение — {offer}. Итог: {dream}. {guarantee}",
        "You know how {audience} keep running into \"{frustration}\"? {name} fixes that with {offer}. The result: {dream}. {guarantee}",
    ),
    Text::new(
        "Biz — {name}. {audience} uchun maqsadga yo‘lni qisqartiramiz: {offer}. Natija: {dream}.",
        "Мы — {name}. Сокращаем путь к цели для аудитории «{audience}»: {offer}. Итог: {dream}.",
        "We're {name}. We shorten the road for {audience}: {offer}. The result: {dream}.",
    ),
];

/// Drafts of `kind` in `locale`, best first. Missing parts of the brief fall back to neutral
/// words, so there is always something to edit.
pub fn drafts(kind: DraftKind, brief: &Brief, locale: Locale) -> Vec<String> {
    let or = |value: &Option<String>, fallback: Text| {
        value
            .clone()
            .unwrap_or_else(|| fallback.get(locale).to_owned())
    };
    let audience = or(&brief.audience, AUDIENCE);
    let dream = or(&brief.dream, DREAM);
    let frustration = or(&brief.frustration, FRUSTRATION);
    let offer = or(&brief.offer, OFFER);
    let guarantee = brief.guarantee.clone().unwrap_or_default();
    let values = [
        ("name", brief.business_name.as_str()),
        ("audience", audience.as_str()),
        ("dream", dream.as_str()),
        ("frustration", frustration.as_str()),
        ("offer", offer.as_str()),
        ("guarantee", guarantee.as_str()),
    ];
    let templates: &[Text] = match kind {
        DraftKind::Usp => &USP,
        DraftKind::ElevatorPitch => &PITCH,
    };
    templates
        .iter()
        .map(|template| fill(template.get(locale), &values).trim().to_owned())
        .map(|draft| capitalize(&draft))
        .collect()
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_is_the_first_line_cut_at_a_word() {
        assert_eq!(
            phrase("- IELTS 7.0 olish\n- chet elda o'qish").as_deref(),
            Some("IELTS 7.0 olish")
        );
        assert_eq!(
            phrase("Vaqt yetishmaydi; pul ham").as_deref(),
            Some("Vaqt yetishmaydi")
        );
        assert_eq!(phrase("  \n ").as_deref(), None);
        let long = "so'z ".repeat(40);
        let cut = phrase(&long).expect("phrase");
        assert!(cut.chars().count() < PHRASE_MAX_CHARS);
        assert!(!cut.ends_with(' '));
    }

    #[test]
    fn drafts_use_the_brief_in_the_readers_language() {
        let brief = Brief {
            business_name: "Ingliz Markazi".into(),
            audience: Some("talabalar".into()),
            dream: Some("IELTS 7.0 90 kunda".into()),
            frustration: Some("kurs tugadi, gapira olmaydi".into()),
            offer: Some("1:1 mentor bilan intensiv kurs".into()),
            guarantee: Some("Natija bo'lmasa, pul qaytariladi.".into()),
        };
        let usp = drafts(DraftKind::Usp, &brief, Locale::Uz);
        assert_eq!(usp.len(), 3);
        assert_eq!(
            usp[0],
            "Ingliz Markazi: talabalar uchun — IELTS 7.0 90 kunda."
        );
        assert!(usp[2].ends_with("Natija bo'lmasa, pul qaytariladi."));
        let pitch = drafts(DraftKind::ElevatorPitch, &brief, Locale::En);
        assert!(pitch[0].starts_with("You know how talabalar"));
        assert!(pitch.iter().all(|p| !p.contains('{')));
    }

    #[test]
    fn an_empty_brief_still_drafts() {
        let brief = Brief {
            business_name: "Non".into(),
            ..Default::default()
        };
        for kind in [DraftKind::Usp, DraftKind::ElevatorPitch] {
            for locale in Locale::ALL {
                for draft in drafts(kind, &brief, locale) {
                    assert!(draft.contains("Non"));
                    assert!(!draft.contains('{'), "{draft}");
                }
            }
        }
    }
}
