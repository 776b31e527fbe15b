"""Check the article-level gold in benchmarks/gold/ against docs/annotation.md.

Every file must parse, name a document of ``splits.tsv``, use PLOVER types and CAMEO codes that
exist, well-formed dates and actor codes, and quote sentences/quotations that occur in the text.
Prints one line per problem and exits 1 when there is any.

    python tools/check_gold.py [FILE ...]
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "gold"
ONTOLOGY = ROOT / "src" / "tidings" / "data" / "ontology"


def _csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


TYPES = {r["event"] for r in _csv(ONTOLOGY / "plover_event_types.csv")}
CAMEO = {r["code"] for r in _csv(ONTOLOGY / "cameo_event_codes_full.csv")}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CODE = re.compile(r"^[A-Z]{3}([A-Z]{3})*$")
PRECISION = {"day": 10, "month": 7, "year": 4}
BASIS = {"explicit", "relative", "meeting", "reported"}
MODALITY = {"asserted", "negated", "hypothetical", "future", "reported-claim"}
STATUS = {"main", "background", "optional"}


def splits() -> dict[str, tuple[str, str]]:
    return {r["doc"]: (r["split"], r["text"]) for r in _csv(GOLD / "splits.tsv", "\t")}


def doc_text(spec: str) -> str:
    where, _, rel = spec.partition(":")
    base = ROOT.parent / "shared" if where == "shared" else ROOT
    return (base / rel).read_text("utf-8")


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("‘", "'")).strip()


def check_actor(a: object, where: str, problems: list[str], allow_null: bool) -> None:
    if not isinstance(a, dict) or set(a) - {"name", "aliases", "code"}:
        problems.append(f"{where}: actor must be {{name, aliases, code}}: {a!r}")
        return
    if a.get("name") is None and not allow_null:
        problems.append(f"{where}: actor without a name")
    if not isinstance(a.get("aliases", []), list):
        problems.append(f"{where}: aliases must be a list")
    code = a.get("code")
    if code is not None and not CODE.match(code):
        problems.append(f"{where}: bad actor code {code!r}")


def check_events(path: Path, data: dict, text: str, problems: list[str]) -> None:
    flat = _squash(text)
    for i, ev in enumerate(data.get("events", []), 1):
        where = f"{path.name} event {ev.get('id', i)}"
        if ev.get("type") not in TYPES:
            problems.append(f"{where}: unknown PLOVER type {ev.get('type')!r}")
        cameo = ev.get("cameo")
        if cameo is not None and cameo not in CAMEO:
            problems.append(f"{where}: unknown CAMEO code {cameo!r}")
        if ev.get("status") not in STATUS:
            problems.append(f"{where}: status must be one of {sorted(STATUS)}")
        if ev.get("modality") not in MODALITY:
            problems.append(f"{where}: modality must be one of {sorted(MODALITY)}")
        if ev.get("sentence") and _squash(ev["sentence"]) not in flat:
            problems.append(f"{where}: sentence not found in the text")
        if not ev.get("source"):
            problems.append(f"{where}: source is empty")
        optional = ev.get("status") != "main"
        for side in ("source", "target"):
            for a in ev.get(side) or []:
                check_actor(a, f"{where} {side}", problems, allow_null=optional)
        date, prec = ev.get("date"), ev.get("date_precision")
        if date is not None:
            if not DATE.match(date) or PRECISION.get(prec) != len(date):
                problems.append(f"{where}: date {date!r} does not match precision {prec!r}")
            if ev.get("date_basis") not in BASIS:
                problems.append(f"{where}: date_basis must be one of {sorted(BASIS)}")
        elif ev.get("status") == "main":
            problems.append(f"{where}: a main event needs a date (see 'Date' in the guide)")


def check_quotes(path: Path, data: dict, text: str, problems: list[str]) -> None:
    flat = _squash(text)
    names = {p["name"] for p in data.get("people", [])}
    for i, q in enumerate(data.get("quotes", []), 1):
        where = f"{path.name} quote {i}"
        if not q.get("text") or _squash(q["text"]) not in flat:
            problems.append(f"{where}: text not found in the article: {q.get('text', '')[:60]!r}")
        if q.get("speaker_kind") == "person" and q.get("speaker") not in names:
            problems.append(f"{where}: person speaker {q.get('speaker')!r} is not in people")
    for p in data.get("people", []):
        where = f"{path.name} person {p.get('name')!r}"
        if p.get("country") is not None and not re.match(r"^[A-Z]{3}$", p["country"]):
            problems.append(f"{where}: country must be ISO alpha-3")
        for s in p.get("surfaces", []):
            if s.lower() not in {"he", "she", "him", "her", "his", "i", "me", "my"} and (
                _squash(s).lower() not in flat.lower()
            ):
                problems.append(f"{where}: surface {s!r} not in the text")


def main(argv: list[str]) -> int:
    known = splits()
    files = [Path(a) for a in argv] or sorted(GOLD.glob("events/*.json")) + sorted(
        GOLD.glob("quotes/*.json")
    )
    problems: list[str] = []
    for path in files:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(f"{path}: {exc}")
            continue
        doc = data.get("doc")
        if doc not in known or path.stem != doc:
            problems.append(
                f"{path}: doc {doc!r} is not in splits.tsv or differs from the file name"
            )
            continue
        text = doc_text(known[doc][1])
        if path.parent.name == "events":
            check_events(path, data, text, problems)
        else:
            check_quotes(path, data, text, problems)
    for p in problems:
        print(p)
    print(f"{len(files)} files, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
