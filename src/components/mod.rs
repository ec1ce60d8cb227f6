//! Reusable parts in the markup of Det Fælles Designsystem.

pub mod alert;
pub mod case_selector;
pub mod choice;
pub mod document_table;
pub mod header;
pub mod icon;
pub mod loading;
pub mod page;
pub mod patched_rows;
pub mod preview_panel;
pub mod table;
pub mod task_type_picker;
pub mod wizard;

pub use alert::{Alert, AlertKind, ErrorAlert};
pub use header::Header;
pub use icon::Icon;
pub use loading::Loading;
pub use page::Page;
pub use table::Table;
