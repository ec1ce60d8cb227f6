//! Load benchmark of a package's task-page endpoint on loopback, run by
//! `cargo xtask bench` against a server with 1,000,000 demo tasks:
//! `load-bench http://127.0.0.1:PORT USER`. Plain HTTP/1.1 keep-alive
//! connections from threads; bounded in requests and time. Prints p50, p90,
//! p99 and max of `GET /api/packages/{key}/tasks` (random pages and sorts of
//! the user's largest package) against a baseline measured in the same run:
//! `GET /api/health` over the same connections (the server's floor).
//!
//! Then the intake: self-service submissions (`POST /api/intake/selvbetjening`,
//! multipart with a PDF and its signature) about
//! borgere of the demo world, with a credential the benchmark creates as
//! admin, offered at a steady 250 a second (above the 200/s target); the
//! rate achieved and p50/p99 against the same health baseline.

use domain::catalog::case_type;
use domain::intake::{FormType, SubmissionMeta};
use domain::wire::intake::{CreatedCredential, NewCredential, SourceKind};
use domain::wire::packages::TaskPage;
use domain::wire::tasks::TaskDetail;
use server::loopback::Multipart;
use server::loopback::{self, Body, Conn};
use sqlx::sqlite::SqliteSynchronous;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 8;
const REQUESTS_PER_CONNECTION: usize = 250;
const TIME_LIMIT: Duration = Duration::from_secs(120);
const INTAKES_PER_CONNECTION: usize = 125;
/// The intake's offered load: the target's 200 intakes a second and a
/// quarter more, spread evenly over the connections (open loop: a slow
/// answer does not slow the senders down, it queues, as real sources do).
const INTAKES_PER_SECOND: f64 = 250.0;

/// One request on a connection, with the session cookie; the answer must come.
fn send(conn: &mut Conn, method: &str, path: &str, cookie: Option<&str>, json: Option<&str>) -> loopback::Answer {
    let headers: Vec<(&str, &str)> = cookie.map(|c| ("Cookie", c)).into_iter().collect();
    let body = json.map(|j| Body { content_type: "application/json", bytes: j.as_bytes() });
    conn.request(method, path, &headers, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Latencies in ms, sorted, and the wall time of the whole run in seconds.
struct Run {
    ms: Vec<f64>,
    wall: f64,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.ms.len() as f64 / self.wall
    }
}

/// Runs `paths` on `CONNECTIONS` connections in parallel, spread over the
/// servers at `addrs`.
fn load(addrs: &[&str], cookie: &str, paths: impl Fn(usize, usize) -> String + Sync) -> Run {
    run_parallel(addrs, REQUESTS_PER_CONNECTION, |conn, c, r| {
        let path = paths(c, r);
        let t = Instant::now();
        let status = send(conn, "GET", &path, Some(cookie), None).status;
        assert_eq!(status, 200, "GET {path}");
        ms_since(t)
    })
}

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Runs `request` `per_connection` times on each of `CONNECTIONS`
/// connections in parallel (connection `c` to `addrs[c % addrs.len()]`);
/// each returns its latency in ms.
fn run_parallel(addrs: &[&str], per_connection: usize, request: impl Fn(&mut Conn, usize, usize) -> f64 + Sync) -> Run {
    let started = Instant::now();
    let deadline = started + TIME_LIMIT;
    let mut all: Vec<f64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..CONNECTIONS)
            .map(|c| {
                let request = &request;
                s.spawn(move || {
                    let mut conn = Conn::open(addrs[c % addrs.len()]).expect("connect to the server");
                    let mut times = Vec::with_capacity(per_connection);
                    for r in 0..per_connection {
                        if Instant::now() > deadline {
                            break;
                        }
                        times.push(request(&mut conn, c, r));
                    }
                    times
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("load thread")).collect()
    });
    let wall = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    Run { ms: all, wall }
}

/// A logged-in user's session on a server and their largest package.
struct Session {
    cookie: String,
    key: String,
    navn: String,
    open: u64,
}

impl Session {
    fn start(addr: &str, user: &str) -> Session {
        let mut conn = Conn::open(addr).expect("connect to the server");
        let login = format!("{{\"username\":\"{user}\",\"password\":\"demo\"}}");
        let answer = send(&mut conn, "POST", "/api/session", None, Some(&login));
        assert_eq!(answer.status, 200, "login as {user}");
        let cookie = answer.header("set-cookie").and_then(|c| c.split(';').next()).expect("session cookie").to_owned();
        let answer = send(&mut conn, "GET", "/api/my/packages", Some(&cookie), None);
        assert_eq!(answer.status, 200);
        let packages: Vec<domain::wire::packages::MyPackage> = serde_json::from_slice(&answer.body).expect("my packages");
        let biggest = packages.iter().max_by_key(|p| p.aabne_opgaver).expect("the user has a package");
        Session { key: biggest.noegle.clone(), navn: biggest.navn.clone(), open: biggest.aabne_opgaver, cookie }
    }

    /// Request `r` of connection `c`: a page and sort of the package, spread.
    fn task_page(&self, c: usize, r: usize) -> String {
        let sorts = ["aeldste_foerst", "nyeste_foerst", "opgavetype"];
        let pages = (self.open / 25).max(1);
        let n = (c * 7919 + r * 104_729) as u64;
        format!("/api/packages/{}/tasks?page={}&page_size=25&sort={}", self.key, 1 + n % pages.min(400), sorts[(n % 3) as usize])
    }

    /// First page loads on every server (their caches).
    fn warm_up(&self, addrs: &[&str]) {
        for addr in addrs {
            let mut conn = Conn::open(addr).expect("connect to the server");
            for r in 0..20 {
                send(&mut conn, "GET", &self.task_page(0, r), Some(&self.cookie), None);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--scale") {
        return scale(&args[1..]);
    }
    let url = args.first().expect("usage: load-bench http://127.0.0.1:PORT USER | --scale SQLITE_URL PG_URL,PG_URL,… USER");
    let user = args.get(1).cloned().unwrap_or_else(|| "ydelse".into());
    let addr = loopback::host_port(url);
    assert!(loopback::is_loopback(&addr), "load-bench only sends traffic to loopback addresses");

    let session = Session::start(&addr, &user);
    println!(
        "load on loopback: {CONNECTIONS} connections x {REQUESTS_PER_CONNECTION} requests; package {} ({}) with {} open tasks, 25 per page",
        session.key, session.navn, session.open
    );
    session.warm_up(&[&addr]);
    let cookie = session.cookie.clone();
    let task_page = |c: usize, r: usize| session.task_page(c, r);
    let base = load(&[&addr], &cookie, |_, _| "/api/health".into());
    let tasks = load(&[&addr], &cookie, task_page);
    let mut conn = Conn::open(&addr).expect("connect to the server");
    let intake = intake_load(&addr, &mut conn, &cookie, &task_page);
    println!("{:<34} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9}", "endpoint", "requests", "p50 ms", "p90 ms", "p99 ms", "max ms", "per s");
    for (name, t) in
        [("GET /api/health (baseline)", &base), ("GET /api/packages/{key}/tasks", &tasks), ("POST /api/intake/selvbetjening", &intake)]
    {
        let ms = &t.ms;
        println!(
            "{name:<34} {:>8} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.0}",
            ms.len(),
            percentile(ms, 0.5),
            percentile(ms, 0.9),
            percentile(ms, 0.99),
            ms[ms.len() - 1],
            t.per_second()
        );
    }
    let p99 = |r: &Run| percentile(&r.ms, 0.99);
    println!("task page p99 {:.2} ms (target <= 20 ms); {:.1}x the health baseline's p99", p99(&tasks), p99(&tasks) / p99(&base));
    println!(
        "intake p99 {:.2} ms at {:.0} intakes/s offered open-loop (target p99 <= 25 ms at >= 200/s); {:.1}x the health baseline's p99",
        p99(&intake),
        intake.per_second(),
        p99(&intake) / p99(&base)
    );
    commit_cost();
}

/// The task page on one SQLite instance, one PostgreSQL instance and
/// several PostgreSQL instances on one database (the connections spread
/// over them), in one run: throughput, p50 and p99, each against the
/// SQLite instance. `--scale SQLITE_URL PG_URL,PG_URL,… USER`.
fn scale(args: &[String]) {
    let [sqlite, pg, user] = args else { panic!("usage: load-bench --scale SQLITE_URL PG_URL,PG_URL,… USER") };
    let sqlite = loopback::host_port(sqlite);
    let pg: Vec<String> = pg.split(',').map(loopback::host_port).collect();
    assert!(std::iter::once(&sqlite).chain(&pg).all(|a| loopback::is_loopback(a)), "loopback only");
    let setups: Vec<(String, Vec<&str>)> = vec![
        ("SQLite, 1 instance".into(), vec![sqlite.as_str()]),
        ("PostgreSQL, 1 instance".into(), vec![pg[0].as_str()]),
        (format!("PostgreSQL, {} instances", pg.len()), pg.iter().map(String::as_str).collect()),
    ];
    println!("task page under load: {CONNECTIONS} connections x {REQUESTS_PER_CONNECTION} requests, spread over the instances");
    println!(
        "{:<28} {:>9} {:>8} {:>8} {:>8} {:>10} {:>10} {:>10}",
        "setup", "requests", "p50 ms", "p99 ms", "per s", "x SQLite/s", "p50 x", "p99 x"
    );
    let mut first: Option<(f64, f64, f64)> = None;
    for (name, addrs) in &setups {
        let session = Session::start(addrs[0], user);
        session.warm_up(addrs);
        let run = load(addrs, &session.cookie, |c, r| session.task_page(c, r));
        let (p50, p99, rate) = (percentile(&run.ms, 0.5), percentile(&run.ms, 0.99), run.per_second());
        let (b50, b99, brate) = *first.get_or_insert((p50, p99, rate));
        println!(
            "{name:<28} {:>9} {p50:>8.2} {p99:>8.2} {rate:>8.0} {:>10.2} {:>10.2} {:>10.2}",
            run.ms.len(),
            rate / brate,
            p50 / b50,
            p99 / b99
        );
    }
}

/// What `synchronous=FULL` (the server's setting: an acknowledged write
/// survives a power cut) costs against NORMAL: one-row commits on a fresh
/// WAL file on the same disk, both measured here, in this run.
fn commit_cost() {
    const COMMITS: usize = 500;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let file = std::env::temp_dir().join(format!("opgavepakker-commit-{}.sqlite3", std::process::id()));
    let mut rows = Vec::new();
    for (name, mode) in [("NORMAL (baseline)", SqliteSynchronous::Normal), ("FULL (the server's)", SqliteSynchronous::Full)] {
        let ms = rt.block_on(server::db::commit_times(&file, mode, COMMITS)).expect("commit times");
        rows.push((name, percentile(&ms, 0.5), percentile(&ms, 0.99)));
    }
    println!("\ncommit of one small write transaction, {COMMITS} each, WAL mode, on the disk of {}", std::env::temp_dir().display());
    println!("{:<22} {:>9} {:>9}", "synchronous", "p50 ms", "p99 ms");
    for (name, p50, p99) in &rows {
        println!("{name:<22} {p50:>9.3} {p99:>9.3}");
    }
    let (base, full) = (rows[0], rows[1]);
    println!("synchronous=FULL costs {:.1}x NORMAL at the median, {:.1}x at p99", full.1 / base.1, full.2 / base.2);
}

/// Self-service submissions on `CONNECTIONS` connections: a credential made
/// as admin, CPR numbers of borgere read from task details the caseworker
/// may open (the API's only way to a whole CPR number).
fn intake_load(addr: &str, conn: &mut Conn, cookie: &str, task_page: &dyn Fn(usize, usize) -> String) -> Run {
    let login = "{\"username\":\"admin\",\"password\":\"demo\"}";
    let answer = send(conn, "POST", "/api/session", None, Some(login));
    assert_eq!(answer.status, 200, "login as admin");
    let admin = answer.header("set-cookie").and_then(|c| c.split(';').next()).expect("session cookie").to_owned();
    let new = serde_json::to_string(&NewCredential {
        navn: format!("Belastningstest {}", server::clock::now_rfc3339()),
        kind: SourceKind::Selvbetjening,
    })
    .expect("serialises");
    let answer = send(conn, "POST", "/api/admin/credentials", Some(&admin), Some(&new));
    assert_eq!(answer.status, 201, "create a credential: {}", String::from_utf8_lossy(&answer.body));
    let created: CreatedCredential = serde_json::from_slice(&answer.body).expect("created credential");

    let mut cprs = Vec::new();
    for r in 0..4 {
        let answer = send(conn, "GET", &task_page(1, r), Some(cookie), None);
        let page: TaskPage = serde_json::from_slice(&answer.body).expect("task page");
        for row in page.opgaver.iter().filter(|t| t.cpr_maskeret.is_some()) {
            let answer = send(conn, "GET", &format!("/api/tasks/{}", row.id), Some(cookie), None);
            let detail: TaskDetail = serde_json::from_slice(&answer.body).expect("task detail");
            cprs.extend(detail.borger.map(|b| b.cpr.digits()));
        }
    }
    assert!(!cprs.is_empty(), "borgere to write about");
    let auth = format!("Bearer {}", created.token);
    let run = server::clock::now_unix();
    let interval = Duration::from_secs_f64(CONNECTIONS as f64 / INTAKES_PER_SECOND);
    let start = Instant::now();
    let result = run_parallel(&[addr], INTAKES_PER_CONNECTION, |conn, c, r| {
        // Connection c sends its r-th intake at its slot (staggered by c).
        let slot = start + interval.mul_f64(r as f64 + c as f64 / CONNECTIONS as f64);
        if let Some(wait) = slot.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let (content_type, body) = submission(&format!("bench-{run}-{c}-{r}"), &cprs[(c * 31 + r) % cprs.len()], r);
        let t = Instant::now();
        let answer = conn
            .request(
                "POST",
                "/api/intake/selvbetjening",
                &[("Authorization", &auth)],
                Some(Body { content_type: &content_type, bytes: &body }),
            )
            .expect("intake answers");
        let ms = ms_since(t);
        assert_eq!(answer.status, 200, "intake answered: {}", String::from_utf8_lossy(&answer.body));
        ms
    });
    let revoke = format!("/api/admin/credentials/{}/revoke", created.credential.id);
    assert_eq!(send(conn, "POST", &revoke, Some(&admin), Some("{}")).status, 200, "revoke the benchmark's credential");
    result
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const SIGNATURE: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><blanketsignatur><underskrevet>true</underskrevet></blanketsignatur>";

/// One self-service submission: an application, a refund request or an
/// overslag in turn, with its main document and signature.
fn submission(besked_id: &str, cpr: &str, n: usize) -> (String, Vec<u8>) {
    let (formular, sagstype) = [
        (FormType::Ansoegning, case_type::ALM_HELBREDSTILLAEG),
        (FormType::AnmodningOmRefusion, case_type::ALM_HELBREDSTILLAEG),
        (FormType::SpecificeretOverslag, case_type::UDVIDET_HELBREDSTILLAEG),
    ][n % 3];
    let meta = SubmissionMeta { besked_id: besked_id.to_owned(), formular, cpr: cpr.to_owned(), sagstype, paa_vegne_af: false };
    Multipart::new(n as u64)
        .json("indsendelse", &serde_json::to_string(&meta).expect("serialises"))
        .file("hoveddokument", "indsendelse.pdf", "application/pdf", PDF)
        .file("blanketsignatur", "signatur.xml", "application/xml", SIGNATURE)
        .finish()
}
