//! Answers computed from data the database versions: an entry serves only while the version it
//! was computed at is still the current one, so every instance sees a write the moment it
//! commits; the lifetime bounds what the version cannot see (the clock).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};

pub struct VersionedCache<K, V> {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<K, Entry<V>>>,
}

struct Entry<V> {
    version: i64,
    value: Arc<V>,
    until: DateTime<Utc>,
}

impl<K: Eq + Hash, V> VersionedCache<K, V> {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        VersionedCache {
            ttl,
            capacity,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<K, Entry<V>>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The value computed for `key` at `version`, unless it has expired.
    pub fn get(&self, key: &K, version: i64, now: DateTime<Utc>) -> Option<Arc<V>> {
        let entries = self.entries();
        let entry = entries.get(key)?;
        (entry.version == version && entry.until > now).then(|| entry.value.clone())
    }

    pub fn put(&self, key: K, version: i64, value: Arc<V>, now: DateTime<Utc>) {
        if self.ttl <= Duration::zero() || self.capacity == 0 {
            return;
        }
        let mut entries = self.entries();
        if entries.len() >= self.capacity {
            entries.retain(|_, entry| entry.until > now);
            if entries.len() >= self.capacity {
                // Full of live entries: starting over costs one recomputation each, while
                // tracking recency would cost every hit.
                entries.clear();
            }
        }
        let until = now + self.ttl;
        entries.insert(
            key,
            Entry {
                version,
                value,
                until,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_serves_its_version_until_it_expires() {
        let cache = VersionedCache::new(Duration::seconds(60), 10);
        let now = Utc::now();
        cache.put("a", 3, Arc::new(1), now);
        assert_eq!(cache.get(&"a", 3, now).as_deref(), Some(&1));
        assert_eq!(cache.get(&"a", 4, now), None, "a newer version is a miss");
        assert_eq!(cache.get(&"b", 3, now), None);
        assert_eq!(cache.get(&"a", 3, now + Duration::seconds(61)), None);
    }

    #[test]
    fn a_full_cache_makes_room() {
        let cache = VersionedCache::new(Duration::seconds(60), 2);
        let now = Utc::now();
        cache.put(1, 0, Arc::new("one"), now);
        cache.put(2, 0, Arc::new("two"), now + Duration::seconds(50));
        cache.put(3, 0, Arc::new("three"), now + Duration::seconds(70));
        assert_eq!(cache.get(&1, 0, now + Duration::seconds(70)), None);
        assert!(cache.get(&2, 0, now + Duration::seconds(70)).is_some());
        assert!(cache.get(&3, 0, now + Duration::seconds(70)).is_some());
        let disabled = VersionedCache::new(Duration::zero(), 2);
        disabled.put(1, 0, Arc::new(1), now);
        assert_eq!(disabled.get(&1, 0, now), None);
    }
}
