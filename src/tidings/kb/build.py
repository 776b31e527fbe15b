"""Build the packaged actor knowledge base from the Phoenix (PETRARCH-format) dictionaries.

Run once by a developer, not at run time::

    python -m tidings.kb.build ../shared/dictionaries/phoenix

It writes ``src/tidings/data/kb/phoenix_actors.tsv.gz`` (one actor a line: id, canonical
name, dated codes, aliases) and ``phoenix_agents.tsv`` (agent noun -> sector code). The
dictionaries are MIT-licensed (Open Event Data Alliance); the licence is copied beside them.
"""

from __future__ import annotations

import gzip
import re
import shutil
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "kb"
_CODE = re.compile(r"\[([^\]]*)\]")


def _date(s: str) -> str:
    """PETRARCH dates are YYMMDD or YYYYMMDD; two-digit years below 30 are 20xx."""
    s = s.strip()
    if len(s) == 6:
        yy = int(s[:2])
        s = f"{2000 + yy if yy < 30 else 1900 + yy}{s[2:]}"
    if len(s) != 8 or not s.isdigit():
        return ""
    return f"{s[:4]}-{s[4:6]}-{s[6:]}"


def parse_code(raw: str) -> tuple[str, str, str] | None:
    """``RUSGOV >20040309`` -> ("RUSGOV", "2004-03-09", ""); ``X 940922-040712`` -> range."""
    parts = raw.split()
    if not parts or not re.fullmatch(r"~?[A-Z]{3,}", parts[0]) or set(parts[0]) == {"-"}:
        return None
    code, start, end = parts[0], "", ""
    if len(parts) > 1:
        rng = parts[1]
        if rng.startswith(">"):
            start = _date(rng[1:])
        elif rng.startswith("<"):
            end = _date(rng[1:])
        elif "-" in rng:
            a, b = rng.split("-", 1)
            start, end = _date(a), _date(b)
    return code, start, end


def _phrase(token: str) -> str:
    """``SERGEY_V._LAVROV_`` -> ``SERGEY V. LAVROV`` (underscores are spaces in PETRARCH)."""
    token = token.split("#", 1)[0].strip()
    return re.sub(r"\s+", " ", token.replace("_", " ")).strip()


def parse_actors(path: Path) -> list[dict]:
    """Parse a PETRARCH .actors file into actors with aliases and dated codes."""
    actors: list[dict] = []
    cur: dict | None = None
    pending: list[dict] = []  # root lines with no code yet (synonym groups share the next code)

    def close() -> None:
        nonlocal cur
        if cur is not None and cur["codes"]:
            actors.append(cur)
        cur = None

    for line in path.read_text("utf-8", errors="replace").splitlines():
        if line.lstrip().startswith("#"):
            continue  # a comment line does not end an entry
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            if cur is not None and cur["codes"]:
                close()
            pending.clear()
            continue
        stripped = body.strip()
        codes = [c for c in (parse_code(x) for x in _CODE.findall(stripped)) if c]
        head = _CODE.sub("", stripped).strip()
        if stripped.startswith("["):
            if cur is not None:
                cur["codes"].extend(codes)
            continue
        if stripped.startswith("+"):
            if cur is not None and head[1:].strip():
                cur["aliases"].append(_phrase(head[1:]))
                cur["codes"].extend(codes)
            continue
        # a new root phrase
        if cur is not None and not cur["codes"]:
            pending.append(cur)  # root without code: a synonym of the next root
        else:
            close()
            pending.clear()
        name = _phrase(head)
        if not name:
            cur = None
            continue
        cur = {"name": name, "aliases": [name], "codes": list(codes)}
        if pending:
            for p in pending:
                cur["aliases"].extend(p["aliases"])
            pending.clear()
    close()
    return actors


def parse_agents(path: Path) -> list[tuple[str, str]]:
    """Agent nouns (``FOREIGN_MINISTER [~GOV]``) with ``!MACRO!`` and ``{plural}`` expanded."""
    macros: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for line in path.read_text("utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        m = re.fullmatch(r"(!\w+!)\s*=\s*(.+)", body)
        if m:
            macros[m.group(1)] = [x.strip() for x in m.group(2).split(",")]
            continue
        cm = _CODE.search(body)
        if not cm:
            continue
        code = cm.group(1).strip().lstrip("~").split()[0] if cm.group(1).strip() else ""
        if not code:
            continue
        head = body[: cm.start()]
        plural = re.search(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", "", head).strip()
        forms = [head]
        if plural and plural.group(1).strip():
            forms.append(plural.group(1).strip())
        expanded: list[str] = []
        for f in forms:
            macro = re.search(r"!\w+!", f)
            if macro and macro.group(0) in macros:
                expanded += [f.replace(macro.group(0), x) for x in macros[macro.group(0)]]
            else:
                expanded.append(f)
        for f in expanded:
            phrase = _phrase(f)
            if phrase and "!" not in phrase:
                out.append((phrase, code))
    return out


def build(src: Path, dest: Path = DATA) -> None:
    """Write the derived data files and copy the licence."""
    dest.mkdir(parents=True, exist_ok=True)
    rows = []
    for fname, prefix in (
        ("Phoenix.Countries.actors.txt", "C"),
        ("Phoenix.International.actors.txt", "I"),
        ("Phoenix.MilNonState.actors.txt", "M"),
    ):
        for i, a in enumerate(parse_actors(src / fname), 1):
            codes = ";".join(f"{c}:{s}:{e}" for c, s, e in a["codes"])
            aliases = "|".join(dict.fromkeys(a["aliases"]))
            rows.append(f"phx-{prefix}{i}\t{a['name']}\t{codes}\t{aliases}")
    text = "# id\tname\tcodes(code:start:end;...)\taliases(|)\n" + "\n".join(rows) + "\n"
    (dest / "phoenix_actors.tsv.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    agents = parse_agents(src / "Phoenix.agents.txt")
    with open(dest / "phoenix_agents.tsv", "w", encoding="utf-8") as fh:
        fh.write("# phrase\tcode\n")
        for phrase, code in dict.fromkeys(agents):
            fh.write(f"{phrase}\t{code}\n")
    shutil.copyfile(src / "LICENSE", dest / "LICENSE-phoenix.txt")
    print(f"{len(rows)} actors, {len(agents)} agent phrases -> {dest}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/dictionaries/phoenix"))
