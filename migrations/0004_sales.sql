-- Sales analytics: products, customers, leads and orders, and the aggregates the dashboard
-- reads instead of raw orders. Days and months are the business's time zone; money is in
-- minor units (tiyin).

create extension if not exists pg_trgm;

-- How the KPIs read this business: the churn window and the gross margin for CLV.
alter table business_profiles
    add column churn_window_days    smallint not null default 90 check (churn_window_days between 7 and 730),
    add column gross_margin_percent smallint check (gross_margin_percent between 0 and 100);

create table products (
    id          uuid primary key,
    business_id uuid not null references businesses (id) on delete cascade,
    name        text not null,
    sku         text,
    description text,
    price       bigint not null default 0 check (price >= 0),
    cost        bigint check (cost >= 0),
    archived_at timestamptz,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create trigger products_updated_at before update on products
    for each row execute function set_updated_at();
create index products_business on products (business_id, (archived_at is not null), id desc);
create unique index products_sku on products (business_id, sku) where sku is not null;
create index products_search on products using gin (name gin_trgm_ops);

-- Time-ordered ids (UUID v7) for rows created set-based in SQL, like the ones the app makes:
-- the millisecond clock in the first 48 bits, then random bits, version 7.
create or replace function uuid_v7() returns uuid
language sql volatile as $$
    select encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                    from 1 for 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;

-- Imports, so a finished one can be undone: rows it created carry its id.
create table imports (
    id           uuid primary key,
    business_id  uuid not null references businesses (id) on delete cascade,
    kind         text not null check (kind in ('customers', 'leads', 'orders')),
    status       text not null check (status in ('running', 'succeeded', 'failed', 'undone')),
    mode         text not null check (mode in ('all_or_nothing', 'skip_invalid')),
    -- Target field → the file's column it was read from.
    mapping      jsonb not null default '{}'::jsonb,
    rows_read    bigint not null default 0,
    rows_invalid bigint not null default 0,
    created      bigint not null default 0,
    duplicates   bigint not null default 0,
    customers_created bigint not null default 0,
    -- The first errors by line and column, and how many there were in all.
    errors       jsonb not null default '[]'::jsonb,
    errors_total bigint not null default 0,
    created_by   uuid references users (id) on delete set null,
    created_at   timestamptz not null default now(),
    finished_at  timestamptz
);
create index imports_business on imports (business_id, id desc);

create table customers (
    id             uuid primary key,
    business_id    uuid not null references businesses (id) on delete cascade,
    external_id    text,
    name           text not null,
    -- E.164 (+998…), and e-mail lower-cased: the keys duplicates are matched by.
    phone          text,
    email          text check (email = lower(email)),
    channel        text not null default 'other',
    notes          text,
    -- Kept from the customer's paid and completed orders.
    first_order_at timestamptz,
    -- The channel of the first order: where the customer is counted as new.
    first_order_channel text,
    last_order_at  timestamptz,
    orders_count   integer not null default 0,
    total_spent    bigint not null default 0,
    import_id      uuid references imports (id) on delete set null,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
create trigger customers_updated_at before update on customers
    for each row execute function set_updated_at();
create index customers_business on customers (business_id, id desc);
create unique index customers_external on customers (business_id, external_id) where external_id is not null;
create unique index customers_phone on customers (business_id, phone) where phone is not null;
create unique index customers_email on customers (business_id, email) where email is not null;
create index customers_search on customers
    using gin ((name || ' ' || coalesce(phone, '') || ' ' || coalesce(email, '')) gin_trgm_ops);
create index customers_import on customers (import_id) where import_id is not null;

create table leads (
    id               uuid primary key,
    business_id      uuid not null references businesses (id) on delete cascade,
    external_id      text,
    customer_id      uuid references customers (id) on delete set null,
    name             text not null,
    phone            text,
    email            text check (email = lower(email)),
    stage            text not null default 'new'
                     check (stage in ('new', 'contacted', 'qualified', 'proposal', 'won', 'lost')),
    -- The furthest open or won stage reached: what the funnel counts, kept when a lead is lost.
    furthest_stage   text not null default 'new'
                     check (furthest_stage in ('new', 'contacted', 'qualified', 'proposal', 'won')),
    channel          text not null default 'other',
    utm_source       text,
    utm_medium       text,
    utm_campaign     text,
    value            bigint check (value >= 0),
    owner_id         uuid references users (id) on delete set null,
    lost_reason      text,
    notes            text,
    stage_changed_at timestamptz not null default now(),
    import_id        uuid references imports (id) on delete set null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create trigger leads_updated_at before update on leads
    for each row execute function set_updated_at();
create index leads_business on leads (business_id, id desc);
create index leads_stage on leads (business_id, stage, id desc);
create unique index leads_external on leads (business_id, external_id) where external_id is not null;
create index leads_search on leads
    using gin ((name || ' ' || coalesce(phone, '') || ' ' || coalesce(email, '')) gin_trgm_ops);
create index leads_import on leads (import_id) where import_id is not null;

create table orders (
    id          uuid primary key,
    business_id uuid not null references businesses (id) on delete cascade,
    external_id text,
    -- A customer with orders cannot be deleted: the sales history would lose its buyer.
    customer_id uuid references customers (id) on delete restrict,
    status      text not null check (status in ('pending', 'paid', 'completed', 'cancelled', 'refunded')),
    channel     text not null default 'other',
    ordered_at  timestamptz not null,
    amount      bigint not null check (amount >= 0),
    -- Lines of the order ({product_id, name, quantity, unit_price}), always read with it.
    items       jsonb not null default '[]'::jsonb,
    notes       text,
    import_id   uuid references imports (id) on delete set null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create trigger orders_updated_at before update on orders
    for each row execute function set_updated_at();
create index orders_business on orders (business_id, ordered_at desc, id desc);
create index orders_customer on orders (business_id, customer_id, ordered_at) where customer_id is not null;
create unique index orders_external on orders (business_id, external_id) where external_id is not null;
create index orders_import on orders (import_id) where import_id is not null;

-- Marketing spend per channel and day: entered by hand or synced from ad platforms.
create table marketing_spend (
    business_id uuid not null references businesses (id) on delete cascade,
    day         date not null,
    channel     text not null,
    amount      bigint not null check (amount >= 0),
    primary key (business_id, day, channel)
);

-- Per business, day and channel: paid/completed orders, new customers (by their first
-- order), and leads by the day they came in with the furthest stage they reached.
create table sales_daily_stats (
    business_id     uuid not null references businesses (id) on delete cascade,
    day             date not null,
    channel         text not null,
    revenue         bigint not null default 0,
    orders          integer not null default 0,
    new_customers   integer not null default 0,
    leads           integer not null default 0,
    leads_qualified integer not null default 0,
    leads_proposal  integer not null default 0,
    leads_won       integer not null default 0,
    primary key (business_id, day, channel)
);

-- Which customers ordered in which month (with the channel of their first order that month):
-- ordering customers per month, purchase frequency, cohorts and churn come from here.
create table customer_months (
    business_id uuid not null references businesses (id) on delete cascade,
    customer_id uuid not null references customers (id) on delete cascade,
    month       date not null,
    channel     text not null,
    orders      integer not null,
    revenue     bigint not null,
    primary key (business_id, month, customer_id)
);
create index customer_months_customer on customer_months (business_id, customer_id, month);

-- Ordering customers per month and channel, and their orders, kept with customer_months.
create table sales_monthly_customers (
    business_id uuid not null references businesses (id) on delete cascade,
    month       date not null,
    channel     text not null,
    customers   integer not null,
    orders      integer not null,
    primary key (business_id, month, channel)
);

-- Monthly snapshots of churn, which needs each customer's
-- history and is recomputed by the daily aggregation rather than on every write.
create table monthly_kpis (
    business_id     uuid not null references businesses (id) on delete cascade,
    month           date not null,
    active_at_start integer not null,
    lost            integer not null,
    computed_at     timestamptz not null default now(),
    primary key (business_id, month)
);

-- KPI threshold alerts: one open alert per kind, resolved when the condition clears.
create table alerts (
    id           uuid primary key,
    business_id  uuid not null references businesses (id) on delete cascade,
    kind         text not null,
    severity     text not null check (severity in ('warning', 'critical')),
    value        double precision not null,
    threshold    double precision not null,
    raised_at    timestamptz not null,
    resolved_at  timestamptz,
    dismissed_at timestamptz
);
create unique index alerts_open on alerts (business_id, kind) where resolved_at is null;
create index alerts_business on alerts (business_id, id desc);
