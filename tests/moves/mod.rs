//! Moves a student makes in the playground, shared by the stories that need
//! them (`tests/scenario_stories.rs`, `tests/custom_scenarios.rs`).
#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use jwt_playground::jwt::base64url;
use jwt_playground::sim::World;

/// Alice's token with `"role":"admin"` in its claims and the old
/// signature, sent to the admin page.
pub fn tamper_role_to_admin(w: &mut World) {
    let token = w.token().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let claims = String::from_utf8(base64url::decode(parts[1]).unwrap()).unwrap();
    let edited = claims.replace("\"role\":\"user\"", "\"role\":\"admin\"");
    w.set_token_text(format!(
        "{}.{}.{}",
        parts[0],
        base64url::encode(edited.as_bytes()),
        parts[2]
    ));
    w.get("/api/admin");
}
