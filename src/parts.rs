//! The pages behind the login, in two parts that the release build loads
//! when a route first needs them: the administration (`AdminPart`) and the
//! caseworker's pages (`WorkPart`). The login page, the header and the route
//! guard stay in the first download, so it holds only what every visit runs.
//!
//! The split is made by `cargo xtask dist`: it builds with
//! `--cfg opgavepakker_split`, under which `#[wasm_split]` turns each part
//! into an import that wasm-split cuts out of the main module, with all
//! code only that part reaches (`docs/wasm-split.md`). Every other build
//! (tests, `trunk serve`, lints) runs the same pages through ordinary async
//! functions in one module.
//!
//! A route names its page by a constant: `Lazy::<AdminPart<{ ROLES }>>`.

use crate::components::{Alert, AlertKind, Page};
use crate::pages::{AdminPage, AuditPage, CredentialsPage, PackageEditPage, PackageHistoryPage, PackageNewPage, ParameterPage};
use crate::pages::{CitizenPage, CitizenProcessPage, CitizenSearchPage, MyPackagesPage, PackageTasksPage, RolesPage, TaskPage, UsersPage};
use leptos::prelude::*;
use leptos_router::LazyRoute;

pub const ADMIN: u8 = 0;
pub const ROLES: u8 = 1;
pub const USERS: u8 = 2;
pub const PACKAGE_HISTORY: u8 = 3;
pub const PACKAGE_NEW: u8 = 4;
pub const PACKAGE_EDIT: u8 = 5;
pub const AUDIT: u8 = 6;
pub const CREDENTIALS: u8 = 7;
pub const PARAMETER: u8 = 8;

// The caseworker's pages from 16, so that no number names a page of both parts.
pub const MY_PACKAGES: u8 = 16;
pub const PACKAGE_TASKS: u8 = 17;
pub const TASK: u8 = 18;
pub const CITIZEN_SEARCH: u8 = 19;
pub const CITIZEN: u8 = 20;
pub const CITIZEN_PROCESS: u8 = 21;

/// Why a part is missing: it could not be fetched or started (the network,
/// or a new release replaced the files of the one this page started with).
pub use leptos::wasm_split::SplitLoaderError as PartError;

/// A part: its route type (`$route<{ PAGE }>`, `PAGE` in `$first..=$last`,
/// checked when a route is built: `cargo build`, not `cargo check`), the function the release build
/// splits at (`$split`, the module's name in `dist/wasm-<hash>/`), the one
/// that fetches the part without showing a page (`$prefetch`) and the
/// function that makes the page (`$pages`). Under the split the part is
/// a module of its own, fetched on the first call; a failed fetch is an
/// `Err` (shown as [`PartUnavailable`]), and the next call tries again.
macro_rules! part {
    ($(#[$doc:meta])* $route:ident, $split:ident, $prefetch:ident, $pages:ident, $first:ident ..= $last:ident) => {
        $(#[$doc])*
        pub struct $route<const PAGE: u8>;

        impl<const PAGE: u8> LazyRoute for $route<PAGE> {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                const { assert!($first <= PAGE && PAGE <= $last, "no such page in this part") };
                $split(PAGE).await.unwrap_or_else(|_| view! { <PartUnavailable/> }.into_any())
            }
        }

        #[cfg(opgavepakker_split)]
        #[leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible, preload($prefetch))]
        fn $split(page: u8) -> Result<AnyView, PartError> {
            Ok($pages(page))
        }

        #[cfg(not(opgavepakker_split))]
        async fn $split(page: u8) -> Result<AnyView, PartError> {
            Ok($pages(page))
        }

        #[cfg(not(opgavepakker_split))]
        async fn $prefetch() -> Result<(), PartError> {
            Ok(())
        }
    };
}

part!(
    /// An administration page (the constants above `MY_PACKAGES`).
    AdminPart,
    admin_part,
    prefetch_admin_part,
    admin_page,
    ADMIN..=PARAMETER
);
part!(
    /// A caseworker's page (the constants from `MY_PACKAGES`).
    WorkPart,
    work_part,
    prefetch_work_part,
    work_page,
    MY_PACKAGES..=CITIZEN_PROCESS
);

/// Fetches the parts the user's main menu leads to (everyone's
/// "Mine opgavepakker" and "Søg", an admin's administration), so that the
/// first visit to one does not wait. The route guard calls it when the
/// browser is idle, two seconds after the first page; a part already fetched is not
/// fetched again, and a failed fetch is left to the route that needs it.
pub fn prefetch_parts(admin: bool) {
    leptos::task::spawn_local(async move {
        let _ = prefetch_work_part().await;
        if admin {
            let _ = prefetch_admin_part().await;
        }
    });
}

fn admin_page(page: u8) -> AnyView {
    match page {
        ROLES => view! { <RolesPage/> }.into_any(),
        USERS => view! { <UsersPage/> }.into_any(),
        PACKAGE_HISTORY => view! { <PackageHistoryPage/> }.into_any(),
        PACKAGE_NEW => view! { <PackageNewPage/> }.into_any(),
        PACKAGE_EDIT => view! { <PackageEditPage/> }.into_any(),
        AUDIT => view! { <AuditPage/> }.into_any(),
        CREDENTIALS => view! { <CredentialsPage/> }.into_any(),
        PARAMETER => view! { <ParameterPage/> }.into_any(),
        // ADMIN; the routes name no other page (`part!` checks).
        _ => view! { <AdminPage/> }.into_any(),
    }
}

fn work_page(page: u8) -> AnyView {
    match page {
        PACKAGE_TASKS => view! { <PackageTasksPage/> }.into_any(),
        TASK => view! { <TaskPage/> }.into_any(),
        CITIZEN_SEARCH => view! { <CitizenSearchPage/> }.into_any(),
        CITIZEN => view! { <CitizenPage/> }.into_any(),
        CITIZEN_PROCESS => view! { <CitizenProcessPage/> }.into_any(),
        // MY_PACKAGES; the routes name no other page (`part!` checks).
        _ => view! { <MyPackagesPage/> }.into_any(),
    }
}

/// The page in place of one whose part could not be fetched: what happened
/// and a way on. "Prøv igen" loads the address anew, which fetches the part
/// again (or, after a new release, the new one).
#[component]
fn PartUnavailable() -> impl IntoView {
    view! {
        <Page title="Siden kunne ikke hentes">
            <Alert kind=AlertKind::Error heading="Denne del af Opgavepakker kunne ikke hentes">
                <p>"Tjek din netværksforbindelse og prøv igen. Sker det igen, så kontakt kommunens it-support."</p>
            </Alert>
            <button class="button button-primary" type="button" on:click=|_| {
                let _ = window().location().reload();
            }>
                "Prøv igen"
            </button>
        </Page>
    }
}
