//! Keyset pagination: every list reads one row more than a page to know whether another
//! page follows, and continues after the last key it returned.

/// A page read from the database and the key to continue after, if more rows exist.
#[derive(Debug, Clone)]
pub struct Paged<T, K> {
    pub items: Vec<T>,
    pub next: Option<K>,
}

impl<T, K> Paged<T, K> {
    /// Trims `rows` (read with `limit + 1`) to one page and takes the continuation key from
    /// the last row kept.
    pub fn from_rows(mut rows: Vec<T>, limit: u32, key: impl Fn(&T) -> K) -> Self {
        let limit = limit as usize;
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(key)
        } else {
            None
        };
        Paged { items: rows, next }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U, K> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
        }
    }
}

/// The `LIMIT` of a query that reads one page plus one row.
pub fn fetch_limit(limit: u32) -> i64 {
    i64::from(limit) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_with_more_rows_names_the_next_key() {
        let page = Paged::from_rows(vec![5, 4, 3], 2, |row| *row);
        assert_eq!(page.items, vec![5, 4]);
        assert_eq!(page.next, Some(4));
    }

    #[test]
    fn the_last_page_has_no_next_key() {
        let page = Paged::from_rows(vec![5, 4], 2, |row| *row);
        assert_eq!(page.items, vec![5, 4]);
        assert_eq!(page.next, None);
    }
}
