//! The S3 file store against a real S3-compatible server: `moto_server` (Python's moto),
//! started on a free port for these tests, or the one `TEST_S3_ENDPOINT` names. Without
//! either the tests say they are skipped, except in CI, where they fail.
//!
//! moto does not check signatures (the signer is checked against Amazon's own worked
//! example in `files::s3`'s unit tests); these prove the requests, paths and answers.

use app::attributes::model::{AttributeInput, EntityType, InputType};
use app::both_backends;
use app::files::s3::{S3Settings, S3Store};
use app::files::service::{open, sweep, upload, Uploader, Viewer};
use app::files::store::FileStore;
use app::state::AppState;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running moto server, stopped when dropped.
struct Moto {
    endpoint: String,
    child: Option<Child>,
}

impl Drop for Moto {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The S3 server for a test, `None` (skipped) when there is none outside CI.
fn s3_server() -> Option<Moto> {
    if let Ok(endpoint) = std::env::var("TEST_S3_ENDPOINT") {
        return Some(Moto {
            endpoint,
            child: None,
        });
    }
    moto(false)
}

/// A moto server of our own; over HTTPS with a certificate nobody signed when `tls`.
fn moto(tls: bool) -> Option<Moto> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut args = vec![
        "-H".to_string(),
        "127.0.0.1".into(),
        "-p".into(),
        port.to_string(),
    ];
    if tls {
        args.push("-s".into());
    }
    let child = match Command::new("moto_server")
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(err) => {
            let why = format!(
                "no S3 server: set TEST_S3_ENDPOINT or install moto_server \
                 (pip install 'moto[server]'; .ci/scripts/setup.sh --s3 does): {err}"
            );
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("S3 suite FAILED: {why}");
            }
            eprintln!("S3 suite skipped: {why}");
            return None;
        }
    };
    let moto = Moto {
        endpoint: format!("{}://127.0.0.1:{port}", if tls { "https" } else { "http" }),
        child: Some(child),
    };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "moto_server did not listen within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(moto)
}

/// Create `bucket` (moto takes an unsigned request).
fn create_bucket(endpoint: &str, bucket: &str) {
    let host = endpoint.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("connect to the S3 server");
    write!(
        stream,
        "PUT /{bucket} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "create bucket: {answer}"
    );
}

fn settings(endpoint: &str, bucket: &str) -> S3Settings {
    S3Settings {
        endpoint: endpoint.to_string(),
        bucket: bucket.to_string(),
        region: "eu-west-1".into(),
        access_key_id: "AKIDCLIENTELETEST".into(),
        secret_access_key: "not-a-real-secret".into(),
        prefix: "shop-1/".into(),
    }
}

#[tokio::test]
async fn the_bucket_keeps_replaces_and_forgets_files() {
    let Some(moto) = s3_server() else { return };
    create_bucket(&moto.endpoint, "clientele-files");
    let store = S3Store::new(settings(&moto.endpoint, "clientele-files")).unwrap();
    store.check().await.expect("the bucket is there");

    let key = "0123456789abcdef0123456789abcdef";
    assert_eq!(store.get(key).await.unwrap(), None);
    store.put(key, b"first").await.unwrap();
    store.put(key, b"second").await.unwrap();
    assert_eq!(
        store.get(key).await.unwrap().as_deref(),
        Some(&b"second"[..])
    );
    // Every byte value, and more than one network read's worth, comes back whole.
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let other = "fedcba9876543210fedcba9876543210";
    store.put(other, &big).await.unwrap();
    assert_eq!(store.get(other).await.unwrap().as_deref(), Some(&big[..]));
    store.delete(key).await.unwrap();
    store.delete(key).await.unwrap();
    assert_eq!(store.get(key).await.unwrap(), None);
    assert_eq!(
        store.get(other).await.unwrap().map(|b| b.len()),
        Some(big.len())
    );
    // Only upload tokens are keys.
    assert!(store.put("../../other-bucket/x", b"x").await.is_err());

    // A bucket that is not there, and a server that is not there, say so.
    let missing = S3Store::new(settings(&moto.endpoint, "no-such-bucket")).unwrap();
    let err = missing.check().await.unwrap_err().to_string();
    assert!(
        err.contains("no-such-bucket") && err.contains("no such bucket"),
        "{err}"
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let nobody = S3Store::new(settings(
        &format!("http://127.0.0.1:{port}"),
        "clientele-files",
    ))
    .unwrap();
    assert!(nobody.get(key).await.is_err());
}

#[tokio::test]
async fn a_bucket_over_https_must_show_a_certificate_the_web_trusts() {
    // The endpoint's certificate is checked: a self-signed one is refused before any
    // file (or signature) is sent.
    let Some(moto) = moto(true) else { return };
    let store = S3Store::new(settings(&moto.endpoint, "clientele-files")).unwrap();
    let err = store.check().await.unwrap_err().to_string();
    assert!(err.to_lowercase().contains("certificate"), "{err}");
    let err = store
        .put("0123456789abcdef0123456789abcdef", b"secret terms")
        .await
        .unwrap_err()
        .to_string();
    assert!(err.to_lowercase().contains("certificate"), "{err}");
}

both_backends!(
    uploaded_files_live_in_the_bucket_and_leave_it_with_their_customer,
    |state: AppState| async move {
        let Some(moto) = s3_server() else { return };
        create_bucket(&moto.endpoint, "shop-uploads");
        let bucket = S3Store::new(settings(&moto.endpoint, "shop-uploads")).unwrap();
        let state = AppState::new(
            state.leptos_options.clone(),
            state.db.clone(),
            app::state::Settings {
                s3: Some(bucket.clone()),
                ..Default::default()
            },
        );
        app::attributes::service::save(
            &state,
            &app::testing::shop::actor(),
            &AttributeInput {
                entity: EntityType::Customer,
                label: "Contract".into(),
                code: "contract".into(),
                input: InputType::File,
                visible: true,
                sort_order: 10,
                ..AttributeInput::default()
            },
        )
        .await
        .unwrap();
        let field = app::attributes::service::fields(&state, EntityType::Customer, None, None)
            .await
            .unwrap()
            .into_iter()
            .find(|f| f.code == "contract")
            .unwrap();
        let admin =
            app::testing::shop::signed_in_admin(&state, "s3@example.com", "S3", "Administrators")
                .await;
        let ada = app::testing::shop::customer_with_password(
            &state,
            "ada@example.com",
            1,
            "Secret-Pass-1",
        )
        .await;
        let text = b"Terms agreed on 1 December.\n".to_vec();
        let value = upload(
            &state,
            &Uploader::Admin(admin.view.id),
            &field,
            "terms.txt",
            &text,
        )
        .await
        .unwrap()
        .value;
        let token = value.split('/').next().unwrap().to_string();
        // The bytes are in the bucket, not on this server's disk.
        assert_eq!(bucket.get(&token).await.unwrap(), Some(text.clone()));

        let by_admin = app::action_log::service::Actor::admin(&admin.view, "192.0.2.9");
        let detail = app::customers::edit::service::load(&state, ada, 0)
            .await
            .unwrap();
        let mut input = detail.input;
        input.custom = [("contract".to_string(), value.clone())].into();
        app::customers::edit::service::save(&state, &by_admin, &input)
            .await
            .expect("attach the file");
        let seen = open(
            &state,
            &Viewer {
                admin: false,
                customer: Some(ada),
                uploaders: vec![],
            },
            &token,
        )
        .await
        .unwrap();
        assert_eq!((seen.bytes, seen.file_name.as_str()), (text, "terms.txt"));

        app::customers::edit::service::delete(&state, &by_admin, ada)
            .await
            .unwrap();
        sweep(&state).await.unwrap();
        assert_eq!(
            bucket.get(&token).await.unwrap(),
            None,
            "gone with the customer"
        );
    }
);
