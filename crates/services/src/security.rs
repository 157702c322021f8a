//! Cryptography of accounts: password hashing and strength, random tokens and their hashes,
//! access and challenge JWTs, TOTP, and encryption of secrets at rest.
//!
//! Every key is derived from the configured secret with HKDF under its own label, so one
//! configured secret never signs and encrypts with the same bytes.

use std::sync::LazyLock;

use anyhow::{Context, anyhow};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

use crate::error::{ServiceError, ServiceResult};

/// Keys derived from the configured secrets.
pub struct Keys {
    jwt_encoding: EncodingKey,
    jwt_decoding: DecodingKey,
    recovery_mac: [u8; 32],
    /// The first key encrypts; all of them decrypt (older keys stay until data is rotated).
    ciphers: Vec<(u8, XChaCha20Poly1305)>,
}

const ISSUER: &str = "biznespilot";

fn derive(secret: &[u8], label: &str) -> [u8; 32] {
    let hk = Hkdf::<Sha256>::new(Some(b"biznespilot/v1"), secret);
    let mut key = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's output limit, so expand cannot fail.
    hk.expand(label.as_bytes(), &mut key)
        .unwrap_or_else(|_| unreachable!("32-byte HKDF output"));
    key
}

/// Identifies which key encrypted a value: the first byte of a hash of the key.
fn key_id(key: &[u8; 32]) -> u8 {
    Sha256::digest(key)[0]
}

impl Keys {
    /// `secret_key` signs tokens; `encryption_key` (or, when absent, a key derived from
    /// `secret_key`) encrypts secrets at rest; `previous_encryption_keys` still decrypt.
    pub fn new(
        secret_key: &[u8],
        encryption_key: Option<&[u8]>,
        previous_encryption_keys: &[Vec<u8>],
    ) -> Self {
        let jwt = derive(secret_key, "jwt-hs256");
        let current = derive(encryption_key.unwrap_or(secret_key), "at-rest-encryption");
        let mut ciphers = vec![(key_id(&current), XChaCha20Poly1305::new((&current).into()))];
        for previous in previous_encryption_keys {
            let key = derive(previous, "at-rest-encryption");
            ciphers.push((key_id(&key), XChaCha20Poly1305::new((&key).into())));
        }
        Keys {
            jwt_encoding: EncodingKey::from_secret(&jwt),
            jwt_decoding: DecodingKey::from_secret(&jwt),
            recovery_mac: derive(secret_key, "recovery-codes"),
            ciphers,
        }
    }

    /// Encrypts a secret for storage: key id, nonce, then ciphertext with its tag.
    pub fn encrypt(&self, plaintext: &[u8]) -> anyhow::Result<Vec<u8>> {
        let (id, cipher) = self.ciphers.first().context("no encryption key")?;
        let mut nonce = [0u8; 24];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), plaintext)
            .map_err(|_| anyhow!("encryption failed"))?;
        let mut out = Vec::with_capacity(1 + 24 + sealed.len());
        out.push(*id);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Whether `stored` was sealed with an earlier key: rewriting it with the current one lets
    /// that key be retired.
    pub fn is_sealed_with_old_key(&self, stored: &[u8]) -> bool {
        match (stored.first(), self.ciphers.first()) {
            (Some(id), Some((current, _))) => id != current,
            _ => false,
        }
    }

    pub fn decrypt(&self, stored: &[u8]) -> anyhow::Result<Vec<u8>> {
        let (id, rest) = stored.split_first().context("empty ciphertext")?;
        if rest.len() < 24 {
            return Err(anyhow!("ciphertext too short"));
        }
        let (nonce, sealed) = rest.split_at(24);
        let (_, cipher) = self
            .ciphers
            .iter()
            .find(|(key, _)| key == id)
            .context("encrypted with a key that is no longer configured")?;
        cipher
            .decrypt(XNonce::from_slice(nonce), sealed)
            .map_err(|_| anyhow!("decryption failed: wrong key or tampered data"))
    }

    /// Keyed hash of a recovery code: a stolen database alone does not allow guessing codes.
    pub fn recovery_code_hash(&self, code: &str) -> Vec<u8> {
        let normalized: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.recovery_mac)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(normalized.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    pub fn issue_access_token(
        &self,
        user_id: Uuid,
        session_id: Uuid,
        now: DateTime<Utc>,
        ttl: chrono::Duration,
    ) -> anyhow::Result<String> {
        let claims = AccessClaims {
            sub: user_id,
            sid: session_id,
            iat: now.timestamp(),
            exp: (now + ttl).timestamp(),
            iss: ISSUER.into(),
            typ: TokenType::Access,
        };
        jsonwebtoken::encode(&Header::default(), &claims, &self.jwt_encoding)
            .context("signing access token")
    }

    pub fn issue_challenge_token(
        &self,
        user_id: Uuid,
        now: DateTime<Utc>,
        ttl: chrono::Duration,
    ) -> anyhow::Result<String> {
        let claims = AccessClaims {
            sub: user_id,
            sid: Uuid::now_v7(),
            iat: now.timestamp(),
            exp: (now + ttl).timestamp(),
            iss: ISSUER.into(),
            typ: TokenType::TwoFactorChallenge,
        };
        jsonwebtoken::encode(&Header::default(), &claims, &self.jwt_encoding)
            .context("signing challenge token")
    }

    /// Checks a token's signature, issuer, type and expiry against `now`.
    pub fn verify_token(
        &self,
        token: &str,
        expected: TokenType,
        now: DateTime<Utc>,
    ) -> Option<AccessClaims> {
        let claims =
            jsonwebtoken::decode::<AccessClaims>(token, &self.jwt_decoding, &TOKEN_VALIDATION)
                .ok()?
                .claims;
        (claims.typ == expected && claims.iss == ISSUER && claims.exp > now.timestamp())
            .then_some(claims)
    }
}

// Expiry is checked against the injected clock, not the machine's, so tests can move time.
static TOKEN_VALIDATION: LazyLock<Validation> = LazyLock::new(|| {
    let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    validation
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenType {
    Access,
    TwoFactorChallenge,
}

/// Claims of our JWTs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user.
    pub sub: Uuid,
    /// The session (for challenges: a unique id).
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub typ: TokenType,
}

// Passwords.

/// argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane).
fn argon2() -> Argon2<'static> {
    let params =
        Params::new(19_456, 2, 1, None).unwrap_or_else(|_| unreachable!("valid argon2 parameters"));
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Refuses common and easily guessed passwords, then hashes. Runs off the async runtime:
/// hashing takes tens of milliseconds of CPU by design.
pub async fn hash_new_password(
    password: String,
    user_inputs: Vec<String>,
    field: &'static str,
) -> ServiceResult<String> {
    run_blocking(move || {
        check_strength(&password, &user_inputs, field)?;
        hash(&password).map_err(ServiceError::Internal)
    })
    .await
}

fn check_strength(
    password: &str,
    user_inputs: &[String],
    field: &'static str,
) -> ServiceResult<()> {
    let inputs: Vec<&str> = user_inputs.iter().map(String::as_str).collect();
    let entropy = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(entropy.score()) >= 3 {
        return Ok(());
    }
    let hint = entropy
        .feedback()
        .and_then(|f| f.warning().map(|w| w.to_string()))
        .unwrap_or_else(|| "it is too easy to guess".into());
    Err(ServiceError::field(
        field,
        contract::problem::codes::WEAK_PASSWORD,
        format!("choose a less common password: {hint}"),
    ))
}

fn hash(password: &str) -> anyhow::Result<String> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow!("hashing password: {e}"))
}

/// Whether `password` matches `stored`.
pub async fn verify_password(stored: String, password: String) -> ServiceResult<bool> {
    run_blocking(move || Ok(verify(&stored, &password))).await
}

fn verify(stored: &str, password: &str) -> bool {
    argon2()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// Spends the time of a password check on an unknown account, so that response times do not
/// tell which e-mail addresses have accounts.
pub async fn waste_password_check(password: String) -> ServiceResult<()> {
    static DUMMY: LazyLock<String> = LazyLock::new(|| hash(&random_token()).unwrap_or_default());
    run_blocking(move || {
        verify(&DUMMY, &password);
        Ok(())
    })
    .await
}

async fn run_blocking<T: Send + 'static>(
    work: impl FnOnce() -> ServiceResult<T> + Send + 'static,
) -> ServiceResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServiceError::Internal(anyhow!("blocking task failed: {e}")))?
}

// Random tokens.

/// 256 random bits, URL-safe: e-mailed links, refresh tokens, API key secrets.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// How a random token is stored: its SHA-256 (the token has full entropy, so no salt or
/// stretching is needed).
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// `count` characters from an alphabet without look-alikes (no 0/o, 1/l/i).
pub fn random_code(count: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..count)
        .map(|_| {
            let index = (rng.next_u32() as usize) % ALPHABET.len();
            char::from(ALPHABET[index])
        })
        .collect()
}

/// Ten recovery codes like `k7dm-q2xr-9p`.
pub fn recovery_codes() -> Vec<String> {
    (0..domain::accounts::RECOVERY_CODE_COUNT)
        .map(|_| {
            let code = random_code(10);
            format!("{}-{}-{}", &code[0..4], &code[4..8], &code[8..10])
        })
        .collect()
}

// TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock skew).

pub const TOTP_STEP_SECONDS: i64 = 30;

/// A fresh 160-bit TOTP secret.
pub fn new_totp_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 20];
    rand::thread_rng().fill_bytes(&mut secret);
    secret
}

fn totp(secret: &[u8], account: &str) -> anyhow::Result<totp_rs::Totp> {
    totp_rs::Builder::new()
        .with_secret(secret.to_vec())
        .with_issuer(Some("BiznesPilot"))
        .with_account_name(account.to_owned())
        .build()
        .map_err(|e| anyhow!("building TOTP: {e:?}"))
}

/// The base32 secret and the `otpauth://` URI for an authenticator app.
pub fn totp_provisioning(secret: &[u8], account: &str) -> anyhow::Result<(String, String)> {
    let totp = totp(secret, account)?;
    let uri = totp
        .to_url()
        .map_err(|e| anyhow!("building otpauth URI: {e:?}"))?;
    Ok((totp_rs::Secret::from(secret.to_vec()).to_base32(), uri))
}

/// The time step a code is valid for, when it is valid at `now` (one step of skew either way)
/// and its step comes after `last_used_step`: a code is accepted once.
pub fn verify_totp(
    secret: &[u8],
    code: &str,
    now: DateTime<Utc>,
    last_used_step: Option<i64>,
) -> Option<i64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret, "check").ok()?;
    let time = u64::try_from(now.timestamp()).ok()?;
    let step = i64::try_from(totp.check(code, time)?).ok()?;
    match last_used_step {
        Some(last) if step <= last => None,
        _ => Some(step),
    }
}

/// The code an authenticator shows at `at` (tests and the demo use it).
pub fn totp_code_at(secret: &[u8], at: DateTime<Utc>) -> anyhow::Result<String> {
    let totp = totp(secret, "code")?;
    Ok(totp
        .generate(u64::try_from(at.timestamp()).context("time before 1970")?)
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn keys() -> Keys {
        Keys::new(b"test secret key of enough length!!", None, &[])
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(seconds, 0)
            .single()
            .expect("valid timestamp")
    }

    #[test]
    fn rfc6238_test_vector_matches() {
        // RFC 6238 appendix B, SHA-1 seed "12345678901234567890", T = 59 s → 94287082 (8 digits);
        // six digits are its last six.
        let code = totp_code_at(b"12345678901234567890", at(59)).expect("code");
        assert_eq!(code, "287082");
    }

    #[test]
    fn a_totp_code_is_accepted_once_per_step() {
        let secret = new_totp_secret();
        let now = at(1_790_000_000);
        let code = totp_code_at(&secret, now).expect("code");
        let step = verify_totp(&secret, &code, now, None).expect("valid code");
        assert_eq!(verify_totp(&secret, &code, now, Some(step)), None);
        let next = totp_code_at(&secret, now + chrono::Duration::seconds(30)).expect("code");
        assert_eq!(
            verify_totp(
                &secret,
                &next,
                now + chrono::Duration::seconds(30),
                Some(step)
            ),
            Some(step + 1)
        );
    }

    #[test]
    fn a_totp_code_survives_one_step_of_clock_skew_but_not_two() {
        let secret = new_totp_secret();
        let now = at(1_790_000_010);
        let code = totp_code_at(&secret, now).expect("code");
        assert!(verify_totp(&secret, &code, now + chrono::Duration::seconds(30), None).is_some());
        assert!(verify_totp(&secret, &code, now + chrono::Duration::seconds(90), None).is_none());
        assert!(verify_totp(&secret, "12345a", now, None).is_none());
    }

    #[test]
    fn encrypted_secrets_round_trip_and_rotated_keys_still_decrypt() {
        let old = Keys::new(b"old secret", None, &[]);
        let sealed = old.encrypt(b"totp secret").expect("encrypts");
        assert_ne!(&sealed[25..], b"totp secret");
        let rotated = Keys::new(b"new secret", None, &[b"old secret".to_vec()]);
        assert_eq!(
            rotated.decrypt(&sealed).expect("old key decrypts"),
            b"totp secret"
        );
        let fresh = rotated.encrypt(b"x").expect("encrypts");
        assert_ne!(fresh[0], sealed[0], "new data uses the new key");
        let mut tampered = sealed;
        if let Some(last) = tampered.last_mut() {
            *last ^= 1;
        }
        assert!(old.decrypt(&tampered).is_err());
    }

    #[test]
    fn access_tokens_expire_by_the_given_clock_and_are_not_challenges() {
        let keys = keys();
        let (user, session) = (Uuid::now_v7(), Uuid::now_v7());
        let token = keys
            .issue_access_token(user, session, at(1_000), chrono::Duration::minutes(15))
            .expect("signs");
        let claims = keys
            .verify_token(&token, TokenType::Access, at(1_000 + 899))
            .expect("valid");
        assert_eq!((claims.sub, claims.sid), (user, session));
        assert!(
            keys.verify_token(&token, TokenType::Access, at(1_000 + 900))
                .is_none()
        );
        assert!(
            keys.verify_token(&token, TokenType::TwoFactorChallenge, at(1_000))
                .is_none()
        );
        let other = Keys::new(b"another secret", None, &[]);
        assert!(
            other
                .verify_token(&token, TokenType::Access, at(1_000))
                .is_none()
        );
    }

    #[test]
    fn recovery_codes_hash_the_same_however_they_are_typed() {
        let keys = keys();
        assert_eq!(
            keys.recovery_code_hash("k7dm-q2xr-9p"),
            keys.recovery_code_hash(" K7DM Q2XR 9P ")
        );
        assert_ne!(
            keys.recovery_code_hash("k7dm-q2xr-9p"),
            keys.recovery_code_hash("k7dm-q2xr-9q")
        );
        let codes = recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 12));
    }

    #[test]
    fn common_passwords_are_refused_and_passphrases_pass() {
        for weak in [
            "password1234",
            "qwertyuiop123",
            "123456789012",
            "dilnoza@example.uz1",
        ] {
            assert!(
                check_strength(weak, &["dilnoza@example.uz".into()], "password").is_err(),
                "{weak}"
            );
        }
        assert!(check_strength("Samarqand non va choy 2026!", &[], "password").is_ok());
    }

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let stored = hash("Samarqand non va choy 2026!").expect("hashes");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(&stored, "Samarqand non va choy 2026!"));
        assert!(!verify(&stored, "Samarqand non va choy 2027!"));
        assert!(!verify("not a hash", "x"));
    }
}
