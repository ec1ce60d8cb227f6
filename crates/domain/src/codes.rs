//! Every error code the API sends, in one place.
//!
//! An error answer is `wire::ApiError { code, message, fields }`: `code` is
//! one of these stable strings, for programs (the app, tests) to match on;
//! `message` is a Danish sentence for the user. A code is never renamed:
//! clients depend on it. The HTTP status of each code is given in brackets.

// ------------------------------------------------------------ any request

/// [401] No valid session: not logged in, or the session has expired.
pub const NOT_LOGGED_IN: &str = "ikke_logget_ind";
/// [401] Wrong username or password.
pub const WRONG_LOGIN: &str = "forkert_login";
/// [403] Logged in, but not allowed (admin only, or no package gives the task).
pub const FORBIDDEN: &str = "ingen_adgang";
/// [403] None of the user's roles gives the right ("Rettighed") the action
/// needs; the message names it.
pub const MISSING_PERMISSION: &str = "mangler_rettighed";
/// [404] What was asked for does not exist; the message says what.
pub const NOT_FOUND: &str = "ikke_fundet";
/// [405] The address exists, but not with this method.
pub const METHOD_NOT_ALLOWED: &str = "metode_ikke_tilladt";
/// [400, 413, 415, 422] The request body is not the JSON expected.
pub const INVALID_JSON: &str = "ugyldig_json";
/// [400] Query parameters that cannot be read or are out of range.
pub const INVALID_REQUEST: &str = "ugyldig_forespoergsel";
/// [429] Too many failed logins for this username or from this address;
/// `Retry-After` says how many seconds to wait (the wait grows with each
/// further failure).
pub const TOO_MANY_LOGINS: &str = "for_mange_loginforsoeg";
/// [503] Too many password checks at once: try again shortly.
pub const LOGIN_BUSY: &str = "login_optaget";
/// [400] A path parameter (an id in the address) that cannot be read.
pub const INVALID_PATH: &str = "ugyldig_adresse";
/// [400] A request header that is missing or cannot be read.
pub const INVALID_HEADER: &str = "ugyldig_header";
/// [429] A user's uploads in the last hour exceed the hourly limit.
pub const UPLOAD_QUOTA: &str = "upload_kvote_opbrugt";
/// [500] Anything the server could not do; details are logged, never sent.
pub const SERVER_ERROR: &str = "serverfejl";
/// [503] The database cannot be reached right now (PostgreSQL restarting,
/// the connection lost); the server reconnects by itself.
pub const DATABASE_UNAVAILABLE: &str = "database_utilgaengelig";

// ------------------------------------------------------ the database's rules

/// [409] A unique name or number is already taken.
pub const ALREADY_EXISTS: &str = "findes_allerede";
/// [409] A record is used elsewhere, or refers to one that does not exist.
pub const IN_USE: &str = "i_brug";
/// [400] A value the database's checks refuse.
pub const INVALID_DATA: &str = "ugyldige_data";

// ------------------------------------------------------- forms and packages

/// [422] A form with invalid fields; `fields` say which and why.
pub const VALIDATION_FAILED: &str = "validering";
/// [400] `?at=` is not a date `YYYY-MM-DD`.
pub const INVALID_DATE: &str = "ugyldig_dato";
/// [428] A package write without `If-Match`.
pub const PRECONDITION_REQUIRED: &str = "mangler_if_match";
/// [400] `If-Match` that does not name a version id.
pub const INVALID_IF_MATCH: &str = "ugyldig_if_match";
/// [409] `POST /api/packages/{key}/versions` when `If-Match` does not name
/// the newest version; the editor then fetches `GET /api/packages/{key}` to
/// show the newer version.
pub const CONFLICT_STALE_VERSION: &str = "foraeldet_version";
/// [409] `DELETE /api/roles/{id}` while a package version or a user has the
/// role; the message names them.
pub const CONFLICT_ROLE_IN_USE: &str = "rolle_i_brug";

// ------------------------------------------------------ borgere and processes

/// [400] Not a valid CPR number.
pub const INVALID_CPR: &str = "ugyldigt_cpr";
/// [400] `?process=` names no process.
pub const UNKNOWN_PROCESS: &str = "ukendt_proces";
/// [400] A task type that cannot be started from the Borgeroverblik.
pub const TASK_TYPE_NOT_ALLOWED: &str = "opgavetype_ikke_tilladt";
/// [409] Starting a process from the Borgeroverblik whose task could never
/// be finished: each of its wizard's choices needs a case, and none of the
/// borger's cases may be chosen; the message gives the reason. Nothing is
/// created.
pub const NO_SELECTABLE_CASE: &str = "ingen_valgbar_sag";
/// [400] An uploaded document that is not PDF/XML, empty, too large or not base64.
pub const INVALID_DOCUMENT: &str = "ugyldigt_dokument";

// ------------------------------------------------------------------ tasks

/// [409] Someone else has taken the task; the message names them.
pub const CONFLICT_TAKEN: &str = "optaget";
/// [409] The task is already closed.
pub const CONFLICT_CLOSED: &str = "afsluttet";
/// [409] Finishing a task the user has not taken.
pub const NOT_TAKEN: &str = "ikke_taget";
/// [410] `GET /api/tasks/snapshot/delta?since=N`: change N is too old or
/// unknown (before a restart or a rebuild); fetch the whole snapshot.
pub const SNAPSHOT_GONE: &str = "snapshot_foraeldet";

// --------------------------------------- finishing a wizard (all 400, nothing changed)

/// The request breaks one of its own rules (amount, dates, text lengths).
pub const INVALID_DECISION: &str = "ugyldig_beslutning";
/// The request belongs to another wizard than the task's.
pub const WRONG_WIZARD: &str = "forkert_guide";
/// The chosen case does not exist.
pub const UNKNOWN_CASE: &str = "ukendt_sag";
/// The chosen case belongs to another borger than the task's.
pub const CASE_OF_OTHER_BORGER: &str = "sag_tilhoerer_anden_borger";
/// The process may not choose this case; the message gives the reason.
pub const CASE_NOT_ALLOWED: &str = "sag_ikke_tilladt";
/// A Fuldmagt came with the post and was not marked verified.
pub const POWER_OF_ATTORNEY_NOT_VERIFIED: &str = "fuldmagt_ikke_verificeret";
/// A document edit names a document that is not the task's.
pub const UNKNOWN_DOCUMENT: &str = "ukendt_dokument";
/// A document category that is not in the catalogue.
pub const UNKNOWN_DOCUMENT_CATEGORY: &str = "ukendt_dokumentkategori";
/// Post without a borger can only be finished with "Ingen handling".
pub const NO_BORGER: &str = "ingen_borger";
/// "Opret opgave" without a task type that may be created.
pub const UNKNOWN_TASK_TYPE: &str = "ukendt_opgavetype";
/// "Tilføj til opgave": the chosen task does not exist.
pub const UNKNOWN_TASK: &str = "ukendt_opgave";
/// "Tilføj til opgave": the chosen task belongs to another borger.
pub const TASK_OF_OTHER_BORGER: &str = "opgave_tilhoerer_anden_borger";
/// "Tilføj til opgave": the chosen task is closed.
pub const TASK_CLOSED: &str = "opgave_afsluttet";
/// A follow-up task type that is not in the catalogue.
pub const UNKNOWN_FOLLOWUP_TYPE: &str = "ukendt_opfoelgningstype";
/// A deadline (frist) before today.
pub const INVALID_DEADLINE: &str = "ugyldig_frist";
/// Opret bevilling: a sagstype nothing can be granted on, or not in the catalogue.
pub const UNKNOWN_CASE_TYPE: &str = "ukendt_sagstype";
/// A benefit (ydelse) that is not one the case's sagstype grants.
pub const UNKNOWN_BENEFIT: &str = "ukendt_ydelse";
/// An administrative unit that is not in the catalogue.
pub const UNKNOWN_UNIT: &str = "ukendt_enhed";
/// Opret bevilling: a pension type missing where the sagstype needs one,
/// given where it does not apply, or not one of the sagstype's.
pub const INVALID_PENSION_TYPE: &str = "ugyldig_pensionstype";
/// A benefit line's period: "til" before "fra", or "fra" before the
/// grant's start date.
pub const INVALID_PERIOD: &str = "ugyldig_periode";
/// Opret bevilling: automatic processing chosen for a sagstype it is not
/// set up for ("Indstillinger for automatisk sagsbehandling").
pub const AUTOMATIC_NOT_SET_UP: &str = "automatisk_ikke_opsat";
/// Behandl eFaktura: the task has no invoice.
pub const NO_INVOICE: &str = "ingen_faktura";

// ------------------------------------------------- intake from source systems

/// [401] Intake without a bearer token, or with one that is unknown or revoked.
pub const INVALID_TOKEN: &str = "ugyldig_noegle";
/// [403] A source system's token used on another kind's endpoint (e.g. an
/// eFaktura credential posting to `/api/intake/selvbetjening`).
pub const WRONG_SOURCE: &str = "forkert_kilde";
/// [422] The CPR number names no borger in Opgavepakker.
pub const UNKNOWN_BORGER: &str = "ukendt_borger";
/// [422] The submission breaks a rule of `domain::intake::check_submission`
/// (message id, sagstype, documents); the message says which.
pub const INVALID_SUBMISSION: &str = "ugyldig_indsendelse";
/// [400] A `multipart/form-data` body that cannot be read, or lacks its JSON part.
pub const INVALID_MULTIPART: &str = "ugyldig_multipart";
/// [413] The request (25 MiB), one part (10 MiB; the JSON part 64 KiB) is
/// too large, or the request has more parts than allowed.
pub const PAYLOAD_TOO_LARGE: &str = "for_stor";
/// [422] The main document itself (hoveddokument, the invoice) is empty,
/// damaged or of an unsupported format; the message says which.
pub const INVALID_ATTACHMENT: &str = "ugyldigt_bilag";
/// [503] Too many intake requests at once: send it again shortly.
pub const INTAKE_BUSY: &str = "for_mange_samtidige";
