//! Outgoing e-mail over SMTP (`SMTP_URL`, e.g. `smtp://127.0.0.1:1025` or
//! `smtps://user:password@smtp.example.com:465`).

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error("invalid SMTP configuration: {0}")]
    Config(String),
    #[error("invalid address `{0}`")]
    Address(String),
    /// The server refused for good (e.g. no such mailbox): retrying will not help.
    #[error("refused permanently: {0}")]
    Permanent(String),
    /// Network trouble or a temporary refusal: worth retrying later.
    #[error("temporary failure: {0}")]
    Transient(String),
}

/// A message ready to send.
#[derive(Debug, Clone)]
pub struct OutgoingEmail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
}

/// Sends mail through one SMTP server, reusing connections.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// `url` is an `smtp://` (STARTTLS when offered with `?tls=required`, plain otherwise) or
    /// `smtps://` URL; `from` is the sender, e.g. `BiznesPilot <no-reply@biznespilot.uz>`.
    pub fn new(url: &str, from: &str) -> Result<Self, EmailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| EmailError::Config(e.to_string()))?
            .timeout(Some(Duration::from_secs(15)))
            .build();
        let from = from
            .parse()
            .map_err(|_| EmailError::Address(from.to_owned()))?;
        Ok(SmtpMailer { transport, from })
    }

    pub async fn send(&self, email: &OutgoingEmail<'_>) -> Result<(), EmailError> {
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|_| EmailError::Address(email.to.to_owned()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(email.body_text.to_owned())
            .map_err(|e| EmailError::Permanent(e.to_string()))?;
        self.transport.send(message).await.map(drop).map_err(|e| {
            if e.is_permanent() {
                EmailError::Permanent(e.to_string())
            } else {
                EmailError::Transient(e.to_string())
            }
        })
    }
}

#[cfg(all(test, feature = "fake"))]
mod tests {
    use super::*;
    use crate::fake::smtp::FakeSmtp;

    #[tokio::test]
    async fn a_message_arrives_with_its_subject_and_decoded_body() {
        let server = FakeSmtp::start().await.expect("fake smtp starts");
        let mailer = SmtpMailer::new(&server.url(), "BiznesPilot <no-reply@biznespilot.uz>")
            .expect("valid config");
        let body = "Salom! Hisobingizni tasdiqlang: http://127.0.0.1:8080/verify-email?token=abc_DEF-123\nПодтвердите адрес.";
        mailer
            .send(&OutgoingEmail {
                to: "dilnoza@example.uz",
                subject: "Tasdiqlang",
                body_text: body,
            })
            .await
            .expect("sent");
        let received = server
            .wait_for(
                |m| m.to.iter().any(|t| t == "dilnoza@example.uz"),
                Duration::from_secs(5),
            )
            .await
            .expect("delivered");
        assert_eq!(received.subject, "Tasdiqlang");
        assert!(
            received.body.contains("verify-email?token=abc_DEF-123"),
            "{}",
            received.body
        );
        assert!(received.body.contains("Подтвердите"), "{}", received.body);
    }

    #[tokio::test]
    async fn a_temporary_refusal_is_reported_as_transient_and_a_permanent_one_as_permanent() {
        let server = FakeSmtp::start().await.expect("fake smtp starts");
        let mailer =
            SmtpMailer::new(&server.url(), "no-reply@biznespilot.uz").expect("valid config");
        let email = OutgoingEmail {
            to: "a@example.uz",
            subject: "s",
            body_text: "b",
        };
        server.refuse_next(1, crate::fake::smtp::Refusal::Temporary);
        assert!(matches!(
            mailer.send(&email).await,
            Err(EmailError::Transient(_))
        ));
        server.refuse_next(1, crate::fake::smtp::Refusal::Permanent);
        assert!(matches!(
            mailer.send(&email).await,
            Err(EmailError::Permanent(_))
        ));
        mailer
            .send(&email)
            .await
            .expect("accepted once refusals are used up");
        assert_eq!(server.messages().len(), 1);
    }
}
