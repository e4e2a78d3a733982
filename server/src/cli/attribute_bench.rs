//! The custom-attribute figure of `make bench`: saving a customer with ten custom
//! attributes (one of every input type, and more text), through the admin's customer
//! save with everything it does (checks, the values, the grid index, the action log).

use super::app_error;
use app::attributes::model::{AttributeInput, EntityType, InputType, OptionInput};
use app::customers::seed::Rng;
use app::state::AppState;
use std::time::{Duration, Instant};

/// The bench's attributes: `(code, input type)`.
const ATTRIBUTES: [(&str, InputType); 10] = [
    ("bench_tier", InputType::Dropdown),
    ("bench_region", InputType::Dropdown),
    ("bench_hobbies", InputType::Multiselect),
    ("bench_nickname", InputType::Text),
    ("bench_company_size", InputType::Text),
    ("bench_referrer", InputType::Text),
    ("bench_member_since", InputType::Date),
    ("bench_vip", InputType::YesNo),
    ("bench_biography", InputType::TextArea),
    ("bench_delivery_note", InputType::Multiline),
];

/// Make the ten attributes, unless a run before this one made them.
async fn ensure_attributes(state: &AppState) -> anyhow::Result<()> {
    let existing = app::attributes::repo::list(&state.db, EntityType::Customer).await?;
    let actor = app::action_log::service::Actor::system("bench");
    for (code, input) in ATTRIBUTES {
        if existing.iter().any(|a| a.code == code) {
            continue;
        }
        let options = if input.has_options() {
            ["Gold", "Silver", "Bronze", "Platinum"]
                .iter()
                .map(|label| OptionInput {
                    admin_label: (*label).into(),
                    ..OptionInput::default()
                })
                .collect()
        } else {
            Vec::new()
        };
        let attribute = AttributeInput {
            entity: EntityType::Customer,
            label: code.replace('_', " "),
            code: code.into(),
            input,
            lines: 2,
            visible: true,
            sort_order: 500,
            options,
            ..AttributeInput::default()
        };
        app::attributes::service::save(state, &actor, &attribute)
            .await
            .map_err(app_error)?;
    }
    Ok(())
}

/// `bench <backend> customer_save_10_attributes`: `runs` saves of customers picked from
/// `ids` (after `warm` untimed ones), each with ten values that change from run to run.
pub(super) async fn customer_save(
    state: &AppState,
    ids: &[i64],
    warm: usize,
    runs: usize,
    pick: &mut Rng,
) -> anyhow::Result<Vec<Duration>> {
    ensure_attributes(state).await?;
    let fields = app::attributes::service::fields(state, EntityType::Customer, None, None)
        .await
        .map_err(app_error)?;
    let actor = app::action_log::service::Actor::system("bench");
    let mut times = Vec::with_capacity(runs);
    for i in 0..warm + runs {
        let id = *pick.pick(ids);
        let detail = app::customers::edit::service::load(state, id, 0)
            .await
            .map_err(app_error)?;
        let mut input = detail.input;
        for field in fields.iter().filter(|f| f.code.starts_with("bench_")) {
            let option = |n: usize| field.options[n % field.options.len()].0.to_string();
            let value = match field.input {
                InputType::Dropdown => option(i),
                InputType::Multiselect => format!("{},{}", option(i), option(i + 1)),
                InputType::Date => format!("2024-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                InputType::YesNo => (i % 2).to_string(),
                InputType::Multiline => format!("Gate {i}\nRing twice"),
                _ => format!("{} {i}", field.code),
            };
            input.custom.insert(field.code.clone(), value);
        }
        let started = Instant::now();
        app::customers::edit::service::save(state, &actor, &input)
            .await
            .map_err(app_error)?;
        if i >= warm {
            times.push(started.elapsed());
        }
    }
    Ok(times)
}

/// `grid_custom_dropdown_filter`, `grid_custom_text_contains`,
/// `grid_custom_keyword_search` and `grid_custom_sort`: the grid's page as an admin gets
/// it (the exact count, the rows, the custom values, the printed addresses:
/// `service::page`), filtered on a dropdown attribute (one of four options, a quarter of
/// the store), on a text attribute containing a fragment of a surname, searched for a
/// surname with both attributes used in search, and sorted either way on the text or the
/// dropdown (one of the first ten pages, unfiltered or in one group), both attributes
/// filled for every customer.
pub(super) async fn grid_filters(
    state: &AppState,
    warm: usize,
    runs: usize,
    pick: &mut Rng,
) -> anyhow::Result<([Vec<Duration>; 4], Option<f64>)> {
    use app::customers::grid::model::{Column, CustomColumn, CustomKind, Filter, GridQuery};
    ensure_attributes(state).await?;
    let flagged = sqlx::query(
        "UPDATE eav_attribute
         SET is_used_in_grid = 1, is_filterable_in_grid = 1, is_searchable_in_grid = 1
         WHERE entity_type = 'customer' AND attribute_code IN ('bench_tier', 'bench_nickname')
           AND NOT (is_used_in_grid = 1 AND is_filterable_in_grid = 1
                    AND is_searchable_in_grid = 1)",
    )
    .execute(&state.db.pool)
    .await?
    .rows_affected();
    if flagged > 0 {
        // Changed here rather than through the attribute service: every server's kept
        // definitions are read again, as after an admin's save.
        let mut tx = state.db.begin().await?;
        app::config::repo::bump_version(&mut tx).await?;
        tx.commit().await?;
        state.config.invalidate();
    }
    let fields = app::attributes::service::fields(state, EntityType::Customer, None, None)
        .await
        .map_err(app_error)?;
    let field = |code: &str| {
        fields
            .iter()
            .find(|f| f.code == code)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("{code} missing"))
    };
    let (tier, nickname) = (field("bench_tier")?, field("bench_nickname")?);
    let filled = fill(state, &tier, &nickname).await?;
    // The grid rows take the attributes' words as the app's worker would give them.
    let words = app::customers::grid::words::progress(&state.db)
        .await?
        .is_some();
    let catch_up = if flagged > 0 || filled || words {
        let mut tx = state.db.begin().await?;
        app::customers::grid::words::request(&mut tx).await?;
        tx.commit().await?;
        let started = Instant::now();
        let changed = app::customers::grid::words::catch_up(&state.db).await?;
        let seconds = started.elapsed().as_secs_f64();
        // Its time includes how the catch-up ends, as for the app's worker: on SQLite
        // the full-text indexes compacted and the write-ahead log emptied, on
        // PostgreSQL the grid table vacuumed.
        eprintln!("bench: keyword search caught up {changed} rows in {seconds:.1} s");
        if state.db.backend == app::db::Backend::Postgres {
            // The catch-up rewrote every grid row; PostgreSQL writes those pages at its
            // next checkpoints, spread over minutes, which then ran under the figures
            // below and the HTTP bench (measured: a checkpoint writing 49,443 buffers over
            // 137 s, into the HTTP bench). Done now, as the seed's is, and not timed.
            let started = Instant::now();
            sqlx::query("CHECKPOINT").execute(&state.db.pool).await?;
            eprintln!(
                "bench: PostgreSQL's checkpoint after the catch-up, not in grid_words_catch_up: {} ms",
                started.elapsed().as_millis()
            );
        }
        Some(seconds)
    } else {
        None
    };
    let surnames: Vec<String> = sqlx::query(
        "SELECT lastname FROM customer_entity WHERE entity_id % 5000 = 7 AND length(lastname) >= 6",
    )
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| sqlx::Row::try_get::<String, _>(r, "lastname"))
    .collect::<Result<_, _>>()?;
    anyhow::ensure!(!surnames.is_empty(), "no surnames to search for");
    let column = |f: &app::attributes::model::FieldDef| {
        Column::Custom(CustomColumn {
            attribute_id: f.id,
            kind: CustomKind::of(f.input),
        })
    };
    let mut times = [
        Vec::with_capacity(runs),
        Vec::with_capacity(runs),
        Vec::with_capacity(runs),
        Vec::with_capacity(runs),
    ];
    for i in 0..(warm + runs) * 4 {
        let q = match i % 4 {
            0 => {
                let option = pick.pick(&tier.options).0;
                GridQuery {
                    filters: [(column(&tier), Filter::Select(option.to_string()))].into(),
                    ..GridQuery::default()
                }
            }
            1 => {
                // Four letters from inside a surname ("ovel" of Lovelace).
                let name: Vec<char> = pick.pick(&surnames).chars().collect();
                let fragment: String = name[1..5].iter().collect();
                GridQuery {
                    filters: [(column(&nickname), Filter::Text(fragment))].into(),
                    ..GridQuery::default()
                }
            }
            2 => GridQuery {
                search: pick.pick(&surnames).clone(),
                ..GridQuery::default()
            },
            _ => {
                use app::customers::grid::model::Dir;
                let turn = i / 4;
                let mut q = GridQuery {
                    sort: column(if turn % 2 == 0 { &nickname } else { &tier }),
                    dir: if turn % 4 < 2 { Dir::Asc } else { Dir::Desc },
                    page: *pick.pick(&[1, 2, 3, 5, 10]),
                    ..GridQuery::default()
                };
                if turn % 8 >= 4 {
                    q.filters.insert(Column::Group, Filter::Select("1".into()));
                }
                q
            }
        };
        let started = Instant::now();
        let page = app::customers::grid::service::page(state, &q, app::i18n::Locale::En)
            .await
            .map_err(app_error)?;
        let took = started.elapsed();
        anyhow::ensure!(page.total > 0, "a custom filter or search found nothing");
        if i >= warm * 4 {
            times[i % 4].push(took);
        }
    }
    Ok((times, catch_up))
}

/// Give every customer a tier (the four options in turn) and a nickname made of their
/// names, unless a run before this one did; whether this one did.
async fn fill(
    state: &AppState,
    tier: &app::attributes::model::FieldDef,
    nickname: &app::attributes::model::FieldDef,
) -> anyhow::Result<bool> {
    let count = |sql: &'static str, id: i64| sqlx::query(sql).bind(id).fetch_one(&state.db.pool);
    let customers: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM customer_entity")
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    let tiers: i64 = sqlx::Row::try_get(
        &count(
            "SELECT COUNT(*) AS n FROM customer_entity_option WHERE attribute_id = $1",
            tier.id,
        )
        .await?,
        "n",
    )?;
    let nicknames: i64 = sqlx::Row::try_get(
        &count(
            "SELECT COUNT(*) AS n FROM customer_entity_varchar WHERE attribute_id = $1",
            nickname.id,
        )
        .await?,
        "n",
    )?;
    if tiers == customers && nicknames == customers {
        return Ok(false);
    }
    anyhow::ensure!(tier.options.len() == 4, "bench_tier has four options");
    let started = Instant::now();
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM customer_entity_option WHERE attribute_id = $1")
        .bind(tier.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO customer_entity_option (entity_id, attribute_id, option_id)
         SELECT entity_id, $1,
                CASE entity_id % 4 WHEN 0 THEN $2 WHEN 1 THEN $3 WHEN 2 THEN $4 ELSE $5 END
         FROM customer_entity",
    )
    .bind(tier.id)
    .bind(tier.options[0].0)
    .bind(tier.options[1].0)
    .bind(tier.options[2].0)
    .bind(tier.options[3].0)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM customer_entity_varchar WHERE attribute_id = $1")
        .bind(nickname.id)
        .execute(&mut *tx)
        .await?;
    let key = app::customers::grid::sort_key::sort_key_sql(
        state.db.backend,
        app::attributes::model::Backend::Varchar,
        "n",
    )
    .unwrap_or_default();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO customer_entity_varchar (entity_id, attribute_id, value, sort_key)
         SELECT entity_id, $1, n, {key}
         FROM (SELECT entity_id, firstname || '-' || lastname AS n FROM customer_entity) AS x"
    )))
    .bind(nickname.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    app::customers::grid::settle::after_bulk_write(&state.db).await?;
    let analyse = match state.db.backend {
        app::db::Backend::Sqlite => "ANALYZE",
        app::db::Backend::Postgres => "ANALYZE customer_entity_option, customer_entity_varchar",
    };
    sqlx::query(analyse).execute(&state.db.pool).await?;
    eprintln!(
        "bench: filled bench_tier and bench_nickname for {customers} customers in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(true)
}
