//! Post-processing of Trunk's `index.html` for the Content-Security-Policy.

/// Moves every inline `<script>` (one without `src`) into a file of its own
/// and points a `<script src>` at it. Returns the new page and the files
/// (name, content) to write next to it. File names carry a content hash so
/// they can be cached forever. The wasm's `<link rel="preload">` goes: the
/// loader fetches the wasm itself, after the static shell has been painted
/// ([`paint_shell_first`]).
pub fn externalize_inline_scripts(page: &str) -> (String, Vec<(String, String)>) {
    let (page, integrity) = take_wasm_preload(page);
    let mut out = String::with_capacity(page.len());
    let mut files = Vec::new();
    let mut rest = page.as_str();
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some(open_end) = tail.find('>') else { break };
        let open = &tail[..=open_end];
        let Some(close) = tail.find("</script>") else { break };
        let body = &tail[open_end + 1..close];
        if open.contains(" src=") || body.trim().is_empty() {
            out.push_str(&tail[..close + "</script>".len()]);
        } else {
            // Named by the content it is given, so a changed loader is a new file.
            let body = paint_shell_first(&(body.trim().to_owned() + "\n"), integrity.as_deref());
            let name = format!("boot-{:016x}.js", fnv1a(body.as_bytes()));
            let module = if open.contains("type=\"module\"") { " type=\"module\"" } else { "" };
            out.push_str(&format!("<script{module} src=\"/{name}\"></script>"));
            files.push((name, body));
        }
        rest = &tail[close + "</script>".len()..];
    }
    out.push_str(rest);
    (out, files)
}

/// `page` without Trunk's `<link rel="preload" … as="fetch" type="application/wasm">`,
/// and that link's `integrity` (for the loader's own fetch).
fn take_wasm_preload(page: &str) -> (String, Option<String>) {
    let mut from = 0;
    while let Some(at) = page[from..].find("<link rel=\"preload\"").map(|i| i + from) {
        let Some(len) = page[at..].find('>') else { break };
        let link = &page[at..=at + len];
        if link.contains("type=\"application/wasm\"") {
            let integrity = attribute(link, "integrity").map(str::to_owned);
            return (format!("{}{}", &page[..at], &page[at + len + 1..]), integrity);
        }
        from = at + len;
    }
    (page.to_owned(), None)
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].find('"').map(|len| &tag[start..start + len])
}

/// What Trunk's loader waits for before it fetches and runs the wasm: the
/// browser's report of the static shell's first contentful paint (at most
/// 500 ms; none in a tab in the background or a browser without paint
/// timing). The report comes a frame or more after the paint itself. A shell
/// removed before it would not count as the page's largest paint, and a
/// download started before the paint would compete with the styles and
/// fonts the paint needs.
pub const PAINT_FIRST: &str = "await new Promise((go) => {\n  \
    if (document.visibilityState !== 'visible' || !PerformanceObserver.supportedEntryTypes?.includes('paint')) return go();\n  \
    setTimeout(go, 500);\n  \
    new PerformanceObserver((list, seen) => { if (list.getEntriesByName('first-contentful-paint').length) { seen.disconnect(); go(); } }).observe({ type: 'paint', buffered: true });\n\
    });\n";

/// Fetched beside the wasm: `config.json` (the API's base URL), which the
/// app would otherwise ask for only once it runs; it takes the promise
/// from `window.opgavepakkerConfig` (`src/api.rs`, `PREFETCHED_CONFIG`).
/// Revalidated as the app's own fetch is.
pub const CONFIG_PREFETCH: &str =
    "window.opgavepakkerConfig = fetch('config.json', { cache: 'no-cache' }).then((r) => (r.ok ? r.text() : null), () => null);\n";

/// When the wasm cannot be fetched, compiled or started: the static shell
/// shows its error (`#app-start-failed` in `index.html`) instead of the
/// loading state, which would otherwise turn forever; the error is thrown on
/// to the console.
pub const START_FAILED: &str = "const startFailed = (e) => {\n  \
    document.querySelector('#app-shell .loading')?.setAttribute('hidden', '');\n  \
    document.getElementById('app-start-failed')?.removeAttribute('hidden');\n  \
    throw e;\n\
    };\n";

/// `loader` with [`PAINT_FIRST`] before the line that starts the wasm
/// (`await init(`), then [`CONFIG_PREFETCH`] and the wasm fetched there (with the preload's
/// `integrity`) and compiled as it downloads (`WebAssembly.compileStreaming`;
/// a server that sends the wasm under another type gets it compiled after
/// the download). A loader without that line is left as it is; one that
/// names no wasm file only waits.
pub fn paint_shell_first(loader: &str, integrity: Option<&str>) -> String {
    let Some(at) = loader.find("const wasm = await init(").or_else(|| loader.find("await init(")) else {
        return loader.to_owned();
    };
    let (head, start) = loader.split_at(at);
    const PATH: &str = "module_or_path: '";
    let wasm =
        start.find(PATH).map(|p| p + PATH.len()).and_then(|from| start[from..].find('\'').map(|len| (from, &start[from..from + len])));
    let plain = |s: &str| !s.contains(['\\', '\'', '\n']);
    match wasm {
        Some((from, url)) if plain(url) && integrity.is_none_or(plain) => {
            let options = integrity.map_or_else(String::new, |i| format!(", {{ integrity: '{i}' }}"));
            let compile = format!(
                "const compiled = await fetch('{url}'{options}).then((r) => r.headers.get('content-type') === 'application/wasm' \
                 ? WebAssembly.compileStreaming(r) : r.arrayBuffer().then((b) => WebAssembly.compile(b))).catch(startFailed);\n"
            );
            let start = format!("{}compiled{}", &start[..from - 1], &start[from + url.len() + 1..]);
            format!("{head}{PAINT_FIRST}{CONFIG_PREFETCH}{START_FAILED}{compile}{}", catch_start(&start))
        }
        _ => format!("{head}{PAINT_FIRST}{start}"),
    }
}

/// `start` (from `await init(`) with `.catch(startFailed)` on the promise
/// `init(…)` returns, when its call ends on the same line.
fn catch_start(start: &str) -> String {
    let line_end = start.find('\n').unwrap_or(start.len());
    match start[..line_end].rfind(')') {
        Some(close) => format!("{}.catch(startFailed){}", &start[..=close], &start[close + 1..]),
        None => start.to_owned(),
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_inline_module_scripts_and_keeps_external_ones() {
        let page = "<head><script src=\"/a.js\"></script>\n<script type=\"module\">\nimport init from '/app.js';\nawait init();\n</script></head><body></body>";
        let (out, files) = externalize_inline_scripts(page);
        assert_eq!(files.len(), 1);
        let (name, body) = &files[0];
        assert!(name.starts_with("boot-") && name.ends_with(".js"));
        assert_eq!(body, &format!("import init from '/app.js';\n{PAINT_FIRST}await init();\n"));
        assert!(out.contains("<script src=\"/a.js\"></script>"));
        assert!(out.contains(&format!("<script type=\"module\" src=\"/{name}\"></script>")));
        assert!(!out.contains("import init"));
        assert!(out.ends_with("</head><body></body>"));
    }

    #[test]
    fn the_wasm_is_fetched_after_the_first_paint_with_the_preloads_integrity() {
        let page = "<head><script type=\"module\">\nimport init from '/app.js';\nconst wasm = await init({ module_or_path: '/a.wasm' });\n</script>\
                    <link rel=\"modulepreload\" href=\"/app.js\"><link rel=\"preload\" href=\"/a.wasm\" crossorigin=\"anonymous\" \
                    integrity=\"sha384-abc\" as=\"fetch\" type=\"application/wasm\"></head>";
        let (out, files) = externalize_inline_scripts(page);
        assert!(!out.contains("a.wasm") && out.contains("<link rel=\"modulepreload\" href=\"/app.js\"></head>"), "{out}");
        assert_eq!(
            files[0].1,
            format!(
                "import init from '/app.js';\n{PAINT_FIRST}{CONFIG_PREFETCH}{START_FAILED}const compiled = await fetch('/a.wasm', {{ integrity: 'sha384-abc' }})\
                 .then((r) => r.headers.get('content-type') === 'application/wasm' ? WebAssembly.compileStreaming(r) \
                 : r.arrayBuffer().then((b) => WebAssembly.compile(b))).catch(startFailed);\n\
                 const wasm = await init({{ module_or_path: compiled }}).catch(startFailed);\n"
            )
        );
    }

    #[test]
    fn a_loader_without_a_wasm_file_only_waits_and_one_without_init_is_left_alone() {
        assert_eq!(paint_shell_first("await init();\n", None), format!("{PAINT_FIRST}await init();\n"));
        assert_eq!(paint_shell_first("console.log(1);\n", Some("sha384-x")), "console.log(1);\n");
        // A name that would need quoting in JavaScript is not written into it.
        assert_eq!(
            paint_shell_first("await init({ module_or_path: '/a.wasm' });\n", Some("x'y")),
            format!("{PAINT_FIRST}await init({{ module_or_path: '/a.wasm' }});\n")
        );
    }

    #[test]
    fn a_page_without_inline_scripts_is_unchanged() {
        let page = "<html><body><p>x</p></body></html>";
        assert_eq!(externalize_inline_scripts(page), (page.to_owned(), vec![]));
    }
}
