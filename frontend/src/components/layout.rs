//! The frames pages sit in: a centred card for the signed-out pages, and the app shell (top
//! bar with the business switcher, language and user menu; a sidebar with the modules that
//! exist) for everything else.

use contract::domain::accounts::Locale;
use contract::domain::permissions::Permission;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_location, use_navigate};
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::state::{Auth, use_i18n, use_session};

/// The language switcher, on every page.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let change = move |ev| {
        let Some(locale) = Locale::parse(&event_target_value(&ev)) else {
            return;
        };
        i18n.set(locale);
        if session.api.signed_in() {
            spawn_local(async move {
                let request = contract::accounts::UpdateMeRequest {
                    locale: Some(locale),
                    ..Default::default()
                };
                if let Ok(user) = session.api.update_me(&request).await {
                    session.auth.set(Auth::SignedIn(user));
                }
            });
        }
    };
    view! {
        <select class="language" aria-label=move || i18n.t(T::Language) on:change=change>
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    view! {
                        <option value=locale.as_str() selected=move || i18n.get() == locale lang=i18n::language_tag(locale)>
                            {i18n::native_name(locale)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// A centred card with the brand, for signing in and other signed-out pages.
#[component]
pub fn PublicPage(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="public">
            <header class="public-header">
                <a class="brand" href="/">{i18n.tr(T::AppName)}</a>
                <LanguageSwitcher/>
            </header>
            <main id="main" class="card narrow">{children()}</main>
            <p class="tagline">{i18n.tr(T::Tagline)}</p>
        </div>
    }
}

/// Where a signed-out visitor goes: the sign-in page, then back here.
fn sign_in_path() -> String {
    let location = use_location();
    let here = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked()
    );
    format!(
        "/login?next={}",
        String::from(js_sys::encode_uri_component(&here))
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Starting,
    SignedOut,
    SignedIn,
}

/// The app's frame around a page that needs a signed-in person.
#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let children = StoredValue::new(children);
    // Only a change of phase re-renders the page: edits of the signed-in person (their name,
    // their language) must not wipe what the page holds.
    let phase = Memo::new(move |_| match session.auth.get() {
        Auth::Starting => Phase::Starting,
        Auth::SignedOut => Phase::SignedOut,
        Auth::SignedIn(_) => Phase::SignedIn,
    });
    move || match phase.get() {
        Phase::Starting => {
            view! { <p class="loading" role="status">{i18n.tr(T::Loading)}</p> }.into_any()
        }
        Phase::SignedOut => view! { <Redirect path=sign_in_path()/> }.into_any(),
        Phase::SignedIn => view! { <Frame>{children.read_value()()}</Frame> }.into_any(),
    }
}

#[component]
fn Frame(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let menu_open = RwSignal::new(false);
    let location = use_location();
    // A navigation closes the menu on phones.
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    view! {
        <a class="skip" href="#main">{i18n.tr(T::SkipToContent)}</a>
        <header class="topbar">
            <button
                type="button"
                class="menu-toggle"
                aria-controls="sidebar"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|open| *open = !*open)
            >
                {i18n.tr(T::Menu)}
            </button>
            <a class="brand" href="/">{i18n.tr(T::AppName)}</a>
            <BusinessSwitcher/>
            <div class="topbar-end">
                <LanguageSwitcher/>
                <UserMenu/>
            </div>
        </header>
        <div class="layout">
            <nav id="sidebar" class="sidebar" class:open=move || menu_open.get() aria-label=i18n.tr(T::Menu)>
                <Sidebar/>
            </nav>
            <main id="main" tabindex="-1">{children()}</main>
        </div>
    }
}

#[component]
fn Sidebar() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let business = move || session.current_business();
    view! {
        {move || {
            business()
                .map(|business| {
                    let base = format!("/businesses/{}", business.id);
                    let allows = |permission: Permission| business.role.is_some_and(|role| role.allows(permission));
                    let links = [
                        (base.clone(), T::NavOverview, true),
                        (format!("{base}/channels"), T::NavChannels, allows(Permission::BusinessRead)),
                        (format!("{base}/leads"), T::NavLeads, allows(Permission::BusinessRead)),
                        (format!("{base}/orders"), T::NavOrders, allows(Permission::BusinessRead)),
                        (format!("{base}/customers"), T::NavCustomers, allows(Permission::BusinessRead)),
                        (format!("{base}/products"), T::NavProducts, allows(Permission::BusinessRead)),
                        (format!("{base}/import"), T::NavImport, allows(Permission::OrdersWrite) || allows(Permission::CustomersWrite) || allows(Permission::LeadsWrite)),
                        (format!("{base}/profile"), T::NavBusinessProfile, allows(Permission::BusinessRead)),
                        (format!("{base}/canvas"), T::NavCanvas, allows(Permission::BusinessRead)),
                        (format!("{base}/dream-buyers"), T::NavDreamBuyers, allows(Permission::BusinessRead)),
                        (format!("{base}/offers"), T::NavOffers, allows(Permission::BusinessRead)),
                        (format!("{base}/team"), T::NavTeam, allows(Permission::TeamRead)),
                        (format!("{base}/activity"), T::NavActivity, allows(Permission::ActivityRead)),
                        (format!("{base}/api-keys"), T::NavApiKeys, allows(Permission::ApiKeysManage)),
                        (format!("{base}/settings"), T::NavSettings, allows(Permission::BusinessRead)),
                    ];
                    view! {
                        <p class="sidebar-title">{business.name.clone()}</p>
                        <ul>
                            {links
                                .into_iter()
                                .filter(|(_, _, shown)| *shown)
                                .map(|(href, label, _)| {
                                    // Lists stay marked on their items' pages; the overview only on itself.
                                    let exact = !(href.ends_with("/dream-buyers") || href.ends_with("/offers"));
                                    view! { <li><A href=href exact=exact>{move || i18n.t(label)}</A></li> }
                                })
                                .collect_view()}
                        </ul>
                    }
                })
        }}
        <ul class="sidebar-account">
            <li><A href="/account" exact=true>{i18n.tr(T::NavProfile)}</A></li>
            <li><A href="/account/security">{i18n.tr(T::NavSecurity)}</A></li>
        </ul>
    }
}

/// Switches between the person's businesses; the choice survives reloads.
#[component]
fn BusinessSwitcher() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let change = move |ev| {
        let value = event_target_value(&ev);
        if value == "new" {
            navigate("/businesses/new", Default::default());
        } else if let Ok(id) = value.parse::<Uuid>() {
            session.choose(id);
            navigate(&format!("/businesses/{id}"), Default::default());
        }
    };
    view! {
        <select class="business-switcher" aria-label=move || i18n.t(T::SwitchBusiness) on:change=change>
            <option value="" disabled=true selected=move || session.current_business().is_none()>
                {i18n.tr(T::SwitchBusiness)}
            </option>
            {move || {
                session
                    .businesses
                    .get()
                    .into_iter()
                    .map(|business| {
                        let id = business.id;
                        view! {
                            <option value=id.to_string() selected=move || session.current.get() == Some(id)>
                                {business.name}
                            </option>
                        }
                    })
                    .collect_view()
            }}
            <option value="new">{move || format!("+ {}", i18n.t(T::NewBusiness))}</option>
        </select>
    }
}

#[component]
fn UserMenu() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = session.api.logout().await;
            session.signed_out();
            navigate("/login", Default::default());
        });
    };
    let name = move || session.user().map(|user| user.name).unwrap_or_default();
    view! {
        <details class="user-menu">
            <summary aria-label=i18n.tr(T::UserMenu)>{name}</summary>
            <ul>
                <li><a href="/account">{i18n.tr(T::NavProfile)}</a></li>
                <li><a href="/account/security">{i18n.tr(T::NavSecurity)}</a></li>
                <li><button type="button" class="link" on:click=sign_out>{i18n.tr(T::SignOut)}</button></li>
            </ul>
        </details>
    }
}
