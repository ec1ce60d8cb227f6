//! The app's one `sessionStorage` module: what survives leaving a page and
//! coming back in the same browser session (and [`preference`], the few
//! choices kept in `localStorage` across sessions). The wizards keep their state
//! under `opgavepakker:{key}` ([`stored`], [`forget`]); the package and
//! system-parameter editors (and the users page, per user) keep their
//! unsaved drafts under [`draft_key`] of their URLs. All of it belongs to
//! the user logged in: another user's login forgets it ([`keep_for`]), and
//! so does "Log ud" ([`forget_all`]).

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Prefix of every wizard key this app puts in `sessionStorage`.
const PREFIX: &str = "opgavepakker:";

/// The full `sessionStorage` key of an editor's draft at `url`
/// (path and query).
pub fn draft_key(url: &str) -> String {
    format!("{DRAFT_PREFIX}{url}")
}

const DRAFT_PREFIX: &str = "opgavepakker.kladde:";

/// The full `sessionStorage` key of a wizard's `key` (e.g. `opgave:17`).
fn wizard_key(key: &str) -> String {
    format!("{PREFIX}{key}")
}

/// A user's preference kept across sessions (`localStorage`), e.g. whether
/// the `?` shortcut is on.
pub fn preference(full: &str) -> Option<bool> {
    let raw = web_sys::window()?.local_storage().ok()??.get_item(full).ok()??;
    serde_json::from_str(&raw).ok()
}

/// Saves a preference ([`preference`]).
pub fn set_preference(full: &str, value: bool) {
    if let Some(Ok(Some(s))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = s.set_item(full, &value.to_string());
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Reads the value under the full key `full`, if any and still readable.
pub fn read<T: DeserializeOwned>(full: &str) -> Option<T> {
    let raw = session_storage()?.get_item(full).ok()??;
    serde_json::from_str(&raw).ok()
}

/// Saves `value` under the full key `full`.
pub fn write<T: Serialize>(full: &str, value: &T) {
    if let (Some(s), Ok(json)) = (session_storage(), serde_json::to_string(value)) {
        let _ = s.set_item(full, &json);
    }
}

/// Removes the value under the full key `full`.
pub fn remove(full: &str) {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(full);
    }
}

/// Reads a wizard's value saved by [`store`], if any and still readable.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    read(&wizard_key(key))
}

/// Saves a wizard's value under `key`.
pub fn store<T: Serialize>(key: &str, value: &T) {
    write(&wizard_key(key), value)
}

/// Forgets a wizard's `key` and every key below it (`key:…`).
pub fn forget(key: &str) {
    let Some(s) = session_storage() else { return };
    let full = wizard_key(key);
    let below = format!("{full}:");
    remove_where(&s, |k| *k == full || k.starts_with(&below));
}

/// Removes every key of `s` that `doomed` picks (listed first: removing
/// while walking the keys would skip some).
fn remove_where(s: &web_sys::Storage, doomed: impl Fn(&String) -> bool) {
    let n = s.length().unwrap_or(0);
    let keys: Vec<String> = (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| doomed(k)).collect();
    for k in keys {
        let _ = s.remove_item(&k);
    }
}

/// Who the drafts in `sessionStorage` belong to (the username).
const OWNER: &str = "opgavepakker.bruger";

/// Forgets every draft and wizard state of this tab (an explicit logout:
/// the next person at the screen does not get them): every key this app
/// keeps in `sessionStorage`.
pub fn forget_all() {
    let Some(s) = session_storage() else { return };
    remove_where(&s, |k| k.starts_with(PREFIX) || k.starts_with(DRAFT_PREFIX) || k == OWNER);
}

/// The tab is now `username`'s: drafts left by someone else are forgotten,
/// the user's own (after a session that ran out) are kept.
pub fn keep_for(username: &str) {
    let Some(s) = session_storage() else { return };
    if s.get_item(OWNER).ok().flatten().as_deref() != Some(username) {
        forget_all();
        let _ = s.set_item(OWNER, username);
    }
}

/// A signal kept in `sessionStorage` under the wizard key `key`: starts
/// from the saved value (or `default`) and saves every change.
pub fn stored<T>(key: String, default: T) -> RwSignal<T>
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
{
    let signal = RwSignal::new(load(&key).unwrap_or(default));
    Effect::new(move |_| signal.with(|v| store(&key, v)));
    signal
}
