//! The generator: customer `n` of seed `s` is a pure function of `(s, n)`.

use super::super::seed_data::{SeedCountry, COMPANIES, SEED_COUNTRIES};

/// A small, fast, well-distributed PRNG (SplitMix64): stable across releases and
/// platforms, unlike a library RNG whose algorithm may change.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn for_customer(seed: u64, n: u64) -> Self {
        let mut r = Rng(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

pub(super) struct StoreRef {
    pub(super) store_id: i64,
    pub(super) website_id: i64,
    pub(super) name: String,
}

pub(super) struct NewCustomer {
    pub(super) id: i64,
    pub(super) website_id: i64,
    pub(super) email: String,
    pub(super) group_id: i64,
    pub(super) store_id: i64,
    pub(super) created_in: String,
    pub(super) created_at: i64,
    pub(super) firstname: String,
    pub(super) lastname: String,
    pub(super) dob: Option<String>,
    pub(super) default_billing: Option<i64>,
    pub(super) default_shipping: Option<i64>,
    pub(super) taxvat: Option<String>,
    pub(super) confirmation: Option<String>,
    pub(super) gender: Option<i64>,
    pub(super) lock_expires: Option<i64>,
    pub(super) failures_num: i64,
}

pub(super) struct NewAddress {
    pub(super) id: i64,
    pub(super) parent_id: i64,
    pub(super) created_at: i64,
    pub(super) firstname: String,
    pub(super) lastname: String,
    pub(super) company: Option<String>,
    pub(super) street: String,
    pub(super) city: String,
    pub(super) region: String,
    pub(super) region_id: String,
    pub(super) postcode: String,
    pub(super) country_id: String,
    pub(super) telephone: String,
}

/// Lower-case ASCII for email local parts ("Müller" → "muller", "O'Brien" → "obrien").
pub(super) fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => continue,
        };
        out.push_str(mapped);
    }
    out
}

/// The most addresses [`generate`] gives one customer (a seed sets aside ids for them).
pub(super) const MAX_ADDRESSES: i64 = 3;

pub(super) fn generate(
    seed: u64,
    n: u64,
    id: i64,
    next_address_id: &mut i64,
    stores: &[StoreRef],
    now: i64,
    addresses: &mut Vec<NewAddress>,
) -> NewCustomer {
    let mut rng = Rng::for_customer(seed, n);
    let country: &SeedCountry = rng.pick(SEED_COUNTRIES);
    let firstname = rng.pick(country.first_names).to_string();
    let lastname = rng.pick(country.last_names).to_string();
    let store = rng.pick(stores);
    let created_at = now - rng.below(5 * 365 * 86_400) as i64;
    let domain = rng.pick(country.email_domains);
    let email = format!(
        "{}.{}.{n}@{domain}",
        ascii_fold(&firstname),
        ascii_fold(&lastname)
    );
    let dob = rng.chance(70).then(|| {
        format!(
            "{:04}-{:02}-{:02}",
            1940 + rng.below(67),
            1 + rng.below(12),
            1 + rng.below(28)
        )
    });
    let gender = match rng.below(10) {
        0..=3 => Some(1),
        4..=7 => Some(2),
        8 => Some(3),
        _ => None,
    };
    let group_id = *rng.pick(&[1, 1, 1, 1, 2, 3]);
    let taxvat = rng
        .chance(10)
        .then(|| format!("{}{:09}", country.country, rng.below(1_000_000_000)));
    let confirmation = rng
        .chance(5)
        .then(|| format!("{:032x}", rng.next() as u128 * rng.next() as u128));
    let locked = rng.chance(1);
    let lock_expires = locked.then(|| now + 60 + rng.below(600) as i64);

    let address_count: i64 = match rng.below(100) {
        0..=14 => 0,
        15..=59 => 1,
        60..=84 => 2,
        _ => MAX_ADDRESSES,
    };
    let first_address = *next_address_id;
    for i in 0..address_count {
        let (city, region, prefix) = *rng.pick(country.cities);
        let suffix = (0..country.postcode_digits)
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect::<String>();
        let postcode = if country.country == "NL" {
            format!(
                "{prefix}{suffix} {}{}",
                char::from(b'A' + rng.below(26) as u8),
                char::from(b'A' + rng.below(26) as u8)
            )
        } else if country.country == "CA" {
            format!(
                "{prefix}{}{}{}",
                rng.below(10),
                char::from(b'A' + rng.below(26) as u8),
                rng.below(10)
            )
        } else if country.country == "BR" {
            format!("{prefix}{}-{}", &suffix[..2], &suffix[2..])
        } else {
            format!("{prefix}{suffix}")
        };
        let street = if i == 0 || rng.chance(50) {
            format!("{} {}", 1 + rng.below(250), rng.pick(country.streets))
        } else {
            format!(
                "{} {}\nApt {}",
                1 + rng.below(250),
                rng.pick(country.streets),
                1 + rng.below(40)
            )
        };
        let id = *next_address_id;
        *next_address_id += 1;
        addresses.push(NewAddress {
            id,
            parent_id: 0, // filled below, once the customer id is known to the caller
            created_at: created_at + i * 86_400,
            firstname: firstname.clone(),
            lastname: lastname.clone(),
            company: rng.chance(15).then(|| rng.pick(COMPANIES).to_string()),
            street,
            city: city.to_string(),
            region: region.to_string(),
            region_id: region.to_string(),
            postcode,
            country_id: country.country.to_string(),
            telephone: format!(
                "{}{} {:03} {:04}",
                country.phone_prefix,
                100 + rng.below(900),
                rng.below(1000),
                rng.below(10_000)
            ),
        });
    }
    let (default_billing, default_shipping) = match address_count {
        0 => (None, None),
        1 => (Some(first_address), Some(first_address)),
        _ => (Some(first_address), Some(first_address + 1)),
    };
    NewCustomer {
        id,
        website_id: store.website_id,
        email,
        group_id,
        store_id: store.store_id,
        created_in: store.name.clone(),
        created_at,
        firstname,
        lastname,
        dob,
        default_billing,
        default_shipping,
        taxvat,
        confirmation,
        gender,
        lock_expires,
        failures_num: if locked { 10 } else { 0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(ascii_fold("Müller-Lüdenscheidt"), "mullerludenscheidt");
        assert_eq!(ascii_fold("O'Brien"), "obrien");
        assert_eq!(ascii_fold("Straße"), "strasse");
    }

    #[test]
    fn customers_are_deterministic_and_valid() {
        let stores = [StoreRef {
            store_id: 1,
            website_id: 1,
            name: "Default Store View".into(),
        }];
        let make = |seed| {
            let mut next = 1;
            let mut addresses = Vec::new();
            let c = generate(
                seed,
                7,
                7,
                &mut next,
                &stores,
                1_800_000_000,
                &mut addresses,
            );
            (
                c.email,
                c.dob,
                addresses
                    .iter()
                    .map(|a| a.telephone.clone())
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(make(1), make(1));
        assert_ne!(make(1), make(2));
        let today = crate::customers::domain::DateOfBirth {
            year: 2026,
            month: 11,
            day: 21,
        };
        for n in 0..2_000 {
            let mut next = 1;
            let mut addresses = Vec::new();
            let c = generate(
                3,
                n,
                n as i64,
                &mut next,
                &stores,
                1_800_000_000,
                &mut addresses,
            );
            use crate::customers::domain::*;
            Email::parse(&c.email).unwrap_or_else(|e| panic!("{}: {e}", c.email));
            PersonName::parse(crate::i18n::Key::FirstName, &c.firstname).unwrap();
            PersonName::parse(crate::i18n::Key::LastName, &c.lastname).unwrap();
            if let Some(dob) = &c.dob {
                DateOfBirth::parse(dob, today).unwrap();
            }
            for a in &addresses {
                Telephone::parse(&a.telephone).unwrap_or_else(|e| panic!("{}: {e}", a.telephone));
                City::parse(&a.city).unwrap();
                Street::parse(&a.street.lines().map(String::from).collect::<Vec<_>>(), 2).unwrap();
            }
        }
    }
}
