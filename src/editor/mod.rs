//! The package editor apart from its markup: [`form`] is the form as typed
//! (parsing, validation messages per [`domain::package::PackageField`], the
//! differences between two drafts), [`state`] the editor's reactive state
//! (edits, touched fields, messages, save, conflict, the draft kept in
//! `sessionStorage`). The page is `pages/package_editor/`.
//! [`parameter`] and [`parameter_state`] are the same two parts for a system
//! parameter's editor (`pages/parameter.rs`); [`save_state`] is what both
//! keep around a save (failure, conflict, error summary).

pub mod form;
pub mod parameter;
pub mod parameter_state;
pub mod save_state;
pub mod state;

pub use form::PackageForm;
pub use state::{Editor, EditorSetup, StoredDraft};
