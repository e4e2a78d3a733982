//! SQL of custom attributes: definitions, labels, options, forms, and the values of
//! customers and addresses (migration 0024).

use super::model::{
    AttributeInput, Backend as ValueTable, EntityType, FieldDef, FileRules, InputType, MatchType,
    OptionInput, OutputFilter, UsedInForm, Validation, Values,
};
use crate::db::{Db, Tx};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, AssertSqlSafe, Row as _};
use std::collections::BTreeMap;

/// What `validate_rules` holds (JSON).
#[derive(Debug, Default, Serialize, Deserialize)]
struct StoredRules {
    #[serde(default)]
    validation: Validation,
    #[serde(default)]
    min_length: Option<u32>,
    #[serde(default)]
    max_length: Option<u32>,
    #[serde(default)]
    lines: u32,
    #[serde(default)]
    date_min: String,
    #[serde(default)]
    date_max: String,
    #[serde(default)]
    file: FileRules,
}

fn filter_code(filter: OutputFilter) -> &'static str {
    match filter {
        OutputFilter::None => "",
        OutputFilter::StripTags => "striptags",
        OutputFilter::EscapeHtml => "escapehtml",
    }
}

fn filter_from(code: &str) -> OutputFilter {
    match code {
        "striptags" => OutputFilter::StripTags,
        "escapehtml" => OutputFilter::EscapeHtml,
        _ => OutputFilter::None,
    }
}

fn match_code(m: MatchType) -> &'static str {
    match m {
        MatchType::Partial => "partial",
        MatchType::Prefix => "prefix",
        MatchType::Full => "full",
    }
}

fn match_from(code: &str) -> MatchType {
    match code {
        "prefix" => MatchType::Prefix,
        "full" => MatchType::Full,
        _ => MatchType::Partial,
    }
}

/// The value tables of an entity type.
pub(crate) fn table(entity: EntityType, backend: ValueTable) -> &'static str {
    match (entity, backend) {
        (EntityType::Customer, ValueTable::Varchar) => "customer_entity_varchar",
        (EntityType::Customer, ValueTable::Text) => "customer_entity_text",
        (EntityType::Customer, ValueTable::Option) => "customer_entity_option",
        (EntityType::Address, ValueTable::Varchar) => "customer_address_entity_varchar",
        (EntityType::Address, ValueTable::Text) => "customer_address_entity_text",
        (EntityType::Address, ValueTable::Option) => "customer_address_entity_option",
    }
}

const ALL_TABLES: [ValueTable; 3] = [ValueTable::Varchar, ValueTable::Text, ValueTable::Option];

const COLUMNS: &str = "attribute_id, entity_type, attribute_code, frontend_label, frontend_input,
    is_required, default_value, validate_rules, input_filter, is_visible, sort_order,
    is_used_in_grid, is_filterable_in_grid, grid_filter_condition_type,
    is_searchable_in_grid, is_used_for_customer_segment";

/// An attribute row without its labels, options and forms.
fn definition(r: &crate::db::Row) -> Result<AttributeInput, sqlx::Error> {
    let flag = |name: &str| r.try_get::<i64, _>(name).map(|v| v != 0);
    let rules: StoredRules =
        serde_json::from_str(&r.try_get::<String, _>("validate_rules")?).unwrap_or_default();
    let entity: String = r.try_get("entity_type")?;
    let input: String = r.try_get("frontend_input")?;
    Ok(AttributeInput {
        id: Some(r.try_get("attribute_id")?),
        entity: EntityType::from_code(&entity).unwrap_or_default(),
        label: r.try_get("frontend_label")?,
        code: r.try_get("attribute_code")?,
        input: InputType::from_code(&input).unwrap_or_default(),
        required: flag("is_required")?,
        default_value: r.try_get("default_value")?,
        validation: rules.validation,
        min_length: rules.min_length,
        max_length: rules.max_length,
        lines: rules.lines,
        date_min: rules.date_min,
        date_max: rules.date_max,
        file: rules.file,
        filter: filter_from(&r.try_get::<String, _>("input_filter")?),
        in_grid: flag("is_used_in_grid")?,
        filterable: flag("is_filterable_in_grid")?,
        match_type: match_from(&r.try_get::<String, _>("grid_filter_condition_type")?),
        searchable: flag("is_searchable_in_grid")?,
        in_segments: flag("is_used_for_customer_segment")?,
        visible: flag("is_visible")?,
        sort_order: r.try_get("sort_order")?,
        forms: Vec::new(),
        labels: BTreeMap::new(),
        options: Vec::new(),
    })
}

/// Every custom attribute of `entity` (without labels, options and forms), by sort
/// order then code.
pub async fn list(db: &Db, entity: EntityType) -> Result<Vec<AttributeInput>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM eav_attribute WHERE entity_type = $1
         ORDER BY sort_order, attribute_code"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(entity.code())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(definition).collect()
}

/// Attribute `id` whole: labels, options (in order, with their labels) and forms.
pub async fn load(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<AttributeInput>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM eav_attribute WHERE attribute_id = $1");
    let Some(row) = sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let mut a = definition(&row)?;
    for r in sqlx::query("SELECT store_id, value FROM eav_attribute_label WHERE attribute_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    {
        a.labels.insert(r.try_get("store_id")?, r.try_get("value")?);
    }
    for r in sqlx::query("SELECT form_code FROM customer_form_attribute WHERE attribute_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    {
        if let Some(form) = UsedInForm::from_code(&r.try_get::<String, _>("form_code")?) {
            a.forms.push(form);
        }
    }
    a.forms.sort();
    let options = sqlx::query(
        "SELECT option_id, admin_value, is_default FROM eav_attribute_option
         WHERE attribute_id = $1 ORDER BY sort_order, option_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let labels = sqlx::query(
        "SELECT v.option_id, v.store_id, v.value FROM eav_attribute_option_value v
         JOIN eav_attribute_option o ON o.option_id = v.option_id WHERE o.attribute_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    for r in options {
        let option_id: i64 = r.try_get("option_id")?;
        let mut option = OptionInput {
            id: Some(option_id),
            admin_label: r.try_get("admin_value")?,
            labels: BTreeMap::new(),
            is_default: r.try_get::<i64, _>("is_default")? != 0,
        };
        for l in &labels {
            if l.try_get::<i64, _>("option_id")? == option_id {
                option
                    .labels
                    .insert(l.try_get("store_id")?, l.try_get("value")?);
            }
        }
        a.options.push(option);
    }
    Ok(Some(a))
}

/// Whether `entity` already has an attribute `code`.
pub async fn code_taken(
    tx: &mut Tx<'_>,
    entity: EntityType,
    code: &str,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 FROM eav_attribute WHERE entity_type = $1 AND attribute_code = $2")
            .bind(entity.code())
            .bind(code)
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

/// How many custom attributes `entity` has.
pub async fn count(tx: &mut Tx<'_>, entity: EntityType) -> Result<u64, sqlx::Error> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM eav_attribute WHERE entity_type = $1")
        .bind(entity.code())
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    Ok(n.max(0) as u64)
}

fn rules_json(a: &AttributeInput) -> String {
    serde_json::to_string(&StoredRules {
        validation: a.validation,
        min_length: a.min_length,
        max_length: a.max_length,
        lines: a.lines,
        date_min: a.date_min.trim().to_string(),
        date_max: a.date_max.trim().to_string(),
        file: a.file.clone(),
    })
    .unwrap_or_else(|_| "{}".into())
}

/// Add attribute `a` (code and input type as given); its id.
pub async fn insert(tx: &mut Tx<'_>, a: &AttributeInput) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO eav_attribute (entity_type, attribute_code, frontend_input,
        frontend_label, is_required, default_value, validate_rules, input_filter, is_visible,
        sort_order, is_used_in_grid, is_filterable_in_grid, grid_filter_condition_type,
        is_searchable_in_grid, is_used_for_customer_segment)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        RETURNING attribute_id";
    let q = sqlx::query(sql)
        .bind(a.entity.code())
        .bind(a.code.as_str())
        .bind(a.input.code());
    bind_properties(q, a)
        .fetch_one(&mut **tx)
        .await?
        .try_get("attribute_id")
}

/// Update attribute `id`'s properties (never its entity, code or input type).
pub async fn update(tx: &mut Tx<'_>, id: i64, a: &AttributeInput) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE eav_attribute SET frontend_label = $1, is_required = $2,
        default_value = $3, validate_rules = $4, input_filter = $5, is_visible = $6,
        sort_order = $7, is_used_in_grid = $8, is_filterable_in_grid = $9,
        grid_filter_condition_type = $10, is_searchable_in_grid = $11,
        is_used_for_customer_segment = $12 WHERE attribute_id = $13";
    let done = bind_properties(sqlx::query(sql), a)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

fn bind_properties<'q>(q: Query<'q>, a: &AttributeInput) -> Query<'q> {
    let flag = |b: bool| i64::from(b);
    let default_value = if a.input.has_options() {
        String::new()
    } else {
        a.default_value.trim().to_string()
    };
    q.bind(a.label.trim().to_string())
        .bind(flag(a.required))
        .bind(default_value)
        .bind(rules_json(a))
        .bind(filter_code(a.filter))
        .bind(flag(a.visible))
        .bind(a.sort_order)
        .bind(flag(a.in_grid))
        .bind(flag(a.filterable))
        .bind(match_code(a.match_type))
        .bind(flag(a.searchable))
        .bind(flag(a.in_segments))
}

/// Replace the attribute's store view labels (empty ones are left out) and forms.
pub async fn set_labels_and_forms(
    tx: &mut Tx<'_>,
    id: i64,
    labels: &BTreeMap<i64, String>,
    forms: &[UsedInForm],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM eav_attribute_label WHERE attribute_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (store, label) in labels {
        if label.trim().is_empty() {
            continue;
        }
        sqlx::query(
            "INSERT INTO eav_attribute_label (attribute_id, store_id, value) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(*store)
        .bind(label.trim())
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM customer_form_attribute WHERE attribute_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for form in forms {
        sqlx::query(
            "INSERT INTO customer_form_attribute (form_code, attribute_id) VALUES ($1, $2)",
        )
        .bind(form.code())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The ids of the attribute's options.
pub async fn option_ids(tx: &mut Tx<'_>, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query("SELECT option_id FROM eav_attribute_option WHERE attribute_id = $1")
        .bind(id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get("option_id"))
        .collect()
}

/// Save the options in this order: kept ones updated (their customers' choices stay),
/// new ones added, the others deleted with every choice of them.
pub async fn save_options(
    tx: &mut Tx<'_>,
    id: i64,
    options: &[OptionInput],
) -> Result<(), sqlx::Error> {
    let kept: Vec<i64> = options.iter().filter_map(|o| o.id).collect();
    for old in option_ids(tx, id).await? {
        if !kept.contains(&old) {
            sqlx::query("DELETE FROM eav_attribute_option WHERE option_id = $1")
                .bind(old)
                .execute(&mut **tx)
                .await?;
        }
    }
    for (order, option) in options.iter().enumerate() {
        let order = order as i64;
        let option_id: i64 = match option.id {
            Some(option_id) => {
                sqlx::query(
                    "UPDATE eav_attribute_option SET admin_value = $1, sort_order = $2,
                     is_default = $3 WHERE option_id = $4 AND attribute_id = $5",
                )
                .bind(option.admin_label.trim())
                .bind(order)
                .bind(i64::from(option.is_default))
                .bind(option_id)
                .bind(id)
                .execute(&mut **tx)
                .await?;
                sqlx::query("DELETE FROM eav_attribute_option_value WHERE option_id = $1")
                    .bind(option_id)
                    .execute(&mut **tx)
                    .await?;
                option_id
            }
            None => sqlx::query(
                "INSERT INTO eav_attribute_option (attribute_id, admin_value, sort_order, is_default)
                 VALUES ($1, $2, $3, $4) RETURNING option_id",
            )
            .bind(id)
            .bind(option.admin_label.trim())
            .bind(order)
            .bind(i64::from(option.is_default))
            .fetch_one(&mut **tx)
            .await?
            .try_get("option_id")?,
        };
        for (store, label) in &option.labels {
            if label.trim().is_empty() {
                continue;
            }
            sqlx::query(
                "INSERT INTO eav_attribute_option_value (option_id, store_id, value) VALUES ($1, $2, $3)",
            )
            .bind(option_id)
            .bind(*store)
            .bind(label.trim())
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Delete attribute `id` and, with it, its labels, options, forms and every value.
pub async fn delete(tx: &mut Tx<'_>, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM eav_attribute WHERE attribute_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// How many customers (or addresses) have a value of attribute `id`.
pub async fn count_values(
    conn: &mut AnyConnection,
    entity: EntityType,
    id: i64,
) -> Result<u64, sqlx::Error> {
    let mut total = 0;
    for backend in ALL_TABLES {
        let sql = format!(
            "SELECT COUNT(DISTINCT entity_id) AS n FROM {} WHERE attribute_id = $1",
            table(entity, backend)
        );
        let n: i64 = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
        total += n.max(0) as u64;
    }
    Ok(total)
}

/// Whether any customer (or address) has a value of attribute `id`.
pub async fn has_values(
    conn: &mut AnyConnection,
    entity: EntityType,
    id: i64,
) -> Result<bool, sqlx::Error> {
    for backend in ALL_TABLES {
        let sql = format!(
            "SELECT 1 AS one FROM {} WHERE attribute_id = $1 LIMIT 1",
            table(entity, backend)
        );
        if sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The codes of every attribute of `entity`.
pub async fn codes(tx: &mut Tx<'_>, entity: EntityType) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query("SELECT attribute_code FROM eav_attribute WHERE entity_type = $1")
        .bind(entity.code())
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get("attribute_code"))
        .collect()
}

/// The attributes of `entity` as forms show them, labelled for `store` (the Admin
/// labels when `None`), in sort order. With `form`, only the attributes shown on the
/// storefront in that form; without, all (the admin's forms show every attribute).
pub async fn fields(
    db: &Db,
    entity: EntityType,
    form: Option<UsedInForm>,
    store: Option<i64>,
) -> Result<Vec<FieldDef>, sqlx::Error> {
    let mut attributes = list(db, entity).await?;
    if let Some(form) = form {
        let ids: Vec<i64> = sqlx::query(
            "SELECT f.attribute_id FROM customer_form_attribute f
             JOIN eav_attribute a ON a.attribute_id = f.attribute_id
             WHERE f.form_code = $1 AND a.entity_type = $2 AND a.is_visible = 1",
        )
        .bind(form.code())
        .bind(entity.code())
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("attribute_id"))
        .collect::<Result<_, _>>()?;
        attributes.retain(|a| a.id.is_some_and(|id| ids.contains(&id)));
    }
    if attributes.is_empty() {
        return Ok(Vec::new());
    }
    let store = store.unwrap_or(-1);
    let labels: BTreeMap<i64, String> = sqlx::query(
        "SELECT l.attribute_id, l.value FROM eav_attribute_label l
         JOIN eav_attribute a ON a.attribute_id = l.attribute_id
         WHERE a.entity_type = $1 AND l.store_id = $2",
    )
    .bind(entity.code())
    .bind(store)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("attribute_id")?, r.try_get("value")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    let options = sqlx::query(
        "SELECT o.attribute_id, o.option_id, o.is_default, COALESCE(v.value, o.admin_value) AS label
         FROM eav_attribute_option o
         JOIN eav_attribute a ON a.attribute_id = o.attribute_id
         LEFT JOIN eav_attribute_option_value v ON v.option_id = o.option_id AND v.store_id = $2
         WHERE a.entity_type = $1 ORDER BY o.attribute_id, o.sort_order, o.option_id",
    )
    .bind(entity.code())
    .bind(store)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(attributes.len());
    for a in attributes {
        let id = a.id.unwrap_or(0);
        let mut field = a.field();
        field.id = id;
        if let Some(label) = labels.get(&id) {
            field.label = label.clone();
        }
        field.options.clear();
        let mut defaults = Vec::new();
        for r in options
            .iter()
            .filter(|r| r.try_get::<i64, _>("attribute_id").ok() == Some(id))
        {
            let option_id: i64 = r.try_get("option_id")?;
            field.options.push((option_id, r.try_get("label")?));
            if r.try_get::<i64, _>("is_default")? != 0 {
                defaults.push(option_id.to_string());
            }
        }
        if a.input.has_options() {
            field.default_value = defaults.join(",");
        }
        out.push(field);
    }
    Ok(out)
}

/// The values of `fields` held by customer (or address) `id`, as forms carry them.
pub async fn load_values(
    conn: &mut AnyConnection,
    entity: EntityType,
    id: i64,
    fields: &[FieldDef],
) -> Result<Values, sqlx::Error> {
    let mut values = Values::new();
    if fields.is_empty() {
        return Ok(values);
    }
    let code_of = |attribute: i64| fields.iter().find(|f| f.id == attribute).map(|f| &f.code);
    for backend in [ValueTable::Varchar, ValueTable::Text] {
        let sql = format!(
            "SELECT attribute_id, value FROM {} WHERE entity_id = $1",
            table(entity, backend)
        );
        for r in sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
        {
            if let Some(code) = code_of(r.try_get("attribute_id")?) {
                values.insert(code.clone(), r.try_get("value")?);
            }
        }
    }
    let sql = format!(
        "SELECT attribute_id, option_id FROM {} WHERE entity_id = $1",
        table(entity, ValueTable::Option)
    );
    let mut chosen: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for r in sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    {
        if let Some(code) = code_of(r.try_get("attribute_id")?) {
            chosen
                .entry(code.clone())
                .or_default()
                .push(r.try_get("option_id")?);
        }
    }
    for field in fields {
        if let Some(ids) = chosen.get_mut(&field.code) {
            ids.sort_by_key(|id| field.options.iter().position(|(o, _)| o == id));
            let text = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            values.insert(field.code.clone(), text);
        }
    }
    Ok(values)
}

/// The values of `fields` held by each of `ids` (customers or addresses): three
/// statements whatever the number of ids (at most a grid page).
pub async fn load_values_many(
    conn: &mut AnyConnection,
    entity: EntityType,
    ids: &[i64],
    fields: &[FieldDef],
) -> Result<BTreeMap<i64, Values>, sqlx::Error> {
    let mut out: BTreeMap<i64, Values> = BTreeMap::new();
    if fields.is_empty() || ids.is_empty() {
        return Ok(out);
    }
    let placeholders = (1..=ids.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let code_of = |attribute: i64| fields.iter().find(|f| f.id == attribute);
    let mut chosen: BTreeMap<(i64, String), Vec<i64>> = BTreeMap::new();
    for backend in ALL_TABLES {
        let column = if backend == ValueTable::Option {
            "option_id"
        } else {
            "value"
        };
        let sql = format!(
            "SELECT entity_id, attribute_id, {column} FROM {} WHERE entity_id IN ({placeholders})",
            table(entity, backend)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut *conn).await? {
            let Some(field) = code_of(r.try_get("attribute_id")?) else {
                continue;
            };
            let entity_id: i64 = r.try_get("entity_id")?;
            if backend == ValueTable::Option {
                chosen
                    .entry((entity_id, field.code.clone()))
                    .or_default()
                    .push(r.try_get("option_id")?);
            } else {
                out.entry(entity_id)
                    .or_default()
                    .insert(field.code.clone(), r.try_get("value")?);
            }
        }
    }
    for ((entity_id, code), mut ids) in chosen {
        if let Some(field) = fields.iter().find(|f| f.code == code) {
            ids.sort_by_key(|id| field.options.iter().position(|(o, _)| o == id));
        }
        let text = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        out.entry(entity_id).or_default().insert(code, text);
    }
    Ok(out)
}

/// Fill each address's custom values (a page of them: three statements).
pub async fn fill_addresses(
    conn: &mut AnyConnection,
    fields: &[FieldDef],
    addresses: &mut [&mut crate::customers::address::model::AddressInput],
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = addresses.iter().filter_map(|a| a.id).collect();
    // The same address can be listed twice (a row of the page and a default card).
    let values = load_values_many(conn, EntityType::Address, &ids, fields).await?;
    for a in addresses.iter_mut() {
        if let Some(v) = a.id.and_then(|id| values.get(&id)) {
            a.custom = v.clone();
        }
    }
    Ok(())
}

/// Replace the values of `fields` held by customer (or address) `id` with `values`
/// (checked, as stored; a field without a value is cleared). Attributes not in
/// `fields` keep their values. A value that did not change is not written, so the
/// indexes kept by triggers (migration 0025) do no work for it.
pub async fn save_values(
    tx: &mut Tx<'_>,
    entity: EntityType,
    id: i64,
    fields: &[FieldDef],
    values: &Values,
) -> Result<(), sqlx::Error> {
    for field in fields {
        let backend = field.input.backend();
        let name = table(entity, backend);
        let Some(value) = values.get(&field.code) else {
            let sql = format!("DELETE FROM {name} WHERE entity_id = $1 AND attribute_id = $2");
            sqlx::query(AssertSqlSafe(sql))
                .bind(id)
                .bind(field.id)
                .execute(&mut **tx)
                .await?;
            continue;
        };
        match backend {
            ValueTable::Varchar | ValueTable::Text => {
                let sql = if entity == EntityType::Customer {
                    // With its sort key (migration 0028; `WHERE true` tells SQLite the
                    // `ON CONFLICT` is not a join's).
                    let key = crate::customers::grid::sort_key::sort_key_sql(
                        crate::db::Backend::of(tx),
                        backend,
                        "v",
                    )
                    .unwrap_or_else(|| "''".into());
                    format!(
                        "INSERT INTO {name} (entity_id, attribute_id, value, sort_key)
                         SELECT $1, $2, v, {key} FROM (SELECT CAST($3 AS TEXT) AS v) AS x
                         WHERE true
                         ON CONFLICT (entity_id, attribute_id)
                         DO UPDATE SET value = excluded.value, sort_key = excluded.sort_key
                         WHERE {name}.value <> excluded.value"
                    )
                } else {
                    format!(
                        "INSERT INTO {name} (entity_id, attribute_id, value) VALUES ($1, $2, $3)
                         ON CONFLICT (entity_id, attribute_id) DO UPDATE SET value = excluded.value
                         WHERE {name}.value <> excluded.value"
                    )
                };
                sqlx::query(AssertSqlSafe(sql))
                    .bind(id)
                    .bind(field.id)
                    .bind(value.as_str())
                    .execute(&mut **tx)
                    .await?;
            }
            ValueTable::Option => {
                let chosen: Vec<i64> = value
                    .split(',')
                    .filter_map(|v| v.parse::<i64>().ok())
                    .collect();
                let mut delete =
                    crate::db::Sql::new(&format!("DELETE FROM {name} WHERE entity_id = "));
                delete
                    .push_bind(id)
                    .push(" AND attribute_id = ")
                    .push_bind(field.id);
                if !chosen.is_empty() {
                    delete
                        .push(" AND option_id NOT IN (")
                        .push_binds(chosen.iter().copied())
                        .push(")");
                }
                crate::db::sql::bind(
                    sqlx::query(AssertSqlSafe(delete.text().to_string())),
                    delete.values(),
                )
                .execute(&mut **tx)
                .await?;
                let sql = format!(
                    "INSERT INTO {name} (entity_id, attribute_id, option_id) VALUES ($1, $2, $3)
                     ON CONFLICT DO NOTHING"
                );
                for option in chosen {
                    sqlx::query(AssertSqlSafe(sql.clone()))
                        .bind(id)
                        .bind(field.id)
                        .bind(option)
                        .execute(&mut **tx)
                        .await?;
                }
            }
        }
    }
    Ok(())
}

/// What admins changed of `entity`'s system attributes (migration 0029), by code.
pub async fn system_overrides(
    conn: &mut AnyConnection,
    entity: EntityType,
) -> Result<BTreeMap<String, super::system::Overrides>, sqlx::Error> {
    Ok(all_system_overrides(conn)
        .await?
        .remove(&entity)
        .unwrap_or_default())
}

/// What admins changed of the system attributes of customers and of addresses, by
/// entity and code: two statements for a form that shows both.
pub async fn all_system_overrides(
    conn: &mut AnyConnection,
) -> Result<BTreeMap<EntityType, BTreeMap<String, super::system::Overrides>>, sqlx::Error> {
    type Out = BTreeMap<EntityType, BTreeMap<String, super::system::Overrides>>;
    fn entry<'a>(
        out: &'a mut Out,
        row: &sqlx::any::AnyRow,
    ) -> Result<Option<&'a mut super::system::Overrides>, sqlx::Error> {
        let entity: String = row.try_get(0)?;
        Ok(match EntityType::from_code(&entity) {
            Some(entity) => Some(
                out.entry(entity)
                    .or_default()
                    .entry(row.try_get(1)?)
                    .or_default(),
            ),
            None => None,
        })
    }
    let mut out = Out::new();
    for row in sqlx::query(
        "SELECT entity_type, attribute_code, frontend_label, sort_order FROM system_attribute",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some(entry) = entry(&mut out, &row)? {
            entry.label = row.try_get(2)?;
            entry.sort_order = Some(row.try_get(3)?);
        }
    }
    for row in sqlx::query(
        "SELECT entity_type, attribute_code, store_id, value FROM system_attribute_label",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some(entry) = entry(&mut out, &row)? {
            entry.labels.insert(row.try_get(2)?, row.try_get(3)?);
        }
    }
    Ok(out)
}

/// Keep what an admin set for system attribute `code`: its Default Label (`None`: the
/// built-in one), sort order and store view labels (blank ones dropped).
pub async fn save_system(
    tx: &mut Tx<'_>,
    entity: EntityType,
    code: &str,
    label: Option<&str>,
    sort_order: i64,
    labels: &BTreeMap<i64, String>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO system_attribute (entity_type, attribute_code, frontend_label, sort_order)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (entity_type, attribute_code)
         DO UPDATE SET frontend_label = excluded.frontend_label, sort_order = excluded.sort_order",
    )
    .bind(entity.code())
    .bind(code)
    .bind(label)
    .bind(sort_order)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "DELETE FROM system_attribute_label WHERE entity_type = $1 AND attribute_code = $2",
    )
    .bind(entity.code())
    .bind(code)
    .execute(&mut **tx)
    .await?;
    for (store, value) in labels {
        if value.trim().is_empty() {
            continue;
        }
        sqlx::query(
            "INSERT INTO system_attribute_label (entity_type, attribute_code, store_id, value)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(entity.code())
        .bind(code)
        .bind(*store)
        .bind(value.trim())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
