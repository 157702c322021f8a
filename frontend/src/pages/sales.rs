//! Sales: the dashboard on the business's home page, the leads kanban, orders and customers.
//! Charts come from the API as SVG drawn on the server (charts-rs stays out of the WASM).

use contract::domain::channels::Channel;
use contract::domain::permissions::Permission;
use contract::domain::sales::{LeadStage, OrderStatus};
use contract::sales::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use uuid::Uuid;

use crate::components::form::{
    Field, FormNotice, FormState, LoadError, Select, Submit, money_field, optional,
};
use crate::components::layout::Shell;
use crate::components::widgets::Table;
use crate::format;
use crate::i18n::T;
use crate::pages::business::{business_param, no_business};
use crate::state::{I18n, datetime, use_i18n, use_session};

/// A card's value as people read it: money, a ratio, a percentage or a count.
fn card_value(metric: CardMetric, value: f64, currency: &str, i18n: I18n) -> String {
    let locale = i18n.get();
    match metric {
        m if m.is_money() => format::money(value.round() as i64, currency, locale),
        CardMetric::ChurnRate | CardMetric::LeadConversionRate => {
            format!("{}\u{a0}%", format::decimal(value * 100.0, locale))
        }
        CardMetric::RoiPercent => format!("{}\u{a0}%", format::decimal(value, locale)),
        CardMetric::Roas | CardMetric::LtvToCac | CardMetric::PurchaseFrequency => {
            format::decimal(value, locale)
        }
        _ => format::integer(value.round() as i64, locale),
    }
}

fn card_label(metric: CardMetric) -> T {
    match metric {
        CardMetric::Revenue => T::KpiRevenue,
        CardMetric::Orders => T::KpiOrders,
        CardMetric::NewCustomers => T::KpiNewCustomers,
        CardMetric::Leads => T::KpiLeads,
        CardMetric::Spend => T::KpiSpend,
        CardMetric::Aov => T::KpiAov,
        CardMetric::Cac => T::KpiCac,
        CardMetric::Roas => T::KpiRoas,
        CardMetric::RoiPercent => T::KpiRoi,
        CardMetric::Clv => T::KpiClv,
        CardMetric::LtvToCac => T::KpiLtvCac,
        CardMetric::ChurnRate => T::KpiChurn,
        CardMetric::LeadConversionRate => T::KpiLeadConversion,
        CardMetric::PurchaseFrequency => T::KpiFrequency,
    }
}

const PERIODS: [(PeriodPreset, &str, T); 6] = [
    (PeriodPreset::Last7Days, "last_7_days", T::PeriodLast7),
    (PeriodPreset::Last30Days, "last_30_days", T::PeriodLast30),
    (PeriodPreset::Last90Days, "last_90_days", T::PeriodLast90),
    (PeriodPreset::ThisMonth, "this_month", T::PeriodThisMonth),
    (PeriodPreset::LastMonth, "last_month", T::PeriodLastMonth),
    (
        PeriodPreset::Last12Months,
        "last_12_months",
        T::PeriodLast12Months,
    ),
];

/// The main dashboard: KPI cards with the change against the previous period, the charts,
/// the channels, goals and alerts; first steps for a business without data.
#[component]
pub fn DashboardPanel(business: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let period = RwSignal::new("last_30_days".to_owned());
    let preset = move || {
        let chosen = period.get();
        PERIODS
            .iter()
            .find(|(_, name, _)| *name == chosen)
            .map_or(PeriodPreset::Last30Days, |(p, _, _)| *p)
    };
    // The cards this person chose for this business, remembered by this browser.
    let cards_key = StoredValue::new(format!("biznespilot.cards.{business}"));
    let cards = RwSignal::new(
        crate::state::recall(&cards_key.get_value())
            .map(|saved| {
                saved
                    .split(',')
                    .filter_map(CardMetric::parse)
                    .collect::<Vec<_>>()
            })
            .filter(|saved| !saved.is_empty())
            .unwrap_or_else(|| CardMetric::DEFAULT.to_vec()),
    );
    let toggle_card = move |metric: CardMetric, on: bool| {
        cards.update(|chosen| {
            chosen.retain(|m| *m != metric);
            if on && chosen.len() < CardMetric::MAX {
                chosen.push(metric);
            }
        });
        let names: Vec<&str> = cards.get_untracked().iter().map(|m| m.as_str()).collect();
        cards_key.with_value(|key| crate::state::remember(key, &names.join(",")));
    };
    let dashboard = LocalResource::new(move || {
        let chosen: Vec<&str> = cards.get().iter().map(|m| m.as_str()).collect();
        let request = DashboardQuery {
            period: Some(preset()),
            cards: (!chosen.is_empty()).then(|| chosen.join(",")),
            ..Default::default()
        };
        async move { session.api.dashboard(business, &request).await }
    });
    let charts = LocalResource::new(move || {
        let request = ChartQuery {
            period: Some(preset()),
            locale: Some(i18n.get()),
            ..Default::default()
        };
        async move {
            let (revenue, funnel, channels) = futures_util::join!(
                session.api.chart_svg(business, "revenue", &request),
                session.api.chart_svg(business, "funnel", &request),
                session.api.chart_svg(business, "channels", &request),
            );
            [revenue, funnel, channels].map(Result::unwrap_or_default)
        }
    });
    let base = format!("/businesses/{business}");
    view! {
        <section class="dashboard" aria-labelledby="dashboard-title">
            <div class="toolbar">
                <h2 id="dashboard-title">{i18n.tr(T::DashboardTitle)}</h2>
                <label class="inline">
                    <span>{i18n.tr(T::Period)}</span>
                    <select
                        aria-label=move || i18n.t(T::Period)
                        on:change=move |ev| period.set(event_target_value(&ev))
                        prop:value=move || period.get()
                    >
                        {PERIODS.iter().map(|(_, name, label)| view! {
                            <option value=*name>{i18n.tr(*label)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <details class="card-chooser" data-testid="card-chooser">
                    <summary>{i18n.tr(T::ChooseCards)}</summary>
                    <fieldset class="plain">
                        <legend class="hint">{move || i18n.fill(T::ChooseCardsHint, &[("max", &CardMetric::MAX.to_string())])}</legend>
                        {CardMetric::ALL.iter().map(|metric| {
                            let metric = *metric;
                            let chosen = move || cards.with(|c| c.contains(&metric));
                            view! {
                                <label class="inline">
                                    <input
                                        type="checkbox"
                                        name=metric.as_str()
                                        prop:checked=chosen
                                        prop:disabled=move || !chosen() && cards.with(|c| c.len() >= CardMetric::MAX)
                                        on:change=move |ev| toggle_card(metric, event_target_checked(&ev))
                                    />
                                    <span>{i18n.tr(card_label(metric))}</span>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                </details>
            </div>
            {move || dashboard.get().map(|loaded| match loaded {
                Err(error) => view! { <LoadError error=error/> }.into_any(),
                Ok(d) if !d.has_data => view! {
                    <div class="card empty-state" data-testid="dashboard-empty">
                        <h3>{i18n.tr(T::DashboardEmptyTitle)}</h3>
                        <p>{i18n.tr(T::DashboardEmptyText)}</p>
                        <ul class="steps">
                            <li><A href=format!("{base}/orders")>{i18n.tr(T::FirstStepOrder)}</A></li>
                            <li><A href=format!("{base}/leads")>{i18n.tr(T::FirstStepLeads)}</A></li>
                            <li><A href=format!("{base}/customers")>{i18n.tr(T::FirstStepCustomers)}</A></li>
                        </ul>
                    </div>
                }.into_any(),
                Ok(d) => {
                    let currency = d.currency.clone();
                    view! {
                        <div class="kpi-cards">
                            {d.cards.iter().map(|card| {
                                let currency = currency.clone();
                                let card = *card;
                                let value = card.value.map(|v| card_value(card.metric, v, &currency, i18n));
                                let arrow = card.change.map(|c| if c > 0.0 { "▲" } else if c < 0.0 { "▼" } else { "■" });
                                let tone = match card.improved {
                                    Some(true) => "delta good",
                                    Some(false) => "delta bad",
                                    None => "delta",
                                };
                                view! {
                                    <article class="card kpi" data-testid="kpi-card" data-metric=card.metric.as_str()>
                                        <h3>{i18n.tr(card_label(card.metric))}</h3>
                                        <p class="kpi-value">{value.unwrap_or_else(|| "—".into())}</p>
                                        <p class=tone>
                                            {arrow.zip(card.change).map(|(arrow, change)| format!(
                                                "{arrow} {}\u{a0}%",
                                                format::decimal((change * 100.0).abs(), i18n.get())
                                            ))}
                                            {card.change.is_none().then(|| i18n.t(T::NoComparison))}
                                        </p>
                                    </article>
                                }
                            }).collect_view()}
                        </div>
                        {d.funnel.biggest_drop.map(|stage| view! {
                            <p class="hint" data-testid="biggest-drop">
                                {move || format!("{} {}", i18n.t(T::BiggestDrop), stage.label().get(i18n.get()))}
                            </p>
                        })}
                        <div class="charts">
                            {move || charts.get().map(|[revenue, funnel, channels]| view! {
                                <figure class="card chart" data-testid="chart-revenue" inner_html=revenue></figure>
                                <figure class="card chart" data-testid="chart-funnel" inner_html=funnel></figure>
                                <figure class="card chart" data-testid="chart-channels" inner_html=channels></figure>
                            })}
                        </div>
                        <section class="card">
                            <h3>{i18n.tr(T::ChannelsTitle)}</h3>
                            <Table headings=&[T::Channel, T::KpiRevenue, T::KpiOrders, T::KpiNewCustomers, T::KpiSpend, T::KpiRoas]>
                                {d.channels.iter().map(|c| {
                                    let locale = i18n.get();
                                    view! {
                                        <tr>
                                            <td>{c.channel.label().get(locale)}</td>
                                            <td>{format::money(c.revenue, &currency, locale)}</td>
                                            <td>{format::integer(c.orders, locale)}</td>
                                            <td>{format::integer(c.new_customers, locale)}</td>
                                            <td>{format::money(c.spend, &currency, locale)}</td>
                                            <td>{c.roas.map_or_else(|| "—".into(), |r| format::decimal(r, locale))}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </Table>
                        </section>
                        {(!d.goals.is_empty()).then(|| view! {
                            <section class="card">
                                <h3>{i18n.tr(T::GoalsTitle)}</h3>
                                <ul class="goals">
                                    {d.goals.iter().map(|goal| {
                                        let ratio = goal.progress.map(|p| p.ratio);
                                        let percent = ratio.map(|r| (r * 100.0).clamp(0.0, 100.0));
                                        let name = goal.name.clone().unwrap_or_else(|| goal.metric.as_str().to_owned());
                                        view! {
                                            <li data-testid="goal">
                                                <span>{name}</span>
                                                {percent.map(|p| view! {
                                                    <progress max="100" value=p></progress>
                                                    <span>{format!("{}\u{a0}%", format::decimal(ratio.unwrap_or(0.0) * 100.0, i18n.get()))}</span>
                                                })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {(!d.alerts.is_empty()).then(|| view! {
                            <section class="card alerts" role="status">
                                <h3>{i18n.tr(T::AlertsTitle)}</h3>
                                <ul>
                                    {d.alerts.iter().map(|alert| view! {
                                        <li class=format!("alert {}", alert.severity.as_str()) data-testid="alert">
                                            {i18n.tr(alert_text(alert.kind))}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                    }.into_any()
                }
            })}
        </section>
    }
}

fn alert_text(kind: contract::domain::sales::AlertKind) -> T {
    use contract::domain::sales::AlertKind::*;
    match kind {
        LtvCacCritical => T::AlertLtvCacCritical,
        LtvCacLow => T::AlertLtvCacLow,
        ChurnHigh => T::AlertChurnHigh,
        RoasBelowOne => T::AlertRoasBelowOne,
        RevenueDrop => T::AlertRevenueDrop,
    }
}

/// The options of a channel select, in the person's language.
fn channel_options(i18n: I18n) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        Channel::ALL
            .iter()
            .map(|c| (c.as_str().to_owned(), c.label().get(i18n.get()).to_owned()))
            .collect()
    })
}

#[component]
pub fn LeadsPage() -> impl IntoView {
    view! { <Shell><LeadsContent/></Shell> }
}

/// The pipeline as a kanban: a column per stage; a card moves by dragging it to another
/// column or by choosing the stage in its menu (for keyboards and small screens).
#[component]
fn LeadsContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let editable = session.may(Permission::LeadsWrite);
    let reload = RwSignal::new(0u32);
    let leads = LocalResource::new(move || {
        reload.track();
        let id = business.get();
        async move {
            let Some(id) = id else {
                return Err(no_business());
            };
            let request = LeadQuery {
                limit: Some(100),
                ..Default::default()
            };
            session.api.leads(id, &request).await.map(|p| p.items)
        }
    });
    let moving = RwSignal::new(None::<Uuid>);
    let notice = FormState::new();
    let move_to = move |lead: Uuid, stage: LeadStage| {
        let Some(id) = business.get_untracked() else {
            return;
        };
        let request = UpdateLeadRequest {
            stage: Some(stage),
            ..Default::default()
        };
        spawn_local(async move {
            match session.api.update_lead(id, lead, &request).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(error) => notice.fail(&error, i18n),
            }
        });
    };
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let channel = RwSignal::new("instagram".to_owned());
    let value = RwSignal::new(String::new());
    let form = FormState::new();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = business.get_untracked() else {
            return;
        };
        let Ok(amount) = money_field(form, "value", &value.get_untracked()) else {
            return;
        };
        if !form.start() {
            return;
        }
        let request = CreateLeadRequest {
            name: name.get_untracked(),
            phone: optional(&phone.get_untracked()),
            channel: Channel::parse(&channel.get_untracked()),
            value: amount,
            ..Default::default()
        };
        spawn_local(async move {
            match session.api.create_lead(id, &request).await {
                Ok(_) => {
                    form.succeed(None);
                    name.set(String::new());
                    phone.set(String::new());
                    value.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <ListHeader title=T::LeadsTitle intro=T::LeadsIntro list="leads"/>
        {move || editable.get().then(|| view! {
            <section class="card">
                <form on:submit=create novalidate=true class="inline-form">
                    <FormNotice form=form/>
                    <Field label=T::LeadName name="name" value=name form=form required=true/>
                    <Field label=T::Phone name="phone" value=phone form=form kind="tel" optional=true/>
                    <Select label=T::Channel name="channel" value=channel form=form options=channel_options(i18n)/>
                    <Field label=T::DealValue name="value" value=value form=form optional=true/>
                    <Submit label=T::AddLead form=form/>
                </form>
            </section>
        })}
        <FormNotice form=notice/>
        {move || leads.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok(list) => view! {
                <div class="kanban">
                    {LeadStage::ALL.iter().copied().map(|stage| {
                        let column: Vec<LeadResponse> = list.iter().filter(|l| l.stage == stage).cloned().collect();
                        let count = column.len();
                        view! {
                            <section
                                class="kanban-column"
                                data-stage=stage.as_str()
                                aria-label=move || stage.label().get(i18n.get())
                                on:dragover=move |ev| ev.prevent_default()
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    if let Some(lead) = moving.get_untracked() {
                                        moving.set(None);
                                        move_to(lead, stage);
                                    }
                                }
                            >
                                <h2>{move || stage.label().get(i18n.get())} " " <span class="count">{count}</span></h2>
                                {column.into_iter().map(|lead| {
                                    let id = lead.id;
                                    let locale = i18n.get();
                                    view! {
                                        <article
                                            class="card lead"
                                            data-testid="lead"
                                            draggable=move || if editable.get() { "true" } else { "false" }
                                            on:dragstart=move |_| moving.set(Some(id))
                                        >
                                            <h3>{lead.name.clone()}</h3>
                                            <p class="muted">
                                                {lead.channel.label().get(locale)}
                                                {lead.value.map(|v| format!(" · {}", format::money(v, &lead.currency, locale)))}
                                            </p>
                                            {move || editable.get().then(|| view! {
                                                <select
                                                    aria-label=move || i18n.t(T::MoveToStage)
                                                    prop:value=stage.as_str()
                                                    on:change=move |ev| {
                                                        if let Some(next) = LeadStage::parse(&event_target_value(&ev)) {
                                                            move_to(id, next);
                                                        }
                                                    }
                                                >
                                                    {LeadStage::ALL.iter().map(|s| view! {
                                                        <option value=s.as_str() selected=*s == stage>{s.label().get(i18n.get())}</option>
                                                    }).collect_view()}
                                                </select>
                                            })}
                                        </article>
                                    }
                                }).collect_view()}
                            </section>
                        }
                    }).collect_view()}
                </div>
            }.into_any(),
        })}
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    view! { <Shell><OrdersContent/></Shell> }
}

#[component]
fn OrdersContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let editable = session.may(Permission::OrdersWrite);
    let reload = RwSignal::new(0u32);
    let status_filter = RwSignal::new(String::new());
    let orders = LocalResource::new(move || {
        reload.track();
        let id = business.get();
        let status = OrderStatus::parse(&status_filter.get());
        async move {
            let Some(id) = id else {
                return Err(no_business());
            };
            let request = OrderQuery {
                status,
                limit: Some(50),
                ..Default::default()
            };
            session.api.orders(id, &request).await.map(|p| p.items)
        }
    });
    let amount = RwSignal::new(String::new());
    let channel = RwSignal::new("instagram".to_owned());
    let status = RwSignal::new("paid".to_owned());
    let product = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_owned());
    // The catalogue, for orders recorded as products rather than a bare amount.
    let products = LocalResource::new(move || {
        let id = business.get();
        async move {
            let Some(id) = id else {
                return Vec::new();
            };
            let request = ProductQuery {
                archived: Some(false),
                limit: Some(100),
                ..Default::default()
            };
            session
                .api
                .products(id, &request)
                .await
                .map(|p| p.items)
                .unwrap_or_default()
        }
    });
    let product_options = Signal::derive(move || {
        let locale = i18n.get();
        std::iter::once((String::new(), i18n.t(T::NoProduct).to_owned()))
            .chain(products.get().unwrap_or_default().into_iter().map(|p| {
                let label = format!(
                    "{} — {}",
                    p.name,
                    format::money(p.price, &p.currency, locale)
                );
                (p.id.to_string(), label)
            }))
            .collect()
    });
    let form = FormState::new();
    let statuses = Signal::derive(move || {
        OrderStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), s.label().get(i18n.get()).to_owned()))
            .collect()
    });
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = business.get_untracked() else {
            return;
        };
        let Ok(total) = money_field(form, "amount", &amount.get_untracked()) else {
            return;
        };
        // A product chosen makes a line priced by the catalogue; the amount, if given, must
        // match it (the server checks).
        let line = match product.get_untracked().parse::<Uuid>() {
            Ok(product_id) => match quantity.get_untracked().trim().parse::<u32>() {
                Ok(quantity) if quantity > 0 => Some(OrderItem {
                    product_id: Some(product_id),
                    name: None,
                    quantity,
                    unit_price: None,
                }),
                _ => {
                    crate::components::form::not_a_number(form, "items");
                    return;
                }
            },
            Err(_) => None,
        };
        if !form.start() {
            return;
        }
        let request = CreateOrderRequest {
            amount: total,
            items: line.map(|line| vec![line]),
            channel: Channel::parse(&channel.get_untracked()),
            status: OrderStatus::parse(&status.get_untracked()),
            ..Default::default()
        };
        spawn_local(async move {
            match session.api.create_order(id, &request).await {
                Ok(_) => {
                    form.succeed(Some(i18n.t(T::OrderSaved).to_owned()));
                    amount.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <ListHeader title=T::OrdersTitle intro=T::OrdersIntro list="orders"/>
        {move || editable.get().then(|| view! {
            <section class="card">
                <form on:submit=create novalidate=true class="inline-form">
                    <FormNotice form=form/>
                    <Select label=T::Product name="product" value=product form=form options=product_options/>
                    {move || (!product.get().is_empty()).then(|| view! {
                        <Field label=T::Quantity name="items" value=quantity form=form kind="number"/>
                    })}
                    <Field label=T::OrderAmount name="amount" value=amount form=form optional=true/>
                    <Select label=T::Channel name="channel" value=channel form=form options=channel_options(i18n)/>
                    <Select label=T::OrderStatus name="status" value=status form=form options=statuses/>
                    <Submit label=T::AddOrder form=form/>
                </form>
            </section>
        })}
        <label class="inline">
            <span>{i18n.tr(T::FilterStatus)}</span>
            <select on:change=move |ev| status_filter.set(event_target_value(&ev))>
                <option value="">{i18n.tr(T::AllStatuses)}</option>
                {OrderStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label().get(i18n.get())}</option> }).collect_view()}
            </select>
        </label>
        {move || orders.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.tr(T::NoOrders)}</p> }.into_any(),
            Ok(list) => view! {
                <Table headings=&[T::OrderDate, T::OrderAmount, T::OrderStatus, T::Channel]>
                    {list.into_iter().map(|order| {
                        let locale = i18n.get();
                        view! {
                            <tr data-testid="order">
                                <td>{datetime(order.ordered_at, locale, &i18n.zone())}</td>
                                <td>{format::money(order.amount, &order.currency, locale)}</td>
                                <td>{order.status.label().get(locale)}</td>
                                <td>{order.channel.label().get(locale)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </Table>
            }.into_any(),
        })}
    }
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    view! { <Shell><ProductsContent/></Shell> }
}

/// The catalogue: what orders are made of, with prices and costs (for margins); archived
/// products stay on past orders but leave the order form.
#[component]
fn ProductsContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let editable = session.may(Permission::OrdersWrite);
    let reload = RwSignal::new(0u32);
    let search = RwSignal::new(String::new());
    let show_archived = RwSignal::new(false);
    let products = LocalResource::new(move || {
        reload.track();
        let id = business.get();
        let q = optional(&search.get());
        let archived = show_archived.get();
        async move {
            let Some(id) = id else {
                return Err(no_business());
            };
            let request = ProductQuery {
                q,
                archived: Some(archived),
                limit: Some(100),
                ..Default::default()
            };
            session.api.products(id, &request).await.map(|p| p.items)
        }
    });
    let name = RwSignal::new(String::new());
    let sku = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let cost = RwSignal::new(String::new());
    let form = FormState::new();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = business.get_untracked() else {
            return;
        };
        let (Ok(unit_price), Ok(unit_cost)) = (
            money_field(form, "price", &price.get_untracked()),
            money_field(form, "cost", &cost.get_untracked()),
        ) else {
            return;
        };
        let Some(unit_price) = unit_price else {
            crate::components::form::required(form, "price");
            return;
        };
        if !form.start() {
            return;
        }
        let request = CreateProductRequest {
            name: name.get_untracked(),
            sku: optional(&sku.get_untracked()),
            price: unit_price,
            cost: unit_cost,
            ..Default::default()
        };
        spawn_local(async move {
            match session.api.create_product(id, &request).await {
                Ok(_) => {
                    form.succeed(Some(i18n.t(T::ProductSaved).to_owned()));
                    for field in [name, sku, price, cost] {
                        field.set(String::new());
                    }
                    reload.update(|n| *n += 1);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let list_form = FormState::new();
    let archive = move |product: Uuid, archived: bool| {
        let Some(id) = business.get_untracked() else {
            return;
        };
        let request = UpdateProductRequest {
            archived: Some(archived),
            ..Default::default()
        };
        spawn_local(async move {
            match session.api.update_product(id, product, &request).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(error) => list_form.fail(&error, i18n),
            }
        });
    };
    view! {
        <ListHeader title=T::ProductsTitle intro=T::ProductsIntro list="products"/>
        {move || editable.get().then(|| view! {
            <section class="card">
                <form on:submit=create novalidate=true class="inline-form">
                    <FormNotice form=form/>
                    <Field label=T::ProductName name="name" value=name form=form required=true/>
                    <Field label=T::ProductSku name="sku" value=sku form=form optional=true/>
                    <Field label=T::ProductPrice name="price" value=price form=form required=true/>
                    <Field label=T::ProductCost name="cost" value=cost form=form optional=true/>
                    <Submit label=T::AddProduct form=form/>
                </form>
            </section>
        })}
        <div class="toolbar">
            <label class="inline">
                <span>{i18n.tr(T::Search)}</span>
                <input type="search" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            </label>
            <label class="inline">
                <input type="checkbox" prop:checked=move || show_archived.get() on:change=move |ev| show_archived.set(event_target_checked(&ev))/>
                <span>{i18n.tr(T::ShowArchived)}</span>
            </label>
        </div>
        <FormNotice form=list_form/>
        {move || products.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.tr(T::NoProducts)}</p> }.into_any(),
            Ok(list) => view! {
                <Table headings=&[T::ProductName, T::ProductSku, T::ProductPrice, T::ProductCost, T::Actions]>
                    {list.into_iter().map(|product| {
                        let locale = i18n.get();
                        let id = product.id;
                        let archived = product.archived;
                        view! {
                            <tr data-testid="product">
                                <td>{product.name.clone()}</td>
                                <td>{product.sku.clone().unwrap_or_default()}</td>
                                <td>{format::money(product.price, &product.currency, locale)}</td>
                                <td>{product.cost.map(|c| format::money(c, &product.currency, locale)).unwrap_or_default()}</td>
                                <td class="actions">
                                    {move || editable.get().then(|| view! {
                                        <button type="button" class="link" on:click=move |_| archive(id, !archived)>
                                            {i18n.tr(if archived { T::Restore } else { T::Archive })}
                                        </button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </Table>
            }.into_any(),
        })}
    }
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    view! { <Shell><CustomersContent/></Shell> }
}

#[component]
fn CustomersContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let editable = session.may(Permission::CustomersWrite);
    let reload = RwSignal::new(0u32);
    let search = RwSignal::new(String::new());
    let customers = LocalResource::new(move || {
        reload.track();
        let id = business.get();
        let q = optional(&search.get());
        async move {
            let Some(id) = id else {
                return Err(no_business());
            };
            let request = CustomerQuery {
                q,
                limit: Some(50),
                ..Default::default()
            };
            session.api.customers(id, &request).await.map(|p| p.items)
        }
    });
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let channel = RwSignal::new("instagram".to_owned());
    let form = FormState::new();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = business.get_untracked() else {
            return;
        };
        if !form.start() {
            return;
        }
        let request = CreateCustomerRequest {
            name: name.get_untracked(),
            phone: optional(&phone.get_untracked()),
            email: optional(&email.get_untracked()),
            channel: Channel::parse(&channel.get_untracked()),
            ..Default::default()
        };
        spawn_local(async move {
            match session.api.create_customer(id, &request).await {
                Ok(_) => {
                    form.succeed(None);
                    name.set(String::new());
                    phone.set(String::new());
                    email.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <ListHeader title=T::CustomersTitle list="customers"/>
        {move || editable.get().then(|| view! {
            <section class="card">
                <form on:submit=create novalidate=true class="inline-form">
                    <FormNotice form=form/>
                    <Field label=T::CustomerName name="name" value=name form=form required=true/>
                    <Field label=T::Phone name="phone" value=phone form=form kind="tel" optional=true/>
                    <Field label=T::Email name="email" value=email form=form kind="email" optional=true/>
                    <Select label=T::Channel name="channel" value=channel form=form options=channel_options(i18n)/>
                    <Submit label=T::AddCustomer form=form/>
                </form>
            </section>
        })}
        <label class="inline">
            <span>{i18n.tr(T::Search)}</span>
            <input type="search" on:input=move |ev| search.set(event_target_value(&ev)) prop:value=move || search.get()/>
        </label>
        {move || customers.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.tr(T::NoCustomers)}</p> }.into_any(),
            Ok(list) => view! {
                <Table headings=&[T::CustomerName, T::Phone, T::Channel, T::KpiOrders, T::TotalSpent]>
                    {list.into_iter().map(|customer| {
                        let locale = i18n.get();
                        view! {
                            <tr data-testid="customer">
                                <td>
                                    <A href=business.get().map(|b| format!("/businesses/{b}/customers/{}", customer.id)).unwrap_or_default()>
                                        {customer.name.clone()}
                                    </A>
                                </td>
                                <td>{customer.phone.clone().unwrap_or_default()}</td>
                                <td>{customer.channel.label().get(locale)}</td>
                                <td>{format::integer(i64::from(customer.orders_count), locale)}</td>
                                <td>{format::money(customer.total_spent, &customer.currency, locale)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </Table>
            }.into_any(),
        })}
        <Cohorts/>
    }
}

#[component]
pub fn CustomerPage() -> impl IntoView {
    view! { <Shell><CustomerContent/></Shell> }
}

/// One customer: who they are, what they bought, and their orders, newest first.
#[component]
fn CustomerContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let params = leptos_router::hooks::use_params_map();
    let customer_id = Memo::new(move |_| {
        params.with(|p| p.get("customer_id").and_then(|id| id.parse::<Uuid>().ok()))
    });
    let loaded = LocalResource::new(move || {
        let ids = business.get().zip(customer_id.get());
        async move {
            let Some((business, id)) = ids else {
                return Err(no_business());
            };
            let request = OrderQuery {
                customer_id: Some(id),
                limit: Some(100),
                ..Default::default()
            };
            let (customer, orders) = futures_util::join!(
                session.api.customer(business, id),
                session.api.orders(business, &request),
            );
            Ok((customer?, orders?.items))
        }
    });
    view! {
        {move || loaded.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok((customer, orders)) => {
                let locale = i18n.get();
                let zone = i18n.zone();
                let money = |amount: i64| format::money(amount, &customer.currency, locale);
                let average = (customer.orders_count > 0)
                    .then(|| money(customer.total_spent / i64::from(customer.orders_count)));
                let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
                    at.map_or_else(|| "—".to_owned(), |at| datetime(at, locale, &zone))
                };
                let back = business.get().map(|b| format!("/businesses/{b}/customers")).unwrap_or_default();
                view! {
                    <p><A href=back>{i18n.tr(T::NavCustomers)}</A></p>
                    <h1 data-testid="customer-name">{customer.name.clone()}</h1>
                    <section class="card">
                        <dl class="facts">
                            <dt>{i18n.tr(T::Phone)}</dt><dd>{customer.phone.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt>{i18n.tr(T::Email)}</dt><dd>{customer.email.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt>{i18n.tr(T::Channel)}</dt><dd>{customer.channel.label().get(locale)}</dd>
                            <dt>{i18n.tr(T::KpiOrders)}</dt><dd data-testid="customer-orders">{format::integer(i64::from(customer.orders_count), locale)}</dd>
                            <dt>{i18n.tr(T::TotalSpent)}</dt><dd data-testid="customer-spent">{money(customer.total_spent)}</dd>
                            <dt>{i18n.tr(T::KpiAov)}</dt><dd>{average.unwrap_or_else(|| "—".into())}</dd>
                            <dt>{i18n.tr(T::FirstOrder)}</dt><dd>{when(customer.first_order_at)}</dd>
                            <dt>{i18n.tr(T::LastOrder)}</dt><dd>{when(customer.last_order_at)}</dd>
                        </dl>
                        {customer.notes.clone().map(|notes| view! { <p class="muted">{notes}</p> })}
                    </section>
                    {if orders.is_empty() {
                        view! { <p class="muted">{i18n.tr(T::NoOrders)}</p> }.into_any()
                    } else {
                        view! {
                            <Table headings=&[T::OrderDate, T::OrderAmount, T::OrderStatus, T::Channel]>
                                {orders.into_iter().map(|order| view! {
                                    <tr data-testid="customer-order">
                                        <td>{datetime(order.ordered_at, locale, &zone)}</td>
                                        <td>{format::money(order.amount, &order.currency, locale)}</td>
                                        <td>{order.status.label().get(locale)}</td>
                                        <td>{order.channel.label().get(locale)}</td>
                                    </tr>
                                }).collect_view()}
                            </Table>
                        }.into_any()
                    }}
                }.into_any()
            }
        })}
    }
}

/// Retention by first-order month: of the customers who first bought in a month, the share
/// who bought again 1, 2, … months later.
#[component]
fn Cohorts() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let cohorts = LocalResource::new(move || {
        let id = business.get();
        async move {
            let Some(id) = id else {
                return Err(no_business());
            };
            let request = CohortQuery { months: Some(12) };
            session.api.cohorts(id, &request).await.map(|c| c.cohorts)
        }
    });
    view! {
        {move || cohorts.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok(list) if list.is_empty() => ().into_any(),
            Ok(list) => {
                let span = list.iter().map(|c| c.retention.len()).max().unwrap_or(0);
                let locale = i18n.get();
                view! {
                    <section class="card cohorts" data-testid="cohorts">
                        <h2>{i18n.tr(T::CohortsTitle)}</h2>
                        <p class="hint">{i18n.tr(T::CohortsHint)}</p>
                        <div class="table-wrap">
                            <table>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.tr(T::CohortMonth)}</th>
                                        <th scope="col">{i18n.tr(T::NavCustomers)}</th>
                                        {(1..span).map(|m| view! { <th scope="col">{format!("+{m}")}</th> }).collect_view()}
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|cohort| view! {
                                        <tr>
                                            <th scope="row">{cohort.month.format("%Y-%m").to_string()}</th>
                                            <td>{format::integer(cohort.customers, locale)}</td>
                                            {cohort.retention.iter().skip(1).map(|share| {
                                                // Shade by share, so the table reads as a heat map.
                                                let alpha = (share.clamp(0.0, 1.0) * 0.85 + 0.05).min(0.9);
                                                view! {
                                                    <td style=format!("background: rgba(31, 94, 255, {alpha:.2}); color: {}", if alpha > 0.5 { "#fff" } else { "inherit" })>
                                                        {format!("{}\u{a0}%", format::decimal(share * 100.0, locale))}
                                                    </td>
                                                }
                                            }).collect_view()}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                }.into_any()
            }
        })}
    }
}

#[component]
pub fn ImportsPage() -> impl IntoView {
    view! { <Shell><ImportContent/></Shell> }
}

/// The file's header line, read in the browser so the mapping step can offer its columns.
async fn header_of(file: &web_sys::File) -> Vec<String> {
    let Ok(head) = file.slice_with_i32_and_i32(0, 64 * 1024) else {
        return Vec::new();
    };
    let text = wasm_bindgen_futures::JsFuture::from(head.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_default();
    let first = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}');
    split_header(first, char::from(csv_delimiter(first)))
}

/// The names of a CSV header line.
fn split_header(line: &str, delimiter: char) -> Vec<String> {
    crate::sheet::csv_fields(line, delimiter)
        .into_iter()
        .filter(|name| !name.is_empty())
        .collect()
}

/// A row error in the person's language; the server's English, with the value it quotes,
/// stays as the tooltip.
fn row_error_text(code: &str) -> Option<T> {
    Some(match code {
        "required" => T::RowErrRequired,
        "too_long" => T::RowErrTooLong,
        "invalid_phone" => T::RowErrPhone,
        "invalid_email" => T::RowErrEmail,
        "invalid_amount" => T::RowErrAmount,
        "invalid_date" => T::RowErrDate,
        "invalid_stage" => T::RowErrStage,
        "invalid_status" => T::RowErrStatus,
        "other_currency" => T::RowErrCurrency,
        "missing_column" => T::RowErrMissingColumn,
        _ => return None,
    })
}

/// A list page's title with its export buttons, and what the page is for.
#[component]
fn ListHeader(title: T, #[prop(optional)] intro: Option<T>, list: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="toolbar">
            <h1>{i18n.tr(title)}</h1>
            <ExportButtons list=list/>
        </div>
        {intro.map(|intro| view! { <p class="muted">{i18n.tr(intro)}</p> })}
    }
}

/// Buttons that download a whole list as CSV or XLSX.
#[component]
fn ExportButtons(list: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let failed = RwSignal::new(false);
    let export = move |format: &'static str| {
        let Some(id) = business.get_untracked() else {
            return;
        };
        failed.set(false);
        spawn_local(async move {
            match session.api.export(id, list, format).await {
                Ok(file) => {
                    crate::components::widgets::download_blob(&format!("{list}.{format}"), &file)
                }
                Err(_) => failed.set(true),
            }
        });
    };
    view! {
        <div class="actions">
            <button type="button" class="secondary" on:click=move |_| export("csv")>{i18n.tr(T::ExportCsv)}</button>
            <button type="button" class="secondary" on:click=move |_| export("xlsx")>{i18n.tr(T::ExportXlsx)}</button>
            {move || failed.get().then(|| view! { <span class="error" role="alert">{i18n.tr(T::ExportFailed)}</span> })}
        </div>
    }
}

/// Import a CSV or XLSX file in three steps: pick the file, map its columns (only when they are
/// not named like ours), check it (a dry run with errors by line and column), then import,
/// following its progress, with undo.
#[component]
fn ImportContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let kind = RwSignal::new("orders".to_owned());
    let file = StoredValue::new_local(None::<web_sys::File>);
    let headers = RwSignal::new(Vec::<String>::new());
    let mapping = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    let skip_invalid = RwSignal::new(false);
    let report = RwSignal::new(None::<ImportResponse>);
    // Rows read by the import running now, as the server counts them.
    let progress = RwSignal::new(None::<u64>);
    let importing = RwSignal::new(false);
    let form = FormState::new();
    let chosen_kind = move || ImportKind::parse(&kind.get()).unwrap_or(ImportKind::Orders);
    let pick = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let picked = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        report.set(None);
        let Some(id) = business.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let ours = ImportKind::parse(&kind.get_untracked()).unwrap_or(ImportKind::Orders);
            // A workbook cannot be read here (it is a zip): a first check on the server names
            // its columns and matches those named like ours.
            if let Some(workbook) = picked.as_ref().filter(|f| crate::api::is_workbook(f)) {
                let first_look = ImportQuery {
                    dry_run: Some(true),
                    ..Default::default()
                };
                match session.api.import(id, ours, &first_look, workbook).await {
                    Ok(answer) => {
                        mapping.set(answer.mapping);
                        headers.set(answer.headers);
                    }
                    Err(error) => form.fail(&error, i18n),
                }
                file.set_value(picked);
                return;
            }
            let names = match &picked {
                Some(f) => header_of(f).await,
                None => Vec::new(),
            };
            // Columns named like ours map themselves; the rest waits for the person.
            let automatic = ours
                .columns()
                .iter()
                .filter_map(|c| {
                    names
                        .iter()
                        .find(|h| h.eq_ignore_ascii_case(c))
                        .map(|h| ((*c).to_owned(), h.clone()))
                })
                .collect();
            mapping.set(automatic);
            headers.set(names);
            file.set_value(picked);
        });
    };
    let send = move |dry_run: bool| {
        let Some(id) = business.get_untracked() else {
            return;
        };
        let Some(picked) = file.get_value() else {
            return;
        };
        if !form.start() {
            return;
        }
        let request = ImportQuery {
            dry_run: Some(dry_run),
            mode: Some(if skip_invalid.get_untracked() {
                ImportMode::SkipInvalid
            } else {
                ImportMode::AllOrNothing
            }),
            mapping: serde_json::to_string(&mapping.get_untracked()).ok(),
        };
        let kind = chosen_kind();
        importing.set(!dry_run);
        progress.set(None);
        // While the file goes up, the import's own record tells how far it got.
        let poll = (!dry_run)
            .then(|| {
                set_interval_with_handle(
                    move || {
                        spawn_local(async move {
                            if let Ok(page) = session.api.imports(id, 1).await
                                && let Some(latest) = page.items.first()
                                && latest.status == ImportStatus::Running
                                && importing.get_untracked()
                            {
                                progress.set(Some(latest.rows_read));
                            }
                        });
                    },
                    std::time::Duration::from_secs(1),
                )
                .ok()
            })
            .flatten();
        spawn_local(async move {
            let answer = session.api.import(id, kind, &request, &picked).await;
            if let Some(poll) = poll {
                poll.clear();
            }
            importing.set(false);
            progress.set(None);
            match answer {
                Ok(answer) => {
                    form.succeed(None);
                    report.set(Some(answer));
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let undo = move |_| {
        let Some(id) = business.get_untracked() else {
            return;
        };
        let Some(import) = report.get_untracked().and_then(|r| r.id) else {
            return;
        };
        spawn_local(async move {
            match session.api.undo_import(id, import).await {
                Ok(answer) => report.set(Some(answer)),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    // The template needs the bearer token, so it is fetched and handed over as a download.
    let download_template = move |_| {
        let Some(id) = business.get_untracked() else {
            return;
        };
        let kind = chosen_kind();
        spawn_local(async move {
            match session.api.import_template(id, kind).await {
                Ok(text) => crate::components::widgets::download(
                    &format!("{}-template.csv", kind.as_str()),
                    &text,
                    "text/csv",
                ),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let kinds = Signal::derive(move || {
        vec![
            ("orders".to_owned(), i18n.t(T::OrdersTitle).to_owned()),
            ("customers".to_owned(), i18n.t(T::CustomersTitle).to_owned()),
            ("leads".to_owned(), i18n.t(T::LeadsTitle).to_owned()),
        ]
    });
    view! {
        <h1>{i18n.tr(T::ImportTitle)}</h1>
        <p class="muted">{i18n.tr(T::ImportIntro)}</p>
        <section class="card">
            <FormNotice form=form/>
            <Select label=T::ImportKind name="kind" value=kind form=form options=kinds/>
            <p class="hint">
                <button type="button" class="link" on:click=download_template>{i18n.tr(T::DownloadTemplate)}</button>
            </p>
            <div class="field">
                <label for="import-file">{i18n.tr(T::ImportFile)}</label>
                <input id="import-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" on:change=pick/>
            </div>
            {move || (!headers.get().is_empty()).then(|| view! {
                <fieldset class="plain mapping">
                    <legend>{i18n.tr(T::ImportMapping)}</legend>
                    {chosen_kind().columns().iter().map(|column| {
                        let column = *column;
                        let required = chosen_kind().required().contains(&column);
                        view! {
                            <label class="inline">
                                <span>{column}{required.then_some(" *")}</span>
                                <select
                                    aria-label=column
                                    prop:value=move || mapping.with(|m| m.get(column).cloned().unwrap_or_default())
                                    on:change=move |ev| {
                                        let header = event_target_value(&ev);
                                        mapping.update(|m| {
                                            if header.is_empty() { m.remove(column); } else { m.insert(column.to_owned(), header); }
                                        });
                                    }
                                >
                                    <option value="">{i18n.tr(T::NotInFile)}</option>
                                    {headers.get().into_iter().map(|h| { let label = h.clone(); view! { <option value=h>{label}</option> } }).collect_view()}
                                </select>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            <label class="inline">
                <input type="checkbox" prop:checked=move || skip_invalid.get() on:change=move |ev| skip_invalid.set(event_target_checked(&ev))/>
                <span>{i18n.tr(T::SkipInvalidRows)}</span>
            </label>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| send(true) prop:disabled=move || form.saving.get()>{i18n.tr(T::CheckFile)}</button>
                <button type="button" class="primary" on:click=move |_| send(false) prop:disabled=move || form.saving.get()>{i18n.tr(T::RunImport)}</button>
            </div>
            {move || importing.get().then(|| view! {
                <p class="hint" role="status" data-testid="import-progress">
                    {move || match progress.get() {
                        Some(rows) => i18n.fill(T::ImportProgress, &[("rows", &format::integer(rows as i64, i18n.get()))]),
                        None => i18n.t(T::ImportUploading).to_owned(),
                    }}
                </p>
            })}
        </section>
        {move || report.get().map(|r| {
            let locale = i18n.get();
            let status = match r.status {
                ImportStatus::Checked => T::ImportChecked,
                ImportStatus::Succeeded => T::ImportSucceeded,
                ImportStatus::Failed => T::ImportFailed,
                ImportStatus::Undone => T::ImportUndone,
                ImportStatus::Running => T::ImportRunning,
            };
            view! {
                <section class="card" data-testid="import-report">
                    <h2>{i18n.tr(status)}</h2>
                    <p>{format!(
                        "{}: {} · {}: {} · {}: {} · {}: {}",
                        i18n.t(T::RowsRead), format::integer(r.rows_read as i64, locale),
                        i18n.t(T::RowsInvalid), format::integer(r.rows_invalid as i64, locale),
                        i18n.t(T::RowsCreated), format::integer(r.created as i64, locale),
                        i18n.t(T::RowsDuplicate), format::integer(r.duplicates as i64, locale),
                    )}</p>
                    {(!r.errors.is_empty()).then(|| view! {
                        <Table headings=&[T::Line, T::Column, T::Problem]>
                            {r.errors.iter().map(|e| view! {
                                <tr data-testid="import-error">
                                    <td>{e.line}</td>
                                    <td>{e.column.clone()}</td>
                                    <td title=e.message.clone()>{row_error_text(&e.code).map_or_else(|| e.message.clone(), |t| i18n.t(t).to_owned())}</td>
                                </tr>
                            }).collect_view()}
                        </Table>
                    })}
                    {(r.status == ImportStatus::Succeeded).then(|| view! {
                        <button type="button" class="secondary" on:click=undo>{i18n.tr(T::UndoImport)}</button>
                    })}
                </section>
            }
        })}
    }
}
