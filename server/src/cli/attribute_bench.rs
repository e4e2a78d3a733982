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
/// `ids`, each with ten values that change from run to run.
pub(super) async fn customer_save(
    state: &AppState,
    ids: &[i64],
    runs: usize,
    pick: &mut Rng,
) -> anyhow::Result<Vec<Duration>> {
    ensure_attributes(state).await?;
    let fields = app::attributes::service::fields(state, EntityType::Customer, None, None)
        .await
        .map_err(app_error)?;
    let actor = app::action_log::service::Actor::system("bench");
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
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
        times.push(started.elapsed());
    }
    Ok(times)
}
