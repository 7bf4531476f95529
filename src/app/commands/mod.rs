//! What slash commands and the forms they open do, by concern. The dispatch from keys and
//! composer lines is in `on_user`.

pub(crate) mod agent_state;
pub(crate) mod announce;
pub(crate) mod assist;
pub(crate) mod canned;
pub(crate) mod compose;
pub(crate) mod conversation;
pub(crate) mod hand;
pub(crate) mod pull;
pub(crate) mod sla;
pub(crate) mod suggest;
pub(crate) mod supervise;
pub(crate) mod wrapup;
