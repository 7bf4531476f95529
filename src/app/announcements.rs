//! Team announcements on the desk (PROTOCOL.md §3, §5): the active announcements of the
//! agent's teams, newest first, a banner for the newest one not dismissed, and what
//! supervisors post and delete. Slash commands are in `commands::announce`.
//!
//! Teams are read from the Keycloak user (§1.1): `userTeam.teamId` and every
//! `supervisedTeams[].teamId`. An announcement that names teams, none of them the agent's, is
//! ignored; an expired one (`expiryTime` past) is not shown. Dismissing (Esc on the banner)
//! hides it for this session only; `/announcements` still lists it.

use std::collections::HashSet;

use serde_json::Value;

use crate::protocol::Announcement;

use super::sanitize::one_line;
use super::state::{Level, State};

/// How long a posted announcement lasts (`expiryTime`): 8 hours, a shift \[guess: the real
/// admin asks for an expiry; the desk's `/announce` takes only the text\].
pub const POSTED_LIFETIME_MS: i64 = 8 * 3_600_000;

/// At most this many announcements are kept (oldest dropped).
pub const MAX_ANNOUNCEMENTS: usize = 100;

/// Everything announcements on the desk know.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Announcements {
    /// Active announcements, newest first. Text is sanitised on arrival.
    pub items: Vec<Announcement>,
    /// Ids dismissed from the banner (this session).
    pub dismissed: HashSet<String>,
    /// Why loading them failed, shown by `/announcements`.
    pub error: Option<String>,
    /// Selected row of the announcements overlay.
    pub selected: usize,
}

impl Announcements {
    /// The ones not expired at `now_ms`, newest first.
    pub fn active(&self, now_ms: i64) -> impl Iterator<Item = &Announcement> {
        self.items.iter().filter(move |a| !a.expired(now_ms))
    }

    /// The banner's announcement: the newest active one not dismissed.
    pub fn banner(&self, now_ms: i64) -> Option<&Announcement> {
        self.active(now_ms)
            .find(|a| !self.dismissed.contains(&a.id))
    }

    fn insert(&mut self, mut announcement: Announcement) -> bool {
        announcement.text = one_line(&announcement.text);
        announcement.author = announcement.author.as_deref().map(one_line);
        let new = match self.items.iter_mut().find(|a| a.id == announcement.id) {
            Some(existing) => {
                *existing = announcement;
                false
            }
            None => {
                self.items.push(announcement);
                true
            }
        };
        // Newest first; unknown times last, in arrival order.
        self.items
            .sort_by_key(|a| std::cmp::Reverse(a.created_ms.unwrap_or(i64::MIN)));
        self.items.truncate(MAX_ANNOUNCEMENTS);
        new
    }

    fn remove(&mut self, id: &str) -> Option<Announcement> {
        let index = self.items.iter().position(|a| a.id == id)?;
        let removed = self.items.remove(index);
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
        Some(removed)
    }
}

/// Every team of the logged-in user: `userTeam.teamId` and the supervised teams
/// (`commands::supervise::supervised_teams`), without repeats.
pub(crate) fn teams(state: &State) -> Vec<String> {
    let mut all: Vec<String> = state
        .me
        .as_ref()
        .and_then(|me| me.extra.get("userTeam"))
        .and_then(|t| t.get("teamId"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .into_iter()
        .collect();
    for team in super::commands::supervise::supervised_teams(state) {
        if !all.contains(&team) {
            all.push(team);
        }
    }
    all
}

/// The REST list arrived: it replaces what the desk had (dismissals are kept).
pub(crate) fn on_list(state: &mut State, list: Vec<Announcement>) {
    let teams = teams(state);
    state.announcements.items.clear();
    state.announcements.error = None;
    for announcement in list.into_iter().filter(|a| a.is_for(&teams)) {
        state.announcements.insert(announcement);
    }
}

/// `ANNOUNCEMENT_CREATED` (or the answer of posting): shown in the banner, with a notice.
pub(crate) fn on_created(state: &mut State, announcement: Announcement) {
    if !announcement.is_for(&teams(state)) {
        tracing::debug!(id = %announcement.id, "announcement for other teams ignored");
        return;
    }
    if announcement.expired(state.now_ms) {
        return;
    }
    let mine = state
        .me
        .as_ref()
        .is_some_and(|me| announcement.supervisor_id.as_deref() == Some(me.id.as_str()));
    let author = announcement
        .author
        .clone()
        .map(|a| one_line(&a))
        .unwrap_or_else(|| "a supervisor".into());
    let text = one_line(&announcement.text);
    if state.announcements.insert(announcement) {
        let notice = if mine {
            format!("Announcement posted: {text}")
        } else {
            format!("Announcement from {author}: {text}")
        };
        state.notify(Level::Info, notice);
    }
}

/// `ANNOUNCEMENT_DELETED` (or the answer of deleting): it goes from the banner and the list.
pub(crate) fn on_deleted(state: &mut State, id: &str) {
    if let Some(gone) = state.announcements.remove(id) {
        state.notify(
            Level::Info,
            format!("Announcement removed: {}", one_line(&gone.text)),
        );
    }
}

/// A background load failed: kept for `/announcements` (servers without the service answer
/// 404). True when `what` was the announcements.
pub(crate) fn absorb_failure(state: &mut State, what: &str, message: &str) -> bool {
    if what == "Loading announcements" {
        tracing::info!(message, "team announcements unavailable");
        state.announcements.error = Some(one_line(message));
        return true;
    }
    false
}

/// Esc on the main screen with the banner showing: dismiss it. True when it did.
pub(crate) fn dismiss_banner(state: &mut State) -> bool {
    let Some(id) = state
        .announcements
        .banner(state.now_ms)
        .map(|a| a.id.clone())
    else {
        return false;
    };
    state.announcements.dismissed.insert(id);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn teams_come_from_user_team_and_supervised_teams() {
        let user: crate::protocol::KeycloakUser = serde_json::from_value(json!({
            "id": "s", "username": "s", "roles": ["supervisor"],
            "userTeam": {"teamId": "t1", "teamName": "One"},
            "supervisedTeams": [{"teamId": "t1"}, {"teamId": "t2"}]
        }))
        .unwrap();
        let mut state = State::new(None, 0);
        state.me = Some(user);
        assert_eq!(teams(&state), ["t1", "t2"]);
    }

    #[test]
    fn newest_first_and_banner_skips_dismissed_and_expired() {
        let mut a = Announcements::default();
        let make = |id: &str, created: i64, expires: Option<i64>| {
            Announcement::from_value(&json!({"id": id, "text": format!("t\u{1b}[31m{id}"),
                "createdAt": created, "expiryTime": expires}))
            .unwrap()
        };
        assert!(a.insert(make("old", 1, None)));
        assert!(a.insert(make("new", 2, None)));
        assert!(
            !a.insert(make("new", 2, None)),
            "same id: refreshed, not new"
        );
        assert!(a.insert(make("gone", 3, Some(10))));
        assert_eq!(a.banner(5).map(|x| x.id.as_str()), Some("gone"));
        assert_eq!(a.banner(20).map(|x| x.id.as_str()), Some("new"));
        assert!(!a.items[0].text.contains('\u{1b}'), "text sanitised");
        a.dismissed.insert("new".into());
        assert_eq!(a.banner(20).map(|x| x.id.as_str()), Some("old"));
        assert!(a.remove("old").is_some());
        assert!(a.banner(20).is_none());
    }
}
