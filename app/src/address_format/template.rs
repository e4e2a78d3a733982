//! Magento's address template language, pure (no I/O): `{{var x}}`,
//! `{{depend x}}…{{/depend}}` and `{{if x}}…{{else}}…{{/if}}` over the address
//! variables, rendered for one of the four formats with the escaping each needs.
//!
//! [`Template::parse`] checks a template once (balanced tags, known tags and
//! variables; an error names its line and column); [`Template::render`] fills it.
//! Values never become markup: in HTML every value is escaped and the output keeps
//! only the tags the format allows, whatever the template or the address contains.

use crate::i18n::{Key, Message};
use serde::{Deserialize, Serialize};

/// The variables every address offers (custom address attributes add theirs by code).
pub const VARIABLES: &[&str] = &[
    "prefix",
    "firstname",
    "middlename",
    "lastname",
    "suffix",
    "company",
    "street",
    "street1",
    "street2",
    "street3",
    "street4",
    "city",
    "region",
    "postcode",
    "country",
    "telephone",
    "fax",
    "vat_id",
];

/// Whether `name` could be a custom address attribute's code (a lower-case letter, then
/// lower-case letters, digits and `_`). A template is printed with every such name
/// allowed, so one naming an attribute deleted since it was saved still prints (that
/// variable empty); saving a template checks its names against the attributes that exist.
pub fn could_be_attribute(name: &str) -> bool {
    crate::attributes::model::code_shaped(name)
}

/// The tags an HTML address may contain (Magento's list), plus `a` for the default
/// template's `tel:` link (its `href` kept only for `tel:` and `mailto:`).
pub const HTML_TAGS: &[&str] = &[
    "a", "b", "br", "em", "i", "li", "ol", "p", "strong", "sub", "sup", "ul",
];

/// The four address formats (`customer/address_templates/*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// Plain text, one line per template line (emails, text output); blank lines dropped.
    Text,
    /// One line (grid columns, selectors): line breaks and runs of spaces become one space.
    OneLine,
    /// HTML (address cards, the address book): values escaped, allowed tags only.
    Html,
    /// PDF: `|` marks a line break; the lines come back joined with `|`.
    Pdf,
}

/// Why a template was refused, and where (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateError {
    pub line: usize,
    pub column: usize,
    pub kind: ErrorKind,
}

/// What is wrong with a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// `{{` without its `}}`.
    UnclosedBraces,
    /// A tag this language does not have (`{{foo x}}`).
    UnknownTag(String),
    /// A variable addresses do not have.
    UnknownVariable(String),
    /// `{{var}}`, `{{if}}` or `{{depend}}` without a variable name.
    MissingVariable(String),
    /// `{{/depend}}`, `{{/if}}` or `{{else}}` with nothing open to close.
    UnexpectedTag(String),
    /// A `{{depend}}` or `{{if}}` never closed (reported where it opens).
    Unclosed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Text(String),
    Var(String),
    /// `depend` and `if` behave alike: the first branch when the variable is not empty.
    Cond {
        var: String,
        then: Vec<Node>,
        otherwise: Vec<Node>,
    },
}

/// A parsed, checked template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    nodes: Vec<Node>,
}

/// An open `depend` / `if` while parsing.
struct Open {
    tag: &'static str,
    var: String,
    then: Vec<Node>,
    otherwise: Vec<Node>,
    in_else: bool,
    /// Byte offset of the opening tag (for the "never closed" error).
    at: usize,
}

/// The 1-based line and column of byte offset `at` in `src`.
fn position(src: &str, at: usize) -> (usize, usize) {
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Template {
    /// Parse and check `src`; `known` says which variable names exist besides
    /// [`VARIABLES`] (custom address attributes).
    pub fn parse(src: &str, known: &dyn Fn(&str) -> bool) -> Result<Template, TemplateError> {
        let error = |at: usize, kind: ErrorKind| {
            let (line, column) = position(src, at);
            TemplateError { line, column, kind }
        };
        let mut stack: Vec<Open> = Vec::new();
        let mut out: Vec<Node> = Vec::new();
        let mut rest = 0;
        // Where new nodes go: the innermost open branch, or the top level.
        fn target<'a>(stack: &'a mut [Open], out: &'a mut Vec<Node>) -> &'a mut Vec<Node> {
            match stack.last_mut() {
                Some(open) if open.in_else => &mut open.otherwise,
                Some(open) => &mut open.then,
                None => out,
            }
        }
        while let Some(found) = src[rest..].find("{{") {
            let start = rest + found;
            if start > rest {
                target(&mut stack, &mut out).push(Node::Text(src[rest..start].to_string()));
            }
            let Some(len) = src[start + 2..].find("}}") else {
                return Err(error(start, ErrorKind::UnclosedBraces));
            };
            let inner = src[start + 2..start + 2 + len].trim();
            rest = start + 2 + len + 2;
            let mut words = inner.split_whitespace();
            let tag = words.next().unwrap_or("");
            let var = words.next().map(str::to_string);
            if words.next().is_some() {
                return Err(error(start, ErrorKind::UnknownTag(inner.to_string())));
            }
            let checked_var = |var: Option<String>| match var {
                None => Err(error(start, ErrorKind::MissingVariable(tag.to_string()))),
                Some(v) if VARIABLES.contains(&v.as_str()) || known(&v) => Ok(v),
                Some(v) => Err(error(start, ErrorKind::UnknownVariable(v))),
            };
            match tag {
                "var" => {
                    let var = checked_var(var)?;
                    target(&mut stack, &mut out).push(Node::Var(var));
                }
                "depend" | "if" => {
                    let var = checked_var(var)?;
                    stack.push(Open {
                        tag: if tag == "if" { "if" } else { "depend" },
                        var,
                        then: Vec::new(),
                        otherwise: Vec::new(),
                        in_else: false,
                        at: start,
                    });
                }
                "else" if var.is_none() => match stack.last_mut() {
                    Some(open) if open.tag == "if" && !open.in_else => open.in_else = true,
                    _ => return Err(error(start, ErrorKind::UnexpectedTag("else".into()))),
                },
                "/depend" | "/if" if var.is_none() => {
                    let name = &tag[1..];
                    match stack.pop() {
                        Some(open) if open.tag == name => {
                            let node = Node::Cond {
                                var: open.var,
                                then: open.then,
                                otherwise: open.otherwise,
                            };
                            target(&mut stack, &mut out).push(node);
                        }
                        _ => return Err(error(start, ErrorKind::UnexpectedTag(tag.to_string()))),
                    }
                }
                _ => return Err(error(start, ErrorKind::UnknownTag(inner.to_string()))),
            }
        }
        if let Some(open) = stack.last() {
            return Err(error(open.at, ErrorKind::Unclosed(open.tag.to_string())));
        }
        if rest < src.len() {
            out.push(Node::Text(src[rest..].to_string()));
        }
        Ok(Template { nodes: out })
    }

    /// Fill the template with `vars` (a missing variable is empty) for `format`.
    pub fn render(&self, vars: &dyn Fn(&str) -> Option<String>, format: Format) -> String {
        let mut raw = String::new();
        fill(&self.nodes, vars, format, &mut raw);
        finish(&raw, format)
    }
}

/// A value as the format carries it: escaped for HTML, on one line where lines matter.
fn carry(value: &str, format: Format) -> String {
    match format {
        Format::Html => escape_html(value),
        Format::OneLine | Format::Text => value.replace(['\r', '\n'], " "),
        Format::Pdf => value.replace(['\r', '\n', '|'], " "),
    }
}

fn fill(nodes: &[Node], vars: &dyn Fn(&str) -> Option<String>, format: Format, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Var(name) => out.push_str(&carry(&vars(name).unwrap_or_default(), format)),
            Node::Cond {
                var,
                then,
                otherwise,
            } => {
                let set = vars(var).is_some_and(|v| !v.trim().is_empty());
                fill(if set { then } else { otherwise }, vars, format, out);
            }
        }
    }
}

/// Lay the filled template out for its format.
fn finish(raw: &str, format: Format) -> String {
    match format {
        Format::Text => raw
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        // Spaces collapse, and so do the commas of empty parts ("Ockham, , United
        // Kingdom" for an address without region or postcode).
        Format::OneLine => raw
            .split(',')
            .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Format::Html => sanitize_html(&raw.replace(['\r', '\n'], "")),
        Format::Pdf => raw
            .replace(['\r', '\n'], "")
            .split('|')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("|"),
    }
}

/// `&`, `<`, `>`, `"` and `'` as entities.
pub fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Keep only the allowed tags (attributes dropped, except a `tel:` / `mailto:` link's
/// `href`); any other `<…>` is removed and a stray `<` or `>` escaped. Values reach here
/// escaped, so every `<` seen comes from the template.
fn sanitize_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find(['<', '>']) {
        out.push_str(&rest[..open]);
        if rest[open..].starts_with('>') {
            out.push_str("&gt;");
            rest = &rest[open + 1..];
            continue;
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            out.push_str("&lt;");
            rest = after;
            continue;
        };
        out.push_str(&clean_tag(&after[..close]));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// One tag's inside (between `<` and `>`) as an allowed tag, or nothing.
fn clean_tag(inside: &str) -> String {
    let inside = inside.trim();
    let (closing, body) = match inside.strip_prefix('/') {
        Some(b) => (true, b.trim_start()),
        None => (false, inside),
    };
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !HTML_TAGS.contains(&name.as_str()) {
        return String::new();
    }
    if closing {
        return format!("</{name}>");
    }
    if name == "br" {
        return "<br>".into();
    }
    if name == "a" {
        if let Some(href) = link_target(body) {
            return format!("<a href=\"{href}\">");
        }
    }
    format!("<{name}>")
}

/// A link's `href` when it is a `tel:` or `mailto:` address (already escaped text).
fn link_target(body: &str) -> Option<&str> {
    let at = body.find("href=\"")? + "href=\"".len();
    let value = &body[at..];
    let value = &value[..value.find('"')?];
    let scheme_ok = value.starts_with("tel:") || value.starts_with("mailto:");
    (scheme_ok && !value.contains(['<', '>', '"'])).then_some(value)
}

/// A template's error in the admin's words: what is wrong, at which line and column.
pub fn error_message(e: &TemplateError) -> Message {
    let (key, name) = match &e.kind {
        ErrorKind::UnclosedBraces => (Key::TplErrUnclosedBraces, String::new()),
        ErrorKind::UnknownTag(t) => (Key::TplErrUnknownTag, t.clone()),
        ErrorKind::UnknownVariable(v) => (Key::TplErrUnknownVariable, v.clone()),
        ErrorKind::MissingVariable(t) => (Key::TplErrMissingVariable, t.clone()),
        ErrorKind::UnexpectedTag(t) => (Key::TplErrUnexpectedTag, t.clone()),
        ErrorKind::Unclosed(t) => (Key::TplErrUnclosed, t.clone()),
    };
    Message::new(key)
        .with("line", e.line)
        .with("column", e.column)
        .with("name", name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> bool {
        false
    }

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn render(src: &str, pairs: &[(&str, &str)], format: Format) -> String {
        Template::parse(src, &none)
            .unwrap()
            .render(&vars(pairs), format)
    }

    #[test]
    fn var_depend_and_if_else() {
        let t = "{{var firstname}}{{depend company}} ({{var company}}){{/depend}} \
                 {{if city}}in {{var city}}{{else}}nowhere{{/if}}";
        assert_eq!(
            render(t, &[("firstname", "Ada"), ("city", "London")], Format::Text),
            "Ada in London"
        );
        assert_eq!(
            render(
                t,
                &[("firstname", "Ada"), ("company", "AE Ltd")],
                Format::Text
            ),
            "Ada (AE Ltd) nowhere"
        );
        // Nested conditions.
        let nested = "{{if city}}{{depend region}}{{var region}}, {{/depend}}{{var city}}{{/if}}";
        assert_eq!(
            render(
                nested,
                &[("city", "Austin"), ("region", "Texas")],
                Format::Text
            ),
            "Texas, Austin"
        );
        assert_eq!(render(nested, &[("region", "Texas")], Format::Text), "");
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = |src: &str| Template::parse(src, &none).unwrap_err();
        assert_eq!(
            err("{{var firstname}}\n  {{depend city}}x"),
            TemplateError {
                line: 2,
                column: 3,
                kind: ErrorKind::Unclosed("depend".into())
            }
        );
        assert_eq!(
            err("a\nb {{/if}}"),
            TemplateError {
                line: 2,
                column: 3,
                kind: ErrorKind::UnexpectedTag("/if".into())
            }
        );
        assert_eq!(
            err("{{var nickname}}").kind,
            ErrorKind::UnknownVariable("nickname".into())
        );
        assert_eq!(
            err("{{block id=1}}").kind,
            ErrorKind::UnknownTag("block id=1".into())
        );
        assert_eq!(
            err("{{var}}").kind,
            ErrorKind::MissingVariable("var".into())
        );
        assert_eq!(err("x {{var city").kind, ErrorKind::UnclosedBraces);
        assert_eq!(
            err("{{depend city}}{{/if}}").kind,
            ErrorKind::UnexpectedTag("/if".into())
        );
        assert_eq!(
            err("{{depend city}}{{else}}{{/depend}}").kind,
            ErrorKind::UnexpectedTag("else".into())
        );
        // Custom attributes are variables when the caller knows them.
        assert!(Template::parse("{{var loyalty}}", &|v| v == "loyalty").is_ok());
    }

    #[test]
    fn html_escapes_values_and_keeps_only_allowed_tags() {
        let t = "<b>{{var firstname}}</b><br /><script>x</script><div class=\"c\">{{var city}}</div>\
                 <a href=\"tel:{{var telephone}}\">{{var telephone}}</a><a href=\"javascript:alert(1)\">x</a>";
        let out = render(
            t,
            &[
                ("firstname", "<img src=x onerror=alert(1)>"),
                ("city", "A & B"),
                ("telephone", "+1 \"555\""),
            ],
            Format::Html,
        );
        assert_eq!(
            out,
            "<b>&lt;img src=x onerror=alert(1)&gt;</b><br>xA &amp; B\
             <a href=\"tel:+1 &quot;555&quot;\">+1 &quot;555&quot;</a><a>x</a>"
        );
    }

    #[test]
    fn each_format_lays_out_lines() {
        let t = "{{var firstname}}\n{{depend company}}{{var company}}{{/depend}}\n{{var city}}, {{var region}} {{var postcode}}";
        let v = [
            ("firstname", "Ada"),
            ("city", "Austin"),
            ("postcode", "78701"),
        ];
        assert_eq!(render(t, &v, Format::Text), "Ada\nAustin,  78701");
        assert_eq!(render(t, &v, Format::OneLine), "Ada Austin, 78701");
        let gaps = "{{var firstname}}, {{var company}} ,{{var city}},, {{var region}}";
        assert_eq!(render(gaps, &v, Format::OneLine), "Ada, Austin");
        let pdf =
            "{{var firstname}}|\n{{depend company}}{{var company}}|{{/depend}}\n{{var city}}|";
        assert_eq!(
            render(
                pdf,
                &[("firstname", "Ada|Byron"), ("city", "Austin")],
                Format::Pdf
            ),
            "Ada Byron|Austin"
        );
    }

    /// A small deterministic generator (xorshift), so the property tests need no crate
    /// and fail the same way every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    /// Text a hostile address or template could hold.
    const NASTY: &[&str] = &[
        "",
        " ",
        "Ada",
        "<script>alert(1)</script>",
        "\"onmouseover=\"x",
        "'",
        "&amp;",
        "|",
        "\n",
        "\r\n",
        "<",
        ">",
        "<<b>>",
        "</",
        "<a href=\"javascript:x\">",
        "<img src=x>",
        "{{",
        "}}",
        "Zürich",
        "東京",
        "🏠",
        "\u{0}",
        "<br/>",
        "<p",
        "x>y",
        "<a href='tel:1'>",
    ];

    /// A random template with balanced tags, built from nested pieces.
    fn balanced(rng: &mut Rng, depth: u32) -> String {
        let mut out = String::new();
        for _ in 0..(rng.next() % 6) {
            let var = rng.pick(VARIABLES);
            match rng.next() % 6 {
                0 => {
                    // Braces in the text would be tags: keep those out of "balanced".
                    let text = rng.pick(NASTY);
                    if !text.contains("{{") && !text.contains("}}") {
                        out.push_str(text);
                    }
                }
                1 | 2 => out.push_str(&format!("{{{{var {var}}}}}")),
                3 if depth < 4 => {
                    let inner = balanced(rng, depth + 1);
                    out.push_str(&format!("{{{{depend {var}}}}}{inner}{{{{/depend}}}}"));
                }
                4 if depth < 4 => {
                    let (a, b) = (balanced(rng, depth + 1), balanced(rng, depth + 1));
                    match rng.next() % 2 {
                        0 => {
                            out.push_str(&format!("{{{{if {var}}}}}{a}{{{{else}}}}{b}{{{{/if}}}}"))
                        }
                        _ => out.push_str(&format!("{{{{if {var}}}}}{a}{{{{/if}}}}")),
                    }
                }
                _ => out.push_str(rng.pick(&[
                    "<b>",
                    "</b>",
                    "<br />",
                    "<div>",
                    "<a href=\"tel:",
                    "\">",
                    "\n",
                    ", ",
                    "|",
                ])),
            }
        }
        out
    }

    /// Every tag in `html` is one of [`HTML_TAGS`] (or its closing tag).
    fn only_allowed_tags(html: &str) -> Result<(), String> {
        for (at, _) in html.match_indices('<') {
            let tag: String = html[at + 1..]
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !HTML_TAGS.contains(&tag.as_str()) {
                return Err(format!("tag {tag:?} at {at} in {html:?}"));
            }
            let end = html[at..]
                .find('>')
                .ok_or(format!("unclosed tag at {at} in {html:?}"))?;
            let inside = &html[at..at + end];
            if tag == "a" && inside.contains("href") {
                let ok =
                    inside.starts_with("<a href=\"tel:") || inside.starts_with("<a href=\"mailto:");
                if !ok {
                    return Err(format!("link {inside:?}"));
                }
            } else if inside.len() > tag.len() + 2 {
                return Err(format!("attributes kept in {inside:?}"));
            }
        }
        Ok(())
    }

    #[test]
    fn any_balanced_template_renders_any_address_in_every_format() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3_000 {
            let src = balanced(&mut rng, 0);
            let template = Template::parse(&src, &none)
                .unwrap_or_else(|e| panic!("balanced template refused: {e:?}\n{src}"));
            let values: Vec<(&str, String)> = VARIABLES
                .iter()
                .map(|v| (*v, format!("{}{}", rng.pick(NASTY), rng.pick(NASTY))))
                .collect();
            let lookup = |name: &str| {
                values
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.clone())
            };
            for format in [Format::Text, Format::OneLine, Format::Html, Format::Pdf] {
                let out = template.render(&lookup, format);
                match format {
                    Format::Html => only_allowed_tags(&out).unwrap(),
                    Format::OneLine => assert!(!out.contains('\n'), "{out:?}"),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn any_text_parses_or_is_refused_without_panicking() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let pieces = [
            "{{",
            "}}",
            "{{var city}}",
            "{{depend",
            "{{/depend}}",
            "{{if city}}",
            "{{else}}",
            "{{/if}}",
            "{{ var  city }}",
            "é",
            "\n",
            "x",
            "{",
            "}",
            "{{var}}",
        ];
        for _ in 0..5_000 {
            let src: String = (0..rng.next() % 12).map(|_| rng.pick(&pieces)).collect();
            if let Err(e) = Template::parse(&src, &none) {
                assert!(e.line >= 1 && e.column >= 1, "{e:?}");
                assert!(e.line <= src.lines().count().max(1), "{e:?} in {src:?}");
            }
        }
    }
}
