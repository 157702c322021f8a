//! What the whole app shares: who is signed in, their businesses, the one being worked on, and
//! the interface language. Provided once by the app, read with `use_context`.

use contract::accounts::UserResponse;
use contract::businesses::BusinessResponse;
use contract::domain::accounts::Locale;
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::api::Api;
use crate::i18n::{self, T};

/// Keys of the browser's local storage.
const LOCALE_KEY: &str = "biznespilot.locale";
const BUSINESS_KEY: &str = "biznespilot.business";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn remember(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn recall(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Where the app stands with the signed-in person.
#[derive(Clone, Debug)]
pub enum Auth {
    /// Looking for a session to resume (the refresh cookie).
    Starting,
    SignedOut,
    SignedIn(UserResponse),
}

#[derive(Clone, Copy)]
pub struct Session {
    pub api: Api,
    pub auth: RwSignal<Auth>,
    pub businesses: RwSignal<Vec<BusinessResponse>>,
    /// The business the person works on; survives reloads.
    pub current: RwSignal<Option<Uuid>>,
}

impl Session {
    pub fn new() -> Self {
        Session {
            api: Api::new(),
            auth: RwSignal::new(Auth::Starting),
            businesses: RwSignal::new(Vec::new()),
            current: RwSignal::new(recall(BUSINESS_KEY).and_then(|id| id.parse().ok())),
        }
    }

    pub fn user(&self) -> Option<UserResponse> {
        match self.auth.get() {
            Auth::SignedIn(user) => Some(user),
            _ => None,
        }
    }

    pub fn choose(&self, business: Uuid) {
        remember(BUSINESS_KEY, &business.to_string());
        self.current.set(Some(business));
    }

    /// The business being worked on, if the person still belongs to it.
    pub fn current_business(&self) -> Option<BusinessResponse> {
        let current = self.current.get()?;
        self.businesses
            .with(|all| all.iter().find(|b| b.id == current).cloned())
    }

    /// Whether the person's role in the current business holds `permission`. A signal, because
    /// a page can render before the businesses arrive or before the route's business is chosen.
    pub fn may(&self, permission: contract::domain::permissions::Permission) -> Signal<bool> {
        let session = *self;
        Signal::derive(move || {
            session
                .current_business()
                .and_then(|b| b.role)
                .is_some_and(|role| role.allows(permission))
        })
    }

    /// Reloads the person's businesses and keeps a valid current one.
    pub async fn reload_businesses(&self) {
        if let Ok(page) = self.api.businesses().await {
            let current = self.current.get_untracked();
            if current.is_none_or(|id| !page.items.iter().any(|b| b.id == id))
                && let Some(first) = page.items.first()
            {
                self.choose(first.id);
            }
            self.businesses.set(page.items);
        }
    }

    /// Loads the person and their businesses after a sign-in or a resumed session.
    pub async fn start(&self, i18n: I18n) -> bool {
        match self.api.me().await {
            Ok(user) => {
                i18n.set(user.locale);
                i18n.timezone.set(user.timezone.clone());
                // Businesses first: pages rendered on sign-in read the person's role in them.
                self.reload_businesses().await;
                self.auth.set(Auth::SignedIn(user));
                true
            }
            Err(_) => {
                self.api.forget();
                self.auth.set(Auth::SignedOut);
                false
            }
        }
    }

    pub fn signed_out(&self) {
        self.api.forget();
        self.businesses.set(Vec::new());
        self.auth.set(Auth::SignedOut);
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The interface language, and the time zone dates are shown in (the signed-in person's,
/// else the browser's).
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
    pub timezone: RwSignal<String>,
}

impl I18n {
    /// The language chosen before (in this browser), else Uzbek.
    pub fn new() -> Self {
        let locale = recall(LOCALE_KEY)
            .as_deref()
            .and_then(Locale::parse)
            .unwrap_or_default();
        I18n {
            locale: RwSignal::new(locale),
            timezone: RwSignal::new(browser_timezone()),
        }
    }

    pub fn set(&self, locale: Locale) {
        remember(LOCALE_KEY, locale.as_str());
        self.locale.set(locale);
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", i18n::language_tag(locale));
        }
    }

    /// A text in the current language; reactive inside views.
    pub fn t(&self, key: T) -> &'static str {
        key.text(self.locale.get())
    }

    /// A text that follows the interface language, for views and attributes. Every call site
    /// shares one closure type, which keeps the WASM small.
    pub fn tr(self, key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        let locale = self.locale;
        move || key.text(locale.get())
    }

    /// A text with its `{placeholders}` filled in.
    pub fn fill(&self, key: T, values: &[(&str, &str)]) -> String {
        i18n::fill(self.t(key), values)
    }

    pub fn get(&self) -> Locale {
        self.locale.get()
    }

    /// The time zone to show dates in.
    pub fn zone(&self) -> String {
        self.timezone.get()
    }
}

impl Default for I18n {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

const UZBEK_MONTHS: [&str; 12] = [
    "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avgust", "sentabr", "oktabr",
    "noyabr", "dekabr",
];

/// A moment in the person's time zone and language, e.g. `22-noyabr 2026, 14:05`,
/// `22 нояб. 2026 г., 14:05`, `22 Nov 2026, 14:05`. The browser converts the time zone;
/// Uzbek is spelled out here because browsers' Uzbek calendar data is thin.
pub fn datetime(at: chrono::DateTime<chrono::Utc>, locale: Locale, timezone: &str) -> String {
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    };
    set("timeZone", timezone);
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    if locale == Locale::Uz {
        for (key, value) in [
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("hourCycle", "h23"),
        ] {
            set(key, value);
        }
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&"en-GB".into()), &options);
        let parts = format.format_to_parts(&date);
        let part = |kind: &str| {
            parts.iter().find_map(|part| {
                let kind_of = js_sys::Reflect::get(&part, &"type".into())
                    .ok()?
                    .as_string()?;
                if kind_of == kind {
                    js_sys::Reflect::get(&part, &"value".into())
                        .ok()?
                        .as_string()
                } else {
                    None
                }
            })
        };
        let month = part("month")
            .and_then(|m| m.parse::<usize>().ok())
            .and_then(|m| UZBEK_MONTHS.get(m.wrapping_sub(1)));
        if let (Some(day), Some(month), Some(year), Some(hour), Some(minute)) = (
            part("day"),
            month,
            part("year"),
            part("hour"),
            part("minute"),
        ) {
            return format!(
                "{}-{month} {year}, {hour}:{minute}",
                day.trim_start_matches('0')
            );
        }
    }
    set("dateStyle", "medium");
    set("timeStyle", "short");
    let locales = js_sys::Array::of1(&i18n::language_tag(locale).into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

pub fn browser_timezone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
        .unwrap_or_else(|| "Asia/Tashkent".into())
}

/// The IANA time zones the browser knows, for pickers.
pub fn timezones() -> Vec<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok();
    let supported = intl
        .as_ref()
        .and_then(|intl| js_sys::Reflect::get(intl, &"supportedValuesOf".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let zones = match (intl, supported) {
        (Some(intl), Some(function)) => function.call1(&intl, &"timeZone".into()).ok(),
        _ => None,
    };
    let mut list: Vec<String> = zones
        .map(|zones| {
            js_sys::Array::from(&zones)
                .iter()
                .filter_map(|z| z.as_string())
                .collect()
        })
        .unwrap_or_default();
    if !list.iter().any(|z| z == "Asia/Tashkent") {
        list.push("Asia/Tashkent".into());
        list.push("Asia/Samarkand".into());
        list.sort();
    }
    list
}
