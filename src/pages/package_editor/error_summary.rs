//! The editor's error summary: after "Gem", every message shown, each a
//! link that moves focus to its field. Focused when a save is refused.

use crate::editor::Editor;
use domain::package::PackageField;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves focus to a field (the first input of a group).
fn focus_field(field: PackageField) {
    let Some(el) = document().get_element_by_id(&field.id()) else { return };
    let target = if el.tag_name().eq_ignore_ascii_case("fieldset") { el.query_selector("input").ok().flatten().unwrap_or(el) } else { el };
    if let Ok(h) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

#[component]
pub fn ErrorSummary(editor: Editor) -> impl IntoView {
    let shown = editor.shown_errors();
    move || {
        editor.summary_shown().then(|| {
            view! {
                <div class="alert alert-error error-summary" role="alert" tabindex="-1" node_ref=editor.summary_ref()>
                    <div class="alert-body">
                        <p class="alert-heading">"Opgavepakken kan ikke gemmes endnu"</p>
                        <div class="alert-text">
                            <p>"Ret disse felter:"</p>
                            <ul class="nobullet-list">
                                {move || {
                                    shown
                                        .get()
                                        .into_iter()
                                        .map(|e| {
                                            let field = e.field;
                                            view! {
                                                <li>
                                                    <a
                                                        href=format!("#{}", field.id())
                                                        on:click=move |ev| {
                                                            ev.prevent_default();
                                                            focus_field(field);
                                                        }
                                                    >
                                                        {field.label()}
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
