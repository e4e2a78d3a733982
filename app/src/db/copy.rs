//! Rows in PostgreSQL's `COPY … FROM STDIN` text format, for bulk loads: one line per
//! row, fields separated by tabs, `\N` for NULL. Inside a field a backslash, tab,
//! newline or carriage return is written as its backslash escape; everything else
//! travels as it is (the connection's encoding is UTF-8).

/// Rows being written in COPY's text format.
#[derive(Debug, Default)]
pub struct CopyRows {
    text: String,
    /// Whether the current row has a field yet (the next one needs a tab first).
    in_row: bool,
}

impl CopyRows {
    /// Room for about `bytes` of rows.
    pub fn with_capacity(bytes: usize) -> Self {
        CopyRows {
            text: String::with_capacity(bytes),
            in_row: false,
        }
    }

    fn separate(&mut self) {
        if self.in_row {
            self.text.push('\t');
        }
        self.in_row = true;
    }

    /// A text field. The characters escaped are ASCII (never part of another character
    /// in UTF-8), so the text between them is copied a run at a time.
    pub fn text(&mut self, value: &str) -> &mut Self {
        self.separate();
        let mut rest = value;
        while let Some(at) = rest
            .bytes()
            .position(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
        {
            self.text.push_str(&rest[..at]);
            self.text.push_str(match rest.as_bytes()[at] {
                b'\\' => "\\\\",
                b'\t' => "\\t",
                b'\n' => "\\n",
                _ => "\\r",
            });
            rest = &rest[at + 1..];
        }
        self.text.push_str(rest);
        self
    }

    /// A text field that may be NULL.
    pub fn opt_text(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.text(v),
            None => self.null(),
        }
    }

    /// An integer field.
    pub fn int(&mut self, value: i64) -> &mut Self {
        self.separate();
        self.text.push_str(itoa::Buffer::new().format(value));
        self
    }

    /// An integer field that may be NULL.
    pub fn opt_int(&mut self, value: Option<i64>) -> &mut Self {
        match value {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    /// A NULL field.
    pub fn null(&mut self) -> &mut Self {
        self.separate();
        self.text.push_str("\\N");
        self
    }

    /// End the current row.
    pub fn end_row(&mut self) {
        self.text.push('\n');
        self.in_row = false;
    }

    /// The rows, ready to send.
    pub fn into_text(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_escaped_and_nulls_marked() {
        let mut rows = CopyRows::default();
        rows.int(1)
            .text("12 Main St\nFlat 3")
            .opt_text(None)
            .text("tab\there \\N")
            .opt_int(Some(-7));
        rows.end_row();
        rows.text("").opt_int(None).text("Zoë\r");
        rows.end_row();
        assert_eq!(
            rows.into_text(),
            "1\t12 Main St\\nFlat 3\t\\N\ttab\\there \\\\N\t-7\n\t\\N\tZoë\\r\n"
        );
    }
}
