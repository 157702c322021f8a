//! API keys of a business: create with scopes (the key is shown once, with a copy button),
//! see when each was last used, revoke.

use contract::api_keys::{ApiKeyResponse, CreateApiKeyRequest};
use contract::domain::permissions::Permission;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::form::{Field, FormNotice, FormState, LoadError, Submit};
use crate::components::layout::Shell;
use crate::components::widgets::{CopyButton, Table};
use crate::i18n::{self, T};
use crate::pages::business::business_param;
use crate::state::{datetime, use_i18n, use_session};

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    // The content loads its data only once the person is signed in.
    view! { <Shell><ApiKeysContent/></Shell> }
}

#[component]
fn ApiKeysContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let reload = RwSignal::new(0u32);
    let keys = LocalResource::new(move || {
        reload.track();
        let id = business.get();
        async move {
            match id {
                Some(id) => session.api.api_keys(id).await.map(|page| page.items),
                None => Ok(Vec::new()),
            }
        }
    });
    view! {

            <h1>{i18n.tr(T::NavApiKeys)}</h1>
            <p class="muted">{i18n.tr(T::ApiKeysIntro)}</p>
            {move || business.get().map(|id| view! { <CreateKey business=id reload=reload/> })}
            <section class="card">
                {move || keys.get().map(|loaded| match loaded {
                    Err(error) => view! { <LoadError error=error/> }.into_any(),
                    Ok(keys) if keys.is_empty() => view! { <p class="muted">{i18n.tr(T::NoKeys)}</p> }.into_any(),
                    Ok(keys) => view! { <KeyTable keys=keys business=business reload=reload/> }.into_any(),
                })}
            </section>

    }
}

#[component]
fn CreateKey(business: Uuid, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec![Permission::BusinessRead]);
    let created = RwSignal::new(None::<String>);
    let form = FormState::new();
    let role = move || session.current_business().and_then(|b| b.role);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let request = CreateApiKeyRequest {
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
            expires_at: None,
        };
        spawn_local(async move {
            match session.api.create_api_key(business, &request).await {
                Ok(key) => {
                    form.succeed(None);
                    created.set(Some(key.key));
                    name.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let choices = move || {
        Permission::ALL
            .into_iter()
            .filter(|p| p.is_delegable() && role().is_some_and(|r| r.allows(*p)))
            .filter_map(|p| i18n::scope(p).map(|label| (p, label)))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(T::CreateKey)}</h2>
            {move || created.get().map(|key| view! {
                <div class="notice success" role="status">
                    <p><strong>{i18n.tr(T::KeyCreatedTitle)}</strong> " " {i18n.tr(T::KeyShownOnce)}</p>
                    <p class="secret"><code data-testid="created-key">{key.clone()}</code> " " <CopyButton text=key/></p>
                </div>
            })}
            <form on:submit=submit novalidate=true>
                <FormNotice form=form/>
                <Field label=T::KeyName name="name" value=name form=form required=true/>
                <fieldset class="scopes">
                    <legend>{i18n.tr(T::Scopes)}</legend>
                    {move || choices().into_iter().map(|(permission, label)| {
                        let id = format!("scope-{}", permission.as_str().replace(':', "-"));
                        let label_for = id.clone();
                        view! {
                            <label for=label_for class="check">
                                <input
                                    id=id
                                    type="checkbox"
                                    prop:checked=move || scopes.with(|s| s.contains(&permission))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        scopes.update(|s| {
                                            s.retain(|p| *p != permission);
                                            if on { s.push(permission); }
                                        });
                                    }
                                />
                                <span>{move || i18n.t(label)}</span>
                                <code class="muted">{permission.as_str()}</code>
                            </label>
                        }
                    }).collect_view()}
                    <p class="field-error" role="alert">{move || form.field_error("scopes", i18n)}</p>
                </fieldset>
                <Submit label=T::CreateKey form=form/>
            </form>
        </section>
    }
}

#[component]
fn KeyTable(
    keys: Vec<ApiKeyResponse>,
    business: Signal<Option<Uuid>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let form = FormState::new();
    let zone = i18n.zone();
    let rows = keys
        .into_iter()
        .map(|key| {
            let id = key.id;
            let revoke = move |_| {
                let Some(business) = business.get_untracked() else {
                    return;
                };
                if !form.start() {
                    return;
                }
                spawn_local(async move {
                    match session.api.revoke_api_key(business, id).await {
                        Ok(_) => {
                            form.succeed(None);
                            reload.update(|n| *n += 1);
                        }
                        Err(error) => form.fail(&error, i18n),
                    }
                });
            };
            let locale = i18n.locale.get_untracked();
            let created = datetime(key.created_at, locale, &zone);
            let last_used = key.last_used_at.map(|at| datetime(at, locale, &zone));
            let scopes = key.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            let revoked = key.revoked_at.is_some();
            view! {
                <tr class:revoked=revoked>
                    <td>{key.name.clone()}<br/><code class="muted">{key.prefix}"_…"</code></td>
                    <td><code>{scopes}</code></td>
                    <td>{created}</td>
                    <td>{move || last_used.clone().unwrap_or_else(|| i18n.t(T::Never).to_owned())}</td>
                    <td class="actions">
                        {if revoked {
                            view! { <span class="muted">{i18n.tr(T::Revoked)}</span> }.into_any()
                        } else {
                            view! {
                                <button type="button" class="secondary" on:click=revoke prop:disabled=move || form.saving.get()>
                                    {i18n.tr(T::Revoke)}
                                </button>
                            }
                            .into_any()
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <FormNotice form=form/>
        <Table headings=&[T::KeyName, T::Scopes, T::CreatedAt, T::LastUsed, T::Actions]>{rows}</Table>
    }
}
