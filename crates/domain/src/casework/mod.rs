//! Casework: the caseworker's side of `docs/domain.md` ("The case selector",
//! "Wizards"), by concern:
//!
//! - [`process`]: the processes that choose a case, the rule of each
//!   ([`process::case_rule`]), the Sagsvælger's selection and sort order;
//! - [`documents`]: "Formular dokumentkategori mapning", a document's name
//!   and category on a case, the power of attorney, the upload check for
//!   manual post;
//! - [`complete`]: `POST /api/tasks/{id}/complete` ([`complete::CompleteRequest`],
//!   one variant per wizard) and its whole-request check;
//! - [`rules`]: every rule of a wizard once, keyed by field, with its API code
//!   and Danish message; [`wizards`]: the wizards' fields as typed, their
//!   steps and what each step's "Næste" checks.
//!
//! Pure: the server re-checks every rule here before it writes anything, and
//! the browser uses the same functions to show the choices and the messages.
//! The wire types of the task, citizen and audit endpoints are in
//! [`crate::wire`].

pub mod complete;
pub mod documents;
pub mod process;
pub mod rules;
pub mod wizards;
