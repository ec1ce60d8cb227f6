//! Post-processing of Trunk's `index.html` for the Content-Security-Policy.

/// Moves every inline `<script>` (one without `src`) into a file of its own
/// and points a `<script src>` at it. Returns the new page and the files
/// (name, content) to write next to it. File names carry a content hash so
/// they can be cached forever. The wasm's `<link rel="preload">` goes: the
/// loader fetches the wasm itself, after the static shell has been painted
/// ([`paint_shell_first`]); a page with that preload whose loader could not
/// be rewritten so is an error (Trunk's loader changed).
pub fn externalize_inline_scripts(page: &str) -> Result<(String, Vec<(String, String)>), String> {
    let (page, preloaded) = take_wasm_preload(page);
    let mut out = String::with_capacity(page.len());
    let mut files = Vec::new();
    let mut fetches_wasm = false;
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
            let loader = body.trim().to_owned() + "\n";
            let starts_wasm = wasm_start(&loader).is_some();
            fetches_wasm |= starts_wasm;
            let body = paint_shell_first(&loader);
            // A static import left in would run before the paint, and a failed
            // fetch of it would stop the loader before it can show the error.
            if starts_wasm && body.lines().any(|l| l.trim_start().starts_with("import ")) {
                return Err("index.html: Trunk's loader has an import that paint_shell_first does not move after the paint".to_owned());
            }
            let name = format!("boot-{:016x}.js", fnv1a(body.as_bytes()));
            let module = if open.contains("type=\"module\"") { " type=\"module\"" } else { "" };
            out.push_str(&format!("<script{module} src=\"/{name}\"></script>"));
            files.push((name, body));
        }
        rest = &tail[close + "</script>".len()..];
    }
    out.push_str(rest);
    if preloaded && !fetches_wasm {
        return Err("index.html: Trunk's loader has no `init({ module_or_path: '…' })` to rewrite; the wasm would not be fetched after the first paint".to_owned());
    }
    Ok((out, files))
}

/// `page` without Trunk's `<link rel="preload" … as="fetch" type="application/wasm">`,
/// and whether it had one.
fn take_wasm_preload(page: &str) -> (String, bool) {
    let mut from = 0;
    while let Some(at) = page[from..].find("<link rel=\"preload\"").map(|i| i + from) {
        let Some(len) = page[at..].find('>') else { break };
        if page[at..=at + len].contains("type=\"application/wasm\"") {
            return (format!("{}{}", &page[..at], &page[at + len + 1..]), true);
        }
        from = at + len;
    }
    (page.to_owned(), false)
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
/// shows its error instead of the loading state, which would otherwise turn
/// forever. The error's text (`<template id="app-start-failed-text">` in
/// `index.html`) goes into the shell's empty `role="alert"` region, which
/// screen readers announce more surely than an alert that is un-hidden, and
/// only once (a failed fetch reaches it twice: from the fetch and from
/// `init`, which awaits it); the error is thrown on to the console.
pub const START_FAILED: &str = "const startFailed = (e) => {\n  \
    const text = document.getElementById('app-start-failed-text');\n  \
    const region = document.getElementById('app-start-failed');\n  \
    if (text && region && !region.firstElementChild) {\n    \
    document.querySelectorAll('#app-shell .loading, #app-shell .shell-slow').forEach((e) => e.setAttribute('hidden', ''));\n    \
    region.replaceChildren(text.content.cloneNode(true));\n  \
    }\n  \
    throw e;\n\
    };\n";

/// `loader` with [`PAINT_FIRST`] before the line that starts the wasm
/// (`await init(`), then [`CONFIG_PREFETCH`] and the wasm fetched there and
/// compiled as it downloads (`WebAssembly.compileStreaming`; a server that
/// sends the wasm under another type gets it compiled after the download).
/// No `integrity` on that fetch: a checked fetch resolves only after the
/// whole body has been read, which would end the streaming compile, and the
/// wasm comes from the page's own origin under a content-hashed name, as
/// the page itself does. The wasm-bindgen JavaScript that Trunk's loader
/// imports at its top is imported there too, while the wasm downloads
/// ([`import_after_paint`]), so nothing but the page, its styles and fonts
/// and this loader is fetched before the first paint. A loader without that
/// line is left as it is; one that names no wasm file only waits.
pub fn paint_shell_first(loader: &str) -> String {
    let Some(at) = init_line(loader) else {
        return loader.to_owned();
    };
    let (head, start) = loader.split_at(at);
    match wasm_start(loader) {
        Some((_, from, url)) => {
            // `init` awaits the promise it is given; the empty catch keeps a
            // failed fetch from being reported as unhandled before it does.
            let compile = format!(
                "const compiled = fetch('{url}').then((r) => r.headers.get('content-type') === 'application/wasm' \
                 ? WebAssembly.compileStreaming(r) : r.arrayBuffer().then((b) => WebAssembly.compile(b))).catch(startFailed);\n\
                 compiled.catch(() => {{}});\n"
            );
            let (head, import) = import_after_paint(head);
            let start = format!("{}compiled{}", &start[..from - 1], &start[from + url.len() + 1..]);
            format!("{head}{PAINT_FIRST}{CONFIG_PREFETCH}{START_FAILED}{compile}{import}{}", catch_start(&start))
        }
        None => format!("{head}{PAINT_FIRST}{start}"),
    }
}

/// `head` without Trunk's static import of the wasm-bindgen JavaScript
/// (`import init, * as bindings from '…';` or `import init from '…';` on a
/// line of its own), and the dynamic import that gives the same names. A
/// head without such a line is returned as it is, with no import.
fn import_after_paint(head: &str) -> (String, String) {
    const FORMS: [(&str, &str); 2] = [
        ("import init, * as bindings from '", "const bindings = await import('URL').catch(startFailed);\nconst init = bindings.default;\n"),
        ("import init from '", "const { default: init } = await import('URL').catch(startFailed);\n"),
    ];
    for (clause, names) in FORMS {
        let Some(at) = head.match_indices(clause).map(|(i, _)| i).find(|&i| i == 0 || head[..i].ends_with('\n')) else { continue };
        let rest = &head[at + clause.len()..];
        let Some(end) = rest.find("';\n") else { continue };
        let url = &rest[..end];
        if !plain_js_string(url) {
            continue;
        }
        let line_end = at + clause.len() + end + "';\n".len();
        return (format!("{}{}", &head[..at], &head[line_end..]), names.replace("URL", url));
    }
    (head.to_owned(), String::new())
}

/// Where the loader starts the wasm (`await init(`).
fn init_line(loader: &str) -> Option<usize> {
    loader.find("const wasm = await init(").or_else(|| loader.find("await init("))
}

/// The start of the wasm in `loader`, when it names its file as one plain
/// quoted string (`init({ module_or_path: '…' })`): where the start line
/// begins, where the name begins in that line, and the name.
fn wasm_start(loader: &str) -> Option<(usize, usize, &str)> {
    const PATH: &str = "module_or_path: '";
    let at = init_line(loader)?;
    let start = &loader[at..];
    let from = start.find(PATH)? + PATH.len();
    let url = &start[from..from + start[from..].find('\'')?];
    plain_js_string(url).then_some((at, from, url))
}

/// Whether `s` can stand between single quotes in JavaScript as it is.
fn plain_js_string(s: &str) -> bool {
    !s.contains(['\\', '\'', '\n'])
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

pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_inline_module_scripts_and_keeps_external_ones() {
        let page = "<head><script src=\"/a.js\"></script>\n<script type=\"module\">\nimport init from '/app.js';\nawait init();\n</script></head><body></body>";
        let (out, files) = externalize_inline_scripts(page).unwrap();
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
    fn the_wasm_is_fetched_after_the_first_paint_instead_of_preloaded() {
        let page = "<head><script type=\"module\">\nimport init from '/app.js';\nconst wasm = await init({ module_or_path: '/a.wasm' });\n</script>\
                    <link rel=\"modulepreload\" href=\"/app.js\"><link rel=\"preload\" href=\"/a.wasm\" crossorigin=\"anonymous\" \
                    integrity=\"sha384-abc\" as=\"fetch\" type=\"application/wasm\"></head>";
        let (out, files) = externalize_inline_scripts(page).unwrap();
        assert!(!out.contains("a.wasm") && out.contains("<link rel=\"modulepreload\" href=\"/app.js\"></head>"), "{out}");
        assert_eq!(
            files[0].1,
            format!(
                "{PAINT_FIRST}{CONFIG_PREFETCH}{START_FAILED}const compiled = fetch('/a.wasm')\
                 .then((r) => r.headers.get('content-type') === 'application/wasm' ? WebAssembly.compileStreaming(r) \
                 : r.arrayBuffer().then((b) => WebAssembly.compile(b))).catch(startFailed);\n\
                 compiled.catch(() => {{}});\n\
                 const {{ default: init }} = await import('/app.js').catch(startFailed);\n\
                 const wasm = await init({{ module_or_path: compiled }}).catch(startFailed);\n"
            )
        );
    }

    #[test]
    fn a_loader_whose_import_is_not_moved_is_an_error() {
        let page = "<head><script type=\"module\">\nimport { init } from \"/app.js\";\nconst wasm = await init({ module_or_path: '/a.wasm' });\n</script></head>";
        assert!(externalize_inline_scripts(page).unwrap_err().contains("import"));
    }

    #[test]
    fn trunks_import_with_the_bindings_moves_after_the_paint() {
        let loader = "import init, * as bindings from '/app.js';\nconst wasm = await init({ module_or_path: '/a.wasm' });\nwindow.wasmBindings = bindings;\n";
        let out = paint_shell_first(loader);
        assert!(!out.contains("import init"), "{out}");
        let import = out
            .find("const bindings = await import('/app.js').catch(startFailed);\nconst init = bindings.default;\n")
            .expect("dynamic import");
        assert!(out.find(PAINT_FIRST).unwrap() < import && import < out.find("const wasm = await init(").unwrap(), "{out}");
        assert!(out.ends_with("window.wasmBindings = bindings;\n"));
        // An import it does not know stays where it is.
        let (head, import) = import_after_paint("import { init } from '/app.js';\n");
        assert_eq!((head.as_str(), import.as_str()), ("import { init } from '/app.js';\n", ""));
    }

    #[test]
    fn a_wasm_preload_whose_loader_cannot_be_rewritten_is_an_error() {
        let page = "<head><script type=\"module\">\nimport init from '/app.js';\nawait init('/a.wasm');\n</script>\
                    <link rel=\"preload\" href=\"/a.wasm\" as=\"fetch\" type=\"application/wasm\"></head>";
        assert!(externalize_inline_scripts(page).unwrap_err().contains("module_or_path"));
    }

    #[test]
    fn a_loader_without_a_wasm_file_only_waits_and_one_without_init_is_left_alone() {
        assert_eq!(paint_shell_first("await init();\n"), format!("{PAINT_FIRST}await init();\n"));
        assert_eq!(paint_shell_first("console.log(1);\n"), "console.log(1);\n");
        // A name that would need quoting in JavaScript is not written into it.
        assert_eq!(paint_shell_first("await init({ module_or_path: '/a\\'.wasm' });\n").matches("fetch('").count(), 0);
    }

    #[test]
    fn a_page_without_inline_scripts_is_unchanged() {
        let page = "<html><body><p>x</p></body></html>";
        assert_eq!(externalize_inline_scripts(page).unwrap(), (page.to_owned(), vec![]));
    }
}
