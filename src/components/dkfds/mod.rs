//! Generic parts in the markup of Det Fælles Designsystem (DKFDS), with no
//! knowledge of packages, tasks or borgere: alerts, tables, checkbox and
//! radio groups, a field's error message, a form's error summary, icons,
//! the loading line, the page frame, page counting for pagination and tabs.

pub mod alert;
pub mod choice;
pub mod error_summary;
pub mod field_error;
pub mod icon;
pub mod loading;
pub mod page;
pub mod pagination;
pub mod table;
pub mod tabs;

pub use alert::{Alert, AlertKind, ErrorAlert};
pub use field_error::FieldError;
pub use icon::Icon;
pub use loading::Loading;
pub use page::Page;
pub use table::Table;
pub use tabs::{TabItem, Tabs};
