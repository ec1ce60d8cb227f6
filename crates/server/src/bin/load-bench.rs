//! Load benchmark of a package's task-page endpoint on loopback, run by
//! `cargo xtask bench` against a server with 1,000,000 demo tasks:
//! `load-bench http://127.0.0.1:PORT USER`. Plain HTTP/1.1 keep-alive
//! connections from threads; bounded in requests and time. Prints p50, p90,
//! p99 and max of `GET /api/packages/{key}/tasks` (random pages and sorts of
//! the user's largest package) against a baseline measured in the same run:
//! `GET /api/health` over the same connections (the server's floor).

use server::loopback::{self, Body, Conn};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 8;
const REQUESTS_PER_CONNECTION: usize = 250;
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// One request on a connection, with the session cookie; the answer must come.
fn send(conn: &mut Conn, method: &str, path: &str, cookie: Option<&str>, json: Option<&str>) -> loopback::Answer {
    let headers: Vec<(&str, &str)> = cookie.map(|c| ("Cookie", c)).into_iter().collect();
    let body = json.map(|j| Body { content_type: "application/json", bytes: j.as_bytes() });
    conn.request(method, path, &headers, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Runs `paths` on `CONNECTIONS` connections in parallel; latencies in ms.
fn load(addr: &str, cookie: &str, paths: impl Fn(usize, usize) -> String + Sync) -> Vec<f64> {
    let deadline = Instant::now() + TIME_LIMIT;
    let mut all: Vec<f64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..CONNECTIONS)
            .map(|c| {
                let paths = &paths;
                s.spawn(move || {
                    let mut conn = Conn::open(addr).expect("connect to the server");
                    let mut times = Vec::with_capacity(REQUESTS_PER_CONNECTION);
                    for r in 0..REQUESTS_PER_CONNECTION {
                        if Instant::now() > deadline {
                            break;
                        }
                        let path = paths(c, r);
                        let t = Instant::now();
                        let status = send(&mut conn, "GET", &path, Some(cookie), None).status;
                        times.push(t.elapsed().as_secs_f64() * 1000.0);
                        assert_eq!(status, 200, "GET {path}");
                    }
                    times
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("load thread")).collect()
    });
    all.sort_by(f64::total_cmp);
    all
}

fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().expect("usage: load-bench http://127.0.0.1:PORT USER");
    let user = args.next().unwrap_or_else(|| "ydelse".into());
    let addr = loopback::host_port(&url);
    assert!(loopback::is_loopback(&addr), "load-bench only sends traffic to loopback addresses");

    let mut conn = Conn::open(&addr).expect("connect to the server");
    let login = format!("{{\"username\":\"{user}\",\"password\":\"demo\"}}");
    let answer = send(&mut conn, "POST", "/api/session", None, Some(&login));
    assert_eq!(answer.status, 200, "login as {user}");
    let cookie = answer.header("set-cookie").and_then(|c| c.split(';').next()).expect("session cookie").to_owned();
    let answer = send(&mut conn, "GET", "/api/my/packages", Some(&cookie), None);
    assert_eq!(answer.status, 200);
    let packages: Vec<domain::wire::packages::MyPackage> = serde_json::from_slice(&answer.body).expect("my packages");
    let biggest = packages.iter().max_by_key(|p| p.aabne_opgaver).expect("the user has a package");
    let pages = (biggest.aabne_opgaver / 25).max(1);
    println!(
        "load on loopback: {CONNECTIONS} connections x {REQUESTS_PER_CONNECTION} requests; package {} ({}) with {} open tasks, 25 per page",
        biggest.noegle, biggest.navn, biggest.aabne_opgaver
    );
    let sorts = ["aeldste_foerst", "nyeste_foerst", "opgavetype"];
    let key = biggest.noegle.clone();
    let task_page = |c: usize, r: usize| {
        let n = (c * 7919 + r * 104_729) as u64;
        format!("/api/packages/{key}/tasks?page={}&page_size=25&sort={}", 1 + n % pages.min(400), sorts[(n % 3) as usize])
    };
    // warm up (first page loads, caches)
    for r in 0..20 {
        send(&mut conn, "GET", &task_page(0, r), Some(&cookie), None);
    }
    let base = load(&addr, &cookie, |_, _| "/api/health".into());
    let tasks = load(&addr, &cookie, task_page);
    println!("{:<34} {:>8} {:>9} {:>9} {:>9} {:>9}", "endpoint", "requests", "p50 ms", "p90 ms", "p99 ms", "max ms");
    for (name, t) in [("GET /api/health (baseline)", &base), ("GET /api/packages/{key}/tasks", &tasks)] {
        println!(
            "{name:<34} {:>8} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            t.len(),
            percentile(t, 0.5),
            percentile(t, 0.9),
            percentile(t, 0.99),
            t[t.len() - 1]
        );
    }
    println!(
        "task page p99 {:.2} ms (target <= 20 ms); {:.1}x the health baseline's p99",
        percentile(&tasks, 0.99),
        percentile(&tasks, 0.99) / percentile(&base, 0.99)
    );
}
