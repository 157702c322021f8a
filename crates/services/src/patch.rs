//! Applying `PATCH` bodies: a field that is absent keeps its value, `null` clears an optional
//! one, and text is stored trimmed (blank text clears).

/// Text as stored: trimmed, absent when blank.
pub fn clean(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Applies a nullable text field of a patch.
pub fn text(current: &mut Option<String>, patch: &Option<Option<String>>) {
    if let Some(new) = patch {
        *current = clean(new.as_deref());
    }
}

/// Applies a field of a patch that is replaced as a whole (`Some(None)` clears when nullable).
pub fn value<T: Clone>(current: &mut T, patch: &Option<T>) {
    if let Some(new) = patch {
        *current = new.clone();
    }
}

/// Archives (`Some(true)`, keeping the first archiving time) or restores (`Some(false)`).
pub fn archive(
    archived_at: &mut Option<chrono::DateTime<chrono::Utc>>,
    archived: Option<bool>,
    now: chrono::DateTime<chrono::Utc>,
) {
    match archived {
        Some(true) => *archived_at = archived_at.or(Some(now)),
        Some(false) => *archived_at = None,
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_keeps_null_and_blank_clear() {
        let mut field = Some("old".to_owned());
        text(&mut field, &None);
        assert_eq!(field.as_deref(), Some("old"));
        text(&mut field, &Some(Some("  new ".into())));
        assert_eq!(field.as_deref(), Some("new"));
        text(&mut field, &Some(Some("   ".into())));
        assert_eq!(field, None);
        let mut number = Some(3);
        value(&mut number, &Some(None));
        assert_eq!(number, None);
    }

    #[test]
    fn archiving_keeps_the_first_time() {
        let first = chrono::DateTime::UNIX_EPOCH;
        let later = first + chrono::Duration::days(1);
        let mut at = None;
        archive(&mut at, Some(true), first);
        archive(&mut at, Some(true), later);
        assert_eq!(at, Some(first));
        archive(&mut at, None, later);
        assert_eq!(at, Some(first));
        archive(&mut at, Some(false), later);
        assert_eq!(at, None);
    }
}
