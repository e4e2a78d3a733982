//! Uploaded files in an S3-compatible bucket (Amazon S3, MinIO, Ceph, Cloudflare R2…),
//! for several app servers that share no disk. Requests are path-style
//! (`<endpoint>/<bucket>/<key>`) and signed with AWS Signature Version 4; HTTPS checks
//! the bucket's certificate against the web PKI roots, and plain HTTP is for a bucket
//! on a private network.
//!
//! Each call opens its own HTTP/1.1 connection: uploads and downloads of attribute
//! files are rare next to page views, and nothing is pooled that could go stale.

use super::store::FileStore;
use bytes::Bytes;
use futures::future::BoxFuture;
use http::{Method, StatusCode};
use http_body_util::{BodyExt, Full};
use sha2::{Digest, Sha256};
use std::io;
use std::sync::Arc;
use std::time::Duration;

/// How long one call to the bucket may take, connection included.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the bucket is and how to sign for it (from `CLIENTELE_S3_*`).
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// `https://s3.eu-west-1.amazonaws.com`, `http://minio.internal:9000`, …
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Put before every key, e.g. `clientele/` to share a bucket.
    pub prefix: String,
}

/// An endpoint taken apart: whether it speaks TLS, the host to connect to, and the
/// `Host` header to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Endpoint {
    tls: bool,
    host: String,
    port: u16,
    host_header: String,
}

impl S3Settings {
    /// Check the settings before the server starts: a clear sentence for each mistake.
    pub fn validate(&self) -> Result<(), String> {
        self.checked().map(|_| ())
    }

    /// The settings checked, with the endpoint they name.
    fn checked(&self) -> Result<Endpoint, String> {
        let endpoint = endpoint(&self.endpoint)?;
        if !valid_bucket(&self.bucket) {
            return Err(format!(
                "S3 bucket name {:?} is not valid: 3-63 lowercase letters, digits, dots and hyphens",
                self.bucket
            ));
        }
        if self.region.is_empty()
            || !self
                .region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(format!(
                "S3 region {:?} is not valid (e.g. us-east-1)",
                self.region
            ));
        }
        if self.access_key_id.is_empty() || self.secret_access_key.is_empty() {
            return Err("S3 needs an access key id and a secret access key".to_string());
        }
        if !self
            .prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
            || self
                .prefix
                .split('/')
                .any(|part| part == "." || part == "..")
        {
            return Err(format!(
                "S3 key prefix {:?} may hold only letters, digits and - _ . / (no . or .. parts)",
                self.prefix
            ));
        }
        Ok(endpoint)
    }
}

fn valid_bucket(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
}

fn endpoint(url: &str) -> Result<Endpoint, String> {
    let uri: http::Uri = url
        .parse()
        .map_err(|_| format!("S3 endpoint {url:?} is not a URL"))?;
    let tls = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => false,
        _ => {
            return Err(format!(
                "S3 endpoint {url:?} must start with https:// or http://"
            ))
        }
    };
    if uri.path() != "/" && !uri.path().is_empty() {
        return Err(format!(
            "S3 endpoint {url:?} must be the service's address without a path (the bucket is set apart)"
        ));
    }
    let host = uri
        .host()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| format!("S3 endpoint {url:?} has no host"))?
        .to_string();
    let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
    let host_header = match uri.port_u16() {
        Some(port) => format!("{host}:{port}"),
        None => host.clone(),
    };
    Ok(Endpoint {
        tls,
        host: host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string(),
        port,
        host_header,
    })
}

/// A bucket as a [`FileStore`].
#[derive(Clone)]
pub struct S3Store {
    settings: S3Settings,
    endpoint: Endpoint,
    tls: Option<tokio_rustls::TlsConnector>,
}

impl std::fmt::Debug for S3Store {
    /// Where the bucket is; never the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Store")
            .field("endpoint", &self.settings.endpoint)
            .field("bucket", &self.settings.bucket)
            .field("region", &self.settings.region)
            .field("prefix", &self.settings.prefix)
            .finish_non_exhaustive()
    }
}

impl S3Store {
    /// A store for settings that passed [`S3Settings::validate`].
    pub fn new(settings: S3Settings) -> Result<S3Store, String> {
        let endpoint = settings.checked()?;
        let tls = endpoint.tls.then(|| {
            let roots = tokio_rustls::rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            let config = tokio_rustls::rustls::ClientConfig::builder_with_provider(Arc::new(
                tokio_rustls::rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .expect("ring supports TLS 1.2 and 1.3")
            .with_root_certificates(roots)
            .with_no_client_auth();
            tokio_rustls::TlsConnector::from(Arc::new(config))
        });
        Ok(S3Store {
            settings,
            endpoint,
            tls,
        })
    }

    /// Ask the bucket whether it is there and these keys may use it (a `HEAD` on the
    /// bucket): `serve` checks before taking requests.
    pub async fn check(&self) -> io::Result<()> {
        let path = format!("/{}", encode_path(&self.settings.bucket));
        let (status, _) = self.call(Method::HEAD, &path, Bytes::new()).await?;
        if status.is_success() {
            Ok(())
        } else {
            Err(io::Error::other(format!(
                "the S3 bucket {:?} at {} answered {status}{}",
                self.settings.bucket,
                self.settings.endpoint,
                match status {
                    StatusCode::NOT_FOUND => " (no such bucket)",
                    StatusCode::FORBIDDEN => " (check the access key and its permissions)",
                    _ => "",
                }
            )))
        }
    }

    /// The object's path: `/<bucket>/<prefix><first two hex digits>/<key>`; an error for a
    /// key that is not an upload token (no path tricks).
    fn object_path(&self, key: &str) -> io::Result<String> {
        super::store::check_key(key)?;
        Ok(format!(
            "/{}/{}",
            encode_path(&self.settings.bucket),
            encode_path(&format!("{}{}/{key}", self.settings.prefix, &key[..2]))
        ))
    }

    /// One signed request; the answer's status and body.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Bytes,
    ) -> io::Result<(StatusCode, Bytes)> {
        tokio::time::timeout(CALL_TIMEOUT, self.call_once(method.clone(), path, body))
            .await
            .map_err(|_| {
                io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "S3 {method} {path}: no answer within {} s",
                        CALL_TIMEOUT.as_secs()
                    ),
                )
            })?
    }

    async fn call_once(
        &self,
        method: Method,
        path: &str,
        body: Bytes,
    ) -> io::Result<(StatusCode, Bytes)> {
        let payload_hash = hex::encode(Sha256::digest(&body));
        let amz_date = amz_date(std::time::SystemTime::now());
        let headers = [
            ("host", self.endpoint.host_header.as_str()),
            ("x-amz-content-sha256", payload_hash.as_str()),
            ("x-amz-date", amz_date.as_str()),
        ];
        let authorization = authorization(
            &Credentials {
                access_key_id: &self.settings.access_key_id,
                secret_access_key: &self.settings.secret_access_key,
                region: &self.settings.region,
            },
            &amz_date,
            method.as_str(),
            path,
            &headers,
            &payload_hash,
        );
        let mut request = http::Request::builder().method(method.clone()).uri(path);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let request = request
            .header(http::header::AUTHORIZATION, authorization)
            .header(http::header::CONTENT_LENGTH, body.len())
            .body(Full::new(body))
            .map_err(io::Error::other)?;

        let tcp = tokio::net::TcpStream::connect((self.endpoint.host.as_str(), self.endpoint.port))
            .await?;
        tcp.set_nodelay(true)?;
        let response = match &self.tls {
            Some(tls) => {
                let name = tokio_rustls::rustls::pki_types::ServerName::try_from(
                    self.endpoint.host.clone(),
                )
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
                let stream = tls.connect(name, tcp).await?;
                send(stream, request).await?
            }
            None => send(tcp, request).await?,
        };
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(io::Error::other)?
            .to_bytes();
        Ok((status, body))
    }

    fn refused(method: &Method, path: &str, status: StatusCode, body: &[u8]) -> io::Error {
        let text = String::from_utf8_lossy(body);
        let code = text
            .split_once("<Code>")
            .and_then(|(_, rest)| rest.split_once("</Code>"))
            .map(|(code, _)| format!(" ({code})"))
            .unwrap_or_default();
        io::Error::other(format!("S3 {method} {path} answered {status}{code}"))
    }
}

/// Send one request on a fresh connection and wait for its answer's head.
async fn send<S>(
    stream: S,
    request: http::Request<Full<Bytes>>,
) -> io::Result<http::Response<hyper::body::Incoming>>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin + 'static,
{
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(io::Error::other)?;
    tokio::spawn(async move {
        // Ends when the answer has been read (or the other side closes).
        let _ = connection.await;
    });
    sender.send_request(request).await.map_err(io::Error::other)
}

impl FileStore for S3Store {
    fn put<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            let path = self.object_path(key)?;
            // One PUT replaces the object whole: readers see the old bytes or the new.
            let (status, body) = self
                .call(Method::PUT, &path, Bytes::copy_from_slice(bytes))
                .await?;
            if status.is_success() {
                Ok(())
            } else {
                Err(Self::refused(&Method::PUT, &path, status, &body))
            }
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            let path = self.object_path(key)?;
            let (status, body) = self.call(Method::GET, &path, Bytes::new()).await?;
            match status {
                s if s.is_success() => Ok(Some(body.to_vec())),
                StatusCode::NOT_FOUND => Ok(None),
                s => Err(Self::refused(&Method::GET, &path, s, &body)),
            }
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            let path = self.object_path(key)?;
            let (status, body) = self.call(Method::DELETE, &path, Bytes::new()).await?;
            if status.is_success() || status == StatusCode::NOT_FOUND {
                Ok(())
            } else {
                Err(Self::refused(&Method::DELETE, &path, status, &body))
            }
        })
    }
}

/// Percent-encode a path as Signature Version 4 wants it: every byte but
/// `A-Z a-z 0-9 - . _ ~` and `/`.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `YYYYMMDDTHHMMSSZ` in UTC.
fn amz_date(at: std::time::SystemTime) -> String {
    let secs = at
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = crate::dates::civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        t / 3600,
        t % 3600 / 60,
        t % 60
    )
}

struct Credentials<'a> {
    access_key_id: &'a str,
    secret_access_key: &'a str,
    region: &'a str,
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// The `Authorization` header of a request with no query string. `headers` are the
/// signed ones, lowercase names sorted by name.
fn authorization(
    credentials: &Credentials,
    amz_date: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    payload_hash: &str,
) -> String {
    let canonical_headers: String = headers
        .iter()
        .map(|(name, value)| format!("{name}:{}\n", value.trim()))
        .collect();
    let signed_headers = headers
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(";");
    let canonical_request =
        format!("{method}\n{path}\n\n{canonical_headers}\n{signed_headers}\n{payload_hash}");
    let day = &amz_date[..8];
    let scope = format!("{day}/{}/s3/aws4_request", credentials.region);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let key = [credentials.region.as_bytes(), b"s3", b"aws4_request"]
        .iter()
        .fold(
            hmac_sha256(
                format!("AWS4{}", credentials.secret_access_key).as_bytes(),
                day.as_bytes(),
            ),
            |key, part| hmac_sha256(&key, part),
        );
    let signature = hex::encode(hmac_sha256(&key, string_to_sign.as_bytes()));
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        credentials.access_key_id
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The "GET Object" example of Amazon's Signature Version 4 documentation
    /// (Authenticating Requests: Using the Authorization Header).
    #[test]
    fn the_signature_matches_amazons_worked_example() {
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let header = authorization(
            &Credentials {
                access_key_id: "AKIAIOSFODNN7EXAMPLE",
                secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                region: "us-east-1",
            },
            "20130524T000000Z",
            "GET",
            "/test.txt",
            &[
                ("host", "examplebucket.s3.amazonaws.com"),
                ("range", "bytes=0-9"),
                ("x-amz-content-sha256", empty),
                ("x-amz-date", "20130524T000000Z"),
            ],
            empty,
        );
        assert_eq!(
            header,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }

    /// RFC 4231 test case 2 (a key shorter than the block) and 6 (longer).
    #[test]
    fn hmac_matches_rfc_4231() {
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex::encode(hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn dates_are_written_in_utc_basic_format() {
        let at = std::time::UNIX_EPOCH + Duration::from_secs(1_369_353_600 + 3_723);
        assert_eq!(amz_date(at), "20130524T010203Z");
    }

    /// Good settings for a bucket on this machine.
    fn settings() -> S3Settings {
        S3Settings {
            endpoint: "http://127.0.0.1:9000".into(),
            bucket: "shop-files".into(),
            region: "us-east-1".into(),
            access_key_id: "key".into(),
            secret_access_key: "secret".into(),
            prefix: "clientele/".into(),
        }
    }

    #[test]
    fn settings_are_checked_with_a_sentence_per_mistake() {
        let good = settings();
        assert_eq!(good.validate(), Ok(()));
        let bad = |change: fn(&mut S3Settings)| {
            let mut s = good.clone();
            change(&mut s);
            s.validate().unwrap_err()
        };
        assert!(bad(|s| s.endpoint = "ftp://x".into()).contains("https:// or http://"));
        assert!(
            bad(|s| s.endpoint = "https://s3.example.com/bucket".into()).contains("without a path")
        );
        assert!(bad(|s| s.bucket = "Shop_Files".into()).contains("not valid"));
        assert!(bad(|s| s.region = "".into()).contains("region"));
        assert!(bad(|s| s.secret_access_key = "".into()).contains("secret access key"));
        assert!(bad(|s| s.prefix = "../other-bucket/".into()).contains("prefix"));
        assert!(bad(|s| s.prefix = "a b".into()).contains("prefix"));
        let https = endpoint("https://s3.eu-west-1.amazonaws.com").unwrap();
        assert_eq!(
            (https.tls, https.port, https.host_header.as_str()),
            (true, 443, "s3.eu-west-1.amazonaws.com")
        );
        let local = endpoint("http://127.0.0.1:9000").unwrap();
        assert_eq!(
            (local.tls, local.port, local.host_header.as_str()),
            (false, 9000, "127.0.0.1:9000")
        );
    }

    #[test]
    fn object_paths_take_only_upload_tokens() {
        let store = S3Store::new(settings()).unwrap();
        assert_eq!(
            store
                .object_path("0123456789abcdef0123456789abcdef")
                .unwrap(),
            "/shop-files/clientele/01/0123456789abcdef0123456789abcdef"
        );
        assert!(store.object_path("../../x").is_err());
        assert_eq!(encode_path("a b/ü"), "a%20b/%C3%BC");
    }
}
