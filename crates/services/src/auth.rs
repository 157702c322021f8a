//! Who is calling: access tokens of signed-in users and API keys of third parties, and what
//! they may do in one business.

use std::net::IpAddr;

use contract::problem::codes;
use domain::permissions::{Permission, Role};
use store::accounts::UserRow;
use store::sessions::SessionAccess;
use uuid::Uuid;

use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::security::{self, AccessClaims, TokenType};

/// The prefix that tells API keys from JWTs in `Authorization: Bearer …`.
pub const API_KEY_PREFIX: &str = "bp_";

/// Credentials read from a request before anything is looked up.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A valid, unexpired access token (its session is checked later).
    User(AccessClaims),
    /// An API key: the public prefix and the secret.
    ApiKey { prefix: String, secret: String },
    /// A token was sent but is malformed, forged or expired.
    Invalid,
}

impl Credentials {
    /// Reads the value of an `Authorization` header; `None` when it is not a bearer token.
    pub fn parse(services: &Services, authorization: &str) -> Option<Credentials> {
        let token = authorization
            .strip_prefix("Bearer ")
            .or_else(|| authorization.strip_prefix("bearer "))?
            .trim();
        if let Some(rest) = token.strip_prefix(API_KEY_PREFIX) {
            return Some(match rest.split_once('_') {
                Some((id, secret)) if !id.is_empty() && !secret.is_empty() => Credentials::ApiKey {
                    prefix: format!("{API_KEY_PREFIX}{id}"),
                    secret: secret.to_owned(),
                },
                _ => Credentials::Invalid,
            });
        }
        Some(
            match services
                .keys
                .verify_token(token, TokenType::Access, services.now())
            {
                Some(claims) => Credentials::User(claims),
                None => Credentials::Invalid,
            },
        )
    }

    /// A stable name of the caller for per-caller limits.
    pub fn rate_limit_key(&self) -> Option<String> {
        match self {
            Credentials::User(claims) => Some(format!("user:{}", claims.sub)),
            Credentials::ApiKey { prefix, .. } => Some(format!("key:{prefix}")),
            Credentials::Invalid => None,
        }
    }
}

/// Where a request came from, for the activity log and login attempts.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
}

/// A signed-in user and the session they use.
#[derive(Debug, Clone)]
pub struct UserPrincipal {
    pub user: UserRow,
    pub session_id: Uuid,
}

pub fn not_signed_in() -> ServiceError {
    ServiceError::unauthorized(
        codes::UNAUTHORIZED,
        "Sign in, or send a valid access token.",
    )
}

fn invalid_token() -> ServiceError {
    ServiceError::unauthorized(
        codes::INVALID_TOKEN,
        "The access token is invalid, expired or revoked.",
    )
}

/// The user behind credentials that must belong to a person (API keys act for a business,
/// not for a user).
pub async fn authenticate_user(
    services: &Services,
    credentials: Option<&Credentials>,
) -> ServiceResult<UserPrincipal> {
    match credentials {
        None => Err(not_signed_in()),
        Some(Credentials::Invalid) => Err(invalid_token()),
        Some(Credentials::ApiKey { .. }) => Err(ServiceError::forbidden(
            codes::FORBIDDEN,
            "API keys act for a business: use them on /api/v1/businesses/{business_id}/… routes.",
        )),
        Some(Credentials::User(claims)) => {
            let user = store::sessions::user_of_live_session(
                &services.db,
                claims.sid,
                claims.sub,
                services.now(),
            )
            .await?
            .ok_or_else(invalid_token)?;
            Ok(UserPrincipal {
                user,
                session_id: claims.sid,
            })
        }
    }
}

/// Who acts in a business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    User { user_id: Uuid, session_id: Uuid },
    ApiKey { key_id: Uuid },
}

impl Actor {
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::User { user_id, .. } => Some(*user_id),
            Actor::ApiKey { .. } => None,
        }
    }

    pub fn api_key_id(&self) -> Option<Uuid> {
        match self {
            Actor::ApiKey { key_id } => Some(*key_id),
            Actor::User { .. } => None,
        }
    }

    /// The owner of `Idempotency-Key`s sent by this actor.
    pub fn idempotency_owner(&self) -> String {
        match self {
            Actor::User { user_id, .. } => format!("user:{user_id}"),
            Actor::ApiKey { key_id } => format!("key:{key_id}"),
        }
    }
}

/// A caller's access to one business: a member's role, or an API key's scopes.
#[derive(Debug, Clone)]
pub struct BusinessAccess {
    pub business_id: Uuid,
    pub actor: Actor,
    /// The member's role; `None` for API keys.
    pub role: Option<Role>,
    scopes: Vec<Permission>,
}

impl BusinessAccess {
    pub fn allows(&self, permission: Permission) -> bool {
        match self.role {
            Some(role) => role.allows(permission),
            None => self.scopes.contains(&permission),
        }
    }

    /// Refuses with 403 unless the caller holds `permission`.
    pub fn require(&self, permission: Permission) -> ServiceResult<()> {
        if self.allows(permission) {
            Ok(())
        } else {
            Err(ServiceError::forbidden(
                codes::FORBIDDEN,
                format!("This needs the `{}` permission.", permission.as_str()),
            ))
        }
    }

    /// The acting member's user id; API keys cannot do what only people may.
    pub fn require_user(&self) -> ServiceResult<(Uuid, Role)> {
        match (self.actor, self.role) {
            (Actor::User { user_id, .. }, Some(role)) => Ok((user_id, role)),
            _ => Err(ServiceError::forbidden(
                codes::FORBIDDEN,
                "Only a signed-in member can do this.",
            )),
        }
    }

    /// Access of a member, for use cases called from outside HTTP (demo, tests).
    pub fn member(business_id: Uuid, user_id: Uuid, session_id: Uuid, role: Role) -> Self {
        BusinessAccess {
            business_id,
            actor: Actor::User {
                user_id,
                session_id,
            },
            role: Some(role),
            scopes: Vec::new(),
        }
    }
}

/// Checks credentials against one business. Unknown, foreign and deleted businesses are all
/// `NotFound`, so ids of other tenants cannot be probed.
pub async fn authorize_business(
    services: &Services,
    credentials: Option<&Credentials>,
    business_id: Uuid,
) -> ServiceResult<BusinessAccess> {
    let now = services.now();
    match credentials {
        None => Err(not_signed_in()),
        Some(Credentials::Invalid) => Err(invalid_token()),
        Some(Credentials::User(claims)) => {
            match store::sessions::session_access(
                &services.db,
                claims.sid,
                claims.sub,
                business_id,
                now,
            )
            .await?
            {
                SessionAccess::NoSession => Err(invalid_token()),
                SessionAccess::NotMember => Err(ServiceError::NotFound),
                SessionAccess::Member(role) => Ok(BusinessAccess::member(
                    business_id,
                    claims.sub,
                    claims.sid,
                    role,
                )),
            }
        }
        Some(Credentials::ApiKey { prefix, secret }) => {
            let key = store::api_keys::find_for_auth(&services.db, prefix)
                .await?
                .filter(|key| {
                    security::constant_time_eq(&key.secret_hash, &security::token_hash(secret))
                })
                .filter(|key| key.expires_at.is_none_or(|expires| expires > now))
                .ok_or_else(|| {
                    ServiceError::unauthorized(
                        codes::INVALID_TOKEN,
                        "The API key is invalid, revoked or expired.",
                    )
                })?;
            if key.business_id != business_id {
                return Err(ServiceError::NotFound);
            }
            // Written at most once a minute per key, not on every request.
            if key
                .last_used_at
                .is_none_or(|used| now - used > chrono::Duration::minutes(1))
            {
                store::api_keys::touch_last_used(&services.db, key.id, now).await?;
            }
            Ok(BusinessAccess {
                business_id,
                actor: Actor::ApiKey { key_id: key.id },
                role: None,
                scopes: key.scopes.0,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_keys_grant_only_their_scopes() {
        let access = BusinessAccess {
            business_id: Uuid::now_v7(),
            actor: Actor::ApiKey {
                key_id: Uuid::now_v7(),
            },
            role: None,
            scopes: vec![Permission::BusinessRead],
        };
        assert!(access.allows(Permission::BusinessRead));
        assert!(!access.allows(Permission::TeamRead));
        assert!(access.require_user().is_err());
    }

    #[test]
    fn members_act_through_their_role() {
        let viewer =
            BusinessAccess::member(Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Role::Viewer);
        assert!(viewer.require(Permission::BusinessRead).is_ok());
        assert!(matches!(
            viewer.require(Permission::BusinessUpdate),
            Err(ServiceError::Forbidden { .. })
        ));
    }
}
