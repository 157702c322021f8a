//! The signed-in person's own account: profile and password (`/account`), two-factor
//! authentication and sessions (`/account/security`).

use contract::accounts::{
    ChangePasswordRequest, TwoFactorDisableRequest, TwoFactorSetupResponse, UpdateMeRequest,
};
use contract::domain::accounts::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::form::{Field, FormNotice, FormState, LoadError, Select, Submit};
use crate::components::layout::Shell;
use crate::components::widgets::{CopyButton, QrCodeImage, Table, download};
use crate::i18n::{self, T};
use crate::state::{Auth, datetime, timezones, use_i18n, use_session};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Shell>
            <h1>{i18n.tr(T::NavProfile)}</h1>
            <Profile/>
            <ChangePassword/>
        </Shell>
    }
}

#[component]
fn Profile() -> impl IntoView {
    let session = use_session();
    // The shell shows this page to signed-in people only.
    session
        .user()
        .map(|user| view! { <ProfileForm user=user/> })
}

#[component]
fn ProfileForm(user: contract::accounts::UserResponse) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = RwSignal::new(user.name.clone());
    let phone = RwSignal::new(user.phone.clone().unwrap_or_default());
    let locale = RwSignal::new(user.locale.as_str().to_owned());
    let zone = RwSignal::new(user.timezone.clone());
    let form = FormState::new();
    let zones = timezones();
    let zone_options =
        Signal::derive(move || zones.iter().map(|z| (z.clone(), z.clone())).collect());
    let locale_options = Signal::derive(|| {
        Locale::ALL
            .iter()
            .map(|l| (l.as_str().to_owned(), i18n::native_name(*l).to_owned()))
            .collect()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let phone = phone.get_untracked().trim().to_owned();
        let request = UpdateMeRequest {
            name: Some(name.get_untracked()),
            phone: Some((!phone.is_empty()).then_some(phone)),
            locale: Locale::parse(&locale.get_untracked()),
            timezone: Some(zone.get_untracked()),
        };
        spawn_local(async move {
            match session.api.update_me(&request).await {
                Ok(user) => {
                    i18n.set(user.locale);
                    i18n.timezone.set(user.timezone.clone());
                    session.auth.set(Auth::SignedIn(user));
                    form.succeed(Some(i18n.t(T::Saved).to_owned()));
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <section class="card">
            <form on:submit=submit novalidate=true>
                <FormNotice form=form/>
                <Field label=T::FullName name="name" value=name form=form autocomplete="name" required=true/>
                <p class="field"><span class="label">{i18n.tr(T::Email)}</span> <span>{user.email}</span></p>
                <Field label=T::Phone name="phone" kind="tel" value=phone form=form autocomplete="tel" optional=true/>
                <div class="row">
                    <Select label=T::InterfaceLanguage name="locale" value=locale form=form options=locale_options/>
                    <Select label=T::Timezone name="timezone" value=zone form=form options=zone_options/>
                </div>
                <Submit label=T::Save form=form/>
            </form>
        </section>
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let form = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        spawn_local(async move {
            match session.api.change_password(&request).await {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    form.succeed(Some(i18n.t(T::PasswordChanged).to_owned()));
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(T::ChangePassword)}</h2>
            <form on:submit=submit novalidate=true>
                <FormNotice form=form/>
                <Field label=T::CurrentPassword name="current_password" kind="password" value=current form=form autocomplete="current-password" required=true/>
                <Field label=T::NewPassword name="new_password" kind="password" value=new form=form autocomplete="new-password" hint=T::PasswordHint required=true/>
                <Submit label=T::ChangePassword form=form/>
            </form>
        </section>
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Shell>
            <h1>{i18n.tr(T::NavSecurity)}</h1>
            <TwoFactor/>
            <Sessions/>
        </Shell>
    }
}

/// Where setting up two-factor authentication stands.
#[derive(Clone)]
enum Setup {
    Idle,
    Scanning(TwoFactorSetupResponse),
    Codes(Vec<String>),
}

#[component]
fn TwoFactor() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let enabled = move || session.user().is_some_and(|u| u.two_factor_enabled);
    let setup = RwSignal::new(Setup::Idle);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::new();

    let refresh_user = move || async move {
        if let Ok(user) = session.api.me().await {
            session.auth.set(Auth::SignedIn(user));
        }
    };
    let start = move |_| {
        if !form.start() {
            return;
        }
        spawn_local(async move {
            match session.api.two_factor_setup().await {
                Ok(secret) => {
                    form.succeed(None);
                    setup.set(Setup::Scanning(secret));
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let enable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let value = code.get_untracked().trim().to_owned();
        spawn_local(async move {
            match session.api.two_factor_enable(&value).await {
                Ok(answer) => {
                    form.succeed(None);
                    code.set(String::new());
                    setup.set(Setup::Codes(answer.recovery_codes));
                    refresh_user().await;
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let disable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let request = TwoFactorDisableRequest {
            password: password.get_untracked(),
            code: code.get_untracked().trim().to_owned(),
        };
        spawn_local(async move {
            match session.api.two_factor_disable(&request).await {
                Ok(()) => {
                    form.succeed(None);
                    password.set(String::new());
                    code.set(String::new());
                    refresh_user().await;
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };

    view! {
        <section class="card">
            <h2>
                {i18n.tr(T::TwoFactor)} ": "
                <span class="badge" class:on=enabled>{move || if enabled() { i18n.t(T::TwoFactorOn) } else { i18n.t(T::TwoFactorOff) }}</span>
            </h2>
            <p>{i18n.tr(T::TwoFactorExplain)}</p>
            <FormNotice form=form/>
            {move || match (setup.get(), enabled()) {
                (Setup::Codes(codes), _) => {
                    let text = codes.join("\n");
                    view! {
                        <h3>{i18n.tr(T::RecoveryCodesTitle)}</h3>
                        <p>{i18n.tr(T::RecoveryCodesExplain)}</p>
                        <ul class="codes" data-testid="recovery-codes">{codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
                        <p class="buttons">
                            <CopyButton text=text.clone()/>
                            <button type="button" class="secondary" on:click=move |_| download("biznespilot-recovery-codes.txt", &text, "text/plain")>
                                {i18n.tr(T::Download)}
                            </button>
                            <button type="button" class="primary" on:click=move |_| setup.set(Setup::Idle)>{i18n.tr(T::Done)}</button>
                        </p>
                    }
                    .into_any()
                }
                (_, true) => view! {
                    <h3>{i18n.tr(T::DisableTwoFactor)}</h3>
                    <p class="muted">{i18n.tr(T::DisableExplain)}</p>
                    <form on:submit=disable novalidate=true>
                        <Field label=T::Password name="password" kind="password" value=password form=form autocomplete="current-password" required=true/>
                        <Field label=T::Code name="code" value=code form=form autocomplete="one-time-code" required=true/>
                        <Submit label=T::DisableTwoFactor form=form danger=true/>
                    </form>
                }
                .into_any(),
                (Setup::Scanning(secret), false) => view! {
                    <p>{i18n.tr(T::ScanQr)}</p>
                    <QrCodeImage text=secret.otpauth_uri.clone()/>
                    <p>{i18n.tr(T::SecretKey)} ": " <code data-testid="totp-secret">{secret.secret}</code></p>
                    <form on:submit=enable novalidate=true>
                        <Field label=T::EnterCode name="code" value=code form=form autocomplete="one-time-code" required=true/>
                        <Submit label=T::EnableTwoFactor form=form/>
                    </form>
                }
                .into_any(),
                (Setup::Idle, false) => view! {
                    <button type="button" class="primary" on:click=start prop:disabled=move || form.saving.get()>
                        {i18n.tr(T::EnableTwoFactor)}
                    </button>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn Sessions() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let reload = RwSignal::new(0u32);
    let sessions = LocalResource::new(move || {
        reload.track();
        async move { session.api.sessions(None).await.map(|page| page.items) }
    });
    let form = FormState::new();
    let zone = StoredValue::new(i18n.zone());
    view! {
        <section class="card">
            <h2>{i18n.tr(T::SessionsTitle)}</h2>
            <FormNotice form=form/>
            {move || sessions.get().map(|loaded| match loaded {
                Err(error) => view! { <LoadError error=error/> }.into_any(),
                Ok(items) => view! {
                    <Table headings=&[T::Device, T::IpAddress, T::LastActive, T::Actions]>
                                {items.into_iter().map(|item| {
                                    let id = item.id;
                                    let end = move |_| {
                                        if !form.start() {
                                            return;
                                        }
                                        spawn_local(async move {
                                            match session.api.revoke_session(id).await {
                                                Ok(()) => {
                                                    form.succeed(None);
                                                    reload.update(|n| *n += 1);
                                                }
                                                Err(error) => form.fail(&error, i18n),
                                            }
                                        });
                                    };
                                    let seen = datetime(item.last_seen_at, i18n.locale.get_untracked(), &zone.get_value());
                                    view! {
                                        <tr>
                                            <td>
                                                {item.user_agent.clone().unwrap_or_default()}
                                                {item.current.then(|| view! { <br/><span class="badge on">{i18n.tr(T::ThisDevice)}</span> })}
                                            </td>
                                            <td>{item.ip.clone().unwrap_or_default()}</td>
                                            <td>{seen}</td>
                                            <td class="actions">
                                                {(!item.current).then(|| view! {
                                                    <button type="button" class="secondary" on:click=end prop:disabled=move || form.saving.get()>
                                                        {i18n.tr(T::EndSession)}
                                                    </button>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </Table>
                }
                .into_any(),
            })}
        </section>
    }
}
