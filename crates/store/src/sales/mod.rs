//! Sales: products, customers, leads and orders, and the aggregates kept beside them
//! (`stats`) so the dashboard never reads raw orders.

/// Statuses whose orders are revenue, as SQL sees them (`OrderStatus::is_revenue`).
macro_rules! revenue_statuses {
    () => {
        "('paid', 'completed')"
    };
}

pub mod alerts;
pub mod customers;
pub mod imports;
pub mod leads;
pub mod orders;
pub mod products;
pub mod stats;

/// A search term as an `ILIKE` pattern that matches it anywhere, its wildcards taken literally.
pub fn contains_pattern(term: &str) -> String {
    let escaped = term
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    #[test]
    fn wildcards_are_literal() {
        assert_eq!(super::contains_pattern("50%_off"), "%50\\%\\_off%");
    }
}
