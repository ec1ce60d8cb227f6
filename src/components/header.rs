//! The DKFDS header: portal row (user, "Tastaturgenveje" and "Log ud"), solution row (the
//! title "Opgavepakker") and the main navigation. Without a session only the
//! solution row is shown.

use super::{ErrorAlert, Icon};
use crate::api;
use crate::routes;
use crate::session::use_session;
use crate::shortcuts::{use_shortcuts, Shortcut};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let shortcuts = use_shortcuts();
    let navigate = use_navigate();
    let logout = Action::new_local(|_: &()| api::logout());
    let logout_error = RwSignal::new(None::<String>);

    Effect::new(move |_| {
        match logout.value().get() {
            // Logged out, or the session had already ended.
            Some(Ok(())) | Some(Err(api::Error::Unauthorized(_))) => {
                logout_error.set(None);
                session.log_out();
                navigate(routes::LOGIN, Default::default());
            }
            Some(Err(e)) => logout_error.set(Some(format!("Du blev ikke logget ud. {}", e.message()))),
            None => {}
        }
    });

    let user = Memo::new(move |_| session.user());

    view! {
        <header class="header">
            {move || {
                user.get()
                    .map(|me| {
                        let role = if me.admin { "Systemadministrator" } else { "Sagsbehandler" };
                        view! {
                            <div class="portal-info">
                                <div class="portal-info-inner container">
                                    <div class="portal-user">
                                        <p class="user">
                                            <span class="username weight-semibold">{me.navn.clone()}</span>
                                            ", "
                                            {role}
                                        </p>
                                        <button
                                            class="function-link shortcuts-link"
                                            type="button"
                                            aria-haspopup="dialog"
                                            aria-keyshortcuts=Shortcut::Help.aria()
                                            on:click=move |_| {
                                                if let Some(s) = shortcuts {
                                                    s.help_open.set(true);
                                                }
                                            }
                                        >
                                            "Tastaturgenveje"
                                        </button>
                                        <button
                                            class="function-link log-off"
                                            type="button"
                                            disabled=move || logout.pending().get()
                                            on:click=move |_| {
                                                logout.dispatch(());
                                            }
                                        >
                                            <Icon name="lock"/>
                                            {move || if logout.pending().get() { "Logger ud …" } else { "Log ud" }}
                                        </button>
                                    </div>
                                </div>
                            </div>
                        }
                    })
            }}
            <div class="solution-info">
                <div class="container solution-info-inner">
                    <div class="solution-heading">
                        <a href=routes::HOME>"Opgavepakker"</a>
                    </div>
                </div>
            </div>
            {move || user.get().map(|me| view! { <MainNav admin=me.admin/> })}
        </header>
        {move || {
            logout_error
                .get()
                .map(|m| {
                    view! {
                        <div class="container header-message">
                            <ErrorAlert message=m/>
                        </div>
                    }
                })
        }}
    }
}

#[component]
fn MainNav(admin: bool) -> impl IntoView {
    let mut items = vec![("Mine opgavepakker", routes::MY_PACKAGES), ("Søg", routes::CITIZEN_SEARCH)];
    if admin {
        items.push(("Systemadministration", routes::ADMIN));
        items.push(("Log", routes::AUDIT));
    }
    let hrefs: Vec<&'static str> = items.iter().map(|(_, h)| *h).collect();
    let location = use_location();
    let current = Memo::new(move |_| location.pathname.with(|p| current_item(p, &hrefs)));
    view! {
        <div class="navigation-menu">
            <div class="navigation-menu-inner container">
                <nav class="nav" aria-label="Hovedmenu">
                    <ul class="mainmenu">
                        {items
                            .into_iter()
                            .map(|(label, href)| {
                                let here = Signal::derive(move || current.get() == Some(href));
                                view! { <NavItem label href here/> }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </div>
        </div>
    }
}

/// The menu item a path belongs to: the one whose address is the path or
/// its longest prefix (`/systemadministration/log` is "Log", not also
/// "Systemadministration").
pub fn current_item(path: &str, hrefs: &[&'static str]) -> Option<&'static str> {
    hrefs.iter().copied().filter(|h| path == *h || path.starts_with(&format!("{h}/"))).max_by_key(|h| h.len())
}

#[component]
fn NavItem(label: &'static str, href: &'static str, here: Signal<bool>) -> impl IntoView {
    view! {
        <li class:active=here>
            <a href=href class="nav-link" aria-current=move || here.get().then_some("page")>
                <span>{label}</span>
            </a>
        </li>
    }
}
