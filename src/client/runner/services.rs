//! The REST commands of pull mode, team announcements and wrap-up forms, each run as its own
//! task (a slow service never holds up server events); results come back as
//! [`ClientEvent`]s, failures as [`ClientEvent::RequestFailed`] named by
//! [`super::command_name`].

use std::sync::Arc;

use tokio::sync::{mpsc, Mutex};

use crate::protocol::{announcement, KeycloakUser};

use super::super::command::Command;
use super::super::event::ClientEvent;
use super::super::rest::{RestClient, RestError};

/// True for the commands [`spawn`] carries out.
pub(super) fn is_rest(command: &Command) -> bool {
    matches!(
        command,
        Command::FetchPullModeLists
            | Command::FetchAnnouncements { .. }
            | Command::PostAnnouncement { .. }
            | Command::DeleteAnnouncement { .. }
            | Command::FetchWrapupForm { .. }
    )
}

/// Runs one REST command (see [`is_rest`]) on its own task.
pub(super) fn spawn(
    command: Command,
    rest: Arc<Mutex<RestClient>>,
    events: mpsc::Sender<ClientEvent>,
    user: KeycloakUser,
) {
    tokio::spawn(async move {
        let what = super::command_name(&command);
        let result = run(command, &rest, &user).await;
        let event = result.unwrap_or_else(|error| ClientEvent::RequestFailed {
            what: what.into(),
            message: error.to_string(),
        });
        let _ = events.send(event).await;
    });
}

async fn run(
    command: Command,
    rest: &Mutex<RestClient>,
    user: &KeycloakUser,
) -> Result<ClientEvent, RestError> {
    let mut rest = rest.lock().await;
    Ok(match command {
        Command::FetchPullModeLists => ClientEvent::PullModeLists(rest.pull_mode_lists().await?),
        Command::FetchAnnouncements { team_ids } => {
            ClientEvent::Announcements(rest.announcements(&team_ids).await?)
        }
        Command::PostAnnouncement {
            team_ids,
            text,
            expires_ms,
        } => {
            let body = announcement::create_body(
                &team_ids,
                &text,
                &user.id,
                &user.display_name(),
                expires_ms,
            );
            match rest.post_announcement(&body).await? {
                Some(created) => ClientEvent::AnnouncementCreated(created),
                // No announcement in the answer: ANNOUNCEMENT_CREATED will bring it [guess];
                // fetch the list again so the desk shows it either way.
                None => ClientEvent::Announcements(rest.announcements(&team_ids).await?),
            }
        }
        Command::DeleteAnnouncement { id } => {
            rest.delete_announcement(&id).await?;
            ClientEvent::AnnouncementDeleted { id }
        }
        Command::FetchWrapupForm { form_id } => {
            ClientEvent::WrapupForm(rest.wrapup_form(&form_id).await?)
        }
        other => {
            tracing::warn!(?other, "not a REST command");
            return Err(RestError::Network("not a REST command".into()));
        }
    })
}
