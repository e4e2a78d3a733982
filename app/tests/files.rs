//! File (attachment) and Image File attributes on a real database (SQLite and
//! PostgreSQL) and a real directory: uploads checked by their content and the
//! attribute's rules, attached only by their uploader, seen only by their customer and
//! admins, and their bytes deleted with the value, the customer, the attribute, or a
//! day after an upload nobody saved.

use app::accounts::register::register;
use app::attributes::model::{
    AttributeInput, EntityType, FieldDef, FileRules, InputType, UsedInForm, Values,
};
use app::attributes::service;
use app::both_backends;
use app::error::AppError;
use app::files::service::{open, sweep, upload, Uploader, Viewer, UNATTACHED_FOR};
use app::i18n::Key;
use app::state::AppState;
use app::testing::shop::{
    actor, customer_with_password, from_ip, registration, signed_in_admin, store,
};

/// The header of a `w`×`h` PNG, padded to `len` bytes.
fn png(w: u32, h: u32, len: usize) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0]);
    b.resize(len.max(b.len()), 0);
    b
}

fn attribute(code: &str, input: InputType, file: FileRules) -> AttributeInput {
    AttributeInput {
        entity: EntityType::Customer,
        label: code.replace('_', " "),
        code: code.into(),
        input,
        visible: true,
        sort_order: 10,
        file,
        forms: vec![
            UsedInForm::CustomerAccountCreate,
            UsedInForm::CustomerAccountEdit,
        ],
        ..AttributeInput::default()
    }
}

/// A photo (at most 800×600, 100 KB) and a contract (pdf or txt).
async fn photo_and_contract(state: &AppState) -> (FieldDef, FieldDef) {
    for a in [
        attribute(
            "photo",
            InputType::Image,
            FileRules {
                max_kb: Some(100),
                max_width: Some(800),
                max_height: Some(600),
                ..FileRules::default()
            },
        ),
        attribute(
            "contract",
            InputType::File,
            FileRules {
                extensions: "PDF, .txt".into(),
                ..FileRules::default()
            },
        ),
    ] {
        service::save(state, &actor(), &a)
            .await
            .expect("save the attribute");
    }
    let fields = service::fields(state, EntityType::Customer, None, None)
        .await
        .unwrap();
    let of = |code: &str| fields.iter().find(|f| f.code == code).unwrap().clone();
    (of("photo"), of("contract"))
}

/// The message key of a refused upload.
fn refusal<T: std::fmt::Debug>(result: Result<T, AppError>) -> Key {
    match result {
        Err(AppError::Validation { fields }) => fields.values().next().unwrap().key,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn token(value: &str) -> &str {
    value.split('/').next().unwrap()
}

both_backends!(
    uploads_are_checked_by_their_content_and_the_attributes_rules,
    |state: AppState| async move {
        let (photo, contract) = photo_and_contract(&state).await;
        let me = Uploader::Admin(1);
        let ok = upload(
            &state,
            &me,
            &photo,
            "C:\\fakepath\\Zoë.PNG",
            &png(800, 600, 2000),
        )
        .await
        .expect("an image within its limits");
        let (t, name) = ok.value.split_once('/').unwrap();
        assert!(t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(name, "Zoë.PNG");
        assert_eq!(ok.url, format!("/media/customer-file/{t}/Zo%C3%AB.PNG"));
        assert_eq!(
            state.files.get(t).await.unwrap().map(|b| b.len()),
            Some(2000)
        );
        upload(&state, &me, &contract, "terms.pdf", b"%PDF-1.7\n1 0 obj")
            .await
            .expect("a pdf");
        upload(&state, &me, &contract, "list.txt", "Zoë;Ghent\n".as_bytes())
            .await
            .expect("text");

        let html = b"<!DOCTYPE html><script>alert(1)</script>".to_vec();
        let cases: Vec<(&FieldDef, &str, Vec<u8>, Key)> = vec![
            (&photo, "wide.png", png(801, 10, 100), Key::ErrImageTooLarge),
            (&photo, "tall.png", png(10, 601, 100), Key::ErrImageTooLarge),
            (&photo, "page.png", html.clone(), Key::ErrFileContent),
            (&photo, "png-as.gif", png(10, 10, 100), Key::ErrFileContent),
            (
                &photo,
                "x.svg",
                b"<svg onload=alert(1)>".to_vec(),
                Key::ErrFileExtension,
            ),
            (
                &photo,
                "big.png",
                png(10, 10, 100 * 1024 + 1),
                Key::ErrFileTooBig,
            ),
            (&photo, "noext", png(10, 10, 100), Key::ErrFileExtension),
            (&contract, "terms.pdf", html.clone(), Key::ErrFileContent),
            (&contract, "notes.txt", html.clone(), Key::ErrFileContent),
            (
                &contract,
                "setup.exe",
                b"MZ\x90\0".to_vec(),
                Key::ErrFileExtension,
            ),
            (
                &contract,
                "photo.png",
                png(10, 10, 100),
                Key::ErrFileExtension,
            ),
            (
                &contract,
                "binary.txt",
                b"\0\x01\x02".to_vec(),
                Key::ErrFileContent,
            ),
            (&contract, "empty.txt", Vec::new(), Key::ErrFileEmpty),
            (&contract, " / ", b"text".to_vec(), Key::ErrFileName),
        ];
        for (field, name, bytes, key) in cases {
            assert_eq!(
                refusal(upload(&state, &me, field, name, &bytes).await),
                key,
                "{} {name}",
                field.code
            );
        }
        // Nothing refused was kept.
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customer_file")
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(kept, 3);

        // The editor's rules for files.
        for (a, field) in [
            (
                attribute(
                    "pic",
                    InputType::Image,
                    FileRules {
                        extensions: "png, svg".into(),
                        ..Default::default()
                    },
                ),
                "file_extensions",
            ),
            (
                attribute(
                    "doc",
                    InputType::File,
                    FileRules {
                        extensions: "pdf html".into(),
                        ..Default::default()
                    },
                ),
                "file_extensions",
            ),
            (
                attribute(
                    "doc",
                    InputType::File,
                    FileRules {
                        max_kb: Some(0),
                        ..Default::default()
                    },
                ),
                "max_file_kb",
            ),
            (
                attribute(
                    "doc",
                    InputType::File,
                    FileRules {
                        max_kb: Some(4097),
                        ..Default::default()
                    },
                ),
                "max_file_kb",
            ),
            (
                attribute(
                    "pic",
                    InputType::Image,
                    FileRules {
                        max_width: Some(10_001),
                        ..Default::default()
                    },
                ),
                "max_image_width",
            ),
        ] {
            match service::save(&state, &actor(), &a).await {
                Err(AppError::Validation { fields }) => {
                    assert!(fields.contains_key(field), "{fields:?}")
                }
                other => panic!("expected {field} refused, got {other:?}"),
            }
        }
        // A file has no default, filter or keyword whatever the request says.
        let id = service::save(
            &state,
            &actor(),
            &AttributeInput {
                filterable: true,
                searchable: true,
                ..attribute("scan", InputType::File, FileRules::default())
            },
        )
        .await
        .unwrap();
        let saved = service::form(&state, EntityType::Customer, Some(id))
            .await
            .unwrap()
            .attribute;
        assert!(!saved.filterable && !saved.searchable);
    }
);

async fn save_as_admin(
    state: &AppState,
    admin: &app::action_log::service::Actor,
    id: i64,
    custom: Values,
) -> Result<(), AppError> {
    let detail = app::customers::edit::service::load(state, id, 0).await?;
    let mut input = detail.input;
    input.custom = custom;
    app::customers::edit::service::save(state, admin, &input)
        .await
        .map(|_| ())
}

async fn stored_photo(state: &AppState, id: i64) -> Option<String> {
    app::customers::edit::service::load(state, id, 0)
        .await
        .unwrap()
        .input
        .custom
        .get("photo")
        .cloned()
}

fn photo(value: &str) -> Values {
    [("photo".to_string(), value.to_string())].into()
}

both_backends!(
    a_file_is_attached_by_its_uploader_seen_by_its_owner_and_deleted_with_it,
    |state: AppState| async move {
        let (photo_field, _) = photo_and_contract(&state).await;
        let admin = signed_in_admin(&state, "files@example.com", "Files", "Administrators").await;
        let by_admin = app::action_log::service::Actor::admin(&admin.view, "192.0.2.9");
        let uploader = Uploader::Admin(admin.view.id);
        let ada = customer_with_password(&state, "ada@example.com", 1, "Secret-Pass-1").await;
        let bob = customer_with_password(&state, "bob@example.com", 1, "Secret-Pass-1").await;
        let image = png(40, 30, 300);
        let send = |who: Uploader| {
            let (state, field, image) = (state.clone(), photo_field.clone(), image.clone());
            async move {
                upload(&state, &who, &field, "me.png", &image)
                    .await
                    .unwrap()
                    .value
            }
        };

        let first = send(uploader.clone()).await;
        // Before it is saved, the upload is its uploader's (and admins') only.
        let viewer = |admin: bool, customer: Option<i64>, uploaders: Vec<Uploader>| Viewer {
            admin,
            customer,
            uploaders,
        };
        let visitor = Uploader::visitor(Some("0123456789abcdef0123456789abcdef"));
        assert!(open(
            &state,
            &viewer(false, Some(ada), vec![Uploader::Customer(ada)]),
            token(&first)
        )
        .await
        .is_err());
        assert!(open(
            &state,
            &viewer(false, None, vec![uploader.clone()]),
            token(&first)
        )
        .await
        .is_ok());

        save_as_admin(&state, &by_admin, ada, photo(&first))
            .await
            .expect("attach");
        assert_eq!(
            stored_photo(&state, ada).await.as_deref(),
            Some(first.as_str())
        );
        // The owner and admins see it; another customer, a visitor, an admin without
        // customer access do not, and are told it does not exist.
        let file = open(&state, &viewer(false, Some(ada), vec![]), token(&first))
            .await
            .unwrap();
        assert_eq!(
            (
                file.bytes.len(),
                file.content_type.as_str(),
                file.file_name.as_str()
            ),
            (300, "image/png", "me.png")
        );
        assert!(open(&state, &viewer(true, None, vec![]), token(&first))
            .await
            .is_ok());
        for stranger in [
            viewer(false, Some(bob), vec![Uploader::Customer(bob)]),
            viewer(false, None, vec![visitor.clone()]),
            viewer(false, None, vec![uploader.clone()]),
        ] {
            assert!(matches!(
                open(&state, &stranger, token(&first)).await,
                Err(AppError::NotFound(_))
            ));
        }
        assert!(matches!(
            open(
                &state,
                &viewer(true, None, vec![]),
                "ffffffffffffffffffffffffffffffff"
            )
            .await,
            Err(AppError::NotFound(_))
        ));

        // An attached file cannot be moved to another customer, nor can one with
        // another name, nor someone else's upload.
        match save_as_admin(&state, &by_admin, bob, photo(&first)).await {
            Err(AppError::Validation { fields }) => {
                assert_eq!(fields["custom.photo"].key, Key::ErrUploadAgain)
            }
            other => panic!("{other:?}"),
        }
        let theirs = send(Uploader::Customer(bob)).await;
        assert!(save_as_admin(&state, &by_admin, bob, photo(&theirs))
            .await
            .is_err());
        let renamed = send(uploader.clone()).await.replace("me.png", "me.html");
        assert!(save_as_admin(&state, &by_admin, bob, photo(&renamed))
            .await
            .is_err());
        assert_eq!(stored_photo(&state, bob).await, None);

        // Saving again with the same value keeps the file; a new one replaces it and the
        // old bytes go; clearing the value deletes the file.
        save_as_admin(&state, &by_admin, ada, photo(&first))
            .await
            .unwrap();
        sweep(&state).await.unwrap();
        assert!(state.files.get(token(&first)).await.unwrap().is_some());
        let second = send(uploader.clone()).await;
        save_as_admin(&state, &by_admin, ada, photo(&second))
            .await
            .unwrap();
        assert!(sweep(&state).await.unwrap() >= 1);
        assert!(state.files.get(token(&first)).await.unwrap().is_none());
        assert!(state.files.get(token(&second)).await.unwrap().is_some());
        save_as_admin(&state, &by_admin, ada, photo(""))
            .await
            .unwrap();
        sweep(&state).await.unwrap();
        assert!(state.files.get(token(&second)).await.unwrap().is_none());
        assert_eq!(stored_photo(&state, ada).await, None);

        // The shopper's own Account Information attaches their upload.
        let mine = send(Uploader::Customer(ada)).await;
        let me = app::testing::shop::signed_in(ada, "ada@example.com");
        let mut info = app::accounts::information::load(&state, &me).await.unwrap();
        info.form.custom.insert("photo".into(), mine.clone());
        app::accounts::information::save(&state, &me, None, &info.form)
            .await
            .unwrap();
        assert_eq!(
            stored_photo(&state, ada).await.as_deref(),
            Some(mine.as_str())
        );

        // Deleting the customer deletes their file.
        app::customers::edit::service::delete(&state, &by_admin, ada)
            .await
            .unwrap();
        sweep(&state).await.unwrap();
        assert!(state.files.get(token(&mine)).await.unwrap().is_none());

        // A visitor's upload is attached by their own registration only.
        let cookie = "00112233445566778899aabbccddeeff";
        let visitor = Uploader::visitor(Some(cookie));
        let at_signup = send(visitor.clone()).await;
        let shop = store(&state).await;
        let mut form = registration("carol@example.com");
        form.custom = photo(&at_signup);
        let other_browser = Uploader::visitor(Some("ffeeddccbbaa99887766554433221100"));
        assert!(
            register(&state, &shop, &form, &from_ip("192.0.2.20"), &other_browser)
                .await
                .is_err()
        );
        register(&state, &shop, &form, &from_ip("192.0.2.20"), &visitor)
            .await
            .expect("register with the photo");
        let carol: i64 = sqlx::query_scalar(
            "SELECT entity_id FROM customer_entity WHERE email = 'carol@example.com'",
        )
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        assert_eq!(
            stored_photo(&state, carol).await.as_deref(),
            Some(at_signup.as_str())
        );
        assert!(open(
            &state,
            &viewer(false, Some(carol), vec![]),
            token(&at_signup)
        )
        .await
        .is_ok());

        // An upload nobody saved goes after a day, and can no longer be saved.
        let late = send(uploader.clone()).await;
        state.clock.advance(UNATTACHED_FOR + 1);
        sweep(&state).await.unwrap();
        assert!(state.files.get(token(&late)).await.unwrap().is_none());
        assert!(save_as_admin(&state, &by_admin, bob, photo(&late))
            .await
            .is_err());

        // Deleting the attribute deletes every file of it.
        service::delete(&state, &actor(), EntityType::Customer, photo_field.id)
            .await
            .unwrap();
        sweep(&state).await.unwrap();
        assert!(state.files.get(token(&at_signup)).await.unwrap().is_none());
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customer_file_trash")
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(left, 0);
    }
);

both_backends!(
    an_address_file_is_the_address_customers_and_goes_with_the_address,
    |state: AppState| async move {
        let attribute = AttributeInput {
            entity: EntityType::Address,
            code: "gate_photo".into(),
            label: "Gate photo".into(),
            forms: vec![UsedInForm::AddressEdit],
            ..attribute("gate_photo", InputType::Image, FileRules::default())
        };
        service::save(&state, &actor(), &attribute).await.unwrap();
        let field = service::fields(
            &state,
            EntityType::Address,
            Some(UsedInForm::AddressEdit),
            None,
        )
        .await
        .unwrap()
        .remove(0);
        let ada = customer_with_password(&state, "ada@example.com", 1, "Secret-Pass-1").await;
        let bob = customer_with_password(&state, "bob@example.com", 1, "Secret-Pass-1").await;
        // The shopper uploads in their address book and saves the address.
        let value = upload(
            &state,
            &Uploader::Customer(ada),
            &field,
            "gate.png",
            &png(8, 8, 64),
        )
        .await
        .unwrap()
        .value;
        let mut address = app::testing::shop::address("London");
        address.customer_id = ada;
        address.custom = [("gate_photo".to_string(), value.clone())].into();
        let saved = app::customers::address::service::save_in_form(
            &state,
            None,
            &address,
            std::slice::from_ref(&field),
        )
        .await
        .expect("the shopper's address with its photo");
        let address_id = saved.id.unwrap();
        assert_eq!(saved.custom.get("gate_photo"), Some(&value));
        // Bob's address cannot take Ada's file.
        let mut his = app::testing::shop::address("Leeds");
        his.customer_id = bob;
        his.custom = [("gate_photo".to_string(), value.clone())].into();
        assert!(app::customers::address::service::save_in_form(
            &state,
            None,
            &his,
            std::slice::from_ref(&field)
        )
        .await
        .is_err());
        let viewer = |customer: i64| Viewer {
            admin: false,
            customer: Some(customer),
            uploaders: vec![],
        };
        assert!(open(&state, &viewer(ada), token(&value)).await.is_ok());
        assert!(open(&state, &viewer(bob), token(&value)).await.is_err());
        // Deleting the address deletes the file.
        app::customers::address::service::delete(&state, &actor(), ada, address_id)
            .await
            .unwrap();
        sweep(&state).await.unwrap();
        assert!(state.files.get(token(&value)).await.unwrap().is_none());
    }
);

both_backends!(
    a_file_column_of_the_customers_grid_links_to_the_file_and_neither_filters_nor_sorts,
    |state: AppState| async move {
        use app::attributes::model::file_url;
        use app::customers::grid::export::{self, Format};
        use app::customers::grid::model::{
            Column, CustomColumn, CustomKind, Dir, Filter, GridColumn, GridQuery, Selection,
        };
        use app::customers::grid::service as grid;
        use app::i18n::Locale;
        let (_, contract) = photo_and_contract(&state).await;
        let mut input = service::form(&state, EntityType::Customer, Some(contract.id))
            .await
            .unwrap()
            .attribute;
        (input.in_grid, input.filterable) = (true, true);
        service::save(&state, &actor(), &input).await.unwrap();
        let admin = signed_in_admin(&state, "grid@example.com", "Grid", "Administrators").await;
        let by_admin = app::action_log::service::Actor::admin(&admin.view, "192.0.2.9");
        let ada = customer_with_password(&state, "ada@example.com", 1, "Secret-Pass-1").await;
        let bob = customer_with_password(&state, "bob@example.com", 1, "Secret-Pass-1").await;
        let value = upload(
            &state,
            &Uploader::Admin(admin.view.id),
            &contract,
            "Terms of sale.txt",
            b"Signed on the first of May.",
        )
        .await
        .unwrap()
        .value;
        save_as_admin(
            &state,
            &by_admin,
            ada,
            [("contract".to_string(), value.clone())].into(),
        )
        .await
        .unwrap();

        let col = Column::Custom(CustomColumn {
            attribute_id: contract.id,
            kind: CustomKind::File,
        });
        assert_eq!(Column::from_code(&col.code()), Some(col));
        let offered = grid::options(&state).await.unwrap();
        assert!(offered.custom.iter().any(|c| c.column
            == CustomColumn {
                attribute_id: contract.id,
                kind: CustomKind::File
            }));
        // The cell carries the whole value, from which the grid links to the file (the
        // same address the customer's form links to) and shows its name.
        let all = grid::page(&state, &GridQuery::default(), Locale::En)
            .await
            .unwrap();
        assert_eq!(all.custom[&ada][&contract.id], value);
        assert!(!all
            .custom
            .get(&bob)
            .is_some_and(|v| v.contains_key(&contract.id)));
        let url = file_url(&value);
        assert!(
            url.starts_with("/media/customer-file/") && url.ends_with("/Terms%20of%20sale.txt")
        );
        // A file has no filter (the attribute rules): one asked for by hand is ignored.
        let mut q = GridQuery::default();
        q.filters.insert(col, Filter::Text("Terms".into()));
        assert_eq!(
            grid::page(&state, &q, Locale::En).await.unwrap().total,
            all.total
        );
        // It does not sort: its header does not offer it, a link asking for it gets the
        // default order, and so does a query naming the attribute as a text column
        // (sorting by value would put Ada, who has a file, first both ways).
        assert!(!col.sortable());
        assert_eq!(
            GridQuery::from_query_string(&format!("sort={}", col.code())).sort,
            Column::Id
        );
        let sorted = grid::page(
            &state,
            &GridQuery {
                sort: Column::Custom(CustomColumn {
                    attribute_id: contract.id,
                    kind: CustomKind::Text,
                }),
                dir: Dir::Desc,
                ..GridQuery::default()
            },
            Locale::En,
        )
        .await
        .unwrap();
        assert_eq!(
            sorted.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            [bob, ada]
        );
        // The export writes the file's name.
        let mut file = Vec::new();
        export::export(
            &state,
            &GridQuery::default(),
            &Selection::AllMatching { except: vec![] },
            &[Column::Email, col],
            &offered,
            Locale::En,
            Format::Csv,
            &mut file,
            |_, _| {},
        )
        .await
        .unwrap();
        let csv = String::from_utf8(file).unwrap();
        assert!(
            csv.contains("ada@example.com,Terms of sale.txt\r\n"),
            "{csv}"
        );
        assert!(!csv.contains(token(&value)), "{csv}");
    }
);
