//! DKFDS alerts: `alert alert-{info,success,warning,error}`.

use super::Icon;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertKind {
    Info,
    Success,
    Warning,
    Error,
}

impl AlertKind {
    fn class(self) -> &'static str {
        match self {
            AlertKind::Info => "alert alert-info",
            AlertKind::Success => "alert alert-success",
            AlertKind::Warning => "alert alert-warning",
            AlertKind::Error => "alert alert-error",
        }
    }

    fn icon(self) -> &'static str {
        match self {
            AlertKind::Info => "info",
            AlertKind::Success => "success",
            AlertKind::Warning => "warning",
            AlertKind::Error => "error",
        }
    }

    /// Errors interrupt (`role="alert"`), successes are announced politely;
    /// information that is part of the page needs no live region.
    fn role(self) -> Option<&'static str> {
        match self {
            AlertKind::Error => Some("alert"),
            AlertKind::Success => Some("status"),
            _ => None,
        }
    }
}

/// With `focus`, the alert takes focus when it appears (`tabindex="-1"`):
/// for the outcome of the user's own action when the element they acted on
/// goes away, so focus is not lost and the outcome is read at once.
#[component]
pub fn Alert(
    kind: AlertKind,
    #[prop(optional, into)] heading: Option<String>,
    #[prop(optional)] focus: bool,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    if focus {
        Effect::new(move |_| {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        });
    }
    view! {
        <div class=kind.class() role=kind.role() aria-atomic=kind.role().map(|_| "true") tabindex=focus.then_some("-1") node_ref=node>
            <Icon name=kind.icon() class="alert-icon"/>
            <div class="alert-body">
                {heading.map(|h| view! { <p class="alert-heading">{h}</p> })}
                <div class="alert-text">{children()}</div>
            </div>
        </div>
    }
}

/// An error alert with a message from the API (see [`crate::api::Error::message`]).
#[component]
pub fn ErrorAlert(#[prop(into)] message: String, #[prop(optional, into)] heading: Option<String>) -> impl IntoView {
    let heading = heading.unwrap_or_else(|| "Der opstod en fejl".to_owned());
    view! {
        <Alert kind=AlertKind::Error heading=heading>
            <p>{message}</p>
        </Alert>
    }
}
