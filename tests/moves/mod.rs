//! Moves a student makes in the playground, and the free-play worlds they
//! make them in, shared by the stories that need them.
#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use jwt_playground::jwt::base64url;
use jwt_playground::sim::journal::free_world;
use jwt_playground::sim::{Origin, TapeEntropy, World, DEFAULT_START_TIME};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

/// Where a free-play story starts (the default clock).
pub const FREE: Origin = Origin::Free {
    start_time: DEFAULT_START_TIME,
};

/// A free-play world whose random bytes come from `seed` and are kept (so a
/// story written down rebuilds it exactly).
pub fn seeded_free_world(seed: u64) -> World {
    free_world(
        DEFAULT_START_TIME,
        TapeEntropy::new(ChaCha8Rng::seed_from_u64(seed), Vec::new()),
    )
    .unwrap()
}

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
