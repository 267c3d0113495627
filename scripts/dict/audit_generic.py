#!/usr/bin/env python3
"""Audit the actor dictionaries for entries that give a country to words
that name none.

Reads the built-in actor and agent dictionaries (data/dict/, PETRARCH
format) the way crates/faultline-dict reads them, and lists four kinds of
findings:

  generic   a phrase made only of role, office and function words
            ("VOTERS", "FOREIGN_MINISTRY_SPOKESMAN", "SUPREME_COURT") whose
            code in force on the audit date names a state;
  surname   a two-to-four word name whose last word is such a word
            ("US_DISTRICT_COURT"): the coder's title + surname rule would read
            "Criminal Court" or "Ministry spokesman" as that entry's state;
  defunct   a code of a state that no longer exists (USSR, Yugoslavia,
            Czechoslovakia, East Germany, Serbia and Montenegro, ...) in force
            on the audit date, i.e. given to a name that exists today;
  igo       an international body (its phrase names the UN, an
            "international" or "world" organisation, a court or tribunal of
            several states) coded as a single state.

Each finding says whether faultline's own layer (data/dict/faultline.*.txt,
loaded before Phoenix's) already overrides the phrase: an entry of the same
phrase there wins. `--open` lists only findings not yet overridden;
`--check` exits 1 when there is any (a finding judged right is marked in
KEEP below, with the reason).

Usage: python3 scripts/dict/audit_generic.py [--date YYYYMMDD] [--open] [--check]
Standard library only.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DICT = ROOT / "data" / "dict"
LAYER_ACTORS = "faultline.actors.txt"
PHOENIX_ACTORS = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
]
AGENT_FILES = ["faultline.agents.txt", "Phoenix.agents.txt"]

# Words that name no place or person: articles, prepositions, and the
# modifiers of offices and institutions. Role nouns come from the agent
# dictionaries (every word of every agent phrase), so this list only adds
# what those lack.
FUNCTION_WORDS = set(
    """THE A AN OF AND FOR IN ON AT TO BY WITH 'S S OR
    NATIONAL FEDERAL STATE CENTRAL SUPREME HIGH HIGHER LOWER UPPER CHIEF
    GENERAL DEPUTY VICE PRIME FIRST SECOND SENIOR JUNIOR HEAD TOP LOCAL
    REGIONAL PROVINCIAL MUNICIPAL CITY DISTRICT COUNTY PUBLIC PRIVATE
    FOREIGN INTERIOR HOME DEFENSE DEFENCE JUSTICE FINANCE ECONOMY TRADE
    AFFAIRS MINISTRY MINISTRIES MINISTER MINISTERS OFFICE OFFICES
    DEPARTMENT DEPARTMENTS COURT COURTS SUPREME_COURT CONSTITUTIONAL
    CRIMINAL CIVIL MILITARY ARMED SECURITY INTELLIGENCE SERVICE SERVICES
    POLICE ARMY NAVY AIR FORCE FORCES GUARD GUARDS COAST BORDER
    PARLIAMENT PARLIAMENTARY ASSEMBLY SENATE CONGRESS HOUSE CHAMBER
    COUNCIL CABINET GOVERNMENT GOVERNMENTS ADMINISTRATION AUTHORITIES
    AUTHORITY AGENCY COMMISSION COMMITTEE BOARD BUREAU PRESIDENCY PRESIDENT
    PRESIDENTIAL SPOKESMAN SPOKESMEN SPOKESWOMAN SPOKESPERSON PRESS
    SECRETARY VOTERS VOTER ELECTORATE CITIZENS PEOPLE PUBLIC OPPOSITION
    PARTY RULING JUNTA REGIME LEADER LEADERS LEADERSHIP OFFICIAL OFFICIALS
    EMBASSY CONSULATE AMBASSADOR ENVOY MISSION DELEGATION
    GENERAL_STAFF STAFF JOINT CHIEFS COMMAND HEADQUARTERS
    PROSECUTOR PROSECUTORS ATTORNEY JUDGE JUDGES TRIBUNAL APPEALS APPEAL
    INTERNATIONAL WORLD""".split()
)

# Words that make a phrase an international body when the code names a state.
IGO_WORDS = {
    "UNITED_NATIONS", "UN", "U.N.", "INTERNATIONAL", "WORLD", "GLOBAL",
    "INTERGOVERNMENTAL", "MULTILATERAL", "INTERPOL",
}
IGO_ALSO = re.compile(r"^(EUROPEAN_(UNION|COMMISSION|COUNCIL|PARLIAMENT|COURT)|"
                      r"AFRICAN_UNION|ARAB_LEAGUE|NATO|OSCE|OPEC|ASEAN)")

# Codes of states that no longer exist, with the day they ended (CAMEO
# three-letter codes). A code of one in force after that day is stale.
DEFUNCT = {
    "USR": 19911226,  # Soviet Union
    "YUG": 20030204,  # Yugoslavia (FR Yugoslavia became Serbia and Montenegro)
    "SCG": 20060605,  # Serbia and Montenegro
    "CSK": 19921231,  # Czechoslovakia
    "DDR": 19901003,  # German Democratic Republic
    "ZAR": 19970517,  # Zaire
    "RHO": 19800418,  # Rhodesia
}

NON_STATE = {"IGO", "NGO", "NGM", "IMG", "MNC", "UAF", "---", "UNO", "REF",
             "EUR", "ASA", "AFR", "MEA", "WSB", "LAM", "NAF", "CAS", "SAS",
             "SEA", "WAF", "EAF", "SAF", "CAF", "CRB", "EEU", "WST", "BLK",
             "BAL", "NMR", "SAM", "CAU", "GOV", "MIL", "REB", "OPP", "JUD",
             "CVL", "MED", "BUS", "CRM", "LEG", "COP", "SPY", "PTY", "EDU",
             "LAB", "HLH", "ELI", "ENV", "AGR", "DEV", "HRI", "RAD", "REL"}

# Findings judged right and kept, with the reason: (kind, phrase) -> reason.
_KEEP_GROUPS = {
    "the proper name of one state's institution": """PEOPLES_LIBERATION_ARMY
    PEOPLES_LIBERATION_ARMY_NAVY PEOPLE'S_LIBERATION_ARMY PEOPLE'S_LIBERATION_ARMY_NAVY
    PEOPLE'S_LIBERATION_ARMY_AIR_FORCE PEOPLE'S_LIBERATION_ARMY_STAFF_DEPARTMENT
    NATIONAL_PEOPLE'S_CONGRESS NATIONAL_PEOPLES_CONGRESS
    STANDING_COMMITTEE_OF_THE_NATIONAL_PEOPLE'S_CONGRESS
    STANDING_COMMITTEE_OF_THE_NATIONAL_PEOPLES_CONGRESS ROYAL_NAVY ROYAL_AIR_FORCE
    ROYAL_MARINES SECRET_INTELLIGENCE_SERVICE ASSEMBLY_OF_EXPERTS
    ASSEMBLY_OF_EXPERTS_OF_THE_LEADERSHIP REVOLUTIONARY_GUARD REVOLUTIONARY_GUARDS
    ISLAMIC_REVOLUTIONARY_COUNCIL FEDERAL_SECURITY_SERVICE THE_ISLAMIC_FRONT
    HOUSE_ARMED_SERVICES_COMMITTEE SENATE_ARMED_SERVICES_COMMITTEE
    SENATE_INTELLIGENCE_COMMITTEE SENATE_FOREIGN_RELATIONS_COMMITTEE
    HOUSE_FOREIGN_AFFAIRS_COMMITTEE DEPARTMENT_OF_STATE STATE_DEPARTMENT_OFFICIAL
    DEPARTMENT_OF_DEFENSE DEFENSE_DEPARTMENT JOINT_CHIEFS_OF_STAFF CENTRAL_COMMAND
    DEFENSE_INTELLIGENCE_AGENCY CENTRAL_INTELLIGENCE_AGENCY NATIONAL_SECURITY_AGENCY
    OFFICE_OF_THE_DIRECTOR_OF_NATIONAL_INTELLIGENCE FEDERAL_BUREAU_OF_INVESTIGATION
    FEDERAL_LAW_ENFORCEMENT DRUG_ENFORCEMENT_AGENCY ENVIRONMENTAL_PROTECTION_AGENCY
    DEPARTMENT_OF_HEALTH_AND_HUMAN_SERVICES FEDERAL_RESERVE NATIONAL_LABOR_RELATIONS_BOARD
    FEDERAL_AVIATION_ADMINISTRATION VETERANS_HEALTH_ADMINISTRATION FEDERAL_TRADE_COMMISSION
    SECRETARY_OF_STATE DIRECTOR_OF_CENTRAL_INTELLIGENCE DIRECTOR_OF_NATIONAL_INTELLIGENCE
    MINISTRY_FOR_STATE_SECURITY""",
    "English-language wire copy means the US Senate by a bare 'Senate'; "
    "a state named before it wins in document mode": "SENATE",
    "the name of one armed group, specific enough": """FIGHTERS_FOR_FREEDOM
    PEOPLES_DEFENSE_FORCE POPULAR_REVOLUTIONARY_FRONT SOLIDARITY_FOR_POLITICAL_PRISONERS
    GUERRILLA_ARMY_OF_THE_POOR ARMED_FORCES_OF_NATIONAL_RESISTANCE POPULAR_FORCES_OF_LIBERATION
    POPULAR_LIBERATION_FORCES ARMY_OF_NATIONAL_LIBERATION THE_ISLAMIC_RESISTANCE
    POPULAR_SELF-DEFENSE_FORCES CHILDREN_OF_FIRE REVOLUTIONARY_WORKERS_COUNCIL
    PEOPLE'S_REVOLUTIONARY_MILITIAS PEOPLE'S_GUERRILLA_ARMY ARMED_COMMANDOS_OF_LIBERATION
    ARMED_REVOLUTIONARY_LEFT COALITION_OF_NATIONAL_BRIGADES ISLAMIC_DEFENDERS_FRONT
    LIBERATION_ARMY_FIFTH_BATTALION PEOPLE'S_REVOLUTIONARY_ARMED_FORCES
    PEOPLE'S_REVOLUTIONARY_PARTY POPULAR_REVOLUTIONARY_PARTY REVOLUTIONARY_ARMY_OF_THE_PEOPLE
    REVOLUTIONARY_COMMANDOS_OF_SOLIDARITY WORKERS'_REVOLUTIONARY_PARTY SEVENTH_SUICIDE_SQUAD
    ISLAMIC_RESISTANCE_BRIGADES NATIONAL_REVOLUTIONARY_FRONT POPULAR_REVOLUTIONARY_ARMY
    THE_PEOPLE_AND_THE_SOLDIERS""",
}
KEEP = {("generic", p): why for why, ps in _KEEP_GROUPS.items() for p in ps.split()}
# East Germany's names are historical: the DDR code is right for what they name.
KEEP.update({("defunct", p): "names the historical state (East Germany, 1949-1990)" for p in
             """GERMAN_DEMOCRATIC_REPUBLIC EAST_GERMANY EAST_GERMAN EAST_BERLIN
             GENERAL_SECRETARY_OF_THE_SOCIALIST_UNITY_PARTY MINISTRY_FOR_STATE_SECURITY STASI
             STAATSSICHERHEIT WALTER_ULBRICHT ERICH_HONECKER""".split()})

# Words faultline-coder's title + surname rule refuses as surnames (it
# also refuses every word that begins an agent phrase); keep in step with
# ROLE_NOUNS in crates/faultline-coder/src/actors.rs.
CODER_ROLE_NOUNS = set("""COURT COURTS MINISTRY MINISTRIES DEPARTMENT OFFICE COUNCIL COMMITTEE
    COMMISSION AGENCY BUREAU SERVICE ASSEMBLY PARLIAMENT SENATE CONGRESS ARMY NAVY FORCE FORCES
    GUARD POLICE TRIBUNAL BOARD AUTHORITY COMMAND CORPS FACTION GROUP GROUPS BRIGADE BRIGADES
    FRONT MOVEMENT GUARDS HEADQUARTERS AFFAIRS
    IN ON AN AT OF TO BY FOR FROM WITH AND OR THE A""".split())


def read_date(s):
    s = s.strip()
    if not s.isdigit():
        return None
    if len(s) == 6:
        yy = int(s[:2])
        return (2000 + yy if yy < 30 else 1900 + yy) * 10000 + int(s[2:])
    if len(s) == 8:
        return int(s)
    return None


def read_code(inner):
    parts = inner.strip().split(None, 1)
    if not parts:
        return None
    code = parts[0].upper()
    rest = parts[1].strip() if len(parts) > 1 else ""
    if not rest:
        return code, ("always", None, None)
    if rest.startswith("<"):
        return code, ("until", None, read_date(rest[1:]))
    if rest.startswith(">"):
        return code, ("from", read_date(rest[1:]), None)
    if "-" in rest:
        a, b = rest.split("-", 1)
        return code, ("between", read_date(a), read_date(b))
    return None


def holds(span, date):
    kind, a, b = span
    if kind == "always":
        return False
    if a is None and kind in ("from", "between") or b is None and kind in ("until", "between"):
        return False
    if kind == "until":
        return date <= b
    if kind == "from":
        return date >= a
    return a <= date <= b


def code_on(codes, date):
    """The code in force on date, as faultline's Actor::code_on chooses it."""
    for c in codes:
        if holds(c["span"], date):
            return c
    for c in reversed(codes):
        if c["span"][0] == "always":
            return c
    return None


def meaningful_lines(text):
    in_block = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_block:
            if "-->" not in line:
                continue
            in_block = False
            line = line[line.index("-->") + 3:]
        if "<!--" in line:
            p = line.index("<!--")
            if "-->" not in line[p:]:
                in_block = True
            line = line[:p]
        if line.lstrip().startswith("<!"):
            continue
        depth, cut = 0, len(line)
        for i, ch in enumerate(line):
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth = max(0, depth - 1)
            elif ch == "#" and depth == 0:
                cut = i
                break
        body = line[:cut].rstrip()
        if body.strip():
            yield number, body, raw[:1] in (" ", "\t")


def phrase_words(phrase):
    return [w.upper() for chunk in phrase.split() for w in chunk.split("_") if w]


def read_actors(path):
    """Entries: {name, phrases: [(words, line)], codes: [{code, span, line}], file}."""
    entries, current = [], None
    for number, body, indented in meaningful_lines(path.read_text(encoding="utf-8", errors="replace")):
        text = body.strip()
        codes = re.findall(r"\[([^\]]*)\]", text)
        if indented and text.startswith("["):
            if current is not None:
                for c in codes:
                    rc = read_code(c)
                    if rc:
                        current["codes"].append({"code": rc[0], "span": rc[1], "line": number})
            continue
        synonym = text.startswith("+")
        phrase = text.lstrip("+").split("[", 1)[0].split(";", 1)[0]
        words = phrase_words(phrase)
        if not words:
            continue
        if not synonym or current is None:
            current = {"name": " ".join(words), "phrases": [], "codes": [],
                       "file": path.name, "line": number}
            entries.append(current)
        current["phrases"].append((tuple(words), number))
        for c in codes:
            rc = read_code(c)
            if rc:
                current["codes"].append({"code": rc[0], "span": rc[1], "line": number})
    return entries


def agent_words(first=None):
    """Every word of every agent phrase (markers expanded, plurals added);
    the first words of the phrases go into `first` when it is given."""
    words = set()
    for name in AGENT_FILES:
        markers = {}
        for _, body, _ in meaningful_lines((DICT / name).read_text(encoding="utf-8", errors="replace")):
            text = body.strip()
            m = re.match(r"^(![A-Z]+!)\s*=\s*(.*)$", text, re.I)
            if m:
                markers[m.group(1).upper()] = [x.strip().upper() for x in m.group(2).split(",") if x.strip()]
                continue
            head = text.split("[", 1)[0]
            plural = re.search(r"\{([^}]*)\}", head)
            head = re.sub(r"\{[^}]*\}", " ", head).upper()
            variants = [head]
            for mk, items in markers.items():
                if mk in head:
                    variants = [v.replace(mk, it) for v in variants for it in items]
            if plural and plural.group(1).strip():
                variants.append(plural.group(1).upper())
            for v in variants:
                ws = phrase_words(v)
                words.update(ws)
                if ws and first is not None:
                    first.add(ws[0])
                    if len(ws) == 1:
                        first.update({ws[0] + "S", ws[0] + "ES", ws[0][:-1] + "IES"})
                if ws:
                    last = ws[-1]
                    words.add(last + "S")
                    words.add(last + "ES")
                    if last.endswith("Y"):
                        words.add(last[:-1] + "IES")
    return words


def state_of(code):
    c = code[:3]
    if len(c) == 3 and c.isalpha() and c.isupper() and c not in NON_STATE:
        return c
    return None


def is_name_word(w):
    return len(w) > 1 and all(ch.isalpha() or ch in "-'" for ch in w)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--date", type=int, default=20240101,
                    help="date whose codes are audited (YYYYMMDD, default 20240101)")
    ap.add_argument("--open", action="store_true", help="list only findings the layer does not override")
    ap.add_argument("--check", action="store_true", help="exit 1 when a finding is open")
    args = ap.parse_args()

    layer = read_actors(DICT / LAYER_ACTORS)
    layer_phrases = {}
    for e in layer:
        for words, line in e["phrases"]:
            layer_phrases.setdefault(words, (e, line))
    phoenix = [e for f in PHOENIX_ACTORS for e in read_actors(DICT / f)]
    agent_first = set()
    generic = agent_words(agent_first) | FUNCTION_WORDS
    # a word of the name of a state ("UNITED_STATES", "KINGDOM") or of a
    # one-word coded name (a place, a person) is not generic
    names = set()
    for e in phoenix + layer:
        bare = any(len(c["code"]) == 3 for c in e["codes"])
        for words, _ in e["phrases"]:
            if len(words) == 1 and e["codes"] or bare and len(words) <= 3:
                names.update(words)
    generic -= names - FUNCTION_WORDS

    findings = []

    def add(kind, e, words, line, code, why):
        key = (kind, "_".join(words))
        over = layer_phrases.get(words)
        findings.append({
            "kind": kind, "phrase": "_".join(words), "where": f"{e['file']}:{line}",
            "code": code, "why": why,
            "override": f"{LAYER_ACTORS}:{over[1]}" if over and over[0] is not e else None,
            "keep": KEEP.get(key),
        })

    for e in phoenix:
        c = code_on(e["codes"], args.date)
        code = c["code"] if c else None
        for words, line in e["phrases"]:
            if code and state_of(code) and all(w in generic for w in words):
                add("generic", e, words, line, code, "no place or person named")
            if code and code[:3] in DEFUNCT and args.date > DEFUNCT[code[:3]]:
                add("defunct", e, words, line, code, f"{code[:3]} ended {DEFUNCT[code[:3]]}")
            joined = "_".join(words)
            if code and state_of(code) and code[:3] not in DEFUNCT and (
                    any(w in IGO_WORDS for w in words) or "UNITED_NATIONS" in joined
                    or IGO_ALSO.match(joined)) and not any(w in names for w in words):
                add("igo", e, words, line, code, "international body coded as a state")
    # surnames: the coder's title + surname rule indexes the last word of
    # every two-to-four-word name made of name words (faultline-dict
    # ActorDict::by_surname)
    by_last = {}
    for e in layer + phoenix:
        for words, line in e["phrases"]:
            if 2 <= len(words) <= 4 and all(is_name_word(w) for w in words):
                by_last.setdefault(words[-1], []).append((e, words, line))
    role_like = agent_first | CODER_ROLE_NOUNS | FUNCTION_WORDS
    for last, hits in sorted(by_last.items()):
        if last not in role_like:
            continue
        for e, words, line in hits:
            c = code_on(e["codes"], args.date) or (e["codes"][-1] if e["codes"] else None)
            if c and state_of(c["code"]):
                findings.append({
                    "kind": "surname", "phrase": "_".join(words), "where": f"{e['file']}:{line}",
                    "code": c["code"], "why": f"'{last}' after a title would read as this state",
                    "override": None,
                    "keep": "refused by the coder's role-word rule"
                    if last in agent_first or last in CODER_ROLE_NOUNS else None,
                })

    open_ = [f for f in findings if not f["override"] and not f["keep"]]
    shown = open_ if args.open else findings
    for f in shown:
        state = ("overridden by " + f["override"]) if f["override"] else (
            "kept: " + f["keep"] if f["keep"] else "OPEN")
        print(f"{f['kind']:8} {f['where']:42} {f['phrase']:45} {f['code']:10} {f['why']}; {state}")
    kinds = sorted({f["kind"] for f in findings})
    summary = ", ".join(f"{k} {sum(f['kind'] == k for f in findings)}" for k in kinds)
    print(f"\n{len(findings)} findings ({summary}); "
          f"{sum(1 for f in findings if f['override'])} overridden by {LAYER_ACTORS}, "
          f"{sum(1 for f in findings if f['keep'] and not f['override'])} kept, {len(open_)} open",
          file=sys.stderr)
    if args.check and open_:
        sys.exit(1)


if __name__ == "__main__":
    main()
