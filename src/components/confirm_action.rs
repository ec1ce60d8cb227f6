//! A button that asks before it acts ("Tilbagekald", "Log ud overalt"): it
//! gives way to a question with "Ja, …" and "Annuller" in a named group.
//! Escape or "Annuller" takes the question back; focus follows onto the
//! question (its confirm or cancel button) and back onto the button, one
//! frame later, when the one shown is no longer hidden.

use leptos::prelude::*;

/// Where focus goes when the question shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusOnAsk {
    Confirm,
    Cancel,
}

#[component]
pub fn ConfirmAction(
    /// The button's text.
    label: &'static str,
    /// What it acts on, for screen readers after the label (" for Navn").
    #[prop(into)]
    sr_suffix: String,
    /// The question group's name for screen readers.
    #[prop(into)]
    group_label: String,
    #[prop(into)] question: String,
    confirm_label: &'static str,
    /// The confirm button's text while `busy`.
    busy_label: &'static str,
    #[prop(into)] busy: Signal<bool>,
    focus: FocusOnAsk,
    /// Whether the question shows; the caller closes it after an answer.
    asking: RwSignal<bool>,
    /// Runs when the button is pressed, before the question shows.
    #[prop(optional)]
    on_ask: Option<Callback<()>>,
    on_confirm: Callback<()>,
    /// The question's class.
    class: &'static str,
) -> impl IntoView {
    let (button, confirm_button, cancel_button) =
        (NodeRef::<leptos::html::Button>::new(), NodeRef::<leptos::html::Button>::new(), NodeRef::<leptos::html::Button>::new());
    Effect::new(move |was: Option<bool>| {
        let now = asking.get();
        if was.is_some_and(|w| w != now) {
            let target = match (now, focus) {
                (false, _) => button.get(),
                (true, FocusOnAsk::Confirm) => confirm_button.get(),
                (true, FocusOnAsk::Cancel) => cancel_button.get(),
            };
            if let Some(b) = target {
                request_animation_frame(move || {
                    let _ = b.focus();
                });
            }
        }
        now
    });
    view! {
        <span hidden=move || asking.get()>
            <button
                class="button button-secondary"
                type="button"
                node_ref=button
                on:click=move |_| {
                    if let Some(f) = on_ask {
                        f.run(());
                    }
                    asking.set(true);
                }
            >
                {label} <span class="sr-only">{sr_suffix}</span>
            </button>
        </span>
        <span
            class=class
            role="group"
            aria-label=group_label
            hidden=move || !asking.get()
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    asking.set(false);
                }
            }
        >
            <span>{question}</span>
            <button
                class="button button-primary"
                type="button"
                node_ref=confirm_button
                aria-disabled=move || busy.get().then_some("true")
                on:click=move |_| {
                    if !busy.get_untracked() {
                        on_confirm.run(());
                    }
                }
            >
                {move || if busy.get() { busy_label } else { confirm_label }}
            </button>
            " "
            <button class="button button-secondary" type="button" node_ref=cancel_button on:click=move |_| asking.set(false)>
                "Annuller"
            </button>
        </span>
    }
}
