//! A pool of read connections: a request takes one, or opens one when
//! none is free, and gives it back when done. SQLite connections are
//! cheap but not free to open (each reads the schema), and a WAL store
//! lets any number of them read while one writes.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use faultline_store::{Store, StoreError};

/// The memory map of each read connection: the database up to this size
/// is read without a system call a page (the operating system shares the
/// mapped pages between connections).
const MMAP: u64 = 4 << 30;

/// The page cache of each read connection, for what lies past the map.
const CACHE: u64 = 32 << 20;

/// Connections kept open when idle; more are opened under load and
/// closed when given back to a full pool.
const IDLE: usize = 8;

/// Read connections to one store.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
}

impl Pool {
    /// A pool of connections to the store at `path` (none open yet).
    pub fn new(path: PathBuf) -> Pool {
        Pool {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `work` with an idle connection, or a new one, and keeps the
    /// connection for the next caller (up to [`IDLE`] of them).
    pub fn with<T>(&self, work: impl FnOnce(&Store) -> T) -> Result<T, StoreError> {
        let idle = self.idle().pop();
        let store = match idle {
            Some(store) => store,
            None => {
                let store = Store::open_existing(&self.path)?;
                store.map_for_reading(MMAP, CACHE)?;
                store
            }
        };
        let out = work(&store);
        let mut idle = self.idle();
        if idle.len() < IDLE {
            idle.push(store);
        }
        Ok(out)
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Store>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
