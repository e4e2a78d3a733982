//! Where uploaded files' bytes live. [`LocalDir`] (a directory outside the web root,
//! `CLIENTELE_MEDIA_DIR`, default `data/media`) is the default; [`super::s3::S3Store`]
//! (an S3-compatible bucket that several app servers share) is the other.

use futures::future::BoxFuture;
use std::io;
use std::path::PathBuf;

/// A place to keep files by key (an upload's token: 32 hex digits).
pub trait FileStore: Send + Sync + 'static {
    /// Keep `bytes` under `key`, replacing what was there; whole or not at all.
    fn put<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, io::Result<()>>;
    /// The bytes under `key`, `None` when there are none.
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<Option<Vec<u8>>>>;
    /// Forget `key` (nothing to forget is fine).
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<()>>;
}

/// Check that `key` is an upload token (32 hex digits), so no store can be led outside
/// its place by a key: every store calls this before it builds a path.
pub(crate) fn check_key(key: &str) -> io::Result<()> {
    if crate::sessions::token::is_token(key) {
        Ok(())
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, "bad file key"))
    }
}

/// Files in a local directory: `<dir>/<first two hex digits>/<key>`.
#[derive(Clone, Debug)]
pub struct LocalDir {
    dir: PathBuf,
}

impl LocalDir {
    pub fn new(dir: impl Into<PathBuf>) -> LocalDir {
        LocalDir { dir: dir.into() }
    }

    /// The path of `key`; an error for a key that is not a token (no path tricks).
    fn path(&self, key: &str) -> io::Result<PathBuf> {
        check_key(key)?;
        Ok(self.dir.join(&key[..2]).join(key))
    }
}

impl FileStore for LocalDir {
    fn put<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            let path = self.path(key)?;
            let parent = path.parent().unwrap_or(&self.dir).to_path_buf();
            tokio::fs::create_dir_all(&parent).await?;
            // Written beside, then renamed: a reader never sees half a file.
            let partial = parent.join(format!("{key}.part"));
            tokio::fs::write(&partial, bytes).await?;
            tokio::fs::rename(&partial, &path).await
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            match tokio::fs::read(self.path(key)?).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.path(key)?).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_local_directory_keeps_replaces_and_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDir::new(dir.path());
        let key = "0123456789abcdef0123456789abcdef";
        assert_eq!(store.get(key).await.unwrap(), None);
        store.put(key, b"one").await.unwrap();
        store.put(key, b"two").await.unwrap();
        assert_eq!(store.get(key).await.unwrap().as_deref(), Some(&b"two"[..]));
        store.delete(key).await.unwrap();
        store.delete(key).await.unwrap();
        assert_eq!(store.get(key).await.unwrap(), None);
        assert!(store.put("../../etc/passwd", b"x").await.is_err());
    }
}
