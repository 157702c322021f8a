-- A version per business of everything the dashboard reads, so a dashboard computed once serves
-- every request until something under it changes. The writers of the aggregates bump it
-- (store::sales::stats); the small tables below bump it by trigger, so no writer can forget.

create table sales_versions (
    business_id uuid primary key references businesses (id) on delete cascade,
    version     bigint not null
);

-- A business on its way out (deleted with everything it owns) has nothing left to version.
create function bump_sales_version(business uuid) returns void
language sql as $$
    insert into sales_versions (business_id, version)
    select id, 1 from businesses where id = business
    on conflict (business_id) do update set version = sales_versions.version + 1
$$;

create function sales_version_touched() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform bump_sales_version(old.business_id);
    else
        perform bump_sales_version(new.business_id);
    end if;
    return null;
end
$$;

create trigger business_goals_sales_version after insert or update or delete on business_goals
    for each row execute function sales_version_touched();
create trigger alerts_sales_version after insert or update or delete on alerts
    for each row execute function sales_version_touched();
create trigger marketing_spend_sales_version after insert or update or delete on marketing_spend
    for each row execute function sales_version_touched();
create trigger business_profiles_sales_version after insert or update on business_profiles
    for each row execute function sales_version_touched();

-- Which import created a row is provenance for undo, not a reference to keep: an import is
-- never deleted on its own, and checking the key cost a million-row import four seconds.
alter table orders drop constraint orders_import_id_fkey;
alter table customers drop constraint customers_import_id_fkey;
alter table leads drop constraint leads_import_id_fkey;

-- customer_months is derived from orders and rebuilt from them; a customer with orders cannot
-- be deleted, and a purged business deletes it explicitly (store::businesses), so its keys
-- only cost: six seconds of a million-row import's rebuild.
alter table customer_months drop constraint customer_months_customer_id_fkey;
alter table customer_months drop constraint customer_months_business_id_fkey;
