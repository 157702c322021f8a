//! Marketing channels: a card per channel (audience, trend, return, sync state, "sync now"),
//! connecting them (Telegram bot, Meta or Google sign-in, or by hand), the best time to post
//! of a Telegram channel, the sync health panel, and spend with the return per channel.

use chrono::NaiveDate;
use contract::channels::*;
use contract::domain::channels::{Channel, ChannelStatus, SyncStatus};
use contract::domain::permissions::Permission;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::components::form::{
    Checkbox, Field, FormNotice, FormState, LoadError, Notice, Select, Submit, money_field,
    not_a_number, optional,
};
use crate::components::layout::Shell;
use crate::components::widgets::{Table, confirm};
use crate::format;
use crate::i18n::T;
use crate::pages::business::{business_param, no_business};
use crate::sheet::SpendProblem;
use crate::state::{I18n, Session, datetime, use_i18n, use_session};

/// The channels a business can add, in the order people look for them.
const KINDS: [Channel; 7] = [
    Channel::Telegram,
    Channel::Instagram,
    Channel::Facebook,
    Channel::GoogleAds,
    Channel::Website,
    Channel::Tiktok,
    Channel::Youtube,
];

/// The channels as `<select>` options, in the interface language.
fn kind_options(i18n: I18n) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        KINDS
            .iter()
            .map(|c| (c.as_str().to_owned(), c.label().get(i18n.get()).to_owned()))
            .collect()
    })
}

fn status_text(status: ChannelStatus) -> T {
    match status {
        ChannelStatus::Connected => T::StatusConnected,
        ChannelStatus::Paused => T::StatusPaused,
        ChannelStatus::Reconnect => T::StatusReconnect,
        ChannelStatus::Manual => T::StatusManual,
    }
}

fn sync_text(status: SyncStatus) -> T {
    match status {
        SyncStatus::Ok => T::SyncOk,
        SyncStatus::Failed => T::SyncFailed,
        SyncStatus::Throttled => T::SyncThrottled,
        SyncStatus::Reconnect => T::StatusReconnect,
        SyncStatus::Running => T::SyncRunning,
    }
}

fn ratio(value: Option<f64>, locale: contract::domain::accounts::Locale) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format::decimal(v, locale))
}

fn count(value: Option<i64>, locale: contract::domain::accounts::Locale) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format::integer(v, locale))
}

/// A line of the last 30 days, drawn as a small inline SVG.
fn sparkline(values: &[i64]) -> String {
    let (width, height) = (120.0, 32.0);
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let min = values.iter().copied().min().unwrap_or(0) as f64;
    let span = (max - min).max(1.0);
    let step = width / (values.len().max(2) - 1) as f64;
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let y = height - 2.0 - (*v as f64 - min) / span * (height - 4.0);
            format!("{:.1},{:.1}", i as f64 * step, y)
        })
        .collect();
    format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-hidden=\"true\"><polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"{}\"/></svg>",
        points.join(" ")
    )
}

#[component]
pub fn ChannelsPage() -> impl IntoView {
    view! { <Shell><ChannelsContent/></Shell> }
}

#[component]
fn ChannelsContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let editable = session.may(Permission::ChannelsWrite);
    let reload = RwSignal::new(0u32);
    let channels = LocalResource::new(move || {
        reload.track();
        let id = business.get();
        async move {
            let Some(id) = id else {
                return Err(no_business());
            };
            session.api.channels(id).await.map(|p| p.items)
        }
    });
    // Back from Meta or Google: `?connected=<id>` or `?oauth_error=<code>`.
    let query = use_query_map();
    let landing = move || {
        let query = query.get();
        if query.get("connected").is_some() {
            Some((false, i18n.t(T::ChannelConnected).to_owned()))
        } else {
            query
                .get("oauth_error")
                .map(|code| (true, i18n.fill(T::ChannelOAuthFailed, &[("code", &code)])))
        }
    };
    let list_form = FormState::new();
    view! {
        <header class="page-header">
            <h1>{i18n.tr(T::ChannelsPageTitle)}</h1>
            <p class="muted">{i18n.tr(T::ChannelsIntro)}</p>
        </header>
        {move || landing().map(|(error, text)| view! {
            <p class={if error { "notice error" } else { "notice success" }} role="status" data-testid="oauth-landing">{text}</p>
        })}
        {move || editable.get().then(|| view! { <AddChannel reload=reload/> })}
        <FormNotice form=list_form/>
        {move || channels.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.tr(T::NoChannels)}</p> }.into_any(),
            Ok(list) => view! {
                <div class="channel-grid" data-testid="channels">
                    {list.into_iter().map(|channel| view! {
                        <ChannelCard channel=channel reload=reload form=list_form/>
                    }).collect_view()}
                </div>
            }.into_any(),
        })}
        <SyncHealth reload=reload/>
        <SpendPanel reload=reload/>
    }
}

/// Sends the browser to the provider's consent page.
fn go_authorize(session: Session, business: Uuid, channel: Uuid, form: FormState, i18n: I18n) {
    spawn_local(async move {
        match session.api.authorize_channel(business, channel).await {
            Ok(grant) => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().set_href(&grant.authorize_url);
                }
            }
            Err(error) => form.fail(&error, i18n),
        }
    });
}

#[component]
fn AddChannel(reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let kind = RwSignal::new(Channel::Telegram.as_str().to_owned());
    let name = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let manual = RwSignal::new(false);
    let form = FormState::new();
    let kinds = kind_options(i18n);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = business.get_untracked() else {
            return;
        };
        let Some(channel) = Channel::parse(&kind.get_untracked()) else {
            return;
        };
        if !form.start() {
            return;
        }
        let request = CreateChannelRequest {
            kind: channel,
            name: name.get_untracked(),
            external_id: optional(&account.get_untracked()),
            manual: manual.get_untracked(),
        };
        spawn_local(async move {
            match session.api.create_channel(id, &request).await {
                Ok(created) => {
                    form.succeed(Some(i18n.t(T::ChannelAdded).to_owned()));
                    name.set(String::new());
                    account.set(String::new());
                    reload.update(|n| *n += 1);
                    // A channel that syncs through a sign-in goes straight to its consent page.
                    if created.access == "oauth" && created.status == ChannelStatus::Reconnect {
                        go_authorize(session, id, created.id, form, i18n);
                    }
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(T::AddChannel)}</h2>
            <form on:submit=submit novalidate=true class="inline-form" data-testid="add-channel">
                <FormNotice form=form/>
                <Select label=T::ChannelKind name="kind" value=kind form=form options=kinds/>
                <Field label=T::ChannelName name="name" value=name form=form required=true/>
                <Field label=T::ChannelAccount name="external_id" value=account form=form hint=T::ChannelAccountHint optional=true/>
                <Checkbox label=T::ChannelManual name="manual" value=manual form=form/>
                <Submit label=T::AddChannel form=form/>
            </form>
        </section>
    }
}

#[component]
fn ChannelCard(channel: ChannelResponse, reload: RwSignal<u32>, form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let editable = session.may(Permission::ChannelsWrite);
    let locale = i18n.get();
    let id = channel.id;
    let card = channel.card.clone();
    let returns = card.returns;
    let details = RwSignal::new(false);
    let queued = RwSignal::new(false);
    let act = move |request: UpdateChannelRequest| {
        let Some(business) = business.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match session.api.update_channel(business, id, &request).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let sync_now = move |_| {
        let Some(business) = business.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match session.api.sync_channel(business, id).await {
                Ok(_) => queued.set(true),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let name = channel.name.clone();
    let remove = move |_| {
        let Some(business) = business.get_untracked() else {
            return;
        };
        if !confirm(&i18n.fill(T::RemoveChannelConfirm, &[("name", &name)])) {
            return;
        }
        spawn_local(async move {
            match session.api.delete_channel(business, id).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let status = channel.status;
    let oauth = channel.access == "oauth";
    let kind = channel.kind;
    let last_sync = channel
        .last_sync_at
        .map(|at| datetime(at, locale, &i18n.zone()));
    view! {
        <article class="card channel-card" data-testid="channel-card" data-kind=kind.as_str()>
            <header>
                <h3>{channel.name.clone()}</h3>
                <span class="muted">{kind.label().get(locale)}</span>
                <span class=format!("badge status-{}", status.as_str())>{i18n.tr(status_text(status))}</span>
            </header>
            <dl class="figures">
                <div><dt>{i18n.tr(T::MetricFollowers)}</dt><dd>{count(card.followers, locale)}
                    {card.followers_change.map(|change| view! {
                        <small class={if change >= 0 { "up" } else { "down" }}>
                            {format!(" {}{}", if change >= 0 { "+" } else { "" }, format::integer(change, locale))}
                        </small>
                    })}
                </dd></div>
                <div><dt>{i18n.tr(T::Views)}</dt><dd>{count(card.views.or(card.reach).or(card.clicks), locale)}</dd></div>
                <div><dt>{i18n.tr(T::Spend)}</dt><dd>{format::amount(returns.spend, locale)}</dd></div>
                <div><dt>{i18n.tr(T::KpiRoi)}</dt><dd>{returns.roi_percent.map_or_else(|| "—".to_owned(), |r| format!("{}\u{a0}%", format::decimal(r, locale)))}</dd></div>
                <div><dt>{i18n.tr(T::KpiRoas)}</dt><dd>{ratio(returns.roas, locale)}</dd></div>
            </dl>
            {(!card.trend.is_empty()).then(|| view! {
                <div class="sparkline" title=move || i18n.t(T::Last30Days) inner_html=sparkline(&card.trend)></div>
            })}
            <p class="sync-line">
                <span class="muted">{i18n.tr(T::LastSync)} ": "</span>
                {last_sync.unwrap_or_else(|| i18n.t(T::NeverSynced).to_owned())}
                {channel.last_sync_status.map(|s| view! { " · " <span class=format!("sync-{}", s.as_str())>{i18n.tr(sync_text(s))}</span> })}
            </p>
            {channel.last_error.clone().map(|error| view! { <p class="field-error" role="status">{error}</p> })}
            {move || queued.get().then(|| view! { <p class="muted" role="status">{i18n.tr(T::SyncQueued)}</p> })}
            <div class="actions">
                {move || (editable.get() && status == ChannelStatus::Connected).then(|| view! {
                    <button type="button" on:click=sync_now data-testid="sync-now">{i18n.tr(T::SyncNow)}</button>
                })}
                {move || (editable.get() && oauth && status == ChannelStatus::Reconnect).then(|| view! {
                    <button type="button" class="primary" data-testid="connect"
                        on:click=move |_| if let Some(business) = business.get_untracked() { go_authorize(session, business, id, form, i18n) }>
                        {i18n.tr(if channel.authorized { T::ReconnectChannel } else { T::ConnectChannel })}
                    </button>
                })}
                {move || (editable.get() && matches!(status, ChannelStatus::Connected | ChannelStatus::Reconnect)).then(|| view! {
                    <button type="button" on:click=move |_| act(UpdateChannelRequest { paused: Some(true), ..Default::default() })>{i18n.tr(T::PauseChannel)}</button>
                })}
                {move || (editable.get() && status == ChannelStatus::Paused).then(|| view! {
                    <button type="button" on:click=move |_| act(UpdateChannelRequest { paused: Some(false), ..Default::default() })>{i18n.tr(T::ResumeChannel)}</button>
                })}
                <button type="button" aria-expanded=move || details.get().to_string() on:click=move |_| details.update(|d| *d = !*d)>{i18n.tr(T::Details)}</button>
                {move || editable.get().then(|| view! {
                    <button type="button" class="danger" on:click=remove.clone()>{i18n.tr(T::RemoveChannel)}</button>
                })}
            </div>
            {move || details.get().then(|| view! { <ChannelDetail channel=id kind=kind manual={status == ChannelStatus::Manual} reload=reload/> })}
        </article>
    }
}

/// The channel's days and, for Telegram, the best time to post.
#[component]
fn ChannelDetail(
    channel: Uuid,
    kind: Channel,
    manual: bool,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let saved = RwSignal::new(0u32);
    let metrics = LocalResource::new(move || {
        saved.track();
        let id = business.get();
        async move {
            let Some(id) = id else {
                return Err(no_business());
            };
            session
                .api
                .channel_metrics(id, channel, &MetricsQuery::default())
                .await
        }
    });
    let editable = session.may(Permission::ChannelsWrite);
    view! {
        {move || (manual && editable.get()).then(|| view! { <ManualDay channel=channel saved=saved reload=reload/> })}
        {move || metrics.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok(m) => {
                let locale = i18n.get();
                let best = m.best_time.clone();
                let never = kind == Channel::Telegram && m.days.is_empty();
                view! {
                    <div class="channel-detail">
                        {best.map(|best| view! { <BestTimeMap best=best/> })}
                        <Table headings=&[T::SpendDay, T::MetricFollowers, T::Reach, T::Views, T::Clicks, T::Spend]>
                            {m.days.iter().rev().take(14).map(|d| view! {
                                <tr>
                                    <th scope="row">{d.day.format("%Y-%m-%d").to_string()}</th>
                                    <td>{count(d.followers, locale)}</td>
                                    <td>{count(d.reach, locale)}</td>
                                    <td>{count(d.views, locale)}</td>
                                    <td>{count(d.clicks, locale)}</td>
                                    <td>{d.spend.map_or_else(|| "—".to_owned(), |s| format::money(s, &m.currency, locale))}</td>
                                </tr>
                            }).collect_view()}
                        </Table>
                        {never.then(|| view! { <p class="muted">{i18n.tr(T::NeverSynced)}</p> })}
                    </div>
                }.into_any()
            }
        })}
    }
}

/// A day of a channel kept by hand: followers, views and posts.
#[component]
fn ManualDay(channel: Uuid, saved: RwSignal<u32>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let day = RwSignal::new(String::new());
    let followers = RwSignal::new(String::new());
    let views = RwSignal::new(String::new());
    let posts = RwSignal::new(String::new());
    let form = FormState::new();
    let count_of = move |field: &str, text: &str| -> Result<Option<i64>, ()> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| not_a_number(form, field))
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = business.get_untracked() else {
            return;
        };
        let Some(on) = format::parse_date(&day.get_untracked()) else {
            crate::components::form::required(form, "days[0].day");
            return;
        };
        let (Ok(followers), Ok(views), Ok(posts)) = (
            count_of("days[0].followers", &followers.get_untracked()),
            count_of("days[0].views", &views.get_untracked()),
            count_of("days[0].posts", &posts.get_untracked()),
        ) else {
            return;
        };
        if !form.start() {
            return;
        }
        let request = SetMetricsRequest {
            days: vec![ManualMetricsDay {
                day: on,
                followers,
                views,
                posts: posts.and_then(|p| i32::try_from(p).ok()),
                ..Default::default()
            }],
        };
        spawn_local(async move {
            match session.api.set_channel_metrics(id, channel, &request).await {
                Ok(()) => {
                    form.succeed(Some(i18n.t(T::MetricsSaved).to_owned()));
                    saved.update(|n| *n += 1);
                    reload.update(|n| *n += 1);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <form on:submit=save novalidate=true class="inline-form" data-testid="manual-day">
            <h4>{i18n.tr(T::ManualDayTitle)}</h4>
            <FormNotice form=form/>
            <Field label=T::SpendDay name="days[0].day" value=day form=form kind="date" required=true/>
            <Field label=T::MetricFollowers name="days[0].followers" value=followers form=form optional=true/>
            <Field label=T::Views name="days[0].views" value=views form=form optional=true/>
            <Field label=T::Posts name="days[0].posts" value=posts form=form optional=true/>
            <Submit label=T::Save form=form/>
        </form>
    }
}

/// Hour × weekday of past posts, shaded by their average views.
#[component]
fn BestTimeMap(best: BestTime) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get();
    let days: Vec<String> = i18n.t(T::Weekdays).split(',').map(str::to_owned).collect();
    let max = best
        .hours
        .iter()
        .map(|h| h.average_views)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let cell = |weekday: i32, hour: i32| {
        best.hours
            .iter()
            .find(|h| h.weekday == weekday && h.hour == hour)
            .copied()
    };
    let summary = best.best.map(|b| {
        i18n.fill(
            T::BestTimeIs,
            &[
                (
                    "day",
                    days.get((b.weekday - 1).max(0) as usize)
                        .map_or("", String::as_str),
                ),
                ("hour", &format!("{:02}", b.hour)),
            ],
        )
    });
    view! {
        <section class="best-time" data-testid="best-time">
            <h4>{i18n.tr(T::BestTimeTitle)}</h4>
            <p class="hint">{i18n.tr(T::BestTimeHint)}</p>
            {summary.map(|s| view! { <p><strong>{s}</strong></p> })}
            {best.note.clone().map(|note| view! { <p class="muted">{note}</p> })}
            {(!best.hours.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="heat-map">
                        <thead><tr><th></th>{(0..24).map(|h| view! { <th scope="col">{format!("{h:02}")}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {(1..=7).map(|weekday| view! {
                                <tr>
                                    <th scope="row">{days.get(weekday as usize - 1).cloned().unwrap_or_default()}</th>
                                    {(0..24).map(|hour| match cell(weekday, hour) {
                                        Some(h) => {
                                            let alpha = (h.average_views / max * 0.85 + 0.05).min(0.9);
                                            view! {
                                                <td style=format!("background: rgba(31, 94, 255, {alpha:.2})") title=format!("{} · {}", format::integer(h.average_views.round() as i64, locale), h.posts)></td>
                                            }.into_any()
                                        }
                                        None => view! { <td></td> }.into_any(),
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

#[component]
fn SyncHealth(reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let health = LocalResource::new(move || {
        reload.track();
        let id = business.get();
        async move {
            let Some(id) = id else {
                return Err(no_business());
            };
            session.api.sync_health(id).await
        }
    });
    view! {
        {move || health.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok(h) if h.channels.is_empty() => ().into_any(),
            Ok(h) => {
                let locale = i18n.get();
                view! {
                    <section class="card" data-testid="sync-health">
                        <h2>{i18n.tr(T::SyncHealthTitle)}</h2>
                        <p class="hint">{i18n.tr(T::SyncHealthHint)}</p>
                        {(h.dead_letters > 0).then(|| view! {
                            <p class="field-error">{i18n.fill(T::DeadLetters, &[("count", &h.dead_letters.to_string())])}</p>
                        })}
                        <Table headings=&[T::ChannelName, T::LastSync, T::Runs, T::Failures, T::Throttled, T::RowsWritten]>
                            {h.channels.into_iter().map(|row| view! {
                                <tr>
                                    <th scope="row">{row.name} " " <span class="muted">{i18n.tr(status_text(row.status))}</span></th>
                                    <td>{row.last_run.map(|run| format!(
                                        "{} · {}",
                                        datetime(run.started_at, locale, &i18n.zone()),
                                        i18n.t(sync_text(run.status)),
                                    )).unwrap_or_else(|| i18n.t(T::NeverSynced).to_owned())}</td>
                                    <td>{format::integer(row.runs, locale)}</td>
                                    <td>{format::integer(row.failures, locale)}</td>
                                    <td>{format::integer(row.throttled, locale)}</td>
                                    <td>{format::integer(row.rows_written, locale)}</td>
                                </tr>
                            }).collect_view()}
                        </Table>
                    </section>
                }.into_any()
            }
        })}
    }
}

/// Spend typed by hand, and the return of every channel over the last 30 days. Saving reloads
/// the whole page's figures: the cards show the return too.
#[component]
fn SpendPanel(reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let business = business_param();
    let editable = session.may(Permission::ChannelsWrite);
    let summary = LocalResource::new(move || {
        reload.track();
        let id = business.get();
        async move {
            let Some(id) = id else {
                return Err(no_business());
            };
            session
                .api
                .spend_summary(id, &MetricsQuery::default())
                .await
        }
    });
    let day = RwSignal::new(String::new());
    let channel = RwSignal::new(Channel::Instagram.as_str().to_owned());
    let amount = RwSignal::new(String::new());
    let form = FormState::new();
    let kinds = kind_options(i18n);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = business.get_untracked() else {
            return;
        };
        let Ok(value) = money_field(form, "entries[0].amount", &amount.get_untracked()) else {
            return;
        };
        let (Some(value), Some(kind), Some(on)) = (
            value,
            Channel::parse(&channel.get_untracked()),
            format::parse_date(&day.get_untracked())
                .or_else(|| NaiveDate::parse_from_str(&day.get_untracked(), "%Y-%m-%d").ok()),
        ) else {
            crate::components::form::required(form, "entries[0].day");
            return;
        };
        if !form.start() {
            return;
        }
        let request = SetSpendRequest {
            entries: vec![SpendInput {
                day: on,
                channel: kind,
                amount: value,
            }],
        };
        spawn_local(async move {
            match session.api.set_spend(id, &request).await {
                Ok(()) => {
                    form.succeed(Some(i18n.t(T::SpendSaved).to_owned()));
                    amount.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    let sheet_form = FormState::new();
    let upload = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let picked = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let (Some(file), Some(id)) = (picked, business.get_untracked()) else {
            return;
        };
        if !sheet_form.start() {
            return;
        }
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            let entries = match crate::sheet::spend_entries(&text) {
                Ok(entries) => entries,
                Err(error) => {
                    let problem = i18n.t(match error.problem {
                        SpendProblem::Columns => T::SpendProblemColumns,
                        SpendProblem::Day => T::SpendProblemDay,
                        SpendProblem::Channel => T::SpendProblemChannel,
                        SpendProblem::Amount => T::SpendProblemAmount,
                    });
                    let message = i18n.fill(
                        T::SpendSheetError,
                        &[("line", &error.line.to_string()), ("problem", problem)],
                    );
                    sheet_form.saving.set(false);
                    sheet_form.notice.set(Some(Notice::Error(message)));
                    return;
                }
            };
            let count = entries.len();
            // The API takes up to 1 000 entries a request.
            for chunk in entries.chunks(1_000) {
                let request = SetSpendRequest {
                    entries: chunk.to_vec(),
                };
                if let Err(error) = session.api.set_spend(id, &request).await {
                    sheet_form.fail(&error, i18n);
                    return;
                }
            }
            sheet_form.succeed(Some(
                i18n.fill(T::SpendSheetSaved, &[("count", &count.to_string())]),
            ));
            reload.update(|n| *n += 1);
        });
    };
    view! {
        <section class="card" data-testid="spend">
            <h2>{i18n.tr(T::SpendTitle)}</h2>
            <p class="hint">{i18n.tr(T::SpendHint)}</p>
            {move || editable.get().then(|| view! {
                <div class="field">
                    <FormNotice form=sheet_form/>
                    <label for="spend-sheet">{i18n.tr(T::SpendSheet)}</label>
                    <input id="spend-sheet" type="file" accept=".csv,text/csv" on:change=upload aria-describedby="spend-sheet-hint"/>
                    <p class="hint" id="spend-sheet-hint">{i18n.tr(T::SpendSheetHint)}</p>
                </div>
            })}
            {move || editable.get().then(|| view! {
                <form on:submit=save novalidate=true class="inline-form">
                    <FormNotice form=form/>
                    <Field label=T::SpendDay name="entries[0].day" value=day form=form kind="date" required=true/>
                    <Select label=T::ChannelKind name="entries[0].channel" value=channel form=form options=kinds/>
                    <Field label=T::OrderAmount name="entries[0].amount" value=amount form=form required=true/>
                    <Submit label=T::SaveSpend form=form/>
                </form>
            })}
            {move || summary.get().map(|loaded| match loaded {
                Err(error) => view! { <LoadError error=error/> }.into_any(),
                Ok(s) => {
                    let locale = i18n.get();
                    let money = move |v: i64| format::money(v, &s.currency, locale);
                    let line = move |label: String, r: ChannelReturn| view! {
                        <tr>
                            <th scope="row">{label}</th>
                            <td>{money(r.spend)}</td>
                            <td>{money(r.revenue)}</td>
                            <td>{r.roi_percent.map_or_else(|| "—".to_owned(), |v| format!("{}\u{a0}%", format::decimal(v, locale)))}</td>
                            <td>{ratio(r.roas, locale)}</td>
                            <td>{r.cac.map_or_else(|| "—".to_owned(), |v| money(v.round() as i64))}</td>
                            <td>{r.cost_per_lead.map_or_else(|| "—".to_owned(), |v| money(v.round() as i64))}</td>
                        </tr>
                    };
                    view! {
                        <Table headings=&[T::ChannelKind, T::Spend, T::KpiRevenue, T::KpiRoi, T::KpiRoas, T::KpiCac, T::CostPerLead]>
                            {s.channels.iter().map(|row| line(row.channel.label().get(locale).to_owned(), row.returns)).collect_view()}
                            {line(i18n.t(T::TotalLabel).to_owned(), s.total)}
                        </Table>
                    }.into_any()
                }
            })}
        </section>
    }
}
