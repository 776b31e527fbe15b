"""Render the GUM news documents in ../shared/gold/gum/ as plain-text articles.

The output has the layout of ``../shared/corpus/articles/``: title line, ISO date line, then
paragraphs separated by blank lines (GUM ``# newpar`` blocks; sentences joined by a space; the
heading and the date paragraph Wikinews puts first are dropped). For the news documents that
are also in the corpus the output equals the corpus file byte for byte. The benchmarks and the
annotators read these files; tidings reads them like any corpus article.

    python tools/gum_to_text.py [--out benchmarks/gold/texts]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUM = ROOT.parent / "shared" / "gold" / "gum" / "conllu"
DATE_LINE = re.compile(
    r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? .*\d{4}$|^\w+ \d{1,2}, \d{4}$"
)


def render(path: Path) -> str:
    """Title, date and paragraphs of one GUM CoNLL-U document."""
    meta: dict[str, str] = {}
    paragraphs: list[list[str]] = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# meta::"):
            key, _, value = line[len("# meta::") :].partition(" = ")
            meta[key] = value
        elif line.startswith("# newpar") and not line.startswith("# newpar_block"):
            paragraphs.append([])
        elif line.startswith("# text = "):
            if not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(line[len("# text = ") :])
    paras = [" ".join(p) for p in paragraphs if p]
    title = meta.get("title", "")
    if paras and paras[0].strip() == title.strip():
        paras = paras[1:]
    if paras and DATE_LINE.match(paras[0].strip()):
        paras = paras[1:]
    return "\n\n".join([title + "\n" + meta.get("dateCreated", ""), *paras]) + "\n"


def in_corpus_docs() -> set[str]:
    """GUM documents that ``../shared/corpus/SOURCES.tsv`` says are also corpus articles."""
    sources = ROOT.parent / "shared" / "corpus" / "SOURCES.tsv"
    return set(re.findall(r"dep/(GUM_\w+)\.conllu", sources.read_text("utf-8")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "gold" / "texts")
    ap.add_argument("--genre", default="news", choices=["news", "interview", "all"])
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pattern = "GUM_*.conllu" if args.genre == "all" else f"GUM_{args.genre}_*.conllu"
    in_corpus = in_corpus_docs()
    for path in sorted(GUM.glob(pattern)):
        if path.stem in in_corpus:  # annotated under its corpus id (wn-*)
            continue
        (args.out / f"{path.stem}.txt").write_text(render(path), "utf-8")
        print(path.stem)


if __name__ == "__main__":
    main()
