//! The team of a business (`/businesses/{business_id}/members|invitations|transfer-ownership`)
//! and the invitee's side (`/invitations/lookup|accept`).

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use contract::accounts::TokenRequest;
use contract::businesses::BusinessResponse;
use contract::pagination::{Page, PageQuery};
use contract::problem::Problem;
use contract::team::{
    CreateInvitationRequest, InvitationPreview, InvitationResponse, MemberResponse,
    TransferOwnershipRequest, UpdateMemberRequest,
};
use services::Services;
use services::{idempotency, team};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::{
    AuthUser, IdempotencyKey, Member, Meta, ValidJson, ValidQuery, perm, request_fingerprint,
};
use crate::routes::stored_response;

/// Members of the business in the order they joined.
#[utoipa::path(
    tag = "team",
    params(PageQuery),
    responses((status = 200, description = "A page of members", body = Page<MemberResponse>))
)]
#[get("/members")]
pub async fn list_members(
    services: web::Data<Services>,
    member: Member<perm::TeamRead>,
    query: ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(team::list_members(&services, &member, &query).await?))
}

/// Give a member another role (owner and admins). The owner's role changes only by transfer.
#[utoipa::path(
    tag = "team",
    params(("user_id" = Uuid, Path, description = "The member")),
    request_body = UpdateMemberRequest,
    responses(
        (status = 200, description = "The member with the new role", body = MemberResponse),
        (status = 409, description = "The owner's role moves only by transfer", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/members/{user_id}")]
pub async fn update_member(
    services: web::Data<Services>,
    member: Member<perm::TeamManage>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<UpdateMemberRequest>,
) -> ApiResult<HttpResponse> {
    let (_, user_id) = path.into_inner();
    Ok(HttpResponse::Ok()
        .json(team::change_role(&services, &member, user_id, body.role, &meta.0).await?))
}

/// Remove a member (owner and admins), or leave the business (your own user id).
#[utoipa::path(
    tag = "team",
    params(("user_id" = Uuid, Path, description = "The member, or yourself to leave")),
    responses(
        (status = 204, description = "Removed"),
        (status = 409, description = "The owner cannot leave or be removed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/members/{user_id}")]
pub async fn remove_member(
    services: web::Data<Services>,
    member: Member<perm::BusinessRead>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, user_id) = path.into_inner();
    team::remove_member(&services, &member, user_id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Make another member the owner (owner only); the previous owner becomes an admin.
#[utoipa::path(
    tag = "team",
    request_body = TransferOwnershipRequest,
    responses((status = 200, description = "The new owner", body = MemberResponse))
)]
#[post("/transfer-ownership")]
pub async fn transfer_ownership(
    services: web::Data<Services>,
    member: Member<perm::OwnershipTransfer>,
    meta: Meta,
    body: ValidJson<TransferOwnershipRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .json(team::transfer_ownership(&services, &member, body.user_id, &meta.0).await?))
}

/// Open invitations, newest first.
#[utoipa::path(
    tag = "team",
    params(PageQuery),
    responses((status = 200, description = "A page of invitations", body = Page<InvitationResponse>))
)]
#[get("/invitations")]
pub async fn list_invitations(
    services: web::Data<Services>,
    member: Member<perm::TeamRead>,
    query: ValidQuery<PageQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(team::list_invitations(&services, &member, &query).await?))
}

/// Invite someone by e-mail with a role (owner and admins).
///
/// The link works for 7 days; inviting the same address again replaces the open invitation.
/// Send an `Idempotency-Key` to make retries safe: the invitation e-mail goes out once.
#[utoipa::path(
    tag = "team",
    request_body = CreateInvitationRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body answer the first result")),
    responses(
        (status = 201, description = "Invited; the e-mail is on its way", body = InvitationResponse),
        (status = 409, description = "Already a member (`already_member`), or a request with this key is running", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations")]
pub async fn create_invitation(
    services: web::Data<Services>,
    req: HttpRequest,
    member: Member<perm::TeamManage>,
    meta: Meta,
    key: IdempotencyKey,
    body: ValidJson<CreateInvitationRequest>,
) -> ApiResult<HttpResponse> {
    let owner = member.actor.idempotency_owner();
    let stored = idempotency::run(
        &services,
        &owner,
        key.0.as_deref(),
        &request_fingerprint(&req, &body.raw),
        201,
        || team::invite(&services, &member, &body.email, body.role, &meta.0),
    )
    .await?;
    Ok(stored_response(stored))
}

/// Withdraw an open invitation; its link stops working.
#[utoipa::path(
    tag = "team",
    params(("invitation_id" = Uuid, Path, description = "The invitation")),
    responses((status = 204, description = "Withdrawn"))
)]
#[delete("/invitations/{invitation_id}")]
pub async fn revoke_invitation(
    services: web::Data<Services>,
    member: Member<perm::TeamManage>,
    meta: Meta,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (_, invitation_id) = path.into_inner();
    team::revoke_invitation(&services, &member, invitation_id, &meta.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What an invitation link offers (business, role, inviter), before signing in or accepting.
#[utoipa::path(
    tag = "team",
    request_body = TokenRequest,
    responses((status = 200, description = "The invitation", body = InvitationPreview))
)]
#[post("/lookup")]
pub async fn lookup_invitation(
    services: web::Data<Services>,
    body: ValidJson<TokenRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(team::preview_invitation(&services, &body.token).await?))
}

/// Accept an invitation as the signed-in user, whose e-mail must be the invited one.
#[utoipa::path(
    tag = "team",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Joined; the business with your role", body = BusinessResponse),
        (status = 403, description = "Sent to another address (`invitation_email_mismatch`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member (`already_member`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("")]
pub async fn accept_invitation(
    services: web::Data<Services>,
    user: AuthUser,
    meta: Meta,
    body: ValidJson<TokenRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .json(team::accept_invitation(&services, &user.0, &body.token, &meta.0).await?))
}
