//! Who is calling: access tokens of signed-in users and API keys of third parties, and what
//! they may do in one business.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

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

/// A signed-in user and the session they use. `user` is a snapshot taken when the request
/// was authenticated (at most [`crate::Settings::session_cache_ttl`] old): good for showing,
/// while use cases that change the account read the row afresh in their transaction.
#[derive(Debug, Clone)]
pub struct UserPrincipal {
    pub user: Arc<UserRow>,
    pub session_id: Uuid,
}

/// Sessions authenticated in the last moments, so that the burst of requests a page makes
/// reads the database once. This instance forgets a session or a user the moment it changes
/// them (sign-out, revocation, password or profile change); other instances hold an entry for
/// at most the cache's lifetime.
pub struct SessionCache {
    ttl: Duration,
    entries: Mutex<CachedSessions>,
}

/// Session id → the user and until when the entry holds.
type CachedSessions = HashMap<Uuid, (Arc<UserRow>, DateTime<Utc>)>;

/// Entries kept before expired ones are swept.
const SESSION_CACHE_SWEEP_AT: usize = 10_000;

impl SessionCache {
    pub fn new(ttl: Duration) -> Self {
        SessionCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, CachedSessions> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(&self, session_id: Uuid, user_id: Uuid, now: DateTime<Utc>) -> Option<Arc<UserRow>> {
        let entries = self.entries();
        let (user, until) = entries.get(&session_id)?;
        (user.id == user_id && *until > now).then(|| user.clone())
    }

    fn put(&self, session_id: Uuid, user: Arc<UserRow>, now: DateTime<Utc>) {
        if self.ttl <= Duration::zero() {
            return;
        }
        let mut entries = self.entries();
        if entries.len() >= SESSION_CACHE_SWEEP_AT {
            entries.retain(|_, (_, until)| *until > now);
        }
        entries.insert(session_id, (user, now + self.ttl));
    }

    pub fn forget_session(&self, session_id: Uuid) {
        self.entries().remove(&session_id);
    }

    pub fn forget_user(&self, user_id: Uuid) {
        self.entries().retain(|_, (user, _)| user.id != user_id);
    }
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
            let now = services.now();
            let user = match services.sessions.get(claims.sid, claims.sub, now) {
                Some(user) => user,
                None => {
                    let user = store::sessions::user_of_live_session(
                        &services.db,
                        claims.sid,
                        claims.sub,
                        now,
                    )
                    .await?
                    .map(Arc::new)
                    .ok_or_else(invalid_token)?;
                    services.sessions.put(claims.sid, user.clone(), now);
                    user
                }
            };
            Ok(UserPrincipal {
                user,
                session_id: claims.sid,
            })
        }
    }
}

/// A key that exists, matches its secret and has not expired; its last use is noted.
async fn live_api_key(
    services: &Services,
    prefix: &str,
    secret: &str,
) -> ServiceResult<store::api_keys::ApiKeyCredentials> {
    let now = services.now();
    let key = store::api_keys::find_for_auth(&services.db, prefix)
        .await?
        .filter(|key| security::constant_time_eq(&key.secret_hash, &security::token_hash(secret)))
        .filter(|key| key.expires_at.is_none_or(|expires| expires > now))
        .ok_or_else(|| {
            ServiceError::unauthorized(
                codes::INVALID_TOKEN,
                "The API key is invalid, revoked or expired.",
            )
        })?;
    // Written at most once a minute per key, not on every request.
    if key
        .last_used_at
        .is_none_or(|used| now - used > chrono::Duration::minutes(1))
    {
        store::api_keys::touch_last_used(&services.db, key.id, now).await?;
    }
    Ok(key)
}

/// Any authenticated caller: a signed-in person or a business's API key.
#[derive(Debug, Clone)]
pub enum Caller {
    User(UserPrincipal),
    ApiKey { key_id: Uuid, business_id: Uuid },
}

impl Caller {
    /// The language a caller reads: the person's own, Uzbek for software.
    pub fn locale(&self) -> domain::accounts::Locale {
        match self {
            Caller::User(principal) => principal.user.locale,
            Caller::ApiKey { .. } => domain::accounts::Locale::default(),
        }
    }
}

pub async fn authenticate_caller(
    services: &Services,
    credentials: Option<&Credentials>,
) -> ServiceResult<Caller> {
    match credentials {
        Some(Credentials::ApiKey { prefix, secret }) => {
            let key = live_api_key(services, prefix, secret).await?;
            Ok(Caller::ApiKey {
                key_id: key.id,
                business_id: key.business_id,
            })
        }
        other => authenticate_user(services, other).await.map(Caller::User),
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
            let key = live_api_key(services, prefix, secret).await?;
            if key.business_id != business_id {
                return Err(ServiceError::NotFound);
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

    fn user(id: Uuid) -> Arc<UserRow> {
        Arc::new(UserRow {
            id,
            email: "a@b.uz".into(),
            password_hash: String::new(),
            name: "A".into(),
            phone: None,
            locale: domain::accounts::Locale::Uz,
            timezone: "Asia/Tashkent".into(),
            platform_role: domain::accounts::PlatformRole::User,
            email_verified_at: None,
            last_login_at: None,
            failed_login_count: 0,
            locked_until: None,
            totp_secret_enc: None,
            totp_pending_enc: None,
            totp_enabled_at: None,
            totp_last_step: None,
            created_at: Utc::now(),
        })
    }

    #[test]
    fn cached_sessions_expire_and_are_forgotten_on_demand() {
        let cache = SessionCache::new(Duration::seconds(2));
        let now = Utc::now();
        let (session, other_session, id) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        cache.put(session, user(id), now);
        cache.put(other_session, user(id), now);
        assert!(cache.get(session, id, now + Duration::seconds(1)).is_some());
        assert!(
            cache.get(session, Uuid::now_v7(), now).is_none(),
            "another user's token never matches"
        );
        assert!(cache.get(session, id, now + Duration::seconds(2)).is_none());
        cache.forget_session(session);
        assert!(cache.get(session, id, now).is_none());
        assert!(cache.get(other_session, id, now).is_some());
        cache.forget_user(id);
        assert!(cache.get(other_session, id, now).is_none());
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
