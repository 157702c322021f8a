//! Offers: the list and the builder (value equation, value stack, guarantee, lead magnet,
//! pricing and the preview the buyer would see). The builder computes with the same domain
//! rules as the server, so every slider and field updates the numbers at once; saving sends
//! them to the API.

use chrono::{NaiveTime, TimeZone, Utc};
use contract::domain::offers::{GuaranteeKind, HvcoKind, stack_totals};
use contract::domain::permissions::Permission;
use contract::domain::text::fill;
use contract::offers::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

use crate::components::form::{
    Field, FormNotice, FormState, LoadError, Select, Submit, TextArea, money_field, optional,
    whole_number,
};
use crate::components::layout::Shell;
use crate::format;
use crate::i18n::{self, T};
use crate::pages::business::business_param;
use crate::state::{I18n, use_i18n, use_session};

#[component]
pub fn OffersPage() -> impl IntoView {
    view! { <Shell><OffersContent/></Shell> }
}

#[component]
fn OffersContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let business = business_param();
    let editable = use_session().may(Permission::OffersWrite);
    let offers = LocalResource::new(move || {
        let id = business.get();
        async move {
            match id {
                Some(id) => session.api.offers(id).await.map(|p| p.items),
                None => Err(crate::api::ApiError::Unexpected("no business".into())),
            }
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
        let request = CreateOfferRequest {
            name: name.get_untracked(),
            ..Default::default()
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.api.create_offer(id, &request).await {
                Ok(offer) => {
                    form.succeed(None);
                    navigate(
                        &format!("/businesses/{id}/offers/{}", offer.id),
                        Default::default(),
                    );
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <h1>{i18n.tr(T::OffersTitle)}</h1>
        <p class="muted">{i18n.tr(T::OffersIntro)}</p>
        {move || editable.get().then(|| view! {
            <section class="card">
                <form on:submit=create.clone() novalidate=true class="inline-form">
                    <FormNotice form=form/>
                    <Field label=T::OfferName name="name" value=name form=form required=true/>
                    <Submit label=T::NewOffer form=form/>
                </form>
            </section>
        })}
        {move || offers.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.tr(T::NoOffers)}</p> }.into_any(),
            Ok(list) => view! {
                <div class="cards">
                    {list.into_iter().map(|offer| {
                        let href = business.get_untracked().map(|b| format!("/businesses/{b}/offers/{}", offer.id)).unwrap_or_default();
                        let locale = i18n.get();
                        let price = format::money(offer.price, &offer.currency, locale);
                        let score = format::decimal(offer.value.score, locale);
                        let guidance = offer.totals.guidance;
                        view! {
                            <article class="card" data-testid="offer">
                                <h2><A href=href>{offer.name.clone()}</A></h2>
                                {offer.headline.clone().map(|h| view! { <p>{h}</p> })}
                                <p class="muted">{price} " · " {score} "/100"</p>
                                {guidance.map(|g| view! { <p class="hint">{move || i18n.t(i18n::guidance(g))}</p> })}
                                {offer.variant_of.map(|_| view! { <p class="hint">{i18n.tr(T::VariantNote)}</p> })}
                            </article>
                        }
                    }).collect_view()}
                </div>
            }.into_any(),
        })}
    }
}

#[component]
pub fn OfferBuilderPage() -> impl IntoView {
    view! { <Shell><BuilderContent/></Shell> }
}

#[component]
fn BuilderContent() -> impl IntoView {
    let session = use_session();
    let business = business_param();
    let params = use_params_map();
    let offer_id = Memo::new(move |_| {
        params.with(|p| p.get("offer_id").and_then(|id| id.parse::<Uuid>().ok()))
    });
    let loaded = LocalResource::new(move || {
        let ids = business.get().zip(offer_id.get());
        async move {
            match ids {
                Some((business, id)) => {
                    session.api.offer(business, id).await.map(|o| (business, o))
                }
                None => Err(crate::api::ApiError::Unexpected("no offer".into())),
            }
        }
    });
    move || {
        loaded.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok((business, offer)) => view! { <Builder business=business offer=offer/> }.into_any(),
        })
    }
}

/// A bonus being edited; `key` keeps its row when the stack is reordered.
#[derive(Clone, Copy)]
struct BonusRow {
    key: u32,
    name: RwSignal<String>,
    description: RwSignal<String>,
    value: RwSignal<String>,
}

impl BonusRow {
    fn new(key: u32, bonus: &Bonus) -> Self {
        BonusRow {
            key,
            name: RwSignal::new(bonus.name.clone()),
            description: RwSignal::new(bonus.description.clone().unwrap_or_default()),
            value: RwSignal::new(format::amount_input(bonus.value)),
        }
    }

    fn minor(&self) -> i64 {
        format::parse_amount(&self.value.get()).unwrap_or(0)
    }
}

fn amount_signal(minor: Option<i64>) -> RwSignal<String> {
    RwSignal::new(minor.map(format::amount_input).unwrap_or_default())
}

/// The typed text of a money field, as minor units (0 when empty or not a number).
fn typed_money(signal: RwSignal<String>) -> i64 {
    format::parse_amount(&signal.get()).unwrap_or(0)
}

#[component]
fn Builder(business: Uuid, offer: OfferResponse) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let editable = use_session().may(Permission::OffersWrite);
    let id = offer.id;
    let currency = StoredValue::new(offer.currency.clone());
    let money = move |minor: i64| currency.with_value(|c| format::money(minor, c, i18n.get()));

    let name = RwSignal::new(offer.name.clone());
    let headline = RwSignal::new(offer.headline.clone().unwrap_or_default());
    let description = RwSignal::new(offer.description.clone().unwrap_or_default());
    let price = amount_signal(Some(offer.price));
    let core_value = amount_signal(Some(offer.core_value));
    let scores = offer.value_scores;
    let dream = RwSignal::new(scores.dream_outcome);
    let likelihood = RwSignal::new(scores.perceived_likelihood);
    let delay = RwSignal::new(scores.time_delay);
    let effort = RwSignal::new(scores.effort_sacrifice);
    let value_scores = move || ValueScores {
        dream_outcome: dream.get(),
        perceived_likelihood: likelihood.get(),
        time_delay: delay.get(),
        effort_sacrifice: effort.get(),
    };
    let next_key = StoredValue::new(offer.bonuses.len() as u32);
    let bonuses = RwSignal::new(
        offer
            .bonuses
            .iter()
            .enumerate()
            .map(|(i, b)| BonusRow::new(i as u32, b))
            .collect::<Vec<_>>(),
    );
    let deadline = RwSignal::new(
        offer
            .deadline
            .map(|d| d.date_naive().to_string())
            .unwrap_or_default(),
    );
    let quantity = RwSignal::new(
        offer
            .quantity_limit
            .map(|q| q.to_string())
            .unwrap_or_default(),
    );
    let guarantee_kind = RwSignal::new(
        offer
            .guarantee
            .as_ref()
            .map(|g| g.kind.as_str().to_owned())
            .unwrap_or_default(),
    );
    let guarantee_text = RwSignal::new(
        offer
            .guarantee
            .as_ref()
            .map(|g| g.text.clone())
            .unwrap_or_default(),
    );
    let hvco_kind = RwSignal::new(
        offer
            .hvco
            .as_ref()
            .map(|h| h.kind.as_str().to_owned())
            .unwrap_or_default(),
    );
    let hvco_title = RwSignal::new(
        offer
            .hvco
            .as_ref()
            .and_then(|h| h.title.clone())
            .unwrap_or_default(),
    );
    let traffic = RwSignal::new(
        offer
            .hvco
            .as_ref()
            .and_then(|h| h.planned_traffic)
            .map(|t| t.to_string())
            .unwrap_or_default(),
    );
    let plan = offer.pricing_plan.clone();
    let cost = amount_signal(plan.as_ref().map(|p| p.cost));
    let margin = RwSignal::new(
        plan.as_ref()
            .map(|p| p.target_margin_percent.to_string())
            .unwrap_or_default(),
    );
    let anchor = amount_signal(plan.as_ref().and_then(|p| p.anchor_price));
    let installments = RwSignal::new(
        plan.as_ref()
            .map(|p| {
                p.installment_months
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
    );
    let markup = RwSignal::new(
        plan.as_ref()
            .map(|p| p.installment_markup_percent.to_string())
            .unwrap_or_default(),
    );
    let pricing_plan = move || -> Option<PricingPlan> {
        let margin = margin.get().trim().replace(',', ".");
        if cost.get().trim().is_empty() && margin.is_empty() {
            return None;
        }
        Some(PricingPlan {
            cost: typed_money(cost),
            target_margin_percent: margin.parse().unwrap_or(0.0),
            anchor_price: format::parse_amount(&anchor.get()),
            installment_months: installments
                .get()
                .split([',', ' '])
                .filter_map(|m| m.trim().parse().ok())
                .collect(),
            installment_markup_percent: markup
                .get()
                .trim()
                .replace(',', ".")
                .parse()
                .unwrap_or(0.0),
        })
    };

    let evaluation = Memo::new(move |_| value_scores().evaluate());
    let totals = Memo::new(move |_| {
        let values: Vec<i64> = bonuses.get().iter().map(BonusRow::minor).collect();
        stack_totals(typed_money(core_value), values, typed_money(price))
    });

    let form = FormState::new();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let typed_price = money_field(form, "price", &price.get_untracked());
        let typed_core = money_field(form, "core_value", &core_value.get_untracked());
        let typed_quantity = whole_number(form, "quantity_limit", &quantity.get_untracked());
        let typed_traffic = whole_number(form, "hvco.planned_traffic", &traffic.get_untracked());
        let (Ok(typed_price), Ok(typed_core), Ok(typed_quantity), Ok(typed_traffic)) =
            (typed_price, typed_core, typed_quantity, typed_traffic)
        else {
            form.saving.set(false);
            return;
        };
        let guarantee =
            GuaranteeKind::parse(&guarantee_kind.get_untracked()).map(|kind| Guarantee {
                kind,
                text: guarantee_text.get_untracked(),
            });
        let hvco = HvcoKind::parse(&hvco_kind.get_untracked()).map(|kind| Hvco {
            kind,
            title: optional(&hvco_title.get_untracked()),
            planned_traffic: typed_traffic.map(|t| t.max(0) as u64),
        });
        let deadline = format::parse_date(&deadline.get_untracked()).map(|day| {
            Utc.from_utc_datetime(
                &day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()),
            )
        });
        let request = UpdateOfferRequest {
            name: Some(name.get_untracked()),
            headline: Some(optional(&headline.get_untracked())),
            description: Some(optional(&description.get_untracked())),
            price: Some(typed_price.unwrap_or(0)),
            core_value: Some(typed_core.unwrap_or(0)),
            value_scores: Some(value_scores()),
            bonuses: Some(
                bonuses
                    .get_untracked()
                    .iter()
                    .map(|b| Bonus {
                        name: b.name.get_untracked(),
                        description: optional(&b.description.get_untracked()),
                        value: b.minor(),
                    })
                    .collect(),
            ),
            deadline: Some(deadline),
            quantity_limit: Some(typed_quantity.map(|q| q.clamp(0, u32::MAX.into()) as u32)),
            guarantee: Some(guarantee),
            hvco: Some(hvco),
            pricing_plan: Some(pricing_plan()),
            archived: None,
        };
        spawn_local(async move {
            match session.api.update_offer(business, id, &request).await {
                Ok(_) => form.succeed(Some(i18n.t(T::Saved).to_owned())),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let variant = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            if let Ok(copy) = session.api.duplicate_offer(business, id).await {
                navigate(
                    &format!("/businesses/{business}/offers/{}", copy.id),
                    Default::default(),
                );
            }
        });
    };

    let add_bonus = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        bonuses.update(|list| {
            list.push(BonusRow::new(
                key,
                &Bonus {
                    name: String::new(),
                    description: None,
                    value: 0,
                },
            ))
        });
    };
    let dragged = RwSignal::new(None::<u32>);
    let move_bonus = move |key: u32, to: usize| {
        bonuses.update(|list| {
            if let Some(from) = list.iter().position(|b| b.key == key) {
                let row = list.remove(from);
                list.insert(to.min(list.len()), row);
            }
        })
    };
    let position =
        move |key: u32| bonuses.with(|list| list.iter().position(|b| b.key == key).unwrap_or(0));

    view! {
        <h1>{move || name.get()}</h1>
        {offer.variant_of.map(|_| view! { <p class="hint">{i18n.tr(T::VariantNote)}</p> })}
        <form on:submit=save novalidate=true class="builder">
            <fieldset disabled=move || !editable.get()>
            <FormNotice form=form/>
            <section class="card">
                <Field label=T::OfferName name="name" value=name form=form required=true/>
                <Field label=T::Headline name="headline" value=headline form=form optional=true/>
                <TextArea label=T::CoreOffer name="description" value=description form=form/>
                <div class="row">
                    <Field label=T::Price name="price" value=price form=form/>
                    <Field label=T::CoreValue name="core_value" value=core_value form=form/>
                </div>
            </section>

            <section class="card">
                <h2>{i18n.tr(T::ValueEquationTitle)}</h2>
                <Slider label=T::FactorDreamOutcome name="dream_outcome" value=dream/>
                <Slider label=T::FactorLikelihood name="perceived_likelihood" value=likelihood/>
                <Slider label=T::FactorTimeDelay name="time_delay" value=delay/>
                <Slider label=T::FactorEffort name="effort_sacrifice" value=effort/>
                <p class="value-score" data-testid="value-score" aria-live="polite">
                    {move || {
                        let result = evaluation.get();
                        let locale = i18n.get();
                        i18n.fill(T::ValueScore, &[("value", &format::decimal(result.value, locale)), ("score", &format::decimal(result.score, locale))])
                    }}
                </p>
                <progress max="100" value=move || evaluation.get().score></progress>
                <p class="hint" data-testid="lever">
                    {move || match evaluation.get().best_lever {
                        None => i18n.t(T::LeverNone).to_owned(),
                        Some(lever) => {
                            let key = if lever.factor.raises_value() { T::LeverRaise } else { T::LeverLower };
                            i18n.fill(key, &[("factor", i18n.t(i18n::factor(lever.factor))), ("after", &format::decimal(lever.value_after, i18n.get()))])
                        }
                    }}
                </p>
            </section>

            <section class="card">
                <h2>{i18n.tr(T::ValueStackTitle)}</h2>
                <p class="hint">
                    {move || {
                        let [a, b, c] = contract::domain::offers::typical_bonus_values(typed_money(core_value));
                        i18n.fill(T::TypicalBonuses, &[("a", &money(a)), ("b", &money(b)), ("c", &money(c))])
                    }}
                    " " {i18n.tr(T::DragHint)}
                </p>
                <ol class="stack">
                    <For each=move || bonuses.get() key=|row| row.key children=move |row: BonusRow| {
                        let key = row.key;
                        view! {
                            <li
                                class="bonus"
                                draggable="true"
                                data-testid="bonus"
                                on:dragstart=move |_| dragged.set(Some(key))
                                on:dragover=move |ev| ev.prevent_default()
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    if let Some(from) = dragged.get_untracked() {
                                        move_bonus(from, position(key));
                                    }
                                    dragged.set(None);
                                }
                            >
                                <BonusFields row=row form=form index=Signal::derive(move || position(key))/>
                                <div class="actions">
                                    <button type="button" class="link" on:click=move |_| move_bonus(key, position(key).saturating_sub(1))>{i18n.tr(T::MoveUp)}</button>
                                    <button type="button" class="link" on:click=move |_| move_bonus(key, position(key) + 1)>{i18n.tr(T::MoveDown)}</button>
                                    <button type="button" class="link danger" on:click=move |_| bonuses.update(|list| list.retain(|b| b.key != key))>{i18n.tr(T::Remove)}</button>
                                </div>
                            </li>
                        }
                    }/>
                </ol>
                <button type="button" class="secondary" on:click=add_bonus>{i18n.tr(T::AddBonus)}</button>
                <div class="totals" data-testid="totals">
                    <p>{i18n.tr(T::TotalValue)} ": " <strong>{move || money(totals.get().total_value)}</strong></p>
                    {move || totals.get().value_to_price.map(|ratio| view! {
                        <p>{i18n.fill(T::ValueToPrice, &[("ratio", &format::decimal(ratio, i18n.get()))])}</p>
                    })}
                    {move || totals.get().guidance.map(|g| view! { <p class="notice">{i18n.t(i18n::guidance(g))}</p> })}
                </div>
            </section>

            <section class="card">
                <h2>{i18n.tr(T::UrgencyScarcity)}</h2>
                <div class="row">
                    <Field label=T::Deadline name="deadline" kind="date" value=deadline form=form optional=true/>
                    <Field label=T::QuantityLimit name="quantity_limit" kind="number" value=quantity form=form optional=true/>
                </div>
            </section>

            <GuaranteePicker kind=guarantee_kind text=guarantee_text headline=headline form=form/>

            <section class="card">
                <h2>{i18n.tr(T::HvcoTitle)}</h2>
                <div class="row">
                    <Select label=T::HvcoType name="hvco.kind" value=hvco_kind form=form options=Signal::derive(move || {
                        std::iter::once((String::new(), i18n.t(T::NoHvco).to_owned()))
                            .chain(HvcoKind::ALL.iter().map(|k| (k.as_str().to_owned(), i18n.t(i18n::hvco_kind(*k)).to_owned())))
                            .collect()
                    })/>
                    <Field label=T::HvcoName name="hvco.title" value=hvco_title form=form optional=true/>
                    <Field label=T::PlannedTraffic name="hvco.planned_traffic" kind="number" value=traffic form=form optional=true/>
                </div>
                <p class="hint">
                    {move || HvcoKind::parse(&hvco_kind.get()).map(|kind| {
                        let (from, to) = kind.conversion_percent();
                        let visitors: u64 = traffic.get().trim().parse().unwrap_or(0);
                        let leads = kind.expected_leads(visitors);
                        i18n.fill(T::ExpectedLeads, &[("low", &leads.low.to_string()), ("high", &leads.high.to_string()), ("from", &from.to_string()), ("to", &to.to_string())])
                    })}
                </p>
            </section>

            <section class="card">
                <h2>{i18n.tr(T::PricingTitle)}</h2>
                <div class="row">
                    <Field label=T::Cost name="pricing_plan.cost" value=cost form=form optional=true/>
                    <Field label=T::TargetMargin name="pricing_plan.target_margin_percent" value=margin form=form optional=true/>
                    <Field label=T::AnchorPrice name="pricing_plan.anchor_price" value=anchor form=form optional=true/>
                </div>
                <div class="row">
                    <Field label=T::Installments name="pricing_plan.installment_months" value=installments form=form optional=true/>
                    <Field label=T::InstallmentMarkup name="pricing_plan.installment_markup_percent" value=markup form=form optional=true/>
                </div>
                {move || pricing_plan().map(|plan| {
                    let result = plan.at_price(typed_money(price)).evaluate();
                    let locale = i18n.get();
                    view! {
                        <p>{i18n.fill(T::RecommendedPrice, &[("price", &money(result.recommended_price))])}</p>
                        {result.margin_percent.map(|m| view! { <p>{i18n.fill(T::MarginAtPrice, &[("margin", &format::decimal(m, locale)), ("profit", &money(result.profit))])}</p> })}
                        {result.anchor_discount_percent.map(|d| view! { <p>{i18n.fill(T::AnchorDiscount, &[("discount", &format::decimal(d, locale))])}</p> })}
                        <ul>
                            {result.payment_plans.into_iter().map(|p| view! {
                                <li>{i18n.fill(T::PaymentPlan, &[("months", &p.months.to_string()), ("payment", &money(p.monthly_payment)), ("total", &money(p.total))])}</li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </section>

            {move || editable.get().then(|| view! {
                <div class="actions sticky">
                    <Submit label=T::SaveOffer form=form/>
                    <button type="button" class="secondary" on:click=variant.clone()>{i18n.tr(T::MakeVariant)}</button>
                </div>
            })}
            </fieldset>
        </form>

        <section class="card preview" aria-label=move || i18n.t(T::PreviewTitle)>
            <h2>{i18n.tr(T::PreviewTitle)}</h2>
            <div class="offer-preview" data-testid="preview">
                <h3>{move || { let h = headline.get(); if h.trim().is_empty() { name.get() } else { h } }}</h3>
                <p>{move || description.get()}</p>
                <ul>
                    <li>{move || name.get()} " — " <s>{move || money(typed_money(core_value))}</s></li>
                    {move || bonuses.get().into_iter().map(|b| view! {
                        <li>"+ " {b.name.get()} " — " <s>{money(b.minor())}</s></li>
                    }).collect_view()}
                </ul>
                <p>{move || i18n.fill(T::WorthValue, &[("value", &money(totals.get().total_value))])}</p>
                <p class="price">{move || i18n.fill(T::YourPrice, &[("price", &money(typed_money(price)))])}</p>
                {move || (!guarantee_kind.get().is_empty() && !guarantee_text.get().trim().is_empty()).then(|| view! { <p class="guarantee">"✓ " {guarantee_text.get()}</p> })}
                {move || (!deadline.get().is_empty()).then(|| view! { <p>{i18n.fill(T::EndsOn, &[("date", &deadline.get())])}</p> })}
                {move || quantity.get().trim().parse::<u32>().ok().map(|q| view! { <p>{i18n.fill(T::OnlyLeft, &[("count", &q.to_string())])}</p> })}
            </div>
        </section>
    }
}

#[component]
fn BonusFields(row: BonusRow, form: FormState, index: Signal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let id = |field: &str| format!("bonus-{}-{field}", row.key);
    // The API names a bonus's fields by its place in the stack: `bonuses[1].value`.
    let error = move |field: &'static str| {
        move || form.field_error(&format!("bonuses[{}].{field}", index.get()), i18n)
    };
    view! {
        <div class="row">
            <div class="field" class:invalid=move || error("name")().is_some()>
                <label for=id("name")>{i18n.tr(T::BonusName)}</label>
                <input id=id("name") name="bonus_name" bind:value=row.name/>
                <p class="field-error" role="alert">{error("name")}</p>
            </div>
            <div class="field" class:invalid=move || error("value")().is_some()>
                <label for=id("value")>{i18n.tr(T::BonusValue)}</label>
                <input id=id("value") name="bonus_value" inputmode="decimal" bind:value=row.value/>
                <p class="field-error" role="alert">{error("value")}</p>
            </div>
        </div>
        <div class="field">
            <label for=id("description")>{i18n.tr(T::BonusDescription)}</label>
            <input id=id("description") name="bonus_description" bind:value=row.description/>
            <p class="field-error" role="alert">{error("description")}</p>
        </div>
    }
}

/// A 1–10 slider of the value equation.
#[component]
fn Slider(label: T, name: &'static str, value: RwSignal<u8>) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("slider-{name}");
    view! {
        <div class="field slider">
            <label for=id.clone()>{move || i18n.t(label)} ": " <strong>{move || value.get()}</strong></label>
            <input
                id=id
                name=name
                type="range"
                min="1"
                max="10"
                step="1"
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<u8>() {
                        value.set(v.clamp(1, 10));
                    }
                }
            />
        </div>
    }
}

/// The guarantee: its kind with the risk it puts on the seller, and templates to start from.
#[component]
fn GuaranteePicker(
    kind: RwSignal<String>,
    text: RwSignal<String>,
    headline: RwSignal<String>,
    form: FormState,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = move || GuaranteeKind::parse(&kind.get());
    let options = Signal::derive(move || {
        std::iter::once((String::new(), i18n.t(T::NoGuarantee).to_owned()))
            .chain(GuaranteeKind::ALL.iter().map(|k| {
                (
                    k.as_str().to_owned(),
                    i18n.t(i18n::guarantee_kind(*k)).to_owned(),
                )
            }))
            .collect()
    });
    let fill_in = move |template: &str, i18n: I18n| {
        let result = headline.get_untracked();
        let result = if result.trim().is_empty() {
            i18n.t(T::Headline).to_lowercase()
        } else {
            result
        };
        fill(
            template,
            &[("days", "30"), ("result", &result), ("years", "10")],
        )
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(T::GuaranteeTitle)}</h2>
            <Select label=T::GuaranteeType name="guarantee.kind" value=kind form=form options=options/>
            {move || chosen().map(|k| view! {
                <p class="hint">{i18n.fill(T::RiskLabel, &[("risk", i18n.t(i18n::risk(k.risk())))])}</p>
                <ul class="templates">
                    {k.templates().iter().map(|template| {
                        let template = template.get(i18n.get());
                        view! {
                            <li>
                                <span>{template}</span> " "
                                <button type="button" class="link" on:click=move |_| text.set(fill_in(template, i18n))>{i18n.tr(T::UseTemplate)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <TextArea label=T::GuaranteeText name="guarantee.text" value=text form=form rows=2/>
            })}
        </section>
    }
}
