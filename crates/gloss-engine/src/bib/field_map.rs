//! The fields of one entry: a short list sorted by name, names interned.
//! Entries have a handful of fields; a list is a third the size of a
//! `BTreeMap` (a node per entry, a `String` per name), which matters with
//! tens of thousands of entries.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// One copy of each field name for the life of the process. Distinct
/// names are few (a bibliography uses a few dozen), so this stays small.
fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(n) = set.get(name) {
        return n;
    }
    let n: &'static str = Box::leak(name.to_string().into_boxed_str());
    set.insert(n);
    n
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(Vec<(&'static str, Box<str>)>);

impl Fields {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(n, _)| (*n).cmp(name))
            .ok()
            .map(|i| &*self.0[i].1)
    }

    /// Set a field, replacing any value it had.
    pub fn insert(&mut self, name: &str, value: String) {
        match self.0.binary_search_by(|(n, _)| (*n).cmp(name)) {
            Ok(i) => self.0[i].1 = value.into_boxed_str(),
            Err(i) => self.0.insert(i, (intern(name), value.into_boxed_str())),
        }
    }

    /// Set a field unless it is set already.
    pub fn insert_if_absent(&mut self, name: &str, value: String) {
        if self.get(name).is_none() {
            self.insert(name, value);
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Fields in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (*n, &**v))
    }

    /// Drop spare capacity once the entry is complete.
    pub fn shrink(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl std::ops::Index<&str> for Fields {
    type Output = str;
    fn index(&self, name: &str) -> &str {
        self.get(name)
            .unwrap_or_else(|| panic!("no field `{name}`"))
    }
}

impl serde::Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl FromIterator<(String, String)> for Fields {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Fields {
        let mut f = Fields::default();
        for (n, v) in iter {
            f.insert(&n, v);
        }
        f.shrink();
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sorted_list_with_map_semantics() {
        let mut f = Fields::default();
        f.insert("year", "2008".into());
        f.insert("author", "Zhou, Yu".into());
        f.insert("year", "2009".into());
        f.insert_if_absent("author", "X".into());
        f.insert_if_absent("doi", "10.1/x".into());
        assert_eq!(f.len(), 3);
        assert_eq!(&f["year"], "2009");
        assert_eq!(f.get("author"), Some("Zhou, Yu"));
        assert_eq!(f.get("title"), None);
        let names: Vec<&str> = f.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["author", "doi", "year"]);
        assert!(std::ptr::eq(intern("doi"), intern("doi")));
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"author":"Zhou, Yu","doi":"10.1/x","year":"2009"}"#
        );
    }
}
