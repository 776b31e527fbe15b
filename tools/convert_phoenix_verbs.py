"""Convert the MIT-licensed Phoenix/PETRARCH dictionaries into tidings' flat data files.

Run once by a developer (``python tools/convert_phoenix_verbs.py ../shared/dictionaries/phoenix``);
the outputs are committed under ``src/tidings/data/verbs/`` so nothing is parsed from the
original formats at run time. Kept as code so the conversion is reproducible.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "tidings" / "data"

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


def main(argv: list[str]) -> int:
    """Write data/verbs/*.tsv from a Phoenix dictionary folder (actors: tools/build_kb.py)."""
    src = Path(argv[0]) if argv else ROOT.parent / "shared" / "dictionaries" / "phoenix"
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
    print(f"{len(verbs)} verbs, {len(patterns)} patterns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
