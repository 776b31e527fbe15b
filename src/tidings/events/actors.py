"""Actor resolution: who a noun phrase in a parse refers to, with country and CAMEO actor code.

Prefers what the understanding stage put on ``article.entities`` (country / actor_code), and
falls back to its own reading of the noun phrase: names and titles in the Phoenix actor
dictionaries (date-bounded roles, e.g. Lavrov -> RUSGOV after 2004), demonyms and country names,
capitals and seats of government as metonyms ("the Kremlin", "Washington" -> country GOV), and
agent nouns for the sector ("Senior Hungarian officials" -> HUN GOV, "police" -> COP).
Data: the actor knowledge base of the understanding stage (:mod:`tidings.kb`: Phoenix MIT
dictionaries, a dated supplement, metonyms), plus our few agent nouns in ``data/actors/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from tidings import datafiles, kb
from tidings.schema import Article, Entity, EventActor

PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
PRONOUNS_SPEAKER = {"i", "we", "me", "us", "our", "my"}
PRONOUNS_GROUP = {"they", "it", "its", "their", "them"}
NAME_DEPS = {"compound", "flat", "appos"}
MOD_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-3 codes (pycountry) plus CAMEO's few non-ISO country codes."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | {"PSE", "KSV", "SUN", "YUG"}


@cache
def agents() -> dict[str, str]:
    """Our agent nouns (``data/actors/tidings_agents.tsv``): role nouns the Phoenix agent list
    lacks or codes otherwise for event actors ("officials", "leadership", "spokesman" -> GOV)."""
    out: dict[str, str] = {}
    for line in datafiles.text("actors", "tidings_agents.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, sector = line.split("\t")[:2]
            out[phrase.strip().lower()] = sector.strip()
    return out


def agent_sector(phrase: str) -> str | None:
    """Sector of an agent noun phrase: ours first, then the actor KB's (Phoenix agents)."""
    ours = agents()
    if phrase.endswith("s") and phrase not in ours:
        return ours.get(phrase[:-1]) or kb.sector_for(phrase, whole=True)
    return ours.get(phrase) or kb.sector_for(phrase, whole=True)


def lookup(phrase: str, when: str | None = None) -> str | None:
    """Actor code for a phrase at a date (YYYY-MM-DD), from the actor KB (:mod:`tidings.kb`).

    Names and aliases with the role in force on the date; a seat of power or capital that the
    KB knows only as its country ("Moscow" -> RUS) is its government as an actor (RUSGOV).
    """
    if not phrase.strip(" .'"):
        return None
    match = kb.lookup(phrase, when)
    if match and match.sector:
        return match.code
    met = kb.metonym(phrase)
    if met:
        return met[0]
    return match.code if match else None


def split_code(code: str | None) -> tuple[str | None, str | None]:
    """'RUSGOV' -> ('RUS', 'GOV'); 'IGOUNO' -> (None, 'IGOUNO')."""
    if not code:
        return None, None
    if code[:3] in country_codes():
        return code[:3], code[3:6] or None
    return None, code


@dataclass
class Person:
    """A person named in the article, with what its context says about them."""

    name: str
    keys: set[str]
    country: str | None = None
    sector: str | None = None
    entity: str | None = None
    role_words: set[str] = field(default_factory=set)

    @property
    def code(self) -> str | None:
        if self.country:
            return self.country + (self.sector or "")
        return self.sector


def _phrase_code(words: list[str], when: str | None) -> tuple[str | None, str | None, int]:
    """Longest dictionary n-gram in ``words``: (country, sector-or-code, n matched)."""
    n = len(words)
    best: tuple[str | None, str | None, int] = (None, None, 0)
    for size in range(min(n, 6), 0, -1):
        for i in range(0, n - size + 1):
            phrase = " ".join(words[i : i + size])
            code = lookup(phrase, when)
            if not code and phrase.endswith("s"):  # "Albanians" -> "albanian"
                code = lookup(phrase[:-1], when)
            if code:
                country, rest = split_code(code)
                if size > best[2]:
                    best = (country, rest, size)
        if best[2]:
            break
    return best


def _sector(words: list[str]) -> str | None:
    """Sector of the longest agent n-gram in ``words`` ("senior hungarian officials" -> GOV)."""
    n = len(words)
    for size in range(min(n, 5), 0, -1):
        for i in range(0, n - size + 1):
            sector = agent_sector(" ".join(words[i : i + size]))
            if sector:
                return sector[:3]
    return None


def _words(tokens) -> list[str]:  # noqa: ANN001
    out = []
    for t in tokens:
        if t.is_punct or t.is_space or t.dep_ == "det" or t.tag_ == "POS":
            continue
        if t.lower_ == "us" and t.text != "US":
            continue  # the pronoun, not the country
        out.append(t.lower_.replace("’", "'"))
    return out


def np_tokens(head) -> list:  # noqa: ANN001
    """The noun phrase of ``head`` without clauses or prepositional tails (except 'of')."""
    keep = [head]
    for child in head.children:
        if child.dep_ in MOD_DEPS | {"det", "appos", "flat", "case", "prep", "punct"}:
            if child.dep_ == "prep" and child.lower_ != "of":
                continue
            if child.dep_ == "punct":
                continue
            keep.extend(child.subtree)
    return sorted(keep, key=lambda t: t.i)


class ActorResolver:
    """Resolves heads of noun phrases in one article's parse to EventActors."""

    def __init__(self, article: Article, doc) -> None:  # noqa: ANN001
        self.article = article
        self.doc = doc
        self.when = (article.published or "")[:10] or None
        self.people: list[Person] = []
        self._by_offset: list[tuple[int, int, Entity]] = [
            (m.start, m.end, e) for e in article.entities for m in e.mentions
        ]
        self._build_people()

    # -------------------------------------------------------------- people in the article
    def _build_people(self) -> None:
        seen: dict[str, Person] = {}
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            toks = [t for t in ent if t.pos_ == "PROPN"]
            if not toks:
                continue
            name = ent.doc[toks[0].i : toks[-1].i + 1].text  # "al-Megrahi", not "al - Megrahi"
            surname = toks[-1].text.lower()
            person = seen.get(name.lower())
            if person is None:
                # a shorter form of a person already seen ("Pompeo" after "Mike Pompeo")
                for p in seen.values():
                    if surname in p.keys and len(toks) == 1:
                        person = p
                        break
            if person is None:
                person = Person(name=name, keys={name.lower(), surname})
                seen[name.lower()] = person
                self.people.append(person)
            self._profile(person, ent)

    def _profile(self, person: Person, ent) -> None:  # noqa: ANN001
        """Fill country/sector/role from the article entity, the context NP and the dictionary."""
        art = self._entity_at(ent.start_char, ent.end_char)
        if art is not None:
            person.entity = person.entity or art.id
            if art.country and not person.country:
                person.country = art.country
            if art.actor_code and not person.sector:
                person.sector = split_code(art.actor_code)[1]
        root = ent.root
        context = [t for t in root.lefts if t.dep_ in MOD_DEPS and t.i < ent.start]
        ctx_tokens: list = []
        for c in context:
            ctx_tokens.extend(c.subtree)
        if root.dep_ == "appos":  # "the Russian Foreign Minister, Sergei Lavrov"
            ctx_tokens.extend(t for t in np_tokens(root.head) if t.i < root.head.i + 4)
            ctx_tokens = [t for t in ctx_tokens if not (ent.start <= t.i < ent.end)]
        words = _words(sorted(set(ctx_tokens), key=lambda t: t.i))
        if words:
            country, rest, _ = _phrase_code(words, self.when)
            if country and not person.country:
                person.country = country
            sector = _sector(words) or (rest if rest and len(rest) == 3 else None)
            if sector and not person.sector:
                person.sector = sector
            person.role_words |= {w for w in words if w not in {"'s", "of", "his", "her"}}
        if not person.country or not person.sector:
            code = None
            for variant in _name_variants(ent):
                code = lookup(variant, self.when)
                if code:
                    break
            country, rest = split_code(code)
            person.country = person.country or country
            if rest and len(rest) >= 3 and not person.sector:
                person.sector = rest[:3]
        if person.country and not person.sector and "counterpart" in person.role_words:
            person.sector = "GOV"

    def _entity_at(self, start: int, end: int) -> Entity | None:
        best = None
        for s, e, ent in self._by_offset:
            if (
                s < end
                and start < e
                and (
                    best is None
                    or (ent.country or ent.actor_code)
                    and not (best.country or best.actor_code)
                )
            ):
                best = ent
        return best

    @staticmethod
    def _mentions_token(ent: Entity, tok) -> bool:  # noqa: ANN001
        """Whether one of the entity's mentions covers the token (vs. only a modifier of it)."""
        return any(m.start <= tok.idx < m.end for m in ent.mentions)

    def person_named(self, text: str) -> Person | None:
        low = text.lower()
        for p in self.people:
            if low in p.keys:
                return p
        return None

    # -------------------------------------------------------------- resolution
    def resolve(self, head, *, speaker=None) -> list[EventActor]:  # noqa: ANN001
        """Actors for a noun-phrase head and its conjuncts ("Israel and the Palestinians")."""
        heads = [head]
        for t in head.subtree:
            if t.dep_ == "conj" and t.head in heads and t.pos_ in {"PROPN", "NOUN", "ADJ", "PRON"}:
                heads.append(t)
        out = []
        for h in heads:
            actor = self.resolve_one(h, speaker=speaker)
            if actor is not None and all(actor.name != a.name for a in out):
                out.append(actor)
        return out

    def _actor(self, person: Person, tok) -> EventActor:  # noqa: ANN001
        return EventActor(
            entity=person.entity,
            name=person.name,
            country=person.country,
            actor_code=person.code,
            start=tok.idx,
            end=tok.idx + len(tok.text),
        )

    def resolve_subject(self, h, *, speaker=None) -> list[EventActor]:  # noqa: ANN001
        """Like :meth:`resolve`, but an unknown named group or person is still an actor
        (name only, no codes): "al-Qaeda terror network threatened ..." has a source."""
        got = self.resolve(h, speaker=speaker)
        if got or h.pos_ not in {"PROPN", "NOUN"} or h.lower_ in GENERIC_HEADS:
            return got
        if h.pos_ == "NOUN" and not (h.tag_ in {"NNS", "NNPS"} or h.ent_type_ or _has_name(h)):
            return []
        toks = np_tokens(h)
        name = _np_name(toks)
        return [EventActor(name=name, start=toks[0].idx, end=toks[-1].idx + len(toks[-1].text))]

    def resolve_one(self, h, *, speaker=None) -> EventActor | None:  # noqa: ANN001
        low = h.lower_
        if h.pos_ == "PRON" or low in PRONOUNS_PERSON:
            if low in PRONOUNS_SPEAKER and speaker is not None:
                return speaker
            if low in PRONOUNS_PERSON:
                # the understanding stage's coreference first (it resolves the pronouns of
                # attribution), then our own reading of the context
                ent = self._entity_at(h.idx, h.idx + len(h.text))
                if ent is not None and ent.type == "PERSON":
                    person = self.person_named(ent.name)
                    if person is not None:
                        return self._actor(person, h)
                    return EventActor(
                        entity=ent.id,
                        name=ent.name,
                        country=ent.country,
                        actor_code=ent.actor_code,
                        start=h.idx,
                        end=h.idx + len(h.text),
                    )
                person = self.pronoun_person(h)
                if person:
                    return self._actor(person, h)
            if low in PRONOUNS_GROUP | PRONOUNS_PERSON:
                return self.governing_subject(h)
            return None
        toks = np_tokens(h)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        # a person by name (the NP itself or its apposition: "his counterpart Vladimir Putin")
        for t in [h] + [c for c in h.children if c.dep_ == "appos"]:
            if t.pos_ == "PROPN" or t.ent_type_ == "PERSON":
                person = self.person_named(t.text) or self.person_named(
                    " ".join(x.text for x in t.subtree if x.pos_ == "PROPN")
                )
                if person:
                    return self._actor(person, t)
        words = _words(toks)
        ent = self._entity_at(start, end)
        if ent is not None and (ent.country or ent.actor_code):
            country = ent.country or split_code(ent.actor_code)[0]
            if country and h.pos_ == "NOUN" and not self._mentions_token(ent, h):
                # the entity only modifies the head ("the Russian leadership", "Iraqi
                # police"): its country, the head noun's sector
                sector = _sector(_words([t for t in toks if t.i >= h.i or t.dep_ == "compound"]))
                if sector:
                    return EventActor(
                        entity=ent.id,
                        name=_np_name(toks),
                        country=country,
                        actor_code=country + sector,
                        start=start,
                        end=end,
                    )
            return EventActor(
                entity=ent.id,
                name=ent.name,
                country=country,
                actor_code=ent.actor_code or country,
                start=start,
                end=end,
            )
        # a title standing for a person named earlier ("the Secretary of State")
        role = {w for w in words if w not in {"'s", "of", "his", "her", "the"}}
        if h.pos_ in {"PROPN", "NOUN"} and h.tag_ != "NNS" and role and _sector(words):
            # (a plural, "veteran politicians", is never one person named earlier)
            country_word, _, _ = _phrase_code(words, self.when)
            for p in self.people:
                if (
                    h.lower_ in p.role_words
                    and role - {w for w in role if lookup(w)} <= p.role_words
                ) and (country_word is None or country_word == p.country):
                    return self._actor(p, h)
        country, rest, _ = _phrase_code(words, self.when)
        # the sector must name the head itself ("officials", "police"), not a modifier
        # ("an official request" is no actor)
        head_words = _words([t for t in toks if t.i >= h.i or t.dep_ == "compound"])
        sector = _sector(head_words) if h.pos_ != "PROPN" else _sector(words)
        if h.pos_ == "NOUN" and sector is None and country is None:
            return None
        if not sector and rest and len(rest) == 3 and country:
            sector = rest
        if country is None and rest and len(rest) >= 6:  # IGO/NGO codes: IGOUNO
            return EventActor(
                entity=ent.id if ent else None,
                name=_np_name(toks),
                country=None,
                actor_code=rest,
                start=start,
                end=end,
            )
        if country is None and sector is None:
            if ent is not None and ent.type in {"PERSON", "ORG", "NORP", "GPE"}:
                return EventActor(entity=ent.id, name=ent.name, start=start, end=end)
            return None
        if country is None and sector is not None and h.pos_ == "NOUN" and not ent:
            # "police", "officials": a sector with no country, kept (PLOVER allows it)
            pass
        name = _np_name(toks)
        return EventActor(
            entity=ent.id if ent else None,
            name=name,
            country=country,
            actor_code=(country or "") + (sector or "") or None,
            start=start,
            end=end,
        )

    def governing_subject(self, pron) -> EventActor | None:  # noqa: ANN001
        """'Syria says it is willing ...': a pronoun in a reported clause is its reporter."""
        cur = pron.head
        for _ in range(6):
            if cur.head.i == cur.i:
                return None
            nxt = cur.head
            if cur.dep_ in {"ccomp", "xcomp", "advcl", "conj", "relcl"}:
                subj = [c for c in nxt.children if c.dep_ in {"nsubj", "nsubjpass"}]
                if subj and subj[0].i != pron.i and subj[0].pos_ != "PRON":
                    return self.resolve_one(subj[0])
            cur = nxt
        return None

    def pronoun_person(self, pron) -> Person | None:  # noqa: ANN001
        """He/she: the most recent person acting as subject of a speech or event verb.

        News prose keeps its protagonist as the subject of reporting verbs ("Lavrov dismissed
        ...", '"...," he said'); names inside quotations and objects of the pronoun's own clause
        are skipped (in "he started a meeting with Lavrov", "he" is not Lavrov).
        """
        from tidings.events.lexicon import lexicon

        lex = lexicon()
        clause = pron.head
        excluded = set()
        for t in clause.subtree:
            if t.i != pron.i and t.dep_ in {"pobj", "dobj", "appos"}:
                p = self.person_named(t.text)
                if p:
                    excluded.add(p.name)
        sent_start = pron.sent.start
        prev_sents = []
        for s in pron.doc.sents:
            if s.end <= sent_start:
                prev_sents.append(s)
        scan = []
        scan.extend(t for t in pron.sent if t.i < pron.i)
        for s in reversed(prev_sents[-3:]):
            scan.extend(reversed(list(s)))
        # order: same sentence right-to-left, then earlier sentences right-to-left
        same = [t for t in pron.sent if t.i < pron.i][::-1]
        ordered = same + [t for t in scan if t.i < sent_start]
        quoted = _quoted_indices(pron.doc)
        for t in ordered:
            if t.i in quoted or t.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            verb = t.head
            if lex.frames.get(verb.lemma_.lower()) not in {"speech", "control"}:
                continue
            person = self._person_for(t)
            if person and person.name not in excluded:
                return person
        return None

    def _person_for(self, tok) -> Person | None:  # noqa: ANN001
        if tok.lower_ in PRONOUNS_PERSON:
            return self.pronoun_person(tok) if tok.i > 0 else None
        actor = self.resolve_one(tok)
        if actor is None:
            return None
        for p in self.people:
            if p.name == actor.name:
                return p
        return None


GENERIC_HEADS = {
    "it",
    "this",
    "that",
    "which",
    "who",
    "one",
    "some",
    "all",
    "both",
    "number",
    "part",
    "move",
    "decision",
    "plan",
    "step",
    "report",
    "statement",
    "attempt",
    "meeting",
    "talks",
    "situation",
    "agreement",
    "deal",
    "stopover",
    "visit",
    "fire",
    "explosion",
    "bombing",
    "attack",
    "blast",
    "way",
    "effort",
    "efforts",
    "thing",
    "issue",
}


def _name_variants(ent) -> list[str]:  # noqa: ANN001
    """'Joseph R. Biden, Jr.' -> ['joseph r. biden, jr.', 'joseph biden']: dictionaries list
    people without middle initials and suffixes."""
    words = [t.lower_ for t in ent if not t.is_punct]
    core = [w for w in words if len(w.rstrip(".")) > 1 and w.rstrip(".") not in {"jr", "sr"}]
    out = [" ".join(words)]
    if len(core) >= 2:
        out += [" ".join(core), f"{core[0]} {core[-1]}"]
    return out


def _np_name(toks) -> str:  # noqa: ANN001
    """Display name of a noun phrase: its words as written ("Serbia's", "al-Megrahi"), without
    determiners and punctuation at the edges."""
    keep = [t for t in toks if t.dep_ != "det"]
    while keep and keep[0].is_punct:
        keep = keep[1:]
    while keep and keep[-1].is_punct:
        keep = keep[:-1]
    out = []
    for t, nxt in zip(keep, [*keep[1:], None], strict=True):
        gap = nxt is not None and nxt.i != t.i + 1  # words left out between: keep a space
        out.append(t.text + (" " if gap and not t.whitespace_ else t.whitespace_))
    return "".join(out).strip()


def _has_name(tok) -> bool:  # noqa: ANN001
    return any(c.pos_ == "PROPN" or c.ent_type_ in {"NORP", "GPE", "ORG"} for c in tok.children)


def _quoted_indices(doc) -> set[int]:  # noqa: ANN001
    """Token indices inside double quotation marks (straight or curly)."""
    cached = doc.user_data.get("tidings_quoted")
    if cached is not None:
        return cached
    inside = False
    out: set[int] = set()
    for t in doc:
        if t.text in {'"', "“", "”"}:
            if t.text == "“":
                inside = True
            elif t.text == "”":
                inside = False
            else:
                inside = not inside
            continue
        if t.is_space and "\n" in t.text:
            inside = False  # quotes never span paragraphs here
        if inside:
            out.add(t.i)
    doc.user_data["tidings_quoted"] = out
    return out
