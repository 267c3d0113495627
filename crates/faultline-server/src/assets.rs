//! What is not a query: the OpenAPI document and the static files of
//! the UI, compiled into the binary.
//!
//! A static path is looked up among the embedded files only, and only
//! when each of its segments is a plain name (no `..`, `.`, empty
//! segment, backslash or NUL): nothing outside `ui/` can be named, and
//! nothing is read from disk.

use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};

use crate::ApiError;

/// The OpenAPI 3 document of every endpoint.
pub(crate) const OPENAPI: &str = include_str!("../openapi.json");

/// The UI's files.
static UI: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/ui");

pub(crate) async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

/// Any other path under `/api`.
pub(crate) async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "no endpoint {}; /api/openapi.json lists them",
        uri.path()
    ))
}

/// The embedded file a request path names, if it is a plain relative
/// path; `/` is `index.html`.
pub(crate) fn lookup(path: &str) -> Option<&'static include_dir::File<'static>> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = if path.is_empty() { "index.html" } else { path };
    let plain = path.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && !segment.contains(['\\', '\0', ':'])
    });
    if !plain {
        return None;
    }
    UI.get_file(path)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /{path}`: an embedded file, else 404.
pub(crate) async fn file(uri: Uri) -> Response {
    match lookup(uri.path()) {
        Some(f) => (
            [
                (
                    header::CONTENT_TYPE,
                    content_type(&f.path().to_string_lossy()),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            f.contents(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_of_embedded_files_are_found() {
        assert!(lookup("/").is_some());
        assert!(lookup("/index.html").is_some());
        for bad in [
            "/../Cargo.toml",
            "/..",
            "/./index.html",
            "//index.html",
            "/index.html/",
            "/a/../index.html",
            "/..\\Cargo.toml",
            "/C:/index.html",
            "/missing.js",
        ] {
            assert!(lookup(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_openapi_document_is_json() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        assert_eq!(doc["openapi"].as_str().map(|v| &v[..2]), Some("3."));
    }
}
