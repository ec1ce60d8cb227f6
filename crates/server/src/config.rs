//! Command line and environment configuration.
//!
//! Security-relevant flags: `--production`, `--session-idle-minutes`,
//! `--trusted-proxy`, the login throttle and the upload quota (see
//! `docs/security.md`).

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The SQLite file's name in the data folder.
pub const DATABASE_FILE: &str = "opgavepakker.sqlite3";

#[derive(Clone, Debug, Parser)]
#[command(name = "server", about = "Opgavepakker: HTTP API og den statiske app")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "OPGAVEPAKKER_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Folder of the SQLite database (`opgavepakker.sqlite3`).
    #[arg(long, env = "OPGAVEPAKKER_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// A PostgreSQL database instead of the SQLite file
    /// (`postgres://user:password@host:5432/database`): for several server
    /// instances on one database. Not printed or logged.
    #[arg(long, env = "OPGAVEPAKKER_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Folder of the built app (Trunk's `dist`), served with SPA fallback.
    #[arg(long, env = "OPGAVEPAKKER_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Number of demo tasks generated into an empty database.
    #[arg(long, env = "OPGAVEPAKKER_DEMO_TASKS", default_value_t = 20_000)]
    pub demo_tasks: usize,

    /// Seed of the demo data generator.
    #[arg(long, env = "OPGAVEPAKKER_SEED", default_value_t = 42)]
    pub seed: u64,

    /// Delete the database and generate it anew.
    #[arg(long)]
    pub reset: bool,

    /// Mark the session cookie `Secure` (when served over HTTPS).
    #[arg(long, env = "OPGAVEPAKKER_SECURE_COOKIE")]
    pub secure_cookie: bool,

    /// This deployment's municipality: the financing-municipality event
    /// makes a follow-up task only when it names this one.
    #[arg(long, env = "OPGAVEPAKKER_KOMMUNE", default_value = "Demo Kommune")]
    pub kommune: String,

    /// Create demo credentials for the source systems at this start (one
    /// per kind, named "Demo (…)", tokens printed on stdout, the earlier
    /// ones of those names revoked). Without it they are created only when
    /// this start seeded the demo data into an empty database.
    /// `cargo xtask run` passes it.
    #[arg(long, env = "OPGAVEPAKKER_DEMO_CREDENTIALS")]
    pub demo_credentials: bool,

    /// The demo's simulated source system: about this many submissions,
    /// invoices and events a minute through the intake API with the demo
    /// credentials (0 = off, the default; `cargo xtask run` turns it on).
    #[arg(long, env = "OPGAVEPAKKER_SIMULATE_PER_MINUTE", default_value_t = 0)]
    pub simulate_per_minute: u32,

    /// Origins (scheme://host:port) of a static host serving the app
    /// elsewhere, allowed to call the API with the session cookie (CORS).
    /// Comma-separated; empty = same origin only.
    #[arg(long = "cors-origin", env = "OPGAVEPAKKER_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Production: never seed demo users, data or credentials (an empty
    /// database gets one administrator, `admin`, with
    /// `--initial-admin-password`), and refuse to start while any user has
    /// the demo password.
    #[arg(long, env = "OPGAVEPAKKER_PRODUCTION")]
    pub production: bool,

    /// In production, the password of the administrator `admin` created in
    /// an empty database (at least 12 characters).
    #[arg(long, env = "OPGAVEPAKKER_INITIAL_ADMIN_PASSWORD", hide_env_values = true)]
    pub initial_admin_password: Option<String>,

    /// A session ends after this many minutes without a request (beside the
    /// absolute 8 hours).
    #[arg(long, env = "OPGAVEPAKKER_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u32,

    /// Addresses of reverse proxies whose `X-Forwarded-For` names the
    /// client (comma-separated IPs). Empty (the default): the connection's
    /// own address is the client's, and the header is ignored.
    #[arg(long = "trusted-proxy", env = "OPGAVEPAKKER_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Login throttling (counted in the database, so shared by the
    /// instances on it): failed logins per username, and per client
    /// address, before each further attempt must wait.
    #[arg(long, env = "OPGAVEPAKKER_LOGIN_FREE_FAILURES", default_value_t = 5)]
    pub login_free_failures: u32,

    /// Login throttling: the first wait in milliseconds, doubled with each
    /// further failure (at most 15 minutes).
    #[arg(long, env = "OPGAVEPAKKER_LOGIN_DELAY_MS", default_value_t = 1000)]
    pub login_delay_ms: u64,

    /// Uploads (Modtag post): at most this many MiB per user in an hour.
    #[arg(long, env = "OPGAVEPAKKER_UPLOAD_MIB_PER_HOUR", default_value_t = 200)]
    pub upload_mib_per_hour: u64,

    /// Intake (self-service submissions and eFakturaer): at most this many
    /// MiB per source system in an hour.
    #[arg(long, env = "OPGAVEPAKKER_INTAKE_MIB_PER_HOUR", default_value_t = 4096)]
    pub intake_mib_per_hour: u64,
}

impl Config {
    /// A configuration for tests and tools: everything at its default except
    /// the data folder and the demo size.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>, demo_tasks: usize) -> Config {
        let mut c = Config::parse_from(["server"]);
        c.data_dir = data_dir.into();
        c.demo_tasks = demo_tasks;
        c
    }

    /// Whether to create (and print) demo credentials at start: asked for,
    /// or the demo data was seeded in this very start.
    pub fn wants_demo_credentials(&self, seeded_now: bool) -> bool {
        !self.production && (self.demo_credentials || seeded_now)
    }

    /// The idle timeout in seconds.
    pub fn session_idle_seconds(&self) -> i64 {
        i64::from(self.session_idle_minutes.max(1)) * 60
    }

    /// The SQLite file: `<data-dir>/opgavepakker.sqlite3`.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join(DATABASE_FILE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_credentials_only_when_seeded_now_or_asked() {
        let plain = Config::parse_from(["server"]);
        assert!(!plain.wants_demo_credentials(false), "an existing database gets no demo credentials by default");
        assert!(plain.wants_demo_credentials(true));
        let asked = Config::parse_from(["server", "--demo-credentials"]);
        assert!(asked.wants_demo_credentials(false));
        let production = Config::parse_from(["server", "--demo-credentials", "--production"]);
        assert!(!production.wants_demo_credentials(true), "production never makes demo credentials");
    }
}
