//! The routes a server knows, each at its path, with the method it takes
//! and the role it needs.

use crate::sim::http::Method;
use crate::sim::keys::JWKS_PATH;
use crate::sim::lifecycle::{
    LOGOUT_EVERYWHERE_PATH, REFRESH_PATH, REFRESH_REVOKE_PATH, REVOKE_PATH,
};

/// `POST` here with `{"email", "password"}` logs in.
pub const LOGIN_PATH: &str = "/user/login";
/// `POST` here logs out.
pub const LOGOUT_PATH: &str = "/user/logout";
/// `GET` here: any logged-in user's profile.
pub const PROFILE_PATH: &str = "/api/profile";
/// `GET` here: role "admin" only.
pub const ADMIN_PATH: &str = "/api/admin";

/// The routes a server knows, each at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Login,
    Logout,
    Profile,
    Admin,
    Jwks,
    Refresh,
    RefreshRevoke,
    Revoke,
    LogoutEverywhere,
    Rename,
}

/// `POST` here with `{"name": "..."}` changes the logged-in user's display name.
pub const RENAME_PATH: &str = "/api/profile/name";
/// Longest display name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 60;

impl Route {
    /// The route at `path` (without its query), if a server has one there.
    pub fn find(path: &str) -> Option<Route> {
        match path {
            LOGIN_PATH => Some(Route::Login),
            LOGOUT_PATH => Some(Route::Logout),
            PROFILE_PATH => Some(Route::Profile),
            ADMIN_PATH => Some(Route::Admin),
            JWKS_PATH => Some(Route::Jwks),
            REFRESH_PATH => Some(Route::Refresh),
            REFRESH_REVOKE_PATH => Some(Route::RefreshRevoke),
            REVOKE_PATH => Some(Route::Revoke),
            LOGOUT_EVERYWHERE_PATH => Some(Route::LogoutEverywhere),
            RENAME_PATH => Some(Route::Rename),
            _ => None,
        }
    }

    pub(super) fn method(self) -> Method {
        match self {
            Route::Login
            | Route::Logout
            | Route::Refresh
            | Route::RefreshRevoke
            | Route::Revoke
            | Route::LogoutEverywhere
            | Route::Rename => Method::Post,
            Route::Profile | Route::Admin | Route::Jwks => Method::Get,
        }
    }

    pub(super) fn required_role(self) -> Option<&'static str> {
        match self {
            Route::Admin => Some("admin"),
            _ => None,
        }
    }
}
