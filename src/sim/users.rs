//! The demo accounts and the Keycloak user (`KU`, PROTOCOL.md §1.1) the simulator builds
//! for each of them.

use serde_json::{json, Value};

/// One account the simulator accepts on `POST /agent-manager/agent/login`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoUser {
    /// Login name; also `KU.username` and the socket's `username` query parameter.
    pub username: &'static str,
    /// Password (demo only: plain text, compared as is).
    pub password: &'static str,
    /// `KU.firstName`.
    pub first_name: &'static str,
    /// `KU.lastName`.
    pub last_name: &'static str,
    /// When true `KU.roles` also holds `supervisor` (the account keeps the `agent` role and
    /// supervises the demo team).
    pub supervisor: bool,
}

/// The accounts of the simulated CX deployment: `agent1`/`agent1`, `agent2`/`agent2` and
/// `supervisor1`/`supervisor1` (agent **and** supervisor). All three are in team
/// "Demo Team", which `supervisor1` supervises.
pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        username: "agent1",
        password: "agent1",
        first_name: "Alice",
        last_name: "Agent",
        supervisor: false,
    },
    DemoUser {
        username: "agent2",
        password: "agent2",
        first_name: "Bob",
        last_name: "Agent",
        supervisor: false,
    },
    DemoUser {
        username: "supervisor1",
        password: "supervisor1",
        first_name: "Sam",
        last_name: "Supervisor",
        supervisor: true,
    },
];

/// The simulated members of the demo team: agents the simulator plays itself (no desk logs
/// in as them; they cannot log in). They are READY from the start, each in one live chat
/// with a scripted customer (`team.rs`), and take transfers, conferences and consults.
pub const TEAM_AGENTS: &[DemoUser] = &[
    DemoUser {
        username: "dana",
        password: "",
        first_name: "Dana",
        last_name: "Lee",
        supervisor: false,
    },
    DemoUser {
        username: "eli",
        password: "",
        first_name: "Eli",
        last_name: "Khan",
        supervisor: false,
    },
];

/// Team every demo user belongs to (`KU.userTeam`).
pub(crate) const TEAM_ID: &str = "5b2f0c3e-7a41-4d0e-9c55-0f3e8d1a2b10";
/// Its name.
pub(crate) const TEAM_NAME: &str = "Demo Team";

/// Stable Keycloak id (uuid) of a demo user: the same across runs, so a desk's saved
/// profile or a test can rely on it.
pub(crate) fn user_id(user: &DemoUser) -> &'static str {
    match user.username {
        "agent1" => "1a7e3f4c-2b6d-4e8f-9a01-0000000a0001",
        "agent2" => "2b8f4a5d-3c7e-4f90-8b12-0000000a0002",
        "supervisor1" => "3c9a5b6e-4d8f-4a01-9c23-0000000b0001",
        "dana" => "4d0b6c7f-5e90-4b12-8d34-0000000c0001",
        "eli" => "5e1c7d80-6fa1-4c23-9e45-0000000c0002",
        _ => "00000000-0000-4000-8000-000000000000",
    }
}

/// The demo user with this username.
pub(crate) fn by_username(username: &str) -> Option<&'static DemoUser> {
    DEMO_USERS.iter().find(|u| u.username == username)
}

/// Any account of the deployment (demo users and the simulated team agents) by username.
pub(crate) fn anyone(username: &str) -> Option<&'static DemoUser> {
    DEMO_USERS
        .iter()
        .chain(TEAM_AGENTS)
        .find(|u| u.username == username)
}

/// "First Last" of a user (the routing engine's agent `name`).
pub(crate) fn full_name(user: &DemoUser) -> String {
    format!("{} {}", user.first_name, user.last_name)
}

/// The demo user with this username and password.
pub(crate) fn authenticate(username: &str, password: &str) -> Option<&'static DemoUser> {
    by_username(username).filter(|u| u.password == password)
}

/// `KU` of a demo user, shaped like `keycloak_User` in `login.response.json`: roles include
/// Keycloak's default roles besides `agent` (and `supervisor`), as real users' do.
pub(crate) fn keycloak_user(user: &DemoUser) -> Value {
    let mut roles = vec!["default-roles-expertflow", "agent", "offline_access"];
    if user.supervisor {
        roles.push("supervisor");
    }
    roles.push("uma_authorization");
    let mut resources = vec![
        resource(
            "2158c6d6-cfdc-4ecb-aab4-8c521ee0d193",
            "subscribed-list",
            &["view"],
        ),
        resource(
            "81e4cf55-e5fe-4612-965a-14e6d5888ca2",
            "state-change",
            &["manage_state_change"],
        ),
        resource(
            "0697f9c1-e15f-436b-9dd4-de11f80887d1",
            "customer-labels",
            &["assign_label"],
        ),
        resource(
            "1f4de32d-7beb-4d4b-9b1d-a486e97d0a0f",
            "agent-dashboard",
            &["view"],
        ),
        resource(
            "db95f093-7a90-43ab-a0d7-7afca15fbec6",
            "agent-conversation-control",
            &[
                "view_history",
                "view_leave_chat",
                "view_direct_transfer",
                "view_initiate_chat",
                "view_wrap_up",
                "view_conference",
                "view_consult",
            ],
        ),
        resource(
            "5d0a7462-6bc3-4f76-89a4-9259073fb9fd",
            "customer",
            &[
                "masked_pii",
                "view",
                "view_in_conversation",
                "manage_in_conversation",
            ],
        ),
    ];
    let mut supervised = Vec::new();
    if user.supervisor {
        resources.push(resource(
            "7ef8836c-7afd-4602-8289-eae92acca295",
            "supervisor",
            &["view_all"],
        ));
        supervised.push(json!({"teamId": TEAM_ID, "teamName": TEAM_NAME}));
    }
    json!({
        "id": user_id(user),
        "firstName": user.first_name,
        "lastName": user.last_name,
        "username": user.username,
        "permittedResources": {"Resources": resources},
        "roles": roles,
        "realm": "expertflow",
        "attributes": {},
        "userTeam": {"teamId": TEAM_ID, "teamName": TEAM_NAME},
        "supervisedTeams": supervised,
    })
}

fn resource(rsid: &str, rsname: &str, scopes: &[&str]) -> Value {
    json!({"scopes": scopes, "rsid": rsid, "rsname": rsname})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let ids: Vec<_> = DEMO_USERS.iter().chain(TEAM_AGENTS).map(user_id).collect();
        assert_eq!(ids.len(), 5);
        assert!(!ids.contains(&"00000000-0000-4000-8000-000000000000"));
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[i + 1..].contains(id));
        }
        assert!(ids.iter().all(|i| uuid::Uuid::parse_str(i).is_ok()));
        assert_ne!(ids[0], ids[1]);
        assert_ne!(ids[1], ids[2]);
    }

    #[test]
    fn supervisor_has_both_roles() {
        let ku = keycloak_user(by_username("supervisor1").expect("demo user"));
        let roles = ku["roles"].as_array().expect("roles");
        assert!(roles.contains(&json!("agent")));
        assert!(roles.contains(&json!("supervisor")));
        let ku = keycloak_user(by_username("agent1").expect("demo user"));
        assert!(!ku["roles"]
            .as_array()
            .expect("roles")
            .contains(&json!("supervisor")));
    }

    #[test]
    fn password_must_match() {
        assert!(authenticate("agent1", "agent1").is_some());
        assert!(authenticate("agent1", "nope").is_none());
        assert!(authenticate("nobody", "nobody").is_none());
        assert!(
            authenticate("dana", "").is_none(),
            "simulated agents cannot log in"
        );
    }
}
