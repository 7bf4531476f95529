//! REST calls of pull mode, team announcements and wrap-up forms (PROTOCOL.md §5, §7), on the
//! same [`RestClient`] session (bearer token, re-login on 401) as the other calls.

use reqwest::StatusCode;
use serde_json::Value;

use crate::protocol::{forms, pull, Announcement, PullModeList};

use super::{read_capped, read_json, RestClient, RestError, MAX_ANSWER_BYTES};

impl RestClient {
    /// `GET /unified-admin/pull-mode-list` → the lists (read tolerantly, see
    /// [`pull::lists_from_value`]).
    pub async fn pull_mode_lists(&mut self) -> Result<Vec<PullModeList>, RestError> {
        let url = self.endpoints.pull_mode_lists();
        let answer: Value = self.get_json(&url).await?;
        Ok(pull::lists_from_value(&answer))
    }

    /// `GET /unified-admin/forms/{form_id}` → its wrap-up categories
    /// ([`forms::wrapup_categories`]; empty when it has none the desk can read).
    pub async fn wrapup_form(&mut self, form_id: &str) -> Result<Vec<(String, String)>, RestError> {
        let url = self.endpoints.form(form_id);
        let answer: Value = self.get_json(&url).await?;
        Ok(forms::wrapup_categories(&answer))
    }

    /// The active announcements of each team,
    /// `GET /team-announcement/announcement/?teamIds=T&status=active` once per team (the query
    /// names one team; how a server reads several is not documented), merged by id.
    pub async fn announcements(
        &mut self,
        team_ids: &[String],
    ) -> Result<Vec<Announcement>, RestError> {
        let mut all: Vec<Announcement> = Vec::new();
        for team in team_ids {
            let url = self.endpoints.team_announcements(team);
            let answer: Value = self.get_json(&url).await?;
            for announcement in Announcement::list_from_value(&answer) {
                if !all.iter().any(|a| a.id == announcement.id) {
                    all.push(announcement);
                }
            }
        }
        Ok(all)
    }

    /// `POST /team-announcement/announcement/` with `body`
    /// ([`crate::protocol::announcement::create_body`]) → the created announcement when the
    /// answer holds one (directly or in `data`), else `None` (an empty or other 2xx answer).
    pub async fn post_announcement(
        &mut self,
        body: &Value,
    ) -> Result<Option<Announcement>, RestError> {
        let url = self.endpoints.post_announcement();
        let response = self.send(&url, |http| http.post(&url).json(body)).await?;
        let answer = read_json_or_null(response).await?;
        Ok(Announcement::from_value(&answer)
            .or_else(|| answer.get("data").and_then(Announcement::from_value)))
    }

    /// `DELETE /team-announcement/announcement/{id}`; any 2xx answer is success.
    pub async fn delete_announcement(&mut self, id: &str) -> Result<(), RestError> {
        let url = self.endpoints.announcement(id);
        let response = self.send(&url, |http| http.delete(&url)).await?;
        read_json_or_null(response).await.map(|_| ())
    }
}

/// Like [`read_json`] for answers that may be empty (`204 No Content`, an empty 200):
/// `Value::Null` then. Bounded like every REST answer ([`MAX_ANSWER_BYTES`]).
async fn read_json_or_null(response: reqwest::Response) -> Result<Value, RestError> {
    let status = response.status();
    if status == StatusCode::NO_CONTENT {
        return Ok(Value::Null);
    }
    if status.is_success() {
        let bytes = read_capped(response, MAX_ANSWER_BYTES).await?;
        return Ok(serde_json::from_slice(&bytes).unwrap_or(Value::Null));
    }
    read_json(response, MAX_ANSWER_BYTES).await
}
