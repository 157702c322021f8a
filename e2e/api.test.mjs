// Black-box tests of `biznespilot serve` as a user runs it: no SMTP configured, so the
// verification link is read from the server's log, as a developer would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const base = process.env.E2E_BASE_URL;
const serverLog = process.env.E2E_SERVER_LOG;
assert.ok(base && serverLog, 'run through scripts/e2e.sh');

async function call(method, path, { token, body, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(base + path, init);
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, headers: response.headers, text, json };
}

function linkFromLog(email, kind) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const lines = readFileSync(serverLog, 'utf8')
      .split('\n')
      .filter((line) => line.includes(email) && line.includes(kind));
    const match = lines.at(-1)?.match(/link="?([^"\s]+)/);
    if (match) return new URL(match[1]);
  }
  assert.fail(`no ${kind} link for ${email} in the server log`);
}

const password = 'Chorsu-bozori-2026!';

test('the server is alive, ready and documented', async () => {
  assert.equal((await call('GET', '/health/live')).status, 200);
  const ready = await call('GET', '/health/ready');
  assert.equal(ready.status, 200, ready.text);
  assert.equal(ready.json.postgres, 'ok');
  const spec = await call('GET', '/api/openapi.json');
  assert.equal(spec.json.openapi, '3.1.0');
  assert.ok(spec.json.paths['/api/v1/auth/register']);
  const docs = await call('GET', '/api/docs/');
  assert.equal(docs.status, 200);
  assert.match(docs.text, /swagger/i);
  const metrics = await call('GET', '/metrics');
  assert.match(metrics.text, /biznespilot_http_requests_total/);
});

test('a new user registers, verifies from the logged link, signs in and creates a business', async () => {
  const email = `e2e-${Date.now()}@example.uz`;
  const weak = await call('POST', '/api/v1/auth/register', { body: { email, password: 'password1234', name: 'E2E' } });
  assert.equal(weak.status, 422);
  assert.equal(weak.headers.get('content-type'), 'application/problem+json');
  assert.equal(weak.json.errors[0].code, 'weak_password');

  const registered = await call('POST', '/api/v1/auth/register', { body: { email, password, name: 'E2E Foydalanuvchi' } });
  assert.equal(registered.status, 201, registered.text);
  const again = await call('POST', '/api/v1/auth/register', { body: { email, password, name: 'E2E' } });
  assert.equal(again.json.code, 'email_taken');

  const early = await call('POST', '/api/v1/auth/login', { body: { email, password } });
  assert.equal(early.json.code, 'email_not_verified');

  const link = linkFromLog(email, 'verify_email');
  assert.equal(link.pathname, '/verify-email');
  const verified = await call('POST', '/api/v1/auth/verify-email', { body: { token: link.searchParams.get('token') } });
  assert.equal(verified.status, 204, verified.text);

  const login = await call('POST', '/api/v1/auth/login', { body: { email, password } });
  assert.equal(login.status, 200, login.text);
  assert.match(login.headers.get('set-cookie'), /bp_refresh=.*HttpOnly/);
  const token = login.json.access_token;

  const me = await call('GET', '/api/v1/me', { token });
  assert.equal(me.json.email, email);
  assert.ok(me.headers.get('x-request-id'));

  const business = await call('POST', '/api/v1/businesses', { token, body: { name: 'Chorsu Savdo', industry: 'retail' } });
  assert.equal(business.status, 201, business.text);
  const members = await call('GET', `/api/v1/businesses/${business.json.id}/members`, { token });
  assert.equal(members.json.items[0].role, 'owner');

  const logout = await call('POST', '/api/v1/auth/logout', { body: { refresh_token: login.json.refresh_token } });
  assert.equal(logout.status, 204);
  assert.equal((await call('GET', '/api/v1/me', { token })).status, 401);
});

test('bad input is a problem, never a crash', async () => {
  const cases = [
    ['POST', '/api/v1/auth/login', '{"email": ', 400, 'malformed_json'],
    ['POST', '/api/v1/auth/login', { email: 1, password: 'x' }, 422, 'validation_failed'],
    ['POST', '/api/v1/auth/login', { email: 'a@b.uz', password: 'x', admin: true }, 422, 'validation_failed'],
    ['GET', '/api/v1/businesses/not-a-uuid', undefined, 401, 'unauthorized'],
    ['GET', '/api/v1/no-such-route', undefined, 404, 'not_found'],
  ];
  for (const [method, path, body, status, code] of cases) {
    const response = await call(method, path, { body });
    assert.equal(response.status, status, `${method} ${path}: ${response.text}`);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(response.json.code, code);
  }
});
