//! Amounts as people type them.

/// Reads an amount typed in whole currency units ("300 000", "1,5", "12.50") as minor units;
/// `None` for anything else, negative amounts included.
pub fn parse_amount(text: &str) -> Option<i64> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202F}' && *c != '\u{00A0}')
        .collect();
    if compact.is_empty() {
        return None;
    }
    let (units, cents) = match compact.rsplit_once([',', '.']) {
        Some((units, cents)) if cents.len() <= 2 => (units, cents),
        Some(_) => return None,
        None => (compact.as_str(), ""),
    };
    if units.is_empty() && cents.is_empty() {
        return None;
    }
    let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    if !digits(units) || !digits(cents) {
        return None;
    }
    let units: i64 = if units.is_empty() {
        0
    } else {
        units.parse().ok()?
    };
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().ok()? * 10,
        _ => cents.parse().ok()?,
    };
    units.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_typed() {
        assert_eq!(parse_amount("300 000"), Some(300_000_00));
        assert_eq!(parse_amount("150000.5"), Some(150_000_50));
        assert_eq!(parse_amount("1,5"), Some(150));
        // Three digits after a separator are a thousands group, not cents: refused.
        assert_eq!(parse_amount("150,000"), None);
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount(""), None);
    }
}
