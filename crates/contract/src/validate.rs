//! Field rules shared by several requests. Each error carries a stable code the SPA
//! translates; the message is the English fallback.

use std::borrow::Cow;

use validator::ValidationError;

fn error(code: &'static str, message: &'static str) -> ValidationError {
    ValidationError::new(code).with_message(Cow::Borrowed(message))
}

/// Rejects strings that are empty once surrounding whitespace is removed.
pub fn not_blank(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(error("blank", "must not be blank"));
    }
    Ok(())
}

/// A phone number in international form: `+` then 7 to 15 digits, spaces and dashes allowed.
pub fn phone(value: &str) -> Result<(), ValidationError> {
    let Some(rest) = value.strip_prefix('+') else {
        return Err(error(
            "invalid_phone",
            "must start with + and the country code, e.g. +998901234567",
        ));
    };
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    let only_digits_and_separators = rest
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
    if !only_digits_and_separators || !(7..=15).contains(&digits) {
        return Err(error(
            "invalid_phone",
            "must be + followed by 7 to 15 digits",
        ));
    }
    Ok(())
}

/// An IANA time zone name such as `Asia/Tashkent`. The full check needs the time-zone
/// database, which only the server carries.
pub fn timezone(value: &str) -> Result<(), ValidationError> {
    #[cfg(feature = "openapi")]
    {
        if value.parse::<chrono_tz::Tz>().is_err() {
            return Err(error(
                "invalid_timezone",
                "must be an IANA time zone such as Asia/Tashkent",
            ));
        }
    }
    #[cfg(not(feature = "openapi"))]
    {
        if value.is_empty() || value.len() > 64 {
            return Err(error(
                "invalid_timezone",
                "must be an IANA time zone such as Asia/Tashkent",
            ));
        }
    }
    Ok(())
}

/// An ISO 4217 currency the product supports.
pub fn currency(value: &str) -> Result<(), ValidationError> {
    if domain::businesses::is_supported_currency(value) {
        Ok(())
    } else {
        Err(error(
            "unsupported_currency",
            "must be one of UZS, USD, EUR, RUB, KZT, KGS, TJS, CNY",
        ))
    }
}

/// An absolute http(s) URL.
pub fn website(value: &str) -> Result<(), ValidationError> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty()
                && !host.starts_with('/')
                && !value.contains(char::is_whitespace) =>
        {
            Ok(())
        }
        _ => Err(error(
            "invalid_url",
            "must be an http:// or https:// address",
        )),
    }
}

/// Installment plans: each 2 to 60 months, no length twice.
pub fn installment_months(months: &[u32]) -> Result<(), ValidationError> {
    if months.iter().any(|m| !(2..=60).contains(m)) {
        return Err(error("range", "each plan must be 2 to 60 months"));
    }
    let mut sorted = months.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() != months.len() {
        return Err(error("duplicate", "each plan length may appear once"));
    }
    Ok(())
}

/// Lower-cases and trims an e-mail address so that one mailbox is one account.
pub fn normalize_email(value: &str) -> String {
    value.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uzbek_mobile_numbers_are_phones() {
        assert!(phone("+998901234567").is_ok());
        assert!(phone("+998 90 123-45-67").is_ok());
        assert!(phone("998901234567").is_err());
        assert!(phone("+99890abc").is_err());
        assert!(phone("+1234").is_err());
    }

    #[test]
    fn websites_need_a_scheme_and_a_host() {
        assert!(website("https://biznespilot.uz").is_ok());
        assert!(website("http://shop.uz/catalog").is_ok());
        assert!(website("biznespilot.uz").is_err());
        assert!(website("https://").is_err());
        assert!(website("https://a b").is_err());
    }

    #[test]
    fn blank_is_not_a_name() {
        assert!(not_blank("  ").is_err());
        assert!(not_blank(" Dilnoza ").is_ok());
    }

    #[test]
    fn emails_are_case_insensitive() {
        assert_eq!(normalize_email("  Aziz@Example.UZ "), "aziz@example.uz");
    }
}
