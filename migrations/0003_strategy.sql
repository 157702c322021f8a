-- Strategy modules: the business profile, the 9-square canvas, goals, dream buyers and offers.
-- Every row belongs to one business and goes with it.

create table business_profiles (
    business_id              uuid primary key references businesses (id) on delete cascade,
    founded_year             integer check (founded_year between 1800 and 2100),
    team_size                integer check (team_size > 0),
    monthly_marketing_budget bigint check (monthly_marketing_budget >= 0),
    target_audience          text,
    main_goals               text,
    usp                      text,
    elevator_pitch           text,
    logo_url                 text,
    fiscal_month_start       smallint not null default 1 check (fiscal_month_start between 1 and 12),
    notifications            jsonb not null default '{}'::jsonb,
    updated_at               timestamptz not null default now()
);
create trigger business_profiles_updated_at before update on business_profiles
    for each row execute function set_updated_at();

create table canvas_squares (
    business_id uuid not null references businesses (id) on delete cascade,
    square      text not null check (square in ('target_market', 'message', 'media',
                    'lead_capture', 'lead_nurture', 'sales_conversion',
                    'world_class_experience', 'lifetime_value', 'referrals')),
    text        text not null default '',
    complete    boolean not null default false,
    updated_at  timestamptz not null default now(),
    primary key (business_id, square)
);
create trigger canvas_squares_updated_at before update on canvas_squares
    for each row execute function set_updated_at();

create table business_goals (
    id           uuid primary key,
    business_id  uuid not null references businesses (id) on delete cascade,
    metric       text not null check (metric in ('revenue', 'leads', 'customers', 'followers', 'roas', 'custom')),
    name         text,
    target       double precision not null check (target > 0),
    period_start date not null,
    period_end   date not null check (period_end >= period_start),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
create trigger business_goals_updated_at before update on business_goals
    for each row execute function set_updated_at();
create index business_goals_business on business_goals (business_id, id desc);

create table dream_buyers (
    id          uuid primary key,
    business_id uuid not null references businesses (id) on delete cascade,
    name        text not null,
    description text,
    age_min     smallint check (age_min between 0 and 120),
    age_max     smallint check (age_max between 0 and 120),
    gender      text check (gender in ('any', 'female', 'male')),
    income      text,
    location    text,
    occupation  text,
    -- Answers to the nine questions, keyed by the question's name.
    answers     jsonb not null default '{}'::jsonb,
    wizard_step smallint not null default 0 check (wizard_step between 0 and 9),
    archived_at timestamptz,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    check (age_min is null or age_max is null or age_min <= age_max)
);
create trigger dream_buyers_updated_at before update on dream_buyers
    for each row execute function set_updated_at();
create index dream_buyers_business on dream_buyers (business_id, (archived_at is not null), id desc);

create table offers (
    id                   uuid primary key,
    business_id          uuid not null references businesses (id) on delete cascade,
    name                 text not null,
    description          text,
    headline             text,
    price                bigint not null default 0 check (price >= 0),
    core_value           bigint not null default 0 check (core_value >= 0),
    dream_outcome        smallint not null check (dream_outcome between 1 and 10),
    perceived_likelihood smallint not null check (perceived_likelihood between 1 and 10),
    time_delay           smallint not null check (time_delay between 1 and 10),
    effort_sacrifice     smallint not null check (effort_sacrifice between 1 and 10),
    -- The stack's bonuses in the order shown, the guarantee, the lead magnet and the pricing
    -- plan: parts of the offer that are always read and written with it.
    bonuses              jsonb not null default '[]'::jsonb,
    guarantee            jsonb,
    hvco                 jsonb,
    pricing_plan         jsonb,
    deadline             timestamptz,
    quantity_limit       integer check (quantity_limit > 0),
    -- A variant (A/B) points at the offer it was copied from; later modules compare them.
    variant_of           uuid references offers (id) on delete set null,
    archived_at          timestamptz,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create trigger offers_updated_at before update on offers
    for each row execute function set_updated_at();
create index offers_business on offers (business_id, (archived_at is not null), id desc);
create index offers_variant_of on offers (variant_of) where variant_of is not null;
