"""Reading PETRARCH/TABARI ``.actors`` dictionaries (the Phoenix format).

Used at run time for a user's own dictionary (``TIDINGS_KB_USER`` naming a ``.actors`` file) and
by ``tools/build_kb.py``, which converts the Phoenix dictionaries into the packaged TSV once.
"""

from __future__ import annotations

import re
from pathlib import Path

CODE = re.compile(r"\[([^\]]*)\]")


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


def phrase(token: str) -> str:
    """``SERGEY_V._LAVROV_`` -> ``SERGEY V. LAVROV`` (underscores are spaces in PETRARCH)."""
    token = token.split("#", 1)[0].strip()
    return re.sub(r"\s+", " ", token.replace("_", " ")).strip()


class _Entries:
    """Collects actors line by line; root phrases without a code are synonyms of the next."""

    def __init__(self) -> None:
        self.actors: list[dict] = []
        self.cur: dict | None = None
        self.pending: list[dict] = []

    def close(self) -> None:
        if self.cur is not None and self.cur["codes"]:
            self.actors.append(self.cur)
        self.cur = None

    def blank(self) -> None:
        if self.cur is not None and self.cur["codes"]:
            self.close()
        self.pending.clear()

    def root(self, head: str, codes: list) -> None:
        if self.cur is not None and not self.cur["codes"]:
            self.pending.append(self.cur)  # root without code: a synonym of the next root
        else:
            self.close()
            self.pending.clear()
        name = phrase(head)
        if not name:
            self.cur = None
            return
        self.cur = {"name": name, "aliases": [name], "codes": list(codes)}
        for p in self.pending:
            self.cur["aliases"].extend(p["aliases"])
        self.pending.clear()


def parse_actors(path: Path) -> list[dict]:
    """Parse a PETRARCH .actors file into actors with aliases and dated codes."""
    entries = _Entries()
    for line in path.read_text("utf-8", errors="replace").splitlines():
        if line.lstrip().startswith("#"):
            continue  # a comment line does not end an entry
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            entries.blank()
            continue
        stripped = body.strip()
        codes = [c for c in (parse_code(x) for x in CODE.findall(stripped)) if c]
        head = CODE.sub("", stripped).strip()
        cur = entries.cur
        if stripped.startswith("["):
            if cur is not None:
                cur["codes"].extend(codes)
        elif stripped.startswith("+"):
            if cur is not None and head[1:].strip():
                cur["aliases"].append(phrase(head[1:]))
                cur["codes"].extend(codes)
        else:
            entries.root(head, codes)
    entries.close()
    return entries.actors


__all__ = ["CODE", "parse_actors", "parse_code", "phrase"]
