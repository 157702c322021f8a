//! Registration, login, tokens, the caller's own profile, sessions and two-factor login.

use chrono::{DateTime, Utc};
use domain::accounts::{Locale, PlatformRole};
use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::validate;

/// `POST /auth/register`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    #[validate(
        email(code = "invalid_email", message = "must be an e-mail address"),
        length(max = 254)
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(format = "email", example = "dilnoza@example.uz")
    )]
    pub email: String,
    /// 12 to 128 characters; common and easily guessed passwords are refused.
    #[validate(length(min = 12, max = 128, message = "must be between 12 and 128 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 12, max_length = 128, format = "password")
    )]
    pub password: String,
    #[validate(length(min = 1, max = 100), custom(function = "validate::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, example = "Dilnoza Karimova")
    )]
    pub name: String,
    /// Language of the interface and e-mails (default `uz`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
}

/// `POST /auth/login`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 254))]
    #[cfg_attr(feature = "openapi", schema(format = "email"))]
    pub email: String,
    #[validate(length(min = 1, max = 1024))]
    #[cfg_attr(feature = "openapi", schema(format = "password"))]
    pub password: String,
}

/// Tokens of a started session.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// Short-lived JWT for `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: u64,
    /// Single-use token for `POST /auth/refresh`; also set as an HttpOnly cookie.
    pub refresh_token: String,
}

/// The second step a login needs when two-factor authentication is on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorChallenge {
    /// Always `true`.
    pub two_factor_required: bool,
    /// Pass to `POST /auth/login/2fa` with a code, within 5 minutes.
    pub challenge_token: String,
}

/// `POST /auth/login` answers either tokens or a two-factor challenge.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum LoginResponse {
    Tokens(TokenResponse),
    TwoFactorRequired(TwoFactorChallenge),
}

/// `POST /auth/login/2fa`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TwoFactorLoginRequest {
    #[validate(length(min = 1, max = 4096))]
    pub challenge_token: String,
    /// A 6-digit code from the authenticator app, or one of the recovery codes.
    #[validate(length(min = 6, max = 32))]
    pub code: String,
}

/// `POST /auth/refresh` and `POST /auth/logout`. The token may come in the body or, from a
/// browser, in the HttpOnly cookie.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 512))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// `POST /auth/verify-email`, `POST /auth/password/reset` and invitation acceptance carry the
/// token from an e-mailed link.
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    #[validate(length(min = 1, max = 512))]
    pub token: String,
}

/// `POST /auth/resend-verification` and `POST /auth/password/forgot`.
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailRequest {
    #[validate(
        email(code = "invalid_email", message = "must be an e-mail address"),
        length(max = 254)
    )]
    #[cfg_attr(feature = "openapi", schema(format = "email"))]
    pub email: String,
}

/// `POST /auth/password/reset`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    #[validate(length(min = 1, max = 512))]
    pub token: String,
    #[validate(length(min = 12, max = 128, message = "must be between 12 and 128 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 12, max_length = 128, format = "password")
    )]
    pub password: String,
}

/// An accepted request whose effect arrives by e-mail.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptedResponse {
    /// What happens next, in English.
    pub message: String,
}

/// The signed-in user.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserResponse {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub locale: Locale,
    /// IANA time zone used for dates shown to this user.
    pub timezone: String,
    pub platform_role: PlatformRole,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub two_factor_enabled: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// `PATCH /me`: only the fields present change; `phone: null` clears the phone.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    #[validate(length(min = 1, max = 100), custom(function = "validate::not_blank"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present_or_null")]
    #[validate(custom(function = "validate::phone"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "+998901234567"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    #[validate(custom(function = "validate::timezone"))]
    #[cfg_attr(feature = "openapi", schema(example = "Asia/Tashkent"))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// Tells a field that is absent (`None`) from one that is `null` (`Some(None)`).
pub fn present_or_null<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// `POST /me/password`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 1024))]
    #[cfg_attr(feature = "openapi", schema(format = "password"))]
    pub current_password: String,
    #[validate(length(min = 12, max = 128, message = "must be between 12 and 128 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 12, max_length = 128, format = "password")
    )]
    pub new_password: String,
}

/// A signed-in device or browser.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionResponse {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The session the request was made with.
    pub current: bool,
}

/// `POST /me/2fa/setup`: the secret to put in an authenticator app.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorSetupResponse {
    /// Base32 secret for manual entry.
    pub secret: String,
    /// `otpauth://totp/…` URI to show as a QR code.
    pub otpauth_uri: String,
}

/// `POST /me/2fa/enable`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TwoFactorCodeRequest {
    /// The current 6-digit code from the authenticator app.
    #[validate(length(min = 6, max = 6, code = "invalid_code", message = "must be 6 digits"))]
    pub code: String,
}

/// Shown once when two-factor authentication is enabled.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodesResponse {
    /// Ten single-use codes that stand in for the authenticator app.
    pub recovery_codes: Vec<String>,
}

/// `POST /me/2fa/disable`
#[derive(Debug, Clone, Deserialize, Serialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TwoFactorDisableRequest {
    #[validate(length(min = 1, max = 1024))]
    #[cfg_attr(feature = "openapi", schema(format = "password"))]
    pub password: String,
    /// A current code from the authenticator app, or a recovery code.
    #[validate(length(min = 6, max = 32))]
    pub code: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_phone_differs_from_a_null_phone() {
        let absent: UpdateMeRequest = serde_json::from_str(r#"{"name":"Aziz"}"#).expect("valid");
        assert_eq!(absent.phone, None);
        let cleared: UpdateMeRequest = serde_json::from_str(r#"{"phone":null}"#).expect("valid");
        assert_eq!(cleared.phone, Some(None));
        let set: UpdateMeRequest =
            serde_json::from_str(r#"{"phone":"+998901234567"}"#).expect("valid");
        assert_eq!(set.phone, Some(Some("+998901234567".into())));
    }

    #[test]
    fn a_patch_sends_only_what_changes_and_null_to_clear() {
        let language_only = UpdateMeRequest {
            locale: Some(Locale::Ru),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&language_only).expect("json"),
            r#"{"locale":"ru"}"#
        );
        let clear_phone = UpdateMeRequest {
            phone: Some(None),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&clear_phone).expect("json"),
            r#"{"phone":null}"#
        );
    }

    #[test]
    fn a_body_cannot_smuggle_extra_fields() {
        let result = serde_json::from_str::<RegisterRequest>(
            r#"{"email":"a@b.uz","password":"x","name":"A","platform_role":"super_admin"}"#,
        );
        assert!(result.is_err());
    }

    #[test]
    fn passwords_are_measured_in_characters() {
        let request = RegisterRequest {
            email: "a@b.uz".into(),
            // Twelve Cyrillic letters are 24 bytes but twelve characters.
            password: "пароль-пароль".chars().take(12).collect(),
            name: "A".into(),
            locale: None,
        };
        assert!(request.validate().is_ok());
        let short = RegisterRequest {
            password: "short".into(),
            ..request
        };
        assert!(short.validate().is_err());
    }

    #[test]
    fn login_answers_are_told_apart_by_shape() {
        let challenge: LoginResponse =
            serde_json::from_str(r#"{"two_factor_required":true,"challenge_token":"t"}"#)
                .expect("valid");
        assert!(matches!(challenge, LoginResponse::TwoFactorRequired(_)));
    }
}
