"""Convert the MIT-licensed Phoenix/PETRARCH dictionaries into tidings' flat data files.

Run once by a developer (``python -m tidings.events.phoenix ../shared/dictionaries/phoenix``);
the outputs are committed under ``src/tidings/data/{verbs,actors}/`` so nothing is parsed
from the original formats at run time. Kept as code so the conversion is reproducible.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

_CODE = re.compile(r"\[([^\]]*)\]")


def _clean_word(word: str) -> str:
    """PETRARCH words: ``_`` joins words, a trailing ``_`` means 'exact' (we match lemmas)."""
    return " ".join(w for w in word.strip().strip("+").lower().split("_") if w)


def convert_verbs(src: Path) -> tuple[list[str], list[str], list[str]]:
    """Return (synsets rows, verb rows, pattern rows) as TSV lines from ``CAMEO.2.0.txt``."""
    lines = src.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets: list[str] = []
    verbs: list[str] = []
    patterns: list[str] = []
    section = "head"
    synset = None
    group = None
    for raw in lines:
        if raw.startswith("####### SYNONYM SETS"):
            section = "syn"
            continue
        if raw.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if section == "syn":
            if line.startswith("&"):
                synset = line.strip().rstrip("_").upper()
            elif line.startswith("+") and synset:
                synsets.append(f"{synset}\t{_clean_word(line)}")
            continue
        if section != "verbs":
            continue
        if line.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
            if m:
                group = m.group(1).upper()
                code = m.group(2).split(":")[0]
                verbs.append(f"{group}\t\t{code}")
            continue
        if group is None:
            continue
        if line.startswith("-"):
            m = _CODE.search(line)
            if not m:
                continue
            code = m.group(1).split(":")[0].strip()
            pat = line[1 : m.start()].strip()
            pat = " ".join(pat.split())
            note = raw.split("#", 1)[1].strip() if "#" in raw else ""
            patterns.append(f"{group}\t{code}\t{pat}\t{note}")
            continue
        # a verb line: WORD [code] {forms}
        m = _CODE.search(line)
        code = m.group(1).split(":")[0].strip() if m else ""
        head = re.sub(r"\{[^}]*\}", "", _CODE.sub("", line)).strip()
        if not head:
            continue
        words = _clean_word(head.split()[0])
        if words:
            verbs.append(f"{group}\t{words}\t{code}")
    return synsets, verbs, patterns


def _parse_date(text: str) -> str:
    """PETRARCH dates are YYMMDD or YYYYMMDD; return YYYY-MM-DD (two-digit years pivot at 30)."""
    text = text.strip()
    if len(text) == 6:
        yy = int(text[:2])
        text = (f"20{text[:2]}" if yy < 30 else f"19{text[:2]}") + text[2:]
    if len(text) != 8 or not text.isdigit():
        return ""
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def _role(spec: str) -> tuple[str, str, str]:
    """'RUSGOV >080508' -> (code, start, end)."""
    parts = spec.split()
    if not parts:
        return "", "", ""
    code = parts[0].strip()
    start = end = ""
    if len(parts) > 1:
        rng = parts[1]
        if rng.startswith(">"):
            start = _parse_date(rng[1:])
        elif rng.startswith("<"):
            end = _parse_date(rng[1:])
        elif "-" in rng:
            a, b = rng.split("-", 1)
            start, end = _parse_date(a), _parse_date(b)
    return code, start, end


def convert_actors(src: Path) -> list[str]:
    """Return TSV rows ``phrase, code, start, end`` from a PETRARCH actors file."""
    rows: list[str] = []
    names: list[str] = []
    roles: list[tuple[str, str, str]] = []

    def flush() -> None:
        for name in names:
            for code, start, end in roles:
                if code and name:
                    rows.append(f"{name}\t{code}\t{start}\t{end}")

    for raw in src.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line[0] in " \t" and line.strip().startswith("["):
            for spec in _CODE.findall(line):
                roles.append(_role(spec))
            continue
        if line.startswith("+"):
            name = _clean_word(_CODE.sub("", line))
            names.append(name)
            for spec in _CODE.findall(line):
                roles.append(_role(spec))
            continue
        # new primary actor
        flush()
        names = [_clean_word(_CODE.sub("", line))]
        roles = [_role(s) for s in _CODE.findall(line)]
    flush()
    return rows


def convert_agents(src: Path) -> list[str]:
    """Return TSV rows ``phrase, sector`` from ``Phoenix.agents.txt`` (substitution sets expanded)."""
    subs: dict[str, list[str]] = {}
    rows: list[str] = []
    for raw in src.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^!(\w+)!\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        sector = codes[0].strip().lstrip("~")
        phrase = re.sub(r"\{[^}]*\}", "", _CODE.sub("", line)).strip()
        variants = [phrase]
        for key, vals in subs.items():
            token = f"!{key}!"
            if any(token in v for v in variants):
                variants = [v.replace(token, val) for v in variants for val in vals]
        for v in variants:
            words = _clean_word(v.replace(" ", "_"))
            if words and sector:
                rows.append(f"{words}\t{sector}")
    return sorted(set(rows))


def main(argv: list[str]) -> int:
    """Write data/verbs/*.tsv and data/actors/*.tsv from a Phoenix dictionary folder."""
    src = Path(argv[0]) if argv else Path("../shared/dictionaries/phoenix")
    if not (src / "CAMEO.2.0.txt").exists():
        print(f"{src}: CAMEO.2.0.txt not found", file=sys.stderr)
        return 1
    synsets, verbs, patterns = convert_verbs(src / "CAMEO.2.0.txt")
    head = "# Converted from Phoenix CAMEO.2.0.txt (MIT, Open Event Data); see LICENSE-phoenix\n"
    (DATA / "verbs" / "phoenix_synsets.tsv").write_text(
        head + "# synset\tword\n" + "\n".join(synsets) + "\n", encoding="utf-8"
    )
    (DATA / "verbs" / "phoenix_verbs.tsv").write_text(
        head
        + "# group\tverb\tcode (empty: group default, ---: no event)\n"
        + "\n".join(verbs)
        + "\n",
        encoding="utf-8",
    )
    (DATA / "verbs" / "phoenix_patterns.tsv").write_text(
        head + "# group\tcode\tpattern\tnote\n" + "\n".join(patterns) + "\n", encoding="utf-8"
    )
    rows: list[str] = []
    for name in (
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ):
        rows.extend(convert_actors(src / name))
    ahead = (
        "# Converted from Phoenix actor dictionaries (MIT, Open Event Data); see LICENSE-phoenix\n"
    )
    (DATA / "actors" / "phoenix_actors.tsv").write_text(
        ahead + "# phrase\tcode\tstart\tend\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    (DATA / "actors" / "phoenix_agents.tsv").write_text(
        ahead + "# phrase\tsector\n" + "\n".join(convert_agents(src / "Phoenix.agents.txt")) + "\n",
        encoding="utf-8",
    )
    print(f"{len(verbs)} verbs, {len(patterns)} patterns, {len(rows)} actor rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
