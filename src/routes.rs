//! The app's URLs, defined once: the router matches on the segments and
//! links use the paths.

/// `/logind`
pub const LOGIN_SEGMENT: &str = "logind";
/// `/systemadministration`
pub const ADMIN_SEGMENT: &str = "systemadministration";
/// `/mine-opgavepakker`
pub const MY_PACKAGES_SEGMENT: &str = "mine-opgavepakker";

pub const HOME: &str = "/";
pub const LOGIN: &str = "/logind";
pub const ADMIN: &str = "/systemadministration";
pub const MY_PACKAGES: &str = "/mine-opgavepakker";

/// Query parameter of [`ADMIN`]: the chosen "gyldighedstidspunkt" (ISO date).
pub const AT_PARAM: &str = "tidspunkt";

/// Where a user lands after logging in, and what `/` redirects to.
pub fn start_page(admin: bool) -> &'static str {
    if admin {
        ADMIN
    } else {
        MY_PACKAGES
    }
}

/// `/systemadministration?tidspunkt=YYYY-MM-DD`
pub fn admin_at(iso_date: &str) -> String {
    format!("{ADMIN}?{AT_PARAM}={iso_date}")
}

// ---- Package editor, history and role administration ---------------------

/// `/systemadministration/opgavepakke/…`
pub const PACKAGE_SEGMENT: &str = "opgavepakke";
/// `/systemadministration/opgavepakke/ny`
pub const NEW_SEGMENT: &str = "ny";
/// `/systemadministration/opgavepakke/{key}/historik`
pub const HISTORY_SEGMENT: &str = "historik";
/// `/systemadministration/roller`
pub const ROLES_SEGMENT: &str = "roller";
/// Route parameter holding a package's key.
pub const KEY_PARAM: &str = "noegle";

pub const PACKAGE_NEW: &str = "/systemadministration/opgavepakke/ny";
pub const ROLES: &str = "/systemadministration/roller";
/// `/systemadministration/brugere`: users and their roles.
pub const USERS_SEGMENT: &str = "brugere";
pub const USERS: &str = "/systemadministration/brugere";
/// Query parameter of [`PACKAGE_NEW`]: the template to start from.
pub const TEMPLATE_PARAM: &str = "skabelon";
/// Query parameter of the history page: the version just saved.
pub const SAVED_PARAM: &str = "gemt";
/// Query parameter of [`ROLES`]: the editor URL to go back to.
pub const FROM_PARAM: &str = "fra";

/// `/systemadministration/opgavepakke/ny?skabelon=ID`
pub fn package_new_from(template_id: &str) -> String {
    format!("{PACKAGE_NEW}?{TEMPLATE_PARAM}={}", encode(template_id))
}

/// `/systemadministration/opgavepakke/{key}`: a new version of a package.
pub fn package_edit(key: &str) -> String {
    format!("{ADMIN}/{PACKAGE_SEGMENT}/{}", encode(key))
}

/// `/systemadministration/opgavepakke/{key}/historik`
pub fn package_history(key: &str) -> String {
    format!("{ADMIN}/{PACKAGE_SEGMENT}/{}/{HISTORY_SEGMENT}", encode(key))
}

/// The history page after a save, with its success message.
pub fn package_history_saved(key: &str, version: i64) -> String {
    format!("{}?{SAVED_PARAM}={version}", package_history(key))
}

/// Role administration, opened from the editor at `editor_url`.
pub fn roles_from(editor_url: &str) -> String {
    format!("{ROLES}?{FROM_PARAM}={}", encode(editor_url))
}

/// Only an editor URL of this app may be the target of "Tilbage til
/// opgavepakken" (no open redirect).
pub fn is_editor_url(url: &str) -> bool {
    let prefix = format!("{ADMIN}/{PACKAGE_SEGMENT}/");
    url.starts_with(&prefix) && !url.contains("//") && !url.contains('\\')
}

/// Percent-encodes a URL component (keys and paths are ASCII in practice).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

// ---- System parameters and source-system credentials --------------------

/// `/systemadministration/parameter/{noegle}`: one system parameter's
/// versions and editor; `{noegle}` is the key's wire name
/// (`domain::intake::ParameterKey`, e.g. `automatisk_sagsbehandling`).
pub const PARAMETER_SEGMENT: &str = "parameter";
/// `/systemadministration/kildesystemer`
pub const CREDENTIALS_SEGMENT: &str = "kildesystemer";
pub const CREDENTIALS: &str = "/systemadministration/kildesystemer";

/// `/systemadministration/parameter/{noegle}`
pub fn parameter(key: domain::intake::ParameterKey) -> String {
    format!("{ADMIN}/{PARAMETER_SEGMENT}/{}", key.name())
}

/// `/systemadministration/parameter/{noegle}?tidspunkt=YYYY-MM-DD`: with
/// the version valid on that day marked.
pub fn parameter_at(key: domain::intake::ParameterKey, iso_date: &str) -> String {
    format!("{}?{AT_PARAM}={iso_date}", parameter(key))
}

/// The parameter page after a save, with its success message.
pub fn parameter_saved(key: domain::intake::ParameterKey, version: i64) -> String {
    format!("{}?{SAVED_PARAM}={version}", parameter(key))
}

/// The key named by a `{noegle}` segment, if it names one.
pub fn parameter_key(segment: &str) -> Option<domain::intake::ParameterKey> {
    domain::intake::ParameterKey::from_name(segment)
}

// ---- Casework: package task lists, tasks, Borgeroverblik, audit ----------
// A borger is named in URLs by database id only, never by CPR number.

/// `/opgave/{id}`
pub const TASK_SEGMENT: &str = "opgave";
/// `/borger`, `/borger/{id}`
pub const CITIZEN_SEGMENT: &str = "borger";
/// `/systemadministration/log`
pub const AUDIT_SEGMENT: &str = "log";
/// Route parameter holding a database id.
pub const ID_PARAM: &str = "id";

/// The numeric [`ID_PARAM`] of the current route (`/borger/{id}…`,
/// `/opgave/{id}`); `None` when it is not a number.
pub fn use_id_param() -> leptos::prelude::Memo<Option<i64>> {
    use leptos::prelude::{Memo, With};
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.with(|p| p.get(ID_PARAM)).and_then(|s| s.parse().ok()))
}
/// Route parameter of `/borger/{id}/{proces}`: which process to start.
pub const PROCESS_PARAM: &str = "proces";
/// Query parameters of a package's task list: page and sort.
pub const PAGE_PARAM: &str = "side";
pub const SORT_PARAM: &str = "sortering";
/// Query parameter of a task's URL: the package it was opened from.
pub const PACKAGE_PARAM: &str = "pakke";

pub const CITIZEN_SEARCH: &str = "/borger";
pub const AUDIT: &str = "/systemadministration/log";

/// `/mine-opgavepakker/{key}`: a package's task list.
pub fn package_tasks(key: &str) -> String {
    format!("{MY_PACKAGES}/{}", encode(key))
}

/// `/mine-opgavepakker/{key}?side=N&sortering=S`
pub fn package_tasks_at(key: &str, page: u32, sort: &str) -> String {
    format!("{}?{PAGE_PARAM}={page}&{SORT_PARAM}={}", package_tasks(key), encode(sort))
}

/// `/opgave/{id}`: a task in its wizard.
pub fn task(id: i64) -> String {
    format!("/{TASK_SEGMENT}/{id}")
}

/// `/opgave/{id}?pakke=KEY`: a task opened from a package's list.
pub fn task_from_package(id: i64, key: &str) -> String {
    format!("{}?{PACKAGE_PARAM}={}", task(id), encode(key))
}

/// `/borger/{id}`: Borgeroverblik.
pub fn citizen(id: i64) -> String {
    format!("{CITIZEN_SEARCH}/{id}")
}

/// `/borger/{id}/{proces}`: a process started from "Handlinger", e.g.
/// `modtag-post`.
pub fn citizen_process(id: i64, process: &str) -> String {
    format!("{CITIZEN_SEARCH}/{id}/{process}")
}

// ---- Casework processes: the slugs of `/borger/{id}/{proces}` and the ----
// ---- values of a task's `?handling=` (the case-task wizard's preset) ------

/// A process of the Borgeroverblik's "Handlinger" menu, named in the URL
/// `/borger/{id}/{slug}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CitizenProcess {
    OpretTraek,
    StopSag,
    OpretOpfoelgningsopgave,
    TilfoejYdelse,
    ModtagPost,
}

impl CitizenProcess {
    /// In the menu's order.
    pub const ALL: [CitizenProcess; 5] = [
        CitizenProcess::OpretTraek,
        CitizenProcess::StopSag,
        CitizenProcess::OpretOpfoelgningsopgave,
        CitizenProcess::TilfoejYdelse,
        CitizenProcess::ModtagPost,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            CitizenProcess::OpretTraek => "opret-traek",
            CitizenProcess::StopSag => "stop-sag",
            CitizenProcess::OpretOpfoelgningsopgave => "opret-opfoelgningsopgave",
            CitizenProcess::TilfoejYdelse => "tilfoej-ydelse",
            CitizenProcess::ModtagPost => "modtag-post",
        }
    }

    pub fn from_slug(slug: &str) -> Option<CitizenProcess> {
        CitizenProcess::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// The right a user needs to start it.
    pub fn permission(self) -> domain::model::Permission {
        use domain::model::Permission;
        match self {
            CitizenProcess::OpretTraek => Permission::OpretTraek,
            CitizenProcess::StopSag => Permission::StopSag,
            CitizenProcess::OpretOpfoelgningsopgave => Permission::OpretOpfoelgningsopgave,
            CitizenProcess::TilfoejYdelse => Permission::TilfoejYdelse,
            CitizenProcess::ModtagPost => Permission::ModtagPost,
        }
    }

    /// The menu's label: the process's own name.
    pub fn label(self) -> &'static str {
        use domain::casework::complete::Wizard;
        use domain::casework::process::Process;
        match self {
            CitizenProcess::OpretTraek => Process::OpretTraek.label(),
            CitizenProcess::StopSag => Process::StopSag.label(),
            CitizenProcess::OpretOpfoelgningsopgave => Process::OpretOpfoelgningsopgave.label(),
            CitizenProcess::TilfoejYdelse => Process::TilfoejYdelse.label(),
            CitizenProcess::ModtagPost => Wizard::ModtagPost.label(),
        }
    }
}

/// Query parameter of `/opgave/{id}` that preselects the case-task
/// wizard's "Vælg handling" (`?handling=opfoelgning`), used when a process
/// is started from "Handlinger".
pub const ACTION_PARAM: &str = "handling";

/// The value of [`ACTION_PARAM`] for a choice; also the choice's radio value.
pub fn action_value(choice: domain::casework::wizards::CaseChoice) -> &'static str {
    use domain::casework::wizards::CaseChoice;
    match choice {
        CaseChoice::OpretTraek => CitizenProcess::OpretTraek.slug(),
        CaseChoice::StopSag => CitizenProcess::StopSag.slug(),
        CaseChoice::Afslut => "afslut",
        CaseChoice::Opfoelgning => "opfoelgning",
    }
}

/// `/opgave/{id}?handling=…`: a task with its wizard's action preselected.
pub fn task_with_action(id: i64, choice: domain::casework::wizards::CaseChoice) -> String {
    format!("{}?{ACTION_PARAM}={}", task(id), action_value(choice))
}
