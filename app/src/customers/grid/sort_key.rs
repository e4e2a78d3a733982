//! Sort keys of the grid's text columns: the text folded to lower case without accents,
//! so "Álvaro" sorts with the A's and "élodie" with "Elodie" (not after "Z", as byte
//! order put them), and "amsterdam" with "Amsterdam". The same SQL fills a key on both
//! databases (nested `replace` then `lower`: SQLite has no accent folding of its own);
//! an index on each key keeps its sort as fast as the others.
//!
//! Columns of codes and numbers (phone, ZIP, VAT number, ids, dates) sort by their own
//! value through their own index; [`sort_column`] says which column a sort reads.

use super::columns::Column;
#[cfg(feature = "ssr")]
use crate::db::Backend;

/// The text columns that sort by a folded key, and the grid-index column holding it.
pub const KEYED: &[(Column, &str)] = &[
    (Column::Name, "name_key"),
    (Column::Email, "email_key"),
    (Column::Region, "billing_region_key"),
    (Column::CreatedIn, "created_in_key"),
    (Column::BillingFull, "billing_full_key"),
    (Column::ShippingFull, "shipping_full_key"),
    (Column::Street, "billing_street_key"),
    (Column::City, "billing_city_key"),
    (Column::Company, "billing_company_key"),
    (Column::BillingFirstname, "billing_firstname_key"),
    (Column::BillingLastname, "billing_lastname_key"),
];

/// The grid-index column a sort on `column` reads: its key when it has one, else its own
/// value.
pub fn sort_column(column: Column) -> &'static str {
    KEYED
        .iter()
        .find(|(c, _)| *c == column)
        .map_or(column.index_column(), |(_, key)| key)
}

/// Accented letters and their plain lower-case spelling (Latin-1 and Latin Extended-A,
/// the letters of the store's languages and its customers' names).
pub(crate) const FOLD: &[(&str, &str)] = &[
    ("À", "a"),
    ("Á", "a"),
    ("Â", "a"),
    ("Ã", "a"),
    ("Ä", "a"),
    ("Å", "a"),
    ("Ç", "c"),
    ("È", "e"),
    ("É", "e"),
    ("Ê", "e"),
    ("Ë", "e"),
    ("Ì", "i"),
    ("Í", "i"),
    ("Î", "i"),
    ("Ï", "i"),
    ("Ñ", "n"),
    ("Ò", "o"),
    ("Ó", "o"),
    ("Ô", "o"),
    ("Õ", "o"),
    ("Ö", "o"),
    ("Ù", "u"),
    ("Ú", "u"),
    ("Û", "u"),
    ("Ü", "u"),
    ("Ý", "y"),
    ("à", "a"),
    ("á", "a"),
    ("â", "a"),
    ("ã", "a"),
    ("ä", "a"),
    ("å", "a"),
    ("ç", "c"),
    ("è", "e"),
    ("é", "e"),
    ("ê", "e"),
    ("ë", "e"),
    ("ì", "i"),
    ("í", "i"),
    ("î", "i"),
    ("ï", "i"),
    ("ñ", "n"),
    ("ò", "o"),
    ("ó", "o"),
    ("ô", "o"),
    ("õ", "o"),
    ("ö", "o"),
    ("ù", "u"),
    ("ú", "u"),
    ("û", "u"),
    ("ü", "u"),
    ("ý", "y"),
    ("ÿ", "y"),
    ("Ā", "a"),
    ("ā", "a"),
    ("Ă", "a"),
    ("ă", "a"),
    ("Ą", "a"),
    ("ą", "a"),
    ("Ć", "c"),
    ("ć", "c"),
    ("Č", "c"),
    ("č", "c"),
    ("Ď", "d"),
    ("ď", "d"),
    ("Ē", "e"),
    ("ē", "e"),
    ("Ė", "e"),
    ("ė", "e"),
    ("Ę", "e"),
    ("ę", "e"),
    ("Ě", "e"),
    ("ě", "e"),
    ("Ğ", "g"),
    ("ğ", "g"),
    ("Ī", "i"),
    ("ī", "i"),
    ("İ", "i"),
    ("Ń", "n"),
    ("ń", "n"),
    ("Ň", "n"),
    ("ň", "n"),
    ("Ō", "o"),
    ("ō", "o"),
    ("Ő", "o"),
    ("ő", "o"),
    ("Ř", "r"),
    ("ř", "r"),
    ("Ś", "s"),
    ("ś", "s"),
    ("Ş", "s"),
    ("ş", "s"),
    ("Š", "s"),
    ("š", "s"),
    ("Ť", "t"),
    ("ť", "t"),
    ("Ū", "u"),
    ("ū", "u"),
    ("Ů", "u"),
    ("ů", "u"),
    ("Ű", "u"),
    ("ű", "u"),
    ("Ź", "z"),
    ("ź", "z"),
    ("Ż", "z"),
    ("ż", "z"),
    ("Ž", "z"),
    ("ž", "z"),
    ("ß", "ss"),
    ("Æ", "ae"),
    ("æ", "ae"),
    ("Ø", "o"),
    ("ø", "o"),
    ("Œ", "oe"),
    ("œ", "oe"),
    ("Đ", "d"),
    ("đ", "d"),
    ("Ł", "l"),
    ("ł", "l"),
    ("Þ", "th"),
    ("þ", "th"),
    ("Ð", "d"),
    ("ð", "d"),
];

/// The SQL function SQLite folds a sort key with, registered by [`crate::db::fold`].
#[cfg(feature = "ssr")]
pub const FOLD_FUNCTION: &str = "clientele_fold";

/// The plain spelling of an accented letter of [`FOLD`], if it is one.
#[cfg(feature = "ssr")]
pub fn plain(letter: char) -> Option<&'static str> {
    static PLAIN: std::sync::LazyLock<std::collections::HashMap<char, &'static str>> =
        std::sync::LazyLock::new(|| {
            FOLD.iter()
                .filter_map(|(from, to)| Some((from.chars().next()?, *to)))
                .collect()
        });
    PLAIN.get(&letter).copied()
}

/// SQL folding the text of `expr` to its sort key (`''` for no text), for `backend`.
///
/// On SQLite one call of [`FOLD_FUNCTION`] (Rust, [`crate::db::fold`]). On PostgreSQL
/// [`fold_sql_portable`]: its `replace` chain costs PostgreSQL about a microsecond a key
/// (measured: 235 ms for 200,000 names; `translate` 260 ms, a PL/pgSQL function 294 ms).
#[cfg(feature = "ssr")]
pub fn fold_sql(backend: Backend, expr: &str) -> String {
    match backend {
        Backend::Sqlite => format!("COALESCE({FOLD_FUNCTION}({expr}), '')"),
        Backend::Postgres => fold_sql_portable(expr),
    }
}

/// The fold in plain SQL, the same on both databases (what the migrations that fill keys
/// ran): text that is all ASCII (most of it: measured, 88% of seeded cities and 76% of
/// names) only needs `lower`; the hundred-odd `replace` calls run only for the rest.
#[cfg(feature = "ssr")]
pub fn fold_sql_portable(expr: &str) -> String {
    let mut chain = expr.to_string();
    for (from, to) in FOLD {
        chain = format!("replace({chain}, '{from}', '{to}')");
    }
    format!(
        "COALESCE(CASE WHEN octet_length({expr}) = length({expr}) THEN lower({expr}) \
         ELSE lower({chain}) END, '')"
    )
}

/// The SQL of the sort key of a custom attribute's text value `expr` (migration 0028): a
/// Text Field's value (and a date, a Yes/No, a file name) folded as the grid's text
/// columns are; a Text Area's or Multiple Line's by its first 100 characters. `None`
/// for options, which sort by their id.
#[cfg(feature = "ssr")]
pub fn sort_key_sql(
    backend: Backend,
    values: crate::attributes::model::Backend,
    expr: &str,
) -> Option<String> {
    use crate::attributes::model::Backend as Values;
    match values {
        Values::Varchar => Some(fold_sql(backend, expr)),
        Values::Text => Some(fold_sql(backend, &format!("substr({expr}, 1, 100)"))),
        Values::Option => None,
    }
}

/// The sort key of `text`, as [`fold_sql`] computes it in the database (for tests).
pub fn fold(text: &str) -> String {
    let mut folded = text.to_string();
    for (from, to) in FOLD {
        folded = folded.replace(from, to);
    }
    folded.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn the_migration_fills_the_keys_as_the_application_writes_them() {
        use crate::attributes::model::Backend as Values;
        for migration in [
            include_str!("../../../../migrations/sqlite/0028_custom_sort_indexes.sql"),
            include_str!("../../../../migrations/postgres/0028_custom_sort_indexes.sql"),
        ] {
            for (values, table) in [
                (Values::Varchar, "customer_entity_varchar"),
                (Values::Text, "customer_entity_text"),
            ] {
                // The migrations ran the portable fold (which SQLite's function matches:
                // `db::fold`'s tests).
                let fill = format!(
                    "UPDATE {table} SET sort_key = {};",
                    sort_key_sql(Backend::Postgres, values, "value").unwrap()
                );
                assert!(migration.contains(&fill), "{table}");
                assert!(migration.contains(&format!("{table}(attribute_id, sort_key, entity_id)")));
            }
            assert!(migration.contains("(attribute_id, option_id, entity_id)"));
        }
    }

    #[test]
    fn accents_and_case_do_not_change_the_order() {
        let mut names = [
            "Zoë Adams",
            "Élodie Martin",
            "álvaro Souza",
            "Bjørn Berg",
            "elodie Marchand",
        ];
        names.sort_by_key(|n| fold(n));
        assert_eq!(
            names,
            [
                "álvaro Souza",
                "Bjørn Berg",
                "elodie Marchand",
                "Élodie Martin",
                "Zoë Adams"
            ]
        );
        #[cfg(feature = "ssr")]
        {
            let sql = fold_sql_portable("name");
            assert_eq!(sql.matches("''").count(), 1, "every pair is quoted once");
            assert!(sql.ends_with(", '')"), "no text sorts as the empty key");
        }
    }

    #[test]
    fn text_columns_sort_by_keys_and_codes_by_value() {
        assert_eq!(sort_column(Column::Name), "name_key");
        assert_eq!(sort_column(Column::City), "billing_city_key");
        assert_eq!(sort_column(Column::Zip), "billing_postcode");
        for (column, key) in KEYED {
            assert!(column.sortable());
            assert_eq!(*key, format!("{}_key", column.index_column()));
        }
    }
}
