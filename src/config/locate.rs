//! Turns byte positions in a TOML file into what a person needs to fix it: the line, and the
//! key path (`profiles.work.usernme`). Used for configuration and theme errors alike.
//!
//! The `toml` crate's serde errors carry a byte span; `toml_edit` keeps the span of every key
//! and value of the document it parsed, which gives the key path at that position.

use std::ops::Range;

use toml_edit::{ImDocument, Item, Table, Value};

/// A TOML text kept with its spanned parse (when it parses).
pub struct Located {
    text: String,
    doc: Option<ImDocument<String>>,
}

impl std::fmt::Debug for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Located")
            .field("bytes", &self.text.len())
            .finish()
    }
}

impl Located {
    /// Parses `text` for locating; a text that does not parse still gives lines.
    pub fn new(text: &str) -> Located {
        Located {
            text: text.to_string(),
            doc: ImDocument::parse(text.to_string()).ok(),
        }
    }

    /// 1-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    /// The key path at byte `offset`: the innermost key whose name or value covers it.
    pub fn key_at(&self, offset: usize) -> Option<Vec<String>> {
        let doc = self.doc.as_ref()?;
        let mut path = Vec::new();
        walk_table(doc.as_table(), offset, &mut path).then_some(path)
    }

    /// 1-based line where the key at `path` is written (its name), if it is in the file.
    pub fn line_of_key(&self, path: &[&str]) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        let (last, parents) = path.split_last()?;
        let mut table: &dyn TableLike = doc.as_table();
        for key in parents {
            table = table.child(key)?;
        }
        let span = table.key_span(last)?;
        Some(self.line_of(span.start))
    }
}

/// What a standard table and an inline table have in common here.
trait TableLike {
    fn entries(&self) -> Vec<(&str, Option<Range<usize>>, Entry<'_>)>;
    fn child(&self, key: &str) -> Option<&dyn TableLike>;
    fn key_span(&self, key: &str) -> Option<Range<usize>>;
}

enum Entry<'a> {
    Table(&'a Table),
    Inline(&'a toml_edit::InlineTable),
    Tables(&'a toml_edit::ArrayOfTables),
    Value(Option<Range<usize>>),
}

impl TableLike for Table {
    fn entries(&self) -> Vec<(&str, Option<Range<usize>>, Entry<'_>)> {
        self.iter()
            .filter_map(|(name, _)| {
                let (key, item) = self.get_key_value(name)?;
                let entry = match item {
                    Item::Table(t) => Entry::Table(t),
                    Item::ArrayOfTables(a) => Entry::Tables(a),
                    Item::Value(Value::InlineTable(t)) => Entry::Inline(t),
                    Item::Value(v) => Entry::Value(v.span()),
                    Item::None => return None,
                };
                Some((name, key.span(), entry))
            })
            .collect()
    }
    fn child(&self, key: &str) -> Option<&dyn TableLike> {
        match self.get(key)? {
            Item::Table(t) => Some(t),
            Item::Value(Value::InlineTable(t)) => Some(t),
            _ => None,
        }
    }
    fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.get_key_value(key).and_then(|(k, _)| k.span())
    }
}

impl TableLike for toml_edit::InlineTable {
    fn entries(&self) -> Vec<(&str, Option<Range<usize>>, Entry<'_>)> {
        self.iter()
            .filter_map(|(name, _)| {
                let (key, item) = self.get_key_value(name)?;
                let entry = match item {
                    Item::Value(Value::InlineTable(t)) => Entry::Inline(t),
                    Item::Value(v) => Entry::Value(v.span()),
                    _ => return None,
                };
                Some((name, key.span(), entry))
            })
            .collect()
    }
    fn child(&self, key: &str) -> Option<&dyn TableLike> {
        match self.get(key)? {
            Value::InlineTable(t) => Some(t),
            _ => None,
        }
    }
    fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.get_key_value(key).and_then(|(k, _)| k.span())
    }
}

fn covers(span: &Option<Range<usize>>, offset: usize) -> bool {
    span.as_ref()
        .is_some_and(|s| s.start <= offset && offset < s.end.max(s.start + 1))
}

fn walk_table(table: &dyn TableLike, offset: usize, path: &mut Vec<String>) -> bool {
    for (name, key_span, entry) in table.entries() {
        path.push(name.to_string());
        if covers(&key_span, offset) {
            return true;
        }
        let found = match entry {
            Entry::Table(t) => walk_table(t, offset, path),
            Entry::Inline(t) => walk_table(t, offset, path) || covers(&t.span(), offset),
            Entry::Tables(tables) => tables.iter().any(|t| walk_table(t, offset, path)),
            Entry::Value(span) => covers(&span, offset),
        };
        if found {
            return true;
        }
        path.pop();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_key_paths() {
        let text = "a = 1\n[profiles.work]\nserver = \"x\"\nkeys = { f9 = \"accept\" }\n";
        let located = Located::new(text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(located.line_of(at("server")), 3);
        assert_eq!(
            located.key_at(at("server")).unwrap(),
            ["profiles", "work", "server"]
        );
        assert_eq!(
            located.key_at(at("\"x\"")).unwrap(),
            ["profiles", "work", "server"]
        );
        assert_eq!(
            located.key_at(at("\"accept\"")).unwrap(),
            ["profiles", "work", "keys", "f9"]
        );
        assert_eq!(
            located.line_of_key(&["profiles", "work", "keys", "f9"]),
            Some(4)
        );
        assert_eq!(located.line_of_key(&["a"]), Some(1));
        assert_eq!(located.line_of_key(&["nope"]), None);
    }
}
