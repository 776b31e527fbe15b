"""Build the packaged actor knowledge base from the Phoenix (PETRARCH-format) dictionaries.

Run once by a developer, not at run time::

    python tools/build_kb.py ../shared/dictionaries/phoenix

It writes ``src/tidings/data/kb/phoenix_actors.tsv.gz`` (one actor a line: id, canonical
name, dated codes, aliases), its compiled tables ``phoenix_index.json.gz`` (normalised alias ->
rows, country aliases, country entries: start-up does not derive them from 27,000 actors) and the ``phoenix`` rows of ``agents.tsv`` (agent noun -> sector
code; the hand-written ``tidings`` rows there are kept, first). The dictionaries are
MIT-licensed (Open Event Data Alliance); the licence is copied beside them.
"""

from __future__ import annotations

import gzip
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tidings.kb.actors import INDEX_FILE, compile_index  # noqa: E402
from tidings.kb.petrarch import CODE, parse_actors, phrase  # noqa: E402

DATA = ROOT / "src" / "tidings" / "data" / "kb"


def _expand(form: str, macros: dict[str, list[str]]) -> list[str]:
    macro = re.search(r"!\w+!", form)
    if macro and macro.group(0) in macros:
        return [form.replace(macro.group(0), x) for x in macros[macro.group(0)]]
    return [form]


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
        cm = CODE.search(body)
        code = cm.group(1).strip().lstrip("~").split()[0] if cm and cm.group(1).strip() else ""
        if not code:
            continue
        head = body[: cm.start()]
        plural = re.search(r"\{([^}]*)\}", head)
        forms = [re.sub(r"\{[^}]*\}", "", head).strip()]
        if plural and plural.group(1).strip():
            forms.append(plural.group(1).strip())
        for f in (x for form in forms for x in _expand(form, macros)):
            p = phrase(f)
            if p and "!" not in p:
                out.append((p, code))
    return out


def _ours(dest: Path) -> list[str]:
    """The hand-written rows and the header of agents.tsv, kept as they are."""
    path = dest / "agents.tsv"
    if not path.exists():
        return []
    return [x for x in path.read_text("utf-8").splitlines() if not x.endswith("\tphoenix")]


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
    (dest / INDEX_FILE).write_bytes(compile_index(text.splitlines()))
    agents = parse_agents(src / "Phoenix.agents.txt")
    lines = _ours(dest) + [f"{p}\t{c}\tphoenix" for p, c in dict.fromkeys(agents)]
    (dest / "agents.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(src / "LICENSE", dest / "LICENSE-phoenix.txt")
    print(f"{len(rows)} actors, {len(agents)} agent phrases -> {dest}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared/dictionaries/phoenix"))
