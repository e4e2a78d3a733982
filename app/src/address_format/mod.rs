//! Addresses as the store's address templates print them (Stores → Configuration →
//! Customer Configuration → Address Templates): the template language in [`template`],
//! and here the variables of one address and the rendering the pages use.

pub mod template;

pub use template::{error_message, ErrorKind, Format, Template, TemplateError};

use crate::attributes::model::FieldDef;
use crate::config::model::Setting;
use crate::config::registry;
use crate::customers::address::model::AddressInput;
use crate::directory;

/// The value of template variable `name` for address `a`, with the country's name in
/// the language at `locale` (an index of [`crate::i18n::Locale::ALL`]). A custom address
/// attribute of `fields` is named by its code and printed as people read it (option
/// labels, Yes or No, a date in that language).
pub fn variable(
    a: &AddressInput,
    name: &str,
    locale: usize,
    fields: &[FieldDef],
) -> Option<String> {
    let line = |i: usize| a.street.get(i).map(|l| l.trim().to_string());
    let value = match name {
        "prefix" => a.prefix.clone(),
        "firstname" => a.firstname.clone(),
        "middlename" => a.middlename.clone(),
        "lastname" => a.lastname.clone(),
        "suffix" => a.suffix.clone(),
        "company" => a.company.clone(),
        "street" => a
            .street
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        "street1" => line(0)?,
        "street2" => line(1)?,
        "street3" => line(2)?,
        "street4" => line(3)?,
        "city" => a.city.clone(),
        "region" => a.region_name(),
        "postcode" => a.postcode.clone(),
        "country" => directory::country_name(&a.country_id, locale).to_string(),
        "telephone" => a.telephone.clone(),
        "fax" => a.fax.clone(),
        "vat_id" => a.vat_id.clone(),
        code => {
            let field = fields.iter().find(|f| f.code == code)?;
            let value = a.custom.get(code).map_or("", String::as_str);
            let locale = crate::i18n::Locale::ALL
                .get(locale)
                .copied()
                .unwrap_or_default();
            field.value_text(value, locale)
        }
    };
    Some(value.trim().to_string())
}

/// `a` rendered with `template` (the text configured for `setting`) for `format`, its
/// custom attributes (`fields`) named by code. A template that no longer parses (stored
/// before validation existed, or by hand) prints with the option's built-in template
/// instead; a variable naming no attribute (one deleted since the template was saved)
/// prints as empty, as Magento does.
pub fn render(
    setting: Setting<String>,
    template: &str,
    a: &AddressInput,
    format: Format,
    locale: usize,
    fields: &[FieldDef],
) -> String {
    let builtin = || {
        let default = registry::find(setting.path).map_or("", |o| o.default);
        Template::parse(default, &|_| false).expect("the built-in address templates parse")
    };
    let parsed =
        Template::parse(template, &template::could_be_attribute).unwrap_or_else(|_| builtin());
    parsed.render(&|name| variable(a, name, locale, fields), format)
}

/// Every custom address attribute a template can print, labelled for store view `store`
/// (the Admin labels without one), as kept in memory (not copied for each grid page).
#[cfg(feature = "ssr")]
pub async fn attributes(
    state: &crate::state::AppState,
    store: Option<i64>,
) -> Result<std::sync::Arc<Vec<FieldDef>>, sqlx::Error> {
    use crate::attributes::model::EntityType;
    crate::attributes::defs::fields(state, EntityType::Address, None, store).await
}

/// The customer's default address of `kind` (its custom values with it), and the same
/// printed with the HTML address template configured `at`: countries in the language at
/// `locale`, custom attributes labelled for `at`'s store view (the Admin labels without
/// one), markup safe to insert as it is (values escaped, allowed tags only).
#[cfg(feature = "ssr")]
pub async fn printed_default(
    state: &crate::state::AppState,
    customer_id: i64,
    kind: crate::customers::address::model::DefaultKind,
    at: crate::config::service::At,
    locale: usize,
) -> Result<(Option<AddressInput>, Option<String>), crate::error::AppError> {
    let mut address =
        crate::customers::address::repo::default_of(&state.db, customer_id, kind).await?;
    let printed = match address.as_mut() {
        Some(a) => {
            // One read of the attributes serves both the values and their labels.
            let fields = attributes(state, at.store).await?;
            crate::attributes::repo::fill_addresses(
                &mut *state.db.pool.acquire().await?,
                &fields,
                &mut [a],
            )
            .await?;
            let setting = registry::ADDRESS_TEMPLATE_HTML;
            let template = state.config.get(setting, at).await?;
            Some(render(setting, &template, a, Format::Html, locale, &fields))
        }
        None => None,
    };
    Ok((address, printed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::model::InputType;
    use crate::config::registry::{
        ADDRESS_TEMPLATE_HTML, ADDRESS_TEMPLATE_ONELINE, ADDRESS_TEMPLATE_PDF,
        ADDRESS_TEMPLATE_TEXT,
    };

    fn builtin(setting: Setting<String>) -> &'static str {
        registry::find(setting.path).unwrap().default
    }

    fn address() -> AddressInput {
        AddressInput {
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            company: "Analytical <Engines>".into(),
            street: vec!["1 Main St".into(), "Suite 2".into()],
            city: "Austin".into(),
            region_id: "TX".into(),
            country_id: "US".into(),
            postcode: "78701".into(),
            telephone: "+1 512 555 0100".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_default_templates_print_an_address_as_magento_does() {
        let a = address();
        let (t, o, h, p) = (
            ADDRESS_TEMPLATE_TEXT,
            ADDRESS_TEMPLATE_ONELINE,
            ADDRESS_TEMPLATE_HTML,
            ADDRESS_TEMPLATE_PDF,
        );
        let text = render(t, builtin(t), &a, Format::Text, 0, &[]);
        assert_eq!(
            text,
            "Ada Lovelace\nAnalytical <Engines>\n1 Main St\nSuite 2\nAustin,  Texas, 78701\nUnited States\nT: +1 512 555 0100"
        );
        let one = render(o, builtin(o), &a, Format::OneLine, 0, &[]);
        assert_eq!(
            one,
            "Ada Lovelace, 1 Main St, Suite 2, Austin, Texas 78701, United States"
        );
        let html = render(h, builtin(h), &a, Format::Html, 0, &[]);
        assert!(
            html.starts_with(
                "Ada Lovelace<br>Analytical &lt;Engines&gt;<br>1 Main St<br>Suite 2<br>"
            ),
            "{html}"
        );
        assert!(
            html.ends_with("T: <a href=\"tel:+1 512 555 0100\">+1 512 555 0100</a>"),
            "{html}"
        );
        let pdf = render(p, builtin(p), &a, Format::Pdf, 0, &[]);
        assert_eq!(pdf.split('|').next(), Some("Ada Lovelace"));
        // The country in the viewer's language.
        let fr = render(o, builtin(o), &a, Format::OneLine, 1, &[]);
        assert!(fr.ends_with("États-Unis"), "{fr}");
        for setting in [t, o, h, p] {
            assert!(
                Template::parse(builtin(setting), &|_| false).is_ok(),
                "{}",
                setting.path
            );
        }
    }

    #[test]
    fn an_edited_template_reorders_the_address() {
        let o = ADDRESS_TEMPLATE_ONELINE;
        let one = render(
            o,
            "{{var city}} — {{var lastname}}",
            &address(),
            Format::OneLine,
            0,
            &[],
        );
        assert_eq!(one, "Austin — Lovelace");
        // A broken template prints with the built-in one instead of nothing.
        let broken = render(o, "{{depend city}}", &address(), Format::OneLine, 0, &[]);
        assert!(broken.starts_with("Ada Lovelace, 1 Main St"));
    }

    fn field(code: &str, input: InputType, options: &[(i64, &str)]) -> FieldDef {
        FieldDef {
            id: 1,
            code: code.into(),
            label: code.into(),
            input,
            required: false,
            default_value: String::new(),
            validation: Default::default(),
            min_length: None,
            max_length: None,
            lines: 2,
            date_min: String::new(),
            date_max: String::new(),
            file: Default::default(),
            filter: Default::default(),
            entity: crate::attributes::model::EntityType::Address,
            options: options.iter().map(|(id, l)| (*id, l.to_string())).collect(),
        }
    }

    #[test]
    fn custom_address_attributes_print_by_code_as_people_read_them() {
        let fields = [
            field("gate_code", InputType::Text, &[]),
            field(
                "dock",
                InputType::Dropdown,
                &[(7, "North <dock>"), (8, "South")],
            ),
            field("has_lift", InputType::YesNo, &[]),
            field("opened", InputType::Date, &[]),
        ];
        let mut a = address();
        a.custom.insert("gate_code".into(), "4#21".into());
        a.custom.insert("dock".into(), "7".into());
        a.custom.insert("has_lift".into(), "0".into());
        a.custom.insert("opened".into(), "2024-03-09".into());
        let o = ADDRESS_TEMPLATE_ONELINE;
        let template =
            "{{var lastname}}: {{var gate_code}} / {{var dock}} / {{var has_lift}} / {{var opened}}{{depend gone}} [{{var gone}}]{{/depend}}";
        let one = render(o, template, &a, Format::OneLine, 0, &fields);
        assert_eq!(one, "Lovelace: 4#21 / North <dock> / No / Mar 9, 2024");
        let fr = render(o, template, &a, Format::OneLine, 1, &fields);
        assert_eq!(fr, "Lovelace: 4#21 / North <dock> / Non / 9 mars 2024");
        // In HTML the option's label is escaped like any value.
        let html = render(
            ADDRESS_TEMPLATE_HTML,
            "{{var dock}}",
            &a,
            Format::Html,
            0,
            &fields,
        );
        assert_eq!(html, "North &lt;dock&gt;");
        // An attribute without a value, or an option deleted since, prints nothing.
        a.custom.insert("dock".into(), "99".into());
        a.custom.remove("gate_code");
        let one = render(
            o,
            "[{{var gate_code}}][{{var dock}}]",
            &a,
            Format::OneLine,
            0,
            &fields,
        );
        assert_eq!(one, "[][]");
    }
}
