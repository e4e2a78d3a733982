#!/usr/bin/env python3
"""Generate `data.rs`, the country and region directory of the address forms.

Run from anywhere:  python3 app/src/directory/generate.py
(needs `npm` and `pip` on PATH to fetch the pinned sources below into a temp dir;
or pass `--sources DIR` with the three npm tarballs and the wheel already there).

Sources (pinned; bump the versions here and re-run to update):
  * Unicode CLDR 48 via npm `cldr-localenames-full@48.2.0` (territory names in en, fr,
    nl, pt = Brazilian Portuguese) and `cldr-core@48.2.0` (supplemental/codeMappings.json,
    used for the list of ISO 3166-1 codes). Licence: Unicode License v3.
  * ISO 3166-2 subdivision codes and names via PyPI `iso3166-2==1.8.4`
    (https://github.com/amckenna41/iso3166-2, iso3166-2.json). Licence: MIT.
  * Magento Open Source 2.4 (magento/magento2, app/code/Magento/Directory) for which
    subdivisions an address form lists, which countries require a state and which have an
    optional postcode. Only code lists are taken over (see the constants below), no code.
  * USPS Publication 28 for the US military "states" AA/AE/AP and the freely associated
    states FM/MH/PW that Magento's US list carries.

Standard library only. Output is deterministic.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

CLDR_VERSION = "48.2.0"
ISO3166_2_VERSION = "1.8.4"

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "data.rs"

# Locale order of `Country::names`; matches `crate::i18n::Locale::ALL` (En, Fr, Nl, PtBr).
# CLDR's `pt` is Brazilian Portuguese (European Portuguese is `pt-PT`).
LOCALES = ["en", "fr", "nl", "pt"]

# CLDR's default names of these are the long political forms ("Hong Kong SAR China",
# "R.A.S. chinoise de Hong Kong"); an address form wants the short ones.
USE_ALT_SHORT = {"HK", "MO", "PS"}

# Kosovo has the user-assigned code XK, not an ISO 3166-1 code, but Magento lists it
# (patch AddCountriesCaribbeanCuracaoKosovoSintMaarten) and CLDR names it.
EXTRA_COUNTRIES = ["XK"]

# Magento default of `general/country/optional_zip_countries`
# (app/code/Magento/Directory/etc/config.xml).
OPTIONAL_ZIP = {"HK", "IE", "MO", "PA", "GB"}

# Magento's default of `general/region/state_required` is not a literal in config.xml: the
# directory data patches (InitializeDirectoryData, DataInstaller::addCountryRegions) set it
# to every country that has regions in `directory_country_region`
# (Country\Collection::getCountriesWithRequiredStates) minus the `countriesWithNotRequiredStates`
# argument of etc/di.xml (FR, DE, AT, FI, BE). Countries with regions: InitializeDirectoryData
# (US CA DE AT CH ES FR RO FI EE LV LT BR) plus the AddDataFor<Country> patches (AL AR AU BY BE
# BO BG CL CN CO CR HR CZ DK EC GR GY IS IN IE IT MX PY PE PL PT SA SR SE UA UY VE).
MAGENTO_COUNTRIES_WITH_REGIONS = set(
    "US CA DE AT CH ES FR RO FI EE LV LT BR "
    "AL AR AU BY BE BO BG CL CN CO CR HR CZ DK EC GR GY IS IN IE IT MX PY PE PL PT SA SR SE "
    "UA UY VE".split()
)
MAGENTO_NOT_REQUIRED = {"FR", "DE", "AT", "FI", "BE"}
STATE_REQUIRED = MAGENTO_COUNTRIES_WITH_REGIONS - MAGENTO_NOT_REQUIRED

# USPS Publication 28 codes that Magento's US list adds to ISO 3166-2:US. Magento has four
# rows with code AE (Africa, Canada, Europe, Middle East); one row per code here.
US_EXTRA = [
    ("AA", "Armed Forces Americas"),
    ("AE", "Armed Forces Africa, Canada, Europe, Middle East"),
    ("AP", "Armed Forces Pacific"),
    ("FM", "Federated States of Micronesia"),
    ("MH", "Marshall Islands"),
    ("PW", "Palau"),
]


def iso_types(*types: str):
    return lambda code, entry: entry["type"] in types


# Which ISO 3166-2 subdivisions each country's address form lists (Magento's choice of level):
# country -> (predicate on (suffix code, iso entry), {iso suffix: our code} renames).
REGION_RULES = {
    # 50 states, DC, the inhabited territories (Magento leaves out UM) + US_EXTRA.
    "US": (lambda code, e: code != "UM", {}),
    "CA": (iso_types("Province", "Territory"), {}),
    "AU": (iso_types("State", "Territory"), {}),
    "DE": (iso_types("Land"), {}),
    # The 12 provinces (not Aruba, Curaçao, Sint Maarten nor the Caribbean Netherlands).
    "NL": (iso_types("Province"), {}),
    "BR": (iso_types("State", "Federal district"), {}),
    # The 50 provinces + Ceuta and Melilla (Magento's 52), not the autonomous communities.
    "ES": (iso_types("Province", "Autonomous city in north africa"), {}),
    # Provinces, metropolitan cities, free municipal consortia, autonomous provinces and
    # decentralized regional entities (the level of Italian addresses' "sigla") + Aosta.
    "IT": (
        iso_types(
            "Province",
            "Metropolitan city",
            "Free municipal consortium",
            "Autonomous province",
            "Decentralized regional entity",
        ),
        {},
    ),
    # The 96 metropolitan départements (Paris is the collectivity 75C in ISO, 75 in Magento
    # and on envelopes) + the 5 overseas départements, as in Magento; not the regions nor the
    # overseas collectivities (those are countries of their own in ISO 3166-1).
    "FR": (
        lambda code, e: e["type"] == "Metropolitan department"
        or code in {"75C", "971", "972", "973", "974", "976"},
        {"75C": "75"},
    ),
}

# Subdivisions Magento lists that ISO 3166-2 has not (or names unusably).
REGION_EXTRA = {
    "US": US_EXTRA,
    # Aosta Valley has no province in ISO 3166-2:IT; Magento and Italian addresses use "AO".
    "IT": [("AO", "Aosta")],
}
REGION_NAME_OVERRIDES = {
    ("US", "VI"): "U.S. Virgin Islands",  # ISO: "Virgin Islands, U.S."
    # ISO gives these Spanish provinces in the regional language only; Spain's official
    # bilingual province names (INE) carry the Castilian form as well.
    ("ES", "A"): "Alicante/Alacant",
    ("ES", "CS"): "Castellón/Castelló",
    ("ES", "V"): "Valencia/València",
    ("ES", "VI"): "Araba/Álava",
    ("ES", "NA"): "Navarra",
}


def run(cmd: list[str], cwd: pathlib.Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fetch_sources(dest: pathlib.Path) -> None:
    for pkg in ("cldr-localenames-full", "cldr-core"):
        if not list(dest.glob(f"{pkg}-{CLDR_VERSION}.tgz")):
            run(["npm", "pack", f"{pkg}@{CLDR_VERSION}", "--silent"], dest)
    if not list(dest.glob(f"iso3166_2-{ISO3166_2_VERSION}-*.whl")):
        run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", ".",
             f"iso3166-2=={ISO3166_2_VERSION}"],
            dest,
        )


def tar_json(tgz: pathlib.Path, member: str):
    with tarfile.open(tgz) as tar:
        return json.load(tar.extractfile(f"package/{member}"))


def tar_text(tgz: pathlib.Path, member: str) -> str:
    with tarfile.open(tgz) as tar:
        return tar.extractfile(f"package/{member}").read().decode("utf-8")


def load(src: pathlib.Path):
    names_tgz = src / f"cldr-localenames-full-{CLDR_VERSION}.tgz"
    core_tgz = src / f"cldr-core-{CLDR_VERSION}.tgz"
    (wheel,) = src.glob(f"iso3166_2-{ISO3166_2_VERSION}-*.whl")
    territories = {
        loc: tar_json(names_tgz, f"main/{loc}/territories.json")["main"][loc][
            "localeDisplayNames"
        ]["territories"]
        for loc in LOCALES
    }
    mappings = tar_json(core_tgz, "supplemental/codeMappings.json")["supplemental"][
        "codeMappings"
    ]
    with zipfile.ZipFile(wheel) as whl:
        iso2 = json.loads(whl.read("iso3166_2/iso3166-2.json"))
        mit = whl.read(f"iso3166_2-{ISO3166_2_VERSION}.dist-info/licenses/LICENSE").decode()
    unicode_licence = tar_text(names_tgz, "LICENSE")
    return territories, mappings, iso2, unicode_licence, mit


def country_codes(territories, mappings) -> list[str]:
    # ISO 3166-1: two-letter codes with an ISO numeric code (001-899; CLDR gives the
    # user-assigned/private ones 900-999, and none to the exceptional reservations AC, CP, DG,
    # EA, IC, TA).
    en = territories["en"]
    iso = [
        code
        for code in en
        if len(code) == 2
        and code.isalpha()
        and int(mappings.get(code, {}).get("_numeric", "999")) < 900
    ]
    assert len(iso) == 249, len(iso)
    return sorted(set(iso) | set(EXTRA_COUNTRIES))


def sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean_region_name(name: str) -> str:
    # ISO gives the second official language in brackets: "A Coruña [La Coruña]".
    return name.split(" [", 1)[0].strip()


def regions(iso2) -> list[tuple[str, str, str]]:
    out = []
    for country, (keep, renames) in REGION_RULES.items():
        rows = []
        for full, entry in iso2[country].items():
            code = full.split("-", 1)[1]
            if keep(code, entry):
                our = renames.get(code, code)
                name = REGION_NAME_OVERRIDES.get((country, our), clean_region_name(entry["name"]))
                rows.append((country, our, name))
        rows += [(country, code, name) for code, name in REGION_EXTRA.get(country, [])]
        codes = [r[1] for r in rows]
        assert len(codes) == len(set(codes)), f"duplicate region code in {country}"
        out += sorted(rows, key=lambda r: (sort_key(r[2]), r[1]))
    return sorted(out, key=lambda r: r[0])  # stable: keeps the name order within a country


def rust_str(s: str) -> str:
    assert all(ord(c) >= 0x20 for c in s), repr(s)
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def comment_block(text: str) -> str:
    return "\n".join(("// " + line).rstrip() for line in text.strip().splitlines())


def render(territories, codes, region_rows, unicode_licence, mit) -> str:
    lines = [
        "// @generated by app/src/directory/generate.py -- do not edit; change the script and re-run.",
        "//",
        f"// Country names: Unicode CLDR {CLDR_VERSION.split('.')[0]}, npm `cldr-localenames-full@{CLDR_VERSION}`",
        f"// (main/{{en,fr,nl,pt}}/territories.json); ISO 3166-1 code list from `cldr-core@{CLDR_VERSION}`",
        "// supplemental/codeMappings.json. Licence: Unicode License v3 (notice below).",
        f"// Regions: ISO 3166-2 codes and names from PyPI `iso3166-2=={ISO3166_2_VERSION}` (iso3166-2.json),",
        "// licence MIT (notice below); subdivision level, the extra US rows (USPS Publication 28),",
        "// Aosta, and the state-required / optional-postcode flags follow Magento Open Source 2.4",
        "// (app/code/Magento/Directory); see generate.py for the exact rules.",
        "//",
        comment_block(unicode_licence),
        "//",
        "// ---- iso3166-2 (https://github.com/amckenna41/iso3166-2) ----",
        comment_block(mit),
        "",
        "use super::{Country, Region};",
        "",
        "const fn c(",
        "    code: &'static str,",
        "    names: [&'static str; 4],",
        "    state_required: bool,",
        "    postcode_optional: bool,",
        ") -> Country {",
        "    Country {",
        "        code,",
        "        names,",
        "        state_required,",
        "        postcode_optional,",
        "    }",
        "}",
        "",
        "const fn r(country: &'static str, code: &'static str, name: &'static str) -> Region {",
        "    Region {",
        "        country,",
        "        code,",
        "        name,",
        "    }",
        "}",
        "",
        "const T: bool = true;",
        "const F: bool = false;",
        "",
        f"/// Every ISO 3166-1 country ({len(codes) - len(EXTRA_COUNTRIES)}) plus Kosovo (XK), sorted by code.",
        "#[rustfmt::skip]",
        "pub static COUNTRIES: &[Country] = &[",
    ]
    for code in codes:
        names = []
        for loc in LOCALES:
            t = territories[loc]
            name = t.get(f"{code}-alt-short") if code in USE_ALT_SHORT else None
            name = name or t[code]
            names.append(rust_str(name))
        state = "T" if code in STATE_REQUIRED else "F"
        zip_opt = "T" if code in OPTIONAL_ZIP else "F"
        lines.append(f"    c({rust_str(code)}, [{', '.join(names)}], {state}, {zip_opt}),")
    lines += [
        "];",
        "",
        "/// Regions of the countries whose address forms offer a list, sorted by country, then name.",
        "#[rustfmt::skip]",
        "pub static REGIONS: &[Region] = &[",
    ]
    for country, code, name in region_rows:
        lines.append(f"    r({rust_str(country)}, {rust_str(code)}, {rust_str(name)}),")
    lines += ["];", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=pathlib.Path, help="dir with the pinned packages")
    parser.add_argument("--out", type=pathlib.Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = args.sources or pathlib.Path(tmp)
        src.mkdir(parents=True, exist_ok=True)
        fetch_sources(src)
        territories, mappings, iso2, unicode_licence, mit = load(src)
    codes = country_codes(territories, mappings)
    missing = STATE_REQUIRED - set(codes) | OPTIONAL_ZIP - set(codes)
    assert not missing, missing
    region_rows = regions(iso2)
    args.out.write_text(render(territories, codes, region_rows, unicode_licence, mit), "utf-8")
    print(f"wrote {args.out}: {len(codes)} countries, {len(region_rows)} regions", file=sys.stderr)


if __name__ == "__main__":
    os.umask(0o022)
    main()
