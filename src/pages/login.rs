//! `/logind`: the login form. After a login the user goes to their start
//! page; so does a user who opens this page while logged in.

use crate::api;
use crate::components::{ErrorAlert, FieldError, Page};
use crate::routes;
use crate::session::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Field messages appear only after the first attempt to submit.
    let tried = RwSignal::new(false);
    let username_error = Memo::new(move |_| (tried.get() && username.with(|u| u.trim().is_empty())).then_some("Udfyld brugernavn."));
    let password_error = Memo::new(move |_| (tried.get() && password.with(String::is_empty)).then_some("Udfyld adgangskode."));

    let login = Action::new_local(|(u, p): &(String, String)| api::login(u.clone(), p.clone()));

    Effect::new(move |_| {
        if let Some(Ok(me)) = login.value().get() {
            session.log_in(me);
        }
    });
    Effect::new(move |_| {
        if let Some(me) = session.user() {
            navigate(routes::start_page(me.admin), NavigateOptions { replace: true, ..Default::default() });
        }
    });

    let username_input = NodeRef::<leptos::html::Input>::new();
    let password_input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if login.pending().get_untracked() {
            return;
        }
        tried.set(true);
        if username_error.get_untracked().is_some() {
            if let Some(el) = username_input.get_untracked() {
                let _ = el.focus();
            }
            return;
        }
        if password_error.get_untracked().is_some() {
            if let Some(el) = password_input.get_untracked() {
                let _ = el.focus();
            }
            return;
        }
        login.dispatch((username.get_untracked().trim().to_owned(), password.get_untracked()));
    };
    let server_error = move || match login.value().get() {
        Some(Err(e)) if !login.pending().get() => Some(e.message()),
        _ => None,
    };

    view! {
        <Page title="Log ind">
            <p>"Log ind med dit brugernavn og din adgangskode."</p>
            <div class="login-messages">
                {move || server_error().map(|m| view! { <ErrorAlert message=m heading="Du blev ikke logget ind"/> })}
            </div>
            <form class="login-form" novalidate on:submit=on_submit>
                <div class="form-group" class:form-error=move || username_error.get().is_some()>
                    <label class="form-label" for="brugernavn">"Brugernavn"</label>
                    {move || username_error.get().map(|m| view! { <FieldError id="brugernavn-fejl" message=m/> })}
                    <input
                        class="form-input"
                        id="brugernavn"
                        name="username"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        aria-invalid=move || username_error.get().map(|_| "true")
                        aria-describedby=move || username_error.get().map(|_| "brugernavn-fejl")
                        node_ref=username_input
                        bind:value=username
                    />
                </div>
                <div class="form-group" class:form-error=move || password_error.get().is_some()>
                    <label class="form-label" for="adgangskode">"Adgangskode"</label>
                    {move || password_error.get().map(|m| view! { <FieldError id="adgangskode-fejl" message=m/> })}
                    <input
                        class="form-input"
                        id="adgangskode"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        aria-invalid=move || password_error.get().map(|_| "true")
                        aria-describedby=move || password_error.get().map(|_| "adgangskode-fejl")
                        node_ref=password_input
                        bind:value=password
                    />
                </div>
                <div class="form-actions">
                    <button class="button button-primary" type="submit" aria-disabled=move || login.pending().get().then_some("true")>
                        {move || if login.pending().get() { "Logger ind …" } else { "Log ind" }}
                    </button>
                </div>
            </form>
        </Page>
    }
}
