//! A small blocking HTTP/1.1 client for loopback only, with which the load
//! benchmark (`src/bin/load-bench.rs`) talks to a running server through
//! its real API: keep-alive, `Content-Length` or chunked answers; nothing
//! else (no TLS, no redirects), and it refuses any address that is not
//! loopback. [`Multipart`] builds `multipart/form-data` bodies (also for the
//! demo's simulated sources, `simulator.rs`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// One answer: status, the headers asked for by name (lower case), body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The first header of that (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A request body with its content type.
pub struct Body<'a> {
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

/// Is `addr` (`host:port`) a loopback address?
pub fn is_loopback(addr: &str) -> bool {
    addr.starts_with("127.") || addr.starts_with("localhost") || addr.starts_with("[::1]")
}

/// `http://127.0.0.1:PORT/` → `127.0.0.1:PORT`.
pub fn host_port(url: &str) -> String {
    url.trim_start_matches("http://").trim_end_matches('/').to_owned()
}

/// One keep-alive connection.
pub struct Conn {
    host: String,
    reader: BufReader<TcpStream>,
}

impl Conn {
    /// Connects to a loopback address (`host:port`).
    pub fn open(addr: &str) -> std::io::Result<Conn> {
        if !is_loopback(addr) {
            return Err(std::io::Error::other(format!("{addr} er ikke en loopback-adresse")));
        }
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true).ok();
        s.set_read_timeout(Some(Duration::from_secs(30))).ok();
        Ok(Conn { host: addr.to_owned(), reader: BufReader::new(s) })
    }

    /// Sends one request and reads the whole answer.
    pub fn request(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<Body<'_>>) -> std::io::Result<Answer> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: keep-alive\r\n", self.host);
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(b) = &body {
            head.push_str(&format!("Content-Type: {}\r\nContent-Length: {}\r\n", b.content_type, b.bytes.len()));
        }
        head.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes())?;
        if let Some(b) = &body {
            stream.write_all(b.bytes)?;
        }
        self.read_answer()
    }

    fn read_answer(&mut self) -> std::io::Result<Answer> {
        let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| bad("status line"))?;
        let (mut len, mut chunked, mut headers) = (0usize, false, Vec::new());
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let (k, v) = l.split_once(':').unwrap_or((l, ""));
            let (k, v) = (k.to_ascii_lowercase(), v.trim().to_owned());
            match k.as_str() {
                "content-length" => len = v.parse().map_err(|_| bad("content-length"))?,
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                _ => {}
            }
            headers.push((k, v));
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let n = usize::from_str_radix(line.trim(), 16).map_err(|_| bad("chunk size"))?;
                let mut chunk = vec![0; n + 2];
                self.reader.read_exact(&mut chunk)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        } else {
            body.resize(len, 0);
            self.reader.read_exact(&mut body)?;
        }
        Ok(Answer { status, headers, body })
    }
}

/// A `multipart/form-data` body, built part by part.
pub struct Multipart {
    boundary: String,
    bytes: Vec<u8>,
}

impl Multipart {
    /// An empty body; `seed` makes the boundary unique per request.
    pub fn new(seed: u64) -> Multipart {
        Multipart::with_boundary(&format!("opgavepakker-{seed:016x}"))
    }

    /// An empty body with a boundary of the caller's (it must not occur in
    /// any part).
    pub fn with_boundary(boundary: &str) -> Multipart {
        Multipart { boundary: boundary.to_owned(), bytes: Vec::new() }
    }

    /// A JSON part.
    pub fn json(mut self, name: &str, json: &str) -> Multipart {
        self.part(name, None, "application/json", json.as_bytes());
        self
    }

    /// A file part.
    pub fn file(mut self, name: &str, filename: &str, content_type: &str, bytes: &[u8]) -> Multipart {
        self.part(name, Some(filename), content_type, bytes);
        self
    }

    fn part(&mut self, name: &str, filename: Option<&str>, content_type: &str, bytes: &[u8]) {
        let file = filename.map(|f| format!("; filename=\"{}\"", f.replace('"', "'"))).unwrap_or_default();
        self.bytes.extend_from_slice(
            format!("--{}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\nContent-Type: {content_type}\r\n\r\n", self.boundary)
                .as_bytes(),
        );
        self.bytes.extend_from_slice(bytes);
        self.bytes.extend_from_slice(b"\r\n");
    }

    /// The content type and the finished body.
    pub fn finish(mut self) -> (String, Vec<u8>) {
        self.bytes.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (format!("multipart/form-data; boundary={}", self.boundary), self.bytes)
    }
}
