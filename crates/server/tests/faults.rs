//! Faults, as bounded tests: the real server binary on a real SQLite file,
//! killed with SIGKILL while a loop of writes runs, then started again on
//! the same file. Every write it acknowledged (a 2xx) is there, nothing is
//! half-written (a role always has the rights it was created with), and
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

fn start(data: &Path) -> Server {
    let addr = format!("127.0.0.1:{}", free_port());
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--addr", &addr, "--demo-tasks", "50"])
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
    let server = start(dir.path());
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

    // Started again on the same file: every acknowledged role, with all its rights.
    let server = start(dir.path());
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

    // Nothing half-written: SQLite's checks, and every test role has its three rights.
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        let file = dir.path().join("opgavepakker.sqlite3");
        let mut db = SqliteConnectOptions::new().filename(&file).connect().await.unwrap();
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut db).await.unwrap();
        assert_eq!(integrity, "ok");
        let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut db).await.unwrap();
        assert!(broken.is_empty(), "{} rows with a broken foreign key", broken.len());
        let partial: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM roller r WHERE r.navn LIKE 'Fejltest %'
               AND (SELECT count(*) FROM rolle_rettigheder x WHERE x.rolle_id = r.id) <> ?",
        )
        .bind(RIGHTS.len() as i64)
        .fetch_one(&mut db)
        .await
        .unwrap();
        assert_eq!(partial, 0, "roles written without all their rights");
        db.close().await.unwrap();
    });
}
