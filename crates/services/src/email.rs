//! E-mails of the product in Uzbek, Russian and English: written into the outbox in the same
//! transaction as the change that causes them, then delivered over SMTP by a worker with
//! retries. Without SMTP they stay in the outbox (and, in development, the link is logged).

use chrono::{DateTime, Duration, Utc};
use domain::accounts::Locale;
use domain::permissions::Role;
use integrations::email::{EmailError, OutgoingEmail};
use rand::Rng;
use store::outbox::NewEmail;

use crate::Services;
use crate::error::ServiceResult;

/// Messages the product sends.
#[derive(Debug, Clone)]
pub enum Message<'a> {
    VerifyEmail {
        name: &'a str,
        link: String,
    },
    ResetPassword {
        name: &'a str,
        link: String,
    },
    Invitation {
        inviter: &'a str,
        business: &'a str,
        role: Role,
        link: String,
    },
    PasswordChanged {
        name: &'a str,
    },
    TwoFactorChanged {
        name: &'a str,
        enabled: bool,
    },
    AccountLocked {
        name: &'a str,
        until: DateTime<Utc>,
    },
}

impl Message<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Message::VerifyEmail { .. } => "verify_email",
            Message::ResetPassword { .. } => "reset_password",
            Message::Invitation { .. } => "invitation",
            Message::PasswordChanged { .. } => "password_changed",
            Message::TwoFactorChanged { .. } => "two_factor_changed",
            Message::AccountLocked { .. } => "account_locked",
        }
    }

    fn link(&self) -> Option<&str> {
        match self {
            Message::VerifyEmail { link, .. }
            | Message::ResetPassword { link, .. }
            | Message::Invitation { link, .. } => Some(link),
            _ => None,
        }
    }

    /// Subject and plain-text body in `locale`.
    pub fn render(&self, locale: Locale) -> (String, String) {
        let sign = match locale {
            Locale::Uz => "BiznesPilot jamoasi",
            Locale::Ru => "Команда BiznesPilot",
            Locale::En => "The BiznesPilot team",
        };
        let (subject, body) = match (self, locale) {
            (Message::VerifyEmail { name, link }, Locale::Uz) => (
                "Elektron pochtangizni tasdiqlang".to_owned(),
                format!(
                    "Salom, {name}!\n\nBiznesPilot’da ro‘yxatdan o‘tganingiz uchun rahmat. Elektron pochta manzilingizni tasdiqlash uchun havolani oching:\n\n{link}\n\nHavola 48 soat amal qiladi. Agar siz ro‘yxatdan o‘tmagan bo‘lsangiz, bu xatni e’tiborsiz qoldiring."
                ),
            ),
            (Message::VerifyEmail { name, link }, Locale::Ru) => (
                "Подтвердите адрес электронной почты".to_owned(),
                format!(
                    "Здравствуйте, {name}!\n\nСпасибо за регистрацию в BiznesPilot. Чтобы подтвердить адрес электронной почты, откройте ссылку:\n\n{link}\n\nСсылка действует 48 часов. Если вы не регистрировались, просто проигнорируйте это письмо."
                ),
            ),
            (Message::VerifyEmail { name, link }, Locale::En) => (
                "Confirm your e-mail address".to_owned(),
                format!(
                    "Hello {name},\n\nThank you for signing up for BiznesPilot. Open this link to confirm your e-mail address:\n\n{link}\n\nThe link works for 48 hours. If you did not sign up, ignore this message."
                ),
            ),
            (Message::ResetPassword { name, link }, Locale::Uz) => (
                "Parolni tiklash".to_owned(),
                format!(
                    "Salom, {name}!\n\nParolingizni tiklash so‘raldi. Yangi parol o‘rnatish uchun havolani oching:\n\n{link}\n\nHavola 1 soat amal qiladi. Agar siz so‘ramagan bo‘lsangiz, bu xatni e’tiborsiz qoldiring — parolingiz o‘zgarmaydi."
                ),
            ),
            (Message::ResetPassword { name, link }, Locale::Ru) => (
                "Восстановление пароля".to_owned(),
                format!(
                    "Здравствуйте, {name}!\n\nПоступил запрос на восстановление пароля. Чтобы задать новый пароль, откройте ссылку:\n\n{link}\n\nСсылка действует 1 час. Если вы не запрашивали восстановление, проигнорируйте письмо — пароль не изменится."
                ),
            ),
            (Message::ResetPassword { name, link }, Locale::En) => (
                "Reset your password".to_owned(),
                format!(
                    "Hello {name},\n\nSomeone asked to reset your password. Open this link to choose a new one:\n\n{link}\n\nThe link works for 1 hour. If it was not you, ignore this message: your password stays as it is."
                ),
            ),
            (
                Message::Invitation {
                    inviter,
                    business,
                    role,
                    link,
                },
                Locale::Uz,
            ) => (
                format!("{business} jamoasiga taklif"),
                format!(
                    "Salom!\n\n{inviter} sizni BiznesPilot’dagi «{business}» jamoasiga «{}» sifatida taklif qildi. Taklifni qabul qilish uchun havolani oching:\n\n{link}\n\nTaklif 7 kun amal qiladi.",
                    role_name(*role, Locale::Uz)
                ),
            ),
            (
                Message::Invitation {
                    inviter,
                    business,
                    role,
                    link,
                },
                Locale::Ru,
            ) => (
                format!("Приглашение в команду {business}"),
                format!(
                    "Здравствуйте!\n\n{inviter} приглашает вас в команду «{business}» в BiznesPilot с ролью «{}». Чтобы принять приглашение, откройте ссылку:\n\n{link}\n\nПриглашение действует 7 дней.",
                    role_name(*role, Locale::Ru)
                ),
            ),
            (
                Message::Invitation {
                    inviter,
                    business,
                    role,
                    link,
                },
                Locale::En,
            ) => (
                format!("Join {business} on BiznesPilot"),
                format!(
                    "Hello,\n\n{inviter} invited you to the {business} team on BiznesPilot as {}. Open this link to accept:\n\n{link}\n\nThe invitation works for 7 days.",
                    role_name(*role, Locale::En)
                ),
            ),
            (Message::PasswordChanged { name }, Locale::Uz) => (
                "Parolingiz o‘zgartirildi".to_owned(),
                format!(
                    "Salom, {name}!\n\nBiznesPilot hisobingiz paroli o‘zgartirildi va boshqa qurilmalardagi seanslar yopildi. Agar buni siz qilmagan bo‘lsangiz, darhol parolni tiklang."
                ),
            ),
            (Message::PasswordChanged { name }, Locale::Ru) => (
                "Пароль изменён".to_owned(),
                format!(
                    "Здравствуйте, {name}!\n\nПароль вашей учётной записи BiznesPilot изменён, сеансы на других устройствах завершены. Если это были не вы, сразу восстановите пароль."
                ),
            ),
            (Message::PasswordChanged { name }, Locale::En) => (
                "Your password was changed".to_owned(),
                format!(
                    "Hello {name},\n\nThe password of your BiznesPilot account was changed and your other sessions were signed out. If it was not you, reset your password now."
                ),
            ),
            (Message::TwoFactorChanged { name, enabled }, Locale::Uz) => (
                if *enabled {
                    "Ikki bosqichli himoya yoqildi"
                } else {
                    "Ikki bosqichli himoya o‘chirildi"
                }
                .to_owned(),
                format!(
                    "Salom, {name}!\n\nHisobingizda ikki bosqichli autentifikatsiya {}. Agar buni siz qilmagan bo‘lsangiz, darhol parolni o‘zgartiring.",
                    if *enabled { "yoqildi" } else { "o‘chirildi" }
                ),
            ),
            (Message::TwoFactorChanged { name, enabled }, Locale::Ru) => (
                if *enabled {
                    "Двухфакторная защита включена"
                } else {
                    "Двухфакторная защита отключена"
                }
                .to_owned(),
                format!(
                    "Здравствуйте, {name}!\n\nДвухфакторная аутентификация вашей учётной записи {}. Если это были не вы, сразу смените пароль.",
                    if *enabled {
                        "включена"
                    } else {
                        "отключена"
                    }
                ),
            ),
            (Message::TwoFactorChanged { name, enabled }, Locale::En) => (
                if *enabled {
                    "Two-factor authentication is on"
                } else {
                    "Two-factor authentication is off"
                }
                .to_owned(),
                format!(
                    "Hello {name},\n\nTwo-factor authentication of your account was turned {}. If it was not you, change your password now.",
                    if *enabled { "on" } else { "off" }
                ),
            ),
            (Message::AccountLocked { name, until }, Locale::Uz) => (
                "Hisobingizga kirish vaqtincha bloklandi".to_owned(),
                format!(
                    "Salom, {name}!\n\nParol bir necha marta noto‘g‘ri kiritilgani uchun hisobingizga kirish {} (UTC) gacha bloklandi. Agar bu siz bo‘lmasangiz, parolni tiklashni tavsiya qilamiz.",
                    until.format("%Y-%m-%d %H:%M")
                ),
            ),
            (Message::AccountLocked { name, until }, Locale::Ru) => (
                "Вход в учётную запись временно заблокирован".to_owned(),
                format!(
                    "Здравствуйте, {name}!\n\nИз-за нескольких неверных попыток входа вход в учётную запись заблокирован до {} (UTC). Если это были не вы, рекомендуем восстановить пароль.",
                    until.format("%Y-%m-%d %H:%M")
                ),
            ),
            (Message::AccountLocked { name, until }, Locale::En) => (
                "Sign-in to your account is paused".to_owned(),
                format!(
                    "Hello {name},\n\nAfter several failed sign-in attempts, sign-in to your account is locked until {} UTC. If it was not you, we recommend resetting your password.",
                    until.format("%Y-%m-%d %H:%M")
                ),
            ),
        };
        (
            format!("BiznesPilot: {subject}"),
            format!("{body}\n\n{sign}\n"),
        )
    }
}

/// A role as people read it.
pub fn role_name(role: Role, locale: Locale) -> &'static str {
    match (role, locale) {
        (Role::Owner, Locale::Uz) => "egasi",
        (Role::Admin, Locale::Uz) => "administrator",
        (Role::Marketer, Locale::Uz) => "marketolog",
        (Role::Sales, Locale::Uz) => "sotuv menejeri",
        (Role::Viewer, Locale::Uz) => "kuzatuvchi",
        (Role::Owner, Locale::Ru) => "владелец",
        (Role::Admin, Locale::Ru) => "администратор",
        (Role::Marketer, Locale::Ru) => "маркетолог",
        (Role::Sales, Locale::Ru) => "менеджер по продажам",
        (Role::Viewer, Locale::Ru) => "наблюдатель",
        (Role::Owner, Locale::En) => "owner",
        (Role::Admin, Locale::En) => "admin",
        (Role::Marketer, Locale::En) => "marketer",
        (Role::Sales, Locale::En) => "sales",
        (Role::Viewer, Locale::En) => "viewer",
    }
}

/// Writes a message into the outbox as part of the caller's transaction.
pub async fn queue(
    conn: &mut store::PgConnection,
    services: &Services,
    to: &str,
    locale: Locale,
    message: &Message<'_>,
) -> ServiceResult<()> {
    let (subject, body) = message.render(locale);
    store::outbox::enqueue(
        conn,
        NewEmail {
            to,
            subject: &subject,
            body_text: &body,
            kind: message.kind(),
            now: services.now(),
        },
    )
    .await?;
    if services.mailer.is_none() {
        match (services.settings.dev_mode, message.link()) {
            (true, Some(link)) => tracing::info!(
                to,
                kind = message.kind(),
                link,
                "no SMTP_URL: e-mail kept in the outbox"
            ),
            _ => tracing::info!(
                to,
                kind = message.kind(),
                "no SMTP_URL: e-mail kept in the outbox"
            ),
        }
    }
    Ok(())
}

/// What one delivery round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl DeliveryReport {
    pub fn is_idle(&self) -> bool {
        self.sent + self.retrying + self.failed == 0
    }
}

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claimed message is reserved for the worker that claimed it.
const LEASE_MINUTES: i64 = 5;
const BATCH: i64 = 20;

/// Delivers due messages once. Without SMTP it does nothing: messages wait in the outbox.
pub async fn deliver_due(services: &Services) -> ServiceResult<DeliveryReport> {
    let Some(mailer) = &services.mailer else {
        return Ok(DeliveryReport::default());
    };
    let batch = store::outbox::claim_due(
        &services.db,
        services.now(),
        Duration::minutes(LEASE_MINUTES),
        BATCH,
    )
    .await?;
    let mut report = DeliveryReport::default();
    for email in batch {
        let outgoing = OutgoingEmail {
            to: &email.to_email,
            subject: &email.subject,
            body_text: &email.body_text,
        };
        let now = services.now();
        match mailer.send(&outgoing).await {
            Ok(()) => {
                store::outbox::mark_sent(&services.db, email.id, now).await?;
                report.sent += 1;
            }
            Err(error @ (EmailError::Transient(_) | EmailError::Config(_)))
                if email.attempts < MAX_ATTEMPTS =>
            {
                let retry_at = now + retry_delay(email.attempts);
                tracing::warn!(id = %email.id, attempts = email.attempts, %error, %retry_at, "e-mail delivery failed; will retry");
                store::outbox::mark_failed(
                    &services.db,
                    email.id,
                    &error.to_string(),
                    Some(retry_at),
                    now,
                )
                .await?;
                report.retrying += 1;
            }
            Err(error) => {
                tracing::error!(id = %email.id, kind = %email.kind, attempts = email.attempts, %error, "e-mail delivery given up");
                store::outbox::mark_failed(&services.db, email.id, &error.to_string(), None, now)
                    .await?;
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// Exponential backoff with jitter: about 30 s, 1 min, 2 min, … capped at 2 hours.
fn retry_delay(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 12) - 1).unwrap_or(0);
    let base = (30_i64 << exponent).min(2 * 3600);
    let jitter = rand::thread_rng().gen_range(0..=base / 4);
    Duration::seconds(base + jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_renders_in_every_language_with_its_link() {
        let until = DateTime::from_timestamp(1_790_000_000, 0).expect("valid");
        let messages = [
            Message::VerifyEmail {
                name: "Aziz",
                link: "https://x/verify-email?token=t1".into(),
            },
            Message::ResetPassword {
                name: "Aziz",
                link: "https://x/reset-password?token=t2".into(),
            },
            Message::Invitation {
                inviter: "Dilnoza",
                business: "Non",
                role: Role::Sales,
                link: "https://x/invitations/accept?token=t3".into(),
            },
            Message::PasswordChanged { name: "Aziz" },
            Message::TwoFactorChanged {
                name: "Aziz",
                enabled: true,
            },
            Message::AccountLocked {
                name: "Aziz",
                until,
            },
        ];
        for message in &messages {
            let mut subjects = std::collections::HashSet::new();
            for locale in Locale::ALL {
                let (subject, body) = message.render(locale);
                assert!(subject.starts_with("BiznesPilot: "));
                if let Some(link) = message.link() {
                    assert!(body.contains(link), "{locale:?}: {body}");
                }
                subjects.insert(subject);
            }
            assert_eq!(
                subjects.len(),
                3,
                "each language has its own subject: {message:?}"
            );
        }
    }

    #[test]
    fn retries_back_off_and_stay_bounded() {
        assert!(retry_delay(1) >= Duration::seconds(30) && retry_delay(1) <= Duration::seconds(38));
        assert!(retry_delay(3) >= Duration::seconds(120));
        assert!(retry_delay(50) <= Duration::seconds(2 * 3600 + 1800));
    }
}
