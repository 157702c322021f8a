//! Accounts: registration and e-mail verification, login with lockout and two-factor
//! authentication, rotating refresh tokens, password reset and change, the profile and
//! sessions of the signed-in user.

use contract::accounts::{
    RegisterRequest, SessionResponse, TwoFactorSetupResponse, UpdateMeRequest, UserResponse,
};
use contract::activity::ActivityEntry;
use contract::pagination::{Page, PageQuery};
use contract::problem::codes;
use contract::validate::normalize_email;
use domain::accounts::{Locale, PlatformRole, lock_in_force, register_failed_login};
use domain::activity::{ActivityAction, entity};
use serde_json::json;
use store::accounts::{EmailTokenPurpose, LoginAttempt, NewUser, ProfileChanges, UserRow};
use store::sessions::{NewSession, RefreshOutcome};
use uuid::Uuid;

use crate::Services;
use crate::activity::{Changes, Event, record_for_user};
use crate::auth::{RequestMeta, UserPrincipal};
use crate::email::{self, Message};
use crate::error::{ServiceError, ServiceResult};
use crate::pagination;
use crate::security::{self, TokenType};

/// Tokens of a new or refreshed session.
#[derive(Debug, Clone)]
pub struct SessionTokens {
    pub session_id: Uuid,
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds the access token lives.
    pub expires_in: u64,
}

/// The first step of a login.
#[derive(Debug, Clone)]
pub enum LoginOutcome {
    Session(SessionTokens),
    TwoFactorRequired { challenge_token: String },
}

pub fn user_response(user: &UserRow) -> UserResponse {
    UserResponse {
        id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
        phone: user.phone.clone(),
        locale: user.locale,
        timezone: user.timezone.clone(),
        platform_role: user.platform_role,
        email_verified_at: user.email_verified_at,
        two_factor_enabled: user.totp_enabled_at.is_some(),
        last_login_at: user.last_login_at,
        created_at: user.created_at,
    }
}

fn password_inputs(email: &str, name: &str) -> Vec<String> {
    let mut inputs = vec![email.to_owned(), name.to_owned(), "biznespilot".to_owned()];
    if let Some((local, _)) = email.split_once('@') {
        inputs.push(local.to_owned());
    }
    inputs
}

/// Creates an account and e-mails the verification link.
pub async fn register(
    services: &Services,
    request: &RegisterRequest,
    meta: &RequestMeta,
) -> ServiceResult<UserRow> {
    let email = normalize_email(&request.email);
    let name = request.name.trim();
    let password_hash = security::hash_new_password(
        request.password.clone(),
        password_inputs(&email, name),
        "password",
    )
    .await?;
    let locale = request.locale.unwrap_or_default();

    let mut tx = services.db.begin().await?;
    let user = store::accounts::insert_user(
        &mut *tx,
        NewUser {
            id: Uuid::now_v7(),
            email: &email,
            password_hash: &password_hash,
            name,
            locale,
            platform_role: PlatformRole::User,
            email_verified_at: None,
        },
    )
    .await
    .map_err(|error| {
        if error.is_conflict_on("users_email_key") {
            ServiceError::Conflict {
                code: codes::EMAIL_TAKEN,
                message:
                    "An account with this e-mail already exists; sign in or reset the password."
                        .into(),
                field: Some("email"),
            }
        } else {
            error.into()
        }
    })?;
    record_for_user(
        &mut *tx,
        services,
        user.id,
        meta,
        Event::new(ActivityAction::Registered, entity::USER, Some(user.id)),
    )
    .await?;
    send_verification(&mut tx, services, &user).await?;
    tx.commit().await?;
    Ok(user)
}

async fn send_verification(
    conn: &mut store::PgConnection,
    services: &Services,
    user: &UserRow,
) -> ServiceResult<()> {
    let token = security::random_token();
    let now = services.now();
    store::accounts::void_email_tokens(&mut *conn, user.id, EmailTokenPurpose::VerifyEmail, now)
        .await?;
    store::accounts::insert_email_token(
        &mut *conn,
        &security::token_hash(&token),
        user.id,
        EmailTokenPurpose::VerifyEmail,
        now + services.settings.verify_email_ttl,
    )
    .await?;
    let message = Message::VerifyEmail {
        name: &user.name,
        link: services.link("/verify-email", &token),
    };
    email::queue(conn, services, &user.email, user.locale, &message).await
}

/// Confirms the address behind an e-mailed verification link.
pub async fn verify_email(
    services: &Services,
    token: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let now = services.now();
    let mut tx = services.db.begin().await?;
    let user_id = store::accounts::consume_email_token(
        &mut *tx,
        &security::token_hash(token),
        EmailTokenPurpose::VerifyEmail,
        now,
    )
    .await?
    .ok_or_else(ServiceError::invalid_token)?;
    store::accounts::mark_email_verified(&mut *tx, user_id, now).await?;
    record_for_user(
        &mut *tx,
        services,
        user_id,
        meta,
        Event::new(ActivityAction::EmailVerified, entity::USER, Some(user_id)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a new verification link when the address has an unverified account. Answers the same
/// either way, so that it cannot be used to find out who has an account.
pub async fn resend_verification(services: &Services, email: &str) -> ServiceResult<()> {
    let email = normalize_email(email);
    let Some(user) = store::accounts::find_by_email(&services.db, &email).await? else {
        return Ok(());
    };
    if user.email_verified_at.is_some() {
        return Ok(());
    }
    let mut tx = services.db.begin().await?;
    send_verification(&mut tx, services, &user).await?;
    tx.commit().await?;
    Ok(())
}

async fn record_attempt(
    conn: &mut store::PgConnection,
    services: &Services,
    user_id: Option<Uuid>,
    email: &str,
    meta: &RequestMeta,
    outcome: &str,
) -> ServiceResult<()> {
    store::accounts::record_login_attempt(
        conn,
        LoginAttempt {
            user_id,
            email,
            ip: meta.ip,
            user_agent: meta.user_agent.as_deref(),
            outcome,
            at: services.now(),
        },
    )
    .await?;
    Ok(())
}

/// A sign-in on a locked account is refused (and recorded) whatever it carries.
async fn refuse_if_locked(
    conn: &mut store::PgConnection,
    services: &Services,
    user: &UserRow,
    meta: &RequestMeta,
) -> ServiceResult<Option<ServiceError>> {
    let Some(until) = lock_in_force(user.locked_until, services.now()) else {
        return Ok(None);
    };
    record_attempt(conn, services, Some(user.id), &user.email, meta, "locked").await?;
    Ok(Some(ServiceError::Locked { until }))
}

fn invalid_credentials() -> ServiceError {
    ServiceError::unauthorized(
        codes::INVALID_CREDENTIALS,
        "The e-mail or the password is wrong.",
    )
}

/// Counts a failed first or second factor, locking the account on the fifth in a row.
/// Returns the error to answer with.
async fn fail_login(
    conn: &mut store::PgConnection,
    services: &Services,
    user: &UserRow,
    meta: &RequestMeta,
    outcome: &str,
    error: ServiceError,
) -> ServiceResult<ServiceError> {
    let failed = register_failed_login(user.failed_login_count, services.now());
    store::accounts::record_failed_login(
        &mut *conn,
        user.id,
        failed.failed_count,
        failed.locked_until,
    )
    .await?;
    record_attempt(conn, services, Some(user.id), &user.email, meta, outcome).await?;
    record_for_user(
        &mut *conn,
        services,
        user.id,
        meta,
        Event::new(ActivityAction::FailedLogin, entity::USER, Some(user.id))
            .with(json!({ "reason": outcome })),
    )
    .await?;
    let Some(until) = failed.locked_until else {
        return Ok(error);
    };
    record_for_user(
        &mut *conn,
        services,
        user.id,
        meta,
        Event::new(ActivityAction::Locked, entity::USER, Some(user.id))
            .with(json!({ "locked_until": until })),
    )
    .await?;
    email::queue(
        conn,
        services,
        &user.email,
        user.locale,
        &Message::AccountLocked {
            name: &user.name,
            until,
        },
    )
    .await?;
    Ok(ServiceError::Locked { until })
}

/// Checks e-mail and password. Five failures in a row lock the account for 15 minutes; with
/// two-factor authentication on, a correct password only earns a challenge for the second step.
pub async fn login(
    services: &Services,
    email: &str,
    password: &str,
    meta: &RequestMeta,
) -> ServiceResult<LoginOutcome> {
    let email = normalize_email(email);
    let now = services.now();
    let Some(found) = store::accounts::find_by_email(&services.db, &email).await? else {
        security::waste_password_check(password.to_owned()).await?;
        let mut conn = services.db.acquire().await?;
        record_attempt(&mut conn, services, None, &email, meta, "unknown_email").await?;
        return Err(invalid_credentials());
    };

    let mut tx = services.db.begin().await?;
    // Locked so that concurrent attempts on one account are counted one after another.
    let user = store::accounts::find_by_id_for_update(&mut *tx, found.id)
        .await?
        .ok_or_else(invalid_credentials)?;
    if let Some(error) = refuse_if_locked(&mut tx, services, &user, meta).await? {
        tx.commit().await?;
        return Err(error);
    }
    if !security::verify_password(user.password_hash.clone(), password.to_owned()).await? {
        let error = fail_login(
            &mut tx,
            services,
            &user,
            meta,
            "wrong_password",
            invalid_credentials(),
        )
        .await?;
        tx.commit().await?;
        return Err(error);
    }
    if user.email_verified_at.is_none() {
        record_attempt(
            &mut tx,
            services,
            Some(user.id),
            &email,
            meta,
            "email_not_verified",
        )
        .await?;
        tx.commit().await?;
        return Err(ServiceError::forbidden(
            codes::EMAIL_NOT_VERIFIED,
            "Confirm your e-mail address first: open the link we sent, or ask for a new one.",
        ));
    }
    if user.totp_enabled_at.is_some() {
        record_attempt(
            &mut tx,
            services,
            Some(user.id),
            &email,
            meta,
            "second_factor_required",
        )
        .await?;
        tx.commit().await?;
        let challenge_token = services.keys.issue_challenge_token(
            user.id,
            now,
            services.settings.two_factor_challenge_ttl,
        )?;
        return Ok(LoginOutcome::TwoFactorRequired { challenge_token });
    }
    let tokens = complete_login(&mut tx, services, &user, meta, None).await?;
    tx.commit().await?;
    Ok(LoginOutcome::Session(tokens))
}

async fn complete_login(
    conn: &mut store::PgConnection,
    services: &Services,
    user: &UserRow,
    meta: &RequestMeta,
    second_factor: Option<&str>,
) -> ServiceResult<SessionTokens> {
    let now = services.now();
    store::accounts::record_successful_login(&mut *conn, user.id, now, meta.ip).await?;
    record_attempt(conn, services, Some(user.id), &user.email, meta, "success").await?;
    let tokens = start_session(conn, services, user.id, meta).await?;
    let details = match second_factor {
        Some(method) => json!({ "session_id": tokens.session_id, "second_factor": method }),
        None => json!({ "session_id": tokens.session_id }),
    };
    record_for_user(
        &mut *conn,
        services,
        user.id,
        meta,
        Event::new(
            ActivityAction::Login,
            entity::SESSION,
            Some(tokens.session_id),
        )
        .with(details),
    )
    .await?;
    Ok(tokens)
}

async fn start_session(
    conn: &mut store::PgConnection,
    services: &Services,
    user_id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<SessionTokens> {
    let now = services.now();
    let session_id = Uuid::now_v7();
    let refresh_token = security::random_token();
    store::sessions::insert_session(
        conn,
        NewSession {
            id: session_id,
            user_id,
            ip: meta.ip,
            user_agent: meta.user_agent.as_deref(),
            now,
            expires_at: now + services.settings.session_ttl,
        },
        &security::token_hash(&refresh_token),
    )
    .await?;
    issue_tokens(services, user_id, session_id, refresh_token)
}

fn issue_tokens(
    services: &Services,
    user_id: Uuid,
    session_id: Uuid,
    refresh_token: String,
) -> ServiceResult<SessionTokens> {
    let ttl = services.settings.access_token_ttl;
    Ok(SessionTokens {
        session_id,
        access_token: services
            .keys
            .issue_access_token(user_id, session_id, services.now(), ttl)?,
        refresh_token,
        expires_in: u64::try_from(ttl.num_seconds()).unwrap_or(0),
    })
}

/// The second step of a login: a TOTP code or one of the recovery codes.
pub async fn login_two_factor(
    services: &Services,
    challenge_token: &str,
    code: &str,
    meta: &RequestMeta,
) -> ServiceResult<SessionTokens> {
    let now = services.now();
    let claims = services
        .keys
        .verify_token(challenge_token, TokenType::TwoFactorChallenge, now)
        .ok_or_else(|| {
            ServiceError::unauthorized(
                codes::INVALID_TOKEN,
                "The sign-in step expired; enter the e-mail and password again.",
            )
        })?;
    let mut tx = services.db.begin().await?;
    let user = store::accounts::find_by_id_for_update(&mut *tx, claims.sub)
        .await?
        .ok_or_else(invalid_credentials)?;
    if let Some(error) = refuse_if_locked(&mut tx, services, &user, meta).await? {
        tx.commit().await?;
        return Err(error);
    }
    let method = match check_second_factor(&mut tx, services, &user, code).await? {
        Some(method) => method,
        None => {
            let wrong_code = ServiceError::unauthorized(
                codes::INVALID_TWO_FACTOR_CODE,
                "The code is wrong or already used.",
            );
            let error = fail_login(
                &mut tx,
                services,
                &user,
                meta,
                "wrong_second_factor",
                wrong_code,
            )
            .await?;
            tx.commit().await?;
            return Err(error);
        }
    };
    if method == "recovery_code" {
        let remaining = store::accounts::unused_recovery_codes(&mut *tx, user.id).await?;
        record_for_user(
            &mut *tx,
            services,
            user.id,
            meta,
            Event::new(
                ActivityAction::RecoveryCodeUsed,
                entity::USER,
                Some(user.id),
            )
            .with(json!({ "remaining": remaining })),
        )
        .await?;
    }
    let tokens = complete_login(&mut tx, services, &user, meta, Some(method)).await?;
    tx.commit().await?;
    Ok(tokens)
}

/// Accepts a TOTP code (once per time step) or an unused recovery code, and uses it up.
/// Returns which it was, or `None` when neither matches.
async fn check_second_factor(
    conn: &mut store::PgConnection,
    services: &Services,
    user: &UserRow,
    code: &str,
) -> ServiceResult<Option<&'static str>> {
    let Some(secret_enc) = &user.totp_secret_enc else {
        return Ok(None);
    };
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let secret = services.keys.decrypt(secret_enc)?;
        return Ok(
            match security::verify_totp(&secret, &digits, services.now(), user.totp_last_step) {
                Some(step) => {
                    store::accounts::set_totp_last_step(&mut *conn, user.id, step).await?;
                    Some("totp")
                }
                None => None,
            },
        );
    }
    let hash = services.keys.recovery_code_hash(code);
    Ok(
        store::accounts::use_recovery_code(&mut *conn, user.id, &hash, services.now())
            .await?
            .then_some("recovery_code"),
    )
}

/// Exchanges a refresh token for new tokens. A token that was already used revokes its whole
/// session: one of the two holders is an attacker, and we cannot tell which.
pub async fn refresh(
    services: &Services,
    refresh_token: &str,
    meta: &RequestMeta,
) -> ServiceResult<SessionTokens> {
    let now = services.now();
    let new_refresh = security::random_token();
    let mut tx = services.db.begin().await?;
    let outcome = store::sessions::rotate_refresh_token(
        &mut tx,
        &security::token_hash(refresh_token),
        &security::token_hash(&new_refresh),
        now,
        services.settings.session_ttl,
    )
    .await?;
    match outcome {
        RefreshOutcome::Rotated {
            session_id,
            user_id,
        } => {
            tx.commit().await?;
            issue_tokens(services, user_id, session_id, new_refresh)
        }
        RefreshOutcome::Reused {
            session_id,
            user_id,
        } => {
            record_for_user(
                &mut *tx,
                services,
                user_id,
                meta,
                Event::new(
                    ActivityAction::RefreshTokenReused,
                    entity::SESSION,
                    Some(session_id),
                ),
            )
            .await?;
            tx.commit().await?;
            services.sessions.forget_session(session_id);
            tracing::warn!(%user_id, %session_id, "refresh token reused; session revoked");
            Err(ServiceError::unauthorized(
                codes::INVALID_TOKEN,
                "This sign-in was used from two places, so it was ended for safety; sign in again.",
            ))
        }
        RefreshOutcome::Invalid => Err(ServiceError::unauthorized(
            codes::INVALID_TOKEN,
            "The refresh token is invalid, expired or revoked; sign in again.",
        )),
    }
}

/// Ends the session of a refresh token, or else the session of the access token.
pub async fn logout(
    services: &Services,
    refresh_token: Option<&str>,
    access_session: Option<(Uuid, Uuid)>,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let session = match refresh_token {
        Some(token) => {
            store::sessions::session_of_refresh_token(&services.db, &security::token_hash(token))
                .await?
        }
        None => None,
    }
    .or(access_session);
    let Some((session_id, user_id)) = session else {
        return Err(ServiceError::unauthorized(
            codes::UNAUTHORIZED,
            "Send the refresh token (body or cookie) or an access token of the session to end.",
        ));
    };
    let mut tx = services.db.begin().await?;
    if store::sessions::revoke_session(&mut *tx, session_id, "logout", services.now()).await? {
        record_for_user(
            &mut *tx,
            services,
            user_id,
            meta,
            Event::new(ActivityAction::Logout, entity::SESSION, Some(session_id)),
        )
        .await?;
    }
    tx.commit().await?;
    services.sessions.forget_session(session_id);
    Ok(())
}

/// E-mails a reset link when the address has an account; answers the same either way.
pub async fn forgot_password(services: &Services, email: &str) -> ServiceResult<()> {
    let email = normalize_email(email);
    let Some(user) = store::accounts::find_by_email(&services.db, &email).await? else {
        return Ok(());
    };
    let token = security::random_token();
    let now = services.now();
    let mut tx = services.db.begin().await?;
    store::accounts::insert_email_token(
        &mut *tx,
        &security::token_hash(&token),
        user.id,
        EmailTokenPurpose::ResetPassword,
        now + services.settings.reset_password_ttl,
    )
    .await?;
    let message = Message::ResetPassword {
        name: &user.name,
        link: services.link("/reset-password", &token),
    };
    email::queue(&mut tx, services, &user.email, user.locale, &message).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password from an e-mailed link; every session ends and the lock lifts.
pub async fn reset_password(
    services: &Services,
    token: &str,
    password: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let now = services.now();
    let hash = security::token_hash(token);
    let mut tx = services.db.begin().await?;
    let user_id = store::accounts::consume_email_token(
        &mut *tx,
        &hash,
        EmailTokenPurpose::ResetPassword,
        now,
    )
    .await?
    .ok_or_else(ServiceError::invalid_token)?;
    let user = store::accounts::find_by_id(&mut *tx, user_id)
        .await?
        .ok_or_else(ServiceError::invalid_token)?;
    // A weak password rolls the transaction back, so the link keeps working for a better one.
    let password_hash = security::hash_new_password(
        password.to_owned(),
        password_inputs(&user.email, &user.name),
        "password",
    )
    .await?;
    store::accounts::set_password_hash(&mut *tx, user.id, &password_hash).await?;
    store::accounts::void_email_tokens(&mut *tx, user.id, EmailTokenPurpose::ResetPassword, now)
        .await?;
    // Following the link proves the mailbox, so the address counts as verified from now on.
    store::accounts::mark_email_verified(&mut *tx, user.id, now).await?;
    store::sessions::revoke_all_sessions(&mut *tx, user.id, None, "password_reset", now).await?;
    record_for_user(
        &mut *tx,
        services,
        user.id,
        meta,
        Event::new(ActivityAction::PasswordReset, entity::USER, Some(user.id)),
    )
    .await?;
    email::queue(
        &mut tx,
        services,
        &user.email,
        user.locale,
        &Message::PasswordChanged { name: &user.name },
    )
    .await?;
    tx.commit().await?;
    services.sessions.forget_user(user.id);
    Ok(())
}

/// Changes the password of the signed-in user; their other sessions end.
pub async fn change_password(
    services: &Services,
    principal: &UserPrincipal,
    current: &str,
    new: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let user = store::accounts::find_by_id(&services.db, principal.user.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !security::verify_password(user.password_hash.clone(), current.to_owned()).await? {
        return Err(ServiceError::field(
            "current_password",
            "incorrect",
            "is not the current password",
        ));
    }
    let password_hash = security::hash_new_password(
        new.to_owned(),
        password_inputs(&user.email, &user.name),
        "new_password",
    )
    .await?;
    let now = services.now();
    let mut tx = services.db.begin().await?;
    store::accounts::set_password_hash(&mut *tx, user.id, &password_hash).await?;
    store::sessions::revoke_all_sessions(
        &mut *tx,
        user.id,
        Some(principal.session_id),
        "password_changed",
        now,
    )
    .await?;
    record_for_user(
        &mut *tx,
        services,
        user.id,
        meta,
        Event::new(ActivityAction::PasswordChanged, entity::USER, Some(user.id)),
    )
    .await?;
    email::queue(
        &mut tx,
        services,
        &user.email,
        user.locale,
        &Message::PasswordChanged { name: &user.name },
    )
    .await?;
    tx.commit().await?;
    services.sessions.forget_user(user.id);
    Ok(())
}

/// Applies `PATCH /me`.
pub async fn update_profile(
    services: &Services,
    principal: &UserPrincipal,
    request: &UpdateMeRequest,
    meta: &RequestMeta,
) -> ServiceResult<UserRow> {
    let before = &principal.user;
    let changes = ProfileChanges {
        name: request.name.as_deref().map(str::trim),
        phone: request
            .phone
            .as_ref()
            .map(|phone| phone.as_deref().map(str::trim)),
        locale: request.locale,
        timezone: request.timezone.as_deref(),
    };
    let mut tx = services.db.begin().await?;
    let after = store::accounts::update_profile(&mut *tx, before.id, &changes).await?;
    let diff = Changes::default()
        .field("name", &before.name, &after.name)
        .field("phone", &before.phone, &after.phone)
        .field("locale", &before.locale, &after.locale)
        .field("timezone", &before.timezone, &after.timezone);
    if !diff.is_empty() {
        record_for_user(
            &mut *tx,
            services,
            before.id,
            meta,
            Event::new(ActivityAction::Updated, entity::USER, Some(before.id))
                .with(diff.into_value()),
        )
        .await?;
    }
    tx.commit().await?;
    services.sessions.forget_user(before.id);
    Ok(after)
}

/// The user's live sessions, newest first.
pub async fn list_sessions(
    services: &Services,
    principal: &UserPrincipal,
    query: &PageQuery,
) -> ServiceResult<Page<SessionResponse>> {
    let after = pagination::decode(query.cursor.as_deref())?;
    let paged = store::sessions::list_live_sessions(
        &services.db,
        principal.user.id,
        services.now(),
        after,
        query.limit(),
    )
    .await?;
    Ok(pagination::page(paged, |row| SessionResponse {
        current: row.id == principal.session_id,
        id: row.id,
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
        expires_at: row.expires_at,
        ip: row.ip.map(|ip| ip.to_string()),
        user_agent: row.user_agent,
    }))
}

/// Ends one of the user's sessions (another device, or this one).
pub async fn revoke_session(
    services: &Services,
    principal: &UserPrincipal,
    session_id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let mut tx = services.db.begin().await?;
    if !store::sessions::revoke_user_session(
        &mut *tx,
        principal.user.id,
        session_id,
        services.now(),
    )
    .await?
    {
        return Err(ServiceError::NotFound);
    }
    record_for_user(
        &mut *tx,
        services,
        principal.user.id,
        meta,
        Event::new(
            ActivityAction::SessionRevoked,
            entity::SESSION,
            Some(session_id),
        ),
    )
    .await?;
    tx.commit().await?;
    services.sessions.forget_session(session_id);
    Ok(())
}

/// The user's own security events, newest first.
pub async fn my_activity(
    services: &Services,
    principal: &UserPrincipal,
    query: &PageQuery,
) -> ServiceResult<Page<ActivityEntry>> {
    let after = pagination::decode(query.cursor.as_deref())?;
    let paged =
        store::activity::list_for_user(&services.db, principal.user.id, after, query.limit())
            .await?;
    Ok(pagination::page(paged, crate::activity::entry))
}

// Two-factor authentication.

/// Creates a new TOTP secret waiting for its first code. Calling again replaces it.
pub async fn start_two_factor_setup(
    services: &Services,
    principal: &UserPrincipal,
) -> ServiceResult<TwoFactorSetupResponse> {
    if principal.user.totp_enabled_at.is_some() {
        return Err(ServiceError::conflict(
            codes::TWO_FACTOR_ALREADY_ENABLED,
            "Two-factor authentication is already on; turn it off first to change the authenticator.",
        ));
    }
    let secret = security::new_totp_secret();
    let (secret_base32, otpauth_uri) = security::totp_provisioning(&secret, &principal.user.email)?;
    store::accounts::set_pending_totp(
        &services.db,
        principal.user.id,
        &services.keys.encrypt(&secret)?,
    )
    .await?;
    services.sessions.forget_user(principal.user.id);
    Ok(TwoFactorSetupResponse {
        secret: secret_base32,
        otpauth_uri,
    })
}

/// Turns two-factor authentication on once the authenticator shows a valid code, and returns
/// ten recovery codes (shown once; only their keyed hashes are stored).
pub async fn enable_two_factor(
    services: &Services,
    principal: &UserPrincipal,
    code: &str,
    meta: &RequestMeta,
) -> ServiceResult<Vec<String>> {
    let mut tx = services.db.begin().await?;
    // The setup may have happened through another instance a moment ago: read it afresh.
    let user = store::accounts::find_by_id_for_update(&mut *tx, principal.user.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if user.totp_enabled_at.is_some() {
        return Err(ServiceError::conflict(
            codes::TWO_FACTOR_ALREADY_ENABLED,
            "Two-factor authentication is already on.",
        ));
    }
    let Some(pending) = &user.totp_pending_enc else {
        return Err(ServiceError::conflict(
            codes::TWO_FACTOR_SETUP_MISSING,
            "Start with POST /api/v1/me/2fa/setup to get a secret for the authenticator.",
        ));
    };
    let secret = services.keys.decrypt(pending)?;
    let now = services.now();
    let step = security::verify_totp(&secret, code, now, None).ok_or_else(|| {
        ServiceError::field(
            "code",
            codes::INVALID_TWO_FACTOR_CODE,
            "is not the current code of the authenticator",
        )
    })?;
    let codes = security::recovery_codes();
    let hashes: Vec<Vec<u8>> = codes
        .iter()
        .map(|code| services.keys.recovery_code_hash(code))
        .collect();
    store::accounts::enable_totp(&mut *tx, user.id, now, step).await?;
    store::accounts::replace_recovery_codes(&mut tx, user.id, &hashes).await?;
    record_for_user(
        &mut *tx,
        services,
        user.id,
        meta,
        Event::new(
            ActivityAction::TwoFactorEnabled,
            entity::USER,
            Some(user.id),
        ),
    )
    .await?;
    email::queue(
        &mut tx,
        services,
        &user.email,
        user.locale,
        &Message::TwoFactorChanged {
            name: &user.name,
            enabled: true,
        },
    )
    .await?;
    tx.commit().await?;
    services.sessions.forget_user(user.id);
    Ok(codes)
}

/// Turns two-factor authentication off; needs the password and a current code.
pub async fn disable_two_factor(
    services: &Services,
    principal: &UserPrincipal,
    password: &str,
    code: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let mut tx = services.db.begin().await?;
    let user = store::accounts::find_by_id_for_update(&mut *tx, principal.user.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if user.totp_enabled_at.is_none() {
        return Err(ServiceError::conflict(
            codes::TWO_FACTOR_NOT_ENABLED,
            "Two-factor authentication is not on.",
        ));
    }
    if !security::verify_password(user.password_hash.clone(), password.to_owned()).await? {
        return Err(ServiceError::field(
            "password",
            "incorrect",
            "is not the current password",
        ));
    }
    if check_second_factor(&mut tx, services, &user, code)
        .await?
        .is_none()
    {
        return Err(ServiceError::field(
            "code",
            codes::INVALID_TWO_FACTOR_CODE,
            "is wrong or already used",
        ));
    }
    store::accounts::disable_totp(&mut *tx, user.id).await?;
    store::accounts::delete_recovery_codes(&mut *tx, user.id).await?;
    record_for_user(
        &mut *tx,
        services,
        user.id,
        meta,
        Event::new(
            ActivityAction::TwoFactorDisabled,
            entity::USER,
            Some(user.id),
        ),
    )
    .await?;
    email::queue(
        &mut tx,
        services,
        &user.email,
        user.locale,
        &Message::TwoFactorChanged {
            name: &user.name,
            enabled: false,
        },
    )
    .await?;
    tx.commit().await?;
    services.sessions.forget_user(user.id);
    Ok(())
}

// Platform administration.

/// Creates the first super admin, or promotes an existing account to it. Refused once a super
/// admin exists: later ones are appointed from inside the product.
pub async fn create_super_admin(
    services: &Services,
    email: &str,
    name: &str,
    password: &str,
) -> ServiceResult<UserRow> {
    let email = normalize_email(email);
    let mut tx = services.db.begin().await?;
    // Serialises concurrent runs of the command.
    store::locks::transaction_lock(&mut tx, "create_super_admin").await?;
    if store::accounts::super_admin_exists(&mut *tx).await? {
        return Err(ServiceError::conflict(
            codes::CONFLICT,
            "A super admin already exists.",
        ));
    }
    let user = match store::accounts::find_by_email(&mut *tx, &email).await? {
        Some(user) => {
            store::accounts::set_platform_role(&mut *tx, user.id, PlatformRole::SuperAdmin).await?;
            store::accounts::mark_email_verified(&mut *tx, user.id, services.now()).await?;
            user
        }
        None => {
            let hash = security::hash_new_password(
                password.to_owned(),
                password_inputs(&email, name),
                "password",
            )
            .await?;
            store::accounts::insert_user(
                &mut *tx,
                NewUser {
                    id: Uuid::now_v7(),
                    email: &email,
                    password_hash: &hash,
                    name,
                    locale: Locale::Uz,
                    platform_role: PlatformRole::SuperAdmin,
                    email_verified_at: Some(services.now()),
                },
            )
            .await?
        }
    };
    tx.commit().await?;
    services.sessions.forget_user(user.id);
    Ok(user)
}
