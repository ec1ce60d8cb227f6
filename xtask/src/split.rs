//! The page's references to the wasm after `cargo xtask dist` has split it
//! (see `docs/wasm-split.md`): Trunk's single `opgavepakker-<hash>.js` and
//! `…_bg.wasm` give way to a directory `wasm-<hash>/` that holds the main
//! module, its JavaScript, wasm-split's loader `__wasm_split.js` and the
//! parts it loads on demand. The files inside refer to each other by
//! relative names, so the whole directory is one content-addressed unit.

/// `page` with every reference to Trunk's `/{stem}.js` and `/{stem}_bg.wasm`
/// pointing into `/{dir}/`, and without Trunk's module preload of the
/// JavaScript: the loader imports it after the first paint, beside the wasm
/// (`html::paint_shell_first`), and the preload's `integrity` names the old
/// file's bytes.
pub fn point_page_at(page: &str, stem: &str, dir: &str) -> Result<String, String> {
    let js = format!("/{stem}.js");
    let wasm = format!("/{stem}_bg.wasm");
    let preload = page
        .match_indices("<link rel=\"modulepreload\"")
        .map(|(at, _)| at)
        .find_map(|at| page[at..].find('>').map(|len| (at, at + len + 1)).filter(|&(at, end)| page[at..end].contains(&js)))
        .ok_or_else(|| format!("index.html: no <link rel=\"modulepreload\"> of {js}"))?;
    if !page.contains(&wasm) {
        return Err(format!("index.html: the loader does not name {wasm}"));
    }
    let page = format!("{}{}", &page[..preload.0], &page[preload.1..]);
    Ok(page.replace(&js, &format!("/{dir}/opgavepakker.js")).replace(&wasm, &format!("/{dir}/opgavepakker_bg.wasm")))
}

/// Trunk's output stem (`opgavepakker-<hash>`) from the names in `dist/`.
pub fn trunk_stem<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    names.into_iter().find_map(|n| n.strip_suffix("_bg.wasm")).filter(|s| s.starts_with("opgavepakker-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<head><link rel=\"stylesheet\" href=\"/app.css\">\
        <link rel=\"modulepreload\" href=\"/opgavepakker-00ff.js\" crossorigin=\"anonymous\" integrity=\"sha384-x\">\
        <script type=\"module\">import init from '/opgavepakker-00ff.js';\nawait fetch('/opgavepakker-00ff_bg.wasm');</script></head>";

    #[test]
    fn points_the_loader_into_the_directory_without_the_preload() {
        let out = point_page_at(PAGE, "opgavepakker-00ff", "wasm-1234").unwrap();
        assert!(!out.contains("opgavepakker-00ff"), "{out}");
        assert!(!out.contains("integrity"), "{out}");
        assert!(!out.contains("modulepreload"), "{out}");
        assert!(out.contains("<link rel=\"stylesheet\" href=\"/app.css\"><script"), "{out}");
        assert!(out.contains("import init from '/wasm-1234/opgavepakker.js';"));
        assert!(out.contains("fetch('/wasm-1234/opgavepakker_bg.wasm')"));
        assert!(out.starts_with("<head><link rel=\"stylesheet\" href=\"/app.css\">"));
    }

    #[test]
    fn a_page_without_trunks_names_is_an_error() {
        assert!(point_page_at(PAGE, "opgavepakker-aaaa", "wasm-1").is_err());
        let no_wasm = PAGE.replace("/opgavepakker-00ff_bg.wasm", "/other.wasm");
        assert!(point_page_at(&no_wasm, "opgavepakker-00ff", "wasm-1").is_err());
    }

    #[test]
    fn finds_trunks_stem() {
        assert_eq!(trunk_stem(["index.html", "opgavepakker-00ff.js", "opgavepakker-00ff_bg.wasm"]), Some("opgavepakker-00ff"));
        assert_eq!(trunk_stem(["index.html", "other_bg.wasm"]), None);
    }
}
