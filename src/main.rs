//! Entry point of the browser app: mounts [`opgavepakker::app::App`], nothing else.

fn main() {
    leptos::mount::mount_to_body(opgavepakker::app::App);
}
