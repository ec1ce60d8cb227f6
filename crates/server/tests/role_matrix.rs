//! The role matrix (issue 11 item 7): every route of the OpenAPI document ×
//! anonymous, admin and each demo caseworker, against the expected status
//! in `role_matrix.json`. Fails on any status other than the table's (so
//! on any unexpected 2xx), on any 5xx whatever the table says, on a 2xx
//! for anonymous outside the public routes, and on a route of the document
//! missing from the table or a route in the table the document lacks.
//!
//! Each request is sent as the table's row says: path parameters from
//! `params` (or the row's own `path`), POST and PUT with the body `{}`
//! (so a write is refused by validation rather than done). The rows run in
//! the table's order, each user in `users` order, on one demo database.
//!
//! After a deliberate change of access rules, `ROLE_MATRIX_WRITE=1 cargo
//! test -p server --test role_matrix` rewrites the table with what the
//! server answered; review the diff before committing it.

mod common;

use axum::http::{Method, StatusCode};
use common::{request, test_app, TestApp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

const TABLE: &str = "tests/role_matrix.json";
/// Routes anyone may call with success without a session.
const PUBLIC: &[&str] = &["GET /api/health", "GET /api/session", "DELETE /api/session"];

#[derive(Serialize, Deserialize)]
struct Table {
    #[serde(rename = "_doc")]
    doc: String,
    /// Who calls: "anonymous" or a demo username.
    users: Vec<String>,
    /// Values of the path parameters, by name.
    params: BTreeMap<String, String>,
    /// "METHOD /path" (as in the OpenAPI document) → the row.
    routes: BTreeMap<String, Row>,
}

#[derive(Serialize, Deserialize)]
struct Row {
    /// The path to call, when the parameters' defaults do not fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// The expected status per user.
    expect: BTreeMap<String, u16>,
}

/// Every "METHOD /path" of the OpenAPI document.
fn documented_routes() -> BTreeSet<String> {
    let doc = server::http::openapi::document();
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "put", "post", "delete", "patch"] {
            if item.get(method).is_some() {
                out.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    out
}

fn concrete_path(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = template.to_owned();
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    assert!(!out.contains('{'), "no value for a parameter of {template}");
    out
}

struct Sessions(BTreeMap<String, String>);

impl Sessions {
    async fn all(app: &TestApp, users: &[String]) -> Sessions {
        let mut out = BTreeMap::new();
        for u in users.iter().filter(|u| *u != "anonymous") {
            out.insert(u.clone(), app.login(u).await);
        }
        Sessions(out)
    }
}

#[tokio::test]
async fn every_route_answers_each_role_as_the_table_says() {
    let raw = std::fs::read_to_string(TABLE).expect("role_matrix.json");
    let mut table: Table = serde_json::from_str(&raw).expect("role_matrix.json parses");
    let documented = documented_routes();
    let listed: BTreeSet<String> = table.routes.keys().cloned().collect();
    let writing = std::env::var_os("ROLE_MATRIX_WRITE").is_some();
    if !writing {
        let missing: Vec<_> = documented.difference(&listed).collect();
        let extra: Vec<_> = listed.difference(&documented).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "routes of the OpenAPI document not in the table: {missing:?}; in the table but not documented: {extra:?}"
        );
    } else {
        table.routes.retain(|k, _| documented.contains(k));
        for r in &documented {
            table.routes.entry(r.clone()).or_insert(Row { path: None, expect: BTreeMap::new() });
        }
    }

    let app = test_app().await;
    let mut sessions = Sessions::all(&app, &table.users).await;
    let mut failures = Vec::new();
    let users = table.users.clone();
    for (route, row) in table.routes.iter_mut() {
        let (method, template) = route.split_once(' ').unwrap();
        let method: Method = method.parse().unwrap();
        let path = row.path.clone().unwrap_or_else(|| concrete_path(template, &table.params));
        for user in &users {
            let cookie = sessions.0.get(user).cloned();
            let body = matches!(method, Method::POST | Method::PUT).then(|| serde_json::json!({}));
            let res = app.send(request(method.clone(), &path, cookie.as_deref(), None, body)).await;
            let got = res.status();
            if got.is_server_error() {
                failures.push(format!("{route} as {user}: {got} (never a 5xx)"));
            }
            if user == "anonymous" && got.is_success() && !PUBLIC.contains(&route.as_str()) {
                failures.push(format!("{route} as anonymous: {got} without a session"));
            }
            if writing {
                row.expect.insert(user.clone(), got.as_u16());
            } else {
                match row.expect.get(user).map(|&s| StatusCode::from_u16(s).unwrap()) {
                    Some(want) if want == got => {}
                    Some(want) => failures.push(format!("{route} ({path}) as {user}: {got}, expected {want}")),
                    None => failures.push(format!("{route} as {user}: no expected status in the table (got {got})")),
                }
            }
            // Logging out ends a session; ending a user's sessions ends theirs.
            if route == "DELETE /api/session" || route.ends_with("/sessions") {
                sessions = Sessions::all(&app, &table.users).await;
            }
        }
    }
    if writing {
        std::fs::write(TABLE, serde_json::to_string_pretty(&table).unwrap() + "\n").unwrap();
    }
    assert!(failures.is_empty(), "{} of the role matrix's cells failed:\n{}", failures.len(), failures.join("\n"));
}
