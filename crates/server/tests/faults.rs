//! Faults, as bounded tests: the real server binary on a real SQLite file
//! (or, with `OPGAVEPAKKER_TEST_DATABASE_URL`, a fresh PostgreSQL database),
//! killed with SIGKILL while a loop of writes runs, then started again on
//! the same database. Every write it acknowledged (a 2xx) is there, nothing
//! is half-written (a role always has the rights it was created with), and
//! SQLite's own integrity and foreign-key checks pass.

use server::loopback::{Body, Conn};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;

/// The server, killed with SIGKILL when dropped (if still running).
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(data: &Path, database_url: Option<&str>) -> Server {
    let addr = format!("127.0.0.1:{}", free_port());
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--addr", &addr, "--demo-tasks", "50"])
        .args(database_url.map(|u| ["--database-url", u]).into_iter().flatten())
        .arg("--data-dir")
        .arg(data)
        .arg("--static-dir")
        .arg(data.join("no-dist"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    // Killed and waited for on every path from here (Drop).
    let server = Server { child, addr };
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(mut c) = Conn::open(&server.addr) {
            if c.request("GET", "/api/health", &[], None).is_ok_and(|a| a.status == 200) {
                return server;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the server did not answer within 30 s");
}

fn login(addr: &str) -> String {
    let mut c = Conn::open(addr).unwrap();
    let body = br#"{"username":"admin","password":"demo"}"#;
    let a = c.request("POST", "/api/session", &[], Some(Body { content_type: "application/json", bytes: body })).unwrap();
    assert_eq!(a.status, 200, "login");
    a.header("set-cookie").and_then(|v| v.split(';').next()).expect("session cookie").to_owned()
}

const RIGHTS: &[&str] = &["borgeropslag", "stop_sag", "opret_traek"];

#[test]
fn a_killed_server_keeps_every_acknowledged_write_and_half_writes_none() {
    let dir = tempfile::tempdir().unwrap();
    kill_during_writes(dir.path(), None);
    // Nothing half-written: SQLite's own checks.
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        let file = dir.path().join("opgavepakker.sqlite3");
        let mut db = SqliteConnectOptions::new().filename(&file).connect().await.unwrap();
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut db).await.unwrap();
        assert_eq!(integrity, "ok");
        let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut db).await.unwrap();
        assert!(broken.is_empty(), "{} rows with a broken foreign key", broken.len());
        db.close().await.unwrap();
    });
}

/// The same on PostgreSQL (its foreign keys are always enforced).
#[test]
fn a_killed_server_on_postgresql_keeps_every_acknowledged_write_and_half_writes_none() {
    let Some(server_url) = common::test_postgres() else {
        eprintln!("OPGAVEPAKKER_TEST_DATABASE_URL er ikke sat: PostgreSQL-varianten springes over");
        return;
    };
    let url = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(common::fresh_pg_database(&server_url));
    let dir = tempfile::tempdir().unwrap();
    kill_during_writes(dir.path(), Some(&url));
}

/// Writes roles in a loop, kills the server, starts it again on the same
/// database: every acknowledged role is there with all its rights.
fn kill_during_writes(data: &Path, database_url: Option<&str>) {
    let server = start(data, database_url);
    let cookie = login(&server.addr);
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (addr, cookie, acknowledged, stop) = (server.addr.clone(), cookie.clone(), acknowledged.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut sent = 0u32;
            let mut conn = Conn::open(&addr).ok();
            while !stop.load(Ordering::Relaxed) {
                let Some(c) = conn.as_mut() else { break };
                let navn = format!("Fejltest {sent}");
                let body = format!(
                    r#"{{"navn":"{navn}","beskrivelse":"skrevet før kill -9","rettigheder":["borgeropslag","stop_sag","opret_traek"]}}"#
                );
                sent += 1;
                match c.request(
                    "POST",
                    "/api/roles",
                    &[("Cookie", &cookie)],
                    Some(Body { content_type: "application/json", bytes: body.as_bytes() }),
                ) {
                    Ok(a) if a.status == 201 => acknowledged.lock().unwrap().push(navn),
                    Ok(a) => panic!("role {navn}: status {}", a.status),
                    // The server is gone: reconnecting fails too, and the loop ends.
                    Err(_) => conn = Conn::open(&addr).ok(),
                }
            }
            sent
        })
    };
    // Kill in the middle of the loop, once a good number of writes are in.
    let deadline = Instant::now() + Duration::from_secs(20);
    while acknowledged.lock().unwrap().len() < 40 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(server); // SIGKILL, no shutdown
    stop.store(true, Ordering::Relaxed);
    let sent = writer.join().expect("the writer");
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 40, "only {} writes acknowledged before the kill", acknowledged.len());

    // Started again on the same database: every acknowledged role, with all its rights.
    let server = start(data, database_url);
    let cookie = login(&server.addr);
    let mut c = Conn::open(&server.addr).unwrap();
    let a = c.request("GET", "/api/roles", &[("Cookie", &cookie)], None).unwrap();
    assert_eq!(a.status, 200);
    let roles: Vec<domain::model::Rolle> = serde_json::from_slice(&a.body).unwrap();
    for navn in &acknowledged {
        assert!(roles.iter().any(|r| &r.navn == navn), "acknowledged role {navn} is lost");
    }
    let written = roles.iter().filter(|r| r.navn.starts_with("Fejltest ")).count();
    assert!(
        written >= acknowledged.len() && written <= sent as usize,
        "{written} roles for {} acknowledged of {sent} sent",
        acknowledged.len()
    );
    drop(server);
    // every test role has its three rights
    let partial = roles.iter().filter(|r| r.navn.starts_with("Fejltest ") && r.rettigheder.len() != RIGHTS.len()).count();
    assert_eq!(partial, 0, "roles written without all their rights");
}
