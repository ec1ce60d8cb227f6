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
