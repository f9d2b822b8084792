//! The playground under hostile and heavy input (issue 26): a token too
//! large for the page is refused with a sentence and nothing is journaled;
//! share links are bounded both ways (none longer is offered, a longer one is
//! refused before it is decoded); a story past the journal's bound says so.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::sim::journal::free_world;
use jwt_playground::sim::{
    CookieError, LinkError, Origin, Saved, TapeEntropy, TokenStorage, World, DEFAULT_START_TIME,
    MAX_JOURNAL, MAX_LINK_CHARS, MAX_PAGE_TOKEN_BYTES,
};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

const FREE: Origin = Origin::Free {
    start_time: DEFAULT_START_TIME,
};

fn world() -> World {
    free_world(
        DEFAULT_START_TIME,
        TapeEntropy::new(ChaCha8Rng::seed_from_u64(26), Vec::new()),
    )
    .unwrap()
}

#[test]
fn a_token_over_the_pages_bound_is_refused_the_page_keeps_its_token_and_nothing_is_journaled() {
    let mut w = world();
    assert_eq!(w.login("alice@example.com", "wonderland").status(), 200);
    let token = w.token().unwrap();
    let journaled = w.journal().unwrap().len();

    // At the bound it is taken (a megabyte token can still be sent: 431).
    let at_bound = "e".repeat(MAX_PAGE_TOKEN_BYTES);
    w.set_token_text(at_bound.clone());
    assert_eq!(w.token().as_deref(), Some(at_bound.as_str()));
    assert_eq!(w.get("/api/profile").status(), 431);
    w.set_token_text(token.clone());
    let journaled_after = w.journal().unwrap().len();
    assert!(journaled_after > journaled);

    // One byte more: refused with the size, the page's token unchanged, no event.
    w.set_token_text("e".repeat(MAX_PAGE_TOKEN_BYTES + 1));
    assert_eq!(w.token(), Some(token.clone()));
    let refusal = w.last_refusal().unwrap();
    assert!(matches!(
        refusal,
        CookieError::PageTokenTooLarge { bytes } if *bytes == MAX_PAGE_TOKEN_BYTES + 1
    ));
    assert!(refusal.to_string().contains("1,572,865 bytes"), "{refusal}");
    assert_eq!(w.journal().unwrap().len(), journaled_after);
    // The next action clears the refusal, and the token still works.
    assert_eq!(w.get("/api/profile").status(), 200);
    assert!(w.last_refusal().is_none());
}

#[test]
fn a_story_link_round_trips_and_a_long_one_is_refused_before_it_is_decoded() {
    let mut w = world();
    w.login("alice@example.com", "wonderland");
    let saved = Saved::of(&w, FREE, true).unwrap();
    let link = saved.to_link().unwrap();
    assert!(link.len() <= MAX_LINK_CHARS);
    assert_eq!(Saved::from_link(&link).unwrap(), saved);

    // Longer than the bound: refused by its length alone (this is not even base64url).
    let long = "!".repeat(MAX_LINK_CHARS + 1);
    let err = Saved::from_link(&long).unwrap_err();
    assert_eq!(
        err,
        LinkError::TooLong {
            chars: MAX_LINK_CHARS + 1
        }
    );
    assert_eq!(
        err.to_string(),
        "its story is 65 KB, more than the 64 KB a story link may carry"
    );
    // Broken ones say why.
    assert_eq!(Saved::from_link("!!").unwrap_err(), LinkError::NotBase64);
    assert!(matches!(
        Saved::from_link("eyJ2ZXJzaW9uIjox"),
        Err(LinkError::Load(_))
    ));
}

#[test]
fn a_story_too_long_for_a_link_gets_none_and_says_how_long() {
    let mut w = world();
    // Each storage switch is its own event: 4,000 of them are about 160 KB of link.
    for i in 0..4000 {
        w.set_token_storage(if i % 2 == 0 {
            TokenStorage::LocalStorage
        } else {
            TokenStorage::Memory
        });
    }
    let saved = Saved::of(&w, FREE, false).unwrap();
    match saved.to_link() {
        Err(LinkError::TooLong { chars }) => assert!(chars > MAX_LINK_CHARS, "{chars}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_story_past_the_journal_bound_is_not_kept_and_says_so_through_none() {
    let mut w = world();
    for i in 0..=MAX_JOURNAL {
        w.set_token_storage(if i % 2 == 0 {
            TokenStorage::LocalStorage
        } else {
            TokenStorage::Memory
        });
    }
    assert!(w.journal().is_none());
    assert!(Saved::of(&w, FREE, true).is_none());
    // "Start the story again" does not bring it back: the bound is on the journal
    // (what a reset keeps from before it lives only there; a snapshot would be needed).
    w.reset();
    assert!(w.journal().is_none());
}
