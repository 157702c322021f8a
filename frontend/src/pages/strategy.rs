//! The business profile with its goals and USP / pitch drafts, and the 9-square canvas.

use contract::domain::copywriting::DraftKind;
use contract::domain::permissions::Permission;
use contract::domain::strategy::{CanvasSquare, GoalMetric};
use contract::strategy::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::form::{
    Checkbox, Field, FormNotice, FormState, LoadError, Select, Submit, TextArea, money_field,
    not_a_number, optional, whole_number,
};
use crate::components::layout::Shell;
use crate::format;
use crate::i18n::{self, T};
use crate::pages::business::business_param;
use crate::state::{use_i18n, use_session};

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! { <Shell><ProfileContent/></Shell> }
}

#[component]
fn ProfileContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let profile = LocalResource::new(move || {
        let id = business.get();
        async move {
            match id {
                Some(id) => session.api.profile(id).await.map(|p| (id, p)),
                None => Err(crate::api::ApiError::Unexpected("no business".into())),
            }
        }
    });
    view! {
        <h1>{i18n.tr(T::BusinessProfileTitle)}</h1>
        {move || profile.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok((id, profile)) => view! {
                <ProfileForm business=id profile=profile/>
                <Goals business=id/>
            }.into_any(),
        })}
    }
}

#[component]
fn ProfileForm(business: Uuid, profile: ProfileResponse) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editable = use_session().may(Permission::StrategyWrite);
    let text = |value: &Option<String>| RwSignal::new(value.clone().unwrap_or_default());
    let number =
        |value: Option<i64>| RwSignal::new(value.map(|v| v.to_string()).unwrap_or_default());
    let founded_year = number(profile.founded_year.map(i64::from));
    let team_size = number(profile.team_size.map(i64::from));
    let budget = RwSignal::new(
        profile
            .monthly_marketing_budget
            .map(format::amount_input)
            .unwrap_or_default(),
    );
    let target_audience = text(&profile.target_audience);
    let main_goals = text(&profile.main_goals);
    let usp = text(&profile.usp);
    let pitch = text(&profile.elevator_pitch);
    let logo_url = text(&profile.logo_url);
    let fiscal_month = RwSignal::new(profile.fiscal_month_start.to_string());
    let weekly = RwSignal::new(profile.notifications.weekly_report);
    let competitors = RwSignal::new(profile.notifications.competitor_alerts);
    let daily = RwSignal::new(profile.notifications.daily_brief);
    let goals = RwSignal::new(profile.notifications.goal_progress);
    let form = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let founded = whole_number(form, "founded_year", &founded_year.get_untracked());
        let team = whole_number(form, "team_size", &team_size.get_untracked());
        let money = money_field(form, "monthly_marketing_budget", &budget.get_untracked());
        let (Ok(founded), Ok(team), Ok(money)) = (founded, team, money) else {
            form.saving.set(false);
            return;
        };
        let request = UpdateProfileRequest {
            founded_year: Some(founded.map(|y| y.clamp(0, 10_000) as i32)),
            team_size: Some(team.map(|t| t.clamp(0, 10_000_000) as i32)),
            monthly_marketing_budget: Some(money),
            target_audience: Some(optional(&target_audience.get_untracked())),
            main_goals: Some(optional(&main_goals.get_untracked())),
            usp: Some(optional(&usp.get_untracked())),
            elevator_pitch: Some(optional(&pitch.get_untracked())),
            logo_url: Some(optional(&logo_url.get_untracked())),
            fiscal_month_start: fiscal_month.get_untracked().parse().ok(),
            notifications: Some(NotificationPreferences {
                weekly_report: weekly.get_untracked(),
                competitor_alerts: competitors.get_untracked(),
                daily_brief: daily.get_untracked(),
                goal_progress: goals.get_untracked(),
            }),
            churn_window_days: None,
            gross_margin_percent: None,
        };
        spawn_local(async move {
            match session.api.update_profile(business, &request).await {
                Ok(_) => form.succeed(Some(i18n.t(T::Saved).to_owned())),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let months = Signal::derive(|| (1..=12).map(|m| (m.to_string(), m.to_string())).collect());
    let currency = profile.currency;
    view! {
        <section class="card">
            <form on:submit=submit novalidate=true>
                <fieldset disabled=move || !editable.get()>
                    <FormNotice form=form/>
                    <div class="row">
                        <Field label=T::FoundedYear name="founded_year" kind="number" value=founded_year form=form optional=true/>
                        <Field label=T::TeamSize name="team_size" kind="number" value=team_size form=form optional=true/>
                        <Field label=T::MarketingBudget name="monthly_marketing_budget" value=budget form=form optional=true/>
                    </div>
                    <p class="hint">{currency}</p>
                    <TextArea label=T::TargetAudience name="target_audience" value=target_audience form=form/>
                    <TextArea label=T::MainGoals name="main_goals" value=main_goals form=form/>
                    <TextArea label=T::Usp name="usp" value=usp form=form rows=2/>
                    <Drafts business=business kind=DraftKind::Usp target=usp audience=target_audience editable=editable/>
                    <TextArea label=T::ElevatorPitch name="elevator_pitch" value=pitch form=form rows=4/>
                    <Drafts business=business kind=DraftKind::ElevatorPitch target=pitch audience=target_audience editable=editable/>
                    <Field label=T::LogoUrl name="logo_url" kind="url" value=logo_url form=form optional=true/>
                    <Select label=T::FiscalMonthStart name="fiscal_month_start" value=fiscal_month form=form options=months/>
                    <fieldset class="plain">
                        <legend>{i18n.tr(T::Notifications)}</legend>
                        <Checkbox label=T::NotifyWeeklyReport name="weekly_report" value=weekly form=form/>
                        <Checkbox label=T::NotifyCompetitorAlerts name="competitor_alerts" value=competitors form=form/>
                        <Checkbox label=T::NotifyDailyBrief name="daily_brief" value=daily form=form/>
                        <Checkbox label=T::NotifyGoalProgress name="goal_progress" value=goals form=form/>
                    </fieldset>
                    {move || editable.get().then(|| view! { <Submit label=T::Save form=form/> })}
                </fieldset>
            </form>
        </section>
    }
}

/// Buttons that ask for USP or pitch drafts, and the drafts to pick into `target`.
#[component]
fn Drafts(
    business: Uuid,
    kind: DraftKind,
    target: RwSignal<String>,
    audience: RwSignal<String>,
    editable: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let drafts = RwSignal::new(Vec::<String>::new());
    let form = FormState::new();
    let ask = move |_| {
        if !form.start() {
            return;
        }
        let request = DraftRequest {
            kind,
            dream_buyer_id: None,
            offer_id: None,
            locale: Some(i18n.get()),
            target_audience: optional(&audience.get_untracked()),
        };
        spawn_local(async move {
            match session.api.drafts(business, &request).await {
                Ok(answer) => {
                    drafts.set(answer.drafts);
                    form.succeed(None);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let label = match kind {
        DraftKind::Usp => T::DraftUsp,
        DraftKind::ElevatorPitch => T::DraftPitch,
    };
    move || {
        editable.get().then(|| view! {
            <div class="drafts">
                <button type="button" class="secondary" on:click=ask prop:disabled=move || form.saving.get()>
                    {i18n.tr(label)}
                </button>
                <FormNotice form=form/>
                {move || (!drafts.get().is_empty()).then(|| view! {
                    <p class="hint">{i18n.tr(T::DraftsHint)}</p>
                    <ul class="draft-list">
                        {drafts.get().into_iter().map(|draft| {
                            let chosen = draft.clone();
                            view! {
                                <li>
                                    <span>{draft}</span>
                                    " "
                                    <button type="button" class="link" on:click=move |_| target.set(chosen.clone())>{i18n.tr(T::UseDraft)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </div>
        })
    }
}

#[component]
fn Goals(business: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editable = use_session().may(Permission::StrategyWrite);
    let goals = RwSignal::new(Vec::<GoalResponse>::new());
    let currency = session
        .current_business()
        .map(|b| b.currency)
        .unwrap_or_default();
    spawn_local(async move {
        if let Ok(page) = session.api.goals(business).await {
            goals.set(page.items);
        }
    });
    let metric = RwSignal::new("revenue".to_owned());
    let name = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let form = FormState::new();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let metric = GoalMetric::parse(&metric.get_untracked()).unwrap_or(GoalMetric::Revenue);
        let typed = target.get_untracked();
        let value = if metric == GoalMetric::Revenue {
            format::parse_amount(&typed).map(|minor| minor as f64)
        } else {
            typed.trim().replace(',', ".").parse::<f64>().ok()
        };
        let date = |text: String| format::parse_date(&text);
        let (Some(value), Some(period_start), Some(period_end)) = (
            value,
            date(start.get_untracked()),
            date(end.get_untracked()),
        ) else {
            not_a_number(
                form,
                if value.is_none() {
                    "target"
                } else {
                    "period_end"
                },
            );
            form.saving.set(false);
            return;
        };
        let request = CreateGoalRequest {
            metric,
            name: optional(&name.get_untracked()),
            target: value,
            period_start,
            period_end,
        };
        spawn_local(async move {
            match session.api.create_goal(business, &request).await {
                Ok(goal) => {
                    goals.update(|list| list.insert(0, goal));
                    target.set(String::new());
                    name.set(String::new());
                    form.succeed(None);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let remove = move |id: Uuid| {
        spawn_local(async move {
            if session.api.delete_goal(business, id).await.is_ok() {
                goals.update(|list| list.retain(|g| g.id != id));
            }
        });
    };
    let metrics = Signal::derive(move || {
        GoalMetric::ALL
            .iter()
            .map(|m| {
                (
                    m.as_str().to_owned(),
                    i18n.t(i18n::goal_metric(*m)).to_owned(),
                )
            })
            .collect()
    });
    view! {
        <section class="card">
            <h2>{i18n.tr(T::GoalsTitle)}</h2>
            {move || {
                let list = goals.get();
                if list.is_empty() {
                    return view! { <p class="muted">{i18n.tr(T::NoGoals)}</p> }.into_any();
                }
                let currency = currency.clone();
                view! {
                    <ul class="goal-list">
                        {list.into_iter().map(|goal| {
                            let locale = i18n.get();
                            let target = if goal.metric == GoalMetric::Revenue {
                                format::money(goal.target as i64, &currency, locale)
                            } else {
                                format::decimal(goal.target, locale)
                            };
                            let label = goal.name.clone().unwrap_or_else(|| i18n.t(i18n::goal_metric(goal.metric)).to_owned());
                            let id = goal.id;
                            view! {
                                <li>
                                    <strong>{label}</strong> " — " {target}
                                    <span class="muted">" · " {goal.period_start.to_string()} " – " {goal.period_end.to_string()}</span>
                                    {move || editable.get().then(|| view! { " " <button type="button" class="link danger" on:click=move |_| remove(id)>{i18n.tr(T::Delete)}</button> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {move || editable.get().then(|| view! {
                <form on:submit=add novalidate=true class="goal-form">
                    <FormNotice form=form/>
                    <div class="row">
                        <Select label=T::GoalMetric name="metric" value=metric form=form options=metrics/>
                        <Field label=T::GoalName name="name" value=name form=form optional=true/>
                        <Field label=T::GoalTarget name="target" value=target form=form hint=T::GoalTargetHint/>
                    </div>
                    <div class="row">
                        <Field label=T::PeriodStart name="period_start" kind="date" value=start form=form/>
                        <Field label=T::PeriodEnd name="period_end" kind="date" value=end form=form/>
                    </div>
                    <Submit label=T::AddGoal form=form/>
                </form>
            })}
        </section>
    }
}

#[component]
pub fn CanvasPage() -> impl IntoView {
    view! { <Shell><CanvasContent/></Shell> }
}

#[component]
fn CanvasContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let canvas = RwSignal::new(None::<CanvasResponse>);
    let error = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(id) = business.get() {
            spawn_local(async move {
                match session.api.canvas(id).await {
                    Ok(loaded) => canvas.set(Some(loaded)),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    });
    view! {
        <h1>{i18n.tr(T::CanvasTitle)}</h1>
        <p class="muted">{i18n.tr(T::CanvasIntro)}</p>
        {move || error.get().map(|error| view! { <LoadError error=error/> })}
        {move || canvas.get().map(|loaded| {
            let weakest = loaded.weakest.clone();
            view! {
                <div class="meter-line">
                    <span>{i18n.tr(T::Completeness)} ": " <strong data-testid="canvas-completeness">{loaded.completeness} "%"</strong></span>
                    <progress max="100" value=loaded.completeness></progress>
                </div>
                {(!weakest.is_empty()).then(|| view! {
                    <p class="notice">
                        {i18n.tr(T::WeakestSquares)} ": "
                        {move || weakest.iter().map(|s| s.title().get(i18n.get())).collect::<Vec<_>>().join(", ")}
                    </p>
                })}
            }
        })}
        <div class="canvas">
            {move || canvas.get().map(|loaded| {
                loaded.squares.chunks(3).map(|row| {
                    let phase = row[0].phase;
                    view! {
                        <h2 class="phase">{move || i18n.t(i18n::phase(phase))}</h2>
                        <div class="canvas-row">
                            {row.iter().cloned().map(|square| {
                                let weak = loaded.weakest.contains(&square.square);
                                view! { <Square business=business square=square weak=weak canvas=canvas/> }
                            }).collect_view()}
                        </div>
                    }
                }).collect_view()
            })}
        </div>
    }
}

#[component]
fn Square(
    business: Signal<Option<Uuid>>,
    square: CanvasSquareResponse,
    weak: bool,
    canvas: RwSignal<Option<CanvasResponse>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editable = use_session().may(Permission::StrategyWrite);
    let editing = RwSignal::new(false);
    let text = RwSignal::new(square.text.clone());
    let complete = RwSignal::new(square.complete);
    let form = FormState::new();
    let key: CanvasSquare = square.square;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = business.get_untracked() else {
            return;
        };
        if !form.start() {
            return;
        }
        let request = UpdateCanvasRequest::one(
            key,
            SquareUpdate {
                text: Some(text.get_untracked()),
                complete: Some(complete.get_untracked()),
            },
        );
        spawn_local(async move {
            match session.api.update_canvas(id, &request).await {
                Ok(updated) => {
                    form.succeed(None);
                    canvas.set(Some(updated));
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let saved_text = square.text.clone();
    view! {
        <article class="square" class:weak=weak data-square=key.as_str()>
            <header>
                <span class="square-number">{square.number}</span>
                <h3>{move || key.title().get(i18n.get())}</h3>
                <span class="score" title=move || i18n.t(T::Completeness)>{square.score} "%"</span>
            </header>
            <progress max="100" value=square.score></progress>
            {move || if editing.get() {
                view! {
                    <form on:submit=save novalidate=true>
                        <FormNotice form=form/>
                        <p class="hint">{move || key.guide().get(i18n.get())}</p>
                        <TextArea label=T::Edit name="text" value=text form=form rows=5/>
                        <Checkbox label=T::MarkComplete name="complete" value=complete form=form/>
                        <div class="actions">
                            <Submit label=T::Save form=form/>
                            <button type="button" class="secondary" on:click=move |_| editing.set(false)>{i18n.tr(T::Cancel)}</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                let shown = saved_text.clone();
                view! {
                    {if shown.is_empty() {
                        view! { <p class="muted">{move || key.guide().get(i18n.get())}</p> }.into_any()
                    } else {
                        view! { <p class="square-text">{shown}</p> }.into_any()
                    }}
                    {move || editable.get().then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| editing.set(true)>{i18n.tr(T::Edit)}</button>
                    })}
                }.into_any()
            }}
        </article>
    }
}
