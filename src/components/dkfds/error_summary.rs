//! A form's error summary in DKFDS markup (`alert alert-error`): every
//! message shown, each a link that moves focus to its field. The form
//! focuses it (through `node_ref`) when a save is refused.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One message of the summary: the field's DOM id, its label and the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryItem {
    pub dom_id: String,
    pub label: String,
    pub message: String,
}

/// Moves focus to the element `dom_id`, or to the first control inside it
/// (a fieldset's first input).
pub fn focus_field(dom_id: &str) {
    let Some(el) = document().get_element_by_id(dom_id) else { return };
    let control = ["input", "select", "textarea", "button"].iter().any(|t| el.tag_name().eq_ignore_ascii_case(t));
    let target = if !control { el.query_selector("input, select, textarea").ok().flatten().unwrap_or(el) } else { el };
    if let Ok(h) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

/// Shown while `shown` holds; `heading` says what cannot be saved.
#[component]
pub fn ErrorSummary(
    #[prop(into)] heading: String,
    #[prop(into)] shown: Signal<bool>,
    #[prop(into)] items: Signal<Vec<SummaryItem>>,
    node_ref: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    move || {
        let heading = heading.clone();
        shown.get().then(move || {
            view! {
                <div class="alert alert-error error-summary" role="alert" tabindex="-1" node_ref=node_ref>
                    <div class="alert-body">
                        <p class="alert-heading">{heading}</p>
                        <div class="alert-text">
                            <p>"Ret disse felter:"</p>
                            <ul class="nobullet-list">
                                {move || {
                                    items
                                        .get()
                                        .into_iter()
                                        .map(|e| {
                                            let id = e.dom_id.clone();
                                            view! {
                                                <li>
                                                    <a
                                                        href=format!("#{}", e.dom_id)
                                                        on:click=move |ev| {
                                                            ev.prevent_default();
                                                            focus_field(&id);
                                                        }
                                                    >
                                                        {e.label}
                                                        ": "
                                                        {e.message}
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </ul>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
