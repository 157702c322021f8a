//! The activity log of a business: filters, pages that load on demand, and a CSV export.

use contract::activity::{ActivityEntry, ActivityQuery};
use contract::domain::activity::ActivityAction;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::form::{Field, FormNotice, FormState, Select};
use crate::components::layout::Shell;
use crate::components::widgets::{Table, download};
use crate::i18n::{self, T};
use crate::pages::business::business_param;
use crate::state::{datetime, use_i18n, use_session};

/// A date picked in a `<input type="date">` as the start of that day in UTC.
fn day_start(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    // `YYYY-MM-DD`, read by hand: chrono's format parser would weigh more than this page.
    let mut parts = value.splitn(3, '-').map(str::parse::<u32>);
    let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    // The content loads its data only once the person is signed in.
    view! { <Shell><ActivityContent/></Shell> }
}

#[component]
fn ActivityContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let action = RwSignal::new(String::new());
    let entity = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let entries = RwSignal::new(Vec::<ActivityEntry>::new());
    let next = RwSignal::new(None::<String>);
    let form = FormState::new();
    let zone = StoredValue::new(i18n.zone());

    let query = move |cursor: Option<String>| ActivityQuery {
        action: ActivityAction::parse(&action.get_untracked()),
        entity_type: Some(entity.get_untracked().trim().to_owned()).filter(|e| !e.is_empty()),
        from: day_start(&from.get_untracked()),
        // The whole of the chosen last day.
        to: day_start(&to.get_untracked()).map(|day| day + chrono::Duration::days(1)),
        limit: Some(50),
        cursor,
        ..Default::default()
    };
    let load = move |cursor: Option<String>| {
        let Some(id) = business.get_untracked() else {
            return;
        };
        if !form.start() {
            return;
        }
        let more = cursor.is_some();
        let request = query(cursor);
        spawn_local(async move {
            match session.api.activity(id, &request).await {
                Ok(page) => {
                    form.succeed(None);
                    if more {
                        entries.update(|all| all.extend(page.items));
                    } else {
                        entries.set(page.items);
                    }
                    next.set(page.next_cursor);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    Effect::new(move |_| {
        if business.get().is_some() {
            load(None);
        }
    });
    let export = move |_| {
        let Some(id) = business.get_untracked() else {
            return;
        };
        let request = query(None);
        spawn_local(async move {
            match session.api.export_activity(id, &request).await {
                Ok(csv) => download("activity.csv", &csv, "text/csv"),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let action_options = Signal::derive(move || {
        std::iter::once((String::new(), i18n.t(T::AllActions).to_owned()))
            .chain(
                ActivityAction::ALL
                    .iter()
                    .filter(|a| !a.is_security_event())
                    .map(|a| (a.as_str().to_owned(), i18n.t(i18n::action(*a)).to_owned())),
            )
            .collect()
    });

    view! {

            <h1>{i18n.tr(T::NavActivity)}</h1>
            <section class="card">
                <form class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); load(None); }>
                    <Select label=T::Action name="action" value=action form=form options=action_options/>
                    <Field label=T::EntityType name="entity_type" value=entity form=form/>
                    <Field label=T::From name="from" kind="date" value=from form=form/>
                    <Field label=T::To name="to" kind="date" value=to form=form/>
                    <div class="buttons">
                        <button type="submit" class="primary" prop:disabled=move || form.saving.get()>{i18n.tr(T::Apply)}</button>
                        <button type="button" class="secondary" on:click=export>{i18n.tr(T::ExportCsv)}</button>
                    </div>
                </form>
                <FormNotice form=form/>
            </section>
            <section class="card">
                <Show when=move || !entries.with(Vec::is_empty) fallback=move || view! { <p class="muted">{i18n.tr(T::NoActivity)}</p> }>
                    <Table headings=&[T::When, T::Who, T::What, T::Details, T::IpAddress]>
                                <For
                                    each=move || entries.get()
                                    key=|entry| entry.id
                                    children=move |entry| view! { <Row entry=entry zone=zone.get_value()/> }
                                />
                            </Table>
                </Show>
                <Show when=move || next.get().is_some()>
                    <button type="button" class="secondary" on:click=move |_| load(next.get_untracked()) prop:disabled=move || form.saving.get()>
                        {i18n.tr(T::LoadMore)}
                    </button>
                </Show>
            </section>

    }
}

fn actor_id(entry: &ActivityEntry) -> Option<Uuid> {
    entry.actor.user_id.or(entry.actor.api_key_id)
}

#[component]
fn Row(entry: ActivityEntry, zone: String) -> impl IntoView {
    let i18n = use_i18n();
    let when = move || datetime(entry.created_at, i18n.get(), &zone);
    let who = match (&entry.actor.name, entry.actor.api_key_id) {
        (Some(name), _) => name.clone(),
        (None, Some(_)) => i18n.t(T::ApiKeyActor).to_owned(),
        (None, None) => actor_id(&entry)
            .map(|id| id.to_string())
            .unwrap_or_default(),
    };
    let action = entry.action;
    let details = describe_changes(&entry.changes);
    view! {
        <tr>
            <td>{when}</td>
            <td>{who}</td>
            <td>{move || i18n.t(i18n::action(action))} <span class="muted">" · " {entry.entity_type.clone()}</span></td>
            <td class="changes">{details}</td>
            <td>{entry.ip.unwrap_or_default()}</td>
        </tr>
    }
}

fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Bool(flag) => flag.to_string(),
        serde_json::Value::Number(number) => number.to_string(),
        serde_json::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(fields) => fields.keys().cloned().collect::<Vec<_>>().join(", "),
    }
}

/// Changed fields as `field: before → after`, one per line; other details as `key: value`.
fn describe_changes(changes: &serde_json::Value) -> String {
    let Some(fields) = changes.as_object() else {
        return String::new();
    };
    fields
        .iter()
        .map(
            |(field, value)| match (value.get("before"), value.get("after")) {
                (Some(before), Some(after)) => {
                    format!("{field}: {} → {}", plain(before), plain(after))
                }
                _ => format!("{field}: {}", plain(value)),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}
