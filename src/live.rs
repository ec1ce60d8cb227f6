//! Live lists: a value from the API that is fetched again every
//! [`INTERVAL`] with `If-None-Match`, so new tasks and counts show without a
//! reload. The server answers 304 when nothing changed, and then nothing on
//! the page is touched.
//!
//! - Polling pauses while the tab is hidden (`document.visibilityState`)
//!   and fetches at once when it is shown again.
//! - One request at a time: a tick while one is in flight is skipped.
//! - When the input changes (another page or sort), the value is fetched
//!   at once without a tag; an answer for an older input is dropped. The
//!   value on screen stays until the new one arrives (no flash of a
//!   loading line).
//! - A failed poll keeps the value on screen (the next tick tries again);
//!   only a failed first fetch for an input is shown as the error. After
//!   [`FAILURES_BEFORE_NOTICE`] failed polls in a row, [`Live::stale`] holds
//!   (the page shows [`StaleNotice`]) until a poll gets an answer again.
//! - A 401 is the session's end: the API layer tells the session
//!   ([`api::on_unauthorized`]), and the route guard sends the user to the
//!   login page, as for any other call; it is not counted as a failure.

use crate::api::{self, Fresh};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

/// How often a live list asks the server.
pub const INTERVAL: Duration = Duration::from_secs(2);

/// Failed polls in a row before the page says the list is not current.
pub const FAILURES_BEFORE_NOTICE: u32 = 3;

/// What [`StaleNotice`] says.
pub const STALE_TEXT: &str = "Listen kunne ikke opdateres. Vi prøver igen.";

/// A value kept current from the server.
pub struct Live<T: Send + Sync + 'static> {
    /// `None` until the first answer.
    pub value: RwSignal<Option<api::Result<T>>>,
    reload: RwSignal<u32>,
    /// Failed polls in a row.
    failures: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Live<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Live<T> {}

impl<T: Send + Sync + 'static> Live<T> {
    /// Fetches again at once, as for a new input.
    pub fn reload(&self) {
        self.reload.update(|n| *n = n.wrapping_add(1));
    }

    /// Whether the last [`FAILURES_BEFORE_NOTICE`] polls all failed (tracked).
    pub fn stale(&self) -> bool {
        self.failures.get() >= FAILURES_BEFORE_NOTICE
    }

    /// An answer came: the list is current again.
    fn answered(&self) {
        if self.failures.try_get_untracked().is_some_and(|n| n != 0) {
            self.failures.try_set(0);
        }
    }
}

/// A quiet DKFDS notice (information, no live region, so it does not
/// interrupt a screen reader on every poll) while `stale` holds.
#[component]
pub fn StaleNotice(#[prop(into)] stale: Signal<bool>) -> impl IntoView {
    use crate::components::{Alert, AlertKind};
    move || {
        stale.get().then(|| {
            view! {
                <div class="live-stale">
                    <Alert kind=AlertKind::Info><p>{STALE_TEXT}</p></Alert>
                </div>
            }
        })
    }
}

struct State<I> {
    input: RefCell<Option<I>>,
    etag: RefCell<Option<String>>,
    /// Bumped for every new input; answers for an older one are dropped.
    generation: Cell<u64>,
    polling: Cell<bool>,
}

/// Whether the tab is shown (a page without a document counts as shown).
pub fn visible() -> bool {
    web_sys::window().and_then(|w| w.document()).is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Keeps `fetch(input, etag)` current while the calling component lives.
/// `input` is tracked: when it changes, the value is fetched anew.
pub fn live<I, T, F, Fut>(input: impl Fn() -> I + 'static, fetch: F) -> Live<T>
where
    I: Clone + 'static,
    T: PartialEq + Send + Sync + 'static,
    F: Fn(I, Option<String>) -> Fut + 'static,
    Fut: Future<Output = api::Result<Fresh<T>>> + 'static,
{
    let live = Live { value: RwSignal::new(None), reload: RwSignal::new(0), failures: RwSignal::new(0) };
    let state = Rc::new(State { input: RefCell::new(None), etag: RefCell::new(None), generation: Cell::new(0), polling: Cell::new(false) });
    let fetch = Rc::new(fetch);

    // A new input (or a reload): fetch at once, without a tag.
    let (st, f) = (state.clone(), fetch.clone());
    Effect::new(move |_| {
        live.reload.track();
        let i = input();
        let generation = st.generation.get().wrapping_add(1);
        st.generation.set(generation);
        st.input.replace(Some(i.clone()));
        st.etag.replace(None);
        let (st, fut) = (st.clone(), f(i, None));
        leptos::task::spawn_local(async move {
            let answer = fut.await;
            if st.generation.get() != generation {
                return;
            }
            match answer {
                Ok(Fresh::Changed { value, etag }) => {
                    live.answered();
                    st.etag.replace(etag);
                    live.value.try_set(Some(Ok(value)));
                }
                // Asked without a tag; nothing to compare with.
                Ok(Fresh::Unchanged) => live.answered(),
                Err(e) => {
                    live.value.try_set(Some(Err(e)));
                }
            }
        });
    });

    let poll = {
        let st = state.clone();
        move || {
            if st.polling.get() || !visible() {
                return;
            }
            let Some(i) = st.input.borrow().clone() else { return };
            let generation = st.generation.get();
            st.polling.set(true);
            let (st, fut) = (st.clone(), fetch(i, st.etag.borrow().clone()));
            leptos::task::spawn_local(async move {
                let answer = fut.await;
                st.polling.set(false);
                if st.generation.get() != generation {
                    return;
                }
                match answer {
                    Ok(Fresh::Changed { value, etag }) => {
                        live.answered();
                        st.etag.replace(etag);
                        let same = live.value.try_with_untracked(|old| matches!(old, Some(Ok(o)) if *o == value)).unwrap_or(true);
                        if !same {
                            live.value.try_set(Some(Ok(value)));
                        }
                    }
                    Ok(Fresh::Unchanged) => live.answered(),
                    // The session is gone: the guard goes to the login page.
                    Err(api::Error::Unauthorized(_)) => {}
                    // Keep what is on screen; the next tick tries again.
                    Err(e) => {
                        leptos::logging::warn!("live list: poll failed: {}", e.message());
                        live.failures.try_update(|n| *n = n.saturating_add(1));
                    }
                }
            });
        }
    };
    let poll = Rc::new(poll);
    let p = poll.clone();
    match set_interval_with_handle(move || p(), INTERVAL) {
        Ok(handle) => on_cleanup(move || handle.clear()),
        Err(_) => leptos::logging::warn!("live list: could not start polling"),
    }
    let shown = window_event_listener_untyped("visibilitychange", move |_| {
        if visible() {
            poll();
        }
    });
    on_cleanup(move || shown.remove());
    live
}
