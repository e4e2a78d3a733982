//! Regression tests of the hardening review (account takeover through a reused id, the
//! storefront lockout under concurrent guesses, per-address limits, concurrent writers
//! on SQLite, hidden registration fields). Each test runs on SQLite and PostgreSQL.

use app::accounts::model::{Registered, Registration};
use app::accounts::recovery;
use app::accounts::register::register;
use app::accounts::service::{authenticate, sign_in};
use app::both_backends;
use app::config::model::Scope;
use app::error::AppError;
use app::state::AppState;
use sqlx::Row;

use app::testing::shop::{from_ip as from, registration as form, store, PASSWORD};

/// Register `email` from `ip`; the new session token.
async fn registered(state: &AppState, email: &str, ip: &str) -> String {
    let store = store(state).await;
    match register(
        state,
        &store,
        &form(email),
        &from(ip),
        &app::files::service::Uploader::visitor(None),
    )
    .await
    .unwrap()
    {
        (Registered::SignedIn, Some(token)) => token,
        other => panic!("not signed in: {other:?}"),
    }
}

async fn id_of(state: &AppState, email: &str) -> i64 {
    sqlx::query("SELECT entity_id FROM customer_entity WHERE email = $1")
        .bind(email)
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("entity_id")
        .unwrap()
}

both_backends!(
    a_deleted_customers_session_never_opens_the_next_account,
    |state: AppState| async move {
        // The newest account is deleted: without AUTOINCREMENT SQLite gave its id to the
        // next registrant, and the old cookie opened the new account.
        registered(&state, "first@example.com", "198.51.100.1").await;
        let old_token = registered(&state, "deleted@example.com", "198.51.100.2").await;
        let old_id = id_of(&state, "deleted@example.com").await;
        app::customers::edit::service::delete(&state, &app::testing::shop::actor(), old_id)
            .await
            .unwrap();
        let remaining: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM sessions WHERE kind = 'customer' AND user_id = $1",
        )
        .bind(old_id)
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(remaining, 0, "the sessions went with the account");

        let new_token = registered(&state, "next@example.com", "198.51.100.3").await;
        let new_id = id_of(&state, "next@example.com").await;
        assert!(
            new_id > old_id,
            "ids are never reused ({new_id} after {old_id})"
        );
        assert_eq!(authenticate(&state, Some(&old_token)).await.unwrap(), None);
        let who = authenticate(&state, Some(&new_token))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who.email, "next@example.com");
    }
);

both_backends!(
    concurrent_wrong_passwords_lock_the_account_after_ten,
    |state: AppState| async move {
        registered(&state, "race@example.com", "198.51.100.4").await;
        let website = store(&state).await.website_id;
        let attempts = (0..50).map(|n| {
            let state = state.clone();
            tokio::spawn(async move {
                sign_in(
                    &state,
                    website,
                    "race@example.com",
                    &format!("Wrong-guess-{n}"),
                    &from(&format!("10.1.0.{n}")),
                )
                .await
            })
        });
        let results = futures::future::join_all(attempts).await;
        let count = |f: fn(&Result<String, AppError>) -> bool| {
            results.iter().filter(|r| f(r.as_ref().unwrap())).count()
        };
        let wrong = count(|r| matches!(r, Err(AppError::InvalidCredentials)));
        let locked = count(|r| matches!(r, Err(AppError::AccountLocked)));
        // Exactly the ten allowed guesses were checked; everything else met the lock.
        assert_eq!((wrong, locked), (10, 40));
        let after = sign_in(
            &state,
            website,
            "race@example.com",
            PASSWORD,
            &from("10.1.1.1"),
        )
        .await;
        assert_eq!(after, Err(AppError::AccountLocked));
    }
);

both_backends!(
    the_right_password_among_concurrent_guesses_gets_no_extra_try,
    |state: AppState| async move {
        registered(&state, "last@example.com", "198.51.100.5").await;
        let website = store(&state).await.website_id;
        for n in 0..9 {
            let wrong = sign_in(
                &state,
                website,
                "last@example.com",
                "Wrong-guess-0",
                &from(&format!("10.2.0.{n}")),
            )
            .await;
            assert_eq!(wrong, Err(AppError::InvalidCredentials));
        }
        // One try is left; 30 wrong guesses and the right password race for it.
        let attempts = (0..31).map(|n| {
            let state = state.clone();
            let password = if n == 15 {
                PASSWORD.to_string()
            } else {
                format!("Wrong-guess-{n}")
            };
            tokio::spawn(async move {
                sign_in(
                    &state,
                    website,
                    "last@example.com",
                    &password,
                    &from(&format!("10.2.1.{n}")),
                )
                .await
            })
        });
        let results: Vec<_> = futures::future::join_all(attempts)
            .await
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let checked = results
            .iter()
            .filter(|r| matches!(r, Ok(_) | Err(AppError::InvalidCredentials)))
            .count();
        let locked = results
            .iter()
            .filter(|r| matches!(r, Err(AppError::AccountLocked)))
            .count();
        assert_eq!((checked, locked), (1, 30), "{results:?}");
    }
);

both_backends!(
    one_address_gets_a_bounded_number_of_tries,
    |state: AppState| async move {
        registered(&state, "someone@example.com", "198.51.100.6").await;
        let website = store(&state).await.website_id;
        let limit = state.settings.limits.sign_in_failures_per_ip.max;
        // Password spraying: a different (unknown) account each time, from one address.
        for n in 0..limit {
            let r = sign_in(
                &state,
                website,
                &format!("nobody{n}@example.com"),
                "Wrong-guess-1",
                &from("192.0.2.50"),
            )
            .await;
            assert_eq!(r, Err(AppError::InvalidCredentials));
        }
        let refused = sign_in(
            &state,
            website,
            "someone@example.com",
            PASSWORD,
            &from("192.0.2.50"),
        )
        .await;
        assert!(
            matches!(refused, Err(AppError::TooManyRequests { minutes }) if minutes > 0),
            "{refused:?}"
        );
        // Another address is not affected, and a right password is not counted.
        for _ in 0..3 {
            sign_in(
                &state,
                website,
                "someone@example.com",
                PASSWORD,
                &from("192.0.2.51"),
            )
            .await
            .unwrap();
        }

        // New accounts per address.
        let store = store(&state).await;
        let max = state.settings.limits.registrations_per_ip.max;
        for n in 0..max {
            let email = format!("bulk{n}@example.com");
            register(
                &state,
                &store,
                &form(&email),
                &from("192.0.2.60"),
                &app::files::service::Uploader::visitor(None),
            )
            .await
            .unwrap();
        }
        let refused = register(
            &state,
            &store,
            &form("one-more@example.com"),
            &from("192.0.2.60"),
            &app::files::service::Uploader::visitor(None),
        )
        .await;
        assert!(matches!(refused, Err(AppError::TooManyRequests { .. })));
    }
);

both_backends!(
    a_hundred_concurrent_writers_all_succeed,
    |state: AppState| async move {
        let store = store(&state).await;
        for n in 0..20 {
            registered(&state, &format!("reset{n}@example.com"), "198.51.100.7").await;
        }
        // Forgot-password requests read (throttle, account) and then write: on SQLite a
        // deferred transaction failed at once with "database is locked" under load.
        let requests = (0..100).map(|n| {
            let state = state.clone();
            let store = store.clone();
            tokio::spawn(async move {
                recovery::request(
                    &state,
                    &store,
                    &format!("reset{n}@example.com"),
                    &format!("10.3.{}.{}", n / 200, n % 200),
                )
                .await
            })
        });
        let registrations = (0..20).map(|n| {
            let state = state.clone();
            let store = store.clone();
            tokio::spawn(async move {
                register(
                    &state,
                    &store,
                    &form(&format!("writer{n}@example.com")),
                    &from(&format!("10.4.0.{n}")),
                    &app::files::service::Uploader::visitor(None),
                )
                .await
                .map(|_| ())
            })
        });
        let (resets, registered) = futures::future::join(
            futures::future::join_all(requests),
            futures::future::join_all(registrations),
        )
        .await;
        let failures: Vec<_> = resets
            .into_iter()
            .chain(registered)
            .map(|r| r.unwrap())
            .filter(|r| r.is_err())
            .collect();
        assert!(failures.is_empty(), "{failures:?}");
        let accounts: i64 = sqlx::query("SELECT COUNT(*) AS n FROM customer_entity")
            .fetch_one(&state.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(accounts, 40);
        // The grid's unfiltered "records found" is the count the database keeps as
        // customers are added: it followed every concurrent registration.
        let grid = app::customers::grid::service::page(
            &state,
            &app::customers::grid::model::GridQuery::default(),
            app::i18n::Locale::En,
        )
        .await
        .unwrap();
        assert_eq!(grid.total, 40);
    }
);

both_backends!(
    registration_drops_fields_the_store_does_not_show,
    |state: AppState| async move {
        // Magento's defaults hide prefix, suffix, date of birth, Tax/VAT and gender.
        let store = store(&state).await;
        let hostile = Registration {
            prefix: "Dr".into(),
            suffix: "PhD".into(),
            taxvat: "GB999999973".into(),
            dob: "1815-12-10".into(),
            gender: Some(2),
            ..form("hidden@example.com")
        };
        register(
            &state,
            &store,
            &hostile,
            &from("198.51.100.8"),
            &app::files::service::Uploader::visitor(None),
        )
        .await
        .unwrap();
        let row = sqlx::query(
            "SELECT prefix, suffix, taxvat, dob, gender FROM customer_entity WHERE email = $1",
        )
        .bind("hidden@example.com")
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        for column in ["prefix", "suffix", "taxvat", "dob"] {
            let value: Option<String> = row.try_get(column).unwrap();
            assert!(value.unwrap_or_default().is_empty(), "{column} stored");
        }
        assert_eq!(row.try_get::<Option<i64>, _>("gender").unwrap(), None);

        // Shown, the same field is kept.
        state
            .config
            .set("customer/address/taxvat_show", "opt", Scope::Default, 0)
            .await
            .unwrap();
        let shown = Registration {
            taxvat: "GB999999973".into(),
            ..form("shown@example.com")
        };
        register(
            &state,
            &store,
            &shown,
            &from("198.51.100.8"),
            &app::files::service::Uploader::visitor(None),
        )
        .await
        .unwrap();
        let taxvat: Option<String> =
            sqlx::query("SELECT taxvat FROM customer_entity WHERE email = $1")
                .bind("shown@example.com")
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .try_get("taxvat")
                .unwrap();
        assert_eq!(taxvat.as_deref(), Some("GB999999973"));
    }
);

both_backends!(
    cookie_lifetime_zero_keeps_the_session_until_the_browser_closes,
    |state: AppState| async move {
        state
            .config
            .set("web/cookie/cookie_lifetime", "0", Scope::Default, 0)
            .await
            .unwrap();
        let token = registered(&state, "zero@example.com", "198.51.100.9").await;
        state.clock.advance(2 * 3600);
        assert!(authenticate(&state, Some(&token)).await.unwrap().is_some());
        // The absolute lifetime still ends it.
        state.clock.advance(8 * 86_400);
        assert_eq!(authenticate(&state, Some(&token)).await.unwrap(), None);
    }
);

/// Strings that broke the grid: tsquery syntax after unaccent (`⑴`, `ŉ`, `aː`), a NUL
/// byte, FTS and LIKE syntax, and a deterministic stream of random Unicode.
fn hostile_strings() -> Vec<String> {
    let mut strings: Vec<String> = [
        "⑴",
        "ŉ",
        "aː",
        "किताब",
        "k\u{6e7}㩁",
        "a\u{0}b",
        "\u{0}",
        "ada\u{0}",
        "\"",
        "'",
        "'n",
        "a:*",
        "(1)",
        "!",
        "&|",
        "a & b | !c",
        "*",
        "NEAR(a b)",
        "a\"b",
        "%",
        "_",
        "\\",
        "\\%",
        "¼",
        "ǅ",
        "ﬁ",
        "Å",
        "\u{200b}",
        "\u{feff}x",
        "𝔘𝔫𝔦",
        "👩‍👩‍👧",
        "\u{7f}",
        "x\ny",
        "ــ",
        "a'b'c",
        "::",
        "a:b:c",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // A small linear congruential generator: the same strings every run.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..60 {
        let mut s = String::new();
        for _ in 0..(x % 6 + 1) {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let code = match x % 4 {
                0 => (x >> 33) % 0x80,
                1 => 0x80 + (x >> 33) % 0x780,
                2 => 0x2000 + (x >> 33) % 0x2000,
                _ => (x >> 33) % 0x11_0000,
            } as u32;
            if let Some(c) = char::from_u32(code) {
                s.push(c);
            }
        }
        strings.push(s);
    }
    strings
}

both_backends!(
    any_keyword_or_filter_answers_rows_or_a_field_error,
    |state: AppState| async move {
        use app::customers::grid::model::{Column, Filter, GridQuery};
        use app::customers::grid::service;
        registered(&state, "ada@example.com", "198.51.100.10").await;
        for text in hostile_strings() {
            let search = GridQuery {
                search: text.clone(),
                ..GridQuery::default()
            };
            let mut filtered = GridQuery::default();
            filtered
                .filters
                .insert(Column::Name, Filter::Text(text.clone()));
            filtered
                .filters
                .insert(Column::Email, Filter::Text(format!("ad{text}")));
            for query in [search, filtered] {
                match service::page(&state, &query, app::i18n::Locale::En).await {
                    Ok(page) => {
                        // A NUL is dropped, never a wildcard: "a\0b" finds no "ada".
                        if text == "a\u{0}b" && query.search.is_empty() {
                            assert!(page.rows.is_empty(), "{text:?} matched {}", page.total);
                        }
                    }
                    Err(AppError::Validation { .. }) => {}
                    Err(other) => panic!("{text:?} → {other:?}"),
                }
            }
        }
    }
);

/// A minimal SMTP server on `listener` that keeps every message it accepts.
fn fake_smtp(listener: tokio::net::TcpListener) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 localhost ESMTP\r\n").await;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            store.lock().unwrap().push(data.take().unwrap_or_default());
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 localhost\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 OK\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    received
}

both_backends!(
    an_smtp_outage_delays_mail_without_losing_it,
    |state: AppState| async move {
        use app::mail::{queue, Mailer};
        // A port nobody listens on yet: the mail server is down.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let settings = app::state::Settings {
            mailer: Mailer::smtp(
                &format!("smtp://127.0.0.1:{port}"),
                "Store <store@example.com>",
            )
            .unwrap(),
            ..Default::default()
        };
        let smtp = AppState::new(state.leptos_options.clone(), state.db.clone(), settings);
        let store = store(&smtp).await;
        // The shopper's registration succeeds at once: the welcome email is queued.
        register(
            &smtp,
            &store,
            &form("queued@example.com"),
            &from("198.51.100.11"),
            &app::files::service::Uploader::visitor(None),
        )
        .await
        .unwrap();
        let queued = || async {
            sqlx::query("SELECT attempts, last_error FROM mail_queue")
                .fetch_all(&state.db.pool)
                .await
                .unwrap()
        };
        assert_eq!(queued().await.len(), 1);
        assert_eq!(queue::drain_once(&smtp).await.unwrap(), 0);
        let rows = queued().await;
        assert_eq!(rows.len(), 1, "kept for a retry");
        assert_eq!(rows[0].try_get::<i64, _>("attempts").unwrap(), 1);
        assert!(rows[0]
            .try_get::<Option<String>, _>("last_error")
            .unwrap()
            .is_some());

        // The server comes back; the retry waits for its backoff, then goes out.
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let received = fake_smtp(listener);
        assert_eq!(queue::drain_once(&smtp).await.unwrap(), 0, "not due yet");
        smtp.clock.advance(queue::backoff(1));
        assert_eq!(queue::drain_once(&smtp).await.unwrap(), 1);
        assert!(queued().await.is_empty(), "a sent message leaves the queue");
        let messages = received.lock().unwrap().clone();
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].contains("queued@example.com"),
            "{}",
            messages[0]
        );
    }
);

both_backends!(
    a_replayed_address_create_adds_one_address,
    |state: AppState| async move {
        use app::customers::address::model::AddressInput;
        let token = registered(&state, "replay@example.com", "198.51.100.12").await;
        let me = authenticate(&state, Some(&token)).await.unwrap().unwrap();
        let address = |key: &str| AddressInput {
            firstname: "Ana".into(),
            lastname: "Souza".into(),
            street: vec!["Rua Augusta 1500".into(), String::new()],
            city: "São Paulo".into(),
            country_id: "BR".into(),
            region_id: "SP".into(),
            postcode: "01304-001".into(),
            telephone: "+55 11 5555-0000".into(),
            request_key: key.into(),
            ..Default::default()
        };
        let save = |input: AddressInput| {
            let (state, me) = (state.clone(), me.clone());
            async move { app::accounts::addresses::save(&state, &me, None, &input).await }
        };
        // The response was lost and the queue sends the same create again, twice at once.
        let first = save(address("k-1")).await.unwrap();
        let (again, racing) =
            futures::future::join(save(address("k-1")), save(address("k-1"))).await;
        assert_eq!(again.unwrap().id, first.id);
        assert_eq!(racing.unwrap().id, first.id);
        // Another form is another address; a form without a key (the admin's) as before.
        let second = save(address("k-2")).await.unwrap();
        assert_ne!(second.id, first.id);
        save(address("")).await.unwrap();
        save(address("")).await.unwrap();
        let count: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM customer_address_entity WHERE parent_id = $1")
                .bind(me.customer_id)
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .try_get("n")
                .unwrap();
        assert_eq!(count, 4);
        // Another shopper's key is theirs alone.
        let other = registered(&state, "other@example.com", "198.51.100.13").await;
        let other = authenticate(&state, Some(&other)).await.unwrap().unwrap();
        let theirs = app::accounts::addresses::save(&state, &other, None, &address("k-1"))
            .await
            .unwrap();
        assert_ne!(theirs.id, first.id);
        let hostile = save(address("k'; DROP TABLE x; --")).await;
        assert!(
            matches!(hostile, Err(AppError::BadRequest(_))),
            "{hostile:?}"
        );
    }
);

both_backends!(
    a_right_current_password_leaves_no_failure_behind,
    |state: AppState| async move {
        use app::accounts::information;
        use app::accounts::model::AccountEdit;
        let token = registered(&state, "careful@example.com", "198.51.100.14").await;
        let me = authenticate(&state, Some(&token)).await.unwrap().unwrap();
        let website = store(&state).await.website_id;
        // Nine wrong sign-ins, then more right current passwords than the maximum in
        // Account Information: none of them counts toward the lock.
        for n in 0..9 {
            let wrong = sign_in(
                &state,
                website,
                "careful@example.com",
                "Wrong-guess-1",
                &from(&format!("10.5.0.{n}")),
            )
            .await;
            assert_eq!(wrong, Err(AppError::InvalidCredentials));
        }
        for n in 0..12 {
            let form = information::load(&state, &me).await.unwrap().form;
            let edit = AccountEdit {
                change_email: true,
                email: format!("careful{n}@example.com"),
                current_password: PASSWORD.into(),
                ..form
            };
            information::save(&state, &me, None, &edit).await.unwrap();
        }
        sign_in(
            &state,
            website,
            "careful11@example.com",
            PASSWORD,
            &from("10.5.1.1"),
        )
        .await
        .unwrap();
    }
);
