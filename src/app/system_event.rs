//! Placeholder: replaced by the system-event describer.
use crate::protocol::CimEvent;

pub fn describe_event(event: &CimEvent) -> Option<String> {
    Some(super::sanitize::one_line(
        &event.name.replace('_', " ").to_lowercase(),
    ))
}
