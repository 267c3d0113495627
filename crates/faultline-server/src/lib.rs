//! The HTTP server of `faultline serve`: a JSON API over a store, its
//! OpenAPI document and the web UI, on axum and tokio.
//!
//! Only this crate knows HTTP. Each handler turns its parameters into a
//! store query ([`faultline_store::EventFilter`], [`faultline_store::Snapshot::event`])
//! or a pipeline call, and the answer into JSON; nothing here codes text
//! or writes SQL. The analysis endpoints (series, alignment, changes,
//! countries, meta) answer from a [`faultline_analytics::Dataset`] built
//! at start and rebuilt in the background after documents are stored
//! (`analysis.rs`; a write answers once its document is stored, and the
//! analysis catches up a rebuild later). Three
//! decisions shape it:
//!
//! - **Read-only unless given a token.** `POST /api/documents` codes and
//!   stores a document through the same pipeline and store calls as
//!   `faultline ingest`, and only when the server was started with a
//!   token and the request carries it as `Authorization: Bearer …`
//!   (403 without a token, 401 with a wrong or missing bearer).
//! - **Parameters are checked by name.** Every query parameter is read by
//!   hand from the query string ([`params`]); an unknown, repeated or
//!   malformed one is a 400 whose JSON names it (`{"error": …,
//!   "parameter": "limit"}`), never a 500 or a silent default.
//! - **SQLite work off the async threads.** Queries and coding run on
//!   tokio's blocking pool with a connection from a small pool ([`pool`]);
//!   each request has a time limit (a JSON 503 when it is exceeded) and
//!   request bodies a size limit (413).
//!
//! The OpenAPI 3 document (`openapi.json` in this crate, served at
//! `/api/openapi.json`) is written by hand; `tests/api.rs` checks that it
//! names exactly the routes the router serves, and
//! `scripts/api/conformance.sh` runs schemathesis against a live server.
//! Static files (the `ui/` folder) are compiled in with `include_dir!`.
//!
//! ```no_run
//! use faultline_server::{Config, Server};
//!
//! let config = Config::new("faultline.db".into(), "127.0.0.1:8080".parse().unwrap());
//! let server = Server::open(config)?;
//! server.run(|addr| eprintln!("serving on http://{addr}/"))?;
//! # Ok::<(), faultline_server::ServerError>(())
//! ```

mod analysis;
mod assets;
pub mod demo;
mod detail;
mod documents;
mod error;
mod events;
pub mod params;
pub mod pool;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use faultline_store::{Store, StoreError};

pub use error::ApiError;

/// How a server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store to serve; it must exist.
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// The bearer token that allows `POST /api/documents`; read-only
    /// without one.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// How long a request may take.
    pub timeout: Duration,
}

impl Config {
    /// A read-only server of `db` on `addr`, with the default limits
    /// ([`BODY_LIMIT`], [`TIMEOUT`]).
    pub fn new(db: PathBuf, addr: SocketAddr) -> Config {
        Config {
            db,
            addr,
            token: None,
            body_limit: BODY_LIMIT,
            timeout: TIMEOUT,
        }
    }

    /// The same server, accepting documents from requests bearing `token`
    /// when there is one.
    pub fn with_token(self, token: Option<String>) -> Config {
        Config { token, ..self }
    }
}

/// The default body limit: 2 MiB, room for the largest document the
/// pipeline codes in one request.
pub const BODY_LIMIT: usize = 2 << 20;

/// How long a rebuild of the analysis waits after a write, for the
/// writes that follow it.
const REBUILD_GAP: Duration = Duration::from_millis(500);

/// The default time limit of a request.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Why a server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open the database {}: {source}", path.display())]
    Store { path: PathBuf, source: StoreError },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) pool: pool::Pool,
    pub(crate) token: Option<String>,
    /// The one connection that writes (ingest), when there is a token.
    pub(crate) writer: Option<Mutex<Store>>,
    pub(crate) timeout: Duration,
    pub(crate) body_limit: usize,
    /// The events indexed for analysis; replaced after documents are
    /// stored ([`AppState::reanalyse_soon`]).
    pub(crate) analysis: RwLock<Arc<analysis::Analysis>>,
    /// A document was stored since the last rebuild of `analysis` began.
    pub(crate) stale: AtomicBool,
    /// A rebuild of `analysis` is running.
    pub(crate) rebuilding: AtomicBool,
}

impl AppState {
    /// The current analysis dataset.
    pub(crate) fn analysis(&self) -> Arc<analysis::Analysis> {
        self.analysis
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Rebuilds the analysis dataset in the background, off the writer
    /// lock, after a document was stored: the analysis endpoints catch up
    /// with it a rebuild later (about a second per million events), while
    /// event queries see it at once. Rebuilds never overlap, and documents
    /// stored during one are taken in by the next, so a burst of writes
    /// costs one or two rebuilds, not one each.
    pub(crate) fn reanalyse_soon(self: &Arc<Self>) {
        self.stale.store(true, Ordering::SeqCst);
        if self.rebuilding.swap(true, Ordering::SeqCst) {
            // the rebuild running now looks at `stale` when it ends
            return;
        }
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || loop {
            // the rest of a burst of writes joins this rebuild, and writes
            // that never stop leave the cores to themselves between two
            std::thread::sleep(REBUILD_GAP);
            state.stale.store(false, Ordering::SeqCst);
            match state.pool.with(analysis::Analysis::build) {
                Ok(Ok(fresh)) => {
                    *state
                        .analysis
                        .write()
                        .unwrap_or_else(PoisonError::into_inner) = Arc::new(fresh);
                }
                // the dataset in place stays; the next write tries again
                Ok(Err(e)) | Err(e) => eprintln!("faultline serve: analysis not rebuilt: {e}"),
            }
            state.rebuilding.store(false, Ordering::SeqCst);
            if !state.stale.load(Ordering::SeqCst) || state.rebuilding.swap(true, Ordering::SeqCst)
            {
                return;
            }
        });
    }
}

type Shared = Arc<AppState>;

/// A server ready to listen: its store opened (and upgraded to the
/// current schema), and its dictionaries loaded if it accepts documents.
pub struct Server {
    config: Config,
    state: Shared,
}

impl Server {
    /// Opens the store named by `config`; with a token, also a writing
    /// connection, and loads the dictionaries ingest codes with.
    pub fn open(config: Config) -> Result<Server, ServerError> {
        let store_error = |source| ServerError::Store {
            path: config.db.clone(),
            source,
        };
        let writer = match &config.token {
            Some(_) => {
                documents::warm_up();
                // nothing is written into a damaged file (checked before anything
                // else reads it)
                let writer = Store::open_existing(&config.db).map_err(store_error)?;
                writer.quick_check().map_err(store_error)?;
                Some(Mutex::new(writer))
            }
            None => None,
        };
        let pool = pool::Pool::new(config.db.clone());
        // the first connection checks (and upgrades) the store, and the
        // events are read for analysis
        let analysis = pool
            .with(analysis::Analysis::build)
            .and_then(|built| built)
            .map_err(store_error)?;
        let state = Arc::new(AppState {
            pool,
            token: config.token.clone(),
            writer,
            timeout: config.timeout,
            body_limit: config.body_limit,
            analysis: RwLock::new(Arc::new(analysis)),
            stale: AtomicBool::new(false),
            rebuilding: AtomicBool::new(false),
        });
        Ok(Server { config, state })
    }

    /// The routes, with their limits.
    pub fn router(&self) -> Router {
        router(self.state.clone(), self.config.body_limit)
    }

    /// Serves on `listener` until `shutdown` completes.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await?;
        Ok(())
    }

    /// Listens on the configured address, calls `ready` with the address
    /// bound (port 0 picks a free one), and serves until Ctrl-C.
    pub fn run(self, ready: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let addr = self.config.addr;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|source| ServerError::Bind { addr, source })?;
            ready(listener.local_addr()?);
            let ctrl_c = async {
                // without a signal handler the server runs until killed
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            };
            self.serve(listener, ctrl_c).await
        })
    }
}

fn router(state: Shared, body_limit: usize) -> Router {
    Router::new()
        .route("/api/events", get(events::list))
        .route("/api/events/{id}", get(events::one))
        .route("/api/documents", axum::routing::post(documents::post))
        .route("/api/dyads/{a}/{b}/series", get(analysis::series))
        .route("/api/alignment", get(analysis::alignment))
        .route("/api/changes", get(analysis::changes))
        .route("/api/countries/{code}", get(analysis::country))
        .route("/api/meta", get(analysis::meta))
        .route("/api/openapi.json", get(assets::openapi))
        .route("/api", get(assets::api_not_found))
        .route("/api/{*rest}", get(assets::api_not_found))
        .fallback(get(assets::file))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(state.clone(), time_limit))
        .with_state(state)
}

/// Answers 503 with a JSON error when a request takes longer than the
/// configured time. A query already running on the blocking pool runs to
/// its end; its answer is dropped.
async fn time_limit(State(state): State<Shared>, request: Request, next: Next) -> Response {
    limited(state.timeout, next.run(request)).await
}

/// The response `answer` gives within `limit`, else a 503.
async fn limited(limit: Duration, answer: impl Future<Output = Response>) -> Response {
    match tokio::time::timeout(limit, answer).await {
        Ok(response) => response,
        Err(_) => ApiError::timeout(limit).into_response(),
    }
}

/// Runs `work` with a pooled read connection on the blocking pool.
pub(crate) async fn with_store<T: Send + 'static>(
    state: &Shared,
    work: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || state.pool.with(work).map_err(ApiError::store)?)
        .await
        .map_err(|e| ApiError::internal(format!("the query stopped: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[test]
    fn slow_answers_become_503() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let limit = Duration::from_millis(20);
        let slow = runtime.block_on(limited(limit, std::future::pending()));
        assert_eq!(slow.status(), StatusCode::SERVICE_UNAVAILABLE);
        let quick = runtime.block_on(limited(limit, async { StatusCode::OK.into_response() }));
        assert_eq!(quick.status(), StatusCode::OK);
    }
}
