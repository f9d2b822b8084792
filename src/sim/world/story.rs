//! The story and its journal: where a story starts, a reset, a mode switch
//! (from the start, or the story so far played again), and replaying a
//! journal of events after a reload or from a link.

use super::*;

/// The settings a story starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StoryStart {
    pub(super) servers: usize,
    pub(super) policy: LbPolicy,
    pub(super) shared: bool,
    pub(super) storage: TokenStorage,
    pub(super) key_mode: KeyMode,
    pub(super) issuer: Issuer,
    pub(super) token_scheme: TokenScheme,
    pub(super) deny_delay: i64,
    pub(super) weaknesses: Vec<Weakness>,
}

impl World {
    /// Switch JWT / cookie session and start over from the beginning, keeping
    /// the current cluster and storage settings (the story so far is dropped).
    pub fn set_mode(&mut self, mode: Mode) {
        self.note(Event::SetMode(mode));
        self.mode = mode;
        self.start_again();
    }

    /// Switch JWT / cookie session and play the story so far again from its
    /// start (same settings, same clicks, same clock moves) in `mode`. Ids,
    /// tokens and the secret's use differ only where randomness is involved.
    pub fn replay_in_mode(&mut self, mode: Mode) {
        self.note(Event::ReplayInMode(mode));
        let story = std::mem::take(&mut self.story);
        self.mode = mode;
        self.restore_start();
        self.replaying = true;
        // The same clicks again: each password check's answer is known.
        crate::sim::password::with_replay_memo(|| {
            for action in story {
                self.perform(action);
            }
        });
        self.replaying = false;
        self.replayed = Some(Replayed {
            mode,
            up_to: self.next_seq.saturating_sub(1),
        });
    }

    /// Whether the story so far was played again in the other mode, and
    /// which exchanges the replay sent (the page says so: the login form is
    /// empty, yet the log starts with a login).
    pub fn replayed(&self) -> Option<Replayed> {
        self.replayed
    }

    /// Back to the starting point: clock at the start time, empty browser,
    /// empty log, all servers up with empty memory. The mode, the number of
    /// servers, the balancer and storage settings, the secret and the user
    /// table stay. A new story starts from here.
    pub fn reset(&mut self) {
        self.note(Event::Reset);
        self.start_again();
    }

    /// Everything done since the world was made or the journal was cleared;
    /// `None` once it grew past [`MAX_JOURNAL`] events.
    pub fn journal(&self) -> Option<&[Event]> {
        (!self.journal_full).then_some(self.journal.as_slice())
    }

    /// Start the journal afresh: what is there now becomes the start that
    /// later events replay on (a guide's set-up is its start, not its story).
    pub fn clear_journal(&mut self) {
        self.journal.clear();
        self.journal_full = false;
    }

    /// Every random byte the world has drawn, when its entropy keeps them
    /// ([`crate::sim::rng::TapeEntropy`]): with the same start and journal it
    /// rebuilds the same secret, keys and ids.
    pub fn entropy_tape(&self) -> Option<&[u8]> {
        self.entropy.tape()
    }

    /// Do again what a journal says, in order (its events journal again).
    pub fn replay_journal(&mut self, events: impl IntoIterator<Item = Event>) {
        for event in events {
            match event {
                Event::Act(action) => {
                    self.perform(action);
                }
                Event::Reset => self.reset(),
                Event::SetMode(mode) => self.set_mode(mode),
                Event::ReplayInMode(mode) => self.replay_in_mode(mode),
            }
        }
    }

    pub(super) fn note(&mut self, event: Event) {
        if self.replaying || self.journal_full {
            return;
        }
        if let (Some(Event::Act(last)), Event::Act(new)) = (self.journal.last_mut(), &event) {
            if coalesces(last, new) {
                *last = new.clone();
                return;
            }
        }
        if self.journal.len() < MAX_JOURNAL {
            self.journal.push(event);
        } else {
            self.journal_full = true;
        }
    }

    pub(super) fn start_again(&mut self) {
        self.story_start = StoryStart {
            servers: self.cluster.servers().len(),
            policy: self.cluster.policy(),
            shared: self.cluster.uses_shared_store(),
            storage: self.browser.storage(),
            key_mode: self.cluster.key_mode(),
            issuer: self.cluster.issuer().clone(),
            token_scheme: self.cluster.lifecycle().scheme,
            deny_delay: self.cluster.lifecycle().deny_delay,
            weaknesses: self.cluster.weaknesses().iter().copied().collect(),
        };
        self.restore_start();
    }

    /// What was done since the story started, in order.
    pub fn story(&self) -> &[Action] {
        &self.story
    }

    pub(super) fn restore_start(&mut self) {
        let start = self.story_start.clone();
        self.cluster = Cluster::new(
            self.cluster.template().clone(),
            start.servers,
            start.policy,
            start.shared,
            (start.key_mode, start.issuer),
        );
        // The lifecycle state starts empty; what the student has seen stays
        // (it is the world's own, and fills the comparison table).
        *self.cluster.lifecycle_mut() = Lifecycle::new(start.token_scheme, start.deny_delay);
        for weakness in &start.weaknesses {
            self.cluster.set_weakness(*weakness, true);
        }
        self.loot = Loot::default();
        self.browser = Browser::new(start.storage);
        self.clock = Clock::new(self.config.start_time);
        self.log.clear();
        self.story.clear();
        self.next_seq = 1;
        self.replayed = None;
    }

    /// Add an action to the story. Each keystroke in the token or a cookie
    /// is an action, so a run of edits of the same thing is kept as its last
    /// one: replaying it gives the same world, and the story stays small.
    pub(super) fn record(&mut self, action: Action) {
        // The refusal shown is the one of the action being done now.
        self.browser.clear_refusal();
        self.note(Event::Act(action.clone()));
        let replaces_last = self
            .story
            .last()
            .is_some_and(|last| coalesces(last, &action));
        if replaces_last {
            if let Some(last) = self.story.last_mut() {
                *last = action;
            }
        } else if self.story.len() < MAX_STORY {
            self.story.push(action);
        }
    }
}
