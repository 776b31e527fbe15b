"""Event actors: what a noun phrase in the parse stands for, as an EventActor with CAMEO codes.

The coder resolves nobody itself. Every person, organisation, country and place is the
understanding stage's: the entity of ``article.entities`` whose mention covers the phrase
(names, surnames, titles, and the pronouns its coreference linked), with that entity's country
and actor code. What is left is coded from the words of the noun phrase with the knowledge base
(:mod:`tidings.kb`): a demonym or country that only modifies an agent noun ("Senior Hungarian
officials" -> HUNGOV, "the Russian leadership" -> RUSGOV), an agent noun alone ("police" -> COP),
a dictionary phrase no entity covers. *I/we* inside a quotation are its speaker; *it/they* the
reporter of their clause (:func:`tidings.understand.coref.reporter_of`).
"""

from __future__ import annotations

import re
from functools import cache

from tidings import datafiles, kb
from tidings.events.index import PLACE_TYPES, DocIndex
from tidings.events.owners import owners_of
from tidings.schema import Article, Entity, EventActor
from tidings.understand.coref import PERSON_PRONOUNS, reporter_of
from tidings.understand.phrases import noun_phrase, phrase_words

PRONOUNS_SPEAKER = {"i", "we", "me", "us", "our", "my"}
PRONOUNS_GROUP = {"they", "it", "its", "their", "them"}
RELATIVE = {"who", "which", "that", "whom"}
#: words of a noun phrase that say nothing about who the actor is
_FILLER = {"'s", "of", "his", "her", "the"}


@cache
def statement_cues() -> tuple[str, ...]:
    """Title openings of first-person statements ("Statement by"; data/verbs)."""
    return tuple(c.lower() for c in datafiles.lines("verbs", "tidings_statement_cues.txt"))


def statement_author(article: Article) -> EventActor | None:
    """The author a first-person statement's title names ("Statement by President Joe Biden on
    the Crisis in Ethiopia"): the understanding stage's entity of that name when the text
    mentions it, else the knowledge base's actor (a KB actor is an actor); None otherwise."""
    title = (article.title or "").strip()
    low = title.lower()
    cue = next((c for c in statement_cues() if low.startswith(c + " ")), None)
    if cue is None:
        return None
    name = re.split(r"\s+on\s+|:|\s+regarding\s+|\s+about\s+", title[len(cue) :].strip())[0]
    words = [w.strip(",.") for w in name.split()]
    words = [w for w in words if w and w.lower() not in {"jr", "sr"}]
    if not words:
        return None
    for ent in article.entities:
        if ent.type == "PERSON" and ent.name.split()[-1].strip(",.") in words:
            return EventActor(entity=ent.id, name=ent.name, country=ent.country,
                              actor_code=ent.actor_code)  # fmt: skip
    when = (article.published or "")[:10] or None
    for k in range(len(words)):  # "President Joe Biden" -> "Joe Biden" -> "Biden"
        hit = kb.lookup(" ".join(words[k:]), when)
        if hit is not None and hit.code:
            country = kb.split_code(hit.code)[0]
            return EventActor(name=" ".join(words[k:]), country=country, actor_code=hit.code)
    return None


@cache
def collective_heads() -> frozenset[str]:
    """Heads that count or group their actor ("thousands of Kurds"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_collective_heads.txt"))


@cache
def org_heads() -> frozenset[str]:
    """Generic heads of organisation names ("the Hizbollah group"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_org_heads.txt"))


@cache
def generic_heads() -> frozenset[str]:
    """Head nouns that are never an actor of their own ("move", "statement"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_generic_heads.txt"))


#: determiners that make a noun point back ("the resolution", "these claims")
DEFINITE = {"the", "this", "these", "that", "those"}
EARLIER = 6  # sentences a definite noun may reach back for its owner
MAIN_COUNTRY_MENTIONS = 3  # mentions that make a country the one an article is about


@cache
def document_heads() -> frozenset[str]:
    """Nouns for texts that speak for their owner ("a U.S. statement"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_document_heads.txt"))


#: verbs whose subject issues the document they govern ("released a statement")
_ISSUE_VERBS = {"release", "issue", "publish", "send", "deliver", "put"}


def np_name(toks) -> str:  # noqa: ANN001
    """Display name of a noun phrase: its words as written ("Serbia's", "al-Megrahi"), without
    determiners and punctuation at the edges."""
    clauses: set[int] = set()
    for t in toks:
        if t.dep_ in {"relcl", "acl", "advcl"} and t.pos_ in {"VERB", "AUX"}:
            clauses.update(x.i for x in t.subtree)
    keep = [t for t in toks if t.i not in clauses]
    while keep and (keep[0].dep_ == "det" or keep[0].is_punct):
        keep = keep[1:]  # "the governments of the region": the leading article only
    while keep and keep[0].is_punct:
        keep = keep[1:]
    while keep and (keep[-1].is_punct or keep[-1].tag_ == "POS"):
        keep = keep[:-1]
    out = []
    for t, nxt in zip(keep, [*keep[1:], None], strict=True):
        gap = nxt is not None and nxt.i != t.i + 1  # words left out between: keep a space
        out.append(t.text + (" " if gap and not t.whitespace_ else t.whitespace_))
    return "".join(out).strip()


def _has_name(tok) -> bool:  # noqa: ANN001
    return any(c.pos_ == "PROPN" or c.ent_type_ in {"NORP", "GPE", "ORG"} for c in tok.children)


def _coded(ent: Entity) -> bool:
    """An entity whose country or actor code says who it is (a bare sector does not)."""
    return bool(ent.country or (ent.actor_code and len(ent.actor_code) > 3))


def _squash(name: str | None) -> str:
    return " ".join((name or "").lower().replace("the ", " ").split())


def is_country(ent: Entity) -> bool:
    """A country entity ("Russia", "the United States"): a country code, and a country's name
    or no coordinates of its own (the gazetteer places cities, and the dictionaries list some
    cities under their country: "Homs" is no country)."""
    code = ent.actor_code or ent.country
    if ent.type not in {"GPE", "LOC"} or not code or len(code) != 3:
        return False
    if not kb.is_country_code(code):
        return False
    if kb.is_official_country(ent.name) or (ent.actor_code == code and ent.lat is None):
        return True
    return kb.country_iso3(ent.name) == code and not kb.places.is_city(ent.name)


def entity_actor(ent: Entity, start: int, end: int) -> EventActor:
    """The entity acting as itself at this mention: its country and actor code; a country
    acting is its government ("Russia said" -> RUSGOV)."""
    country = ent.country or kb.split_code(ent.actor_code)[0]
    code = ent.actor_code or country
    if is_country(ent):
        code += "GOV"
    return EventActor(
        entity=ent.id, name=ent.name, country=country, actor_code=code, start=start, end=end
    )


def is_place(ent: Entity) -> bool:
    """A place that is no actor: a city, region or building with no actor code (a capital
    acting as its government has one: "Moscow" -> RUSGOV), also one the parser took for an
    organisation ("Homs has been the target of attacks")."""
    if ent.actor_code or is_country(ent):
        return False
    return ent.type in PLACE_TYPES or (ent.type in {"ORG", "NORP"} and kb.places.is_city(ent.name))


def _head_words(h, toks) -> list:  # noqa: ANN001
    """The head noun and its own compounds and adjectives ("foreign minister", "armed
    forces"), not an "of" phrase after it ("the PRC's use of military activity")."""
    return [t for t in toks if t.i == h.i or (t.head.i == h.i and t.dep_ in {"compound", "amod"})]


def _head_sector(h, toks) -> str | None:  # noqa: ANN001
    """The sector the head noun names, alone or with its modifiers ending in it ("officials",
    "foreign minister", "armed forces"); a modifier alone names none ("artillery rounds")."""
    found = kb.sector_for(" ".join(phrase_words(_head_words(h, toks))))
    return found[:3] if found else None


def _known_as(h):  # noqa: ANN001, ANN202
    """The name a noun phrase is given by "known as X" / "called X", if any."""
    for c in h.children:
        if c.dep_ == "acl" and c.lemma_.lower() in {"know", "call", "name"}:
            for p in c.children:
                if p.dep_ in {"prep", "oprd", "attr"} and p.lower_ == "as":
                    return next((x for x in p.children if x.dep_ == "pobj"), None)
                if p.dep_ in {"oprd", "attr"} and p.pos_ == "PROPN":
                    return p
    return None


_SIDE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "iobj"})
_SIDE_PREPS = frozenset({"on", "to", "with", "against", "toward", "towards"})


def _a_side(tok) -> bool:  # noqa: ANN001
    """Whether a token heads a core argument of its verb (subject, object, "on/to/with X"),
    as opposed to a place ("in Moscow") or a modifier ("Russian")."""
    if tok.dep_ == "compound":
        tok = tok.head
    if tok.dep_ in _SIDE_DEPS:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in _SIDE_PREPS and tok.head.head.pos_ == "VERB"


def _coordination_antecedent(tok):  # noqa: ANN001, ANN202
    """For a relative pronoun whose antecedent is the last of coordinated nouns ("Russian
    President Dmitry Medvedev and South Ossetian leader Eduard Kokoity, who met"), the first
    of them, so that the coordination is the antecedent; the token itself otherwise, when the
    relative clause's verb is singular ("X and Y, who is ...": Y alone) and when the last
    noun is plural (its clause is its own)."""
    if tok.lower_ not in RELATIVE or tok.head.dep_ != "relcl":
        return tok
    verb, antecedent = tok.head, tok.head.head
    if antecedent.dep_ != "conj" or antecedent.tag_ not in {"NN", "NNP"}:
        return tok  # "an officer and pathologists who examined": the plural noun's own clause
    if "Sing" in verb.morph.get("Number"):
        return tok
    if any("Sing" in c.morph.get("Number") for c in verb.children if c.dep_ in {"aux", "auxpass"}):
        return tok
    first = antecedent
    while first.dep_ == "conj" and first.head.pos_ in {"PROPN", "NOUN"}:
        first = first.head
    return first if first.i != antecedent.i else tok


def _span(toks) -> tuple[int, int]:  # noqa: ANN001
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


class ActorResolver:
    """Resolves heads of noun phrases in one article's parse to EventActors.

    An actor is a resolved entity of the understanding stage (a person, an organisation, a
    country or a capital acting as its government), a knowledge-base actor, or an agent noun
    with a sector ("police", "rebels", "the government"). A place used as a location ("Homs"),
    an abstract or inanimate noun ("positions", "artillery fire") and the publication itself
    are never actors.
    """

    def __init__(self, article: Article, doc, index: DocIndex | None = None) -> None:  # noqa: ANN001
        self.article = article
        self.doc = doc
        self.index = index if index is not None else DocIndex.build(article, doc)
        self.when = (article.published or "")[:10] or None
        self.publisher = _squash(article.publisher)
        self.author = statement_author(article)
        self._main_country: str | None = None

    # -------------------------------------------------------------- the article's entities
    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity with a name, title or metonym mention overlapping ``start:end`` (one
        with a country or code first). A pronoun inside a phrase ("his government", "his
        party") is its possessor, not what the phrase stands for."""
        best = None
        for ent, m in self.index.mentions_in(start, end):
            if m.kind == "pronoun":
                continue
            if best is None or _coded(ent) and not _coded(best):
                best = ent
        return best

    def _person_at(self, tok) -> Entity | None:  # noqa: ANN001
        """The PERSON entity a token is a mention of (a name, surname, title or pronoun)."""
        for ent, m in self.index.mentions_at.get(tok.i, []):
            if ent.type == "PERSON" and m.start <= tok.idx < m.end:
                return ent
        return None

    def _sentence_country(self, h) -> str | None:  # noqa: ANN001
        """The one country a sentence names (its countries and its places' countries), for a
        bare agent noun in it ("the military", "police"); None when it names several or none.
        A country that is itself a side of the clause ("the president called on Russia") is
        the other party, not the noun's country, and leaves the noun's country unknown."""
        sent = self.index.sentence(h)
        found, sides = set(), set()
        for i in range(sent.start, sent.end):
            for ent, _ in self.index.mentions_at.get(i, []):
                if ent.type in {"GPE", "LOC", "NORP"} and ent.country:
                    (sides if _a_side(sent[0].doc[i]) else found).add(ent.country)
        # a country that is a side makes any other country named a guess too ("Russia sent
        # troops into Georgia": the troops are not Georgia's)
        if len(found) == 1 and not sides:
            return found.pop()
        return self.main_country() if not found and not sides else None

    def main_country(self) -> str | None:
        """The country an article is about: the one at least half of its country mentions
        (countries, their capitals and demonyms, the understanding stage's entities) name, and
        at least ``MAIN_COUNTRY_MENTIONS`` times; None when no country dominates ("the
        opposition" in a story about Turkey is Turkey's)."""
        if self._main_country is None:
            counts: dict[str, int] = {}
            for ent in self.article.entities:
                if ent.type in {"GPE", "NORP"} and ent.country and not is_place(ent):
                    n = sum(m.kind != "pronoun" for m in ent.mentions)
                    counts[ent.country] = counts.get(ent.country, 0) + n
            total = sum(counts.values())
            best = max(counts, key=lambda c: (counts[c], c), default="")
            ok = best and counts[best] >= MAIN_COUNTRY_MENTIONS and 2 * counts[best] >= total
            self._main_country = best if ok else ""
        return self._main_country or None

    def _publication(self, ent: Entity | None, name: str) -> bool:
        """The article's own publisher ("Wikinews has learned") is no actor of its news."""
        if not self.publisher:
            return False
        names = {_squash(name)} | ({_squash(ent.name)} if ent is not None else set())
        return any(n and (n == self.publisher or n.startswith(self.publisher + " ")) for n in names)

    @staticmethod
    def _actor(ent: Entity, start: int, end: int, **fields) -> EventActor:
        values = {
            "entity": ent.id,
            "name": ent.name,
            "country": ent.country,
            "actor_code": ent.actor_code,
        }
        values.update(fields)
        return EventActor(start=start, end=end, **values)

    # -------------------------------------------------------------- resolution
    def resolve(self, head, *, speaker=None) -> list[EventActor]:  # noqa: ANN001
        """Actors for a noun-phrase head and its conjuncts ("Israel and the Palestinians"); a
        relative pronoun stands for its antecedent and the antecedent's conjuncts ("Medvedev
        and Kokoity, who met": the parse hangs the clause on the last one)."""
        head = _coordination_antecedent(head)
        heads = [head]
        for t in head.subtree:
            if t.dep_ == "conj" and t.head in heads and t.pos_ in {"PROPN", "NOUN", "ADJ", "PRON"}:
                heads.append(t)
        out = []
        for h in heads:
            actor = self.resolve_one(h, speaker=speaker)
            for appos in [c for c in h.children if c.dep_ == "appos"] if actor is None else []:
                actor = self.resolve_one(appos, speaker=speaker)  # "X, the UN coordinator"
                if actor is not None:
                    break
            if actor is not None and all(actor.name != a.name for a in out):
                out.append(actor)
        return out

    def resolve_subject(self, h, *, speaker=None) -> list[EventActor]:  # noqa: ANN001
        """The actors of a subject (as :meth:`resolve`; kept as the subject's entry point)."""
        return self.resolve(h, speaker=speaker)

    def resolve_one(self, h, *, speaker=None) -> EventActor | None:  # noqa: ANN001
        """The actor one noun-phrase head stands for, or None."""
        if h.pos_ == "PRON" or h.lower_ in PERSON_PRONOUNS or h.lower_ in RELATIVE:
            return self._pronoun(h, speaker)
        if h.lower_ in collective_heads() or h.lemma_.lower() in collective_heads():
            of = [p for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj"]  # fmt: skip
            if of:  # "thousands of Iraqi Kurds", "a group of Moroccan diplomats"
                return self.resolve_one(of[0], speaker=speaker)
        if h.lemma_.lower() in document_heads() and h.pos_ == "NOUN":
            return self._document_owner(h, speaker)  # "a U.S. statement added that ..."
        if h.lower_ in generic_heads():
            return None
        # a person (the head or its apposition: "his counterpart Vladimir Putin")
        for t in [h] + [c for c in h.children if c.dep_ == "appos"]:
            person = self._person_at(t)
            if person is not None:
                return self._actor(person, t.idx, t.idx + len(t.text))
        named = _known_as(h)  # "the Syrian rebel coalition known as the High Negotiations ..."
        if named is not None and h.pos_ == "NOUN":
            got = self.resolve_one(named, speaker=speaker)
            if got is not None:
                return got
        toks = noun_phrase(h)
        ent = self.entity_at(*_span(toks))
        head = self.entity_at(h.idx, h.idx + len(h.text))
        if head is not None and head is not ent and not _coded(head):
            # the head names a group the modifier places ("Iraqi Kurds"): the phrase is the group
            return self._phrase_actor(h, toks, head)
        if h.lemma_.lower() in org_heads():  # "al-Qaeda's terror network": the organisation
            ent = next((e for e, m in self.index.mentions_in(*_span(toks)) if e.type == "ORG"), ent)
        if ent is not None and self._publication(ent, np_name(toks)):
            return None
        if (ent is None or ent.type != "ORG") and h.lemma_.lower() in org_heads():
            group = self._sector_group(h, toks)
            if group is not None:
                return group
        if ent is not None and (ent.country or ent.actor_code):
            return self._entity_actor(ent, h, toks)
        return self._phrase_actor(h, toks, ent)

    def _document_owner(self, h, speaker) -> EventActor | None:  # noqa: ANN001
        """Who a statement, report or communique speaks for: its possessor or the name before
        it ("China's statement", "a U.S. statement"), its "by"/"from" phrase, or the subject
        of the verb that issued it ("the ministry released a statement that urged ...")."""
        owners = owners_of(h)
        if h.dep_ == "dobj" and h.head.lemma_.lower() in _ISSUE_VERBS:
            owners += [c for c in h.head.children if c.dep_ == "nsubj"]
        for o in owners:
            got = self.resolve_one(o, speaker=speaker)
            if got is not None:
                return got
        got = self.earlier_owner(h)  # "The report accuses ..." after "an EU report says"
        return got[0] if got else None

    def earlier_owner(self, noun, skip=lambda a: False) -> list[EventActor]:  # noqa: ANN001
        """The actor an earlier mention of a definite noun names as its owner ("the
        resolution" after "a U.S. House of Representatives resolution passed"), within
        ``EARLIER`` sentences; [] when the noun is not definite, has an owner of its own or no
        earlier mention names one. ``skip`` leaves out actors that cannot be it."""
        if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children):
            return []
        if owners_of(noun) or any(c.dep_ == "compound" for c in noun.children):
            return []  # "Serbia's operation": the owner is named where it is said
        index = self.index
        here, lemma = index.sent_of[noun.i], noun.lemma_.lower()
        for tok in reversed(noun.doc[: noun.i]):
            if here - index.sent_of[tok.i] > EARLIER:
                break
            if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN" or index.sent_of[tok.i] == here:
                continue
            for o in owners_of(tok):
                got = [a for a in self.resolve(o) if not skip(a)]
                if got:
                    return got
        return []

    def _sector_group(self, h, toks) -> EventActor | None:  # noqa: ANN001
        """An unnamed organisation whose modifier names its sector: "Syria's main opposition
        group" (SYROPP), "the Syrian rebel coalition" (SYRREB)."""
        mods = [t for t in _head_words(h, toks) if t.i != h.i]
        sector = kb.sector_in([w for t in mods for w in phrase_words([t])])
        if sector is None:
            return None
        words = [phrase_words([t])[0] for t in toks if phrase_words([t])]
        country, _ = kb.phrase_code(words, self.when)
        country = country or self._sentence_country(h)
        start, end = _span(toks)
        return EventActor(name=np_name(toks), country=country, start=start, end=end,
                          actor_code=(country or "") + sector)  # fmt: skip

    def _pronoun(self, h, speaker) -> EventActor | None:  # noqa: ANN001
        """I/we: the quotation's speaker; he/she: the person coreference linked it to;
        it/they (and an unlinked he/she): the reporter of the clause."""
        low = h.lower_
        if low in PRONOUNS_SPEAKER and speaker is not None:
            return speaker
        if low in PRONOUNS_SPEAKER and self.author is not None and h.i not in self.index.quoted:
            return self.author.model_copy(update={"start": h.idx, "end": h.idx + len(h.text)})
        if low in RELATIVE and h.head.dep_ in {"relcl", "acl"} and h.head.head.i != h.i:
            return self.resolve_one(h.head.head)  # "the leaders ... who met": the leaders
        if low in PERSON_PRONOUNS:
            person = self._person_at(h)
            if person is not None:
                return self._actor(person, h.idx, h.idx + len(h.text))
        if low in PRONOUNS_GROUP | PERSON_PRONOUNS:
            subj = reporter_of(h)
            return self.resolve_one(subj) if subj is not None else None
        return None

    def _entity_actor(self, ent: Entity, h, toks) -> EventActor | None:  # noqa: ANN001
        """An entity with a country or code. When it only modifies the head noun ("the
        Russian leadership", "Iraqi police"): its country and the head noun's sector, and no
        actor when the head is no agent noun ("Russian bombs", "Syria's positions"). A place
        is no actor; a country acting is its government ("Russia said" -> RUSGOV)."""
        start, end = _span(toks)
        country = ent.country or kb.split_code(ent.actor_code)[0]
        modifies = not any(m.start <= h.idx < m.end for m in ent.mentions)
        if modifies and h.pos_ in {"NOUN", "PROPN"}:
            # a common noun names its own sector ("the Russian leadership"); a name takes the
            # title around it ("South African president Thabo Mbeki")
            head_sector = (
                _head_sector(h, toks) if h.pos_ == "NOUN" else kb.sector_in(phrase_words(toks))
            )
            if head_sector and country:
                code = country + head_sector
                name = np_name(toks)
                return self._actor(ent, start, end, name=name, country=country, actor_code=code)
            if head_sector and h.pos_ == "NOUN":  # "the government of Sindh province"
                return self._phrase_actor(h, toks, None)
            named_org = ent.type == "ORG" and h.lemma_.lower() in org_heads()
            if h.pos_ == "NOUN" and not head_sector and not named_org:
                return None
        if is_place(ent):
            return None
        return entity_actor(ent, start, end)

    def _phrase_actor(self, h, toks, ent: Entity | None) -> EventActor | None:  # noqa: ANN001
        """A noun phrase that is no coded entity, read with the KB: country words, an agent
        noun for the sector, a non-state code (IGOUNO)."""
        start, end = _span(toks)
        kept = [t for t in toks if phrase_words([t])]
        words = [phrase_words([t])[0] for t in kept]
        # a person's name alone is not looked up: people are the understanding stage's entities
        names = frozenset(i for i, t in enumerate(kept) if t.ent_type_ == "PERSON")
        country, rest = kb.phrase_code(words, self.when, skip=names)
        # the sector must name the head itself ("officials", "police"), not a modifier
        # ("an official request" is no actor)
        found = _head_sector(h, toks) if h.pos_ != "PROPN" else kb.sector_in(words)
        if ent is not None and self._publication(ent, np_name(toks)):
            return None
        on_head = ent is not None and any(m.start <= h.idx < m.end for m in ent.mentions)
        if on_head and is_place(ent) and (kb.places.is_city(ent.name) or not country):
            return None  # a city or region, not a country the dictionaries know ("Yugoslavia")
        named = h.lemma_.lower() in org_heads() and (
            (ent is not None and ent.type == "ORG") or bool(country or rest)
        )  # "the Kifaya group", "the Hizbollah group" (a dictionary name)
        covers = named or on_head
        if h.pos_ != "PROPN" and found is None and not covers:
            return None  # an abstract or inanimate noun ("positions", "artillery fire")
        if not found and rest and len(rest) == 3 and country:
            found = rest
        if not found and country and h.pos_ == "PROPN" and country == kb.country_iso3(h.text):
            found = "GOV"  # a country acting is its government ("Yugoslavia demanded")
        eid = ent.id if ent else None
        if country is None and rest and len(rest) >= 6:  # IGO/NGO codes: IGOUNO
            return EventActor(entity=eid, name=np_name(toks), actor_code=rest, start=start, end=end)
        if country is None and found is None:
            if ent is not None and ent.type in {"PERSON", "ORG", "NORP", "GPE"}:
                return EventActor(entity=ent.id, name=ent.name, start=start, end=end)
            return None
        if country is None and found and h.pos_ == "NOUN":
            country = self._sentence_country(h)  # "the military's seizure of power in Burma"
        # "police", "officials": a sector with no country is kept (PLOVER allows it)
        return EventActor(
            entity=eid,
            name=np_name(toks),
            country=country,
            actor_code=(country or "") + (found or "") or None,
            start=start,
            end=end,
        )


__all__ = ["ActorResolver", "np_name"]
