//! "Tastaturgenveje": the help dialog of the keyboard shortcuts
//! ([`crate::shortcuts`]), a modal `<dialog>` in DKFDS modal markup, opened
//! with `?`, Alt+Shift+H or the header's button; Escape or "Luk" closes it
//! and focus returns to where it was. It says which shortcuts the page
//! offers and turns the single key `?` on or off.

use crate::components::Icon;
use crate::shortcuts::{use_shortcuts, Shortcut, Shortcuts};
use leptos::prelude::*;

#[component]
pub fn ShortcutHelp() -> impl IntoView {
    let Some(s) = use_shortcuts() else { return ().into_any() };
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let open = s.help_open.get();
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    view! {
        <dialog
            class="fds-modal shortcut-help"
            node_ref=dialog
            aria-labelledby="genveje-titel"
            on:close=move |_| s.help_open.set(false)
        >
            <div class="modal-content">
                <div class="modal-header">
                    <h2 class="modal-title" id="genveje-titel">"Tastaturgenveje"</h2>
                    <button class="modal-close function-link" type="button" on:click=move |_| s.help_open.set(false)>
                        <Icon name="close"/>
                        "Luk"
                    </button>
                </div>
                // The body only while open: nothing of it is in the page otherwise.
                {move || s.help_open.get().then(|| view! { <ShortcutList s/> })}
            </div>
        </dialog>
    }
    .into_any()
}

#[component]
fn ShortcutList(s: Shortcuts) -> impl IntoView {
    let rows = move || {
        Shortcut::ALL
            .into_iter()
            .map(|k| {
                view! {
                    <tr>
                        <td class="nowrap">
                            <kbd>{k.keys()}</kbd>
                        </td>
                        <td>{k.label()}</td>
                        <td>{move || if s.offered(k) { "Ja" } else { "Nej" }}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="modal-body">
            <p>"Genvejene med Alt+Skift virker overalt, også mens du skriver i et felt."</p>
            <table class="table table--compact">
                <caption class="sr-only">"Tastaturgenveje"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Taster"</th>
                        <th scope="col">"Handling"</th>
                        <th scope="col">"På denne side"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="form-group-checkbox">
                <input
                    class="form-checkbox"
                    type="checkbox"
                    id="genvej-spoergsmaalstegn"
                    prop:checked=move || s.single_key.get()
                    on:change=move |ev| s.single_key.set(event_target_checked(&ev))
                />
                <label class="form-label" for="genvej-spoergsmaalstegn">
                    "Åbn denne oversigt med ?-tasten (uden Alt+Skift)"
                </label>
            </div>
        </div>
    }
}
