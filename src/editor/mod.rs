//! The package editor apart from its markup: [`form`] is the form as typed
//! (parsing, validation messages per [`domain::package::PackageField`], the
//! differences between two drafts), [`state`] the editor's reactive state
//! (edits, touched fields, messages, save, conflict, the draft kept in
//! `sessionStorage`). The page is `pages/package_editor/`.

pub mod form;
pub mod state;

pub use form::PackageForm;
pub use state::{Editor, EditorSetup, StoredDraft};
