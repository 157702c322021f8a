//! Dream buyers: the persona cards and the nine-question wizard.

use contract::domain::dream_buyer::{Gender, Question, WIZARD_STEPS};
use contract::domain::permissions::Permission;
use contract::dream_buyer::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

use crate::components::form::{
    Field, FormNotice, FormState, LoadError, Select, Submit, TextArea, optional, whole_number,
};
use crate::components::layout::Shell;
use crate::i18n::{self, T};
use crate::pages::business::business_param;
use crate::state::{use_i18n, use_session};

#[component]
pub fn DreamBuyersPage() -> impl IntoView {
    view! { <Shell><DreamBuyersContent/></Shell> }
}

#[component]
fn DreamBuyersContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let business = business_param();
    let editable = use_session().may(Permission::DreamBuyersWrite);
    let archived = RwSignal::new(false);
    let avatars = RwSignal::new(None::<Vec<DreamBuyerResponse>>);
    let error = RwSignal::new(None);
    Effect::new(move |_| {
        let show_archived = archived.get();
        if let Some(id) = business.get() {
            spawn_local(async move {
                match session.api.dream_buyers(id, show_archived).await {
                    Ok(page) => avatars.set(Some(page.items)),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    });
    let name = RwSignal::new(String::new());
    let form = FormState::new();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = business.get_untracked() else {
            return;
        };
        if !form.start() {
            return;
        }
        let request = CreateDreamBuyerRequest {
            name: name.get_untracked(),
            ..Default::default()
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.api.create_dream_buyer(id, &request).await {
                Ok(avatar) => {
                    form.succeed(None);
                    navigate(
                        &format!("/businesses/{id}/dream-buyers/{}", avatar.id),
                        Default::default(),
                    );
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <h1>{i18n.tr(T::DreamBuyersTitle)}</h1>
        <p class="muted">{i18n.tr(T::DreamBuyersIntro)}</p>
        {move || editable.get().then(|| view! {
            <section class="card">
                <form on:submit=create.clone() novalidate=true class="inline-form">
                    <FormNotice form=form/>
                    <Field label=T::DreamBuyerName name="name" value=name form=form required=true/>
                    <Submit label=T::NewDreamBuyer form=form/>
                </form>
            </section>
        })}
        <p>
            <button type="button" class="link" on:click=move |_| archived.update(|a| *a = !*a)>
                {move || if archived.get() { i18n.t(T::ShowActive) } else { i18n.t(T::ShowArchived) }}
            </button>
        </p>
        {move || error.get().map(|error| view! { <LoadError error=error/> })}
        {move || avatars.get().map(|list| {
            if list.is_empty() {
                return view! { <p class="muted">{i18n.tr(T::NoDreamBuyers)}</p> }.into_any();
            }
            view! {
                <div class="cards">
                    {list.into_iter().map(|avatar| view! { <PersonaCard business=business avatar=avatar avatars=avatars editable=editable/> }).collect_view()}
                </div>
            }.into_any()
        })}
    }
}

#[component]
fn PersonaCard(
    business: Signal<Option<Uuid>>,
    avatar: DreamBuyerResponse,
    avatars: RwSignal<Option<Vec<DreamBuyerResponse>>>,
    editable: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = avatar.id;
    let base = business
        .get_untracked()
        .map(|b| format!("/businesses/{b}/dream-buyers/{id}"))
        .unwrap_or_default();
    let busy = RwSignal::new(false);
    let duplicate = move |_| {
        let Some(business) = business.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            if let Ok(copy) = session.api.duplicate_dream_buyer(business, id).await {
                avatars.update(|list| {
                    if let Some(list) = list {
                        list.insert(0, copy);
                    }
                });
            }
            busy.set(false);
        });
    };
    let archived = avatar.archived;
    let toggle_archive = move |_| {
        let Some(business) = business.get_untracked() else {
            return;
        };
        busy.set(true);
        let request = UpdateDreamBuyerRequest {
            archived: Some(!archived),
            ..Default::default()
        };
        spawn_local(async move {
            if session
                .api
                .update_dream_buyer(business, id, &request)
                .await
                .is_ok()
            {
                avatars.update(|list| {
                    if let Some(list) = list {
                        list.retain(|a| a.id != id);
                    }
                });
            }
            busy.set(false);
        });
    };
    let ages = match (avatar.age_min, avatar.age_max) {
        (Some(min), Some(max)) => Some(format!("{min}–{max}")),
        (Some(min), None) => Some(format!("{min}+")),
        (None, Some(max)) => Some(format!("≤{max}")),
        (None, None) => None,
    };
    let gender = avatar.gender;
    let facts: Vec<String> = [
        ages,
        avatar.location.clone(),
        avatar.occupation.clone(),
        avatar.income.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let answers = avatar.answers.clone();
    let complete = avatar.completeness >= 100;
    view! {
        <article class="card persona" data-testid="persona">
            <h2>{avatar.name.clone()}</h2>
            {avatar.description.clone().map(|d| view! { <p>{d}</p> })}
            <p class="muted">
                {move || gender.map(|g| format!("{} · ", i18n.t(i18n::gender(g))))}
                {facts.join(" · ")}
            </p>
            <div class="meter-line">
                <span>{i18n.tr(T::Completeness)} ": " <strong>{avatar.completeness} "%"</strong></span>
                <progress max="100" value=avatar.completeness></progress>
            </div>
            <dl class="answers">
                {Question::ALL.into_iter().filter_map(|q| answers.get(q).map(|a| (q, a.to_owned()))).take(4).map(|(q, answer)| view! {
                    <dt>{move || q.prompt().get(i18n.get())}</dt>
                    <dd>{answer}</dd>
                }).collect_view()}
            </dl>
            {move || editable.get().then(|| view! {
                <div class="actions">
                    <A href=base.clone() attr:class="button primary">{i18n.tr(if complete { T::Edit } else { T::ContinueWizard })}</A>
                    <button type="button" class="secondary" on:click=duplicate prop:disabled=move || busy.get()>{i18n.tr(T::Duplicate)}</button>
                    <button type="button" class="secondary" on:click=toggle_archive prop:disabled=move || busy.get()>
                        {if archived { i18n.tr(T::Restore) } else { i18n.tr(T::Archive) }}
                    </button>
                </div>
            })}
        </article>
    }
}

#[component]
pub fn DreamBuyerWizardPage() -> impl IntoView {
    view! { <Shell><WizardContent/></Shell> }
}

#[component]
fn WizardContent() -> impl IntoView {
    let session = use_session();
    let business = business_param();
    let params = use_params_map();
    let avatar_id = Memo::new(move |_| {
        params.with(|p| {
            p.get("dream_buyer_id")
                .and_then(|id| id.parse::<Uuid>().ok())
        })
    });
    let loaded = LocalResource::new(move || {
        let ids = business.get().zip(avatar_id.get());
        async move {
            match ids {
                Some((business, id)) => session
                    .api
                    .dream_buyer(business, id)
                    .await
                    .map(|a| (business, a)),
                None => Err(crate::api::ApiError::Unexpected("no avatar".into())),
            }
        }
    });
    move || {
        loaded.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok((business, avatar)) => {
                view! { <Wizard business=business avatar=avatar/> }.into_any()
            }
        })
    }
}

#[component]
fn Wizard(business: Uuid, avatar: DreamBuyerResponse) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let id = avatar.id;
    let step = RwSignal::new(avatar.wizard_step.min(WIZARD_STEPS - 1));
    let text = |value: &Option<String>| RwSignal::new(value.clone().unwrap_or_default());
    let name = RwSignal::new(avatar.name.clone());
    let description = text(&avatar.description);
    let age_min = RwSignal::new(avatar.age_min.map(|a| a.to_string()).unwrap_or_default());
    let age_max = RwSignal::new(avatar.age_max.map(|a| a.to_string()).unwrap_or_default());
    let gender = RwSignal::new(
        avatar
            .gender
            .map(|g| g.as_str().to_owned())
            .unwrap_or_default(),
    );
    let income = text(&avatar.income);
    let location = text(&avatar.location);
    let occupation = text(&avatar.occupation);
    let answers: Vec<(Question, RwSignal<String>)> = Question::ALL
        .into_iter()
        .map(|q| {
            (
                q,
                RwSignal::new(avatar.answers.get(q).unwrap_or_default().to_owned()),
            )
        })
        .collect();
    let answers = StoredValue::new(answers);
    let answer_of = move |q: Question| {
        answers.with_value(|list| list.iter().find(|(k, _)| *k == q).map(|(_, s)| *s))
    };
    let completeness = RwSignal::new(avatar.completeness);
    let suggestions = RwSignal::new(Vec::<String>::new());
    let form = FormState::new();

    // Saves the step shown, then moves to `to` (or, past the last step, back to the list).
    let go = move |to: i16| {
        if !form.start() {
            return;
        }
        let current = step.get_untracked();
        let mut request = UpdateDreamBuyerRequest::default();
        if current == 0 {
            let min = whole_number(form, "age_min", &age_min.get_untracked());
            let max = whole_number(form, "age_max", &age_max.get_untracked());
            let (Ok(min), Ok(max)) = (min, max) else {
                form.saving.set(false);
                return;
            };
            request.name = Some(name.get_untracked());
            request.description = Some(optional(&description.get_untracked()));
            request.age_min = Some(min.map(|a| a.clamp(0, 255) as u8));
            request.age_max = Some(max.map(|a| a.clamp(0, 255) as u8));
            request.gender = Some(Gender::parse(&gender.get_untracked()));
            request.income = Some(optional(&income.get_untracked()));
            request.location = Some(optional(&location.get_untracked()));
            request.occupation = Some(optional(&occupation.get_untracked()));
        } else if let Some(question) = Question::ALL.get(usize::from(current) - 1) {
            let mut sent = Answers::default();
            if let Some(signal) = answer_of(*question) {
                sent.set(*question, Some(signal.get_untracked()));
            }
            request.answers = Some(sent);
        }
        let last = i16::from(WIZARD_STEPS) - 1;
        let next = to.clamp(0, last) as u8;
        request.wizard_step = Some(next);
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.api.update_dream_buyer(business, id, &request).await {
                Ok(saved) => {
                    form.succeed(None);
                    completeness.set(saved.completeness);
                    suggestions.set(Vec::new());
                    if to > last {
                        navigate(
                            &format!("/businesses/{business}/dream-buyers"),
                            Default::default(),
                        );
                    } else {
                        step.set(next);
                    }
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let go = StoredValue::new(go);
    let suggest = move |question: Question| {
        spawn_local(async move {
            let request = SuggestionsRequest {
                question,
                locale: Some(i18n.get()),
            };
            if let Ok(answer) = session.api.suggestions(business, id, &request).await {
                suggestions.set(answer.suggestions);
            }
        });
    };
    let genders = Signal::derive(move || {
        std::iter::once((String::new(), "—".to_owned()))
            .chain(
                Gender::ALL
                    .iter()
                    .map(|g| (g.as_str().to_owned(), i18n.t(i18n::gender(*g)).to_owned())),
            )
            .collect()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go.with_value(|go| go(i16::from(step.get_untracked()) + 1));
    };
    view! {
        <h1>{move || name.get()}</h1>
        <div class="wizard-progress">
            <span>{move || i18n.fill(T::StepOf, &[("step", &(step.get() + 1).to_string()), ("total", &WIZARD_STEPS.to_string())])}</span>
            <progress max=WIZARD_STEPS value=move || step.get() + 1></progress>
            <span class="muted">{i18n.tr(T::Completeness)} ": " {move || completeness.get()} "%"</span>
        </div>
        <section class="card">
            <form on:submit=submit novalidate=true>
                <FormNotice form=form/>
                {move || {
                    let current = step.get();
                    if current == 0 {
                        view! {
                            <h2>{i18n.tr(T::ProfileStep)}</h2>
                            <Field label=T::DreamBuyerName name="name" value=name form=form required=true/>
                            <TextArea label=T::ShortDescription name="description" value=description form=form rows=2/>
                            <div class="row">
                                <Field label=T::AgeMin name="age_min" kind="number" value=age_min form=form optional=true/>
                                <Field label=T::AgeMax name="age_max" kind="number" value=age_max form=form optional=true/>
                                <Select label=T::Gender name="gender" value=gender form=form options=genders/>
                            </div>
                            <div class="row">
                                <Field label=T::Income name="income" value=income form=form optional=true/>
                                <Field label=T::Location name="location" value=location form=form optional=true/>
                                <Field label=T::Occupation name="occupation" value=occupation form=form optional=true/>
                            </div>
                        }.into_any()
                    } else {
                        let question = Question::ALL[usize::from(current) - 1];
                        let value = answer_of(question).unwrap_or_else(|| RwSignal::new(String::new()));
                        view! {
                            <h2 data-testid="question">{move || format!("{}. {}", question.number(), question.prompt().get(i18n.get()))}</h2>
                            <p class="hint">{move || question.hint().get(i18n.get())}</p>
                            <TextArea label=T::YourAnswer name=question.as_str() value=value form=form rows=5/>
                            <button type="button" class="secondary" on:click=move |_| suggest(question)>{i18n.tr(T::SuggestIdeas)}</button>
                            {move || (!suggestions.get().is_empty()).then(|| view! {
                                <p class="hint">{i18n.tr(T::SuggestionsHint)}</p>
                                <ul class="chips">
                                    {suggestions.get().into_iter().map(|idea| {
                                        let added = idea.clone();
                                        view! {
                                            <li><button type="button" class="chip" on:click=move |_| value.update(|text| {
                                                if !text.trim().is_empty() { text.push_str(", "); }
                                                text.push_str(&added);
                                            })>{idea}</button></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                        }.into_any()
                    }
                }}
                <div class="actions">
                    <button type="button" class="secondary"
                        prop:disabled=move || step.get() == 0 || form.saving.get()
                        on:click=move |_| go.with_value(|go| go(i16::from(step.get_untracked()) - 1))>
                        {i18n.tr(T::Back)}
                    </button>
                    {move || if step.get() + 1 < WIZARD_STEPS {
                        view! { <Submit label=T::Next form=form/> }.into_any()
                    } else {
                        view! { <Submit label=T::Finish form=form/> }.into_any()
                    }}
                </div>
            </form>
        </section>
    }
}
