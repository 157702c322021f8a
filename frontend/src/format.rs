//! Numbers and money as people in each language write them: `1 234 567 so‘m` in Uzbek and
//! Russian (a narrow no-break space between thousands, a comma before decimals),
//! `UZS 1,234,567` in English. Dates and times are formatted by the browser's `Intl`, in the
//! user's time zone (see `ui::datetime`).

use contract::domain::accounts::Locale;

/// Separates groups of thousands in Uzbek and Russian (U+202F, as CLDR prescribes).
pub const THIN_SPACE: char = '\u{202F}';

fn separators(locale: Locale) -> (char, char) {
    match locale {
        Locale::Uz | Locale::Ru => (THIN_SPACE, ','),
        Locale::En => (',', '.'),
    }
}

fn group(digits: &str, separator: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// A whole number with grouped thousands.
pub fn integer(value: i64, locale: Locale) -> String {
    let (thousands, _) = separators(locale);
    let grouped = group(&value.unsigned_abs().to_string(), thousands);
    if value < 0 {
        format!("−{grouped}")
    } else {
        grouped
    }
}

/// An amount in minor units (tiyin for UZS) as a number: decimals only when there are any.
pub fn amount(minor: i64, locale: Locale) -> String {
    let (thousands, decimal) = separators(locale);
    let units = minor.unsigned_abs() / 100;
    let cents = minor.unsigned_abs() % 100;
    let mut text = group(&units.to_string(), thousands);
    if cents != 0 {
        text.push(decimal);
        text.push_str(&format!("{cents:02}"));
    }
    if minor < 0 {
        format!("−{text}")
    } else {
        text
    }
}

/// The name of a currency in running text.
fn currency_word(currency: &str, locale: Locale) -> Option<&'static str> {
    Some(match (currency, locale) {
        ("UZS", Locale::Uz) => "so‘m",
        ("UZS", Locale::Ru) => "сум",
        ("RUB", Locale::Uz) => "rubl",
        ("RUB", Locale::Ru) => "₽",
        ("USD", Locale::Uz | Locale::Ru) => "$",
        ("EUR", Locale::Uz | Locale::Ru) => "€",
        ("KZT", Locale::Uz) => "tenge",
        ("KZT", Locale::Ru) => "₸",
        _ => return None,
    })
}

/// Money in minor units: `1 234 567 so‘m`, `1 234 567 сум`, `UZS 1,234,567`.
pub fn money(minor: i64, currency: &str, locale: Locale) -> String {
    let number = amount(minor, locale);
    match (locale, currency_word(currency, locale)) {
        (Locale::En, _) => match currency {
            "USD" => format!("${number}"),
            "EUR" => format!("€{number}"),
            _ => format!("{currency} {number}"),
        },
        (_, Some(word)) => format!("{number}\u{a0}{word}"),
        (_, None) => format!("{number}\u{a0}{currency}"),
    }
}

/// Reads an amount typed in whole currency units; one rule with the server's imports.
pub use contract::domain::money::parse_amount;

/// An amount in minor units as it is typed back into a field: `300000`, `12.5`.
pub fn amount_input(minor: i64) -> String {
    if minor % 100 == 0 {
        (minor / 100).to_string()
    } else {
        format!("{}.{:02}", minor / 100, minor % 100)
    }
}

/// A ratio or score with at most one decimal: `12`, `12.5` (`12,5` in Uzbek and Russian).
pub fn decimal(value: f64, locale: Locale) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let text = if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    };
    match locale {
        Locale::En => text,
        Locale::Uz | Locale::Ru => text.replace('.', ","),
    }
}

/// A date as `<input type="date">` gives it (`2026-03-31`); read by hand, because chrono's
/// format parser is sizeable in the WASM.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_per_language() {
        assert_eq!(integer(1_234_567, Locale::Uz), "1\u{202F}234\u{202F}567");
        assert_eq!(integer(1_234_567, Locale::En), "1,234,567");
        assert_eq!(integer(999, Locale::Ru), "999");
        assert_eq!(integer(-1000, Locale::Ru), "−1\u{202F}000");
        assert_eq!(integer(0, Locale::En), "0");
    }

    #[test]
    fn soms_read_as_people_write_them() {
        assert_eq!(
            money(5_000_000 * 100, "UZS", Locale::Uz),
            "5\u{202F}000\u{202F}000\u{a0}so‘m"
        );
        assert_eq!(
            money(299_000 * 100, "UZS", Locale::Ru),
            "299\u{202F}000\u{a0}сум"
        );
        assert_eq!(money(299_000 * 100, "UZS", Locale::En), "UZS 299,000");
        assert_eq!(money(199_950, "USD", Locale::En), "$1,999.50");
        assert_eq!(money(199_905, "USD", Locale::Ru), "1\u{202F}999,05\u{a0}$");
        assert_eq!(money(1_000, "CNY", Locale::Uz), "10\u{a0}CNY");
    }

    #[test]
    fn typed_amounts_become_minor_units() {
        assert_eq!(parse_amount("300 000"), Some(300_000_00));
        assert_eq!(parse_amount("1\u{202F}234,5"), Some(1_234_50));
        assert_eq!(parse_amount("12.05"), Some(12_05));
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount("1.234.567"), None);
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(amount_input(300_000_00), "300000");
        assert_eq!(amount_input(12_05), "12.05");
    }

    #[test]
    fn decimals_use_the_locale_separator() {
        assert_eq!(decimal(12.0, Locale::Uz), "12");
        assert_eq!(decimal(67.46, Locale::Ru), "67,5");
        assert_eq!(decimal(0.25, Locale::En), "0.3");
    }

    #[test]
    fn dates_of_date_inputs() {
        assert_eq!(
            parse_date("2026-03-31"),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 31)
        );
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("31.03.2026"), None);
    }
}
