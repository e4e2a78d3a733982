//! SQL of customer addresses. Writes take the caller's transaction, which also
//! refreshes the customer's grid row.

use super::model::{AddressColumn, AddressInput, DefaultKind};
use crate::attributes::model::{InputType, MatchType};
use crate::db::sql::Sql;
use crate::db::{Backend, Db, Row, Tx};
use crate::ui::grid::state::{Dir, GridColumn, ValidFilter, ValidQuery};
use sqlx::Row as _;

const COLUMNS: &str = "a.entity_id, a.parent_id, a.version, a.prefix, a.firstname, a.middlename,
    a.lastname, a.suffix, a.company, a.street, a.city, a.region, a.region_id, a.postcode,
    a.country_id, a.telephone, a.fax, a.vat_id,
    CASE WHEN c.default_billing = a.entity_id THEN 1 ELSE 0 END AS is_billing,
    CASE WHEN c.default_shipping = a.entity_id THEN 1 ELSE 0 END AS is_shipping";

fn text(r: &Row, col: &str) -> Result<String, sqlx::Error> {
    Ok(r.try_get::<Option<String>, _>(col)?.unwrap_or_default())
}

fn from_row(r: &Row) -> Result<AddressInput, sqlx::Error> {
    Ok(AddressInput {
        id: Some(r.try_get("entity_id")?),
        customer_id: r.try_get("parent_id")?,
        version: r.try_get("version")?,
        prefix: text(r, "prefix")?,
        firstname: text(r, "firstname")?,
        middlename: text(r, "middlename")?,
        lastname: text(r, "lastname")?,
        suffix: text(r, "suffix")?,
        company: text(r, "company")?,
        street: text(r, "street")?.split('\n').map(str::to_string).collect(),
        city: text(r, "city")?,
        region: text(r, "region")?,
        region_id: text(r, "region_id")?,
        postcode: text(r, "postcode")?,
        country_id: text(r, "country_id")?,
        telephone: text(r, "telephone")?,
        fax: text(r, "fax")?,
        vat_id: text(r, "vat_id")?,
        default_billing: r.try_get::<i64, _>("is_billing")? != 0,
        default_shipping: r.try_get::<i64, _>("is_shipping")? != 0,
        request_key: String::new(),
        custom: Default::default(),
    })
}

/// `%text%` for a case-insensitive LIKE with `\`, `%`, `_` taken literally.
fn pattern(search: &str) -> String {
    crate::customers::grid::repo::contains_pattern(&search.trim().to_lowercase())
}

/// The address column a built-in sub-grid column shows, filters and sorts on (a custom
/// attribute's values are in the value tables: [`AddressCustom`]).
fn column_sql(column: AddressColumn) -> &'static str {
    match column {
        AddressColumn::Custom(_) => "NULL",
        AddressColumn::Firstname => "a.firstname",
        AddressColumn::Lastname => "a.lastname",
        AddressColumn::Street => "a.street",
        AddressColumn::City => "a.city",
        AddressColumn::Country => "a.country_id",
        AddressColumn::Region => "a.region",
        AddressColumn::Postcode => "a.postcode",
        AddressColumn::Telephone => "a.telephone",
    }
}

/// The custom address attributes the sub-grid filters, searches and sorts on.
#[derive(Clone, Debug, Default)]
pub struct AddressCustom {
    /// The columns with a filter ("Use in Filter Options"), by attribute id: the input
    /// type and the match type of a text. A filter on any other is ignored.
    pub filters: std::collections::BTreeMap<i64, (InputType, MatchType)>,
    /// The attributes keyword search reads ("Use in Search Options").
    pub searchable: Vec<(i64, InputType)>,
    /// The column the rows are sorted on, when it is a custom one that sorts.
    pub sort: Option<(i64, InputType)>,
}

/// The value table of an address attribute of input type `input`.
fn value_table(input: InputType) -> &'static str {
    crate::attributes::repo::table(
        crate::attributes::model::EntityType::Address,
        input.backend(),
    )
}

/// `WHERE` for the customer, the keyword search and the filters.
fn condition(
    customer_id: i64,
    q: &ValidQuery<AddressColumn>,
    custom: &AddressCustom,
    backend: Backend,
) -> Sql {
    let mut sql = Sql::new(" WHERE a.parent_id = ");
    sql.push_bind(customer_id);
    if !q.search.trim().is_empty() {
        let like = pattern(&q.search);
        sql.push(" AND (");
        for (i, column) in AddressColumn::ALL.iter().enumerate() {
            if i > 0 {
                sql.push(" OR ");
            }
            sql.push("LOWER(COALESCE(")
                .push(column_sql(*column))
                .push(", '')) LIKE ")
                .push_bind(like.as_str())
                .push(" ESCAPE '\\'");
        }
        // The searchable attributes' values: a text holding the words, an option whose
        // Admin or store view label does.
        for (attribute, input) in &custom.searchable {
            sql.push(" OR EXISTS (SELECT 1 FROM ")
                .push(value_table(*input))
                .push(" v");
            if input.has_options() {
                sql.push(" JOIN eav_attribute_option o ON o.option_id = v.option_id");
            }
            sql.push(" WHERE v.entity_id = a.entity_id AND v.attribute_id = ")
                .push_bind(*attribute);
            if input.has_options() {
                sql.push(" AND (LOWER(o.admin_value) LIKE ")
                    .push_bind(like.as_str())
                    .push(" ESCAPE '\\' OR o.option_id IN (SELECT l.option_id FROM eav_attribute_option_value l WHERE LOWER(l.value) LIKE ")
                    .push_bind(like.as_str())
                    .push(" ESCAPE '\\')))");
            } else {
                sql.push(" AND LOWER(v.value) LIKE ")
                    .push_bind(like.as_str())
                    .push(" ESCAPE '\\')");
            }
        }
        sql.push(")");
    }
    for (column, filter) in &q.filters {
        if let AddressColumn::Custom(c) = column {
            if let Some((input, match_type)) = custom.filters.get(&c.attribute_id) {
                sql.push(" AND EXISTS (SELECT 1 FROM ")
                    .push(value_table(*input))
                    .push(" v WHERE v.entity_id = a.entity_id AND v.attribute_id = ")
                    .push_bind(c.attribute_id);
                crate::customers::grid::repo::push_value_test(
                    &mut sql,
                    *input,
                    *match_type,
                    filter,
                    backend,
                );
                sql.push(")");
            }
            continue;
        }
        match filter {
            ValidFilter::Country(code) => {
                sql.push(" AND a.country_id = ").push_bind(code.as_str());
            }
            ValidFilter::Contains(text) => {
                sql.push(" AND LOWER(COALESCE(")
                    .push(column_sql(*column))
                    .push(", '')) LIKE ")
                    .push_bind(pattern(text))
                    .push(" ESCAPE '\\'");
            }
            // The sub-grid's columns take no other filter (`validated` made sure).
            ValidFilter::Ids { .. } | ValidFilter::Days { .. } | ValidFilter::Id(_) => {
                sql.push(" AND 1 = 0");
            }
        }
    }
    sql
}

/// How many of the customer's addresses match the query (all when it is empty).
pub async fn count(
    db: &Db,
    customer_id: i64,
    q: &ValidQuery<AddressColumn>,
    custom: &AddressCustom,
) -> Result<u64, sqlx::Error> {
    let mut sql = Sql::new("SELECT COUNT(*) AS n FROM customer_address_entity a");
    let cond = condition(customer_id, q, custom, db.backend);
    sql.push(cond.text());
    let n: i64 = crate::db::sql::bind(sqlx::query(sqlx::AssertSqlSafe(sql.text())), cond.values())
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok(n.max(0) as u64)
}

/// One page of the customer's addresses matching the query, in the asked order (then
/// by id, so pages never overlap). On a custom attribute's column, addresses without a
/// value come last whichever way, as in the customers grid.
pub async fn page(
    db: &Db,
    customer_id: i64,
    q: &ValidQuery<AddressColumn>,
    custom: &AddressCustom,
    offset: u64,
) -> Result<Vec<AddressInput>, sqlx::Error> {
    let cond = condition(customer_id, q, custom, db.backend);
    let dir = if q.dir == Dir::Desc { "DESC" } else { "ASC" };
    let (join, order) = match custom.sort {
        // The attribute id is the database's own number, written as a literal.
        Some((attribute, input)) => (
            format!(
                " LEFT JOIN (SELECT entity_id AS vid, {} AS k FROM {} WHERE attribute_id = {attribute}) sv
                 ON sv.vid = a.entity_id",
                crate::customers::grid::sort_key::sort_key_sql(db.backend, input.backend(), "value")
                    .unwrap_or_else(|| "option_id".into()),
                value_table(input)
            ),
            format!("CASE WHEN sv.k IS NULL THEN 1 ELSE 0 END, sv.k {dir}"),
        ),
        None => (
            String::new(),
            format!("LOWER(COALESCE({}, '')) {dir}", column_sql(q.sort)),
        ),
    };
    let text = format!(
        "SELECT {COLUMNS} FROM customer_address_entity a
         JOIN customer_entity c ON c.entity_id = a.parent_id{join}{}
         ORDER BY {order}, a.entity_id {dir} LIMIT {} OFFSET {offset}",
        cond.text(),
        q.size,
    );
    let rows = crate::db::sql::bind(sqlx::query(sqlx::AssertSqlSafe(text)), cond.values())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The customer's default billing or shipping address.
pub async fn default_of(
    db: &Db,
    customer_id: i64,
    kind: DefaultKind,
) -> Result<Option<AddressInput>, sqlx::Error> {
    let column = match kind {
        DefaultKind::Billing => "default_billing",
        DefaultKind::Shipping => "default_shipping",
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM customer_address_entity a
         JOIN customer_entity c ON c.entity_id = a.parent_id AND c.{column} = a.entity_id
         WHERE a.parent_id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(customer_id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Insert an address (already validated); returns its id.
pub async fn insert(tx: &mut Tx<'_>, a: &AddressInput, now: i64) -> Result<i64, sqlx::Error> {
    let row = bind_fields(
        sqlx::query(
            "INSERT INTO customer_address_entity (prefix, firstname, middlename, lastname, suffix,
                 company, street, city, region, region_id, postcode, country_id, telephone, fax,
                 vat_id, parent_id, created_at, updated_at, request_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18)
             RETURNING entity_id",
        ),
        a,
    )
    .bind(a.customer_id)
    .bind(now)
    .bind(opt(&a.request_key))
    .fetch_one(&mut **tx)
    .await?;
    row.try_get("entity_id")
}

/// The address a create with idempotency key `key` made for `customer_id`, if any.
pub async fn by_request_key(
    tx: &mut Tx<'_>,
    customer_id: i64,
    key: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT entity_id FROM customer_address_entity WHERE parent_id = $1 AND request_key = $2",
    )
    .bind(customer_id)
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| r.try_get("entity_id"))
    .transpose()
}

/// Update an address still at `a.version` and belonging to `a.customer_id`; `None` when
/// it is missing or was changed since.
pub async fn update(
    tx: &mut Tx<'_>,
    a: &AddressInput,
    id: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = bind_fields(
        sqlx::query(
            "UPDATE customer_address_entity SET prefix = $1, firstname = $2, middlename = $3,
                 lastname = $4, suffix = $5, company = $6, street = $7, city = $8, region = $9,
                 region_id = $10, postcode = $11, country_id = $12, telephone = $13, fax = $14,
                 vat_id = $15, updated_at = $16, version = version + 1
             WHERE entity_id = $17 AND parent_id = $18 AND version = $19
             RETURNING version",
        ),
        a,
    )
    .bind(now)
    .bind(id)
    .bind(a.customer_id)
    .bind(a.version)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get("version")).transpose()
}

fn opt(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// Bind `$1…$15`: the address fields in the order of the insert and update statements.
fn bind_fields<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    a: &AddressInput,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    let street = a
        .street
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end_matches('\n')
        .to_string();
    let listed = !crate::directory::regions_of(&a.country_id).is_empty();
    query
        .bind(opt(&a.prefix))
        .bind(a.firstname.trim().to_string())
        .bind(opt(&a.middlename))
        .bind(a.lastname.trim().to_string())
        .bind(opt(&a.suffix))
        .bind(opt(&a.company))
        .bind(street)
        .bind(a.city.trim().to_string())
        .bind(opt(&a.region_name()))
        .bind(if listed { opt(&a.region_id) } else { None })
        .bind(opt(&a.postcode))
        .bind(a.country_id.clone())
        .bind(a.telephone.trim().to_string())
        .bind(opt(&a.fax))
        .bind(opt(&a.vat_id))
}

/// Does the address exist and belong to the customer?
pub async fn belongs(tx: &mut Tx<'_>, customer_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT entity_id FROM customer_address_entity WHERE entity_id = $1 AND parent_id = $2",
    )
    .bind(id)
    .bind(customer_id)
    .fetch_optional(&mut **tx)
    .await?
    .is_some())
}

/// Make the address (`Some`) or no address (`None`) the customer's default billing or
/// shipping address.
pub async fn set_default(
    tx: &mut Tx<'_>,
    customer_id: i64,
    id: Option<i64>,
    kind: DefaultKind,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = match kind {
        DefaultKind::Billing => {
            "UPDATE customer_entity SET default_billing = $1, updated_at = $2 WHERE entity_id = $3"
        }
        DefaultKind::Shipping => {
            "UPDATE customer_entity SET default_shipping = $1, updated_at = $2 WHERE entity_id = $3"
        }
    };
    sqlx::query(sql)
        .bind(id)
        .bind(now)
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Delete the customer's address; a default that pointed at it is cleared.
pub async fn delete(tx: &mut Tx<'_>, customer_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM customer_address_entity WHERE entity_id = $1 AND parent_id = $2")
            .bind(id)
            .bind(customer_id)
            .execute(&mut **tx)
            .await?;
    sqlx::query(
        "UPDATE customer_entity SET
             default_billing = CASE WHEN default_billing = $1 THEN NULL ELSE default_billing END,
             default_shipping = CASE WHEN default_shipping = $1 THEN NULL ELSE default_shipping END
         WHERE entity_id = $2",
    )
    .bind(id)
    .bind(customer_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Addresses that are neither the default billing nor the default shipping address
/// (the address book's "Additional Address Entries").
const ADDITIONAL: &str = "a.parent_id = $1
    AND a.entity_id <> COALESCE(c.default_billing, 0)
    AND a.entity_id <> COALESCE(c.default_shipping, 0)";

/// How many additional addresses the customer has.
pub async fn additional_count(db: &Db, customer_id: i64) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM customer_address_entity a
         JOIN customer_entity c ON c.entity_id = a.parent_id WHERE {ADDITIONAL}"
    );
    let n: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(customer_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok(n.max(0) as u64)
}

/// One page of the customer's additional addresses, oldest first.
pub async fn additional_page(
    db: &Db,
    customer_id: i64,
    offset: u64,
    size: u32,
) -> Result<Vec<AddressInput>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM customer_address_entity a
         JOIN customer_entity c ON c.entity_id = a.parent_id
         WHERE {ADDITIONAL}
         ORDER BY a.entity_id LIMIT {size} OFFSET {offset}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(customer_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// One of the customer's addresses (`None` when it is not theirs or does not exist).
pub async fn one<'e, E>(
    db: E,
    customer_id: i64,
    id: i64,
) -> Result<Option<AddressInput>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM customer_address_entity a
         JOIN customer_entity c ON c.entity_id = a.parent_id
         WHERE a.entity_id = $1 AND a.parent_id = $2"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(customer_id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The version of one of the customer's addresses, read in the caller's transaction.
pub async fn version_of(
    tx: &mut Tx<'_>,
    customer_id: i64,
    id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT version FROM customer_address_entity WHERE entity_id = $1 AND parent_id = $2",
    )
    .bind(id)
    .bind(customer_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get("version")).transpose()
}

/// Is the address the customer's default billing or shipping address?
pub async fn is_default(tx: &mut Tx<'_>, customer_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM customer_entity
         WHERE entity_id = $1 AND (default_billing = $2 OR default_shipping = $2)",
    )
    .bind(customer_id)
    .bind(id)
    .fetch_one(&mut **tx)
    .await?
    .try_get("n")?;
    Ok(n > 0)
}

/// The customer's website (0 without one), or `None` when there is no such customer.
pub async fn website_of(db: &Db, customer_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT website_id FROM customer_entity WHERE entity_id = $1")
        .bind(customer_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok(r.try_get::<Option<i64>, _>("website_id")?.unwrap_or(0)))
        .transpose()
}

/// The customer's default billing and shipping address ids.
pub async fn defaults(
    tx: &mut Tx<'_>,
    customer_id: i64,
) -> Result<(Option<i64>, Option<i64>), sqlx::Error> {
    let row = sqlx::query(
        "SELECT default_billing, default_shipping FROM customer_entity WHERE entity_id = $1",
    )
    .bind(customer_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok((
        row.try_get("default_billing")?,
        row.try_get("default_shipping")?,
    ))
}

/// The default billing and shipping addresses of these customers (each address once,
/// flagged with what it is the default of), for printing a page of the grid.
pub async fn defaults_of_customers(
    db: &Db,
    customer_ids: &[i64],
) -> Result<Vec<AddressInput>, sqlx::Error> {
    if customer_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!(
        "SELECT {COLUMNS} FROM customer_entity c
         JOIN customer_address_entity a ON a.parent_id = c.entity_id
             AND (a.entity_id = c.default_billing OR a.entity_id = c.default_shipping)
         WHERE c.entity_id IN ("
    ));
    sql.push_binds(customer_ids.iter().copied()).push(")");
    let rows = sql.query().fetch_all(&db.pool).await?;
    rows.iter().map(from_row).collect()
}
