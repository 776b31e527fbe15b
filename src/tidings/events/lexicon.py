"""Verb and noun patterns (data files), loaded once, and their matching against a spaCy parse.

Sources, in priority order (earlier wins on equal specificity):
1. a user file named by the ``TIDINGS_EVENT_PATTERNS`` setting (TSV: verb, code, pattern, note);
2. ``data/verbs/tidings_patterns.tsv`` and ``tidings_verbs.tsv`` (ours, curated; their
   synonym sets in ``tidings_synsets.tsv``);
3. ``data/verbs/phoenix_*.tsv`` (converted from the MIT Phoenix CAMEO.2.0 verb dictionary).

Pattern syntax is PETRARCH's: words before ``*`` must occur left of the verb (its subject side),
words after it right of the verb; ``(PREP WORDS)`` a prepositional phrase, ``{A B}`` a phrase,
``&SET`` a synonym set, ``$``/``+`` mark source/target. Matching is on lemmas over the verb's
dependency subtree, and the most specific matching pattern (most words) wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tidings import datafiles
from tidings.settings import get_settings

NO_EVENT = "---"


@dataclass(frozen=True)
class Element:
    """One pattern element: plain words, or a preposition with words inside its phrase."""

    words: tuple[str, ...]  # each may be a synset ref "&NAME" or a word
    prep: str | None = None
    target: bool = False  # "(WITH +)": the target sits in this phrase


@dataclass(frozen=True)
class Pattern:
    code: str
    before: tuple[Element, ...]
    after: tuple[Element, ...]
    source: str  # which file
    text: str
    size: int = 0  # words and prepositions: the more, the more specific (set on parsing)
    verb: str = ""  # the verb a Phoenix pattern was written for (its note), lower case


@dataclass
class Lexicon:
    synsets: dict[str, frozenset[str]] = field(default_factory=dict)
    verb_groups: dict[str, list[tuple[str, str, tuple[str, ...]]]] = field(default_factory=dict)
    group_code: dict[str, str] = field(default_factory=dict)
    patterns: dict[str, list[Pattern]] = field(default_factory=dict)  # parsed on first use
    raw: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)  # parse args
    nouns: dict[str, tuple[str, bool]] = field(default_factory=dict)
    nominal: dict[str, str] = field(default_factory=dict)  # act nouns of event verbs -> code
    frames: dict[str, str] = field(default_factory=dict)
    synset_heads: dict[str, frozenset[str]] = field(
        default_factory=dict
    )  # &SET -> one-word members
    synset_phrases: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # longer

    anchors: dict[str, _Anchors] = field(default_factory=dict)  # built on first use

    def group_patterns(self, group: str) -> list[Pattern]:
        """A verb group's patterns, parsed when the group is first met: one article meets a
        few dozen groups, and parsing all 4,750 patterns at load was 0.1 s of its start."""
        got = self.patterns.get(group)
        if got is None:
            got = [parse_pattern(*row) for row in self.raw.get(group, ())]
            self.patterns[group] = got
        return got

    def group_anchors(self, group: str) -> _Anchors:
        """The group's patterns indexed by a word each needs (:class:`_Anchors`)."""
        got = self.anchors.get(group)
        if got is None:
            got = self.anchors[group] = _Anchors(self.group_patterns(group), self)
        return got


class _Anchors:
    """A verb group's patterns indexed by one word each cannot match without.

    A verb meets a group's patterns (dozens, some groups hundreds) and almost all of them fail
    on a word its clause lacks. Each pattern's anchor is one of its elements: a plain word (its
    clause side must hold it, or it without a final "s"), a preposition (the side holds the
    preposition itself) or a synonym set (the side holds a one-word member or the first word of a
    longer one). :meth:`candidates` keeps the patterns whose anchor a side's word forms hold,
    in the group's order, so matching them gives exactly what trying every pattern gives."""

    def __init__(self, patterns: list[Pattern], lex: Lexicon) -> None:
        self.patterns = patterns
        self.always: list[int] = []  # patterns with no element to anchor on
        self.before: dict[str, list[int]] = {}  # word -> patterns anchored left of the verb
        self.after: dict[str, list[int]] = {}
        for k, pat in enumerate(patterns):
            side, keys = _anchor(pat, lex)
            if side is None:
                self.always.append(k)
                continue
            table = self.before if side == "before" else self.after
            for key in keys:
                table.setdefault(key, []).append(k)

    def candidates(self, left: set[str], right: set[str]) -> list[Pattern]:
        """The patterns whose anchor word the left (``left``) or right side's forms hold."""
        found = set(self.always)
        for forms, table in ((left, self.before), (right, self.after)):
            for word in forms.intersection(table):
                found.update(table[word])
        return [self.patterns[k] for k in sorted(found)]


def _element_keys(el: Element, lex: Lexicon) -> set[str] | None:
    """Words of which a side's forms must hold one for the element to match; None: no such
    set (an element with no word)."""
    if el.prep is not None:
        return {el.prep} if el.prep else None
    keys: set[str] = set()
    for word in el.words[:1]:
        if word.startswith("&"):
            name = word[1:].upper()
            keys |= lex.synset_heads.get(name, frozenset())
            keys |= {ph[0] for ph in lex.synset_phrases.get(name, ())}
        elif word:
            keys |= {word, word.rstrip("s")}
    return keys or None


def _anchor(pat: Pattern, lex: Lexicon) -> tuple[str | None, set[str]]:
    """(side, words) of the element to index a pattern by: the one with the fewest words,
    plain words first; (None, set()) when no element has any."""
    best: tuple[str | None, set[str]] = (None, set())
    for side, elements in (("before", pat.before), ("after", pat.after)):
        for el in elements:
            keys = _element_keys(el, lex)
            if keys is not None and (best[0] is None or len(keys) < len(best[1])):
                best = (side, keys)
    return best


_TOKEN = re.compile(r"\([^)]*\)|\{[^}]*\}|\S+")


def _elements(text: str) -> tuple[Element, ...]:
    out: list[Element] = []
    for tok in _TOKEN.findall(text):
        if tok.startswith("("):
            inner = tok[1:-1].split()
            if not inner:
                continue
            prep = inner[0].lower().strip("_")
            words = tuple(w.lower().strip("_") for w in inner[1:] if w not in "+$")
            out.append(Element(words=words, prep=prep, target="+" in inner[1:]))
        elif tok.startswith("{"):
            words = tuple(w.lower().strip("_") for w in tok[1:-1].split() if w not in "+$")
            if words:
                out.append(Element(words=words))
        elif tok in {"$", "+", "%"}:
            continue
        else:
            out.append(Element(words=(tok.lower().strip("_"),)))
    return tuple(out)


def parse_pattern(text: str, code: str, source: str, verb: str = "") -> Pattern:
    """Parse a PETRARCH-style pattern string ("* (ON) RUSSIA")."""
    if "*" in text:
        left, right = text.split("*", 1)
    else:
        left, right = "", text
    before, after = _elements(left), _elements(right)
    size = sum(len(e.words) + (1 if e.prep else 0) for e in before + after)
    return Pattern(
        code=code, before=before, after=after, source=source, text=text, size=size, verb=verb
    )


def _add_patterns(lex: Lexicon, rows: list[list[str]], source: str, *, user: bool) -> None:
    for row in rows:
        if len(row) < 3:
            continue
        group, code, text = row[0].strip(), row[1].strip(), row[2].strip()
        # Phoenix notes name the verb a pattern was written for ("RATIFY"); ours are prose
        verb = row[3].strip().lower() if source == "phoenix" and len(row) > 3 else ""
        if user:  # user rows name a verb lemma; it becomes its own group
            lemma = group.lower()
            group = f"USER:{lemma}"
            lex.verb_groups.setdefault(lemma, []).insert(0, (group, "", ()))
        lex.raw.setdefault(group.upper() if not user else group, []).append(
            (text, code, source, verb)
        )


@cache
def lexicon() -> Lexicon:
    """Load all pattern files once per process."""
    lex = Lexicon()
    # Phoenix's synonym sets, then ours (new sets, or more members of a Phoenix set)
    for fname in ("phoenix_synsets.tsv", "tidings_synsets.tsv"):
        for name, word in datafiles.tsv("verbs", fname):
            key = name.lstrip("&").upper()
            lex.synsets[key] = lex.synsets.get(key, frozenset()) | {word.strip().lower()}
    path = get_settings().event_patterns
    if path:
        if not path.exists():
            raise RuntimeError(f"{path}: TIDINGS_EVENT_PATTERNS file not found")
        _add_patterns(lex, datafiles.tsv_file(path), str(path), user=True)
    for fname in ("tidings_verbs.tsv", "phoenix_verbs.tsv"):
        for row in datafiles.tsv("verbs", fname):
            group, verb, code = (row + ["", ""])[:3]
            group = group.upper()
            if not verb:
                lex.group_code.setdefault(group, code.strip())
                continue
            words = verb.split()
            lex.verb_groups.setdefault(words[0], []).append((group, code.strip(), tuple(words[1:])))
    _add_patterns(lex, datafiles.tsv("verbs", "tidings_patterns.tsv"), "tidings", user=False)
    _add_patterns(lex, datafiles.tsv("verbs", "phoenix_patterns.tsv"), "phoenix", user=False)
    for row in datafiles.tsv("verbs", "tidings_nouns.tsv"):
        needs_target = len(row) > 2 and row[2].strip().lower() == "yes"
        lex.nouns[row[0].strip().lower()] = (row[1].strip(), needs_target)
    for row in datafiles.tsv("verbs", "tidings_nominal_events.tsv"):
        noun = row[0].strip().lower()
        if noun not in lex.nouns:  # the curated event nouns keep their own structure
            lex.nominal[noun] = row[1].strip()
    for row in datafiles.tsv("verbs", "tidings_frames.tsv"):
        lex.frames[row[0].strip().lower()] = row[1].strip()
    # one-word members match a word of the region; a longer one ("concentration camp") only
    # with all its words, so that "refugee camp" is no "&DETENTION"
    lex.synset_heads = {
        name: frozenset(m for m in members if " " not in m) for name, members in lex.synsets.items()
    }
    lex.synset_phrases = {
        name: tuple(tuple(m.split()) for m in members if " " in m)
        for name, members in lex.synsets.items()
    }
    return lex


# ----------------------------------------------------------------------------- matching


def _forms(tok) -> set[str]:  # noqa: ANN001 - spacy Token
    low = tok.lower_
    lem = tok.lemma_.lower()
    out = {low, lem}
    if low.endswith("s"):
        out.add(low[:-1])
    return out


def _word_ok(word: str, forms: set[str], lex: Lexicon) -> bool:
    if word.startswith("&"):
        name = word[1:].upper()
        if not lex.synset_heads.get(name, frozenset()).isdisjoint(forms):
            return True
        return any(all(w in forms for w in ph) for ph in lex.synset_phrases.get(name, ()))
    return word in forms or word.rstrip("s") in forms


def _region_forms(tokens) -> set[str]:  # noqa: ANN001
    out: set[str] = set()
    for t in tokens:
        out |= _forms(t)
    return out


def _temporal(prep) -> bool:  # noqa: ANN001 - spacy Token
    """A prepositional phrase that only dates the clause ("on Tuesday", "in May"): its object
    is a DATE or TIME entity."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objs) and all(o.ent_type_ in {"DATE", "TIME"} for o in objs)


class _Region:
    """One side of a verb's clause, with its word forms and its prepositional phrases'
    forms computed once (a verb is tried against hundreds of patterns)."""

    def __init__(self, tokens: list) -> None:
        self.tokens = tokens
        self.forms = _region_forms(tokens)
        self._preps: dict[str, list] = {}

    def preps(self, prep: str) -> list:
        """(token, forms inside its phrase) of the prepositions ``prep`` of the region."""
        got = self._preps.get(prep)
        if got is None:
            got = []
            for t in self.tokens:
                if t.lower_ == prep and t.dep_ == "prep" and _temporal(t):
                    continue  # "telephoned X on Tuesday" is no "call on X"
                if t.lower_ == prep and t.dep_ in {"prep", "agent", "dative", "prt", "mark", "aux"}:
                    # "to" of an infinitive ("agreed to meet") heads nothing: look at its verb
                    inner = list(t.head.subtree) if t.dep_ == "aux" else list(t.subtree)[1:]
                    got.append((t, _region_forms([x for x in inner if x.i != t.i])))
            self._preps[prep] = got
        return got


def _match_element(el: Element, region: _Region, lex: Lexicon):  # noqa: ANN201
    """Return the prep token matched (or True) when the element matches, else None."""
    if el.prep is None:
        return True if all(_word_ok(w, region.forms, lex) for w in el.words) else None
    for t, inner in region.preps(el.prep):
        if all(_word_ok(w, inner, lex) for w in el.words):
            return t
    return None


def _with_partner(tok) -> list:  # noqa: ANN001
    """ "spoke with X to convey ...", misparsed as a clause opened by "with": its "with" and
    subject, matched as the verb's "with X" phrase."""
    out = []
    for c in tok.children:
        marks = [m for m in c.children if m.dep_ == "mark" and m.lower_ == "with"]
        subj = [x for x in c.children if x.dep_ == "nsubj"]
        if c.dep_ == "advcl" and marks and subj:
            out += marks + list(subj[0].subtree)
    return out


def _own(pat: Pattern, best: VerbMatch | None, lemma: str) -> bool:
    """On equal size, a Phoenix pattern written for this very verb ("- * &TREATY [057] #
    RATIFY") wins over one its group wrote for another verb ("ALLOW ... # APPROVE" 031);
    never over one of ours."""
    if best is None or best.pattern is None or pat.verb != lemma:
        return False
    return best.pattern.source == "phoenix" and best.pattern.verb != lemma


def _curated_types(groups, lex: Lexicon) -> frozenset[str]:  # noqa: ANN001
    """The PLOVER types our curated groups (``tidings_verbs.tsv``: T_*) give a verb."""
    from tidings.ontology import coding

    out = set()
    for group, own_code, _ in groups:
        code = own_code or lex.group_code.get(group, "")
        cod = coding(code) if group.startswith("T_") and code else None
        if cod is not None:
            out.add(cod.type)
    return frozenset(out)


def _foreign(pat: Pattern, lemma: str, curated: frozenset[str]) -> bool:
    """A Phoenix pattern written for another verb of its group ("convicted X of crimes", 173)
    does not retype a verb our curated groups type ("accused X of crimes" stays ACCUSE): the
    group's verbs share patterns, not senses."""
    from tidings.ontology import coding

    if pat.source != "phoenix" or not pat.verb or pat.verb == lemma:
        return False
    cod = coding(pat.code)
    return cod is not None and cod.type not in curated


@dataclass
class VerbMatch:
    code: str
    group: str
    pattern: Pattern | None
    target_prep: object | None = None  # spaCy token of the "(WITH +)" preposition


def match_verb(tok, lex: Lexicon | None = None) -> VerbMatch | None:  # noqa: ANN001
    """Code one verb token: most specific pattern of its groups, else the verb's default."""
    lex = lex or lexicon()
    lemma = tok.lemma_.lower()
    groups = lex.verb_groups.get(lemma)
    if not groups:
        return None
    child_words = {c.lower_ for c in tok.children if c.dep_ in {"prt", "prep", "dobj", "acomp"}}
    from tidings.events.when_where import clause_tokens

    sub = [t for t in clause_tokens(tok) if t.i != tok.i] + _with_partner(tok)
    left = _Region([t for t in sub if t.i < tok.i])
    right_toks = [t for t in sub if t.i > tok.i][:25]
    right = _Region(right_toks)
    near = _region_forms(right_toks[:3])
    best: VerbMatch | None = None
    best_size = -1
    curated = _curated_types(groups, lex)
    for group, own_code, extra in groups:
        if extra and not all(w in child_words or w in near for w in extra):
            continue
        default = own_code or lex.group_code.get(group, "")
        if best is None and default:
            best = VerbMatch(code=default, group=group, pattern=None)
            best_size = 0 + len(extra)
        for pat in lex.group_anchors(group).candidates(left.forms, right.forms):
            if pat.size < best_size or (pat.size == best_size and not _own(pat, best, lemma)):
                continue
            if curated and _foreign(pat, lemma, curated):
                continue
            target = None
            ok = True
            for el in pat.before:
                if _match_element(el, left, lex) is None:
                    ok = False
                    break
            if ok:
                for el in pat.after:
                    got = _match_element(el, right, lex)
                    if got is None:
                        ok = False
                        break
                    if el.target and got is not True:
                        target = got
            if ok:
                best = VerbMatch(code=pat.code, group=group, pattern=pat, target_prep=target)
                best_size = pat.size
    if best is None or best.code in {NO_EVENT, ""}:
        return None
    return best
