//! Keyboard-first casework: shortcuts for the caseworker's most common
//! steps (next task, take, Borgeroverblik, the wizard's steps), listed in a
//! help dialog opened with `?` or from the header.
//!
//! Every shortcut but `?` needs Alt+Shift, so it works while a field has
//! focus and never takes a letter a screen reader or a text field needs.
//! `?` is a single character key: it acts only outside text fields, and the
//! help dialog can turn it off (WCAG 2.1.4), remembered in `localStorage`.
//!
//! A page offers a shortcut with [`use_shortcut`] for as long as it is
//! shown; the last page (component) to offer one is the one it runs. The
//! listener on the window is installed once, by [`Shortcuts::provide`].

use crate::storage;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// A shortcut of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    Help,
    NextTask,
    Take,
    Citizen,
    NextStep,
    PreviousStep,
    Finish,
}

impl Shortcut {
    pub const ALL: [Shortcut; 7] = [
        Shortcut::Help,
        Shortcut::NextTask,
        Shortcut::Take,
        Shortcut::Citizen,
        Shortcut::PreviousStep,
        Shortcut::NextStep,
        Shortcut::Finish,
    ];

    /// The keys as shown to the user (Danish key names).
    pub fn keys(self) -> &'static str {
        match self {
            Shortcut::Help => "? eller Alt+Skift+H",
            Shortcut::NextTask => "Alt+Skift+N",
            Shortcut::Take => "Alt+Skift+T",
            Shortcut::Citizen => "Alt+Skift+B",
            Shortcut::PreviousStep => "Alt+Skift+←",
            Shortcut::NextStep => "Alt+Skift+→",
            Shortcut::Finish => "Alt+Skift+A",
        }
    }

    /// The keys in the form of `aria-keyshortcuts`.
    pub fn aria(self) -> &'static str {
        match self {
            Shortcut::Help => "Shift+? Alt+Shift+H",
            Shortcut::NextTask => "Alt+Shift+N",
            Shortcut::Take => "Alt+Shift+T",
            Shortcut::Citizen => "Alt+Shift+B",
            Shortcut::PreviousStep => "Alt+Shift+ArrowLeft",
            Shortcut::NextStep => "Alt+Shift+ArrowRight",
            Shortcut::Finish => "Alt+Shift+A",
        }
    }

    /// What it does.
    pub fn label(self) -> &'static str {
        match self {
            Shortcut::Help => "Vis tastaturgenveje",
            Shortcut::NextTask => "Næste opgave: tag den ældste ledige opgave i pakken, og åbn den",
            Shortcut::Take => "Tag den viste opgave",
            Shortcut::Citizen => "Åbn Borgeroverblik for opgavens borger",
            Shortcut::PreviousStep => "Forrige trin i guiden",
            Shortcut::NextStep => "Næste trin i guiden",
            Shortcut::Finish => "Afslut guiden fra Opsummering",
        }
    }
}

/// A key press, as the window's listener reads it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Press<'a> {
    /// `KeyboardEvent.key` (the character typed).
    pub key: &'a str,
    /// `KeyboardEvent.code` (the physical key, the same on every layout).
    pub code: &'a str,
    pub alt: bool,
    pub shift: bool,
    pub ctrl: bool,
    pub meta: bool,
    /// Focus is in a text field (input, textarea, select, editable).
    pub in_field: bool,
}

/// Which shortcut a key press is, if any. `single_key` says whether `?`
/// is turned on.
pub fn shortcut_of(p: &Press, single_key: bool) -> Option<Shortcut> {
    if p.ctrl || p.meta {
        return None;
    }
    if p.alt && p.shift {
        return match p.code {
            "KeyN" => Some(Shortcut::NextTask),
            "KeyT" => Some(Shortcut::Take),
            "KeyB" => Some(Shortcut::Citizen),
            "KeyA" => Some(Shortcut::Finish),
            "KeyH" => Some(Shortcut::Help),
            "ArrowRight" => Some(Shortcut::NextStep),
            "ArrowLeft" => Some(Shortcut::PreviousStep),
            _ => None,
        };
    }
    (!p.alt && p.key == "?" && !p.in_field && single_key).then_some(Shortcut::Help)
}

type Handler = (u64, Shortcut, Rc<dyn Fn()>);

/// The app's shortcuts: who offers which, the help dialog's state and
/// whether `?` is on.
#[derive(Clone, Copy)]
pub struct Shortcuts {
    handlers: StoredValue<Vec<Handler>, LocalStorage>,
    /// Bumped when the offered shortcuts change (for [`Shortcuts::offered`]).
    version: RwSignal<u64>,
    pub help_open: RwSignal<bool>,
    pub single_key: RwSignal<bool>,
}

const SINGLE_KEY_PREFERENCE: &str = "opgavepakker.genvej-spoergsmaalstegn";

impl Shortcuts {
    /// Provides the shortcuts to the app and listens for them on the window.
    pub fn provide() -> Shortcuts {
        let s = Shortcuts {
            handlers: StoredValue::new_local(Vec::new()),
            version: RwSignal::new(0),
            help_open: RwSignal::new(false),
            single_key: RwSignal::new(storage::preference(SINGLE_KEY_PREFERENCE).unwrap_or(true)),
        };
        provide_context(s);
        Effect::new(move |_| storage::set_preference(SINGLE_KEY_PREFERENCE, s.single_key.get()));
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.default_prevented() || ev.repeat() {
                return;
            }
            let (key, code) = (ev.key(), ev.code());
            let press = Press {
                key: &key,
                code: &code,
                alt: ev.alt_key(),
                shift: ev.shift_key(),
                ctrl: ev.ctrl_key(),
                meta: ev.meta_key(),
                in_field: focus_in_text_field(),
            };
            let Some(shortcut) = shortcut_of(&press, s.single_key.get_untracked()) else { return };
            if shortcut == Shortcut::Help {
                ev.prevent_default();
                s.help_open.set(true);
            } else if s.run(shortcut) {
                ev.prevent_default();
            }
        });
        // The app lives as long as the page; so does its listener.
        std::mem::forget(handle);
        s
    }

    /// Runs the handler last offered for `shortcut`; false when none is.
    fn run(self, shortcut: Shortcut) -> bool {
        let f = self.handlers.with_value(|h| h.iter().rev().find(|(_, s, _)| *s == shortcut).map(|(_, _, f)| f.clone()));
        match f {
            Some(f) => {
                f();
                true
            }
            None => false,
        }
    }

    /// Whether the current page offers `shortcut` (reactive).
    pub fn offered(self, shortcut: Shortcut) -> bool {
        self.version.track();
        shortcut == Shortcut::Help || self.handlers.with_value(|h| h.iter().any(|(_, s, _)| *s == shortcut))
    }
}

/// The app's shortcuts (provided by the app).
pub fn use_shortcuts() -> Option<Shortcuts> {
    use_context::<Shortcuts>()
}

/// Offers `shortcut` with `action` while the calling component is shown.
pub fn use_shortcut(shortcut: Shortcut, action: impl Fn() + 'static) {
    let Some(s) = use_shortcuts() else { return };
    let id = s.version.get_untracked() + 1;
    s.handlers.update_value(|h| h.push((id, shortcut, Rc::new(action))));
    s.version.set(id);
    on_cleanup(move || {
        // The app may be gone when the last component goes.
        if s.handlers.try_update_value(|h| h.retain(|(i, _, _)| *i != id)).is_some() {
            s.version.try_update(|v| *v += 1);
        }
    });
}

/// Whether keyboard focus is in a field that takes text.
fn focus_in_text_field() -> bool {
    let Some(el) = document().active_element() else { return false };
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return !matches!(input.type_().as_str(), "checkbox" | "radio" | "button" | "submit" | "reset" | "file" | "range" | "color");
    }
    let tag = el.tag_name();
    tag.eq_ignore_ascii_case("textarea")
        || tag.eq_ignore_ascii_case("select")
        || el.dyn_ref::<web_sys::HtmlElement>().is_some_and(|h| h.is_content_editable())
}
