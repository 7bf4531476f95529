//! The lines of one conversation: kept in display order, indexed by CIM id and by provider
//! message id, with the own messages still waiting for their echo in a small set of their
//! own, and a scrollback window that keeps older lines out of memory.
//!
//! Every per-event operation is O(1) (amortised) whatever the conversation's length: look-up
//! by id ([`Lines::position`]), append ([`Lines::push`]), a delivery update
//! ([`Lines::delivery_target`]), the echo timeout ([`Lines::expire_pending`], which looks at
//! pending lines only). Only rare operations walk the window: merging an out-of-order
//! snapshot ([`Lines::merge_sorted`]) and taking back lines from the archive
//! ([`Lines::prepend`]) rebuild the indexes.
//!
//! **Scrollback window** (issue 7): at most [`Lines::window`] lines stay in memory (plus a
//! slack of an eighth, so lines leave in batches rather than one per event). The oldest lines
//! beyond it are handed out by [`Lines::take_evicted`] for the desk's archive
//! ([`crate::archive`]) and counted in [`Lines::archived`]; scrolling up brings them back
//! ([`Lines::prepend`]). While lines taken back are on screen the window may grow to twice
//! its size before anything leaves again.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, RandomState};
use std::ops::Deref;

use hashbrown::HashTable;

use super::conversation::{Author, ChatLine, Delivery};

/// Lines kept in memory per conversation unless configured otherwise (`scrollback` in the
/// config file).
pub const DEFAULT_WINDOW: usize = 5_000;

/// The smallest window accepted: a screen or two of lines.
pub const MIN_WINDOW: usize = 100;

/// A conversation's lines in display order. Reads go through `Deref<Target = [ChatLine]>`
/// (`lines.iter()`, `lines.len()`, `lines[i]`, `lines.last()`); writes go through the methods,
/// which keep the indexes right.
#[derive(Debug, Clone)]
pub struct Lines {
    lines: Vec<ChatLine>,
    /// Absolute number of `lines[0]`: lines evicted so far minus lines taken back.
    base: u64,
    /// CIM id → absolute number: a table of absolute numbers hashed by their line's id, so
    /// the id is not stored a second time (issue 7: ≤ 1 KiB per message; 100,000 lines).
    /// SipHash with a random key: ids come from the server.
    by_id: HashTable<u64>,
    hasher: RandomState,
    /// `providerMessageId` → absolute number, own lines only (delivery notifications name
    /// either id, fixture `cimEvent.delivery_notification.json`).
    by_provider: HashMap<Box<str>, u64>,
    /// Own lines still [`Delivery::Pending`], by `(sent_at_ms, absolute number)`: the
    /// oldest first, so the echo timeout looks at the front only.
    pending: BTreeSet<(i64, u64)>,
    window: usize,
    /// Evicted lines not yet taken by the archive, oldest first.
    evicted: Vec<ChatLine>,
    /// Lines older than the window, held by the archive.
    archived: usize,
    /// The agent is scrolled up, reading lines taken back from the archive.
    reading_back: bool,
    /// Older lines were asked from the archive.
    loading_older: bool,
}

impl Default for Lines {
    fn default() -> Self {
        Lines::with_window(DEFAULT_WINDOW)
    }
}

impl Deref for Lines {
    type Target = [ChatLine];
    fn deref(&self) -> &[ChatLine] {
        &self.lines
    }
}

impl Lines {
    /// Empty, keeping at most `window` lines in memory (at least [`MIN_WINDOW`]).
    pub fn with_window(window: usize) -> Self {
        Lines {
            lines: Vec::new(),
            base: 0,
            by_id: HashTable::new(),
            hasher: RandomState::new(),
            by_provider: HashMap::new(),
            pending: BTreeSet::new(),
            window: window.max(MIN_WINDOW),
            evicted: Vec::new(),
            archived: 0,
            reading_back: false,
            loading_older: false,
        }
    }

    /// The scrollback window: lines kept in memory.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Lines older than the window, out of memory (in the archive or on their way there).
    pub fn archived(&self) -> usize {
        self.archived + self.evicted.len()
    }

    /// Absolute number of the line at `index` of the window: it stays the line's number
    /// while the window moves (evictions, lines taken back), until a snapshot merge
    /// re-sorts the lines.
    pub fn absolute(&self, index: usize) -> u64 {
        self.base + index as u64
    }

    /// Absolute number of the oldest line in the window.
    pub fn base(&self) -> u64 {
        self.base
    }

    /// The id of the line with absolute number `abs`, in the window or evicted and not yet
    /// taken by the archive.
    pub fn id_at(&self, abs: u64) -> Option<&str> {
        match abs.checked_sub(self.base) {
            Some(i) => self.lines.get(i as usize),
            None => {
                let evicted_base = self.base - self.evicted.len() as u64;
                abs.checked_sub(evicted_base)
                    .and_then(|i| self.evicted.get(i as usize))
            }
        }
        .map(|line| &*line.id)
    }

    /// Index in the window of the line with CIM id `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        let base = self.base;
        let lines = &self.lines;
        self.by_id
            .find(self.hasher.hash_one(id), |&abs| {
                abs.checked_sub(base)
                    .and_then(|i| lines.get(i as usize))
                    .is_some_and(|l| &*l.id == id)
            })
            .map(|&abs| (abs - base) as usize)
    }

    /// The line with CIM id `id`.
    pub fn get_by_id(&self, id: &str) -> Option<&ChatLine> {
        self.position(id).map(|i| &self.lines[i])
    }

    /// The line a delivery notification's `messageId` names: by CIM id, else by provider
    /// message id.
    pub fn delivery_target(&self, message_id: &str) -> Option<usize> {
        self.position(message_id).or_else(|| {
            self.by_provider
                .get(message_id)
                .map(|abs| (abs - self.base) as usize)
        })
    }

    /// Appends a line (the caller checked that its id is new). Lines beyond the window
    /// move to the eviction queue in batches.
    pub fn push(&mut self, line: ChatLine) {
        self.lines.push(line);
        self.index(self.lines.len() - 1);
        self.trim();
    }

    /// Adds lines from a snapshot and re-sorts the window by time (stable: lines with the
    /// same time keep their order). O(n log n): for `onTopicData`, not for live events.
    pub fn merge_sorted(&mut self, new: Vec<ChatLine>) {
        if new.is_empty() {
            return;
        }
        self.lines.extend(new);
        self.lines.sort_by_key(|l| l.at_ms);
        self.reindex();
        self.trim();
    }

    /// Puts back lines older than the window (from the archive, oldest first) at its front.
    pub fn prepend(&mut self, older: Vec<ChatLine>) {
        if older.is_empty() {
            return;
        }
        self.archived = self.archived.saturating_sub(older.len());
        self.base = self.base.saturating_sub(older.len() as u64);
        let mut lines = older;
        lines.append(&mut self.lines);
        self.lines = lines;
        self.reindex();
    }

    /// True when evicted lines wait for [`Lines::take_evicted`].
    pub fn has_evicted(&self) -> bool {
        !self.evicted.is_empty()
    }

    /// True while older lines were asked from the archive and have not come back.
    pub fn loading_older(&self) -> bool {
        self.loading_older
    }

    /// Marks a request for older lines as sent (true) or answered (false).
    pub fn set_loading_older(&mut self, loading: bool) {
        self.loading_older = loading;
    }

    /// The archive holds nothing for this conversation after all: stop asking it.
    pub fn forget_archived(&mut self) {
        self.archived = 0;
    }

    /// Evicted lines for the archive, oldest first; they now count in [`Lines::archived`].
    pub fn take_evicted(&mut self) -> Vec<ChatLine> {
        let out = std::mem::take(&mut self.evicted);
        self.archived += out.len();
        out
    }

    /// Changes the delivery of the line at `index`, keeping the pending set right.
    pub fn set_delivery(&mut self, index: usize, delivery: Delivery) {
        let abs = self.base + index as u64;
        let line = &mut self.lines[index];
        if let Some(Delivery::Pending { sent_at_ms }) = line.delivery {
            self.pending.remove(&(sent_at_ms, abs));
        }
        if let Delivery::Pending { sent_at_ms } = delivery {
            self.pending.insert((sent_at_ms, abs));
        }
        line.delivery = Some(delivery);
    }

    /// Sets an own line's provider message id (from its echo).
    pub fn set_provider_id(&mut self, index: usize, provider_id: Box<str>) {
        let abs = self.base + index as u64;
        let line = &mut self.lines[index];
        if let Some(old) = line.provider_id.take() {
            self.by_provider.remove(&*old);
        }
        if line.author == Author::Me {
            self.by_provider.insert(provider_id.clone(), abs);
        }
        line.provider_id = Some(provider_id);
    }

    /// The line at `index`, to change what is shown (text, attachments). Its id, author,
    /// provider id and delivery must change through the methods above.
    pub fn shown_mut(&mut self, index: usize) -> &mut ChatLine {
        &mut self.lines[index]
    }

    /// Marks own lines pending since `timeout_ms` or longer as not confirmed; returns true when any
    /// changed. Looks at the pending set only.
    pub fn expire_pending(&mut self, now_ms: i64, timeout_ms: i64) -> bool {
        let mut changed = false;
        while let Some(&(sent_at_ms, abs)) = self.pending.first() {
            if now_ms - sent_at_ms < timeout_ms {
                break;
            }
            self.pending.pop_first();
            if let Some(line) = abs
                .checked_sub(self.base)
                .and_then(|i| self.lines.get_mut(i as usize))
            {
                line.delivery = Some(Delivery::NotConfirmed);
                changed = true;
            }
        }
        changed
    }

    /// Own lines still waiting for their echo.
    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// Keeps only the newest `keep` lines in memory (the rest go to the archive) and gives
    /// spare capacity back: for conversations that ended.
    pub fn compact(&mut self, keep: usize) {
        if self.lines.len() > keep {
            let n = self.lines.len() - keep;
            self.evict_front(n);
        }
        self.lines.shrink_to_fit();
        let (base, lines, hasher) = (self.base, &self.lines, &self.hasher);
        self.by_id
            .shrink_to_fit(|&abs| hasher.hash_one(&*lines[(abs - base) as usize].id));
        self.by_provider.shrink_to_fit();
    }

    /// Indexes the line at `index` of the window (a line with the same id indexed before
    /// now points here).
    fn index(&mut self, index: usize) {
        let abs = self.base + index as u64;
        let (base, lines, hasher) = (self.base, &self.lines, &self.hasher);
        let line = &lines[index];
        let hash = hasher.hash_one(&*line.id);
        match self.by_id.entry(
            hash,
            |&other| lines[(other - base) as usize].id == line.id,
            |&other| hasher.hash_one(&*lines[(other - base) as usize].id),
        ) {
            hashbrown::hash_table::Entry::Occupied(mut entry) => *entry.get_mut() = abs,
            hashbrown::hash_table::Entry::Vacant(entry) => {
                entry.insert(abs);
            }
        }
        if line.author == Author::Me {
            if let Some(provider) = &line.provider_id {
                self.by_provider.insert(provider.clone(), abs);
            }
        }
        if let Some(Delivery::Pending { sent_at_ms }) = line.delivery {
            self.pending.insert((sent_at_ms, abs));
        }
    }

    fn reindex(&mut self) {
        self.by_id.clear();
        self.by_provider.clear();
        self.pending.clear();
        for i in 0..self.lines.len() {
            self.index(i);
        }
    }

    /// Evicts down to the window once the window plus its slack is exceeded; while the
    /// agent reads lines taken back from the archive, only beyond twice the window.
    fn trim(&mut self) {
        let slack = (self.window / 8).max(1);
        let limit = if self.reading_back {
            2 * self.window
        } else {
            self.window + slack
        };
        if self.lines.len() > limit {
            let n = self.lines.len() - self.window;
            self.evict_front(n);
        }
    }

    /// Says whether the agent is reading older lines (scrolled up): the window then grows
    /// to twice its size before lines leave again. Back at the newest lines, the window
    /// shrinks to its size at the next line.
    pub fn set_reading_back(&mut self, reading_back: bool) {
        self.reading_back = reading_back;
    }

    fn evict_front(&mut self, n: usize) {
        let n = n.min(self.lines.len());
        for (i, line) in self.lines[..n].iter().enumerate() {
            let abs = self.base + i as u64;
            if let Ok(entry) = self
                .by_id
                .find_entry(self.hasher.hash_one(&*line.id), |&other| other == abs)
            {
                entry.remove();
            }
        }
        let gone: Vec<ChatLine> = self.lines.drain(..n).collect();
        for (i, line) in gone.iter().enumerate() {
            let abs = self.base + i as u64;
            if let Some(provider) = &line.provider_id {
                if self.by_provider.get(&**provider) == Some(&abs) {
                    self.by_provider.remove(&**provider);
                }
            }
            if let Some(Delivery::Pending { sent_at_ms }) = line.delivery {
                self.pending.remove(&(sent_at_ms, abs));
            }
        }
        self.base += n as u64;
        self.evicted.extend(gone);
    }
}

impl<'a> IntoIterator for &'a Lines {
    type Item = &'a ChatLine;
    type IntoIter = std::slice::Iter<'a, ChatLine>;
    fn into_iter(self) -> Self::IntoIter {
        self.lines.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(i: usize, author: Author) -> ChatLine {
        ChatLine {
            id: format!("m{i}").into(),
            author,
            sender: "".into(),
            at_ms: i as i64,
            text: format!("line {i}").into(),
            delivery: None,
            attachments: Vec::new(),
            reply_to: None,
            provider_id: None,
            whisper: false,
        }
    }

    #[test]
    fn the_window_evicts_in_batches_and_ids_stay_indexed() {
        let mut lines = Lines::with_window(100);
        for i in 0..112 {
            lines.push(line(i, Author::Customer));
        }
        // 100 + slack 12: nothing left yet.
        assert_eq!((lines.len(), lines.archived()), (112, 0));
        lines.push(line(112, Author::Customer));
        assert_eq!((lines.len(), lines.archived()), (100, 13));
        assert_eq!(lines.position("m12"), None);
        assert_eq!(lines.position("m13"), Some(0));
        assert_eq!(&*lines.get_by_id("m112").unwrap().text, "line 112");
        let evicted = lines.take_evicted();
        assert_eq!(evicted.len(), 13);
        assert_eq!(&*evicted[0].id, "m0");
        assert!(!lines.has_evicted());
        assert_eq!(lines.archived(), 13);
        // Taken back: at the front, indexed again, the window may hold them while read.
        lines.set_reading_back(true);
        lines.prepend(evicted[8..].to_vec());
        assert_eq!(lines.archived(), 8);
        assert_eq!(lines.position("m8"), Some(0));
        assert_eq!(lines.position("m13"), Some(5));
        for i in 113..150 {
            lines.push(line(i, Author::Customer));
        }
        assert_eq!(lines.len(), 142);
        // Back at the newest lines: down to the window at the next line.
        lines.set_reading_back(false);
        lines.push(line(150, Author::Customer));
        assert_eq!(lines.len(), 100);
        assert_eq!(&*lines.first().unwrap().id, "m51");
        assert_eq!(lines.position("m150"), Some(99));
    }

    #[test]
    fn pending_lines_are_tracked_on_their_own_and_provider_ids_are_found() {
        let mut lines = Lines::with_window(100);
        let mut own = line(1, Author::Me);
        own.delivery = Some(Delivery::Pending { sent_at_ms: 1_000 });
        lines.push(own);
        let mut own = line(2, Author::Me);
        own.delivery = Some(Delivery::Pending { sent_at_ms: 5_000 });
        lines.push(own);
        lines.push(line(3, Author::Customer));
        assert_eq!(lines.pending_count(), 2);
        assert!(!lines.expire_pending(10_999, 10_000));
        assert!(lines.expire_pending(11_000, 10_000));
        assert_eq!(lines[0].delivery, Some(Delivery::NotConfirmed));
        assert_eq!(
            lines[1].delivery,
            Some(Delivery::Pending { sent_at_ms: 5_000 })
        );
        lines.set_delivery(1, Delivery::Sent);
        assert_eq!(lines.pending_count(), 0);
        assert!(!lines.expire_pending(1_000_000, 10_000));
        lines.set_provider_id(1, "wamid.1".into());
        assert_eq!(lines.delivery_target("wamid.1"), Some(1));
        assert_eq!(lines.delivery_target("m2"), Some(1));
        // Customer lines' provider ids are not delivery targets.
        lines.set_provider_id(2, "wamid.2".into());
        assert_eq!(lines.delivery_target("wamid.2"), None);
    }

    #[test]
    fn a_snapshot_merge_sorts_by_time_and_reindexes() {
        let mut lines = Lines::with_window(100);
        lines.push(line(5, Author::Customer));
        lines.merge_sorted(vec![line(9, Author::Customer), line(1, Author::Customer)]);
        let ids: Vec<&str> = lines.iter().map(|l| &*l.id).collect();
        assert_eq!(ids, ["m1", "m5", "m9"]);
        assert_eq!(lines.position("m9"), Some(2));
        lines.compact(1);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines.position("m9"), Some(0));
        assert_eq!(lines.archived(), 2);
    }
}
