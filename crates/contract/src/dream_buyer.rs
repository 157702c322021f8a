//! Dream buyers: avatars of the customers who buy now (SPEC §2).

use chrono::{DateTime, Utc};
use domain::accounts::Locale;
use domain::dream_buyer::{Gender, Question};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::accounts::present_or_null;
use crate::validate;

/// Answers to the nine questions. In a request, an answer sent replaces the stored one (an
/// empty string clears it) and an absent one is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// 1. Where do they spend time?
    #[validate(length(max = 3000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub where_they_spend_time: Option<String>,
    /// 2. Where do they go for information?
    #[validate(length(max = 3000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub information_sources: Option<String>,
    /// 3. Their biggest frustrations and difficulties?
    #[validate(length(max = 3000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frustrations: Option<String>,
    /// 4. Their dreams and hopes?
    #[validate(length(max = 3000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dreams: Option<String>,
    /// 5. Their biggest fears?
    #[validate(length(max = 3000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fears: Option<String>,
    /// 6. Preferred communication channel?
    #[validate(length(max = 3000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_channel: Option<String>,
    /// 7. What language and jargon do they use?
    #[validate(length(max = 3000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_and_jargon: Option<String>,
    /// 8. What does their day look like?
    #[validate(length(max = 3000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_routine: Option<String>,
    /// 9. What makes them happy?
    #[validate(length(max = 3000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub happiness: Option<String>,
}

impl Answers {
    pub fn get(&self, question: Question) -> Option<&str> {
        self.slot_ref(question).as_deref()
    }

    pub fn set(&mut self, question: Question, answer: Option<String>) {
        *self.slot(question) = answer;
    }

    fn slot_ref(&self, question: Question) -> &Option<String> {
        match question {
            Question::WhereTheySpendTime => &self.where_they_spend_time,
            Question::InformationSources => &self.information_sources,
            Question::Frustrations => &self.frustrations,
            Question::Dreams => &self.dreams,
            Question::Fears => &self.fears,
            Question::CommunicationChannel => &self.communication_channel,
            Question::LanguageAndJargon => &self.language_and_jargon,
            Question::DailyRoutine => &self.daily_routine,
            Question::Happiness => &self.happiness,
        }
    }

    fn slot(&mut self, question: Question) -> &mut Option<String> {
        match question {
            Question::WhereTheySpendTime => &mut self.where_they_spend_time,
            Question::InformationSources => &mut self.information_sources,
            Question::Frustrations => &mut self.frustrations,
            Question::Dreams => &mut self.dreams,
            Question::Fears => &mut self.fears,
            Question::CommunicationChannel => &mut self.communication_channel,
            Question::LanguageAndJargon => &mut self.language_and_jargon,
            Question::DailyRoutine => &mut self.daily_routine,
            Question::Happiness => &mut self.happiness,
        }
    }

    /// `other`'s answers laid over these: sent answers replace, blank ones clear.
    pub fn merged(&self, other: &Answers) -> Answers {
        let mut merged = self.clone();
        for question in Question::ALL {
            if let Some(answer) = other.get(question) {
                let answer = answer.trim();
                merged.set(question, (!answer.is_empty()).then(|| answer.to_owned()));
            }
        }
        merged
    }
}

/// A dream buyer avatar.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DreamBuyerResponse {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub age_min: Option<u8>,
    pub age_max: Option<u8>,
    pub gender: Option<Gender>,
    /// Income in the buyer's own words, e.g. "5–8 mln so'm a month".
    pub income: Option<String>,
    pub location: Option<String>,
    pub occupation: Option<String>,
    pub answers: Answers,
    /// The wizard step the user reached (0: profile and demographics, 1–9: the questions), so
    /// the wizard resumes there.
    pub wizard_step: u8,
    /// 0–100: 10 points per answered question, 2 per demographic.
    pub completeness: u8,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /businesses/{business_id}/dream-buyers`
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDreamBuyerRequest {
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(example = "Dilnoza, yosh ona"))]
    pub name: String,
    #[validate(length(max = 2000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[validate(range(max = 120))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_min: Option<u8>,
    #[validate(range(max = 120))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_max: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[validate(length(max = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub income: Option<String>,
    #[validate(length(max = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[validate(length(max = 200))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Answers>,
}

/// `PATCH /businesses/{business_id}/dream-buyers/{dream_buyer_id}`: only the fields sent
/// change; `null` clears an optional one. The wizard saves every step through this.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateDreamBuyerRequest {
    #[validate(length(min = 1, max = 120), custom(function = "validate::not_blank"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(range(max = 120))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u8>, maximum = 120))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_min: Option<Option<u8>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(range(max = 120))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u8>, maximum = 120))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_max: Option<Option<u8>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Gender>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Option<Gender>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub income: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation: Option<Option<String>>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Answers>,
    /// The wizard step reached, 0–9.
    #[validate(range(max = 9))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wizard_step: Option<u8>,
    /// Archive (`true`) or bring back (`false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

/// `POST /businesses/{business_id}/dream-buyers/{dream_buyer_id}/suggestions`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SuggestionsRequest {
    pub question: Question,
    /// Language of the suggestions; the caller's (or the business's) by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestionsResponse {
    pub question: Question,
    pub locale: Locale,
    /// Ideas for the answer, the business's industry first.
    pub suggestions: Vec<String>,
    /// `builtin` (templates) until an AI model is configured.
    pub generator: String,
}
