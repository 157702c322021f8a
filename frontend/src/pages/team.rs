//! The team of a business, and the invitee's page of an invitation link.

use contract::domain::permissions::{self, Permission, Role};
use contract::team::{
    CreateInvitationRequest, InvitationResponse, MemberResponse, UpdateMemberRequest,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use uuid::Uuid;

use crate::components::form::{Field, FormNotice, FormState, LoadError, Select, Submit, describe};
use crate::components::layout::{PublicPage, Shell};
use crate::components::widgets::{Table, confirm};
use crate::i18n::{self, T};
use crate::pages::business::business_param;
use crate::state::{Auth, datetime, use_i18n, use_session};

const INVITABLE: [Role; 4] = [Role::Admin, Role::Marketer, Role::Sales, Role::Viewer];

#[component]
pub fn TeamPage() -> impl IntoView {
    // The content loads its data only once the person is signed in.
    view! { <Shell><TeamContent/></Shell> }
}

#[component]
fn TeamContent() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = business_param();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        let id = id.get();
        async move {
            let id = id.ok_or_else(|| crate::api::ApiError::Unexpected("no business".into()))?;
            let business = session.api.business(id).await?;
            let members = session.api.members(id, None).await?;
            let invitations = session.api.invitations(id).await?;
            Ok::<_, crate::api::ApiError>((business, members.items, invitations.items))
        }
    });
    // Forms live here, above the lists that reload, so their messages survive a reload.
    let members_form = FormState::new();
    let invite_form = FormState::new();
    let invitations_form = FormState::new();
    let manages = Memo::new(move |_| {
        data.get()
            .and_then(Result::ok)
            .and_then(|(business, _, _)| business.role)
            .is_some_and(|role| role.allows(Permission::TeamManage))
    });
    view! {
        <h1>{i18n.tr(T::NavTeam)}</h1>
        {move || {
            let business = id.get()?;
            manages.get().then(|| view! { <Invite business=business reload=reload form=invite_form/> })
        }}
        {move || data.get().map(|loaded| match loaded {
            Err(error) => view! { <LoadError error=error/> }.into_any(),
            Ok((business, members, invitations)) => {
                let role = business.role.unwrap_or(Role::Viewer);
                view! {
                    <Members business=business.id role=role members=members reload=reload form=members_form/>
                    {role.allows(Permission::TeamManage).then(|| view! {
                        <Invitations business=business.id invitations=invitations reload=reload form=invitations_form/>
                    })}
                }
                .into_any()
            }
        })}
    }
}

#[component]
fn Members(
    business: Uuid,
    role: Role,
    members: Vec<MemberResponse>,
    reload: RwSignal<u32>,
    form: FormState,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let me = session.user().map(|u| u.id);
    let zone = i18n.zone();
    let rows = members
        .into_iter()
        .map(|member| {
            let is_me = Some(member.user_id) == me;
            let manageable = permissions::check_member_change(role, member.role, None).is_ok() && !is_me;
            let user_id = member.user_id;
            let name = member.name.clone();
            let change_role = move |ev| {
                let Some(new_role) = Role::parse(&event_target_value(&ev)) else {
                    return;
                };
                if !form.start() {
                    return;
                }
                spawn_local(async move {
                    match session.api.change_role(business, user_id, &UpdateMemberRequest { role: new_role }).await {
                        Ok(_) => {
                            form.succeed(Some(i18n.t(T::Saved).to_owned()));
                            reload.update(|n| *n += 1);
                        }
                        Err(error) => form.fail(&error, i18n),
                    }
                });
            };
            let remove = {
                let name = name.clone();
                let navigate = navigate.clone();
                move |_| {
                    let question = if is_me {
                        i18n.t(T::LeaveConfirm).to_owned()
                    } else {
                        i18n.fill(T::RemoveConfirm, &[("name", &name)])
                    };
                    if !confirm(&question) || !form.start() {
                        return;
                    }
                    let navigate = navigate.clone();
                    spawn_local(async move {
                        match session.api.remove_member(business, user_id).await {
                            Ok(()) if is_me => {
                                form.succeed(None);
                                session.current.set(None);
                                session.reload_businesses().await;
                                navigate("/", Default::default());
                            }
                            Ok(()) => {
                                form.succeed(None);
                                reload.update(|n| *n += 1);
                            }
                            Err(error) => form.fail(&error, i18n),
                        }
                    });
                }
            };
            let transfer = {
                move |_| {
                    if !confirm(&i18n.fill(T::TransferConfirm, &[("name", &name)])) || !form.start() {
                        return;
                    }
                    spawn_local(async move {
                        match session.api.transfer_ownership(business, user_id).await {
                            Ok(_) => {
                                form.succeed(Some(i18n.t(T::Saved).to_owned()));
                                session.reload_businesses().await;
                                reload.update(|n| *n += 1);
                            }
                            Err(error) => form.fail(&error, i18n),
                        }
                    });
                }
            };
            let member_role = member.role;
            let joined = datetime(member.joined_at, i18n.locale.get_untracked(), &zone);
            view! {
                <tr>
                    <td>
                        {member.name.clone()}
                        {is_me.then(|| view! { <span class="muted">" (" {i18n.tr(T::You)} ")"</span> })}
                        <br/><span class="muted">{member.email}</span>
                    </td>
                    <td>
                        {if manageable {
                            view! {
                                <select aria-label=move || i18n.t(T::Role) on:change=change_role prop:disabled=move || form.saving.get()>
                                    {INVITABLE.into_iter().map(|option| view! {
                                        <option value=option.as_str() selected=option == member_role>{move || i18n.t(i18n::role(option))}</option>
                                    }).collect_view()}
                                </select>
                            }.into_any()
                        } else {
                            view! { <span>{move || i18n.t(i18n::role(member_role))}</span> }.into_any()
                        }}
                    </td>
                    <td>{joined}</td>
                    <td class="actions">
                        {(manageable || (is_me && permissions::may_leave(member_role))).then(|| view! {
                            <button type="button" class="secondary" on:click=remove.clone() prop:disabled=move || form.saving.get()>
                                {move || if is_me { i18n.t(T::Leave) } else { i18n.t(T::RemoveMember) }}
                            </button>
                        })}
                        {(role.allows(Permission::OwnershipTransfer) && !is_me).then(|| view! {
                            <button type="button" class="secondary" on:click=transfer.clone() prop:disabled=move || form.saving.get()>
                                {i18n.tr(T::MakeOwner)}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{i18n.tr(T::Members)}</h2>
            <FormNotice form=form/>
            <Table headings=&[T::Name, T::Role, T::Joined, T::Actions]>{rows}</Table>
        </section>
    }
}

#[component]
fn Invite(business: Uuid, reload: RwSignal<u32>, form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Viewer.as_str().to_owned());
    let options = Signal::derive(move || {
        INVITABLE
            .iter()
            .map(|r| (r.as_str().to_owned(), i18n.t(i18n::role(*r)).to_owned()))
            .collect()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.start() {
            return;
        }
        let request = CreateInvitationRequest {
            email: email.get_untracked().trim().to_owned(),
            role: Role::parse(&role.get_untracked()).unwrap_or(Role::Viewer),
        };
        spawn_local(async move {
            match session.api.invite(business, &request).await {
                Ok(invitation) => {
                    form.succeed(Some(
                        i18n.fill(T::InvitationSent, &[("email", &invitation.email)]),
                    ));
                    email.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(error) => form.fail(&error, i18n),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(T::InviteTitle)}</h2>
            <form on:submit=submit novalidate=true class="inline">
                <FormNotice form=form/>
                <Field label=T::Email name="email" kind="email" value=email form=form required=true/>
                <Select label=T::Role name="role" value=role form=form options=options/>
                <Submit label=T::Invite form=form/>
            </form>
        </section>
    }
}

#[component]
fn Invitations(
    business: Uuid,
    invitations: Vec<InvitationResponse>,
    reload: RwSignal<u32>,
    form: FormState,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let zone = i18n.zone();
    let empty = invitations.is_empty();
    let rows = invitations
        .into_iter()
        .map(|invitation| {
            let id = invitation.id;
            let withdraw = move |_| {
                if !form.start() {
                    return;
                }
                spawn_local(async move {
                    match session.api.withdraw_invitation(business, id).await {
                        Ok(()) => {
                            form.succeed(None);
                            reload.update(|n| *n += 1);
                        }
                        Err(error) => form.fail(&error, i18n),
                    }
                });
            };
            let expires = datetime(invitation.expires_at, i18n.locale.get_untracked(), &zone);
            let role = invitation.role;
            view! {
                <tr>
                    <td>{invitation.email}</td>
                    <td>{move || i18n.t(i18n::role(role))}</td>
                    <td>{expires}</td>
                    <td class="actions">
                        <button type="button" class="secondary" on:click=withdraw prop:disabled=move || form.saving.get()>
                            {i18n.tr(T::Withdraw)}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{i18n.tr(T::PendingInvitations)}</h2>
            <FormNotice form=form/>
            {if empty {
                view! { <p class="muted">{i18n.tr(T::NoPendingInvitations)}</p> }.into_any()
            } else {
                view! {
                    <Table headings=&[T::Email, T::Role, T::ExpiresAt, T::Actions]>{rows}</Table>
                }
                .into_any()
            }}
        </section>
    }
}

/// `/invitations/accept?token=…`, the page of the e-mailed invitation link.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let token = StoredValue::new(
        use_query_map()
            .get_untracked()
            .get("token")
            .unwrap_or_default(),
    );
    let preview = LocalResource::new(move || async move {
        session.api.lookup_invitation(&token.get_value()).await
    });
    let form = FormState::new();
    let accept = move |_| {
        if !form.start() {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.api.accept_invitation(&token.get_value()).await {
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
    let here = StoredValue::new(format!(
        "/invitations/accept?token={}",
        String::from(js_sys::encode_uri_component(&token.get_value()))
    ));
    view! {
        <PublicPage>
            <h1>{i18n.tr(T::InvitationTitle)}</h1>
            {move || preview.get().map(|loaded| match loaded {
                Err(error) => view! { <p class="notice error" role="alert">{move || describe(&error, i18n)}</p> }.into_any(),
                Ok(invitation) => {
                    let inviter = invitation.invited_by_name.clone().unwrap_or_else(|| i18n.t(T::SomeoneInvitedYou).to_owned());
                    let body = {
                        let business = invitation.business_name.clone();
                        move || i18n.fill(T::InvitationBody, &[("inviter", &inviter), ("business", &business), ("role", i18n.t(i18n::role(invitation.role)))])
                    };
                    let email = invitation.email;
                    let encoded_email = String::from(js_sys::encode_uri_component(&email));
                    let next = String::from(js_sys::encode_uri_component(&here.get_value()));
                    let accept = accept.clone();
                    view! {
                        <p>{body}</p>
                        <p class="muted">{move || i18n.fill(T::InvitationFor, &[("email", &email)])}</p>
                        <FormNotice form=form/>
                        {move || match session.auth.get() {
                            Auth::SignedIn(_) => view! {
                                <button type="button" class="primary" on:click=accept.clone() prop:disabled=move || form.saving.get()>
                                    {i18n.tr(T::AcceptInvitation)}
                                </button>
                            }.into_any(),
                            Auth::Starting => view! { <p role="status">{i18n.tr(T::Loading)}</p> }.into_any(),
                            Auth::SignedOut => view! {
                                <p>{i18n.tr(T::SignInToAccept)}</p>
                                <p class="links">
                                    <A href=format!("/login?email={encoded_email}&next={next}") attr:class="button primary">{i18n.tr(T::SignIn)}</A>
                                    " "
                                    <A href=format!("/register?email={encoded_email}&next={next}") attr:class="button secondary">{i18n.tr(T::Register)}</A>
                                </p>
                            }.into_any(),
                        }}
                    }
                    .into_any()
                }
            })}
        </PublicPage>
    }
}
