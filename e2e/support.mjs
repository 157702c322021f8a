// What the browser tests need around the browser: a local SMTP sink, TOTP codes, a server of
// our own on a fresh database, and Chromium.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { chromium } from 'playwright-core';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function decodeQuotedPrintable(text) {
  const bytes = [];
  const source = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '=' && /^[0-9A-F]{2}$/i.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(source[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bqBQ])\?([^?]*)\?=/g, (_, _charset, encoding, payload) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(payload, 'base64').toString('utf8')
        : decodeQuotedPrintable(payload.replace(/_/g, ' ')),
    );
}

/// Decodes the subject and text body of a raw single-part message.
export function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name) =>
    head
      .split('\r\n')
      .map((line) => line.match(/^([^:]+):\s*(.*)$/))
      .find((m) => m && m[1].toLowerCase() === name)?.[2] ?? '';
  const encoding = header('content-transfer-encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { subject: decodeWords(header('subject')), text: text.replace(/\r\n/g, '\n') };
}

/// An SMTP server that keeps what it receives, for reading e-mailed links.
export async function startMailbox() {
  const messages = [];
  const waiters = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const message = {
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          ...parseMessage(Buffer.concat(chunks).toString('utf8')),
        };
        messages.push(message);
        waiters.splice(0).forEach((wake) => wake());
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /// The newest message to `to` that `matches`, waiting up to 15 s for it.
    async waitFor(to, matches = () => true) {
      const deadline = Date.now() + 15000;
      for (;;) {
        const found = messages.filter((m) => m.to.includes(to.toLowerCase()) && matches(m)).at(-1);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no e-mail to ${to}`);
        await new Promise((wake) => {
          waiters.push(wake);
          setTimeout(wake, 500);
        });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/// The link to `path` in an e-mail, e.g. `/verify-email?token=…`.
export function linkIn(message, path) {
  const match = message.text.match(new RegExp(`https?://[^\\s]+${path.replace(/[?]/g, '\\?')}\\?token=[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no ${path} link in: ${message.text}`);
  return new URL(match[0]);
}

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/// The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret at `time` (ms).
export function totp(secret, time = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 1000 / 30)));
  const digest = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/// Waits until the next 30-second TOTP step begins (a code is accepted once per step).
export async function nextTotpStep() {
  const wait = 30000 - (Date.now() % 30000) + 500;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/// `biznespilot serve` with the SPA, on a free port, its e-mails going to `smtpUrl`.
export async function startServer({ databaseUrl, smtpUrl, bin, staticDir }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'biznespilot-e2e-'));
  const output = [];
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: '',
      SMTP_URL: smtpUrl,
      BIZNESPILOT_ADDR: `127.0.0.1:${port}`,
      BIZNESPILOT_PUBLIC_URL: base,
      BIZNESPILOT_STATIC_DIR: staticDir,
      BIZNESPILOT_DATA_DIR: dataDir,
      BIZNESPILOT_ENV: 'dev',
      BIZNESPILOT_AUTH_RATE_LIMIT_PER_MINUTE: '500',
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      const ready = await fetch(`${base}/health/ready`);
      if (ready.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start:\n${Buffer.concat(output).toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    base,
    log: () => Buffer.concat(output).toString(),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

const CHROMIUM_PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export async function launchBrowser() {
  const { existsSync } = await import('node:fs');
  const executablePath = process.env.CHROMIUM_PATH ?? CHROMIUM_PATHS.find((path) => existsSync(path));
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export function artifactsDir() {
  const dir = process.env.E2E_ARTIFACTS ?? join(process.cwd(), 'e2e', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}
