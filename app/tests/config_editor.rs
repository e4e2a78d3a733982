//! Stores → Configuration on a real database (SQLite and PostgreSQL): what each scope
//! shows and inherits, saving all or nothing, conflicts between two admins, the change
//! log, and the refusals an admin reads next to a field.

use app::auth::service::{self, AdminPrincipal};
use app::both_backends;
use app::config::editor::{ConfigChange, ConfigScreen, FieldView};
use app::config::model::{Scope, Section};
use app::config::registry::{
    ACCOUNT_SHARE_SCOPE, ADDRESS_DOB_SHOW, ADDRESS_STREET_LINES, ADDRESS_TEMPLATE_HTML,
    CAPTCHA_ENABLE, CAPTCHA_FONT, CREATE_ACCOUNT_DEFAULT_GROUP, PASSWORD_MINIMUM_LENGTH,
};
use app::config::screen;
use app::config::service::At;
use app::demo::seed_demo_store;
use app::error::AppError;
use app::i18n::{Arg, Key};
use app::state::AppState;
use sqlx::Row;

/// A signed-in admin of `role`.
async fn admin(state: &AppState, email: &str, name: &str, role: &str) -> AdminPrincipal {
    app::testing::shop::signed_in_admin(state, email, name, role).await
}

fn field<'a>(screen: &'a ConfigScreen, path: &str) -> Option<&'a FieldView> {
    screen
        .groups
        .iter()
        .flat_map(|g| &g.fields)
        .find(|f| f.path == path)
}

/// One change log entry: admin, scope, scope id, path, old value, new value.
type LogRow = (String, String, i64, String, Option<String>, Option<String>);

fn change(path: &str, before: Option<&str>, after: Option<&str>) -> ConfigChange {
    ConfigChange {
        path: path.into(),
        before: before.map(str::to_string),
        after: after.map(str::to_string),
    }
}

/// The field errors of a refused save.
fn refused(result: Result<(), AppError>) -> std::collections::BTreeMap<String, app::i18n::Message> {
    match result {
        Err(AppError::Validation { fields }) => fields,
        other => panic!("expected field errors, got {other:?}"),
    }
}

both_backends!(
    each_scope_shows_what_it_stores_and_what_it_inherits,
    |state: AppState| async move {
        seed_demo_store(&state).await.unwrap();
        let root = admin(&state, "root@example.com", "Root", "Administrators").await;
        let (website, store) = (Scope::Website(1), Scope::StoreView(1));
        let lines = ADDRESS_STREET_LINES.path;

        // Default scope: the built-in 2; a website inherits it.
        let at_default = screen::load(&state, &root, Scope::Default, Section::Customer)
            .await
            .unwrap();
        let f = field(&at_default, lines).unwrap();
        assert_eq!((f.stored.as_deref(), f.inherited.as_str()), (None, "2"));

        screen::save(
            &state,
            &app::action_log::service::Actor::admin(&root.view, "127.0.0.1"),
            Scope::Default,
            Section::Customer,
            &[change(lines, None, Some("3"))],
        )
        .await
        .unwrap();
        let at_website = screen::load(&state, &root, website, Section::Customer)
            .await
            .unwrap();
        let f = field(&at_website, lines).unwrap();
        assert_eq!((f.stored.as_deref(), f.inherited.as_str()), (None, "3"));
        // A global option is not offered below default scope.
        assert!(field(&at_website, ACCOUNT_SHARE_SCOPE.path).is_none());

        // The website overrides; the other website still reads the default.
        screen::save(
            &state,
            &app::action_log::service::Actor::admin(&root.view, "127.0.0.1"),
            website,
            Section::Customer,
            &[change(lines, None, Some("4"))],
        )
        .await
        .unwrap();
        let at_website = screen::load(&state, &root, website, Section::Customer)
            .await
            .unwrap();
        assert_eq!(
            field(&at_website, lines).unwrap().stored.as_deref(),
            Some("4")
        );
        assert_eq!(
            state
                .config
                .get(ADDRESS_STREET_LINES, At::website(1))
                .await
                .unwrap(),
            4
        );
        assert_eq!(
            state
                .config
                .get(ADDRESS_STREET_LINES, At::website(2))
                .await
                .unwrap(),
            3
        );

        // A store view shows no website-only group, and inherits the website's values.
        let at_store = screen::load(&state, &root, store, Section::Customer)
            .await
            .unwrap();
        assert!(field(&at_store, lines).is_none());
        assert!(at_store
            .groups
            .iter()
            .all(|g| g.group != Key::CfgGroupNameAddress));
        // A store-view field under a global switch follows the switch's value here.
        assert!(at_store.parents.contains(&(
            "login_as_customer/general/enabled".to_string(),
            "0".to_string()
        )));
        let html = field(&at_store, ADDRESS_TEMPLATE_HTML.path).unwrap();
        assert!(html.inherited.starts_with("{{depend prefix}}"));

        // "Use Default Value" again: the website inherits 3.
        screen::save(
            &state,
            &app::action_log::service::Actor::admin(&root.view, "127.0.0.1"),
            website,
            Section::Customer,
            &[change(lines, Some("4"), None)],
        )
        .await
        .unwrap();
        assert_eq!(
            state
                .config
                .get(ADDRESS_STREET_LINES, At::website(1))
                .await
                .unwrap(),
            3
        );

        // The switcher lists Default Config, each website and its store views.
        let scopes: Vec<(Scope, u8)> = at_store.scopes.iter().map(|s| (s.scope, s.depth)).collect();
        assert_eq!(scopes[0], (Scope::Default, 0));
        assert!(scopes.contains(&(Scope::Website(2), 1)));
        assert!(scopes.contains(&(Scope::StoreView(1), 2)));
        // An unknown scope is not found.
        assert!(matches!(
            screen::load(&state, &root, Scope::Website(99), Section::Customer).await,
            Err(AppError::NotFound(_))
        ));
    }
);

both_backends!(
    a_save_is_all_or_nothing_and_names_what_is_wrong,
    |state: AppState| async move {
        seed_demo_store(&state).await.unwrap();
        let root = admin(&state, "root@example.com", "Root", "Administrators").await;
        let save = |changes: Vec<ConfigChange>| {
            let (state, root) = (state.clone(), root.clone());
            async move {
                screen::save(
                    &state,
                    &app::action_log::service::Actor::admin(&root.view, "127.0.0.1"),
                    Scope::Default,
                    Section::Customer,
                    &changes,
                )
                .await
            }
        };
        let lines = ADDRESS_STREET_LINES.path;
        let length = PASSWORD_MINIMUM_LENGTH.path;
        let errors = refused(
            save(vec![
                change(length, None, Some("12")),
                change(lines, None, Some("5")),
                change(CREATE_ACCOUNT_DEFAULT_GROUP.path, None, Some("999")),
                change(CAPTCHA_ENABLE.path, None, Some("maybe")),
            ])
            .await,
        );
        assert_eq!(errors[lines].key, Key::CfgErrRange);
        assert_eq!(
            errors[CREATE_ACCOUNT_DEFAULT_GROUP.path].key,
            Key::CfgErrUnknownGroup
        );
        assert_eq!(errors[CAPTCHA_ENABLE.path].key, Key::CfgErrChoice);
        assert_eq!(
            errors[lines].text(app::i18n::Locale::Fr),
            app::i18n::Message::new(Key::CfgErrRange)
                .with("label", Key::CfgAddressStreetLines)
                .with("min", 1i64)
                .with("max", 4i64)
                .text(app::i18n::Locale::Fr)
        );
        // The valid field of the refused save was not written either.
        assert_eq!(
            state
                .config
                .get(PASSWORD_MINIMUM_LENGTH, At::default())
                .await
                .unwrap(),
            8
        );

        // A field of another section, or one the scope may not set, is a malformed request.
        let other_section = screen::save(
            &state,
            &app::action_log::service::Actor::admin(&root.view, "127.0.0.1"),
            Scope::Default,
            Section::Customer,
            &[change("admin/security/lockout_failures", None, Some("3"))],
        )
        .await;
        assert!(
            matches!(other_section, Err(AppError::BadRequest(_))),
            "{other_section:?}"
        );
        let wrong_scope = screen::save(
            &state,
            &app::action_log::service::Actor::admin(&root.view, "127.0.0.1"),
            Scope::Website(1),
            Section::Customer,
            &[change(ACCOUNT_SHARE_SCOPE.path, None, Some("0"))],
        )
        .await;
        assert!(
            matches!(wrong_scope, Err(AppError::BadRequest(_))),
            "{wrong_scope:?}"
        );

        // Sharing accounts globally while an email has accounts on two websites.
        for website in [1, 2] {
            sqlx::query(
                "INSERT INTO customer_entity (website_id, email, firstname, lastname, group_id,
                     store_id, created_in, created_at, updated_at)
                 VALUES ($1, 'twice@example.com', 'Ada', 'Twice', 1, 1, 'Default Store View', 0, 0)",
            )
            .bind(website)
            .execute(&state.db.pool)
            .await
            .unwrap();
        }
        let two_websites: i64 = sqlx::query(
            "SELECT COUNT(DISTINCT website_id) AS n FROM customer_entity WHERE email = 'twice@example.com'",
        )
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .get("n");
        assert_eq!(two_websites, 2);
        let errors = refused(save(vec![change(ACCOUNT_SHARE_SCOPE.path, None, Some("0"))]).await);
        assert_eq!(
            errors[ACCOUNT_SHARE_SCOPE.path].key,
            Key::CfgErrShareGlobally
        );

        // Now valid: saved.
        save(vec![
            change(length, None, Some("12")),
            change(lines, None, Some("3")),
        ])
        .await
        .unwrap();
        assert_eq!(
            state
                .config
                .get(PASSWORD_MINIMUM_LENGTH, At::default())
                .await
                .unwrap(),
            12
        );
    }
);

both_backends!(
    the_later_of_two_admins_sees_a_conflict_and_every_change_is_logged,
    |state: AppState| async move {
        let first = admin(&state, "first@example.com", "First Admin", "Administrators").await;
        let second = admin(
            &state,
            "second@example.com",
            "Second Admin",
            "Administrators",
        )
        .await;
        let dob = ADDRESS_DOB_SHOW.path;
        let lines = ADDRESS_STREET_LINES.path;
        let website = Scope::Website(1);
        // Both load the page (nothing stored at the website), the first saves.
        screen::save(
            &state,
            &app::action_log::service::Actor::admin(&first.view, "127.0.0.1"),
            website,
            Section::Customer,
            &[change(dob, None, Some("req"))],
        )
        .await
        .unwrap();
        // The second saves the same field and another one: the conflict names the value
        // the first saved, and nothing of the second's save is written.
        let errors = refused(
            screen::save(
                &state,
                &app::action_log::service::Actor::admin(&second.view, "127.0.0.1"),
                website,
                Section::Customer,
                &[
                    change(dob, None, Some("opt")),
                    change(lines, None, Some("3")),
                ],
            )
            .await,
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[dob].key, Key::CfgErrChangedMeanwhile);
        assert_eq!(
            errors[dob].args,
            vec![("value".to_string(), Arg::Text("req".into()))]
        );
        assert_eq!(
            state
                .config
                .get(ADDRESS_STREET_LINES, At::website(1))
                .await
                .unwrap(),
            2
        );
        // After reloading, the second admin's save goes through.
        screen::save(
            &state,
            &app::action_log::service::Actor::admin(&second.view, "127.0.0.1"),
            website,
            Section::Customer,
            &[
                change(dob, Some("req"), Some("opt")),
                change(lines, None, Some("3")),
            ],
        )
        .await
        .unwrap();
        // A field the first admin did not touch never conflicts; "inherit" after an
        // inherit is a conflict-free no-op.
        screen::save(
            &state,
            &app::action_log::service::Actor::admin(&first.view, "127.0.0.1"),
            website,
            Section::Customer,
            &[change(dob, Some("opt"), None)],
        )
        .await
        .unwrap();

        let log: Vec<LogRow> = sqlx::query(
            "SELECT admin_username, scope, scope_id, path, old_value, new_value
             FROM config_change_log ORDER BY change_id",
        )
        .fetch_all(&state.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get("admin_username"),
                r.get("scope"),
                r.get("scope_id"),
                r.get("path"),
                r.get("old_value"),
                r.get("new_value"),
            )
        })
        .collect();
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            log,
            vec![
                (
                    "First Admin".into(),
                    "websites".into(),
                    1,
                    dob.into(),
                    None,
                    s("req")
                ),
                (
                    "Second Admin".into(),
                    "websites".into(),
                    1,
                    dob.into(),
                    s("req"),
                    s("opt")
                ),
                (
                    "Second Admin".into(),
                    "websites".into(),
                    1,
                    lines.into(),
                    None,
                    s("3")
                ),
                (
                    "First Admin".into(),
                    "websites".into(),
                    1,
                    dob.into(),
                    s("opt"),
                    None
                ),
            ]
        );
    }
);

both_backends!(
    an_admin_sees_only_the_sections_their_role_opens,
    |state: AppState| async move {
        service::create_role(
            &state,
            "Customer settings",
            &[app::auth::acl::CONFIG_CUSTOMER.to_string()],
        )
        .await
        .unwrap();
        let limited = admin(
            &state,
            "cfg@example.com",
            "Config Admin",
            "Customer settings",
        )
        .await;
        let screen = screen::load(&state, &limited, Scope::Default, Section::Customer)
            .await
            .unwrap();
        assert_eq!(
            screen.sections,
            vec![Section::Customer, Section::Persistent]
        );
        // Each field says when an option waits for its feature.
        let font = field(&screen, CAPTCHA_FONT.path).unwrap();
        assert_eq!(font.pending, Some(Key::FeatureCaptchaFonts));
        assert_eq!(field(&screen, CAPTCHA_ENABLE.path).unwrap().pending, None);
        assert_eq!(
            field(&screen, ADDRESS_STREET_LINES.path).unwrap().pending,
            None
        );
    }
);

both_backends!(
    an_edited_html_template_prints_every_address_and_a_broken_one_is_refused,
    |state: AppState| async move {
        use app::customers::address::model::AddressInput;
        use app::customers::address::service as addresses;
        seed_demo_store(&state).await.unwrap();
        let root = admin(&state, "root@example.com", "Root", "Administrators").await;
        let path = ADDRESS_TEMPLATE_HTML.path;
        // Unbalanced: refused with the line and column of the block left open.
        let errors = refused(
            screen::save(
                &state,
                &app::action_log::service::Actor::admin(&root.view, "127.0.0.1"),
                Scope::Website(1),
                Section::Customer,
                &[change(
                    path,
                    None,
                    Some("{{var city}}\n  {{depend company}}<b>x</b>"),
                )],
            )
            .await,
        );
        assert_eq!(
            errors[path].text(app::i18n::Locale::En),
            "Line 2, column 3: this “depend” block is never closed."
        );
        screen::save(
            &state,
            &app::action_log::service::Actor::admin(&root.view, "127.0.0.1"),
            Scope::Website(1),
            Section::Customer,
            &[change(
                path,
                None,
                Some("<b>{{var lastname}}</b>, {{var company}}, {{var city}}<script>x</script>"),
            )],
        )
        .await
        .unwrap();
        // A customer of website 1 with a default billing address: the admin's card prints
        // with the new template, markup from the address escaped.
        let customer: i64 = sqlx::query(
            "INSERT INTO customer_entity (website_id, email, firstname, lastname, group_id,
                 store_id, created_in, created_at, updated_at)
             VALUES (1, 'tpl@example.com', 'Ada', 'Lovelace', 1, 1, 'Default Store View', 0, 0)
             RETURNING entity_id",
        )
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .get("entity_id");
        let address = AddressInput {
            customer_id: customer,
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            company: "Engines <i>& Co</i>".into(),
            street: vec!["1 Main St".into()],
            city: "Austin".into(),
            region_id: "TX".into(),
            country_id: "US".into(),
            postcode: "78701".into(),
            telephone: "+1 512 555 0100".into(),
            default_billing: true,
            ..Default::default()
        };
        addresses::save(&state, Some(&app::testing::shop::actor()), &address)
            .await
            .unwrap();
        let page = addresses::page(&state, customer, &Default::default(), 0)
            .await
            .unwrap();
        assert_eq!(
            page.billing_html.as_deref(),
            Some("<b>Lovelace</b>, Engines &lt;i&gt;&amp; Co&lt;/i&gt;, Austinx")
        );
        // The storefront address book prints with the template of the store view the
        // shopper is on: its own when it has one, else the website's.
        screen::save(
            &state,
            &app::action_log::service::Actor::admin(&root.view, "127.0.0.1"),
            Scope::StoreView(1),
            Section::Customer,
            &[change(path, None, Some("{{var city}} (store view)"))],
        )
        .await
        .unwrap();
        let shopper = app::accounts::service::CustomerPrincipal {
            session_id: 0,
            customer_id: customer,
            website_id: 1,
            email: "tpl@example.com".into(),
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            assisted: None,
        };
        let book = |at| {
            let (state, shopper) = (state.clone(), shopper.clone());
            async move {
                app::accounts::addresses::book(&state, &shopper, 1, at)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            book(At::store(1, 1)).await.html_template,
            "{{var city}} (store view)"
        );
        let french = sqlx::query("SELECT store_id FROM store_views WHERE code = 'fr'")
            .fetch_optional(&state.db.pool)
            .await
            .unwrap()
            .map(|r| r.get::<i64, _>("store_id"))
            .expect("the demo store's French store view");
        assert!(book(At::store(1, french))
            .await
            .html_template
            .starts_with("<b>{{var lastname}}</b>"));
    }
);
