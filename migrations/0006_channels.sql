-- Marketing channels (SPEC §3), their daily metrics, sync runs, spend by source, and the
-- durable job queue the workers run from.

create table channels (
    id               uuid primary key,
    business_id      uuid not null references businesses (id) on delete cascade,
    kind             text not null
                     check (kind in ('instagram', 'facebook', 'telegram', 'google_ads', 'website', 'tiktok', 'youtube')),
    name             text not null,
    -- The account at the provider: Instagram user id, Page id, @channel, Ads customer id,
    -- GA4 property id. Manual channels have none.
    external_id      text,
    -- connected: synced hourly; paused: kept, not synced; reconnect: the provider revoked
    -- access and a person must authorise again; manual: numbers entered or imported by hand.
    status           text not null default 'connected'
                     check (status in ('connected', 'paused', 'reconnect', 'manual')),
    -- Encrypted JSON of the tokens (never returned by the API, never logged).
    credentials      bytea,
    token_expires_at timestamptz,
    last_sync_at     timestamptz,
    last_sync_status text check (last_sync_status in ('ok', 'failed', 'throttled', 'reconnect')),
    last_error       text,
    created_by       uuid references users (id) on delete set null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create trigger channels_updated_at before update on channels
    for each row execute function set_updated_at();
create index channels_business on channels (business_id, id);
create unique index channels_account on channels (business_id, kind, external_id)
    where external_id is not null;
-- The hourly round walks connected channels in id order.
create index channels_due on channels (id) where status = 'connected';

-- One row per channel and day in the business's time zone; a re-sync of the day replaces it.
create table channel_metrics (
    channel_id     uuid not null references channels (id) on delete cascade,
    day            date not null,
    business_id    uuid not null,
    followers      bigint,
    reach          bigint,
    views          bigint,
    engagement     bigint,
    posts          integer,
    profile_visits bigint,
    clicks         bigint,
    spend          bigint,
    conversions    double precision,
    primary key (channel_id, day)
);

-- Posts with their view counts, for the best time to post (hour × weekday of past posts).
create table channel_posts (
    channel_id  uuid not null references channels (id) on delete cascade,
    post_id     text not null,
    business_id uuid not null,
    posted_at   timestamptz not null,
    views       bigint not null,
    primary key (channel_id, post_id)
);

-- OAuth `state` values handed to a provider: single use, short-lived.
create table oauth_states (
    state_hash  bytea primary key,
    business_id uuid not null references businesses (id) on delete cascade,
    user_id     uuid references users (id) on delete cascade,
    kind        text not null,
    -- Set when the flow reconnects an existing channel.
    channel_id  uuid references channels (id) on delete cascade,
    expires_at  timestamptz not null
);

-- The durable queue: workers claim due rows with `FOR UPDATE SKIP LOCKED` and hold a lease
-- while they work; a lease that runs out (a killed worker) makes the job claimable again.
create table jobs (
    id           uuid primary key,
    kind         text not null,
    -- Concurrency is bounded per lane (a provider) across every worker.
    lane         text not null,
    -- A second enqueue with the same key (the same channel in the same hour) is a no-op.
    dedupe_key   text not null,
    business_id  uuid references businesses (id) on delete cascade,
    payload      jsonb not null default '{}'::jsonb,
    status       text not null default 'queued' check (status in ('queued', 'running', 'done', 'dead')),
    attempts     integer not null default 0,
    max_attempts integer not null,
    run_after    timestamptz not null default now(),
    lease_until  timestamptz,
    worker       text,
    last_error   text,
    created_at   timestamptz not null default now(),
    finished_at  timestamptz
);
create unique index jobs_dedupe on jobs (dedupe_key);
create index jobs_due on jobs (lane, run_after) where status = 'queued';
create index jobs_leased on jobs (lease_until) where status = 'running';
create index jobs_business on jobs (business_id, id desc) where business_id is not null;

-- Every attempt to sync a channel, for the sync health panel.
create table sync_runs (
    id           uuid primary key,
    business_id  uuid not null references businesses (id) on delete cascade,
    channel_id   uuid not null references channels (id) on delete cascade,
    job_id       uuid,
    attempt      integer not null,
    trigger      text not null check (trigger in ('schedule', 'manual')),
    status       text not null check (status in ('running', 'ok', 'failed', 'throttled', 'reconnect')),
    -- The job will not be tried again (dead-lettered, or access revoked).
    final        boolean not null default false,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    requests     integer not null default 0,
    throttled    integer not null default 0,
    rows_written integer not null default 0,
    error        text
);
create index sync_runs_business on sync_runs (business_id, id desc);
create index sync_runs_channel on sync_runs (channel_id, id desc);

-- Spend by where it came from: typed by hand (`manual`) or synced by a channel (its id), so a
-- sync never overwrites what a person entered and two ad accounts add up.
alter table marketing_spend add column source text not null default 'manual';
alter table marketing_spend drop constraint marketing_spend_pkey;
alter table marketing_spend add primary key (business_id, day, channel, source);
