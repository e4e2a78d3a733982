//! Country and region directory of the address forms.
//!
//! Static data shared by the server and the browser, generated into `data.rs` by
//! `generate.py` beside this file from named, pinned sources:
//!
//! * **Countries**: every ISO 3166-1 country (249) plus Kosovo (`XK`, which Magento lists),
//!   with names in English, French, Dutch and Brazilian Portuguese from the Unicode CLDR 48
//!   (npm `cldr-localenames-full@48.2.0`, Unicode License v3).
//! * **Regions**: ISO 3166-2 codes and names (PyPI `iso3166-2==1.8.4`, MIT) for US, CA, FR, DE,
//!   NL, BR, ES, IT and AU at the level Magento's directory lists: US states, DC, territories,
//!   freely associated states and armed forces codes (USPS); Canadian provinces and
//!   territories; the 96 metropolitan and 5 overseas French départements; German Länder; Dutch
//!   provinces; Brazilian states and the Federal District; Spanish provinces with Ceuta and
//!   Melilla; Italian provinces (with Aosta); Australian states and territories. Codes are the
//!   ISO 3166-2 suffix (`US-CA` → `CA`), except Paris (`75`, ISO `FR-75C`) as in Magento.
//!   Names are in the country's own language, as on its envelopes.
//! * **Rules**: [`Country::state_required`] and [`Country::postcode_optional`] are Magento's
//!   defaults (see [`Country`]).
//!
//! Lookups are binary searches over the sorted tables; nothing allocates.

mod data;

pub use data::{COUNTRIES, REGIONS};

/// One country of the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case (`"DE"`).
    pub code: &'static str,
    /// Names by locale index: `[en, fr, nl, pt-BR]`, the order of `crate::i18n::Locale::ALL`.
    pub names: [&'static str; 4],
    /// The address form requires a State/Province. Magento's default of
    /// `general/region/state_required`: every country with regions in Magento's directory
    /// (`Country\Collection::getCountriesWithRequiredStates`) except the
    /// `countriesWithNotRequiredStates` of `Magento/Directory/etc/di.xml` (FR, DE, AT, FI, BE).
    /// A required country without [`regions_of`] entries here takes a free-text region.
    pub state_required: bool,
    /// The Zip/Postal Code is optional. Magento's default of
    /// `general/country/optional_zip_countries` (`Magento/Directory/etc/config.xml`):
    /// HK, IE, MO, PA, GB.
    pub postcode_optional: bool,
}

impl Country {
    /// The name for a locale index (`0` en, `1` fr, `2` nl, `3` pt-BR); English when out of range.
    pub fn name(&self, locale: usize) -> &'static str {
        self.names.get(locale).copied().unwrap_or(self.names[0])
    }

    /// The regions the address form offers for this country, sorted by name (may be empty).
    pub fn regions(&self) -> &'static [Region] {
        regions_of(self.code)
    }
}

/// One region (state, province, département, …) of a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// ISO 3166-1 alpha-2 code of the country.
    pub country: &'static str,
    /// Region code within the country (ISO 3166-2 suffix, e.g. `"CA"` for California).
    pub code: &'static str,
    /// Name in the country's own language (`"Bayern"`, `"Noord-Holland"`).
    pub name: &'static str,
}

/// The country with this ISO alpha-2 code (upper case), if any.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .map(|i| &COUNTRIES[i])
}

/// The regions of a country, sorted by name; empty for a country without a region list.
pub fn regions_of(country_code: &str) -> &'static [Region] {
    let start = REGIONS.partition_point(|r| r.country < country_code);
    let len = REGIONS[start..].partition_point(|r| r.country == country_code);
    &REGIONS[start..start + len]
}

/// The region `code` of a country, if the directory lists it.
pub fn region(country_code: &str, code: &str) -> Option<&'static Region> {
    regions_of(country_code).iter().find(|r| r.code == code)
}

/// The country's name for a locale index (see [`Country::names`]); the code itself when the
/// country is unknown, English when the index is out of range.
pub fn country_name(code: &str, locale: usize) -> &str {
    country(code).map_or(code, |c| c.name(locale))
}

/// Every country as (code, name) in the viewer's language, sorted by name (a country
/// list or filter).
pub fn country_choices(locale: crate::i18n::Locale) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = COUNTRIES
        .iter()
        .map(|c| (c.code.to_string(), c.name(locale.index()).to_string()))
        .collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    const US_STATES_AND_DC: [&str; 51] = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
        "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
        "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
        "VA", "WA", "WV", "WI", "WY", "DC",
    ];

    #[test]
    fn all_iso_countries_sorted_by_code() {
        assert!(COUNTRIES.len() >= 249, "{}", COUNTRIES.len());
        for c in COUNTRIES {
            assert!(
                c.code.len() == 2 && c.code.bytes().all(|b| b.is_ascii_uppercase()),
                "{}",
                c.code
            );
        }
        assert!(COUNTRIES.windows(2).all(|w| w[0].code < w[1].code));
        for code in ["AD", "BQ", "CW", "DE", "SS", "SX", "US", "ZW"] {
            assert!(country(code).is_some(), "{code}");
        }
        assert!(country("ZZ").is_none());
        assert!(country("EU").is_none());
        assert!(country("").is_none());
    }

    #[test]
    fn names_in_all_four_languages() {
        for c in COUNTRIES {
            for (i, name) in c.names.iter().enumerate() {
                assert!(!name.trim().is_empty(), "{} locale {i}", c.code);
            }
        }
        let de = country("DE").unwrap();
        assert_eq!(de.names, ["Germany", "Allemagne", "Duitsland", "Alemanha"]);
        assert_eq!(country_name("DE", 1), "Allemagne");
        assert_eq!(country_name("DE", 9), "Germany");
        assert_eq!(country_name("US", 3), "Estados Unidos");
        assert_eq!(country_name("NL", 2), "Nederland");
        assert_eq!(country_name("HK", 0), "Hong Kong");
        assert_eq!(country_name("QQ", 1), "QQ");
    }

    #[test]
    fn regions_belong_to_known_countries_and_are_grouped() {
        assert!(REGIONS.windows(2).all(|w| w[0].country <= w[1].country));
        for r in REGIONS {
            assert!(country(r.country).is_some(), "{r:?}");
            assert!(!r.code.is_empty() && !r.name.trim().is_empty(), "{r:?}");
        }
        for c in COUNTRIES {
            let regions = c.regions();
            assert!(regions.iter().all(|r| r.country == c.code));
            let mut codes: Vec<_> = regions.iter().map(|r| r.code).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(
                codes.len(),
                regions.len(),
                "duplicate region code in {}",
                c.code
            );
        }
        let total: usize = COUNTRIES.iter().map(|c| c.regions().len()).sum();
        assert_eq!(total, REGIONS.len());
    }

    #[test]
    fn region_lists_of_the_address_countries() {
        let us = regions_of("US");
        for code in US_STATES_AND_DC {
            assert!(us.iter().any(|r| r.code == code), "US-{code}");
        }
        for code in ["PR", "GU", "VI", "AS", "MP", "AA", "AE", "AP"] {
            assert!(region("US", code).is_some(), "US-{code}");
        }
        assert_eq!(region("US", "CA").unwrap().name, "California");
        assert_eq!(region("US", "DC").unwrap().name, "District of Columbia");
        let sizes = [
            ("US", 62),
            ("CA", 13),
            ("FR", 101),
            ("DE", 16),
            ("NL", 12),
            ("BR", 27),
            ("ES", 52),
            ("IT", 107),
            ("AU", 8),
        ];
        for (code, n) in sizes {
            assert_eq!(regions_of(code).len(), n, "{code}");
        }
        assert_eq!(region("FR", "75").unwrap().name, "Paris");
        assert_eq!(region("FR", "2A").unwrap().name, "Corse-du-Sud");
        assert_eq!(region("FR", "974").unwrap().name, "La Réunion");
        assert_eq!(region("DE", "BY").unwrap().name, "Bayern");
        assert_eq!(region("NL", "NH").unwrap().name, "Noord-Holland");
        assert_eq!(region("BR", "SP").unwrap().name, "São Paulo");
        assert_eq!(region("IT", "AO").unwrap().name, "Aosta");
        assert_eq!(region("CA", "QC").unwrap().name, "Quebec");
        assert_eq!(region("AU", "NSW").unwrap().name, "New South Wales");
        assert!(region("US", "ZZ").is_none());
        assert!(regions_of("GB").is_empty());
        assert!(regions_of("").is_empty());
        assert!(regions_of("ZZ").is_empty());
    }

    #[test]
    fn regions_sorted_by_name_within_a_country() {
        let fold = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    'À'..='Å' | 'à'..='å' => 'a',
                    'È'..='Ë' | 'è'..='ë' => 'e',
                    'Ì'..='Ï' | 'ì'..='ï' => 'i',
                    'Ò'..='Ö' | 'ò'..='ö' => 'o',
                    'Ù'..='Ü' | 'ù'..='ü' => 'u',
                    'Ç' | 'ç' => 'c',
                    _ => c.to_ascii_lowercase(),
                })
                .collect()
        };
        for c in COUNTRIES {
            let names: Vec<String> = c.regions().iter().map(|r| fold(r.name)).collect();
            assert!(
                names.windows(2).all(|w| w[0] <= w[1]),
                "{}: {names:?}",
                c.code
            );
        }
        assert_eq!(regions_of("US")[0].name, "Alabama");
        assert_eq!(regions_of("US").last().unwrap().name, "Wyoming");
    }

    #[test]
    fn magento_state_required_defaults() {
        for code in [
            "US", "CA", "BR", "AU", "ES", "IT", "CH", "MX", "IN", "PL", "RO",
        ] {
            assert!(country(code).unwrap().state_required, "{code}");
        }
        for code in ["FR", "DE", "AT", "FI", "BE", "NL", "GB", "JP"] {
            assert!(!country(code).unwrap().state_required, "{code}");
        }
    }

    #[test]
    fn magento_optional_postcode_defaults() {
        let optional: Vec<_> = COUNTRIES
            .iter()
            .filter(|c| c.postcode_optional)
            .map(|c| c.code)
            .collect();
        assert_eq!(optional, ["GB", "HK", "IE", "MO", "PA"]);
        assert!(!country("US").unwrap().postcode_optional);
    }
}
