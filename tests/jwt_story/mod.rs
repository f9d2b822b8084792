//! The set-up the JWT story tests share (attack stories, caption stories): one server in JWT
//! mode with cheap password hashing and seeded randomness, Alice's account, and claims that
//! make her an admin for five minutes (for the API's audience).

use jwt_playground::sim::{KeyMode, Mode, SeededEntropy, World, WorldConfig};

pub const ALICE: (&str, &str) = ("alice@example.com", "wonderland");

/// One server in JWT mode trusting tokens by `key_mode`, its randomness seeded with `seed`.
pub fn jwt_world(key_mode: KeyMode, seed: u64) -> World {
    let config = WorldConfig {
        mode: Mode::Jwt,
        servers: 1,
        pbkdf2_iterations: 50,
        key_mode,
        ..WorldConfig::default()
    };
    World::new(config, Box::new(SeededEntropy::new(seed))).unwrap()
}

/// Claims that say Alice is an admin, valid for five minutes of `w`'s clock,
/// for the API (`aud`, which every token the attacker has seen names).
pub fn admin_claims(w: &World) -> String {
    format!(
        r#"{{"sub":"{}","role":"admin","aud":"https://app.example/api","exp":{}}}"#,
        ALICE.0,
        w.now() + 300
    )
}
