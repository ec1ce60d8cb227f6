//! Intake: work that arrives by itself from source systems (issue 9; seeds
//! 001 and 002), as pure rules:
//!
//! - [`formats`]: which file formats are accepted, judged by content
//!   ([`sniff`]);
//! - [`submission`]: a self-service submission, its checks
//!   ([`check_submission`]) and its documents' names ([`document_name`]);
//! - [`params`]: the system parameters intake reads ([`SystemParameters`])
//!   and their validation ([`check_value`]);
//! - [`invoice`]: an eFaktura's and an events message's checks
//!   ([`check_invoice`], [`check_events`]) and what an invoice becomes;
//! - [`routing`]: what a submission becomes ([`route`]);
//! - [`events`]: what an event starts ([`on_event`]).
//!
//! The HTTP types are in [`crate::wire::intake`] and
//! [`crate::wire::parameters`].

pub mod events;
pub mod formats;
pub mod invoice;
pub mod params;
pub mod routing;
pub mod submission;

pub use events::{on_event, Event, EventFacts, EventOutcome, FollowUp};
pub use formats::{sniff, AttachmentFault, MAX_INTAKE_BYTES};
pub use invoice::{check_events, check_invoice};
pub use params::{
    check_draft, check_value, MappingRow, ParameterDraft, ParameterKey, ParameterValue, ParameterVersion, Subscription, SystemParameters,
};
pub use routing::{history_text, route, unit_for, BorgerFacts, OngoingTask, Route};
pub use submission::{check_besked_id, check_submission, document_name, DocumentRole, FormType, IncomingDocument, Refusal, SubmissionMeta};
