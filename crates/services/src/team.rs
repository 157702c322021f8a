//! The team of a business: members and their roles, invitations by e-mail, leaving, and
//! ownership transfer.

use contract::businesses::BusinessResponse;
use contract::pagination::{Page, PageQuery};
use contract::problem::codes;
use contract::team::{InvitationPreview, InvitationResponse, MemberResponse};
use contract::validate::normalize_email;
use domain::activity::{ActivityAction, entity};
use domain::permissions::{self, Permission, Role, TeamChangeRefused};
use serde_json::json;
use store::team::{InvitationRow, MemberRow, NewInvitation};
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Event};
use crate::auth::{BusinessAccess, RequestMeta, UserPrincipal};
use crate::email::{self, Message};
use crate::error::{ServiceError, ServiceResult};
use crate::{businesses, pagination, security};

fn member(row: MemberRow) -> MemberResponse {
    MemberResponse {
        user_id: row.user_id,
        name: row.name,
        email: row.email,
        role: row.role,
        joined_at: row.created_at,
    }
}

fn invitation(row: InvitationRow) -> InvitationResponse {
    InvitationResponse {
        id: row.id,
        email: row.email,
        role: row.role,
        invited_by: row.invited_by,
        created_at: row.created_at,
        expires_at: row.expires_at,
    }
}

fn refused(reason: TeamChangeRefused) -> ServiceError {
    match reason {
        TeamChangeRefused::NotAllowed => ServiceError::forbidden(
            codes::FORBIDDEN,
            "Only the owner and admins manage the team.",
        ),
        TeamChangeRefused::OwnerRoleIsTransferredOnly => ServiceError::conflict(
            codes::OWNER_ROLE_IS_TRANSFERRED_ONLY,
            "The owner's role changes only by transferring ownership.",
        ),
    }
}

/// Members in the order they joined.
pub async fn list_members(
    services: &Services,
    access: &BusinessAccess,
    query: &PageQuery,
) -> ServiceResult<Page<MemberResponse>> {
    access.require(Permission::TeamRead)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let paged =
        store::team::list_members(&services.db, access.business_id, after, query.limit()).await?;
    Ok(pagination::page(paged, member))
}

/// Gives a member another role (never `owner`: see [`transfer_ownership`]).
pub async fn change_role(
    services: &Services,
    access: &BusinessAccess,
    user_id: Uuid,
    role: Role,
    meta: &RequestMeta,
) -> ServiceResult<MemberResponse> {
    access.require(Permission::TeamManage)?;
    let (_, actor_role) = access.require_user()?;
    let mut tx = services.db.begin().await?;
    let current = store::team::lock_member_role(&mut *tx, access.business_id, user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    permissions::check_member_change(actor_role, current, Some(role)).map_err(refused)?;
    if current != role {
        store::team::set_role(&mut *tx, access.business_id, user_id, role).await?;
        activity::record(
            &mut tx,
            services,
            access,
            meta,
            Event::new(
                ActivityAction::MemberRoleChanged,
                entity::MEMBER,
                Some(user_id),
            )
            .with(json!({ "role": { "before": current, "after": role } })),
        )
        .await?;
    }
    let updated = store::team::find_member(&mut *tx, access.business_id, user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok(member(updated))
}

/// Removes a member, or lets the caller leave when `user_id` is their own.
pub async fn remove_member(
    services: &Services,
    access: &BusinessAccess,
    user_id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let (actor_id, actor_role) = access.require_user()?;
    let leaving = actor_id == user_id;
    if !leaving {
        access.require(Permission::TeamManage)?;
    }
    let mut tx = services.db.begin().await?;
    let current = store::team::lock_member_role(&mut *tx, access.business_id, user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if leaving {
        if !permissions::may_leave(current) {
            return Err(ServiceError::conflict(
                codes::OWNER_CANNOT_LEAVE,
                "Transfer ownership to another member before leaving.",
            ));
        }
    } else {
        permissions::check_member_change(actor_role, current, None).map_err(refused)?;
    }
    store::team::remove_member(&mut *tx, access.business_id, user_id).await?;
    let action = if leaving {
        ActivityAction::MemberLeft
    } else {
        ActivityAction::MemberRemoved
    };
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(action, entity::MEMBER, Some(user_id)).with(json!({ "role": current })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Makes another member the owner; the previous owner becomes an admin.
pub async fn transfer_ownership(
    services: &Services,
    access: &BusinessAccess,
    new_owner: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<MemberResponse> {
    access.require(Permission::OwnershipTransfer)?;
    let (owner_id, _) = access.require_user()?;
    if new_owner == owner_id {
        return Err(ServiceError::field(
            "user_id",
            "already_owner",
            "is already the owner",
        ));
    }
    let mut tx = services.db.begin().await?;
    // Locks both rows in a fixed order so that two transfers cannot deadlock.
    let (first, second) = if owner_id < new_owner {
        (owner_id, new_owner)
    } else {
        (new_owner, owner_id)
    };
    let first_role = store::team::lock_member_role(&mut *tx, access.business_id, first).await?;
    let second_role = store::team::lock_member_role(&mut *tx, access.business_id, second).await?;
    let (owner_role, target_role) = if first == owner_id {
        (first_role, second_role)
    } else {
        (second_role, first_role)
    };
    if owner_role != Some(Role::Owner) {
        return Err(ServiceError::forbidden(
            codes::FORBIDDEN,
            "Only the owner transfers ownership.",
        ));
    }
    let target_role = target_role.ok_or_else(|| {
        ServiceError::field(
            "user_id",
            "not_a_member",
            "is not a member of this business",
        )
    })?;
    store::team::transfer_ownership(&mut tx, access.business_id, owner_id, new_owner).await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::OwnershipTransferred, entity::MEMBER, Some(new_owner))
            .with(json!({ "from_user_id": owner_id, "to_user_id": new_owner, "previous_role": target_role })),
    )
    .await?;
    let updated = store::team::find_member(&mut *tx, access.business_id, new_owner)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok(member(updated))
}

/// Invites an address with a role, e-mailing a link that works for 7 days. Inviting the same
/// address again replaces the open invitation.
pub async fn invite(
    services: &Services,
    access: &BusinessAccess,
    email_address: &str,
    role: Role,
    meta: &RequestMeta,
) -> ServiceResult<InvitationResponse> {
    access.require(Permission::TeamManage)?;
    let (inviter_id, actor_role) = access.require_user()?;
    if !permissions::may_invite(actor_role, role) {
        return Err(ServiceError::field(
            "role",
            codes::OWNER_ROLE_IS_TRANSFERRED_ONLY,
            "cannot be owner: transfer ownership instead",
        ));
    }
    let email_address = normalize_email(email_address);
    let now = services.now();
    let mut tx = services.db.begin().await?;
    let business = store::businesses::find(&mut *tx, access.business_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let inviter = store::accounts::find_by_id(&mut *tx, inviter_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if let Some(existing) = store::accounts::find_by_email(&mut *tx, &email_address).await?
        && store::team::find_member(&mut *tx, access.business_id, existing.id)
            .await?
            .is_some()
    {
        return Err(ServiceError::Conflict {
            code: codes::ALREADY_MEMBER,
            message: "This person is already a member of the business.".into(),
            field: Some("email"),
        });
    }
    let token = security::random_token();
    let row = store::team::upsert_invitation(
        &mut tx,
        NewInvitation {
            id: Uuid::now_v7(),
            business_id: access.business_id,
            email: &email_address,
            role,
            token_hash: &security::token_hash(&token),
            invited_by: inviter_id,
            now,
            expires_at: now + services.settings.invitation_ttl,
        },
    )
    .await?;
    let message = Message::Invitation {
        inviter: &inviter.name,
        business: &business.name,
        role,
        link: services.link("/invitations/accept", &token),
    };
    email::queue(&mut tx, services, &email_address, business.locale, &message).await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(
            ActivityAction::MemberInvited,
            entity::INVITATION,
            Some(row.id),
        )
        .with(json!({ "email": email_address, "role": role })),
    )
    .await?;
    tx.commit().await?;
    Ok(invitation(row))
}

/// Open invitations, newest first.
pub async fn list_invitations(
    services: &Services,
    access: &BusinessAccess,
    query: &PageQuery,
) -> ServiceResult<Page<InvitationResponse>> {
    access.require(Permission::TeamRead)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let paged = store::team::list_open_invitations(
        &services.db,
        access.business_id,
        services.now(),
        after,
        query.limit(),
    )
    .await?;
    Ok(pagination::page(paged, invitation))
}

pub async fn revoke_invitation(
    services: &Services,
    access: &BusinessAccess,
    invitation_id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::TeamManage)?;
    let mut tx = services.db.begin().await?;
    let row =
        store::team::revoke_invitation(&mut *tx, access.business_id, invitation_id, services.now())
            .await?
            .ok_or(ServiceError::NotFound)?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(
            ActivityAction::InvitationRevoked,
            entity::INVITATION,
            Some(row.id),
        )
        .with(json!({ "email": row.email })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What an invitation link offers, for the page that asks the invitee to accept.
pub async fn preview_invitation(
    services: &Services,
    token: &str,
) -> ServiceResult<InvitationPreview> {
    let found = store::team::find_open_invitation_by_token(
        &services.db,
        &security::token_hash(token),
        services.now(),
        false,
    )
    .await?
    .ok_or_else(ServiceError::invalid_token)?;
    Ok(InvitationPreview {
        business_id: found.invitation.business_id,
        business_name: found.business_name,
        email: found.invitation.email,
        role: found.invitation.role,
        invited_by_name: found.invited_by_name,
        expires_at: found.invitation.expires_at,
    })
}

/// Joins the business of an invitation. The invitation was sent to an address, so only the
/// account with that (verified) address may use it.
pub async fn accept_invitation(
    services: &Services,
    principal: &UserPrincipal,
    token: &str,
    meta: &RequestMeta,
) -> ServiceResult<BusinessResponse> {
    let user = &principal.user;
    let now = services.now();
    let mut tx = services.db.begin().await?;
    let found = store::team::find_open_invitation_by_token(
        &mut *tx,
        &security::token_hash(token),
        now,
        true,
    )
    .await?
    .ok_or_else(ServiceError::invalid_token)?;
    let invitation = found.invitation;
    if invitation.email != user.email {
        return Err(ServiceError::forbidden(
            codes::INVITATION_EMAIL_MISMATCH,
            "This invitation was sent to another e-mail address; sign in as that account to accept it.",
        ));
    }
    if store::team::find_member(&mut *tx, invitation.business_id, user.id)
        .await?
        .is_some()
    {
        return Err(ServiceError::conflict(
            codes::ALREADY_MEMBER,
            "You are already a member of this business.",
        ));
    }
    store::team::add_member(&mut *tx, invitation.business_id, user.id, invitation.role).await?;
    store::team::mark_invitation_accepted(&mut *tx, invitation.id, user.id, now).await?;
    let access = BusinessAccess::member(
        invitation.business_id,
        user.id,
        principal.session_id,
        invitation.role,
    );
    activity::record(
        &mut tx,
        services,
        &access,
        meta,
        Event::new(ActivityAction::MemberJoined, entity::MEMBER, Some(user.id))
            .with(json!({ "invitation_id": invitation.id, "role": invitation.role })),
    )
    .await?;
    let business = store::businesses::find(&mut *tx, invitation.business_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok(businesses::response(business, Some(invitation.role)))
}
