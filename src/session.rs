//! Who is logged in. One [`Session`] lives in context for the whole app;
//! the route guard, the header and the login page read it.

use crate::api;
use domain::wire::session::Me;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the app knows about the session.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    /// `GET /api/me` has not answered yet.
    Checking,
    /// No session: the guard sends the user to the login page.
    Anonymous,
    LoggedIn(Me),
    /// The server could not be asked (network or server error).
    Unknown(String),
}

#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SessionState>,
}

impl Session {
    /// Creates the session, provides it as context and asks the server.
    pub fn provide() -> Session {
        let session = Session { state: RwSignal::new(SessionState::Checking) };
        provide_context(session);
        // Any 401 from the API means the session is gone.
        api::on_unauthorized(move || session.state.set(SessionState::Anonymous));
        session.check();
        session
    }

    /// (Re)asks the server who is logged in.
    pub fn check(self) {
        self.state.set(SessionState::Checking);
        spawn_local(async move {
            let next = match api::current_session().await {
                Ok(Some(me)) => return self.log_in(me),
                Ok(None) => SessionState::Anonymous,
                Err(e) => SessionState::Unknown(e.message()),
            };
            self.state.set(next);
        });
    }

    /// `me` is logged in. Drafts in the tab belong to the user who wrote
    /// them: another user's are forgotten before any page can read them
    /// (so before the state changes, not in an effect after it).
    pub fn log_in(self, me: Me) {
        crate::storage::keep_for(&me.brugernavn);
        self.state.set(SessionState::LoggedIn(me));
    }

    /// "Log ud" went through (or the session had already ended): the tab's
    /// drafts are forgotten, for the next person at the screen.
    pub fn log_out(self) {
        crate::storage::forget_all();
        self.state.set(SessionState::Anonymous);
    }

    /// The logged-in user, tracked.
    pub fn user(self) -> Option<Me> {
        self.state.with(|s| match s {
            SessionState::LoggedIn(me) => Some(me.clone()),
            _ => None,
        })
    }

    pub fn is_admin(self) -> bool {
        self.state.with(|s| matches!(s, SessionState::LoggedIn(me) if me.admin))
    }

    /// Does one of the user's roles give the right? (The server decides;
    /// the UI only leaves out what would be refused.)
    pub fn may(self, p: domain::model::Permission) -> bool {
        self.state.with(|s| matches!(s, SessionState::LoggedIn(me) if me.may(p)))
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
