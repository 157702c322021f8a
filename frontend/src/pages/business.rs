//! Businesses: the start page, creating one, its overview and its settings.

use contract::businesses::{BusinessResponse, CreateBusinessRequest, UpdateBusinessRequest};
use contract::domain::accounts::Locale;
use contract::domain::businesses::{Industry, SUPPORTED_CURRENCIES};
use contract::domain::permissions::Permission;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

use crate::components::form::{Field, FormNotice, FormState, LoadError, Select, Submit, optional};
use crate::components::layout::Shell;
use crate::i18n::{self, T};
use crate::state::{Auth, I18n, use_i18n, use_session};

/// The business in the path, which becomes the current one.
/// What a page that loads a business's data answers when the address names none.
pub fn no_business() -> crate::api::ApiError {
    crate::api::ApiError::Unexpected("no business in the address".into())
}

pub fn business_param() -> Signal<Option<Uuid>> {
    let params = use_params_map();
    let session = use_session();
    // A memo: the route's parameters change with every navigation, but pages that load a
    // business's data must reload only when the business itself changes.
    let id =
        Memo::new(move |_| params.with(|p| p.get("business_id").and_then(|id| id.parse().ok())));
    Effect::new(move |_| {
        if let Some(id) = id.get()
            && session.current.get_untracked() != Some(id)
        {
            session.choose(id);
        }
    });
    id.into()
}

/// `/`: the current business for a signed-in person, else the sign-in page.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    move || match session.auth.get() {
        Auth::Starting => {
            view! { <p class="loading" role="status">{i18n.tr(T::Loading)}</p> }.into_any()
        }
        Auth::SignedOut => view! { <Redirect path="/login"/> }.into_any(),
        Auth::SignedIn(_) => match session.current_business() {
            Some(business) => {
                view! { <Redirect path=format!("/businesses/{}", business.id)/> }.into_any()
            }
            None => view! { <Shell><NoBusiness/></Shell> }.into_any(),
        },
    }
}

#[component]
fn NoBusiness() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="empty">
            <h1>{i18n.tr(T::NoBusinessTitle)}</h1>
            <p>{i18n.tr(T::NoBusinessBody)}</p>
            <A href="/businesses/new" attr:class="button primary">{i18n.tr(T::NewBusiness)}</A>
        </section>
    }
}

fn industry_options(i18n: I18n) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        std::iter::once((String::new(), i18n.t(T::ChooseIndustry).to_owned()))
            .chain(Industry::ALL.iter().map(|industry| {
                (
                    industry.as_str().to_owned(),
                    i18n.t(i18n::industry(*industry)).to_owned(),
                )
            }))
            .collect()
    })
}

fn currency_options() -> Signal<Vec<(String, String)>> {
    Signal::derive(|| {
        SUPPORTED_CURRENCIES
            .iter()
            .map(|c| ((*c).to_owned(), (*c).to_owned()))
            .collect()
    })
}

fn locale_options() -> Signal<Vec<(String, String)>> {
    Signal::derive(|| {
        Locale::ALL
            .iter()
            .map(|l| (l.as_str().to_owned(), i18n::native_name(*l).to_owned()))
            .collect()
    })
}

fn timezone_options() -> Signal<Vec<(String, String)>> {
    let zones = crate::state::timezones();
    Signal::derive(move || zones.iter().map(|z| (z.clone(), z.clone())).collect())
}

#[component]
pub fn CreateBusinessPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let industry = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let website = RwSignal::new(String::new());
    let form = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let request = CreateBusinessRequest {
            name: name.get_untracked(),
            industry: Industry::parse(&industry.get_untracked()),
            description: None,
            website: optional(&website.get_untracked()),
            region: optional(&region.get_untracked()),
            currency: None,
            timezone: session.user().map(|u| u.timezone),
            locale: Some(i18n.locale.get_untracked()),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.api.create_business(&request).await {
                Ok(business) => {
                    form.succeed(None);
                    session.choose(business.id);
                    session.reload_businesses().await;
                    navigate(&format!("/businesses/{}", business.id), Default::default());
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <Shell>
            <section class="card narrow">
                <h1>{i18n.tr(T::CreateBusinessTitle)}</h1>
                <p>{i18n.tr(T::CreateBusinessIntro)}</p>
                <form on:submit=submit.clone() novalidate=true>
                    <FormNotice form=form/>
                    <Field label=T::BusinessName name="name" value=name form=form required=true/>
                    <Select label=T::Industry name="industry" value=industry form=form options=industry_options(i18n)/>
                    <Field label=T::Region name="region" value=region form=form optional=true/>
                    <Field label=T::Website name="website" kind="url" value=website form=form optional=true/>
                    <Submit label=T::Create form=form/>
                </form>
            </section>
        </Shell>
    }
}

/// A page of one business that loads it first.
fn load_business() -> (
    Signal<Option<Uuid>>,
    LocalResource<Result<BusinessResponse, crate::api::ApiError>>,
) {
    let session = use_session();
    let id = business_param();
    let business = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => session.api.business(id).await,
                None => Err(crate::api::ApiError::Unexpected(
                    "no business in the path".into(),
                )),
            }
        }
    });
    (id, business)
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    // The content loads its data only once the person is signed in.
    view! { <Shell><OverviewContent/></Shell> }
}

#[component]
fn OverviewContent() -> impl IntoView {
    let i18n = use_i18n();
    let (_, business) = load_business();
    view! {

            {move || business.get().map(|loaded| match loaded {
                Err(error) => view! { <LoadError error=error/> }.into_any(),
                Ok(business) => {
                    let role = business.role.map(i18n::role);
                    let base = format!("/businesses/{}", business.id);
                    let can = |permission: Permission| business.role.is_some_and(|r| r.allows(permission));
                    let team = can(Permission::TeamManage).then(|| format!("{base}/team"));
                    let settings = can(Permission::BusinessUpdate).then(|| format!("{base}/settings"));
                    view! {
                        <h1>{business.name.clone()}</h1>
                        <p class="muted">
                            {move || role.map(|role| i18n.fill(T::YourRole, &[("role", i18n.t(role))]))}
                            {business.industry.map(|industry| view! { " · " {move || i18n.t(i18n::industry(industry))} })}
                            {business.region.clone().map(|region| view! { " · " {region} })}
                        </p>
                        <crate::pages::sales::DashboardPanel business=business.id/>
                        <section class="card">
                            <h2>{i18n.tr(T::NextSteps)}</h2>
                            <ul class="steps">
                                {team.map(|href| view! { <li><A href=href>{i18n.tr(T::NextStepTeam)}</A></li> })}
                                {settings.map(|href| view! { <li><A href=href>{i18n.tr(T::NextStepProfile)}</A></li> })}
                                <li><A href="/account/security">{i18n.tr(T::NextStepSecurity)}</A></li>
                            </ul>
                        </section>
                    }
                    .into_any()
                }
            })}

    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    // The content loads its data only once the person is signed in.
    view! { <Shell><SettingsContent/></Shell> }
}

#[component]
fn SettingsContent() -> impl IntoView {
    let (_, business) = load_business();
    view! {

            {move || business.get().map(|loaded| match loaded {
                Err(error) => view! { <LoadError error=error/> }.into_any(),
                Ok(business) => view! { <SettingsForm business=business/> }.into_any(),
            })}

    }
}

#[component]
fn SettingsForm(business: BusinessResponse) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let id = business.id;
    let editable = business
        .role
        .is_some_and(|r| r.allows(Permission::BusinessUpdate));
    let deletable = business
        .role
        .is_some_and(|r| r.allows(Permission::BusinessDelete));
    let name = RwSignal::new(business.name.clone());
    let industry = RwSignal::new(
        business
            .industry
            .map(|i| i.as_str().to_owned())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(business.description.clone().unwrap_or_default());
    let website = RwSignal::new(business.website.clone().unwrap_or_default());
    let region = RwSignal::new(business.region.clone().unwrap_or_default());
    let currency = RwSignal::new(business.currency.clone());
    let timezone = RwSignal::new(business.timezone.clone());
    let locale = RwSignal::new(business.locale.as_str().to_owned());
    let form = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let request = UpdateBusinessRequest {
            name: Some(name.get_untracked()),
            industry: Some(Industry::parse(&industry.get_untracked())),
            description: Some(optional(&description.get_untracked())),
            website: Some(optional(&website.get_untracked())),
            region: Some(optional(&region.get_untracked())),
            currency: Some(currency.get_untracked()),
            timezone: Some(timezone.get_untracked()),
            locale: Locale::parse(&locale.get_untracked()),
        };
        spawn_local(async move {
            match session.api.update_business(id, &request).await {
                Ok(_) => {
                    form.succeed(Some(i18n.t(T::Saved).to_owned()));
                    session.reload_businesses().await;
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };

    let confirm_name = RwSignal::new(String::new());
    let delete_form = FormState::new();
    let expected_name = business.name.clone();
    let delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirm_name.get_untracked().trim() != expected_name.trim() || !delete_form.start() {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.api.delete_business(id).await {
                Ok(()) => {
                    delete_form.succeed(None);
                    session.current.set(None);
                    session.reload_businesses().await;
                    navigate("/", Default::default());
                }
                Err(error) => delete_form.fail(&error, i18n),
            }
        });
    };
    let matches = {
        let expected = business.name;
        move || confirm_name.get().trim() == expected.trim()
    };

    view! {
        <h1>{i18n.tr(T::NavSettings)}</h1>
        <section class="card">
            <form on:submit=submit novalidate=true>
                <fieldset disabled=!editable>
                    <FormNotice form=form/>
                    <Field label=T::BusinessName name="name" value=name form=form required=true/>
                    <Select label=T::Industry name="industry" value=industry form=form options=industry_options(i18n)/>
                    <Field label=T::Description name="description" value=description form=form optional=true/>
                    <Field label=T::Website name="website" kind="url" value=website form=form optional=true/>
                    <Field label=T::Region name="region" value=region form=form optional=true/>
                    <div class="row">
                        <Select label=T::Currency name="currency" value=currency form=form options=currency_options()/>
                        <Select label=T::Timezone name="timezone" value=timezone form=form options=timezone_options()/>
                        <Select label=T::BusinessLanguage name="locale" value=locale form=form options=locale_options()/>
                    </div>
                    {editable.then(|| view! { <Submit label=T::Save form=form/> })}
                </fieldset>
            </form>
        </section>
        {deletable.then(|| view! {
            <section class="card danger-zone">
                <h2>{i18n.tr(T::DangerZone)}</h2>
                <p>{i18n.tr(T::DeleteBusinessWarning)}</p>
                <form on:submit=delete.clone() novalidate=true>
                    <FormNotice form=delete_form/>
                    <Field label=T::BusinessName name="confirm_name" value=confirm_name form=delete_form/>
                    <button type="submit" class="primary danger" prop:disabled={
                        let matches = matches.clone();
                        move || !matches() || delete_form.saving.get()
                    }>
                        {i18n.tr(T::DeleteBusiness)}
                    </button>
                </form>
            </section>
        })}
    }
}
