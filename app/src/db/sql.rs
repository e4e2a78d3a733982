//! SQL written with its values: [`Sql::push`] adds text, [`Sql::push_bind`] adds a value
//! and writes its placeholder (`$1`, `$2`… in the order written), so no statement is
//! ever renumbered by rewriting its text. (sqlx's own `QueryBuilder` writes `?` for every
//! placeholder of the `Any` driver, which PostgreSQL refuses.)

use std::fmt::Write as _;

/// A value bound to a placeholder.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(i64),
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}

/// SQL text and the values of its placeholders, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sql {
    text: String,
    values: Vec<Value>,
}

/// `%text%` with `\`, `%` and `_` taken literally (used with `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    format!("%{}%", like_literal(text))
}

/// `text` with `\`, `%` and `_` escaped for `LIKE … ESCAPE '\'`: a pattern matching the
/// text itself (add `%` for "starts with" or "contains").
pub fn like_literal(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            p.push('\\');
        }
        p.push(c);
    }
    p
}

impl Sql {
    /// ` AND (a LIKE $n ESCAPE '\' OR b LIKE …)`: one of `columns` (lower-cased SQL
    /// expressions) contains `text`, trimmed, without regard to case; `%` and `_` are
    /// characters, not wildcards. The grids' keyword searches and text filters.
    pub fn and_any_contains(&mut self, columns: &[&str], text: &str) -> &mut Self {
        let pattern = contains_pattern(&text.trim().to_lowercase());
        self.push(" AND (");
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                self.push(" OR ");
            }
            self.push(column)
                .push(" LIKE ")
                .push_bind(pattern.as_str())
                .push(" ESCAPE '\\'");
        }
        self.push(")")
    }

    /// ` AND column >= from AND column <= to`, each end only when given: a grid's id
    /// range filter, both ends inclusive.
    pub fn and_between(&mut self, column: &str, from: Option<i64>, to: Option<i64>) -> &mut Self {
        if let Some(from) = from {
            self.push(" AND ").push(column).push(" >= ").push_bind(from);
        }
        if let Some(to) = to {
            self.push(" AND ").push(column).push(" <= ").push_bind(to);
        }
        self
    }

    /// A grid's date range filter on a timestamp `column`: whole UTC days `from`–`to`
    /// (days since 1970-01-01, both inclusive), each end only when given.
    pub fn and_days(&mut self, column: &str, from: Option<i64>, to: Option<i64>) -> &mut Self {
        if let Some(from) = from {
            self.push(" AND ")
                .push(column)
                .push(" >= ")
                .push_bind(from * 86_400);
        }
        if let Some(to) = to {
            self.push(" AND ")
                .push(column)
                .push(" < ")
                .push_bind((to + 1) * 86_400);
        }
        self
    }

    /// SQL starting with `text` (which has no placeholders of its own).
    pub fn new(text: &str) -> Self {
        Sql {
            text: text.to_string(),
            values: Vec::new(),
        }
    }

    /// Add SQL text (never a value: values go through [`Sql::push_bind`]).
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Add a value and its placeholder.
    pub fn push_bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        let _ = write!(self.text, "${}", self.values.len());
        self
    }

    /// Add values and their placeholders, separated by commas (an `IN (…)` list).
    pub fn push_binds<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> &mut Self {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.push_bind(value);
        }
        self
    }

    /// The SQL text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The values, in placeholder order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// The statement with its values bound.
    pub fn query(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments> {
        bind(
            sqlx::query(sqlx::AssertSqlSafe(self.text.as_str())),
            &self.values,
        )
    }
}

/// Bind `values` to `query`, in order.
pub fn bind<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    values: &'q [Value],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for value in values {
        query = match value {
            Value::Int(v) => query.bind(*v),
            Value::Text(v) => query.bind(v.as_str()),
        };
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_bind_only_the_ends_given_and_days_cover_whole_days() {
        let mut sql = Sql::new("WHERE 1 = 1");
        sql.and_between("id", Some(3), None)
            .and_days("at", Some(1), Some(2));
        assert_eq!(
            sql.text(),
            "WHERE 1 = 1 AND id >= $1 AND at >= $2 AND at < $3"
        );
        assert_eq!(
            sql.values(),
            &[Value::Int(3), Value::Int(86_400), Value::Int(3 * 86_400)]
        );
    }

    #[test]
    fn placeholders_are_numbered_as_written() {
        let mut sql = Sql::new("UPDATE t SET a = ");
        sql.push_bind(7)
            .push(" WHERE b = ")
            .push_bind("x")
            .push(" AND id IN (")
            .push_binds([1_i64, 2, 3])
            .push(")");
        assert_eq!(
            sql.text(),
            "UPDATE t SET a = $1 WHERE b = $2 AND id IN ($3, $4, $5)"
        );
        assert_eq!(sql.values().len(), 5);
        assert_eq!(sql.values()[1], Value::Text("x".into()));
    }
}
