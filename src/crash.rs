//! When the app meets a bug it cannot go on from (a panic): the release
//! build aborts (`panic = "abort"`), so every button would stop answering
//! without a word. The hook logs the panic's message to the console and
//! puts a Danish error at the top of the page with a link that reloads it.
//! Nothing reactive runs here (the app is stopping): plain DOM only.

use wasm_bindgen::JsCast;

const NOTICE: &str = r#"<div class="app-crashed" role="alert">
  <div class="alert alert-error">
    <svg class="icon-svg alert-icon" aria-hidden="true" focusable="false"><use href="/img/all-svg-icons.svg#error"></use></svg>
    <div class="alert-body">
      <p class="alert-heading">Der opstod en fejl i Opgavepakker</p>
      <div class="alert-text">
        <p>Programmet er stoppet på grund af en fejl og reagerer ikke længere. Genindlæs siden for at fortsætte. Det, du har udfyldt i en opgave eller en editor, er gemt i denne fane. Sker det igen, så kontakt kommunens it-support.</p>
        <p><a class="button button-primary" id="app-crashed-reload" href="HREF">Genindlæs siden</a></p>
      </div>
    </div>
  </div>
</div>"#;

/// Installs the hook (once, before the app mounts).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("Opgavepakker stoppede: {info}");
        show();
    }));
}

fn show() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if doc.get_element_by_id("app-crashed-reload").is_some() {
        return;
    }
    let href = doc.location().and_then(|l| l.href().ok()).unwrap_or_else(|| "/".to_owned());
    let href = href.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    if let Some(body) = doc.body() {
        let _ = body.insert_adjacent_html("afterbegin", &NOTICE.replace("HREF", &href));
    }
    if let Some(link) = doc.get_element_by_id("app-crashed-reload").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = link.focus();
    }
}
