//! Custom customer and address attributes on a real database (SQLite and PostgreSQL):
//! the editor's rules, the grid of system and custom attributes, values of every input
//! type through the admin's customer form and the storefront's forms, options kept or
//! removed with their customers' choices, and deletes that take the values along.

use app::attributes::grid::{AttributeColumn, AttributeQuery};
use app::attributes::model::{
    AttributeInput, EntityType, InputType, OptionInput, SystemShown, UsedInForm, Validation, Values,
};
use app::attributes::service;
use app::both_backends;
use app::error::AppError;
use app::i18n::{Key, Locale};
use app::state::AppState;
use app::testing::shop::{actor, customer_with_password, registration, signed_in, store};
use app::ui::grid::state::Filter;
use sqlx::Row;
use std::collections::BTreeMap;

fn option(label: &str) -> OptionInput {
    OptionInput {
        admin_label: label.into(),
        ..OptionInput::default()
    }
}

fn attribute(code: &str, input: InputType) -> AttributeInput {
    AttributeInput {
        entity: EntityType::Customer,
        label: code.replace('_', " "),
        code: code.into(),
        input,
        lines: 2,
        visible: true,
        sort_order: 10,
        options: if input.has_options() {
            vec![option("Gold"), option("Silver"), option("Bronze")]
        } else {
            vec![]
        },
        ..AttributeInput::default()
    }
}

/// The field errors of a refused call.
fn refused<T: std::fmt::Debug>(
    result: Result<T, AppError>,
) -> BTreeMap<String, app::i18n::Message> {
    match result {
        Err(AppError::Validation { fields }) => fields,
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn create(state: &AppState, a: AttributeInput) -> i64 {
    service::save(state, &actor(), &a)
        .await
        .expect("save the attribute")
}

/// The option ids of attribute `id`, in order.
async fn option_ids(state: &AppState, entity: EntityType, id: i64) -> Vec<i64> {
    let form = service::form(state, entity, Some(id)).await.unwrap();
    form.attribute
        .options
        .iter()
        .map(|o| o.id.unwrap())
        .collect()
}

fn values(pairs: &[(&str, &str)]) -> Values {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn save_customer(state: &AppState, id: i64, custom: Values) -> Result<(), AppError> {
    let detail = app::customers::edit::service::load(state, id, 0).await?;
    let input = app::customers::model::CustomerInput {
        custom,
        ..detail.input
    };
    app::customers::edit::service::save(state, &actor(), &input)
        .await
        .map(|_| ())
}

async fn custom_of(state: &AppState, id: i64) -> Values {
    app::customers::edit::service::load(state, id, 0)
        .await
        .unwrap()
        .input
        .custom
}

/// `SELECT COUNT(*) AS n …` with its one optional value.
async fn count(state: &AppState, sql: &'static str, value: Option<i64>) -> i64 {
    let mut q = sqlx::query(sql);
    if let Some(v) = value {
        q = q.bind(v);
    }
    q.fetch_one(&state.db.pool).await.unwrap().get("n")
}

/// The first page of customer `id`'s addresses as the admin's Addresses tab loads it.
async fn address_rows(
    state: &AppState,
    id: i64,
) -> Vec<app::customers::address::model::AddressInput> {
    app::customers::address::service::page(
        state,
        id,
        &app::customers::address::model::AddressQuery::default(),
        0,
    )
    .await
    .unwrap()
    .rows
}

both_backends!(
    every_input_type_round_trips_through_the_customer_form,
    |state: AppState| async move {
        create(&state, attribute("nickname", InputType::Text)).await;
        create(&state, attribute("biography", InputType::TextArea)).await;
        create(
            &state,
            AttributeInput {
                lines: 3,
                ..attribute("delivery_note", InputType::Multiline)
            },
        )
        .await;
        create(&state, attribute("member_since", InputType::Date)).await;
        create(&state, attribute("vip", InputType::YesNo)).await;
        let tier = create(&state, attribute("tier", InputType::Dropdown)).await;
        let hobbies = create(&state, attribute("hobbies", InputType::Multiselect)).await;
        let tiers = option_ids(&state, EntityType::Customer, tier).await;
        let hobby = option_ids(&state, EntityType::Customer, hobbies).await;
        let id = customer_with_password(&state, "ada@example.com", 1, "x").await;
        // Unicode, quotes and markup are kept as typed (no filter chosen).
        let hostile = "Zoë '); DROP TABLE customer_entity; -- <b>😀</b>";
        let chosen = format!("{},{}", hobby[2], hobby[0]);
        let tier_gold = tiers[0].to_string();
        save_customer(
            &state,
            id,
            values(&[
                ("nickname", hostile),
                ("biography", "Line one\nLine two"),
                ("delivery_note", "Gate 4\nRing twice"),
                ("member_since", "2024-02-29"),
                ("vip", "1"),
                ("tier", &tier_gold),
                ("hobbies", &chosen),
            ]),
        )
        .await
        .unwrap();
        let stored = custom_of(&state, id).await;
        assert_eq!(stored["nickname"], hostile);
        assert_eq!(stored["biography"], "Line one\nLine two");
        assert_eq!(stored["delivery_note"], "Gate 4\nRing twice");
        assert_eq!(stored["member_since"], "2024-02-29");
        assert_eq!(stored["vip"], "1");
        assert_eq!(stored["tier"], tier_gold);
        // In the attribute's option order, whatever order they were ticked in.
        assert_eq!(stored["hobbies"], format!("{},{}", hobby[0], hobby[2]));
        assert_eq!(stored.len(), 7);
        // The customer table was not touched by the hostile text.
        let n = count(&state, "SELECT COUNT(*) AS n FROM customer_entity", None).await;
        assert_eq!(n, 1);

        // Clearing a field deletes its value; the others stay.
        let mut fewer = stored.clone();
        fewer.insert("tier".into(), String::new());
        fewer.insert("vip".into(), "0".into());
        save_customer(&state, id, fewer).await.unwrap();
        let stored = custom_of(&state, id).await;
        assert!(!stored.contains_key("tier"));
        assert_eq!(stored["vip"], "0");
        assert_eq!(stored.len(), 6);
        // A save that does not mention a field (an edit queued by a device that never
        // loaded it) leaves it as it is.
        save_customer(&state, id, values(&[("vip", "1")]))
            .await
            .unwrap();
        let kept = custom_of(&state, id).await;
        assert_eq!(kept["vip"], "1");
        assert_eq!(kept["nickname"], hostile);
        assert_eq!(kept.len(), 6);
    }
);

both_backends!(
    bad_values_are_refused_on_their_field_and_nothing_is_written,
    |state: AppState| async move {
        let id = customer_with_password(&state, "ada@example.com", 1, "x").await;
        create(
            &state,
            AttributeInput {
                required: true,
                validation: Validation::NumericOnly,
                max_length: Some(6),
                ..attribute("employee_number", InputType::Text)
            },
        )
        .await;
        create(
            &state,
            AttributeInput {
                date_min: "2000-01-01".into(),
                ..attribute("member_since", InputType::Date)
            },
        )
        .await;
        create(&state, attribute("tier", InputType::Dropdown)).await;
        // The required attribute: a customer saved before it existed must now give it.
        let errors = refused(save_customer(&state, id, Values::new()).await);
        assert_eq!(
            errors["custom.employee_number"],
            "employee number is a required field."
        );
        let errors = refused(
            save_customer(
                &state,
                id,
                values(&[
                    ("employee_number", "12a"),
                    ("member_since", "1999-12-31"),
                    ("tier", "99999"),
                ]),
            )
            .await,
        );
        assert_eq!(errors["custom.employee_number"].key, Key::ErrOnlyDigits);
        assert_eq!(errors["custom.member_since"].key, Key::ErrDateNotBefore);
        assert_eq!(errors["custom.tier"].key, Key::ErrChooseFromList);
        let errors =
            refused(save_customer(&state, id, values(&[("employee_number", "1234567")])).await);
        assert_eq!(errors["custom.employee_number"].key, Key::ErrTooLong);
        // Another attribute's option is no choice either.
        let other = create(&state, attribute("other", InputType::Dropdown)).await;
        let foreign = option_ids(&state, EntityType::Customer, other).await[0].to_string();
        let errors = refused(
            save_customer(
                &state,
                id,
                values(&[("employee_number", "42"), ("tier", &foreign)]),
            )
            .await,
        );
        assert_eq!(errors["custom.tier"].key, Key::ErrChooseFromList);
        assert!(custom_of(&state, id).await.is_empty());
        save_customer(&state, id, values(&[("employee_number", "42")]))
            .await
            .unwrap();
        assert_eq!(custom_of(&state, id).await["employee_number"], "42");
        // Codes the form does not know are ignored, never written.
        save_customer(
            &state,
            id,
            values(&[("employee_number", "42"), ("password_hash", "x")]),
        )
        .await
        .unwrap();
        assert_eq!(custom_of(&state, id).await.len(), 1);
    }
);

both_backends!(
    the_editor_keeps_codes_unique_and_fixed,
    |state: AppState| async move {
        let id = create(&state, attribute("loyalty_tier", InputType::Dropdown)).await;
        let errors = refused(
            service::save(
                &state,
                &actor(),
                &attribute("loyalty_tier", InputType::Text),
            )
            .await,
        );
        assert_eq!(errors["code"].key, Key::ErrAttributeCodeTaken);
        // The same code is free for addresses.
        create(
            &state,
            AttributeInput {
                entity: EntityType::Address,
                ..attribute("loyalty_tier", InputType::Text)
            },
        )
        .await;
        let errors =
            refused(service::save(&state, &actor(), &attribute("email", InputType::Text)).await);
        assert_eq!(errors["code"].key, Key::ErrAttributeCodeReserved);
        let errors =
            refused(service::save(&state, &actor(), &attribute("Loyalty", InputType::Text)).await);
        assert_eq!(errors["code"].key, Key::ErrAttributeCodeForm);

        // A save cannot change the code or the input type.
        let mut edited = service::form(&state, EntityType::Customer, Some(id))
            .await
            .unwrap()
            .attribute;
        edited.code = "renamed".into();
        edited.input = InputType::Text;
        edited.label = "Loyalty Tier".into();
        service::save(&state, &actor(), &edited).await.unwrap();
        let saved = service::form(&state, EntityType::Customer, Some(id))
            .await
            .unwrap()
            .attribute;
        assert_eq!(
            (saved.code.as_str(), saved.input),
            ("loyalty_tier", InputType::Dropdown)
        );
        assert_eq!(saved.label, "Loyalty Tier");
        // An attribute is its entity's: the address editor does not open a customer one.
        assert!(matches!(
            service::form(&state, EntityType::Address, Some(id)).await,
            Err(AppError::NotFound(_))
        ));

        // Labels per store view and forms are kept.
        let view = store(&state).await.store_id;
        edited = saved.clone();
        edited.labels = BTreeMap::from([(view, "Niveau".to_string()), (9999, String::new())]);
        edited.forms = vec![UsedInForm::CustomerAccountCreate, UsedInForm::AddressEdit];
        service::save(&state, &actor(), &edited).await.unwrap();
        let saved = service::form(&state, EntityType::Customer, Some(id))
            .await
            .unwrap()
            .attribute;
        assert_eq!(saved.labels.get(&view).map(String::as_str), Some("Niveau"));
        // Only the entity's own forms.
        assert_eq!(saved.forms, vec![UsedInForm::CustomerAccountCreate]);
        edited.labels = BTreeMap::from([(9999, "Ghost".to_string())]);
        let errors = refused(service::save(&state, &actor(), &edited).await);
        assert_eq!(errors["labels"].key, Key::ErrNoSuchStoreView);

        // The grid lists system and custom attributes.
        let mut q = AttributeQuery::default();
        let page = service::page(&state, EntityType::Customer, &q, Locale::En)
            .await
            .unwrap();
        assert_eq!(page.total, 14);
        assert!(page
            .rows
            .iter()
            .any(|r| r.code == "email" && r.system && r.id.is_none()));
        q.filters
            .insert(AttributeColumn::System, Filter::Select("0".into()));
        let page = service::page(&state, EntityType::Customer, &q, Locale::En)
            .await
            .unwrap();
        let codes: Vec<_> = page.rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["loyalty_tier"]);
        let page = service::page(
            &state,
            EntityType::Address,
            &AttributeQuery::default(),
            Locale::Fr,
        )
        .await
        .unwrap();
        assert!(
            page.rows
                .iter()
                .any(|r| r.code == "city" && r.label == "Ville"),
            "{:?}",
            page.rows
        );
        // Every change is in the action log.
        let logged = count(
            &state,
            "SELECT COUNT(*) AS n FROM admin_action_log WHERE entity = 'eav_attribute'",
            None,
        )
        .await;
        assert_eq!(logged, 4);
    }
);

both_backends!(
    options_keep_their_choices_and_deletes_take_the_values,
    |state: AppState| async move {
        let tier = create(&state, attribute("tier", InputType::Dropdown)).await;
        let hobbies = create(&state, attribute("hobbies", InputType::Multiselect)).await;
        let tiers = option_ids(&state, EntityType::Customer, tier).await;
        let hobby = option_ids(&state, EntityType::Customer, hobbies).await;
        let ada = customer_with_password(&state, "ada@example.com", 1, "x").await;
        let bob = customer_with_password(&state, "bob@example.com", 1, "x").await;
        let both = format!("{},{}", hobby[0], hobby[1]);
        save_customer(
            &state,
            ada,
            values(&[("tier", &tiers[0].to_string()), ("hobbies", &both)]),
        )
        .await
        .unwrap();
        save_customer(&state, bob, values(&[("tier", &tiers[1].to_string())]))
            .await
            .unwrap();

        // Rename Gold, drop Silver, reorder, add Platinum.
        let mut form = service::form(&state, EntityType::Customer, Some(tier))
            .await
            .unwrap();
        assert_eq!(form.values, 2);
        let mut options = form.attribute.options.clone();
        options[0].admin_label = "Gold+".into();
        options.remove(1);
        options.reverse();
        options.push(option("Platinum"));
        form.attribute.options = options;
        service::save(&state, &actor(), &form.attribute)
            .await
            .unwrap();
        let after = service::form(&state, EntityType::Customer, Some(tier))
            .await
            .unwrap();
        let labels: Vec<_> = after
            .attribute
            .options
            .iter()
            .map(|o| o.admin_label.as_str())
            .collect();
        assert_eq!(labels, ["Bronze", "Gold+", "Platinum"]);
        assert_eq!(after.attribute.options[1].id, Some(tiers[0]));
        assert_eq!(custom_of(&state, ada).await["tier"], tiers[0].to_string());
        // Bob chose Silver, which is gone.
        assert!(!custom_of(&state, bob).await.contains_key("tier"));
        assert_eq!(after.values, 1);

        // An option id of another attribute cannot be smuggled into this one.
        let mut smuggled = after.attribute.clone();
        smuggled.options[0].id = Some(hobby[0]);
        let errors = refused(service::save(&state, &actor(), &smuggled).await);
        assert!(errors.contains_key("options.0"), "{errors:?}");

        // Deleting the attribute deletes its values and answers how many.
        assert_eq!(
            service::delete(&state, &actor(), EntityType::Customer, hobbies)
                .await
                .unwrap(),
            1
        );
        assert!(!custom_of(&state, ada).await.contains_key("hobbies"));
        let left = count(
            &state,
            "SELECT COUNT(*) AS n FROM customer_entity_option WHERE attribute_id = $1",
            Some(hobbies),
        )
        .await;
        assert_eq!(left, 0);
        assert!(matches!(
            service::delete(&state, &actor(), EntityType::Customer, hobbies).await,
            Err(AppError::NotFound(_))
        ));
        // Deleting the customer deletes their values.
        sqlx::query("DELETE FROM customer_entity WHERE entity_id = $1")
            .bind(ada)
            .execute(&state.db.pool)
            .await
            .unwrap();
        let left = count(
            &state,
            "SELECT COUNT(*) AS n FROM customer_entity_option",
            None,
        )
        .await;
        assert_eq!(left, 0);
    }
);

both_backends!(
    the_storefront_forms_show_only_their_attributes,
    |state: AppState| async move {
        let store = store(&state).await;
        let tier = create(
            &state,
            AttributeInput {
                required: true,
                sort_order: 5,
                forms: vec![
                    UsedInForm::CustomerAccountCreate,
                    UsedInForm::CustomerAccountEdit,
                ],
                labels: BTreeMap::from([(store.store_id, "Your tier".to_string())]),
                ..attribute("tier", InputType::Dropdown)
            },
        )
        .await;
        create(
            &state,
            AttributeInput {
                forms: vec![UsedInForm::CustomerAccountEdit],
                ..attribute("newsletter_topics", InputType::Text)
            },
        )
        .await;
        // Hidden from the storefront although in the form.
        create(
            &state,
            AttributeInput {
                visible: false,
                forms: vec![UsedInForm::CustomerAccountCreate],
                ..attribute("internal_score", InputType::Text)
            },
        )
        .await;
        let options = app::accounts::register::form_options(&state, &store)
            .await
            .unwrap();
        let codes: Vec<_> = options.attributes.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["tier"]);
        assert_eq!(options.attributes[0].label, "Your tier");

        let tiers = option_ids(&state, EntityType::Customer, tier).await;
        let mut form = registration("zoe@example.com");
        let errors = refused(
            app::accounts::register::register(
                &state,
                &store,
                &form,
                &app::testing::shop::from_ip("198.51.100.7"),
                &app::files::service::Uploader::visitor(None),
            )
            .await,
        );
        assert_eq!(errors["custom.tier"], "Your tier is a required field.");
        // As the page's form posts it without script: a select's value by code, and a
        // hidden attribute's value ignored.
        form.custom = values(&[("tier", &tiers[2].to_string()), ("internal_score", "99")]);
        app::accounts::register::register(
            &state,
            &store,
            &form,
            &app::testing::shop::from_ip("198.51.100.7"),
            &app::files::service::Uploader::visitor(None),
        )
        .await
        .unwrap();
        let id: i64 =
            sqlx::query("SELECT entity_id FROM customer_entity WHERE email = 'zoe@example.com'")
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .get("entity_id");
        let stored = custom_of(&state, id).await;
        assert_eq!(stored.get("tier"), Some(&tiers[2].to_string()));
        assert!(!stored.contains_key("internal_score"));

        // Account Information: its own form's attributes, saved beside the names.
        let me = signed_in(id, "zoe@example.com");
        let mut info = app::accounts::information::load(&state, &me).await.unwrap();
        let codes: Vec<_> = info
            .options
            .attributes
            .iter()
            .map(|f| f.code.as_str())
            .collect();
        assert_eq!(codes, ["tier", "newsletter_topics"]);
        assert_eq!(info.form.custom.get("tier"), Some(&tiers[2].to_string()));
        info.form
            .custom
            .insert("newsletter_topics".into(), "  Birds, bees ".into());
        info.form.custom.insert("tier".into(), tiers[0].to_string());
        app::accounts::information::save(&state, &me, None, &info.form)
            .await
            .unwrap();
        let stored = custom_of(&state, id).await;
        assert_eq!(stored["newsletter_topics"], "Birds, bees");
        assert_eq!(stored["tier"], tiers[0].to_string());
    }
);

both_backends!(
    create_an_account_asks_for_an_address_where_the_store_wants_one,
    |state: AppState| async move {
        use app::config::{model::Scope, registry::CREATE_ACCOUNT_SHOW_ADDRESS_FIELDS};
        let store = store(&state).await;
        for (code, forms) in [
            ("building", vec![UsedInForm::AddressRegister]),
            ("delivery_note", vec![UsedInForm::AddressEdit]),
        ] {
            create(
                &state,
                AttributeInput {
                    entity: EntityType::Address,
                    required: code == "building",
                    forms,
                    ..attribute(code, InputType::Text)
                },
            )
            .await;
        }
        let register = |form: app::accounts::model::Registration| {
            let (state, store) = (state.clone(), store.clone());
            async move {
                app::accounts::register::register(
                    &state,
                    &store,
                    &form,
                    &app::testing::shop::from_ip("198.51.100.9"),
                    &app::files::service::Uploader::visitor(None),
                )
                .await
            }
        };
        let customer_of = |email: &'static str| {
            let state = state.clone();
            async move {
                sqlx::query("SELECT entity_id FROM customer_entity WHERE email = $1")
                    .bind(email)
                    .fetch_optional(&state.db.pool)
                    .await
                    .unwrap()
                    .map(|row| row.get::<i64, _>("entity_id"))
            }
        };
        // Not asked by default: an address a script sends is ignored.
        let options = app::accounts::register::form_options(&state, &store)
            .await
            .unwrap();
        assert!(!options.address && options.address_attributes.is_empty());
        let mut form = registration("ada@example.com");
        form.address = app::testing::shop::address("London");
        register(form).await.unwrap();
        let ada = customer_of("ada@example.com").await.unwrap();
        assert!(address_rows(&state, ada).await.is_empty());

        // Asked: the form shows Customer Address Registration's attributes only.
        state
            .config
            .set(
                CREATE_ACCOUNT_SHOW_ADDRESS_FIELDS.path,
                "1",
                Scope::Website(store.website_id),
                0,
            )
            .await
            .unwrap();
        let options = app::accounts::register::form_options(&state, &store)
            .await
            .unwrap();
        assert!(options.address);
        let codes: Vec<_> = options
            .address_attributes
            .iter()
            .map(|f| f.code.as_str())
            .collect();
        assert_eq!(codes, ["building"]);
        // Refused on the address's fields, and nothing is written.
        let mut form = registration("zoe@example.com");
        form.address = app::testing::shop::address(" ");
        let errors = refused(register(form.clone()).await);
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            ["address.city", "address.custom.building"]
        );
        assert_eq!(errors["address.city"], "City is a required field.");
        assert_eq!(customer_of("zoe@example.com").await, None);
        // Accepted: the address is the new customer's default billing and shipping
        // address, named as they are, with its attribute; the grid shows it at once. What
        // a script says of ids, defaults, names and other forms' attributes is ignored.
        form.firstname = "Zoë".into();
        form.address = app::customers::address::model::AddressInput {
            id: Some(1),
            customer_id: ada,
            firstname: "Mallory".into(),
            default_billing: false,
            custom: values(&[("building", "Tower B"), ("delivery_note", "Porter")]),
            ..app::testing::shop::address("Leeds")
        };
        register(form).await.unwrap();
        let zoe = customer_of("zoe@example.com").await.unwrap();
        let rows = address_rows(&state, zoe).await;
        assert_eq!(rows.len(), 1);
        let address = &rows[0];
        assert_eq!(
            (address.city.as_str(), address.firstname.as_str()),
            ("Leeds", "Zoë")
        );
        assert!(address.default_billing && address.default_shipping);
        assert_eq!(address.custom, values(&[("building", "Tower B")]));
        assert!(address_rows(&state, ada).await.is_empty(), "not Ada's");
        let grid = app::customers::grid::service::page(
            &state,
            &app::customers::grid::model::GridQuery {
                search: "zoe@example.com".into(),
                ..Default::default()
            },
            Locale::En,
        )
        .await
        .unwrap();
        assert_eq!(grid.rows[0].billing_city.as_deref(), Some("Leeds"));
    }
);

both_backends!(
    address_attributes_in_the_admin_and_storefront_address_forms,
    |state: AppState| async move {
        let address_attribute =
            |code: &str, input: InputType, forms: Vec<UsedInForm>| AttributeInput {
                entity: EntityType::Address,
                forms,
                ..attribute(code, input)
            };
        create(
            &state,
            AttributeInput {
                max_length: Some(40),
                ..address_attribute(
                    "delivery_note",
                    InputType::Text,
                    vec![UsedInForm::AddressEdit],
                )
            },
        )
        .await;
        create(
            &state,
            address_attribute("building", InputType::Text, vec![]),
        )
        .await;
        let id = customer_with_password(&state, "ada@example.com", 1, "x").await;
        // The admin's form: every address attribute.
        let mut address = app::testing::shop::address("London");
        address.customer_id = id;
        address.custom = values(&[
            ("delivery_note", "Leave with the porter"),
            ("building", "B2"),
        ]);
        // A default address is listed twice on the Addresses tab: as a row and as its card.
        address.default_billing = true;
        let saved = app::customers::address::service::save(&state, Some(&actor()), &address)
            .await
            .unwrap();
        let address_id = saved.id.unwrap();
        let page = app::customers::address::service::page(
            &state,
            id,
            &app::customers::address::model::AddressQuery::default(),
            0,
        )
        .await
        .unwrap();
        assert_eq!(page.rows[0].custom, address.custom);
        assert_eq!(page.default_billing.unwrap().custom, address.custom);
        let mut bad = saved.clone();
        bad.custom.insert("delivery_note".into(), "x".repeat(41));
        let errors =
            refused(app::customers::address::service::save(&state, Some(&actor()), &bad).await);
        assert_eq!(errors["custom.delivery_note"].key, Key::ErrTooLong);

        // The storefront's form: only Customer Account Address's attributes.
        let me = signed_in(id, "ada@example.com");
        let form = app::accounts::addresses::form(&state, &me, Some(address_id))
            .await
            .unwrap();
        let codes: Vec<_> = form.attributes.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["delivery_note"]);
        assert_eq!(
            form.address.custom,
            values(&[("delivery_note", "Leave with the porter")])
        );
        let mut edit = form.address.clone();
        edit.custom
            .insert("delivery_note".into(), "Ring twice".into());
        // A value for an attribute the form does not show is ignored.
        edit.custom.insert("building".into(), "C3".into());
        app::accounts::addresses::save(&state, &me, None, &edit)
            .await
            .unwrap();
        let rows = address_rows(&state, id).await;
        assert_eq!(
            rows[0].custom,
            values(&[("delivery_note", "Ring twice"), ("building", "B2")])
        );
        // An edit queued offline from the address book's copy sends no custom values:
        // they stay.
        let mut queued = rows[0].clone();
        queued.custom = Values::new();
        queued.city = "Bath".into();
        app::accounts::addresses::save(&state, &me, None, &queued)
            .await
            .unwrap();
        let rows = address_rows(&state, id).await;
        assert_eq!(rows[0].city, "Bath");
        assert_eq!(rows[0].custom["delivery_note"], "Ring twice");
    }
);

both_backends!(
    address_templates_print_custom_address_attributes_by_code,
    |state: AppState| async move {
        use app::config::editor::ConfigChange;
        use app::config::model::{Scope, Section};
        use app::config::registry::{ADDRESS_TEMPLATE_HTML, ADDRESS_TEMPLATE_ONELINE};
        let address_attribute = |code: &str, input: InputType| AttributeInput {
            entity: EntityType::Address,
            forms: vec![UsedInForm::AddressEdit],
            ..attribute(code, input)
        };
        create(&state, address_attribute("gate_code", InputType::Text)).await;
        let dock = create(&state, address_attribute("dock", InputType::Dropdown)).await;
        let silver = option_ids(&state, EntityType::Address, dock).await[1];
        let set = |path: &str, template: &str| {
            let change = ConfigChange {
                path: path.into(),
                before: None,
                after: Some(template.into()),
            };
            let state = state.clone();
            async move {
                app::config::screen::save(
                    &state,
                    &actor(),
                    Scope::Default,
                    Section::Customer,
                    &[change],
                )
                .await
            }
        };

        // A name that is no address variable nor attribute is refused, with its place.
        let errors = refused(
            set(
                ADDRESS_TEMPLATE_ONELINE.path,
                "{{var city}} {{var gate_cod}}",
            )
            .await,
        );
        let message = &errors[ADDRESS_TEMPLATE_ONELINE.path];
        assert_eq!(message.key, Key::TplErrUnknownVariable);
        assert!(message.text(Locale::En).contains("gate_cod"), "{message:?}");
        set(
            ADDRESS_TEMPLATE_ONELINE.path,
            "{{var lastname}}, {{var city}}{{depend gate_code}} (gate {{var gate_code}}){{/depend}} {{var dock}}",
        )
        .await
        .unwrap();
        set(
            ADDRESS_TEMPLATE_HTML.path,
            "{{var lastname}}<br>Gate: {{var gate_code}}<br>Dock: {{var dock}}",
        )
        .await
        .unwrap();

        let id = customer_with_password(&state, "ada@example.com", 1, "x").await;
        let mut address = app::testing::shop::address("London");
        address.customer_id = id;
        address.custom = values(&[("gate_code", "<4#21>"), ("dock", &silver.to_string())]);
        address.default_billing = true;
        address.default_shipping = true;
        app::customers::address::service::save(&state, Some(&actor()), &address)
            .await
            .unwrap();

        // The grid's Billing and Shipping Address columns: the one-line template.
        let page = app::customers::grid::service::page(
            &state,
            &app::customers::grid::model::GridQuery::default(),
            Locale::En,
        )
        .await
        .unwrap();
        let row = page.rows.iter().find(|r| r.id == id).unwrap();
        assert_eq!(
            row.billing_full.as_deref(),
            Some("Lovelace, London (gate <4#21>) Silver")
        );
        assert_eq!(row.shipping_full, row.billing_full);

        // The admin's address cards and the shopper's pages: the HTML template, values
        // escaped.
        let admin_page = app::customers::address::service::page(
            &state,
            id,
            &app::customers::address::model::AddressQuery::default(),
            0,
        )
        .await
        .unwrap();
        assert_eq!(
            admin_page.billing_html.as_deref(),
            Some("Lovelace<br>Gate: &lt;4#21&gt;<br>Dock: Silver")
        );
        let me = signed_in(id, "ada@example.com");
        let store = app::accounts::service::account_store(&state, id)
            .await
            .unwrap();
        let overview = app::accounts::service::dashboard(&state, id, &store)
            .await
            .unwrap();
        assert_eq!(overview.default_billing, admin_page.billing_html);
        // The address book prints in the browser (also offline): it carries the
        // attributes and the values.
        let book = app::accounts::addresses::book(
            &state,
            &me,
            1,
            app::config::service::At::store(store.website_id, store.store_id),
        )
        .await
        .unwrap();
        let billing = book.default_billing.unwrap();
        assert_eq!(billing.custom["gate_code"], "<4#21>");
        let printed = app::address_format::render(
            ADDRESS_TEMPLATE_HTML,
            &book.html_template,
            &billing,
            app::address_format::Format::Html,
            0,
            &book.attributes,
        );
        assert_eq!(Some(printed), admin_page.billing_html);

        // An attribute deleted since prints as nothing; the template still prints.
        service::delete(&state, &actor(), EntityType::Address, dock)
            .await
            .unwrap();
        let page = app::customers::grid::service::page(
            &state,
            &app::customers::grid::model::GridQuery::default(),
            Locale::En,
        )
        .await
        .unwrap();
        let row = page.rows.iter().find(|r| r.id == id).unwrap();
        assert_eq!(
            row.billing_full.as_deref(),
            Some("Lovelace, London (gate <4#21>)")
        );
    }
);

both_backends!(
    custom_attributes_are_grid_columns_and_filters,
    |state: AppState| async move {
        use app::customers::grid::export::{self, Format};
        use app::customers::grid::model::{Column, CustomKind, GridQuery, Selection};
        use app::customers::grid::service as grid;
        let tier = create(&state, in_grid(attribute("tier", InputType::Dropdown))).await;
        let [gold, silver, _bronze] = option_ids(&state, EntityType::Customer, tier).await[..]
        else {
            panic!("three options")
        };
        let nickname = create(&state, in_grid(attribute("nickname", InputType::Text))).await;
        let badge = create(
            &state,
            AttributeInput {
                match_type: app::attributes::model::MatchType::Prefix,
                ..in_grid(attribute("badge", InputType::Text))
            },
        )
        .await;
        let vip = create(&state, in_grid(attribute("vip", InputType::YesNo))).await;
        let since = create(&state, in_grid(attribute("member_since", InputType::Date))).await;
        // A column without a filter, and an attribute the grid does not show.
        let note = create(
            &state,
            AttributeInput {
                in_grid: true,
                ..attribute("note", InputType::Text)
            },
        )
        .await;
        create(&state, attribute("secret", InputType::Text)).await;

        let ada = customer_with_password(&state, "ada@example.com", 1, "x").await;
        let zoe = customer_with_password(&state, "zoe@example.com", 1, "x").await;
        let max = customer_with_password(&state, "max@example.com", 1, "x").await;
        let g = gold.to_string();
        let s = silver.to_string();
        save_customer(
            &state,
            ada,
            values(&[
                ("tier", &g),
                ("nickname", "Countess"),
                ("badge", "abc"),
                ("vip", "1"),
                ("member_since", "2020-05-01"),
                ("note", "first"),
                ("secret", "hidden"),
            ]),
        )
        .await
        .unwrap();
        save_customer(
            &state,
            zoe,
            values(&[
                ("tier", &s),
                ("nickname", "Zoë_50%"),
                ("badge", "cab"),
                ("vip", "0"),
                ("member_since", "2023-01-15"),
            ]),
        )
        .await
        .unwrap();
        save_customer(&state, max, values(&[("nickname", "Max 50 percent")]))
            .await
            .unwrap();

        // The columns the grid offers: the attributes added to it, with their options.
        let options = grid::options(&state).await.unwrap();
        let offered: Vec<_> = options
            .custom
            .iter()
            .map(|c| (c.label.as_str(), c.filterable))
            .collect();
        // In sort order (all the same here), then by code.
        assert_eq!(
            offered,
            [
                ("badge", true),
                ("member since", true),
                ("nickname", true),
                ("note", false),
                ("tier", true),
                ("vip", true),
            ]
        );
        assert_eq!(
            options.custom[4].options,
            [
                (gold, "Gold".to_string()),
                (silver, "Silver".to_string()),
                (_bronze, "Bronze".to_string())
            ]
        );
        let tier_col = column(tier, CustomKind::Options);
        let found = |filters: Vec<(Column, Filter)>| {
            let state = state.clone();
            async move {
                let mut q = GridQuery::default();
                q.filters.extend(filters);
                // Links carry the filters in the URL.
                let q = GridQuery::from_query_string(&q.to_query_string());
                let page = grid::page(&state, &q, Locale::En).await.unwrap();
                let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
                assert_eq!(page.total, ids.len() as u64);
                (ids, page)
            }
        };

        // Every row carries its values as the grid shows them.
        let (all, page) = found(vec![]).await;
        assert_eq!(all, [ada, zoe, max]);
        assert_eq!(page.custom[&ada][&tier], "Gold");
        assert_eq!(page.custom[&ada][&vip], "Yes");
        assert_eq!(page.custom[&zoe][&vip], "No");
        assert_eq!(page.custom[&ada][&since], "May 1, 2020");
        assert_eq!(page.custom[&ada][&note], "first");
        assert!(!page.custom.contains_key(&max) || !page.custom[&max].contains_key(&tier));

        // A dropdown: its option.
        let (ids, _) = found(vec![(tier_col, Filter::Select(s.clone()))]).await;
        assert_eq!(ids, [zoe]);
        // Text contains, without regard to case; % and _ are plain characters.
        let text = column(nickname, CustomKind::Text);
        assert_eq!(
            found(vec![(text, Filter::Text("COUNT".into()))]).await.0,
            [ada]
        );
        assert_eq!(
            found(vec![(text, Filter::Text("50%".into()))]).await.0,
            [zoe]
        );
        assert_eq!(
            found(vec![(text, Filter::Text("ë_5".into()))]).await.0,
            [zoe]
        );
        assert_eq!(found(vec![(text, Filter::Text("_".into()))]).await.0, [zoe]);
        // Match type "starts with".
        let prefix = column(badge, CustomKind::Text);
        assert_eq!(
            found(vec![(prefix, Filter::Text("ab".into()))]).await.0,
            [ada]
        );
        // Yes/No and a date range, with a built-in filter.
        let yes_no = column(vip, CustomKind::YesNo);
        assert_eq!(
            found(vec![(yes_no, Filter::Select("0".into()))]).await.0,
            [zoe]
        );
        let dates = column(since, CustomKind::Date);
        let range = |from: &str, to: &str| Filter::Dates {
            from: Some(from.into()),
            to: Some(to.into()),
        };
        assert_eq!(
            found(vec![(dates, range("2020-05-01", "2022-12-31"))])
                .await
                .0,
            [ada]
        );
        assert_eq!(
            found(vec![
                (dates, range("2019-01-01", "2024-01-01")),
                (Column::Email, Filter::Text("zoe".into())),
            ])
            .await
            .0,
            [zoe]
        );
        // A filter on a column without one, or on an attribute that is not in the grid
        // (deleted, a wrong kind in a hand-made link), changes nothing.
        let no_filter = column(note, CustomKind::Text);
        assert_eq!(
            found(vec![(no_filter, Filter::Text("zzz".into()))]).await.0,
            all
        );
        assert_eq!(
            found(vec![(
                column(999_999, CustomKind::Text),
                Filter::Text("x".into())
            )])
            .await
            .0,
            all
        );

        // The export: the custom columns as the grid shows them, and their filters.
        let mut file = Vec::new();
        let mut q = GridQuery::default();
        q.filters.insert(tier_col, Filter::Select(g.clone()));
        let written = export::export(
            &state,
            &q,
            &Selection::AllMatching { except: vec![] },
            &[
                Column::Email,
                tier_col,
                yes_no,
                column(999_999, CustomKind::Text),
            ],
            &options,
            Locale::En,
            Format::Csv,
            &mut file,
            |_, _| {},
        )
        .await
        .unwrap();
        assert_eq!(written, 1);
        let csv = String::from_utf8(file).unwrap();
        assert_eq!(
            csv,
            "\u{feff}Email,tier,vip\r\nada@example.com,Gold,Yes\r\n"
        );

        // Deleting the attribute takes its column and filter away.
        service::delete(&state, &actor(), EntityType::Customer, tier)
            .await
            .unwrap();
        assert_eq!(found(vec![(tier_col, Filter::Select(s))]).await.0, all);
        assert!(grid::options(&state)
            .await
            .unwrap()
            .custom
            .iter()
            .all(|c| c.column.attribute_id != tier));
    }
);

both_backends!(
    custom_columns_sort_through_their_indexes_with_empty_values_last,
    |state: AppState| async move {
        use app::customers::grid::model::{Column, CustomKind, Dir, GridQuery};
        use app::customers::grid::{repo, service as grid};
        let nickname = create(&state, in_grid(attribute("nickname", InputType::Text))).await;
        let motto = create(&state, in_grid(attribute("motto", InputType::TextArea))).await;
        let tier = create(&state, in_grid(attribute("tier", InputType::Dropdown))).await;
        let since = create(&state, in_grid(attribute("member_since", InputType::Date))).await;
        let hobbies = create(
            &state,
            in_grid(attribute("hobbies", InputType::Multiselect)),
        )
        .await;
        let [gold, silver, bronze] = option_ids(&state, EntityType::Customer, tier).await[..]
        else {
            panic!("three options")
        };
        let mut ids = Vec::new();
        for (email, nick, motto, tier, since) in [
            ("zed@example.com", "Zed", "zebra", silver, "2021-03-04"),
            ("emile@example.com", "Émile", "Étoile", gold, "2019-12-31"),
            (
                "adam@example.com",
                "adam",
                "apple pie",
                bronze,
                "2024-01-01",
            ),
            ("bob@example.com", "Bob", "Banana", gold, "2020-06-30"),
        ] {
            let id = customer_with_password(&state, email, 1, "x").await;
            let tier = tier.to_string();
            let custom = values(&[
                ("nickname", nick),
                ("motto", motto),
                ("tier", &tier),
                ("member_since", since),
            ]);
            save_customer(&state, id, custom).await.unwrap();
            ids.push(id);
        }
        let [zed, emile, adam, bob] = ids[..] else {
            panic!("four customers")
        };
        // Holds no value at all.
        let nobody = customer_with_password(&state, "nobody@example.com", 1, "x").await;

        // Every page in turn, through links, as an admin pages through the grid.
        let sorted = |sort: Column, dir: Dir, size: u32, filters: Vec<(Column, Filter)>| {
            let state = state.clone();
            async move {
                let mut shown = Vec::new();
                for page in 1..=6 {
                    let mut q = GridQuery {
                        sort,
                        dir,
                        size,
                        page,
                        ..GridQuery::default()
                    };
                    q.filters.extend(filters.clone());
                    let q = GridQuery::from_query_string(&q.to_query_string());
                    let got = grid::page(&state, &q, Locale::En).await.unwrap();
                    if got.page < page {
                        break;
                    }
                    shown.extend(got.rows.iter().map(|r| r.id));
                }
                shown
            }
        };
        let text = column(nickname, CustomKind::Text);
        let long_text = column(motto, CustomKind::Text);
        let dropdown = column(tier, CustomKind::Options);
        let date = column(since, CustomKind::Date);
        for size in [1, 2, 4, 20] {
            // Case and accents do not change the order; no value comes last both ways.
            assert_eq!(
                sorted(text, Dir::Asc, size, vec![]).await,
                [adam, bob, emile, zed, nobody],
                "size {size}"
            );
            assert_eq!(
                sorted(text, Dir::Desc, size, vec![]).await,
                [zed, emile, bob, adam, nobody],
                "size {size}"
            );
            assert_eq!(
                sorted(long_text, Dir::Asc, size, vec![]).await,
                [adam, bob, emile, zed, nobody]
            );
            // Options in their order of creation, then by id.
            assert_eq!(
                sorted(dropdown, Dir::Asc, size, vec![]).await,
                [emile, bob, zed, adam, nobody]
            );
            assert_eq!(
                sorted(dropdown, Dir::Desc, size, vec![]).await,
                [adam, zed, bob, emile, nobody]
            );
            assert_eq!(
                sorted(date, Dir::Desc, size, vec![]).await,
                [adam, zed, bob, emile, nobody]
            );
        }
        // With a filter, a search, and a filter on the column itself.
        assert_eq!(
            sorted(
                text,
                Dir::Desc,
                1,
                vec![(dropdown, Filter::Select(gold.to_string()))]
            )
            .await,
            [emile, bob]
        );
        assert_eq!(
            sorted(
                date,
                Dir::Asc,
                2,
                vec![(Column::Email, Filter::Text("bo".into()))]
            )
            .await,
            [bob, nobody]
        );

        // Walking the sort's index (many matches) and sorting the matches (few) give
        // the same pages, filtered or not.
        let custom = filterable_filters(&state).await;
        for (sort, input) in [
            (text, InputType::Text),
            (long_text, InputType::TextArea),
            (dropdown, InputType::Dropdown),
        ] {
            for filters in [
                vec![],
                vec![(Column::Email, Filter::Text("e".into()))],
                vec![(
                    date,
                    Filter::Dates {
                        from: Some("2020-01-01".into()),
                        to: None,
                    },
                )],
            ] {
                for dir in [Dir::Asc, Dir::Desc] {
                    let mut q = GridQuery {
                        sort,
                        dir,
                        size: 2,
                        ..GridQuery::default()
                    };
                    q.filters.extend(filters.clone());
                    let q = grid::check(&q).unwrap();
                    let Column::Custom(c) = sort else {
                        unreachable!()
                    };
                    let by = repo::CustomSort::of(c.attribute_id, input).unwrap();
                    let mut walked = Vec::new();
                    let mut matched = Vec::new();
                    for page in 1..=3 {
                        let wide = repo::page_condition(
                            &q,
                            state.db.backend,
                            &custom,
                            Default::default(),
                            u64::MAX,
                        );
                        let rows = repo::page_sorted_by(&state.db, &q, &wide, page, u64::MAX, by)
                            .await
                            .unwrap();
                        walked.extend(rows.iter().map(|r| r.id));
                        let few = repo::page_condition(
                            &q,
                            state.db.backend,
                            &custom,
                            Default::default(),
                            5,
                        );
                        let rows = repo::page_sorted_by(&state.db, &q, &few, page, 5, by)
                            .await
                            .unwrap();
                        matched.extend(rows.iter().map(|r| r.id));
                    }
                    assert_eq!(walked, matched, "{sort:?} {dir:?} {filters:?}");
                }
            }
        }

        // A Multiple Select does not sort (a customer holds several options): its
        // header does not offer it and a link asking for it gets the default order, as
        // does one naming an attribute that is not a column.
        let multi = column(hobbies, CustomKind::Multi);
        assert!(!multi.sortable());
        assert!(text.sortable());
        assert_eq!(
            GridQuery::from_query_string(&format!("sort={}", multi.code())).sort,
            Column::Id
        );
        for sort in [
            column(hobbies, CustomKind::Options),
            column(999_999, CustomKind::Text),
        ] {
            assert_eq!(
                sorted(sort, Dir::Desc, 20, vec![]).await,
                [nobody, bob, adam, emile, zed],
                "{sort:?}"
            );
        }
    }
);

both_backends!(
    address_attributes_are_columns_filters_sorts_and_search_of_the_addresses_sub_grid,
    |state: AppState| async move {
        use app::customers::address::model::{AddressColumn, AddressQuery};
        use app::customers::grid::model::{CustomKind, Dir};
        use app::ui::grid::state::GridColumn;
        let address = |a: AttributeInput| AttributeInput {
            entity: EntityType::Address,
            ..in_grid(a)
        };
        let door = create(
            &state,
            AttributeInput {
                searchable: true,
                ..address(attribute("door_code", InputType::Text))
            },
        )
        .await;
        let floor = create(&state, address(attribute("floor", InputType::Dropdown))).await;
        let lift = create(&state, address(attribute("lift", InputType::YesNo))).await;
        let [gold, silver, _] = option_ids(&state, EntityType::Address, floor).await[..] else {
            panic!("three options")
        };
        let customer = customer_with_password(&state, "ada@example.com", 1, "x").await;
        let other = customer_with_password(&state, "bob@example.com", 1, "x").await;
        let mut ids = Vec::new();
        for (city, door, floor, lift) in [
            ("Bath", Some("Zulu 9"), Some(silver), "1"),
            ("York", Some("élan 3"), Some(gold), "0"),
            ("Ely", None, None, ""),
        ] {
            let mut a = app::testing::shop::address(city);
            a.customer_id = customer;
            let floor = floor.map(|f| f.to_string()).unwrap_or_default();
            a.custom = values(&[
                ("door_code", door.unwrap_or("")),
                ("floor", &floor),
                ("lift", lift),
            ]);
            let saved = app::customers::address::service::save(&state, Some(&actor()), &a)
                .await
                .unwrap();
            ids.push(saved.id.unwrap());
        }
        let [bath, york, ely] = ids[..] else {
            panic!("three addresses")
        };
        // Another customer's address with a matching value is never listed.
        let mut theirs = app::testing::shop::address("Leeds");
        theirs.customer_id = other;
        theirs.custom = values(&[("door_code", "Zulu 1")]);
        app::customers::address::service::save(&state, Some(&actor()), &theirs)
            .await
            .unwrap();

        let listed = |q: AddressQuery| {
            let state = state.clone();
            async move {
                // Through the URL, as the Addresses tab keeps its state.
                let q = AddressQuery::from_query_string(&q.to_query_string());
                let page = app::customers::address::service::page(&state, customer, &q, 0)
                    .await
                    .unwrap();
                let ids: Vec<i64> = page.rows.iter().map(|r| r.id.unwrap()).collect();
                assert_eq!(page.total, ids.len() as u64);
                (ids, page)
            }
        };
        let door_col = AddressColumn::Custom(app::customers::grid::model::CustomColumn {
            attribute_id: door,
            kind: CustomKind::Text,
        });
        let floor_col = AddressColumn::Custom(app::customers::grid::model::CustomColumn {
            attribute_id: floor,
            kind: CustomKind::Options,
        });
        let lift_col = AddressColumn::Custom(app::customers::grid::model::CustomColumn {
            attribute_id: lift,
            kind: CustomKind::YesNo,
        });
        // The columns offered, and each row's values as shown.
        let (all, page) = listed(AddressQuery::default()).await;
        assert_eq!(all.len(), 3);
        let offered: Vec<_> = page.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(offered, ["door code", "floor", "lift"]);
        assert_eq!(page.custom[&york][&floor], "Gold");
        assert_eq!(page.custom[&bath][&lift], "Yes");
        assert_eq!(page.custom[&york][&door], "élan 3");
        assert!(!page.custom[&ely].contains_key(&door));

        // Sorted on a custom column: case and accents aside, no value last both ways.
        let sorted = |sort: AddressColumn, dir: Dir| AddressQuery {
            sort,
            dir,
            ..AddressQuery::default()
        };
        assert_eq!(
            listed(sorted(door_col, Dir::Asc)).await.0,
            [york, bath, ely]
        );
        assert_eq!(
            listed(sorted(door_col, Dir::Desc)).await.0,
            [bath, york, ely]
        );
        assert_eq!(
            listed(sorted(floor_col, Dir::Asc)).await.0,
            [york, bath, ely]
        );
        // Filters: text contains (case aside), an option, Yes/No.
        let filtered = |column: AddressColumn, filter: Filter| {
            let mut q = AddressQuery::default();
            q.filters.insert(column, filter);
            q
        };
        assert_eq!(
            listed(filtered(door_col, Filter::Text("ZULU".into())))
                .await
                .0,
            [bath]
        );
        assert_eq!(
            listed(filtered(floor_col, Filter::Select(gold.to_string())))
                .await
                .0,
            [york]
        );
        assert_eq!(
            listed(filtered(lift_col, Filter::Select("0".into())))
                .await
                .0,
            [york]
        );
        // Keyword search reads the searchable attribute (and only this customer's).
        let search = |text: &str| AddressQuery {
            search: text.into(),
            ..AddressQuery::default()
        };
        assert_eq!(listed(search("élan")).await.0, [york]);
        assert_eq!(listed(search("zulu")).await.0, [bath]);
        // Hostile text is plain text.
        assert!(listed(search("%' OR 1=1 --")).await.0.is_empty());
        assert!(listed(filtered(door_col, Filter::Text("_".into())))
            .await
            .0
            .is_empty());

        // Columns travel as their codes (a filters map stays a JSON object).
        let json = serde_json::to_string(&filtered(door_col, Filter::Text("z".into()))).unwrap();
        assert!(json.contains(&format!("\"{}\"", door_col.code())), "{json}");
        assert_eq!(
            serde_json::from_str::<AddressQuery>(&json)
                .unwrap()
                .filters
                .len(),
            1
        );

        // Out of the grid: no longer offered, filtered or sorted on.
        let mut form = service::form(&state, EntityType::Address, Some(door))
            .await
            .unwrap()
            .attribute;
        form.in_grid = false;
        service::save(&state, &actor(), &form).await.unwrap();
        let (ids, page) = listed(filtered(door_col, Filter::Text("zulu".into()))).await;
        assert_eq!(ids.len(), 3);
        assert!(page.columns.iter().all(|c| c.column.attribute_id != door));
        assert_eq!(listed(sorted(door_col, Dir::Desc)).await.0.len(), 3);
    }
);

both_backends!(
    custom_filters_stay_exact_through_their_indexes,
    |state: AppState| async move {
        use app::attributes::model::MatchType;
        use app::customers::grid::model::{Column, CustomKind, GridQuery};
        use app::customers::grid::{repo, service as grid};
        let tier = create(&state, in_grid(attribute("tier", InputType::Dropdown))).await;
        let hobbies = create(
            &state,
            in_grid(attribute("hobbies", InputType::Multiselect)),
        )
        .await;
        let nickname = create(&state, in_grid(attribute("nickname", InputType::Text))).await;
        let motto = create(&state, in_grid(attribute("motto", InputType::TextArea))).await;
        let code = create(
            &state,
            AttributeInput {
                match_type: MatchType::Full,
                ..in_grid(attribute("member_code", InputType::Text))
            },
        )
        .await;
        let [gold, silver, bronze] = option_ids(&state, EntityType::Customer, tier).await[..]
        else {
            panic!("three options")
        };
        let [reading, _, chess] = option_ids(&state, EntityType::Customer, hobbies).await[..]
        else {
            panic!("three options")
        };
        let (tier_col, hobbies_col) = (
            column(tier, CustomKind::Options),
            column(hobbies, CustomKind::Options),
        );
        let (nick_col, motto_col, code_col) = (
            column(nickname, CustomKind::Text),
            column(motto, CustomKind::Text),
            column(code, CustomKind::Text),
        );
        // The ids and the "N records found" an admin sees for these filters.
        let found = |filters: Vec<(Column, Filter)>| {
            let state = state.clone();
            async move {
                let mut q = GridQuery::default();
                q.filters.extend(filters);
                let page = grid::page(&state, &q, Locale::En).await.unwrap();
                let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
                (ids, page.total)
            }
        };
        let pick = |id: i64| Filter::Select(id.to_string());
        let text = |t: &str| Filter::Text(t.into());

        let ada = customer_with_password(&state, "ada@example.com", 1, "x").await;
        let zoe = customer_with_password(&state, "zoe@example.com", 1, "x").await;
        let max = customer_with_password(&state, "max@example.com", 1, "x").await;
        let both = format!("{reading},{chess}");
        let (g, s, b) = (gold.to_string(), silver.to_string(), bronze.to_string());
        save_customer(
            &state,
            ada,
            values(&[
                ("tier", &g),
                ("hobbies", &both),
                ("nickname", "Countess of Lovelace"),
                ("motto", "Say \"hi\" to\nthe engine"),
                ("member_code", "AB-100"),
            ]),
        )
        .await
        .unwrap();
        save_customer(
            &state,
            zoe,
            values(&[
                ("tier", &g),
                ("hobbies", &reading.to_string()),
                ("nickname", "Zoë Ærø"),
            ]),
        )
        .await
        .unwrap();
        save_customer(
            &state,
            max,
            values(&[("tier", &s), ("nickname", "Maxwell")]),
        )
        .await
        .unwrap();

        // One option alone is counted from its kept count; with another filter, by rows.
        assert_eq!(
            found(vec![(tier_col, pick(gold))]).await,
            (vec![ada, zoe], 2)
        );
        assert_eq!(found(vec![(tier_col, pick(silver))]).await, (vec![max], 1));
        assert_eq!(found(vec![(tier_col, pick(bronze))]).await, (vec![], 0));
        assert_eq!(
            found(vec![(hobbies_col, pick(reading))]).await,
            (vec![ada, zoe], 2)
        );
        assert_eq!(
            found(vec![(hobbies_col, pick(chess))]).await,
            (vec![ada], 1)
        );
        // An option of another attribute (a hand-made link) finds and counts nobody.
        assert_eq!(found(vec![(tier_col, pick(chess))]).await, (vec![], 0));
        assert_eq!(
            found(vec![(tier_col, pick(gold)), (hobbies_col, pick(chess))]).await,
            (vec![ada], 1)
        );
        assert_eq!(
            found(vec![(tier_col, pick(gold)), (Column::Email, text("zoe"))]).await,
            (vec![zoe], 1)
        );

        // Saving again without a change keeps every count; changing a choice moves it.
        save_customer(&state, zoe, custom_of(&state, zoe).await)
            .await
            .unwrap();
        assert_eq!(found(vec![(tier_col, pick(gold))]).await.1, 2);
        let mut zoe_values = custom_of(&state, zoe).await;
        zoe_values.insert("tier".into(), b.clone());
        zoe_values.insert("hobbies".into(), chess.to_string());
        save_customer(&state, zoe, zoe_values).await.unwrap();
        assert_eq!(found(vec![(tier_col, pick(gold))]).await, (vec![ada], 1));
        assert_eq!(found(vec![(tier_col, pick(bronze))]).await, (vec![zoe], 1));
        assert_eq!(
            found(vec![(hobbies_col, pick(reading))]).await,
            (vec![ada], 1)
        );
        assert_eq!(
            found(vec![(hobbies_col, pick(chess))]).await,
            (vec![ada, zoe], 2)
        );

        // Text through the trigram index: contains, in any case, with quotes.
        assert_eq!(found(vec![(nick_col, text("LOVE"))]).await, (vec![ada], 1));
        assert_eq!(found(vec![(nick_col, text("ë Æ"))]).await, (vec![zoe], 1));
        assert_eq!(found(vec![(nick_col, text("Ærø"))]).await, (vec![zoe], 1));
        assert_eq!(
            found(vec![(motto_col, text("\"hi\""))]).await,
            (vec![ada], 1)
        );
        assert_eq!(
            found(vec![(motto_col, text("ENGINE"))]).await,
            (vec![ada], 1)
        );
        assert_eq!(found(vec![(nick_col, text("ess%"))]).await, (vec![], 0));
        // Two characters are read without the index, and find the same.
        assert_eq!(found(vec![(nick_col, text("xw"))]).await, (vec![max], 1));
        // "Equals": the whole value (case ignored), not a part of it.
        assert_eq!(
            found(vec![(code_col, text("ab-100"))]).await,
            (vec![ada], 1)
        );
        assert_eq!(found(vec![(code_col, text("AB-10"))]).await, (vec![], 0));
        // An edited value is found by its new text only; a cleared one not at all.
        let mut ada_values = custom_of(&state, ada).await;
        ada_values.insert("nickname".into(), "Enchantress of Numbers".into());
        ada_values.insert("motto".into(), String::new());
        save_customer(&state, ada, ada_values).await.unwrap();
        assert_eq!(found(vec![(nick_col, text("love"))]).await, (vec![], 0));
        assert_eq!(
            found(vec![(nick_col, text("chantress"))]).await,
            (vec![ada], 1)
        );
        assert_eq!(found(vec![(motto_col, text("engine"))]).await, (vec![], 0));
        assert_eq!(
            found(vec![(nick_col, text("ess")), (tier_col, pick(gold))]).await,
            (vec![ada], 1)
        );

        // A page found row by row (as when many customers match) is the same page.
        let filters = filterable_filters(&state).await;
        for filters_of_query in [
            vec![(tier_col, pick(gold))],
            vec![(hobbies_col, pick(chess))],
            vec![(nick_col, text("ess"))],
            vec![(code_col, text("AB-100"))],
            vec![(nick_col, text("ax")), (Column::Email, text("max"))],
        ] {
            let mut q = GridQuery::default();
            q.filters.extend(filters_of_query.clone());
            q.sort = Column::Email;
            let q = grid::check(&q).unwrap();
            let by_set = repo::condition(&q, state.db.backend, &filters, Default::default());
            let by_row = repo::page_condition(
                &q,
                state.db.backend,
                &filters,
                Default::default(),
                1_000_000,
            );
            let ids = |rows: Vec<app::customers::grid::model::GridRow>| {
                rows.iter().map(|r| r.id).collect::<Vec<_>>()
            };
            assert_eq!(
                ids(repo::page(&state.db, &q, &by_row, 1, 1_000_000)
                    .await
                    .unwrap()),
                ids(repo::page(&state.db, &q, &by_set, 1, 3).await.unwrap()),
                "{filters_of_query:?}"
            );
        }

        // Deleting a customer, an option and an attribute takes their counts along.
        app::customers::edit::service::delete(&state, &actor(), zoe)
            .await
            .unwrap();
        assert_eq!(found(vec![(tier_col, pick(bronze))]).await, (vec![], 0));
        assert_eq!(
            found(vec![(hobbies_col, pick(chess))]).await,
            (vec![ada], 1)
        );
        assert_eq!(found(vec![(nick_col, text("Ærø"))]).await, (vec![], 0));
        let mut form = service::form(&state, EntityType::Customer, Some(tier))
            .await
            .unwrap();
        form.attribute.options.retain(|o| o.id != Some(gold));
        create(&state, form.attribute).await;
        assert_eq!(found(vec![(tier_col, pick(gold))]).await, (vec![], 0));
        assert_eq!(found(vec![(tier_col, pick(silver))]).await, (vec![max], 1));
        service::delete(&state, &actor(), EntityType::Customer, hobbies)
            .await
            .unwrap();
        assert_eq!(
            count(
                &state,
                "SELECT COUNT(*) AS n FROM customer_option_count k
                 JOIN eav_attribute_option o ON o.option_id = k.option_id
                 WHERE o.attribute_id = $1",
                Some(hobbies)
            )
            .await,
            0
        );
    }
);

/// The custom attributes the grid filters on.
async fn filterable_filters(state: &AppState) -> app::customers::grid::repo::CustomFilters {
    app::customers::grid::service::filterable_attributes(state)
        .await
        .unwrap()
}

both_backends!(
    keyword_search_reads_the_searchable_attributes,
    |state: AppState| async move {
        use app::customers::grid::model::GridQuery;
        use app::customers::grid::service as grid;
        let searchable = |a: AttributeInput| AttributeInput {
            searchable: true,
            ..a
        };
        let nickname = create(&state, searchable(attribute("nickname", InputType::Text))).await;
        let mut tier = searchable(attribute("tier", InputType::Dropdown));
        tier.options[1].labels.insert(1, "Argent".into());
        let tier = create(&state, tier).await;
        create(&state, searchable(attribute("motto", InputType::Multiline))).await;
        create(&state, attribute("secret", InputType::Text)).await;
        let [gold, silver, _] = option_ids(&state, EntityType::Customer, tier).await[..] else {
            panic!("three options")
        };

        let ada = customer_with_password(&state, "ada@example.com", 1, "x").await;
        let zoe = customer_with_password(&state, "zoe@example.com", 1, "x").await;
        let max = customer_with_password(&state, "max@example.com", 1, "x").await;
        save_customer(
            &state,
            ada,
            values(&[
                ("nickname", "Countess"),
                ("tier", &gold.to_string()),
                ("motto", "Poetical\nscience"),
                ("secret", "Babbage"),
            ]),
        )
        .await
        .unwrap();
        save_customer(
            &state,
            zoe,
            values(&[("nickname", "Stardust"), ("tier", &silver.to_string())]),
        )
        .await
        .unwrap();
        let search = |text: &str| {
            let state = state.clone();
            let q = GridQuery {
                search: text.into(),
                ..GridQuery::default()
            };
            async move {
                let page = grid::page(&state, &q, Locale::En).await.unwrap();
                let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
                assert_eq!(page.total, ids.len() as u64);
                ids
            }
        };

        // A value's words as the grid's own are found: whole, or the start of the last
        // word being typed, in any case and without regard to accents.
        assert_eq!(search("countess").await, [ada]);
        assert_eq!(search("COUNT").await, [ada]);
        assert_eq!(search("count ").await, Vec::<i64>::new());
        assert_eq!(search("star").await, [zoe]);
        assert_eq!(search("dust").await, Vec::<i64>::new());
        assert_eq!(search("stärdust").await, [zoe]);
        // Multiple Line values, line by line.
        assert_eq!(search("science").await, [ada]);
        // An option by its Admin label or a store view's label.
        assert_eq!(search("gold").await, [ada]);
        assert_eq!(search("argent").await, [zoe]);
        // Every word must be found, in the grid's words or the values.
        assert_eq!(search("zoe stardust").await, [zoe]);
        assert_eq!(search("lovelace countess").await, [ada]);
        assert_eq!(search("zoe countess").await, Vec::<i64>::new());
        // The grid's own words still find everyone as before, in any sort.
        assert_eq!(search("lovelace").await, [ada, zoe, max]);
        let by_email = GridQuery {
            search: "lovelace stardust".into(),
            sort: app::customers::grid::model::Column::Email,
            dir: app::customers::grid::model::Dir::Desc,
            ..GridQuery::default()
        };
        let page = grid::page(&state, &by_email, Locale::En).await.unwrap();
        assert_eq!((page.rows.len(), page.total), (1, 1));
        assert_eq!(page.rows[0].id, zoe);
        let by_email = GridQuery {
            search: "lovelace".into(),
            ..by_email
        };
        let page = grid::page(&state, &by_email, Locale::En).await.unwrap();
        let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, [zoe, max, ada]);
        // An attribute not used in search is never read; punctuation is not a word.
        assert_eq!(search("babbage").await, Vec::<i64>::new());
        assert_eq!(search("\"countess\" %_'").await, [ada]);

        use app::customers::grid::words;
        assert_eq!(words::progress(&state.db).await.unwrap(), None);
        // Turning the flag off: the rows take it in after the save, in the background,
        // and the admin sees how far it is until then.
        let mut form = service::form(&state, EntityType::Customer, Some(nickname))
            .await
            .unwrap();
        form.attribute.searchable = false;
        create(&state, form.attribute.clone()).await;
        assert_eq!(words::progress(&state.db).await.unwrap(), Some(0));
        assert_eq!(search("countess").await, [ada]);
        // Two servers' workers at once: each batch is done once, and both end.
        let (one, two) = tokio::join!(words::catch_up(&state.db), words::catch_up(&state.db));
        assert_eq!(one.unwrap() + two.unwrap(), 2, "ada's and zoe's rows");
        assert_eq!(words::progress(&state.db).await.unwrap(), None);
        if state.db.backend == app::db::Backend::Postgres {
            // Most rows were rewritten: the grid table was vacuumed and analysed after
            // (the planner knows how many rows it has).
            let row = sqlx::query(
                "SELECT CAST(reltuples AS BIGINT) AS known,
                        (SELECT COUNT(*) FROM customer_grid_flat) AS rows
                 FROM pg_class WHERE oid = 'customer_grid_flat'::regclass",
            )
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
            assert_eq!(row.get::<i64, _>("known"), row.get::<i64, _>("rows"));
        }
        assert_eq!(search("countess").await, Vec::<i64>::new());
        assert_eq!(search("gold").await, [ada]);
        assert_eq!(words::catch_up(&state.db).await.unwrap(), 0);
        // Back on: found again.
        form.attribute.searchable = true;
        create(&state, form.attribute).await;
        words::catch_up(&state.db).await.unwrap();
        assert_eq!(search("countess").await, [ada]);

        // A saving that changes nothing searched marks nothing.
        let mut form = service::form(&state, EntityType::Customer, Some(tier))
            .await
            .unwrap();
        form.attribute.sort_order += 1;
        create(&state, form.attribute.clone()).await;
        assert_eq!(words::progress(&state.db).await.unwrap(), None);
        // A renamed option is found by its new label once the rows catch up.
        form.attribute.options[0].admin_label = "Platinum".into();
        create(&state, form.attribute).await;
        assert_eq!(words::progress(&state.db).await.unwrap(), Some(0));
        words::catch_up(&state.db).await.unwrap();
        assert_eq!(search("platinum").await, [ada]);
        assert_eq!(search("gold").await, Vec::<i64>::new());
        // A deleted attribute's words leave with it.
        assert_eq!(search("argent").await, [zoe]);
        service::delete(&state, &actor(), EntityType::Customer, tier)
            .await
            .unwrap();
        words::catch_up(&state.db).await.unwrap();
        assert_eq!(search("argent").await, Vec::<i64>::new());
        assert_eq!(search("stardust").await, [zoe]);
    }
);

both_backends!(
    a_catch_up_of_every_row_leaves_the_grid_as_compact_as_before,
    |state: AppState| async move {
        use app::customers::grid::{model::GridQuery, service as grid, words};
        use app::customers::seed::{seed_customers_with, LoadMode};
        app::demo::seed_demo_store(&state).await.unwrap();
        seed_customers_with(&state, 3_000, 11, LoadMode::Bulk, |_| {})
            .await
            .unwrap();
        let postgres = state.db.backend == app::db::Backend::Postgres;
        // The grid's indexes on disk, and their names (PostgreSQL).
        let indexes = || async {
            let row = sqlx::query(
                "SELECT CAST(pg_indexes_size('customer_grid_flat') AS BIGINT) AS bytes,
                        (SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes
                         WHERE tablename = 'customer_grid_flat') AS names",
            )
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
            (row.get::<i64, _>("bytes"), row.get::<String, _>("names"))
        };
        let before = if postgres {
            // What a rebuild cut short by a restart leaves: an invalid copy of an index.
            let failed = sqlx::query(
                "CREATE UNIQUE INDEX CONCURRENTLY customer_grid_group_ccnew
                 ON customer_grid_flat (group_id)",
            )
            .execute(&state.db.pool)
            .await;
            assert!(failed.is_err(), "many customers share a group");
            let (bytes, names) = indexes().await;
            assert!(names.contains("customer_grid_group_ccnew"), "{names}");
            Some(bytes)
        } else {
            None
        };
        // Every customer takes a searched value: the catch-up rewrites every grid row.
        let nickname = create(
            &state,
            AttributeInput {
                searchable: true,
                ..attribute("nickname", InputType::Text)
            },
        )
        .await;
        sqlx::query(
            "INSERT INTO customer_entity_varchar (attribute_id, entity_id, value)
             SELECT $1, entity_id, 'Stardust' FROM customer_entity",
        )
        .bind(nickname)
        .execute(&state.db.pool)
        .await
        .unwrap();
        let mut tx = state.db.begin().await.unwrap();
        words::request(&mut tx).await.unwrap();
        tx.commit().await.unwrap();
        // The demo store's customers and the 3,000.
        let customers = count(&state, "SELECT COUNT(*) AS n FROM customer_entity", None).await;
        assert!(customers >= 3_000);
        assert_eq!(words::catch_up(&state.db).await.unwrap(), customers as u64);
        let q = GridQuery {
            search: "stardust".into(),
            ..GridQuery::default()
        };
        assert_eq!(
            grid::page(&state, &q, Locale::En).await.unwrap().total,
            customers as u64
        );
        if let Some(before) = before {
            // Without the rebuild, every index held a second entry per row: 1.8 times
            // the size here, as at a million customers. The invalid copy is gone.
            let (after, names) = indexes().await;
            assert!(
                after * 10 <= before * 11,
                "the grid's indexes grew from {before} to {after} bytes"
            );
            assert!(!names.contains("_ccnew"), "{names}");
        }
    }
);

both_backends!(
    an_attribute_added_to_the_grid_reaches_every_server,
    |state: AppState| async move {
        use app::customers::grid::model::{CustomKind, GridQuery};
        use app::customers::grid::service as grid;
        // A second app state on the same database stands for another server process.
        let other = AppState::new(
            state.leptos_options.clone(),
            state.db.clone(),
            app::state::Settings::default(),
        );
        let nickname = create(&state, attribute("nickname", InputType::Text)).await;
        let ada = customer_with_password(&state, "ada@example.com", 1, "x").await;
        customer_with_password(&state, "max@example.com", 1, "x").await;
        save_customer(&state, ada, values(&[("nickname", "Countess")]))
            .await
            .unwrap();
        let mut q = GridQuery::default();
        q.filters.insert(
            column(nickname, CustomKind::Text),
            Filter::Text("countess".into()),
        );
        let found = |state: AppState, q: GridQuery| async move {
            grid::page(&state, &q, Locale::En).await.unwrap().total
        };
        // Not a grid column yet: its filter is left out, on both servers.
        assert_eq!(found(state.clone(), q.clone()).await, 2);
        assert_eq!(found(other.clone(), q.clone()).await, 2);
        let options = grid::options(&other).await.unwrap();
        assert!(options.custom.is_empty());

        // Added to the grid on the first server: its own grid filters by it at once...
        let mut a = service::form(&state, EntityType::Customer, Some(nickname))
            .await
            .unwrap()
            .attribute;
        a.in_grid = true;
        a.filterable = true;
        service::save(&state, &actor(), &a).await.unwrap();
        assert_eq!(found(state.clone(), q.clone()).await, 1);
        // ...and the other's, once its configuration's re-check interval has passed.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_eq!(found(other.clone(), q.clone()).await, 1);
        let options = grid::options(&other).await.unwrap();
        assert_eq!(
            options
                .custom
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>(),
            ["nickname"]
        );

        // Deleted there: gone from the other's grid too.
        service::delete(&state, &actor(), EntityType::Customer, nickname)
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_eq!(found(other.clone(), q.clone()).await, 2);
        assert!(grid::options(&other).await.unwrap().custom.is_empty());
    }
);

/// An attribute shown as a grid column with a filter.
fn in_grid(a: AttributeInput) -> AttributeInput {
    AttributeInput {
        in_grid: true,
        filterable: true,
        ..a
    }
}

/// The grid column of custom attribute `id`.
fn column(
    id: i64,
    kind: app::customers::grid::model::CustomKind,
) -> app::customers::grid::model::Column {
    use app::customers::grid::model::{Column, CustomColumn};
    Column::Custom(CustomColumn {
        attribute_id: id,
        kind,
    })
}

both_backends!(
    a_system_attribute_takes_new_labels_and_a_sort_order_and_nothing_else,
    |state: AppState| async move {
        let store = store(&state).await;
        let c = EntityType::Customer;
        // Its editor: the built-in label in the admin's language, the system's input and
        // rule, and what decides where it shows.
        let form = service::system_form(&state, c, "firstname", Locale::Fr)
            .await
            .unwrap();
        assert_eq!(
            (
                form.attribute.label.as_str(),
                form.attribute.input,
                form.attribute.required,
                form.attribute.sort_order,
                form.system
            ),
            (
                "Prénom",
                InputType::Text,
                true,
                40,
                Some(SystemShown::Always)
            )
        );
        let shown = |entity, code: &'static str| {
            let state = state.clone();
            async move {
                service::system_form(&state, entity, code, Locale::En)
                    .await
                    .unwrap()
                    .system
            }
        };
        assert_eq!(
            shown(c, "prefix").await,
            Some(SystemShown::Setting(Key::CfgAddressPrefixShow))
        );
        assert_eq!(shown(c, "group_id").await, Some(SystemShown::AdminOnly));
        assert_eq!(
            shown(EntityType::Address, "telephone").await,
            Some(SystemShown::Setting(Key::CfgAddressTelephoneShow))
        );
        for (entity, code) in [
            (c, "password_hash"),
            (c, "telephone"),
            (EntityType::Address, "email"),
        ] {
            assert!(
                matches!(
                    service::system_form(&state, entity, code, Locale::En).await,
                    Err(AppError::NotFound(_))
                ),
                "{code} is not one of {entity:?}'s system attributes"
            );
        }

        // A save changes the labels and the sort order; the input type, the rule and the
        // code stay the system's whatever the request says.
        let mut input = form.attribute.clone();
        input.label = "Given Name".into();
        input.sort_order = 5;
        input.labels = BTreeMap::from([(store.store_id, "Voornaam".to_string())]);
        input.input = InputType::Dropdown;
        input.required = false;
        service::save_system(&state, &actor(), &input)
            .await
            .unwrap();
        let saved = service::system_form(&state, c, "firstname", Locale::Fr)
            .await
            .unwrap()
            .attribute;
        assert_eq!(
            (
                saved.label.as_str(),
                saved.input,
                saved.required,
                saved.sort_order,
                saved.labels.get(&store.store_id).map(String::as_str)
            ),
            ("Given Name", InputType::Text, true, 5, Some("Voornaam"))
        );
        // The grid lists it so, first by sort order.
        let q = AttributeQuery {
            sort: AttributeColumn::SortOrder,
            ..AttributeQuery::default()
        };
        let page = service::page(&state, c, &q, Locale::En).await.unwrap();
        let first = &page.rows[0];
        assert_eq!(
            (
                first.code.as_str(),
                first.label.as_str(),
                first.sort_order,
                first.system
            ),
            ("firstname", "Given Name", 5, true)
        );
        // The storefront's forms show the store view's label; the admin's form the
        // Default Label.
        let storefront = app::accounts::register::form_options(&state, &store)
            .await
            .unwrap()
            .rules;
        assert_eq!(storefront.customer_labels["firstname"], "Voornaam");
        let admin = app::customers::edit::service::rules(&state, store.website_id)
            .await
            .unwrap();
        assert_eq!(admin.customer_labels["firstname"], "Given Name");
        assert!(!admin.customer_labels.contains_key("lastname"));
        // The admin's customer form lists the system fields by sort order: First Name
        // now comes before Group (25), Last Name keeps its built-in 60.
        assert_eq!(
            (
                admin.customer_sort_order("firstname"),
                admin.customer_sort_order("group_id"),
                admin.customer_sort_order("lastname")
            ),
            (5, 25, 60)
        );

        // Refused, each on its field, and nothing written.
        let bad = |change: fn(&mut AttributeInput)| {
            let mut wrong = input.clone();
            change(&mut wrong);
            let state = state.clone();
            async move { refused(service::save_system(&state, &actor(), &wrong).await) }
        };
        assert!(bad(|a| a.label = "  ".into()).await.contains_key("label"));
        assert!(bad(|a| a.sort_order = -1).await.contains_key("sort_order"));
        assert!(
            bad(|a| a.labels = BTreeMap::from([(9_999, "Ghost".to_string())]))
                .await
                .contains_key("labels")
        );
        let control = bad(|a| {
            a.labels.insert(1, "Voor\u{7}naam".into());
        })
        .await;
        assert!(
            control.keys().any(|k| k.starts_with("labels.")),
            "{control:?}"
        );
        assert_eq!(
            service::system_form(&state, c, "firstname", Locale::En)
                .await
                .unwrap()
                .attribute
                .label,
            "Given Name"
        );

        // Typing the built-in label (in any interface language) gives the built-in one
        // back: each admin reads it in their own language again.
        input.label = "Prénom".into();
        input.labels.clear();
        service::save_system(&state, &actor(), &input)
            .await
            .unwrap();
        let nl = service::system_form(&state, c, "firstname", Locale::Nl)
            .await
            .unwrap()
            .attribute;
        assert_eq!((nl.label.as_str(), nl.sort_order), ("Voornaam", 5));
        assert!(
            app::customers::edit::service::rules(&state, store.website_id)
                .await
                .unwrap()
                .customer_labels
                .is_empty()
        );
        // Each save is in the action log.
        let logged: i64 = sqlx::query(
            "SELECT COUNT(*) FROM admin_action_log WHERE entity_id = 'customer/firstname'",
        )
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .get(0);
        assert_eq!(logged, 2);

        // The customers grid heads a system attribute's column with its Default Label, in
        // the page and in the export; the billing address's columns keep their own.
        use app::customers::grid::{export, model::Column, service as grid};
        let mut dob = service::system_form(&state, c, "dob", Locale::En)
            .await
            .unwrap()
            .attribute;
        dob.label = "Birthday".into();
        service::save_system(&state, &actor(), &dob).await.unwrap();
        let mut phone = service::system_form(&state, EntityType::Address, "telephone", Locale::En)
            .await
            .unwrap()
            .attribute;
        phone.label = "Mobile".into();
        service::save_system(&state, &actor(), &phone)
            .await
            .unwrap();
        let options = grid::options(&state).await.unwrap();
        assert_eq!(
            options.renamed,
            [("dob".to_string(), "Birthday".to_string())]
        );
        assert_eq!(options.header(Column::Dob, Locale::Fr), "Birthday");
        assert_eq!(options.header(Column::Email, Locale::Fr), "E-mail");
        assert_eq!(options.header(Column::Phone, Locale::En), "Phone");
        let ada = customer_with_password(&state, "ada@example.com", 1, "x").await;
        let mut file = Vec::new();
        export::export(
            &state,
            &app::customers::grid::model::GridQuery::default(),
            &app::customers::grid::model::Selection::AllMatching { except: vec![] },
            &[Column::Email, Column::Dob, Column::Phone],
            &options,
            Locale::En,
            export::Format::Csv,
            &mut file,
            |_, _| {},
        )
        .await
        .unwrap();
        let csv = String::from_utf8(file).unwrap();
        assert!(
            csv.starts_with("\u{feff}Email,Birthday,Phone\r\nada@example.com,"),
            "{csv}"
        );

        // The server's field errors and the action log name the fields so too.
        let mut lastname = service::system_form(&state, c, "lastname", Locale::En)
            .await
            .unwrap()
            .attribute;
        lastname.label = "Surname".into();
        service::save_system(&state, &actor(), &lastname)
            .await
            .unwrap();
        let ada = app::customers::edit::service::load(&state, ada, 0)
            .await
            .unwrap()
            .input;
        let errors = refused(
            app::customers::edit::service::save(
                &state,
                &actor(),
                &app::customers::model::CustomerInput {
                    lastname: " ".into(),
                    ..ada.clone()
                },
            )
            .await,
        );
        assert_eq!(errors["lastname"], "Surname is a required field.");
        assert!(
            errors["lastname"].text(Locale::Fr).contains("« Surname »"),
            "{:?}",
            errors["lastname"]
        );
        app::customers::edit::service::save(
            &state,
            &actor(),
            &app::customers::model::CustomerInput {
                dob: "1990-05-17".into(),
                ..ada.clone()
            },
        )
        .await
        .unwrap();
        let log = app::action_log::service::page(
            &state,
            &app::action_log::model::ActionQuery::default(),
            ada.id,
        )
        .await
        .unwrap();
        let changed = log
            .rows
            .iter()
            .flat_map(|row| row.changes.iter().map(move |c| (row, c)))
            .find(|(_, c)| c.field == "dob")
            .map(|(row, c)| log.change_parts(row.entity, c, Locale::Nl))
            .expect("the date of birth change is logged");
        assert_eq!(
            changed,
            ("Birthday".into(), String::new(), "1990-05-17".into())
        );
    }
);
