//! DKFDS tabs ("Faneblade"): `tab-container`, a `tab-list` of
//! `tab-button`s (`role="tab"`) and one `tab-panel` per tab, the hidden ones
//! with `hidden`. The tab list is named by `label`. The keyboard works as in DKFDS's own script: one tab stop
//! (the selected tab), ←/→ move to the previous/next tab (wrapping), Home
//! and End to the first and last, and the tab moved to is shown.

use leptos::prelude::*;

/// One tab: the panel's DOM id (the button's is `{id}-fane`), its label,
/// an optional count shown as a DKFDS badge, and the panel's content.
pub struct TabItem {
    pub id: &'static str,
    pub label: &'static str,
    pub badge: Option<String>,
    pub panel: AnyView,
}

/// The tab to move to from `current` of `count` tabs on `key`, if the key
/// moves at all.
pub fn tab_after_key(key: &str, current: usize, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match key {
        "ArrowLeft" => Some(if current == 0 { count - 1 } else { current - 1 }),
        "ArrowRight" => Some((current + 1) % count),
        "Home" => Some(0),
        "End" => Some(count - 1),
        _ => None,
    }
}

#[component]
pub fn Tabs(
    tabs: Vec<TabItem>,
    /// The tab list's accessible name (`aria-label`), e.g. "Historik".
    label: &'static str,
    /// The tab shown first.
    #[prop(optional)]
    selected: usize,
) -> impl IntoView {
    let count = tabs.len();
    let current = RwSignal::new(selected.min(count.saturating_sub(1)));
    let buttons: Vec<NodeRef<leptos::html::Button>> = (0..count).map(|_| NodeRef::new()).collect();
    let mut list = Vec::with_capacity(count);
    let mut panels = Vec::with_capacity(count);
    for (i, tab) in tabs.into_iter().enumerate() {
        let button_id = format!("{}-fane", tab.id);
        let node = buttons[i];
        let buttons = buttons.clone();
        let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
            if let Some(to) = tab_after_key(&ev.key(), i, count) {
                ev.prevent_default();
                current.set(to);
                if let Some(b) = buttons[to].get_untracked() {
                    let _ = b.focus();
                }
            }
        };
        list.push(view! {
            <button
                class="tab-button"
                type="button"
                role="tab"
                id=button_id.clone()
                aria-controls=tab.id
                aria-selected=move || if current.get() == i { "true" } else { "false" }
                tabindex=move || if current.get() == i { "0" } else { "-1" }
                node_ref=node
                on:click=move |_| current.set(i)
                on:keydown=on_keydown
            >
                <span>{tab.label}</span>
                {tab.badge.map(|b| view! { " " <span class="badge badge-info tab-badge">{b}</span> })}
            </button>
        });
        panels.push(view! {
            <div class="tab-panel" role="tabpanel" tabindex="0" id=tab.id aria-labelledby=button_id hidden=move || current.get() != i>
                {tab.panel}
            </div>
        });
    }
    view! {
        <div class="tab-container">
            <div class="tab-list" role="tablist" aria-label=label>{list}</div>
            {panels}
        </div>
    }
}
