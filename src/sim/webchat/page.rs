//! The customer chat page: `GET /chat` (HTML), `/chat/chat.js`, `/chat/chat.css`, shipped
//! in the binary (`include_str!`): no CDN, no build step, works offline. The script uses
//! only the Web Interaction REST API beside it and shows every text from the server with
//! `textContent`, never as HTML. The page is served with a Content-Security-Policy that
//! allows only its own script, style and same-origin requests (no inline script, no
//! other origin), so even markup that slipped into the page could not run.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::CHAT_PAGE;

const HTML: &str = include_str!("page/chat.html");
const SCRIPT: &str = include_str!("page/chat.js");
const STYLE: &str = include_str!("page/chat.css");

/// `Content-Security-Policy` of the page and its files.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                   img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The page's routes (no state needed).
pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            CHAT_PAGE,
            get(|| async { asset("text/html; charset=utf-8", HTML) }),
        )
        .route(
            &format!("{CHAT_PAGE}/chat.js"),
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            &format!("{CHAT_PAGE}/chat.css"),
            get(|| async { asset("text/css; charset=utf-8", STYLE) }),
        )
}

#[cfg(test)]
mod tests {
    use super::super::{API_BASE, CLIENT_ID, CLIENT_SECRET};
    use super::*;

    #[test]
    fn the_page_uses_the_api_and_the_demo_client() {
        assert!(SCRIPT.contains(&format!("const API = \"{API_BASE}\"")));
        assert!(SCRIPT.contains(&format!("const CLIENT_ID = \"{CLIENT_ID}\"")));
        assert!(SCRIPT.contains(&format!("const CLIENT_SECRET = \"{CLIENT_SECRET}\"")));
        assert!(HTML.contains("src=\"/chat/chat.js\""));
        assert!(HTML.contains("href=\"/chat/chat.css\""));
    }

    #[test]
    fn server_text_never_becomes_html() {
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!SCRIPT.contains(sink), "{sink} in chat.js");
        }
        assert!(
            !HTML.contains("<script>"),
            "no inline script (the CSP forbids it)"
        );
        assert!(
            !HTML.contains("http://") && !HTML.contains("https://"),
            "no other origin"
        );
    }
}
