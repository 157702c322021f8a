//! Members of a business, invitations and ownership.

use chrono::{DateTime, Utc};
use domain::permissions::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A member of a business.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberResponse {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
}

/// `PATCH /businesses/{business_id}/members/{user_id}`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMemberRequest {
    /// Any role but `owner`: ownership moves only by transfer.
    pub role: Role,
}

/// `POST /businesses/{business_id}/invitations`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvitationRequest {
    #[validate(
        email(code = "invalid_email", message = "must be an e-mail address"),
        length(max = 254)
    )]
    #[cfg_attr(feature = "openapi", schema(format = "email"))]
    pub email: String,
    /// Any role but `owner`.
    pub role: Role,
}

/// A pending invitation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationResponse {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub invited_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// `POST /invitations/lookup`: what an invitation link offers, shown before accepting.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    pub business_id: Uuid,
    pub business_name: String,
    pub email: String,
    pub role: Role,
    pub invited_by_name: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// `POST /businesses/{business_id}/transfer-ownership`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TransferOwnershipRequest {
    /// A current member who becomes the owner; the previous owner becomes an admin.
    pub user_id: Uuid,
}
