//! A story replayed a slice at a time (issue 23, item 4): the page plays a
//! long kept story or share link a few dozen events at a go and hands the
//! browser back between slices, so a reload never freezes it. What a replay
//! in one go keeps across the whole story is kept across slices too: the
//! password checks already answered ([`ReplayMemo`]) and, for a share link,
//! the work spent against its bounds.

use super::{LoadError, PlayRng, Saved, MAX_LINK_HASHES, MAX_LINK_KEY_PAIR_OPERATIONS};
use crate::sim::password::{derivations, ReplayMemo};
use crate::sim::world::{Event, World};

/// A story being built again: its world at some event of its journal.
pub struct Replay {
    world: World,
    events: std::vec::IntoIter<Event>,
    total: usize,
    done: usize,
    /// A share link's story: its work is bounded.
    bounded: bool,
    memo: ReplayMemo,
    /// Slow password hashes spent by the events replayed so far.
    hashes: u64,
    /// Key-pair signatures and checks made by the events replayed so far.
    signatures: u64,
    /// Why it stopped, once it did: every later slice says the same.
    failed: Option<LoadError>,
}

/// How far a replay has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Events replayed.
    pub done: usize,
    /// Events in the story.
    pub total: usize,
}

impl Progress {
    /// Every event replayed.
    pub fn finished(&self) -> bool {
        self.done >= self.total
    }
}

impl Saved {
    /// Start building the world again: its start, none of its events yet
    /// (see [`Replay::advance`]). `bounded`: a share link's story, refused
    /// once it asks for more than [`MAX_LINK_HASHES`] new password checks or
    /// [`MAX_LINK_KEY_PAIR_OPERATIONS`] key-pair operations. `source` gives
    /// free play the random bytes its tape does not hold.
    pub fn replay<R: PlayRng>(self, source: R, bounded: bool) -> Result<Replay, LoadError> {
        let world = self.start_world(source)?;
        let total = self.events.len();
        Ok(Replay {
            world,
            events: self.events.into_iter(),
            total,
            done: 0,
            bounded,
            memo: ReplayMemo::default(),
            hashes: 0,
            signatures: 0,
            failed: None,
        })
    }
}

impl Replay {
    /// Replay at most `max_events` more events. An error stops the replay
    /// where its bound was passed, and is given again by every later call.
    pub fn advance(&mut self, max_events: usize) -> Result<Progress, LoadError> {
        if let Some(why) = &self.failed {
            return Err(why.clone());
        }
        let Replay {
            world,
            events,
            done,
            bounded,
            memo,
            hashes,
            signatures,
            ..
        } = self;
        // Work is counted by what each slice itself spends, so whatever
        // the page does between slices is not charged to the story.
        let outcome = memo.during(|| {
            for event in events.by_ref().take(max_events) {
                let hashed = derivations();
                let signed = crate::jwt::key_pair_operations();
                world.replay_journal(std::iter::once(event));
                *done += 1;
                *hashes = hashes.saturating_add(derivations().saturating_sub(hashed));
                *signatures = signatures
                    .saturating_add(crate::jwt::key_pair_operations().saturating_sub(signed));
                if !*bounded {
                    continue;
                }
                if *hashes > MAX_LINK_HASHES {
                    return Err(LoadError::TooMuchWork);
                }
                if *signatures > MAX_LINK_KEY_PAIR_OPERATIONS {
                    return Err(LoadError::TooManySignatures);
                }
            }
            Ok(())
        });
        if let Err(why) = outcome {
            self.failed = Some(why.clone());
            return Err(why);
        }
        Ok(self.progress())
    }

    /// How far it has come.
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            total: self.total,
        }
    }

    /// Events replayed.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Events in the story.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The world as far as it has been replayed (all of it once
    /// [`Progress::finished`]); its journal holds the events replayed.
    pub fn into_world(self) -> World {
        self.world
    }

    /// Replay the rest in one go and give the world.
    pub fn finish(mut self) -> Result<World, LoadError> {
        self.advance(usize::MAX)?;
        Ok(self.world)
    }
}
