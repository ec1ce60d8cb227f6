//! Opgavepakker in the browser: a Leptos single-page app (client-side
//! rendering, built by Trunk) in the markup of Det Fælles Designsystem.
//!
//! Code map:
//! - [`app`]: the router, the layout and the route guard.
//! - [`routes`]: every URL of the app, once.
//! - [`api`]: the one module that speaks HTTP to the API (described by the server's `GET /api/openapi.json`).
//! - [`session`]: who is logged in, shared through context.
//! - [`format`]: Danish presentation of dates and numbers.
//! - [`live`]: live lists, polled with `If-None-Match` while the tab is shown.
//! - [`storage`]: the one `sessionStorage` module (wizard state, the
//!   editor's unsaved draft).
//! - [`shortcuts`]: the keyboard shortcuts and who offers them (help dialog
//!   in `components/shortcut_help.rs`).
//! - [`editor`]: the package editor's form and state apart from its markup.
//! - [`parts`]: the pages behind the login, in the two parts the release
//!   build loads on demand.
//! - [`pages`]: one module per route; [`components`]: reusable parts
//!   (`components/dkfds/` the generic DKFDS parts, the rest feature widgets).
//!
//! Invariants: nothing here writes inline `style` or `<script>` (the server's
//! CSP forbids both); every text a user sees is Danish; an error from the
//! server is shown by its `message`.

pub mod api;
pub mod app;
pub mod components;
pub mod crash;
pub mod editor;
pub mod format;
pub mod live;
pub mod pages;
pub mod parts;
pub mod routes;
pub mod session;
pub mod shortcuts;
pub mod storage;
