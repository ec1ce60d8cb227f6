//! One module per route.

pub mod admin;
pub mod home;
pub mod login;
pub mod my_packages;
pub mod not_found;

pub use admin::AdminPage;
pub use home::HomeRedirect;
pub use login::LoginPage;
pub use my_packages::MyPackagesPage;
pub use not_found::NotFoundPage;
