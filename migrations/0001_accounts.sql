-- Accounts: users, sessions with rotating refresh tokens, e-mailed tokens, login attempts,
-- two-factor recovery codes and the e-mail outbox.

create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
    new.updated_at = now();
    return new;
end;
$$;

create table users (
    id                  uuid primary key,
    -- Stored lower-cased: one mailbox is one account.
    email               text not null unique check (email = lower(email)),
    password_hash       text not null,
    name                text not null,
    phone               text,
    locale              text not null default 'uz' check (locale in ('uz', 'ru', 'en')),
    timezone            text not null default 'Asia/Tashkent',
    platform_role       text not null default 'user' check (platform_role in ('super_admin', 'admin', 'user')),
    email_verified_at   timestamptz,
    last_login_at       timestamptz,
    last_login_ip       inet,
    failed_login_count  integer not null default 0,
    locked_until        timestamptz,
    -- TOTP secret, encrypted at rest; the pending one waits for its first code.
    totp_secret_enc     bytea,
    totp_pending_enc    bytea,
    totp_enabled_at     timestamptz,
    -- Last accepted TOTP time step: a code is accepted once per step.
    totp_last_step      bigint,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create trigger users_updated_at before update on users
    for each row execute function set_updated_at();
create index users_super_admin on users (platform_role) where platform_role = 'super_admin';

create table recovery_codes (
    id          uuid primary key,
    user_id     uuid not null references users (id) on delete cascade,
    code_hash   bytea not null,
    used_at     timestamptz,
    created_at  timestamptz not null default now(),
    unique (user_id, code_hash)
);

-- A session is one signed-in device; its refresh tokens form the rotation family.
create table sessions (
    id              uuid primary key,
    user_id         uuid not null references users (id) on delete cascade,
    ip              inet,
    user_agent      text,
    created_at      timestamptz not null default now(),
    last_seen_at    timestamptz not null default now(),
    expires_at      timestamptz not null,
    revoked_at      timestamptz,
    revoked_reason  text
);
create index sessions_user on sessions (user_id, id desc);

create table refresh_tokens (
    token_hash  bytea primary key,
    session_id  uuid not null references sessions (id) on delete cascade,
    created_at  timestamptz not null default now(),
    used_at     timestamptz
);
create index refresh_tokens_session on refresh_tokens (session_id);

-- Single-use tokens sent by e-mail (verification, password reset).
create table email_tokens (
    token_hash  bytea primary key,
    user_id     uuid not null references users (id) on delete cascade,
    purpose     text not null check (purpose in ('verify_email', 'reset_password')),
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz
);
create index email_tokens_user on email_tokens (user_id, purpose);

create table login_attempts (
    id          uuid primary key,
    user_id     uuid references users (id) on delete cascade,
    email       text not null,
    ip          inet,
    user_agent  text,
    outcome     text not null,
    created_at  timestamptz not null default now()
);
create index login_attempts_user on login_attempts (user_id, created_at desc);
create index login_attempts_created on login_attempts (created_at);

create table email_outbox (
    id              uuid primary key,
    to_email        text not null,
    subject         text not null,
    body_text       text not null,
    kind            text not null,
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    sent_at         timestamptz,
    failed_at       timestamptz,
    last_error      text,
    created_at      timestamptz not null default now()
);
create index email_outbox_due on email_outbox (next_attempt_at)
    where sent_at is null and failed_at is null;
