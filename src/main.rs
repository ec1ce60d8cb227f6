//! Entry point of the browser app: takes over from the static shell in
//! `index.html` and mounts [`opgavepakker::app::App`], nothing else.

fn main() {
    opgavepakker::crash::install();
    // The shell painted the frame the app renders first; removing it and
    // mounting in the same task leaves no frame without it (no flash).
    if let Some(shell) = leptos::prelude::document().get_element_by_id("app-shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(opgavepakker::app::App);
}
