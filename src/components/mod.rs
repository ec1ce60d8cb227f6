//! Reusable parts in the markup of Det Fælles Designsystem.

pub mod alert;
pub mod header;
pub mod icon;
pub mod loading;
pub mod page;
pub mod table;

pub use alert::{Alert, AlertKind, ErrorAlert};
pub use header::Header;
pub use icon::Icon;
pub use loading::Loading;
pub use page::Page;
pub use table::Table;
