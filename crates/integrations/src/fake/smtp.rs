//! An SMTP server (RFC 5321) that keeps what it receives in memory: the local sink for tests
//! and the demo. It speaks enough of the protocol for real clients (EHLO, MAIL, RCPT, DATA with
//! dot-stuffing, RSET, NOOP, QUIT) and decodes what they send (quoted-printable and base64
//! bodies, RFC 2047 encoded subjects), and it can be told to refuse messages to test retries.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One message as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedEmail {
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    /// The decoded text body.
    pub body: String,
    /// The message as it came over the wire.
    pub raw: String,
}

/// How the next messages are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `451`: try again later.
    Temporary,
    /// `550`: never.
    Permanent,
}

#[derive(Default)]
struct Inbox {
    messages: Vec<ReceivedEmail>,
    refusals: Vec<Refusal>,
}

/// A running fake; it stops when dropped.
pub struct FakeSmtp {
    addr: SocketAddr,
    inbox: Arc<Mutex<Inbox>>,
    arrived: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeSmtp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeSmtp {
    /// Listens on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on("127.0.0.1:0").await
    }

    pub async fn start_on(addr: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let arrived = Arc::new(Notify::new());
        let task = tokio::spawn(accept_loop(listener, inbox.clone(), arrived.clone()));
        Ok(FakeSmtp {
            addr,
            inbox,
            arrived,
            task,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The `SMTP_URL` that reaches this server.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Everything received so far, oldest first.
    pub fn messages(&self) -> Vec<ReceivedEmail> {
        lock(&self.inbox).messages.clone()
    }

    /// Refuses the next `count` messages at the end of DATA.
    pub fn refuse_next(&self, count: usize, how: Refusal) {
        lock(&self.inbox)
            .refusals
            .extend(std::iter::repeat_n(how, count));
    }

    /// Waits until a message matching `matches` has arrived, and returns the latest such.
    pub async fn wait_for(
        &self,
        matches: impl Fn(&ReceivedEmail) -> bool,
        timeout: Duration,
    ) -> Option<ReceivedEmail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.arrived.notified();
            if let Some(found) = lock(&self.inbox).messages.iter().rev().find(|m| matches(m)) {
                return Some(found.clone());
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return None;
            }
        }
    }
}

fn lock(inbox: &Mutex<Inbox>) -> std::sync::MutexGuard<'_, Inbox> {
    inbox
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn accept_loop(listener: TcpListener, inbox: Arc<Mutex<Inbox>>, arrived: Arc<Notify>) {
    while let Ok((stream, _)) = listener.accept().await {
        let inbox = inbox.clone();
        let arrived = arrived.clone();
        tokio::spawn(async move {
            if let Err(error) = session(stream, &inbox, &arrived).await {
                tracing::debug!(%error, "fake smtp session ended");
            }
        });
    }
}

async fn session(stream: TcpStream, inbox: &Mutex<Inbox>, arrived: &Notify) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write
        .write_all(b"220 fake-smtp.biznespilot.local ESMTP ready\r\n")
        .await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-fake-smtp.biznespilot.local\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 fake-smtp.biznespilot.local\r\n",
            "MAIL" => {
                from = angle_address(&command);
                to.clear();
                b"250 OK\r\n"
            }
            "RCPT" => {
                to.push(angle_address(&command));
                b"250 OK\r\n"
            }
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let raw = read_data(&mut lines).await?;
                let refusal = {
                    let mut inbox = lock(inbox);
                    if inbox.refusals.is_empty() {
                        None
                    } else {
                        Some(inbox.refusals.remove(0))
                    }
                };
                match refusal {
                    Some(Refusal::Temporary) => b"451 4.3.0 Try again later\r\n",
                    Some(Refusal::Permanent) => b"550 5.1.1 Mailbox unavailable\r\n",
                    None => {
                        let (subject, body) = decode_message(&raw);
                        lock(inbox).messages.push(ReceivedEmail {
                            from: from.clone(),
                            to: std::mem::take(&mut to),
                            subject,
                            body,
                            raw,
                        });
                        arrived.notify_waiters();
                        b"250 OK queued\r\n"
                    }
                }
            }
            "RSET" => {
                from.clear();
                to.clear();
                b"250 OK\r\n"
            }
            "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 Command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
}

async fn read_data(
    lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> std::io::Result<String> {
    let mut raw = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(raw);
        }
        let content = line.trim_end_matches(['\r', '\n']);
        if content == "." {
            return Ok(raw);
        }
        // Dot-stuffing: a leading dot of a data line was doubled by the client.
        raw.push_str(
            content
                .strip_prefix('.')
                .filter(|_| content.starts_with(".."))
                .unwrap_or(content),
        );
        raw.push_str("\r\n");
    }
}

fn angle_address(command: &str) -> String {
    match (command.find('<'), command.find('>')) {
        (Some(start), Some(end)) if start < end => command[start + 1..end].to_owned(),
        _ => command.split(':').nth(1).unwrap_or("").trim().to_owned(),
    }
}

/// Splits a message into its decoded subject and decoded text body.
fn decode_message(raw: &str) -> (String, String) {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let header = |name: &str| {
        unfolded.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let subject = header("Subject")
        .map(|s| decode_words(&s))
        .unwrap_or_default();
    let encoding = header("Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let body = match encoding.as_str() {
        "quoted-printable" => String::from_utf8_lossy(&decode_quoted_printable(body)).into_owned(),
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_else(|_| body.to_owned())
        }
        _ => body.to_owned(),
    };
    (subject, body.replace("\r\n", "\n"))
}

fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    None => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) in a header value.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("=?") {
        let (before, word) = rest.split_at(start);
        // Whitespace between two encoded words is not part of the text.
        if !(out.ends_with('\u{0}') && before.trim().is_empty()) {
            out.push_str(before);
        }
        let decoded = word[2..].splitn(3, '?').collect::<Vec<_>>();
        let Some(end) = decoded.get(2).and_then(|payload| payload.find("?=")) else {
            out.push_str(word);
            rest = "";
            break;
        };
        let payload = &decoded[2][..end];
        let bytes = match decoded[1].to_ascii_lowercase().as_str() {
            "b" => base64::engine::general_purpose::STANDARD
                .decode(payload)
                .unwrap_or_default(),
            _ => decode_quoted_printable(&payload.replace('_', " ")),
        };
        out.push_str(&String::from_utf8_lossy(&bytes));
        out.push('\u{0}');
        let consumed = 2 + decoded[0].len() + 1 + decoded[1].len() + 1 + end + 2;
        rest = &word[consumed..];
    }
    out.push_str(rest);
    out.replace('\u{0}', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_soft_breaks_and_escapes_are_undone() {
        let decoded = decode_quoted_printable("token=3Dabc=\r\ndef caf=C3=A9");
        assert_eq!(String::from_utf8_lossy(&decoded), "token=abcdef café");
    }

    #[test]
    fn encoded_subjects_are_decoded() {
        assert_eq!(decode_words("=?utf-8?b?0J/RgNC40LLQtdGC?="), "Привет");
        assert_eq!(
            decode_words("=?utf-8?q?Hisob_tasdiq?= =?utf-8?q?i?="),
            "Hisob tasdiqi"
        );
        assert_eq!(decode_words("Plain subject"), "Plain subject");
    }
}
