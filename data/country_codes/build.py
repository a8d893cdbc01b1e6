"""Build ``usa_trade_online_countries.csv``: each partner name of the USA Trade Online files -> Census CTY_CODE, ISO alpha-3.

Run once by a developer (not by the package): ``python data/country_codes/build.py SHARED_DATA_DIR``
with pycountry installed (``pip install pycountry==26.2.16``). It reads

- the partner names of ``usa-trade-online-naics-2020-2026/*.csv.gz`` (column ``Country``),
- the (CTY_CODE, CTY_NAME) pairs of ``census-api-2013-2024/*_by_country_monthly_2013_2024.csv.gz``
  (the Census International Trade API's own code list, same vintage),

and matches a name to its code when the upper-cased name equals the API's CTY_NAME (232 of 234 names);
the two others are matched by hand below, each with the reason. ISO 3166-1 alpha-3 codes come from
pycountry's exact lookup (its data is Debian's iso-codes), with the names pycountry does not know
written by hand below. Three partners have no ISO 3166-1 code of their own (Kosovo, the Gaza Strip,
the West Bank): their column is left empty and the importer writes ``CTY`` and the Census code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pycountry

HERE = Path(__file__).resolve().parent
#: Names whose upper-cased form is not the API's CTY_NAME, with the CTY_NAME they are.
BY_HAND_CTY = {
    "Democratic Republic of Congo": "DEMOCRATIC REPUBLIC OF THE CONGO",
    "Western Sahara (through Dec 2020)": "WESTERN SAHARA",
}
#: ISO 3166-1 alpha-3 codes of names pycountry's exact lookup does not find (ISO 3166-1 table).
BY_HAND_ISO = {
    "British Indian Ocean Territories": "IOT",
    "Brunei": "BRN",
    "Burma": "MMR",
    "Cote d'Ivoire": "CIV",
    "Curacao": "CUW",
    "Democratic Republic of Congo": "COD",
    "Falkland Islands (Islas Malvinas)": "FLK",
    "French Southern and Antarctic Lands": "ATF",
    "Heard and McDonald Islands": "HMD",
    "Korea, North": "PRK",
    "Korea, South": "KOR",
    "Macau": "MAC",
    "Macedonia": "MKD",
    "Micronesia": "FSM",
    "Pitcairn Islands": "PCN",
    "Reunion": "REU",
    "Russia": "RUS",
    "Sint Maarten": "SXM",
    "St Helena": "SHN",
    "St Kitts and Nevis": "KNA",
    "St Lucia": "LCA",
    "St Pierre and Miquelon": "SPM",
    "St Vincent and the Grenadines": "VCT",
    "Svalbard, Jan Mayen Island": "SJM",
    "Turkey": "TUR",
    "Vatican City": "VAT",
    "Western Sahara (through Dec 2020)": "ESH",
}
NO_ISO = {
    "Kosovo": "no ISO 3166-1 code",
    "Gaza Strip Administered by Israel": "no ISO 3166-1 code of its own (ISO's PSE covers it and the West Bank)",
    "West Bank Administered by Israel": "no ISO 3166-1 code of its own (ISO's PSE covers it and the Gaza Strip)",
}


def main(shared: Path) -> None:
    names = set()
    for flow in ("exports", "imports"):
        path = shared / "usa-trade-online-naics-2020-2026" / f"{flow}_naics3_by_country_2020_2026m01.csv.gz"
        names |= set(pd.read_csv(path, skiprows=3, dtype=str, usecols=["Country"])["Country"])
    names.discard("World Total")
    api = (
        pd.concat(
            pd.read_csv(shared / "census-api-2013-2024" / f"{f}_by_country_monthly_2013_2024.csv.gz", dtype=str)
            for f in ("exports", "imports")
        )[["CTY_CODE", "CTY_NAME"]]
        .dropna()
        .drop_duplicates()
    )
    code_of = dict(zip(api["CTY_NAME"], api["CTY_CODE"]))
    rows = []
    for name in sorted(names):
        census_name = BY_HAND_CTY.get(name, name.upper())
        if name in NO_ISO:
            iso, note = "", NO_ISO[name]
        elif name in BY_HAND_ISO:
            iso, note = BY_HAND_ISO[name], "ISO code by hand"
        else:
            iso, note = pycountry.countries.lookup(name).alpha_3, "ISO code by pycountry exact lookup"
        if name in BY_HAND_CTY:
            note += "; CTY_NAME matched by hand"
        rows.append(
            {"name": name, "cty_code": code_of[census_name], "census_name": census_name, "iso3": iso, "note": note}
        )
    table = pd.DataFrame(rows)
    assert table["cty_code"].is_unique and table.loc[table["iso3"] != "", "iso3"].is_unique
    table.to_csv(HERE / "usa_trade_online_countries.csv", index=False, lineterminator="\n")
    print(f"{len(table)} names, {int((table['iso3'] == '').sum())} without ISO code")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
