//! Load benchmark of a package's task-page endpoint on loopback, run by
//! `cargo xtask bench` against a server with 1,000,000 demo tasks:
//! `load-bench http://127.0.0.1:PORT USER`. Plain HTTP/1.1 keep-alive
//! connections from threads; bounded in requests and time. Prints p50, p90,
//! p99 and max of `GET /api/packages/{key}/tasks` (random pages and sorts of
//! the user's largest package) against a baseline measured in the same run:
//! `GET /api/health` over the same connections (the server's floor). Then
//! self-service submissions through the intake API (a credential created
//! and revoked through the admin API): p50/p99 and intakes per second.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 8;
const REQUESTS_PER_CONNECTION: usize = 250;
const TIME_LIMIT: Duration = Duration::from_secs(120);

struct Conn {
    host: String,
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: &str) -> Conn {
        let s = TcpStream::connect(addr).expect("connect to the server");
        s.set_nodelay(true).ok();
        s.set_read_timeout(Some(Duration::from_secs(30))).ok();
        Conn { host: addr.to_owned(), reader: BufReader::new(s) }
    }

    /// Sends one request and reads the whole answer: (status, set-cookie, body).
    fn request(&mut self, method: &str, path: &str, cookie: Option<&str>, body: Option<&str>) -> (u16, Option<String>, Vec<u8>) {
        self.send(method, path, cookie, body.map(|b| ("application/json", b)), None)
    }

    /// A request with any body and an optional bearer token.
    fn send(
        &mut self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        body: Option<(&str, &str)>,
        bearer: Option<&str>,
    ) -> (u16, Option<String>, Vec<u8>) {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: keep-alive\r\n", self.host);
        if let Some(c) = cookie {
            req.push_str(&format!("Cookie: {c}\r\n"));
        }
        if let Some(t) = bearer {
            req.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        let body = body.map(|(content_type, b)| {
            req.push_str(&format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n", b.len()));
            b
        });
        req.push_str("\r\n");
        if let Some(b) = body {
            req.push_str(b);
        }
        self.reader.get_mut().write_all(req.as_bytes()).expect("send");
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status code");
        let (mut len, mut chunked, mut cookie) = (0usize, false, None);
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let (k, v) = l.split_once(':').unwrap_or((l, ""));
            match k.to_ascii_lowercase().as_str() {
                "content-length" => len = v.trim().parse().unwrap_or(0),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                "set-cookie" => cookie = v.trim().split(';').next().map(str::to_owned),
                _ => {}
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line).expect("chunk size");
                let n = usize::from_str_radix(line.trim(), 16).expect("chunk size");
                let mut chunk = vec![0; n + 2];
                self.reader.read_exact(&mut chunk).expect("chunk");
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        } else {
            body.resize(len, 0);
            self.reader.read_exact(&mut body).expect("body");
        }
        (status, cookie, body)
    }
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
                    let mut conn = Conn::open(addr);
                    let mut times = Vec::with_capacity(REQUESTS_PER_CONNECTION);
                    for r in 0..REQUESTS_PER_CONNECTION {
                        if Instant::now() > deadline {
                            break;
                        }
                        let path = paths(c, r);
                        let t = Instant::now();
                        let (status, _, _) = conn.request("GET", &path, Some(cookie), None);
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
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let host_ok = addr.starts_with("127.") || addr.starts_with("localhost") || addr.starts_with("[::1]");
    assert!(host_ok, "load-bench only sends traffic to loopback addresses");

    let mut conn = Conn::open(&addr);
    let login = format!("{{\"username\":\"{user}\",\"password\":\"demo\"}}");
    let (status, cookie, _) = conn.request("POST", "/api/session", None, Some(&login));
    assert_eq!(status, 200, "login as {user}");
    let cookie = cookie.expect("session cookie");
    let (status, _, body) = conn.request("GET", "/api/my/packages", Some(&cookie), None);
    assert_eq!(status, 200);
    let packages: Vec<domain::wire::packages::MyPackage> = serde_json::from_slice(&body).expect("my packages");
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
        conn.request("GET", &task_page(0, r), Some(&cookie), None);
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
    intake(&addr, &base);
}

/// Self-service submissions through `POST /api/intake/selvbetjening` with
/// a credential the admin creates through the API: p50/p99 and throughput
/// against the health baseline. Each makes a Modtag post task, so the
/// snapshot is patched as they arrive.
fn intake(addr: &str, base: &[f64]) {
    let mut conn = Conn::open(addr);
    let (status, admin, _) = conn.request("POST", "/api/session", None, Some("{\"username\":\"admin\",\"password\":\"demo\"}"));
    assert_eq!(status, 200, "login as admin");
    let admin = admin.expect("session cookie");
    let name = format!("{{\"navn\":\"load-bench {}\",\"kind\":\"selvbetjening\"}}", std::process::id());
    let (status, _, body) = conn.request("POST", "/api/admin/credentials", Some(&admin), Some(&name));
    assert_eq!(status, 201, "create a credential");
    let created: domain::wire::intake::CreatedCredential = serde_json::from_slice(&body).expect("credential");
    // Whole CPR numbers of some demo borgere (the admin's Borgeroverblik).
    let mut cprs = Vec::new();
    for id in (1..=400).step_by(7) {
        let (status, _, body) = conn.request("GET", &format!("/api/citizens/{id}"), Some(&admin), None);
        if status == 200 {
            let o: domain::wire::citizens::CitizenOverview = serde_json::from_slice(&body).expect("overview");
            cprs.push(o.borger.cpr.digits());
        }
    }
    assert!(!cprs.is_empty(), "demo borgere");
    const BOUNDARY: &str = "load-bench-boundary";
    let submission = |c: usize, r: usize| {
        let cpr = &cprs[(c * 31 + r) % cprs.len()];
        let meta = format!(
            "{{\"besked_id\":\"lb-{}-{c}-{r}\",\"formular\":\"anmodning_om_refusion\",\"cpr\":\"{cpr}\",\"sagstype\":3,\"paa_vegne_af\":false}}",
            std::process::id()
        );
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"indsendelse\"\r\n\r\n{meta}\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"hoveddokument\"; filename=\"anmodning.pdf\"\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--{BOUNDARY}--\r\n"
        )
    };
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let started = Instant::now();
    let deadline = started + TIME_LIMIT;
    let mut times: Vec<f64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..CONNECTIONS)
            .map(|c| {
                let (submission, content_type, token) = (&submission, &content_type, &created.token);
                s.spawn(move || {
                    let mut conn = Conn::open(addr);
                    let mut times = Vec::new();
                    for r in 0..REQUESTS_PER_CONNECTION / 2 {
                        if Instant::now() > deadline {
                            break;
                        }
                        let body = submission(c, r);
                        let t = Instant::now();
                        let (status, _, _) = conn.send("POST", "/api/intake/selvbetjening", None, Some((content_type, &body)), Some(token));
                        times.push(t.elapsed().as_secs_f64() * 1000.0);
                        assert_eq!(status, 200, "POST /api/intake/selvbetjening");
                    }
                    times
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("intake thread")).collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    println!(
        "{:<34} {:>8} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
        "POST /api/intake/selvbetjening",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
    println!(
        "intake p99 {:.2} ms at {:.0} intakes/s (targets <= 25 ms at >= 200/s); {:.1}x the health baseline's p99",
        percentile(&times, 0.99),
        times.len() as f64 / seconds,
        percentile(&times, 0.99) / percentile(base, 0.99)
    );
    let revoke = format!("/api/admin/credentials/{}/revoke", created.credential.id);
    conn.request("POST", &revoke, Some(&admin), Some("{}"));
}
