//! The desk's conversations in arrival order, indexed by `conversationId`: finding the
//! conversation of an event is one hash look-up, not a walk.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};

use super::conversation::Conversation;

/// Conversations in the order they arrived. Reads (and in-place changes) go through the
/// slice (`iter()`, `len()`, `[i]`, `iter_mut()`); adding and removing go through
/// [`Conversations::push`] and [`Conversations::remove`], which keep the id index right.
/// A conversation's `id` must not change once it is in.
#[derive(Debug, Clone, Default)]
pub struct Conversations {
    list: Vec<Conversation>,
    /// `conversationId` → index in `list`.
    by_id: HashMap<String, usize>,
}

impl Deref for Conversations {
    type Target = [Conversation];
    fn deref(&self) -> &[Conversation] {
        &self.list
    }
}

impl DerefMut for Conversations {
    fn deref_mut(&mut self) -> &mut [Conversation] {
        &mut self.list
    }
}

impl Conversations {
    /// Index of the conversation `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The conversation `id`.
    pub fn by_id(&self, id: &str) -> Option<&Conversation> {
        self.position(id).map(|i| &self.list[i])
    }

    /// The conversation `id`, mutably.
    pub fn by_id_mut(&mut self, id: &str) -> Option<&mut Conversation> {
        self.position(id).map(|i| &mut self.list[i])
    }

    /// Adds a conversation at the end (the caller checked that its id is new).
    pub fn push(&mut self, conversation: Conversation) {
        self.by_id.insert(conversation.id.clone(), self.list.len());
        self.list.push(conversation);
    }

    /// Inserts a conversation at `index` (the caller checked that its id is new); later ones
    /// move down by one.
    ///
    /// Panics when `index > len`, like `Vec::insert`.
    pub fn insert(&mut self, index: usize, conversation: Conversation) {
        self.list.insert(index, conversation);
        for (i, c) in self.list.iter().enumerate().skip(index) {
            self.by_id.insert(c.id.clone(), i);
        }
    }

    /// Removes the conversation at `index` and returns it; later ones move up by one.
    ///
    /// Panics when `index` is out of bounds, like `Vec::remove`.
    pub fn remove(&mut self, index: usize) -> Conversation {
        let gone = self.list.remove(index);
        self.by_id.remove(&gone.id);
        for (i, c) in self.list.iter().enumerate().skip(index) {
            self.by_id.insert(c.id.clone(), i);
        }
        gone
    }
}

impl<'a> IntoIterator for &'a Conversations {
    type Item = &'a Conversation;
    type IntoIter = std::slice::Iter<'a, Conversation>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl<'a> IntoIterator for &'a mut Conversations {
    type Item = &'a mut Conversation;
    type IntoIter = std::slice::IterMut<'a, Conversation>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter_mut()
    }
}
