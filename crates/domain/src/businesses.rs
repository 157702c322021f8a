//! Rules of a business as a tenant: its industry and money settings (SPEC §1).

use serde::{Deserialize, Serialize};

/// What a business does; the built-in advisor and suggestion templates key off it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Industry {
    Retail,
    Ecommerce,
    Horeca,
    Services,
    Beauty,
    Health,
    Education,
    Fitness,
    RealEstate,
    Construction,
    Automotive,
    Travel,
    It,
    Agency,
    Freelance,
    Manufacturing,
    Logistics,
    Finance,
    Other,
}

impl Industry {
    pub const ALL: [Industry; 19] = [
        Industry::Retail,
        Industry::Ecommerce,
        Industry::Horeca,
        Industry::Services,
        Industry::Beauty,
        Industry::Health,
        Industry::Education,
        Industry::Fitness,
        Industry::RealEstate,
        Industry::Construction,
        Industry::Automotive,
        Industry::Travel,
        Industry::It,
        Industry::Agency,
        Industry::Freelance,
        Industry::Manufacturing,
        Industry::Logistics,
        Industry::Finance,
        Industry::Other,
    ];

    pub fn as_str(self) -> &'static str {
        use Industry::*;
        match self {
            Retail => "retail",
            Ecommerce => "ecommerce",
            Horeca => "horeca",
            Services => "services",
            Beauty => "beauty",
            Health => "health",
            Education => "education",
            Fitness => "fitness",
            RealEstate => "real_estate",
            Construction => "construction",
            Automotive => "automotive",
            Travel => "travel",
            It => "it",
            Agency => "agency",
            Freelance => "freelance",
            Manufacturing => "manufacturing",
            Logistics => "logistics",
            Finance => "finance",
            Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.as_str() == value)
    }
}

/// The currency new businesses keep their books in.
pub const DEFAULT_CURRENCY: &str = "UZS";

/// ISO 4217 codes a business may keep its books in: the so'm and the currencies trade in the
/// region is priced in. All of them have a minor unit of 1/100.
pub const SUPPORTED_CURRENCIES: [&str; 8] =
    ["UZS", "USD", "EUR", "RUB", "KZT", "KGS", "TJS", "CNY"];

pub fn is_supported_currency(code: &str) -> bool {
    SUPPORTED_CURRENCIES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn industries_round_trip() {
        for industry in Industry::ALL {
            assert_eq!(Industry::parse(industry.as_str()), Some(industry));
        }
    }

    #[test]
    fn the_som_is_the_default_and_supported() {
        assert!(is_supported_currency(DEFAULT_CURRENCY));
        assert!(!is_supported_currency("uzs"));
        assert!(!is_supported_currency("XXX"));
    }
}
