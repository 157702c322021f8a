//! Signing in (with the second step when two-factor authentication is on), creating an
//! account, confirming the e-mail address, and resetting a forgotten password.

use contract::accounts::{
    LoginRequest, LoginResponse, RegisterRequest, ResetPasswordRequest, TwoFactorLoginRequest,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::form::{Field, FormNotice, FormState, Submit, describe};
use crate::components::layout::PublicPage;
use crate::i18n::T;
use crate::state::{use_i18n, use_session};

/// Where to go after signing in: a path of this app, never another site.
fn next_path() -> String {
    let query = use_query_map();
    query
        .get_untracked()
        .get("next")
        .filter(|next| next.starts_with('/') && !next.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned())
}

fn query_value(name: &'static str) -> String {
    use_query_map()
        .get_untracked()
        .get(name)
        .unwrap_or_default()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(query_value("email"));
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let challenge = RwSignal::new(None::<String>);
    let form = FormState::new();
    let next = StoredValue::new(next_path());

    let signed_in = {
        let navigate = navigate.clone();
        move || {
            let navigate = navigate.clone();
            spawn_local(async move {
                session.start(i18n).await;
                form.succeed(None);
                navigate(&next.get_value(), Default::default());
            });
        }
    };

    let submit_password = {
        let signed_in = signed_in.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !form.start() {
                return;
            }
            let request = LoginRequest {
                email: email.get_untracked(),
                password: password.get_untracked(),
            };
            let signed_in = signed_in.clone();
            spawn_local(async move {
                match session.api.login(&request).await {
                    Ok(LoginResponse::Tokens(_)) => signed_in(),
                    Ok(LoginResponse::TwoFactorRequired(step)) => {
                        form.succeed(None);
                        challenge.set(Some(step.challenge_token));
                    }
                    Err(error) => form.fail(&error, i18n),
                }
            });
        }
    };

    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(challenge_token) = challenge.get_untracked() else {
            return;
        };
        if !form.start() {
            return;
        }
        let request = TwoFactorLoginRequest {
            challenge_token,
            code: code.get_untracked().trim().to_owned(),
        };
        let signed_in = signed_in.clone();
        spawn_local(async move {
            match session.api.login_two_factor(&request).await {
                Ok(()) => signed_in(),
                Err(error) => {
                    // An expired step starts the sign-in over.
                    if error.code() == Some(contract::problem::codes::INVALID_TOKEN) {
                        challenge.set(None);
                    }
                    form.fail(&error, i18n);
                }
            }
        });
    };

    view! {
        <PublicPage>
            <Show
                when=move || challenge.get().is_some()
                fallback=move || {
                    let submit_password = submit_password.clone();
                    view! {
                        <h1>{i18n.tr(T::SignInTitle)}</h1>
                        <form on:submit=submit_password novalidate=true>
                            <FormNotice form=form/>
                            <Field label=T::Email name="email" kind="email" value=email form=form autocomplete="username" required=true/>
                            <Field label=T::Password name="password" kind="password" value=password form=form autocomplete="current-password" required=true/>
                            <Submit label=T::SignIn form=form/>
                        </form>
                        <p class="links">
                            <A href="/forgot-password">{i18n.tr(T::ForgotPassword)}</A>
                        </p>
                        <p class="links">
                            {i18n.tr(T::NoAccount)} " "
                            <A href=move || format!("/register?next={}", String::from(js_sys::encode_uri_component(&next.get_value())))>
                                {i18n.tr(T::Register)}
                            </A>
                        </p>
                    }
                }
            >
                <h1>{i18n.tr(T::TwoFactorTitle)}</h1>
                <p>{i18n.tr(T::TwoFactorPrompt)}</p>
                <form on:submit=submit_code.clone() novalidate=true>
                    <FormNotice form=form/>
                    <Field label=T::Code name="code" value=code form=form autocomplete="one-time-code" required=true/>
                    <Submit label=T::Verify form=form/>
                </form>
            </Show>
        </PublicPage>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(query_value("email"));
    let password = RwSignal::new(String::new());
    let form = FormState::new();
    let next = StoredValue::new(next_path());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let request = RegisterRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            name: name.get_untracked(),
            locale: Some(i18n.locale.get_untracked()),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.api.register(&request).await {
                Ok(user) => {
                    form.succeed(None);
                    let encode = |value: &str| String::from(js_sys::encode_uri_component(value));
                    navigate(
                        &format!(
                            "/check-email?email={}&next={}",
                            encode(&user.email),
                            encode(&next.get_value())
                        ),
                        Default::default(),
                    );
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };

    view! {
        <PublicPage>
            <h1>{i18n.tr(T::RegisterTitle)}</h1>
            <form on:submit=submit novalidate=true>
                <FormNotice form=form/>
                <Field label=T::FullName name="name" value=name form=form autocomplete="name" required=true/>
                <Field label=T::Email name="email" kind="email" value=email form=form autocomplete="email" required=true/>
                <Field label=T::Password name="password" kind="password" value=password form=form autocomplete="new-password" hint=T::PasswordHint required=true/>
                <Submit label=T::Register form=form/>
            </form>
            <p class="links">
                {i18n.tr(T::HaveAccount)} " "
                <A href=move || format!("/login?next={}", String::from(js_sys::encode_uri_component(&next.get_value())))>
                    {i18n.tr(T::SignIn)}
                </A>
            </p>
        </PublicPage>
    }
}

/// After registering: where the link went, and a way to send it again.
#[component]
pub fn CheckEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let email = query_value("email");
    let form = FormState::new();
    let address = email.clone();
    let resend = move |_| {
        if !form.start() {
            return;
        }
        let email = address.clone();
        spawn_local(async move {
            match session.api.resend_verification(&email).await {
                Ok(_) => form.succeed(Some(i18n.t(T::LinkResent).to_owned())),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let body = move || i18n.fill(T::CheckEmailBody, &[("email", &email)]);
    view! {
        <PublicPage>
            <h1>{i18n.tr(T::CheckEmailTitle)}</h1>
            <p>{body}</p>
            <FormNotice form=form/>
            <button type="button" class="secondary" on:click=resend prop:disabled=move || form.saving.get()>
                {i18n.tr(T::ResendLink)}
            </button>
            <p class="links"><A href="/login">{i18n.tr(T::SignIn)}</A></p>
        </PublicPage>
    }
}

/// The page of the e-mailed link: confirms the address at once.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let token = query_value("token");
    let outcome = LocalResource::new(move || {
        let token = token.clone();
        async move { session.api.verify_email(&token).await }
    });
    view! {
        <PublicPage>
            <h1>{i18n.tr(T::CheckEmailTitle)}</h1>
            {move || match outcome.get() {
                None => view! { <p role="status">{i18n.tr(T::VerifyingEmail)}</p> }.into_any(),
                Some(Ok(())) => view! {
                    <p class="notice success" role="status">{i18n.tr(T::EmailVerified)}</p>
                    <p><A href="/login" attr:class="button primary">{i18n.tr(T::SignIn)}</A></p>
                }
                .into_any(),
                Some(Err(error)) => view! {
                    <p class="notice error" role="alert">{move || describe(&error, i18n)}</p>
                    <p class="links"><A href="/login">{i18n.tr(T::SignIn)}</A></p>
                }
                .into_any(),
            }}
        </PublicPage>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let email = RwSignal::new(String::new());
    let form = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let address = email.get_untracked();
        spawn_local(async move {
            match session.api.forgot_password(address.trim()).await {
                Ok(_) => form.succeed(Some(i18n.t(T::ResetLinkSent).to_owned())),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <PublicPage>
            <h1>{i18n.tr(T::ForgotTitle)}</h1>
            <p>{i18n.tr(T::ForgotBody)}</p>
            <form on:submit=submit novalidate=true>
                <FormNotice form=form/>
                <Field label=T::Email name="email" kind="email" value=email form=form autocomplete="email" required=true/>
                <Submit label=T::SendResetLink form=form/>
            </form>
            <p class="links"><A href="/login">{i18n.tr(T::SignIn)}</A></p>
        </PublicPage>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let token = StoredValue::new(query_value("token"));
    let password = RwSignal::new(String::new());
    let form = FormState::new();
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let request = ResetPasswordRequest {
            token: token.get_value(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match session.api.reset_password(&request).await {
                Ok(()) => {
                    form.succeed(Some(i18n.t(T::PasswordResetDone).to_owned()));
                    done.set(true);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <PublicPage>
            <h1>{i18n.tr(T::ForgotTitle)}</h1>
            <form on:submit=submit novalidate=true>
                <FormNotice form=form/>
                <Show when=move || !done.get()>
                    <Field label=T::NewPassword name="password" kind="password" value=password form=form autocomplete="new-password" hint=T::PasswordHint required=true/>
                    <Submit label=T::SetPassword form=form/>
                </Show>
            </form>
            <p class="links"><A href="/login">{i18n.tr(T::SignIn)}</A></p>
        </PublicPage>
    }
}
