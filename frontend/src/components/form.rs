//! Forms: fields with labels and the API's field errors next to them, a notice for the form
//! as a whole, and a submit button that disables itself while saving. What the person typed
//! stays in the fields whatever the server answers.

use contract::problem::{FieldError, codes};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::T;
use crate::state::{I18n, datetime, use_i18n};

/// A message about the form as a whole.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Error(String),
    Success(String),
}

/// The state of one form.
#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<Vec<FieldError>>,
    pub notice: RwSignal<Option<Notice>>,
    pub saving: RwSignal<bool>,
}

impl FormState {
    pub fn new() -> Self {
        FormState {
            errors: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            saving: RwSignal::new(false),
        }
    }

    /// Begins a submission; returns false when one is already running.
    pub fn start(&self) -> bool {
        if self.saving.get_untracked() {
            return false;
        }
        self.saving.set(true);
        self.errors.set(Vec::new());
        self.notice.set(None);
        true
    }

    pub fn fail(&self, error: &ApiError, i18n: I18n) {
        self.saving.set(false);
        let fields = error.field_errors().to_vec();
        let only_fields = !fields.is_empty() && error.code() == Some(codes::VALIDATION_FAILED);
        self.errors.set(fields);
        self.notice
            .set((!only_fields).then(|| Notice::Error(describe(error, i18n))));
    }

    pub fn succeed(&self, message: Option<String>) {
        self.saving.set(false);
        self.notice.set(message.map(Notice::Success));
    }

    /// The first error of a field, in the interface language.
    pub fn field_error(&self, field: &str, i18n: I18n) -> Option<String> {
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| field_message(e, i18n))
        })
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

fn field_message(error: &FieldError, i18n: I18n) -> String {
    let key = match error.code.as_str() {
        "required" => T::FieldRequired,
        "invalid_email" | "email" => T::FieldInvalidEmail,
        "length" if error.field.contains("password") => T::FieldPasswordLength,
        "length" => T::FieldLength,
        "weak_password" => T::FieldWeakPassword,
        "blank" => T::FieldBlank,
        "incorrect" => T::FieldIncorrect,
        "invalid_two_factor_code" | "invalid_code" => T::ErrorInvalidCode,
        "invalid_phone" => T::FieldInvalidPhone,
        "invalid_url" => T::FieldInvalidUrl,
        "not_a_number" => T::NotANumber,
        "email_taken" => T::ErrorEmailTaken,
        "already_member" => T::ErrorAlreadyMember,
        "owner_role_is_transferred_only" => T::ErrorOwnerTransferOnly,
        _ => T::FieldInvalid,
    };
    i18n.t(key).to_owned()
}

/// A problem in words for people, with the wait when the server asks to wait.
pub fn describe(error: &ApiError, i18n: I18n) -> String {
    let problem = match error {
        ApiError::Network => return i18n.t(T::ErrorNetwork).to_owned(),
        ApiError::Unexpected(_) => return i18n.t(T::ErrorServer).to_owned(),
        ApiError::Problem(problem) => problem,
    };
    let key = match problem.code.as_str() {
        codes::ACCOUNT_LOCKED => {
            let until = problem.locked_until;
            let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
                .unwrap_or_default();
            let minutes = until.map_or(15, |until| ((until - now).num_seconds().max(0) + 59) / 60);
            let time = until
                .map(|until| {
                    datetime(
                        until,
                        i18n.locale.get_untracked(),
                        &i18n.timezone.get_untracked(),
                    )
                })
                .unwrap_or_default();
            return i18n.fill(
                T::ErrorAccountLocked,
                &[("minutes", &minutes.to_string()), ("time", &time)],
            );
        }
        codes::RATE_LIMITED => {
            let seconds = problem.retry_after.unwrap_or(60).to_string();
            return i18n.fill(T::ErrorRateLimited, &[("seconds", &seconds)]);
        }
        codes::INVALID_CREDENTIALS => T::ErrorInvalidCredentials,
        codes::INVALID_TWO_FACTOR_CODE => T::ErrorInvalidCode,
        codes::EMAIL_NOT_VERIFIED => T::ErrorEmailNotVerified,
        codes::INVALID_TOKEN if problem.status == 400 => T::InvalidLink,
        codes::INVALID_TOKEN | codes::UNAUTHORIZED => T::ErrorSessionExpired,
        codes::EMAIL_TAKEN => T::ErrorEmailTaken,
        codes::ALREADY_MEMBER => T::ErrorAlreadyMember,
        codes::INVITATION_EMAIL_MISMATCH => T::ErrorInvitationMismatch,
        codes::OWNER_ROLE_IS_TRANSFERRED_ONLY => T::ErrorOwnerTransferOnly,
        codes::OWNER_CANNOT_LEAVE => T::ErrorOwnerCannotLeave,
        codes::TWO_FACTOR_ALREADY_ENABLED => T::ErrorTwoFactorAlreadyOn,
        codes::FORBIDDEN => T::ErrorForbidden,
        codes::NOT_FOUND => T::ErrorNotFound,
        codes::CONFLICT => T::ErrorConflict,
        codes::VALIDATION_FAILED => T::FieldInvalid,
        _ => T::ErrorServer,
    };
    i18n.t(key).to_owned()
}

/// Typed text as an optional API field: trimmed, absent when blank.
pub fn optional(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// A field's text that must be a whole number, or empty; otherwise the field shows an error.
pub fn whole_number(form: FormState, field: &str, text: &str) -> Result<Option<i64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| not_a_number(form, field))
}

/// An amount typed in currency units, as minor units, or empty.
pub fn money_field(form: FormState, field: &str, text: &str) -> Result<Option<i64>, ()> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    crate::format::parse_amount(text)
        .map(Some)
        .ok_or_else(|| not_a_number(form, field))
}

/// Shows "enter a number" next to `field`.
pub fn not_a_number(form: FormState, field: &str) {
    field_problem(form, field, "not_a_number");
}

/// Shows "required" next to `field`.
pub fn required(form: FormState, field: &str) {
    field_problem(form, field, "required");
}

fn field_problem(form: FormState, field: &str, code: &str) {
    form.errors.update(|errors| {
        errors.push(FieldError {
            field: field.to_owned(),
            code: code.into(),
            message: code.replace('_', " "),
        })
    });
}

/// A labelled input bound to `value`, showing its field's error from the API.
#[component]
pub fn Field(
    label: T,
    /// The field's name in the API, which its errors carry.
    name: &'static str,
    value: RwSignal<String>,
    form: FormState,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<T>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = move || form.field_error(name, i18n);
    let described_by = format!("{error_id} {hint_id}");
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id.clone()>
                {move || i18n.t(label)}
                {optional.then(|| view! { <span class="muted">" (" {i18n.tr(T::Optional)} ")"</span> })}
            </label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                bind:value=value
                prop:disabled=move || form.saving.get()
                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{move || i18n.t(hint)}</p> })}
            <p class="field-error" id=error_id role="alert">{error}</p>
        </div>
    }
}

/// A labelled multi-line text bound to `value`, showing its field's error from the API.
#[component]
pub fn TextArea(
    label: T,
    name: &'static str,
    value: RwSignal<String>,
    form: FormState,
    #[prop(optional)] hint: Option<T>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = move || form.field_error(name, i18n);
    let described_by = format!("{error_id} {hint_id}");
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <textarea
                id=id
                name=name
                rows=rows
                bind:value=value
                prop:disabled=move || form.saving.get()
                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                aria-describedby=described_by
            ></textarea>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{move || i18n.t(hint)}</p> })}
            <p class="field-error" id=error_id role="alert">{error}</p>
        </div>
    }
}

/// A labelled checkbox bound to `value`.
#[component]
pub fn Checkbox(
    label: T,
    name: &'static str,
    value: RwSignal<bool>,
    form: FormState,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="check">
            <input type="checkbox" name=name bind:checked=value prop:disabled=move || form.saving.get()/>
            {move || i18n.t(label)}
        </label>
    }
}

/// A labelled `<select>` of `(value, label)` options bound to `value`.
#[component]
pub fn Select(
    label: T,
    name: &'static str,
    value: RwSignal<String>,
    form: FormState,
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let error = move || form.field_error(name, i18n);
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <select
                id=id
                name=name
                prop:disabled=move || form.saving.get()
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
                aria-describedby=error_id.clone()
            >
                <For
                    each=move || options.get()
                    key=|(option, label)| (option.clone(), label.clone())
                    children=move |(option, label)| {
                        let selected = option.clone();
                        view! { <option value=option selected=move || value.get() == selected>{label}</option> }
                    }
                />
            </select>
            <p class="field-error" id=error_id role="alert">{error}</p>
        </div>
    }
}

/// The form's own message: what went wrong, or that it worked.
#[component]
pub fn FormNotice(form: FormState) -> impl IntoView {
    move || {
        form.notice.get().map(|notice| match notice {
            Notice::Error(text) => {
                view! { <p class="notice error" role="alert">{text}</p> }.into_any()
            }
            Notice::Success(text) => {
                view! { <p class="notice success" role="status">{text}</p> }.into_any()
            }
        })
    }
}

/// The submit button: disabled and saying so while the form saves.
#[component]
pub fn Submit(label: T, form: FormState, #[prop(optional)] danger: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="primary" class:danger=danger prop:disabled=move || form.saving.get()>
            {move || if form.saving.get() { i18n.t(T::Saving) } else { i18n.t(label) }}
        </button>
    }
}

/// An error of a page that could not load.
#[component]
pub fn LoadError(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="notice error" role="alert">{move || describe(&error, i18n)}</p> }
}
