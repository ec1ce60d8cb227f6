//! One module per route. Pages do not import each other: what two pages
//! share is a component (`crate::components`).

pub mod admin;
pub mod audit;
pub mod citizen;
pub mod citizen_process;
pub mod credentials;
pub mod home;
pub mod login;
pub mod my_packages;
pub mod package_editor;
pub mod package_history;
pub mod package_tasks;
pub mod parameter;
pub mod roles;
pub mod task;
pub mod users;

pub use admin::AdminPage;
pub use audit::AuditPage;
pub use citizen::{CitizenPage, CitizenSearchPage};
pub use citizen_process::CitizenProcessPage;
pub use credentials::CredentialsPage;
pub use home::HomeRedirect;
pub use login::LoginPage;
pub use my_packages::MyPackagesPage;
pub use package_editor::{PackageEditPage, PackageNewPage};
pub use package_history::PackageHistoryPage;
pub use package_tasks::PackageTasksPage;
pub use parameter::ParameterPage;
pub use roles::RolesPage;
pub use task::TaskPage;
pub use users::UsersPage;
