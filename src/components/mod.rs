//! Reusable parts. [`dkfds`] holds the generic parts of Det Fælles
//! Designsystem (re-exported here, e.g. [`Alert`], [`Page`]); the modules
//! beside it are the app's feature widgets, which know the domain.

pub mod dkfds;

pub mod action_button;
pub mod case_selector;
pub mod confirm_action;
pub mod document_table;
pub mod header;
pub mod no_admin_access;
pub mod not_found;
pub mod patched_rows;
pub mod preview_panel;
pub mod shortcut_help;
pub mod task_history;
pub mod task_type_picker;
pub mod version_conflict;
pub mod version_fields;
pub mod wizard;

pub use action_button::ActionButton;
pub use dkfds::{Alert, AlertKind, ErrorAlert, FieldError, Icon, Loading, Page, TabItem, Table, Tabs};
pub use header::Header;
pub use no_admin_access::NoAdminAccess;
