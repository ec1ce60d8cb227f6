//! A DKFDS icon from the SVG sprite `img/all-svg-icons.svg` (copied into
//! `dist/` by Trunk). Decorative: hidden from assistive technology.

use leptos::prelude::*;

#[component]
pub fn Icon(
    /// The symbol id in the sprite, e.g. `info`, `error`, `lock`.
    name: &'static str,
    /// Extra classes besides `icon-svg`.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let class = if class.is_empty() { "icon-svg".to_owned() } else { format!("icon-svg {class}") };
    let href = format!("img/all-svg-icons.svg#{name}");
    view! {
        <svg class=class aria-hidden="true" focusable="false">
            <use href=href></use>
        </svg>
    }
}
