//! Team-announcement slash commands: `/announcements` (a contract) lists them;
//! `/announce <text>` (a contract) posts one to the teams a supervisor supervises;
//! `/announcements delete <n>` deletes announcement n of that list. State and server events
//! are in `app::announcements`.

use crate::client::Command;

use crate::app::announcements::POSTED_LIFETIME_MS;
use crate::app::commands::supervise::supervised_teams;
use crate::app::effect::Effect;
use crate::app::state::{Level, Overlay, State};

/// `/announcements` opens the list; `/announcements delete <n>` deletes announcement n.
pub(in crate::app) fn announcements(state: &mut State, arg: Option<String>) -> Vec<Effect> {
    let Some(arg) = arg else {
        state.overlay = Some(Overlay::Announcements);
        let count = state.announcements.active(state.now_ms).count();
        state.announcements.selected = state.announcements.selected.min(count.saturating_sub(1));
        return if state.announcements.error.is_some() {
            // Try again: the service may be back.
            let team_ids = crate::app::announcements::teams(state);
            vec![Effect::Send(Command::FetchAnnouncements { team_ids })]
        } else {
            Vec::new()
        };
    };
    let words: Vec<&str> = arg.split_whitespace().collect();
    let n = match words.as_slice() {
        [verb, n] if verb.eq_ignore_ascii_case("delete") => n.parse::<usize>().ok(),
        _ => None,
    };
    let Some(n) = n else {
        state.notify(
            Level::Warning,
            "/announcements lists them; /announcements delete <n> deletes announcement n",
        );
        return Vec::new();
    };
    delete(state, n)
}

fn delete(state: &mut State, n: usize) -> Vec<Effect> {
    let Some(me) = state.me.clone() else {
        return Vec::new();
    };
    if !state.is_supervisor() {
        state.notify(Level::Warning, "Only supervisors delete announcements");
        return Vec::new();
    }
    let now = state.now_ms;
    let Some(announcement) = n
        .checked_sub(1)
        .and_then(|i| state.announcements.active(now).nth(i))
        .cloned()
    else {
        let count = state.announcements.active(now).count();
        state.notify(
            Level::Warning,
            format!("No announcement {n} ({count} shown in /announcements)"),
        );
        return Vec::new();
    };
    let mine = supervised_teams(state);
    let own = announcement.supervisor_id.as_deref() == Some(me.id.as_str())
        || announcement.team_ids.iter().any(|t| mine.contains(t));
    if !own {
        state.notify(
            Level::Warning,
            "That announcement is not for a team you supervise: it stays",
        );
        return Vec::new();
    }
    state.notify(Level::Info, "Deleting the announcement…");
    vec![Effect::Send(Command::DeleteAnnouncement {
        id: announcement.id,
    })]
}

/// `/announce <text>`: posts to every team the supervisor supervises, for
/// [`POSTED_LIFETIME_MS`].
pub(in crate::app) fn announce(state: &mut State, text: Option<String>) -> Vec<Effect> {
    if !state.is_supervisor() {
        state.notify(Level::Warning, "Only supervisors post announcements");
        return Vec::new();
    }
    let Some(text) = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) else {
        state.notify(
            Level::Warning,
            "/announce <text> posts an announcement to your teams",
        );
        return Vec::new();
    };
    let team_ids = supervised_teams(state);
    if team_ids.is_empty() {
        state.notify(
            Level::Warning,
            "You supervise no team: there is nobody to announce to",
        );
        return Vec::new();
    }
    state.notify(Level::Info, "Posting the announcement…");
    vec![Effect::Send(Command::PostAnnouncement {
        team_ids,
        text,
        expires_ms: state.now_ms.saturating_add(POSTED_LIFETIME_MS),
    })]
}
