//! Business roles and the permission matrix (SPEC §0, multi-tenancy).
//!
//! A member acts through their role; an API key acts through its scopes, which are a subset of
//! the permissions that may be delegated to software. Every route of the API names the one
//! permission it needs, and this module alone decides who has it.

use serde::{Deserialize, Serialize};

/// A member's role in one business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including billing, ownership transfer and deleting the business.
    Owner,
    /// Everything but billing, ownership transfer and deleting the business.
    Admin,
    /// Channels, content, competitors, offers, dream buyers, strategy and the AI advisor.
    Marketer,
    /// Customers, leads, orders, chatbot conversations and handoff.
    Sales,
    /// Read-only: dashboards and reports.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Admin,
        Role::Marketer,
        Role::Sales,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Marketer => "marketer",
            Role::Sales => "sales",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// Whether this role holds `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Owner => true,
            Role::Admin => !matches!(
                permission,
                BusinessDelete | BillingManage | OwnershipTransfer
            ),
            Role::Marketer => matches!(
                permission,
                BusinessRead
                    | TeamRead
                    | StrategyWrite
                    | DreamBuyersWrite
                    | OffersWrite
                    | ChannelsWrite
                    | ContentWrite
                    | CompetitorsWrite
                    | AiUse
            ),
            Role::Sales => matches!(
                permission,
                BusinessRead
                    | TeamRead
                    | CustomersWrite
                    | LeadsWrite
                    | OrdersWrite
                    | ConversationsWrite
                    | HandoffManage
            ),
            Role::Viewer => matches!(permission, BusinessRead | TeamRead),
        }
    }

    /// Every permission this role holds.
    pub fn permissions(self) -> impl Iterator<Item = Permission> {
        Permission::ALL.into_iter().filter(move |p| self.allows(*p))
    }
}

/// One thing a route may need. Names read as `<area>:<verb>`; the same strings are the scopes
/// of API keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Permission {
    /// See the business, its dashboards, reports and data.
    #[serde(rename = "business:read")]
    BusinessRead,
    /// Edit the business profile and settings.
    #[serde(rename = "business:write")]
    BusinessUpdate,
    #[serde(rename = "business:delete")]
    BusinessDelete,
    #[serde(rename = "billing:manage")]
    BillingManage,
    /// See the members of the team and pending invitations.
    #[serde(rename = "team:read")]
    TeamRead,
    /// Invite, change roles and remove members.
    #[serde(rename = "team:manage")]
    TeamManage,
    #[serde(rename = "ownership:transfer")]
    OwnershipTransfer,
    #[serde(rename = "activity:read")]
    ActivityRead,
    #[serde(rename = "api_keys:manage")]
    ApiKeysManage,
    /// Business profile, 9-square canvas and goals.
    #[serde(rename = "strategy:write")]
    StrategyWrite,
    #[serde(rename = "dream_buyers:write")]
    DreamBuyersWrite,
    #[serde(rename = "offers:write")]
    OffersWrite,
    #[serde(rename = "channels:write")]
    ChannelsWrite,
    #[serde(rename = "content:write")]
    ContentWrite,
    #[serde(rename = "competitors:write")]
    CompetitorsWrite,
    #[serde(rename = "ai:use")]
    AiUse,
    #[serde(rename = "customers:write")]
    CustomersWrite,
    #[serde(rename = "leads:write")]
    LeadsWrite,
    #[serde(rename = "orders:write")]
    OrdersWrite,
    #[serde(rename = "conversations:write")]
    ConversationsWrite,
    #[serde(rename = "handoff:manage")]
    HandoffManage,
}

impl Permission {
    pub const ALL: [Permission; 21] = [
        Permission::BusinessRead,
        Permission::BusinessUpdate,
        Permission::BusinessDelete,
        Permission::BillingManage,
        Permission::TeamRead,
        Permission::TeamManage,
        Permission::OwnershipTransfer,
        Permission::ActivityRead,
        Permission::ApiKeysManage,
        Permission::StrategyWrite,
        Permission::DreamBuyersWrite,
        Permission::OffersWrite,
        Permission::ChannelsWrite,
        Permission::ContentWrite,
        Permission::CompetitorsWrite,
        Permission::AiUse,
        Permission::CustomersWrite,
        Permission::LeadsWrite,
        Permission::OrdersWrite,
        Permission::ConversationsWrite,
        Permission::HandoffManage,
    ];

    pub fn as_str(self) -> &'static str {
        use Permission::*;
        match self {
            BusinessRead => "business:read",
            BusinessUpdate => "business:write",
            BusinessDelete => "business:delete",
            BillingManage => "billing:manage",
            TeamRead => "team:read",
            TeamManage => "team:manage",
            OwnershipTransfer => "ownership:transfer",
            ActivityRead => "activity:read",
            ApiKeysManage => "api_keys:manage",
            StrategyWrite => "strategy:write",
            DreamBuyersWrite => "dream_buyers:write",
            OffersWrite => "offers:write",
            ChannelsWrite => "channels:write",
            ContentWrite => "content:write",
            CompetitorsWrite => "competitors:write",
            AiUse => "ai:use",
            CustomersWrite => "customers:write",
            LeadsWrite => "leads:write",
            OrdersWrite => "orders:write",
            ConversationsWrite => "conversations:write",
            HandoffManage => "handoff:manage",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }

    /// Whether this permission only reads.
    pub fn is_read_only(self) -> bool {
        matches!(
            self,
            Permission::BusinessRead | Permission::TeamRead | Permission::ActivityRead
        )
    }

    /// Whether an API key may carry this permission as a scope. Deleting the business, billing,
    /// the team, ownership and the keys themselves stay with people.
    pub fn is_delegable(self) -> bool {
        !matches!(
            self,
            Permission::BusinessDelete
                | Permission::BillingManage
                | Permission::TeamManage
                | Permission::OwnershipTransfer
                | Permission::ApiKeysManage
        )
    }
}

/// Why a member may not make a change to another member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamChangeRefused {
    /// The actor's role does not manage the team.
    NotAllowed,
    /// Ownership moves only through a transfer, never by a role change or removal.
    OwnerRoleIsTransferredOnly,
}

/// Whether `actor` may give a member currently in `target` the role `new_role` (`None` removes
/// the member). People leave a business on their own through [`may_leave`].
pub fn check_member_change(
    actor: Role,
    target: Role,
    new_role: Option<Role>,
) -> Result<(), TeamChangeRefused> {
    if target == Role::Owner || new_role == Some(Role::Owner) {
        return Err(TeamChangeRefused::OwnerRoleIsTransferredOnly);
    }
    if !actor.allows(Permission::TeamManage) {
        return Err(TeamChangeRefused::NotAllowed);
    }
    Ok(())
}

/// Whether a member in `role` may invite someone with `invited_role`.
pub fn may_invite(actor: Role, invited_role: Role) -> bool {
    actor.allows(Permission::TeamManage) && invited_role != Role::Owner
}

/// Whether a member may leave the business: the owner must transfer ownership first.
pub fn may_leave(role: Role) -> bool {
    role != Role::Owner
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_role() -> impl Strategy<Value = Role> {
        proptest::sample::select(Role::ALL.to_vec())
    }

    fn any_permission() -> impl Strategy<Value = Permission> {
        proptest::sample::select(Permission::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn a_viewer_can_never_write(permission in any_permission()) {
            if !permission.is_read_only() {
                prop_assert!(!Role::Viewer.allows(permission));
            }
        }

        #[test]
        fn the_owner_holds_every_permission(permission in any_permission()) {
            prop_assert!(Role::Owner.allows(permission));
        }

        #[test]
        fn every_role_is_within_the_owner_and_everyone_reads_the_business(role in any_role()) {
            prop_assert!(role.permissions().all(|p| Role::Owner.allows(p)));
            prop_assert!(role.allows(Permission::BusinessRead));
        }

        #[test]
        fn only_the_owner_deletes_pays_or_transfers(role in any_role()) {
            let owner_only = [Permission::BusinessDelete, Permission::BillingManage, Permission::OwnershipTransfer];
            for permission in owner_only {
                prop_assert_eq!(role.allows(permission), role == Role::Owner);
            }
        }

        #[test]
        fn nobody_becomes_or_unseats_the_owner_by_a_role_change(
            actor in any_role(), target in any_role(), new_role in proptest::option::of(any_role())
        ) {
            let result = check_member_change(actor, target, new_role);
            if target == Role::Owner || new_role == Some(Role::Owner) {
                prop_assert_eq!(result, Err(TeamChangeRefused::OwnerRoleIsTransferredOnly));
            } else if actor == Role::Owner || actor == Role::Admin {
                prop_assert_eq!(result, Ok(()));
            } else {
                prop_assert_eq!(result, Err(TeamChangeRefused::NotAllowed));
            }
        }

        #[test]
        fn nobody_is_invited_as_owner(actor in any_role()) {
            prop_assert!(!may_invite(actor, Role::Owner));
        }

        #[test]
        fn permission_names_round_trip(permission in any_permission()) {
            prop_assert_eq!(Permission::parse(permission.as_str()), Some(permission));
        }
    }

    #[test]
    fn marketers_and_sales_split_the_work() {
        assert!(Role::Marketer.allows(Permission::OffersWrite));
        assert!(!Role::Marketer.allows(Permission::OrdersWrite));
        assert!(Role::Sales.allows(Permission::OrdersWrite));
        assert!(!Role::Sales.allows(Permission::ChannelsWrite));
        assert!(!Role::Marketer.allows(Permission::TeamManage));
        assert!(!Role::Sales.allows(Permission::ActivityRead));
    }

    #[test]
    fn people_only_permissions_are_not_delegable_to_keys() {
        assert!(!Permission::ApiKeysManage.is_delegable());
        assert!(!Permission::TeamManage.is_delegable());
        assert!(Permission::BusinessRead.is_delegable());
        assert!(Permission::OrdersWrite.is_delegable());
    }

    #[test]
    fn the_owner_cannot_leave_but_others_can() {
        assert!(!may_leave(Role::Owner));
        assert!(
            Role::ALL
                .iter()
                .filter(|r| **r != Role::Owner)
                .all(|r| may_leave(*r))
        );
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
