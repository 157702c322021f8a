//! The vocabulary of the activity log (SPEC §0, audit trail).

use serde::{Deserialize, Serialize};

/// What happened. The names are public: they appear in the API, in CSV exports and in filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActivityAction {
    // Data of a business.
    #[serde(rename = "created")]
    Created,
    #[serde(rename = "updated")]
    Updated,
    #[serde(rename = "deleted")]
    Deleted,
    #[serde(rename = "restored")]
    Restored,
    #[serde(rename = "exported")]
    Exported,
    #[serde(rename = "imported")]
    Imported,
    /// A lead moved in the pipeline.
    #[serde(rename = "stage_changed")]
    StageChanged,
    // Security of an account.
    #[serde(rename = "registered")]
    Registered,
    #[serde(rename = "email_verified")]
    EmailVerified,
    #[serde(rename = "login")]
    Login,
    #[serde(rename = "logout")]
    Logout,
    #[serde(rename = "failed_login")]
    FailedLogin,
    #[serde(rename = "locked")]
    Locked,
    #[serde(rename = "2fa_enabled")]
    TwoFactorEnabled,
    #[serde(rename = "2fa_disabled")]
    TwoFactorDisabled,
    #[serde(rename = "recovery_code_used")]
    RecoveryCodeUsed,
    #[serde(rename = "password_changed")]
    PasswordChanged,
    #[serde(rename = "password_reset")]
    PasswordReset,
    #[serde(rename = "session_revoked")]
    SessionRevoked,
    #[serde(rename = "refresh_token_reused")]
    RefreshTokenReused,
    // Life of a business and its team.
    #[serde(rename = "member_invited")]
    MemberInvited,
    #[serde(rename = "invitation_revoked")]
    InvitationRevoked,
    #[serde(rename = "member_joined")]
    MemberJoined,
    #[serde(rename = "member_role_changed")]
    MemberRoleChanged,
    #[serde(rename = "member_removed")]
    MemberRemoved,
    #[serde(rename = "member_left")]
    MemberLeft,
    #[serde(rename = "ownership_transferred")]
    OwnershipTransferred,
    #[serde(rename = "business_switched")]
    BusinessSwitched,
    #[serde(rename = "subscription_changed")]
    SubscriptionChanged,
    #[serde(rename = "api_key_created")]
    ApiKeyCreated,
    #[serde(rename = "api_key_revoked")]
    ApiKeyRevoked,
}

impl ActivityAction {
    pub const ALL: [ActivityAction; 31] = [
        ActivityAction::Created,
        ActivityAction::Updated,
        ActivityAction::Deleted,
        ActivityAction::Restored,
        ActivityAction::Exported,
        ActivityAction::Imported,
        ActivityAction::StageChanged,
        ActivityAction::Registered,
        ActivityAction::EmailVerified,
        ActivityAction::Login,
        ActivityAction::Logout,
        ActivityAction::FailedLogin,
        ActivityAction::Locked,
        ActivityAction::TwoFactorEnabled,
        ActivityAction::TwoFactorDisabled,
        ActivityAction::RecoveryCodeUsed,
        ActivityAction::PasswordChanged,
        ActivityAction::PasswordReset,
        ActivityAction::SessionRevoked,
        ActivityAction::RefreshTokenReused,
        ActivityAction::MemberInvited,
        ActivityAction::InvitationRevoked,
        ActivityAction::MemberJoined,
        ActivityAction::MemberRoleChanged,
        ActivityAction::MemberRemoved,
        ActivityAction::MemberLeft,
        ActivityAction::OwnershipTransferred,
        ActivityAction::BusinessSwitched,
        ActivityAction::SubscriptionChanged,
        ActivityAction::ApiKeyCreated,
        ActivityAction::ApiKeyRevoked,
    ];

    pub fn as_str(self) -> &'static str {
        use ActivityAction::*;
        match self {
            Created => "created",
            Updated => "updated",
            Deleted => "deleted",
            Restored => "restored",
            Exported => "exported",
            Imported => "imported",
            StageChanged => "stage_changed",
            Registered => "registered",
            EmailVerified => "email_verified",
            Login => "login",
            Logout => "logout",
            FailedLogin => "failed_login",
            Locked => "locked",
            TwoFactorEnabled => "2fa_enabled",
            TwoFactorDisabled => "2fa_disabled",
            RecoveryCodeUsed => "recovery_code_used",
            PasswordChanged => "password_changed",
            PasswordReset => "password_reset",
            SessionRevoked => "session_revoked",
            RefreshTokenReused => "refresh_token_reused",
            MemberInvited => "member_invited",
            InvitationRevoked => "invitation_revoked",
            MemberJoined => "member_joined",
            MemberRoleChanged => "member_role_changed",
            MemberRemoved => "member_removed",
            MemberLeft => "member_left",
            OwnershipTransferred => "ownership_transferred",
            BusinessSwitched => "business_switched",
            SubscriptionChanged => "subscription_changed",
            ApiKeyCreated => "api_key_created",
            ApiKeyRevoked => "api_key_revoked",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|action| action.as_str() == value)
    }

    /// Whether the event concerns the security of an account rather than business data.
    pub fn is_security_event(self) -> bool {
        use ActivityAction::*;
        matches!(
            self,
            Registered
                | EmailVerified
                | Login
                | Logout
                | FailedLogin
                | Locked
                | TwoFactorEnabled
                | TwoFactorDisabled
                | RecoveryCodeUsed
                | PasswordChanged
                | PasswordReset
                | SessionRevoked
                | RefreshTokenReused
        )
    }
}

/// Kinds of things the log talks about.
pub mod entity {
    pub const USER: &str = "user";
    pub const SESSION: &str = "session";
    pub const BUSINESS: &str = "business";
    pub const MEMBER: &str = "member";
    pub const INVITATION: &str = "invitation";
    pub const API_KEY: &str = "api_key";
    pub const ACTIVITY: &str = "activity";
    pub const PROFILE: &str = "business_profile";
    pub const CANVAS: &str = "canvas";
    pub const GOAL: &str = "goal";
    pub const DREAM_BUYER: &str = "dream_buyer";
    pub const OFFER: &str = "offer";
    pub const PRODUCT: &str = "product";
    pub const CUSTOMER: &str = "customer";
    pub const LEAD: &str = "lead";
    pub const ORDER: &str = "order";
    pub const IMPORT: &str = "import";
    pub const CHANNEL: &str = "channel";
    pub const SPEND: &str = "spend";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn action_names_are_unique_and_round_trip() {
        let names: HashSet<_> = ActivityAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), ActivityAction::ALL.len());
        for action in ActivityAction::ALL {
            assert_eq!(ActivityAction::parse(action.as_str()), Some(action));
        }
    }

    #[test]
    fn the_spec_names_of_security_events_are_kept() {
        for name in [
            "login",
            "logout",
            "failed_login",
            "2fa_enabled",
            "2fa_disabled",
            "password_changed",
            "locked",
        ] {
            let action = ActivityAction::parse(name).expect("spec action exists");
            assert!(action.is_security_event(), "{name}");
        }
    }
}
