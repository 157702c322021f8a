//! Texts the rules carry in every interface language (question prompts, templates,
//! suggestions). A [`Text`] cannot be built without all three, so no language is ever missing.

use crate::accounts::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub uz: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(uz: &'static str, ru: &'static str, en: &'static str) -> Self {
        Text { uz, ru, en }
    }

    pub fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::Uz => self.uz,
            Locale::Ru => self.ru,
            Locale::En => self.en,
        }
    }
}

/// Replaces each `{name}` in `template` by its value; names without a value stay as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match values.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_names_and_keeps_unknown_ones() {
        assert_eq!(
            fill("{a} and {b}, {c", &[("a", "one"), ("b", "two")]),
            "one and two, {c"
        );
        assert_eq!(fill("{x} stays", &[]), "{x} stays");
    }

    #[test]
    fn picks_the_language() {
        let text = Text::new("salom", "привет", "hello");
        assert_eq!(text.get(Locale::Ru), "привет");
        assert_eq!(text.get(Locale::Uz), "salom");
    }
}
