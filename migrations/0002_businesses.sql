-- Tenancy: businesses, their members and invitations, API keys, the activity log and stored
-- answers of idempotent requests.

create table businesses (
    id          uuid primary key,
    name        text not null,
    industry    text,
    description text,
    website     text,
    region      text,
    currency    text not null default 'UZS',
    timezone    text not null default 'Asia/Tashkent',
    locale      text not null default 'uz' check (locale in ('uz', 'ru', 'en')),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    -- Deleted businesses disappear at once and are purged after a grace period.
    deleted_at  timestamptz
);
create trigger businesses_updated_at before update on businesses
    for each row execute function set_updated_at();
create index businesses_deleted on businesses (deleted_at) where deleted_at is not null;

create table memberships (
    business_id uuid not null references businesses (id) on delete cascade,
    user_id     uuid not null references users (id) on delete cascade,
    role        text not null check (role in ('owner', 'admin', 'marketer', 'sales', 'viewer')),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (business_id, user_id)
);
create trigger memberships_updated_at before update on memberships
    for each row execute function set_updated_at();
create index memberships_user on memberships (user_id, business_id);
-- Exactly one owner per business (the transfer swaps roles inside one transaction).
create unique index memberships_one_owner on memberships (business_id) where role = 'owner';

create table invitations (
    id          uuid primary key,
    business_id uuid not null references businesses (id) on delete cascade,
    email       text not null check (email = lower(email)),
    role        text not null check (role in ('admin', 'marketer', 'sales', 'viewer')),
    token_hash  bytea not null unique,
    invited_by  uuid references users (id) on delete set null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    accepted_by uuid references users (id) on delete set null,
    revoked_at  timestamptz
);
create index invitations_business on invitations (business_id, id desc);
-- One open invitation per address and business; inviting again replaces it.
create unique index invitations_open on invitations (business_id, email)
    where accepted_at is null and revoked_at is null;

create table api_keys (
    id           uuid primary key,
    business_id  uuid not null references businesses (id) on delete cascade,
    name         text not null,
    -- The visible part of the key, unique, used to find it; the secret part is only hashed.
    prefix       text not null unique,
    secret_hash  bytea not null,
    scopes       text[] not null,
    created_by   uuid references users (id) on delete set null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz
);
create index api_keys_business on api_keys (business_id, id desc);

create table activity_log (
    id               uuid primary key,
    -- Null for events of an account rather than of a business (login, 2FA, …).
    business_id      uuid references businesses (id) on delete cascade,
    -- The account a security event is about.
    user_id          uuid references users (id) on delete cascade,
    actor_user_id    uuid references users (id) on delete set null,
    actor_api_key_id uuid references api_keys (id) on delete set null,
    action           text not null,
    entity_type      text not null,
    entity_id        uuid,
    changes          jsonb not null default '{}'::jsonb,
    ip               inet,
    user_agent       text,
    created_at       timestamptz not null default now()
);
create index activity_business on activity_log (business_id, id desc) where business_id is not null;
create index activity_user on activity_log (user_id, id desc) where user_id is not null;

-- Answers of requests made with an Idempotency-Key, replayed when the same request repeats.
create table idempotency_keys (
    owner         text not null,
    key           text not null,
    request_hash  bytea not null,
    status_code   integer,
    response_body bytea,
    created_at    timestamptz not null default now(),
    completed_at  timestamptz,
    primary key (owner, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);
