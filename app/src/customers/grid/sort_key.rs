//! The sort key of the Name column: the name folded to lower case without accents, so
//! "Álvaro" sorts with the A's and "élodie" with "Elodie" (not after "Z", as byte order
//! put them). The same SQL fills it on both databases (nested `replace` then `lower`:
//! SQLite has no accent folding of its own), and an index on it keeps the sort as fast
//! as the others.

/// Accented letters and their plain lower-case spelling (Latin-1 and Latin Extended-A,
/// the letters of the store's languages and its customers' names).
const FOLD: &[(&str, &str)] = &[
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

/// SQL folding the text of `expr` to its sort key.
pub fn fold_sql(expr: &str) -> String {
    let mut sql = expr.to_string();
    for (from, to) in FOLD {
        sql = format!("replace({sql}, '{from}', '{to}')");
    }
    format!("lower({sql})")
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
        assert!(
            !fold_sql("name").contains("''"),
            "every pair is quoted once"
        );
    }
}
