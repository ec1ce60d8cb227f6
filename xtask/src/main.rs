//! `cargo xtask <setup|run|test|bench|dist>`: the one entry point for
//! installing tools, building, running, testing and benchmarking.
//! Everything it installs comes from the package registries (crates.io,
//! npm, Debian) and only when missing.

mod html;
mod size;
mod split;

use std::env;
use std::ffi::OsString;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

type Result<T = ()> = std::result::Result<T, String>;

const TRUNK_VERSION: &str = "0.21.14";
const TWIGGY_VERSION: &str = "0.8.0";
const WASM_SPLIT_VERSION: &str = "0.2.4";
/// What the release wasm adds to the flags of `.cargo/config.toml` (cargo
/// passes both): the cfg under which the app's parts become split points
/// (`src/parts.rs`), and the relocations wasm-split reads.
const RELEASE_WASM_RUSTFLAGS: &str = "--cfg opgavepakker_split -Clink-args=--emit-relocs";
const USAGE: &str = "usage: cargo xtask <setup|run|test|bench|dist> [args]
  setup   install what is missing (wasm32 target, trunk, wasm-bindgen-cli, wasm-split-cli, chromium, npm packages)
  run     setup, build the app in release, start the server on http://127.0.0.1:8080 with demo data
          (extra args go to the server, e.g. `cargo xtask run -- --demo-tasks 100000 --reset`)
  test    all tests: fmt and clippy, cargo tests, filter and rule cases in headless Chromium, Playwright e2e against the real server
  bench   release sizes (raw, gzip, brotli) and what the wasm is made of, filter benchmarks with ratios
          against baselines, load, edit-to-paint, Lighthouse; one part alone: `bench size`, `bench filter`
          (in Chromium), `bench paint` (edit-to-paint), `bench lighthouse` or `bench scale` (SQLite vs
          1 and 3 PostgreSQL instances, catch-up)
  dist    build the static site into dist/ (with .br and .gz siblings for the server)
  contract  schemathesis (PyPI, a venv in target/) against a fresh server, every check, bounded;
          not yet part of `test`: the OpenAPI document does not pass it yet";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]).iter().filter(|a| *a != "--").cloned().collect::<Vec<_>>();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup(Need::All),
        Some("run") => run(&rest),
        Some("test") => test(),
        Some("bench") => bench(rest.first().map(String::as_str)),
        Some("dist") => setup(Need::Build).and_then(|()| dist()),
        Some("contract") => contract(),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn step(what: &str) {
    eprintln!("\n==> {what}");
}

/// Runs a command in the workspace root; fails on a non-zero exit.
fn sh(cmd: &mut Command) -> Result {
    let shown = shown(cmd);
    let status = cmd.current_dir_if_unset(&root()).status().map_err(|e| format!("{shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

/// A command as its messages show it: the program and its arguments, not
/// its environment (the contract step passes throwaway tokens there) and
/// not a cookie given as an argument.
fn shown(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| {
            let a = a.to_string_lossy();
            if a.to_ascii_lowercase().starts_with("cookie:") {
                "Cookie: …".to_owned()
            } else {
                a.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

trait CurrentDir {
    fn current_dir_if_unset(&mut self, dir: &Path) -> &mut Self;
}
impl CurrentDir for Command {
    fn current_dir_if_unset(&mut self, dir: &Path) -> &mut Self {
        if self.get_current_dir().is_none() {
            self.current_dir(dir);
        }
        self
    }
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// PATH with the project's npm tools (wasm-opt 132) and cargo's bin first.
fn tool_path() -> OsString {
    let mut dirs = vec![root().join("node_modules/.bin")];
    if let Some(home) =
        env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(dirs).expect("valid PATH")
}

/// The cargo target directory, as `cargo metadata` names it.
fn target_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        output(cargo().args(["metadata", "--no-deps", "--format-version", "1"]).current_dir(root()))
            .and_then(|json| target_directory(&json))
            .unwrap_or_else(|| root().join("target"))
    })
    .clone()
}

/// `target_directory` from `cargo metadata`'s JSON (wherever cargo puts
/// its builds: `CARGO_TARGET_DIR`, `build.target-dir` or `target/`).
fn target_directory(json: &str) -> Option<PathBuf> {
    let key = "\"target_directory\":\"";
    let rest = &json[json.find(key)? + key.len()..];
    let mut dir = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(PathBuf::from(dir)),
            '\\' => dir.push(chars.next()?),
            c => dir.push(c),
        }
    }
    None
}

/// Whether `bin --version` runs (with the project's PATH) and names `want`.
fn has_tool(bin: &str, want: &str) -> bool {
    output(Command::new(bin).arg("--version").env("PATH", tool_path())).is_some_and(|v| v.contains(want))
}

fn wasm_bindgen_version() -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen not found in Cargo.lock".into())
}

#[derive(PartialEq, Clone, Copy)]
enum Need {
    /// What building and running the app needs.
    Build,
    /// Also what the tests need: Chromium, its driver, Playwright.
    All,
}

/// The build tools are installed with light optimisation, no fat LTO and
/// no debug info: on a fresh machine with two cores their install is most
/// of a cold start, and their own run time is seconds either way.
const QUICK_INSTALL: &[&str] = &[
    "--config",
    "profile.release.lto=false",
    "--config",
    "profile.release.opt-level=1",
    "--config",
    "profile.release.codegen-units=16",
    "--config",
    "profile.release.debug=false",
];

fn setup(need: Need) -> Result {
    step("setup: checking tools (installing only what is missing)");
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    if !has_tool("trunk", TRUNK_VERSION) {
        sh(cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]).args(QUICK_INSTALL))?;
    }
    let installed = output(cargo().args(["install", "--list"])).unwrap_or_default();
    if !installed.contains(&format!("wasm_split_cli_support v{WASM_SPLIT_VERSION}:")) {
        sh(cargo()
            .args(["install", "--locked", "wasm_split_cli_support", "--features", "build-binary", "--version", WASM_SPLIT_VERSION])
            .args(QUICK_INSTALL))?;
    }
    let wb = wasm_bindgen_version()?;
    if !has_tool("wasm-bindgen", &wb) {
        // Not --locked: with it the build fails on a yanked dependency.
        sh(cargo().args(["install", "wasm-bindgen-cli", "--version", &wb]).args(QUICK_INSTALL))?;
    }
    let mut apt: Vec<&str> = Vec::new();
    // `dist` writes the .br siblings with it.
    if output(Command::new("brotli").arg("--version")).is_none() {
        apt.push("brotli");
    }
    if need == Need::All {
        if !Path::new("/usr/bin/chromium").exists() {
            apt.push("chromium");
        }
        if !Path::new("/usr/bin/chromedriver").exists() {
            apt.push("chromium-driver");
        }
        if pg_bin().is_none() {
            apt.push("postgresql");
        }
        // The contract test's schemathesis goes into a venv (PyPI).
        if output(Command::new("python3").args(["-c", "import ensurepip, venv"])).is_none() {
            apt.push("python3-venv");
        }
    }
    if !apt.is_empty() {
        let sudo = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() != "0");
        let apt_get = |args: &[&str]| {
            let mut c = if sudo { Command::new("sudo") } else { Command::new("apt-get") };
            if sudo {
                c.arg("apt-get");
            }
            c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            c
        };
        sh(&mut apt_get(&["update", "-qq"]))?;
        let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
        args.extend(&apt);
        sh(&mut apt_get(&args))?;
    }
    npm_ci(&root(), "binaryen/package.json")?;
    npm_ci(&root(), "dkfds/package.json")?;
    if need == Need::All {
        npm_ci(&root().join("tests/e2e"), "@axe-core/playwright/package.json")?;
    }
    Ok(())
}

/// `npm ci` in `dir` unless `node_modules/<marker>` is there.
fn npm_ci(dir: &Path, marker: &str) -> Result {
    if dir.join("node_modules").join(marker).exists() {
        return Ok(());
    }
    sh(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir).env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

/// Builds the static site into `dist/`: Trunk in release with the pinned
/// tools, offline, then moves Trunk's inline loader into a file so the
/// Content-Security-Policy needs no inline script, and writes the
/// precompressed siblings the server sends.
fn dist() -> Result {
    // Either would replace every configured flag, and the split would be
    // built without its cfg and relocations.
    for var in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"] {
        if env::var_os(var).is_some() {
            return Err(format!("dist: unset {var}; the release wasm takes its flags from .cargo/config.toml and the xtask"));
        }
    }
    step("dist: trunk build --release");
    sh(Command::new("trunk")
        .args(["build", "--release"])
        .env("PATH", tool_path())
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", RELEASE_WASM_RUSTFLAGS))?;
    let dist = root().join("dist");
    let index = dist.join("index.html");
    let page = fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    step("dist: wasm-split, wasm-bindgen and wasm-opt of the main module and its parts");
    let page = split_wasm(&dist, &page)?;
    let (page, scripts) = html::externalize_inline_scripts(&page)?;
    for (name, body) in scripts {
        fs::write(dist.join(name), body).map_err(|e| e.to_string())?;
    }
    fs::write(&index, page).map_err(|e| e.to_string())?;
    precompress(&dist)
}

/// Cuts the release wasm at the app's split points (`src/parts.rs`) and puts
/// the result where Trunk's single wasm and its JavaScript were: a directory
/// `dist/wasm-<hash>/` named by a hash over all its files, which refer to
/// each other by relative names. Returns `page` pointed at it.
fn split_wasm(dist: &Path, page: &str) -> Result<String> {
    let names = file_names(dist)?;
    let stem = split::trunk_stem(names.iter().map(String::as_str)).ok_or("dist: Trunk wrote no opgavepakker-<hash>_bg.wasm")?.to_owned();
    let work = target_dir().join("wasm-split");
    let _ = fs::remove_dir_all(&work);
    let (cut, bindgen) = (work.join("cut"), work.join("bindgen"));
    // Staged in dist/ (emptied by Trunk), then renamed to its hash there.
    let out = dist.join("split-staging");
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let path = tool_path();
    let built = target_dir().join("wasm32-unknown-unknown/release/opgavepakker.wasm");
    sh(Command::new("wasm-split-cli").args(["--out-name", "opgavepakker"]).arg(&built).arg(&cut).env("PATH", &path))?;
    sh(Command::new("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript", "--out-name", "opgavepakker", "--out-dir"])
        .arg(&bindgen)
        .arg(cut.join("opgavepakker.wasm"))
        .env("PATH", &path))?;
    if bindgen.join("snippets").exists() {
        return Err("dist: wasm-bindgen wrote snippets/ (a dependency's inline_js), which split_wasm does not yet copy".into());
    }
    let mut modules = vec![(bindgen.join("opgavepakker_bg.wasm"), "opgavepakker_bg.wasm".to_owned())];
    for name in file_names(&cut)? {
        if name.ends_with(".wasm") && name != "opgavepakker.wasm" {
            modules.push((cut.join(&name), name));
        }
    }
    for (from, name) in &modules {
        sh(Command::new("wasm-opt").arg("-Oz").arg(from).arg("-o").arg(out.join(name)).env("PATH", &path))?;
    }
    for from in [bindgen.join("opgavepakker.js"), cut.join("__wasm_split.js")] {
        let to = out.join(from.file_name().unwrap_or_default());
        fs::copy(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    let mut all = Vec::new();
    for name in file_names(&out)? {
        all.extend_from_slice(name.as_bytes());
        all.extend(fs::read(out.join(&name)).map_err(|e| format!("{name}: {e}"))?);
    }
    let dir = format!("wasm-{:016x}", html::fnv1a(&all));
    fs::rename(&out, dist.join(&dir)).map_err(|e| format!("{}: {e}", out.display()))?;
    for gone in [format!("{stem}.js"), format!("{stem}_bg.wasm")] {
        fs::remove_file(dist.join(&gone)).map_err(|e| format!("{gone}: {e}"))?;
    }
    split::point_page_at(page, &stem, &dir)
}

/// The names of the files in `dir`, sorted.
fn file_names(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.path().is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Writes a `.br` (brotli 11) and a `.gz` (gzip 9) beside every text and
/// wasm file under `dir`, for the server to send as they are
/// (`crates/server/src/http/static_app.rs`). `config.json` is left out: it
/// is edited after the build.
fn precompress(dir: &Path) -> Result {
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let p = entry.map_err(|e| e.to_string())?.path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            let text = matches!(p.extension().and_then(|e| e.to_str()), Some("html" | "js" | "css" | "wasm" | "svg" | "json"));
            if text && p.file_name().is_some_and(|n| n != "config.json") {
                sh(Command::new("brotli").args(["-q", "11", "-f", "-k"]).arg(&p))?;
                sh(Command::new("gzip").args(["-9", "-n", "-f", "-k"]).arg(&p))?;
            }
        }
    }
    Ok(())
}

fn run(server_args: &[String]) -> Result {
    setup(Need::Build)?;
    dist()?;
    step("run: starting the server (Ctrl-C stops it)");
    // The living demo: a simulated source system posts through the intake
    // API with demo credentials made at each start (extra args may set
    // another rate, 0 = off).
    let mut args = vec![
        "run",
        "--package",
        "server",
        "--profile",
        "server",
        "--",
        "--static-dir",
        "dist",
        "--simulate-per-minute",
        "6",
        "--demo-credentials",
    ];
    args.extend(server_args.iter().map(String::as_str));
    sh(cargo().args(args))
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// The bin directory of Debian's `postgresql` (`/usr/lib/postgresql/N/bin`),
/// the newest if several.
fn pg_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// A throwaway PostgreSQL cluster in a temporary directory on a free port,
/// trusting local connections; stopped and deleted when dropped (also when
/// a test failed). As root it runs as the `postgres` user the package made
/// (initdb refuses root).
struct PgCluster {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    url: String,
}

impl PgCluster {
    fn start() -> Result<PgCluster> {
        let bin = pg_bin().ok_or("PostgreSQL is not installed (cargo xtask setup installs it)")?;
        let as_postgres = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
        let dir = env::temp_dir().join(format!("opgavepakker-pg-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let port = free_port()?;
        let cluster = PgCluster { url: format!("postgres://postgres@127.0.0.1:{port}/postgres"), dir, bin, as_postgres };
        if as_postgres {
            sh(Command::new("chown").arg("postgres:").arg(&cluster.dir))?;
        }
        let data = cluster.dir.join("data");
        sh(cluster.pg("initdb").arg("-D").arg(&data).args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]))?;
        sh(cluster
            .pg("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-o", &cluster.options(), "-w", "-l"])
            .arg(cluster.dir.join("log"))
            .arg("start"))?;
        Ok(cluster)
    }

    /// The server's options: its port and socket folder, no fsync (a
    /// throwaway cluster), connections enough for parallel tests.
    fn options(&self) -> String {
        let port = self.url.rsplit(':').next().and_then(|p| p.split('/').next()).unwrap_or_default();
        format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", self.dir.display())
    }

    /// `pg_ctl` on this cluster as a shell command line, to which a test
    /// appends `stop …` or `start …` (the restart fault test).
    fn ctl_command(&self) -> String {
        let pg_ctl = self.bin.join("pg_ctl");
        let run_as = if self.as_postgres { "runuser -u postgres -- " } else { "" };
        format!(
            "{run_as}'{}' -D '{}' -o '{}' -l '{}'",
            pg_ctl.display(),
            self.dir.join("data").display(),
            self.options(),
            self.dir.join("log").display()
        )
    }

    fn pg(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        let mut c = if self.as_postgres { Command::new("runuser") } else { Command::new(&program) };
        if self.as_postgres {
            c.args(["-u", "postgres", "--"]).arg(&program);
        }
        c.current_dir(&self.dir);
        c
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self.pg("pg_ctl").arg("-D").arg(self.dir.join("data")).args(["-m", "immediate", "-w", "stop"]).status();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The server's test binaries that run on both backends (step 2b runs them
/// again on PostgreSQL; `pg_schema` and `instances` only say "skipped" on
/// SQLite; `faults` runs its SQLite variant again). `migrations` is
/// SQLite's own: its migration history.
const PG_TESTS: [&str; 12] = [
    "api",
    "casework",
    "intake",
    "packages_write",
    "permissions",
    "abuse",
    "role_matrix",
    "static_files",
    "pg_schema",
    "instances",
    "pg_restart",
    "faults",
];

/// A server process that is killed when dropped.
struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server(data_dir: &Path, demo_tasks: usize, profile: &str, extra: &[&str]) -> Result<(Server, String)> {
    let port = free_port()?;
    let addr = format!("127.0.0.1:{port}");
    sh(cargo().args(["build", "--package", "server", "--profile", profile]))?;
    let dir = if profile == "dev" { "debug" } else { profile };
    let bin = target_dir().join(dir).join("server");
    let child = Command::new(bin)
        .args(["--addr", &addr, "--static-dir", "dist", "--demo-tasks", &demo_tasks.to_string()])
        .args(extra)
        .arg("--data-dir")
        .arg(data_dir)
        .current_dir(root())
        .spawn()
        .map_err(|e| format!("server: {e}"))?;
    let server = Server(child);
    let url = format!("http://{addr}");
    // Generating a large demo database takes a while on two cores.
    let deadline = Instant::now() + Duration::from_secs(600);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(&addr).is_ok() {
            return Ok((server, url));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err("the server did not start listening within 600 s".into())
}

fn test() -> Result {
    setup(Need::All)?;
    let started = Instant::now();
    step("test 1/7: formatting and lints (cargo fmt --check; clippy -D warnings on the host crates and on the app for wasm32)");
    lint()?;
    step("test 2/7: cargo tests on the host (domain, server API against fresh SQLite files, xtask)");
    sh(cargo().args(["test", "--package", "domain", "--package", "server", "--package", "xtask"]))?;
    {
        let pg = PgCluster::start()?;
        step("test 2b/7: the server's API tests and the PostgreSQL schema again, on a throwaway PostgreSQL cluster (the same test binaries, a database per test)");
        let mut c = cargo();
        c.args(["test", "--package", "server"]);
        for t in PG_TESTS {
            c.args(["--test", t]);
        }
        sh(c.env("OPGAVEPAKKER_TEST_DATABASE_URL", &pg.url).env("OPGAVEPAKKER_TEST_PG_CTL", pg.ctl_command()))?;
    }
    step("test 2c/7: the API contract: schemathesis against a fresh server, every check, seed 1");
    contract()?;
    let path = tool_path();
    step("test 3/7: the same filter cases in headless Chromium (wasm32)");
    sh(cargo()
        .args(["test", "--target", "wasm32-unknown-unknown", "--package", "domain"])
        .env("PATH", &path)
        .env("CHROMEDRIVER", "/usr/bin/chromedriver"))?;
    step("test 4/7: release build of the static site");
    dist()?;
    step("test 5/7: the app's web tests in headless Chromium, against the real server (WASM preview = server preview)");
    let data = env::temp_dir().join(format!("opgavepakker-test-{}", std::process::id()));
    let runner_port = free_port()?;
    let runner_origin = format!("http://127.0.0.1:{runner_port}");
    let (server, url) = start_server(&data, 3000, "dev", &["--reset", "--cors-origin", &runner_origin])?;
    let wasm_test = |extra: &[&str]| {
        sh(cargo()
            .args(["test", "--target", "wasm32-unknown-unknown", "--package", "opgavepakker"])
            .args(extra)
            .env("PATH", &path)
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env("OPGAVEPAKKER_TEST_API", &url)
            .env("WASM_BINDGEN_TEST_ADDRESS", format!("127.0.0.1:{runner_port}")))
    };
    // The web tests, then the ignored agreement test that needs the server
    // (the ignored benchmarks are left to `cargo xtask bench`).
    let result = wasm_test(&[]).and_then(|()| wasm_test(&["--test", "agreement", "--", "--include-ignored"])).and_then(|()| {
        step("test 6/7: Playwright e2e against the real server and a fresh demo database");
        sh(&mut playwright(None, &url))
    });
    drop(server);
    let _ = fs::remove_dir_all(&data);
    result?;
    step("test 7/7: two instances on a throwaway PostgreSQL cluster: what arrives at one reaches the pages of the other, in Chromium (Playwright)");
    instances_e2e()?;
    eprintln!("\nall tests passed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Playwright in `tests/e2e` with `config` (its default without), against
/// the server at `base_url`, never downloading a browser.
fn playwright(config: Option<&str>, base_url: &str) -> Command {
    let mut c = Command::new("npx");
    c.args(["playwright", "test"]);
    if let Some(config) = config {
        c.args(["--config", config]);
    }
    c.current_dir(root().join("tests/e2e")).env("BASE_URL", base_url).env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    c
}

/// Step 7: instances A (which seeds the demo data) and B on one throwaway
/// PostgreSQL cluster, the release site served by both; the browser on B,
/// the work sent to A (`tests/e2e/instances.multi.ts`).
fn instances_e2e() -> Result {
    let pg = PgCluster::start()?;
    let scratch = env::temp_dir().join(format!("opgavepakker-instances-{}", std::process::id()));
    let (a, url_a) = start_server(&scratch, 3000, "dev", &["--database-url", &pg.url, "--reset"])?;
    let (b, url_b) = start_server(&scratch, 3000, "dev", &["--database-url", &pg.url])?;
    let result = sh(playwright(Some("playwright.instances.config.ts"), &url_b).env("BASE_URL_A", &url_a));
    drop((a, b));
    drop(pg);
    let _ = fs::remove_dir_all(&scratch);
    result
}

/// `cargo fmt --check`, then clippy with `-D warnings` over every target of
/// the host crates and of the app on wasm32 (the only target it builds for).
fn lint() -> Result {
    sh(cargo().args(["fmt", "--all", "--check"]))?;
    let clippy = |target: &[&str], packages: &[&str]| {
        sh(cargo().arg("clippy").args(target).args(packages).args(["--all-targets", "--", "-D", "warnings"]).env("PATH", tool_path()))
    };
    clippy(&[], &["--package", "domain", "--package", "server", "--package", "xtask"])?;
    clippy(&["--target", "wasm32-unknown-unknown"], &["--package", "opgavepakker", "--package", "domain"])
}

/// Item 4 of the scale issue: one SQLite instance (the load bench's
/// database in `target/bench-data`), one and then three instances on one
/// throwaway PostgreSQL cluster seeded with the same 1,000,000 demo tasks,
/// the task page under the same load on each, in one run; then what it
/// costs an instance to catch up after 10,000 writes elsewhere.
fn scale_bench() -> Result {
    let data = root().join("target/bench-data");
    let extra: &[&str] = if data.join("opgavepakker.sqlite3").exists() { &[] } else { &["--reset"] };
    let (sqlite, sqlite_url) = start_server(&data, 1_000_000, "server", extra)?;
    let pg = PgCluster::start()?;
    let scratch = env::temp_dir().join(format!("opgavepakker-scale-{}", std::process::id()));
    let seeded = Instant::now();
    let (first, first_url) = start_server(&scratch, 1_000_000, "server", &["--database-url", &pg.url, "--reset"])?;
    println!("PostgreSQL seeded with 1,000,000 demo tasks in {:.0} s", seeded.elapsed().as_secs_f64());
    let (second, second_url) = start_server(&scratch, 1_000_000, "server", &["--database-url", &pg.url])?;
    let (third, third_url) = start_server(&scratch, 1_000_000, "server", &["--database-url", &pg.url])?;
    let bins = target_dir().join("server");
    let pgs = format!("{first_url},{second_url},{third_url}");
    let result = sh(Command::new(bins.join("load-bench")).args(["--scale", &sqlite_url, &pgs, "ydelse"]));
    drop((sqlite, first, second, third));
    result?;
    println!();
    sh(Command::new(bins.join("catchup-bench")).arg(&pg.url))?;
    drop(pg);
    let _ = fs::remove_dir_all(&scratch);
    Ok(())
}

fn compressed_size(tool: &str, args: &[&str], file: &Path) -> Option<usize> {
    let out = Command::new(tool).args(args).arg(file).stderr(Stdio::null()).output().ok()?;
    out.status.success().then_some(out.stdout.len())
}

fn bench(part: Option<&str>) -> Result {
    match part {
        Some("size") => {
            setup(Need::Build)?;
            dist()?;
            step("bench size: release build sizes (bytes) and what the wasm is made of");
            return sizes();
        }
        Some("lighthouse") => {
            setup(Need::All)?;
            dist()?;
            step("bench lighthouse: the login page and the package editor, release build");
            return lighthouse();
        }
        Some("filter") => {
            setup(Need::All)?;
            step("bench filter: filter and snapshot decoding in headless Chromium (release wasm)");
            browser_bench("domain", "bench_browser")?;
            step("bench filter: the live preview's two paths in headless Chromium (release wasm)");
            return browser_bench("domain", "bench_preview");
        }
        Some("paint") => {
            setup(Need::All)?;
            dist()?;
            step("bench paint: edit-to-paint of the live preview in Chromium, 100,000 tasks");
            return paint_bench();
        }
        Some("scale") => {
            setup(Need::All)?;
            step("bench scale: the task page on SQLite vs 1 and 3 PostgreSQL instances, 1,000,000 tasks; catching up after 10,000 writes");
            return scale_bench();
        }
        Some(other) => return Err(format!("no bench part {other}\n{USAGE}")),
        None => {}
    }
    setup(Need::All)?;
    dist()?;
    step("bench 1/7: release build sizes (bytes) and what the wasm is made of");
    sizes()?;
    step("bench 2/7: native filter over generated tasks (compiled vs row-wise baseline)");
    let emit = root().join("target/bench");
    sh(cargo()
        .args(["run", "--package", "server", "--profile", "server", "--bin", "filter-bench", "--", "--emit"])
        .arg(&emit)
        .args(["100000", "1000000"]))?;
    println!("\nencoded snapshot of the demo data (target: 100,000 tasks <= 1 MB brotli)");
    println!("{:<28} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    for n in ["100000", "1000000"] {
        let p = emit.join(format!("snapshot-{n}.bin"));
        let raw = fs::metadata(&p).map_err(|e| e.to_string())?.len();
        let gz = compressed_size("gzip", &["-6", "-c"], &p).unwrap_or(0);
        let br = compressed_size("brotli", &["-q", "5", "-c"], &p).unwrap_or(0);
        println!("{:<28} {raw:>10} {gz:>10} {br:>10}", format!("snapshot-{n}.bin"));
        let d = emit.join(format!("delta-{n}.bin"));
        let draw = fs::metadata(&d).map_err(|e| e.to_string())?.len();
        let dgz = compressed_size("gzip", &["-6", "-c"], &d).unwrap_or(0);
        let dbr = compressed_size("brotli", &["-q", "5", "-c"], &d).unwrap_or(0);
        println!("{:<28} {draw:>10} {dgz:>10} {dbr:>10}", format!("delta-{n}.bin (100 new tasks)"));
        let pct = |a: f64, b: f64| if b == 0.0 { 0.0 } else { a * 100.0 / b };
        println!(
            "{:<28} {:>9.3}% {:>9.3}% {:>9.3}%   (target: <= 1% of the full snapshot)",
            "  delta / snapshot",
            pct(draw as f64, raw as f64),
            pct(dgz as f64, gz as f64),
            pct(dbr as f64, br as f64)
        );
    }
    step("bench 3/7: filter and snapshot decoding in headless Chromium (release wasm)");
    browser_bench("domain", "bench_browser")?;
    step("bench 4/7: package task page and self-service intake under load on loopback, 1,000,000 tasks (the database is kept in target/bench-data; each run adds its intakes)");
    let data = root().join("target/bench-data");
    let extra: &[&str] = if data.join("opgavepakker.sqlite3").exists() { &[] } else { &["--reset"] };
    let (server, url) = start_server(&data, 1_000_000, "server", extra)?;
    let bins = target_dir().join("server");
    let result = sh(Command::new(bins.join("load-bench")).args([url.as_str(), "ydelse"]));
    drop(server);
    result?;
    step("bench 4b/7: the task page on SQLite vs 1 and 3 PostgreSQL instances; catching up after 10,000 writes elsewhere");
    scale_bench()?;
    println!("\nthe snapshot after an intake: patch vs full rebuild, same database");
    sh(Command::new(bins.join("patch-bench")).arg(&data))?;
    step("bench 5/7: edit-to-paint of the live preview in Chromium, 100,000 tasks");
    paint_bench()?;
    step("bench 6/7: the app's task table, 1,000 rows, render and re-sort vs plain JavaScript (release wasm)");
    browser_bench("opgavepakker", "bench_table")?;
    step("bench 7/7: Lighthouse on the login page and the package editor, release build");
    lighthouse()
}

const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// schemathesis against a fresh debug server with demo data, logged in as
/// admin: every check, 25 examples per operation, a fixed seed, one
/// worker. Installs it into `target/schemathesis-venv` (PyPI) when
/// missing. Fails on any failure it finds.
fn contract() -> Result {
    let venv = target_dir().join("schemathesis-venv");
    let st = venv.join("bin/schemathesis");
    if !output(Command::new(&st).arg("--version")).is_some_and(|v| v.contains(SCHEMATHESIS_VERSION)) {
        step(&format!("contract: installing schemathesis {SCHEMATHESIS_VERSION} from PyPI into {}", venv.display()));
        sh(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        sh(Command::new(venv.join("bin/pip")).args(["install", "--quiet", &format!("schemathesis=={SCHEMATHESIS_VERSION}")]))?;
    }
    let data = env::temp_dir().join(format!("opgavepakker-contract-{}", std::process::id()));
    let (server, url) = start_server(&data, 300, "dev", &["--reset"])?;
    step("contract: schemathesis against the OpenAPI document, logged in as admin, intake with credentials");
    let result = output(Command::new("python3").arg(root().join("tests/contract/login.py")).arg(&url))
        .ok_or_else(|| "contract: admin login or making the credentials failed".to_owned())
        .and_then(|answer| {
            let mut lines = answer.lines();
            let cookie = lines.next().unwrap_or_default().trim().to_owned();
            // In target/: schemathesis keeps its cache in the working folder.
            let mut cmd = Command::new(&st);
            cmd.current_dir(target_dir()).arg("--config-file").arg(root().join("tests/contract/schemathesis.toml"));
            // The config reads `OPK_CONTRACT_<KIND>` for the intake routes.
            for (kind, token) in lines.filter_map(|l| l.split_once(' ')) {
                cmd.env(format!("OPK_CONTRACT_{}", kind.to_uppercase()), token.trim());
            }
            sh(cmd.args(["run", &format!("{url}/api/openapi.json"), "--checks", "all", "--max-examples", "25", "--seed", "1"]).args([
                "--workers",
                "1",
                "--exclude-path",
                "/api/session",
                "--header",
                &format!("Cookie: {cookie}"),
            ]))
        });
    drop(server);
    let _ = fs::remove_dir_all(&data);
    result
}

/// The edit-to-paint bench (tests/e2e/bench) against the release build and
/// a server with 100,000 demo tasks (kept in target/bench-data-100k).
fn paint_bench() -> Result {
    let data = root().join("target/bench-data-100k");
    let extra: &[&str] = if data.join("opgavepakker.sqlite3").exists() { &[] } else { &["--reset"] };
    let (server, url) = start_server(&data, 100_000, "server", extra)?;
    let result = sh(&mut playwright(Some("playwright.bench.config.ts"), &url));
    drop(server);
    result
}

/// The size report: a named copy of the release wasm's main module (see
/// `size.rs`), measured by twiggy (installed when missing).
fn size_report() -> Result {
    if !has_tool("twiggy", TWIGGY_VERSION) {
        sh(cargo().args(["install", "--locked", "twiggy", "--version", TWIGGY_VERSION]))?;
    }
    let out = target_dir().join("size-report");
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let path = tool_path();
    // The shipped main module as `dist` makes it, keeping the names.
    let main = target_dir().join("wasm-split/bindgen/opgavepakker_bg.wasm");
    let named = out.join("named.wasm");
    sh(Command::new("wasm-opt").args(["-Oz", "--debuginfo"]).arg(&main).arg("-o").arg(&named).env("PATH", &path))?;
    let csv = output(Command::new("twiggy").args(["top", "--format", "csv"]).arg(&named).env("PATH", &path)).ok_or("twiggy top failed")?;
    size::print_report(&size::parse_top_csv(&csv)?, 25, 30);
    Ok(())
}

/// Release sizes of the wasm, js and own css, raw and compressed, then the
/// size report.
fn sizes() -> Result {
    let dist = root().join("dist");
    // dist/ itself and the split wasm's directory.
    let mut dirs = vec![String::new()];
    for entry in fs::read_dir(&dist).map_err(|e| e.to_string())? {
        let p = entry.map_err(|e| e.to_string())?.path();
        let dir = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if p.is_dir() && dir.starts_with("wasm-") {
            dirs.push(format!("{dir}/"));
        }
    }
    let mut files = Vec::new();
    for dir in dirs {
        for name in file_names(&dist.join(&dir))? {
            files.push((dir.clone(), name));
        }
    }
    let mut rows = Vec::new();
    for (dir, name) in files {
        // When each file is fetched (docs/wasm-split.md): the first load, or
        // with the first page of a part (a shared chunk with either part).
        let load = match name.rsplit_once('.').map(|(_, e)| e) {
            Some("wasm") if name.starts_with("split_admin_part") => "admin",
            Some("wasm") if name.starts_with("split_work_part") => "work",
            Some("wasm") if name.starts_with("chunk_") => "shared",
            Some("wasm" | "js") => "first",
            Some("css") if name.starts_with("app") => "first",
            _ => continue,
        };
        let p = dist.join(&dir).join(&name);
        let raw = fs::metadata(&p).map_err(|e| e.to_string())?.len() as usize;
        let gz = compressed_size("gzip", &["-9", "-c"], &p).unwrap_or(0);
        let br = compressed_size("brotli", &["-q", "11", "-c"], &p).unwrap_or(0);
        rows.push((load, format!("{dir}{name}"), raw, gz, br));
    }
    rows.sort();
    println!("{:<8} {:<64} {:>10} {:>10} {:>10}", "load", "file", "raw", "gzip", "brotli");
    let sum = |loads: &[&str]| rows.iter().filter(|r| loads.contains(&r.0)).fold((0, 0, 0), |t, r| (t.0 + r.2, t.1 + r.3, t.2 + r.4));
    for (load, name, raw, gz, br) in &rows {
        println!("{load:<8} {name:<64} {raw:>10} {gz:>10} {br:>10}");
    }
    for (label, loads) in [
        ("first load: wasm + js + own css (target <= 300 KB brotli)", &["first"][..]),
        ("with the admin pages", &["first", "admin", "shared"][..]),
        ("with the caseworker's pages", &["first", "work", "shared"][..]),
        ("all files", &["first", "admin", "work", "shared"][..]),
    ] {
        let (raw, gz, br) = sum(loads);
        println!("{label:<73} {raw:>10} {gz:>10} {br:>10}");
    }
    size_report()
}

/// Lighthouse (tests/lighthouse, installed from npm when missing) against
/// the release build served by the server with demo data: the login page
/// and the package editor, mobile and desktop, medians of three runs.
fn lighthouse() -> Result {
    let dir = root().join("tests/lighthouse");
    npm_ci(&dir, "lighthouse/package.json")?;
    let data = env::temp_dir().join(format!("opgavepakker-lighthouse-{}", std::process::id()));
    let (server, url) = start_server(&data, 3000, "server", &["--reset"])?;
    let result = sh(Command::new("node").arg("run.mjs").arg(&url).current_dir(&dir));
    drop(server);
    let _ = fs::remove_dir_all(&data);
    result
}

/// Runs an ignored wasm-bindgen-test benchmark in release in headless
/// Chromium and prints its `BENCH` lines.
fn browser_bench(package: &str, test: &str) -> Result {
    let out = cargo()
        .args([
            "test",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            package,
            "--test",
            test,
            "--",
            "--include-ignored",
            "--nocapture",
        ])
        .env("PATH", tool_path())
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .current_dir(root())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines().filter_map(|l| l.trim_start().strip_prefix("BENCH ")) {
        println!("{line}");
    }
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("browser bench {package}/{test} failed:\n{text}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_target_directory_from_cargo_metadata() {
        let json = r#"{"packages":[],"target_directory":"/work/a \"b\"/target","version":1}"#;
        assert_eq!(target_directory(json), Some(PathBuf::from("/work/a \"b\"/target")));
        assert_eq!(target_directory(r#"{"version":1}"#), None);
        assert!(target_dir().is_absolute());
    }

    #[test]
    fn a_failed_command_is_shown_without_its_environment_or_cookie() {
        let mut cmd = Command::new("schemathesis");
        cmd.env("OPK_CONTRACT_EFAKTURA", "hemmelig-noegle").args(["run", "--header", "Cookie: op_session=hemmelig-session"]);
        let text = shown(&cmd);
        assert_eq!(text, "schemathesis run --header Cookie: …");
        assert!(!text.contains("hemmelig"));
    }
}
