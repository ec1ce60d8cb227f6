//! The app: session, layout (skip link, header, routes) and the route guard.

use crate::components::not_found::NotFoundPage;
use crate::components::shortcut_help::ShortcutHelp;
use crate::components::{ErrorAlert, Header, Loading, Page};
use crate::pages::{HomeRedirect, LoginPage};
use crate::parts::*;
use crate::routes;
use crate::session::{use_session, Session, SessionState};
use crate::shortcuts::Shortcuts;
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{Lazy, ParamSegment, StaticSegment};

#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    Shortcuts::provide();
    view! {
        <Router>
            <SkipLink/>
            <Header/>
            <ShortcutHelp/>
            <Routes fallback=NotFoundPage>
                <Route path=StaticSegment(routes::LOGIN_SEGMENT) view=LoginPage/>
                <ParentRoute path=StaticSegment("") view=RequireSession>
                    <Route path=StaticSegment("") view=HomeRedirect/>
                    <Route path=StaticSegment(routes::ADMIN_SEGMENT) view={Lazy::<AdminPart<{ ADMIN }>>::new()}/>
                    <Route path=StaticSegment(routes::MY_PACKAGES_SEGMENT) view={Lazy::<WorkPart<{ MY_PACKAGES }>>::new()}/>
                    <Route path=(StaticSegment(routes::ADMIN_SEGMENT), StaticSegment(routes::ROLES_SEGMENT)) view={Lazy::<AdminPart<{ ROLES }>>::new()}/>
                    <Route path=(StaticSegment(routes::ADMIN_SEGMENT), StaticSegment(routes::USERS_SEGMENT)) view={Lazy::<AdminPart<{ USERS }>>::new()}/>
                    <Route
                        path=(StaticSegment(routes::ADMIN_SEGMENT), StaticSegment(routes::PACKAGE_SEGMENT), ParamSegment(routes::KEY_PARAM), StaticSegment(routes::HISTORY_SEGMENT))
                        view={Lazy::<AdminPart<{ PACKAGE_HISTORY }>>::new()}
                    />
                    <Route path=(StaticSegment(routes::ADMIN_SEGMENT), StaticSegment(routes::PACKAGE_SEGMENT), StaticSegment(routes::NEW_SEGMENT)) view={Lazy::<AdminPart<{ PACKAGE_NEW }>>::new()}/>
                    <Route path=(StaticSegment(routes::ADMIN_SEGMENT), StaticSegment(routes::PACKAGE_SEGMENT), ParamSegment(routes::KEY_PARAM)) view={Lazy::<AdminPart<{ PACKAGE_EDIT }>>::new()}/>
                    <Route path=(StaticSegment(routes::ADMIN_SEGMENT), StaticSegment(routes::AUDIT_SEGMENT)) view={Lazy::<AdminPart<{ AUDIT }>>::new()}/>
                    <Route path=(StaticSegment(routes::ADMIN_SEGMENT), StaticSegment(routes::CREDENTIALS_SEGMENT)) view={Lazy::<AdminPart<{ CREDENTIALS }>>::new()}/>
                    <Route
                        path=(StaticSegment(routes::ADMIN_SEGMENT), StaticSegment(routes::PARAMETER_SEGMENT), ParamSegment(routes::KEY_PARAM))
                        view={Lazy::<AdminPart<{ PARAMETER }>>::new()}
                    />
                    <Route path=(StaticSegment(routes::MY_PACKAGES_SEGMENT), ParamSegment(routes::KEY_PARAM)) view={Lazy::<WorkPart<{ PACKAGE_TASKS }>>::new()}/>
                    <Route path=(StaticSegment(routes::TASK_SEGMENT), ParamSegment(routes::ID_PARAM)) view={Lazy::<WorkPart<{ TASK }>>::new()}/>
                    <Route path=StaticSegment(routes::CITIZEN_SEGMENT) view={Lazy::<WorkPart<{ CITIZEN_SEARCH }>>::new()}/>
                    <Route path=(StaticSegment(routes::CITIZEN_SEGMENT), ParamSegment(routes::ID_PARAM)) view={Lazy::<WorkPart<{ CITIZEN }>>::new()}/>
                    <Route
                        path=(StaticSegment(routes::CITIZEN_SEGMENT), ParamSegment(routes::ID_PARAM), ParamSegment(routes::PROCESS_PARAM))
                        view={Lazy::<WorkPart<{ CITIZEN_PROCESS }>>::new()}
                    />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// "Gå til indhold": moves focus to the page's `<main>` without a route
/// change (the router would otherwise take over the `#` link).
#[component]
fn SkipLink() -> impl IntoView {
    view! {
        <a
            class="skipnav"
            href="#main-content"
            on:click=|ev| {
                ev.prevent_default();
                if let Some(main) = document().get_element_by_id("main-content") {
                    use wasm_bindgen::JsCast;
                    if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                        let _ = main.focus();
                        main.scroll_into_view();
                    }
                }
            }
        >
            "Gå til indhold"
        </a>
    }
}

/// Route guard: renders the child route only with a session; without one,
/// goes to the login page.
#[component]
fn RequireSession() -> impl IntoView {
    let session = use_session();
    // Only the kind of state matters here; the user's details are read below.
    let kind = Memo::new(move |_| {
        session.state.with(|s| match s {
            SessionState::Checking => 0,
            SessionState::Anonymous => 1,
            SessionState::LoggedIn(_) => 2,
            SessionState::Unknown(_) => 3,
        })
    });
    // While a route waits for its part: the status once the wait passes
    // 150 ms (the timer goes with the wait, and with this guard). When the
    // first page has come: two seconds later, when the browser is idle, the
    // other parts the menu leads to are fetched (src/parts.rs); the wait
    // leaves the line to what the page itself loads first.
    let (route_pending, set_route_pending) = signal(false);
    let slow_route = RwSignal::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let stop_timer = move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    };
    let prefetched = StoredValue::new(false);
    Effect::new(move |was_pending: Option<bool>| {
        stop_timer();
        let pending = route_pending.get();
        if pending {
            let started = set_timeout_with_handle(move || _ = slow_route.try_set(true), std::time::Duration::from_millis(150));
            timer.set_value(started.ok());
        } else {
            slow_route.set(false);
            if was_pending == Some(true) && !prefetched.get_value() {
                prefetched.set_value(true);
                let admin = untrack(|| session.is_admin());
                set_timeout(move || request_idle_callback(move || prefetch_parts(admin)), std::time::Duration::from_secs(2));
            }
        }
        pending
    });
    on_cleanup(stop_timer);
    move || match kind.get() {
        0 => view! {
            <main id="main-content" class="container page" tabindex="-1">
                <Loading text="Henter dine oplysninger …"/>
            </main>
        }
        .into_any(),
        1 => view! { <Redirect path=routes::LOGIN/> }.into_any(),
        // A page of a part the release build has not yet fetched
        // (src/parts.rs) waits here: the first one in place of the page,
        // later ones with the current page kept (a transition). Either way
        // "Henter siden …" shows when the wait passes 150 ms.
        2 => view! {
            <Show when=move || slow_route.get()>
                <div class="container page-loading">
                    <Loading text="Henter siden …"/>
                </div>
            </Show>
            <Transition fallback=|| () set_pending=set_route_pending>
                <Outlet/>
            </Transition>
        }
        .into_any(),
        _ => {
            let message = session.state.with_untracked(|s| match s {
                SessionState::Unknown(m) => m.clone(),
                _ => String::new(),
            });
            view! {
                <Page title="Serveren svarer ikke">
                    <ErrorAlert message=message heading="Vi kunne ikke hente dine oplysninger"/>
                    <button class="button button-primary" type="button" on:click=move |_| session.check()>
                        "Prøv igen"
                    </button>
                </Page>
            }
            .into_any()
        }
    }
}
