//! Post-processing of Trunk's `index.html` for the Content-Security-Policy.

/// Moves every inline `<script>` (one without `src`) into a file of its own
/// and points a `<script src>` at it. Returns the new page and the files
/// (name, content) to write next to it. File names carry a content hash so
/// they can be cached forever. Trunk's loader also waits for the static
/// shell to be painted before it starts the wasm ([`paint_shell_first`]).
pub fn externalize_inline_scripts(page: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(page.len());
    let mut files = Vec::new();
    let mut rest = page;
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
            let body = paint_shell_first(&(body.trim().to_owned() + "\n"));
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

/// The wait Trunk's loader gets before it starts the wasm: one painted
/// frame (at most 100 ms, so a tab in the background starts too). The wasm
/// is preloaded, so its download does not wait; only its start does, so the
/// browser paints the static shell first instead of the app's first frame.
pub const PAINT_FIRST: &str = "await new Promise((go) => { requestAnimationFrame(() => setTimeout(go)); setTimeout(go, 100); });\n";

/// `loader` with [`PAINT_FIRST`] before the line that starts the wasm
/// (`await init(`); a loader without that line is left as it is.
pub fn paint_shell_first(loader: &str) -> String {
    match loader.find("const wasm = await init(").or_else(|| loader.find("await init(")) {
        Some(at) => format!("{}{PAINT_FIRST}{}", &loader[..at], &loader[at..]),
        None => loader.to_owned(),
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
    fn the_loader_waits_for_a_painted_frame_before_it_starts_the_wasm() {
        let loader = "import init from '/app.js';\nconst wasm = await init({ module_or_path: '/a.wasm' });\nwindow.x = 1;\n";
        let out = paint_shell_first(loader);
        assert_eq!(
            out,
            format!("import init from '/app.js';\n{PAINT_FIRST}const wasm = await init({{ module_or_path: '/a.wasm' }});\nwindow.x = 1;\n")
        );
        assert_eq!(paint_shell_first("console.log(1);\n"), "console.log(1);\n");
    }

    #[test]
    fn a_page_without_inline_scripts_is_unchanged() {
        let page = "<html><body><p>x</p></body></html>";
        assert_eq!(externalize_inline_scripts(page), (page.to_owned(), vec![]));
    }
}
