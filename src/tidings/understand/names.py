"""Person names the NER got wrong, repaired from the words around them before clustering.

spaCy's small model cuts names short ("singer-songwriter Carly Simon" tagged "Simon"), splits
them ("Valeska" + "Paris"), takes a title into them ("Editorial Manager Chet Clem") or labels
them as organisations and places ("led by Rustem Umerov" tagged ORG, "Walker Evans" in a list of
photographers). Each rule reads the parse, the KB and the given names of
``data/understand/first_names.tsv``; :meth:`tidings.understand.entities.Resolver._spans` applies
them to the entity spans it keeps.
"""

from __future__ import annotations

from functools import cache

from tidings import datafiles, kb
from tidings.understand.normalise import is_country
from tidings.understand.titles import (
    examples_of,
    first_names,
    head_word,
    is_person_noun,
    is_role_head,
)


@cache
def _named_things() -> dict[str, str]:
    """Words opening a name of a thing named like a person -> its label
    (``data/understand/named_things.tsv``)."""
    rows = datafiles.tsv("understand", "named_things.tsv")
    return {r[0].strip(): r[1].strip() for r in rows if len(r) > 1}


@cache
def _thing_kinds() -> dict[str, str]:
    """Plural nouns whose examples are no people -> the label of such an example
    (``data/understand/thing_kinds.tsv``)."""
    rows = datafiles.tsv("understand", "thing_kinds.tsv")
    return {r[0].strip(): r[1].strip() for r in rows if len(r) > 1}


def thing_label(doc, s: int, e: int) -> str | None:  # noqa: ANN001
    """ "Cyclone Phailin", "Hurricane Katrina": the label of a name a noun of
    ``named_things.tsv`` opens (an event, not a person); "things like Karis", "games such as
    Halo": the label a lone name gets as the example of a kind of thing (``thing_kinds.tsv``),
    unless it is a given name."""
    if e - s >= 2:
        return _named_things().get(doc[s].lower_)
    root = doc[s]
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in {"like", "as", "including"}:
        return None
    if prep.lower_ == "as" and not (prep.i > 0 and doc[prep.i - 1].lower_ == "such"):
        return None
    kind = prep.head.head if prep.head.lower_ == "such" else prep.head
    if kind.i >= s or root.lower_ in first_names():
        return None
    return _thing_kinds().get(kind.lower_)


def repair(doc, spans: list) -> list:  # noqa: ANN001
    """The spans with split names merged and mislabelled people relabelled."""
    return listed_people(doc, one_sense(doc, merge_split_names(doc, spans)))


def name_end(doc, s: int, e: int) -> int:  # noqa: ANN001
    """End of a person's name the NER cut short: "Ahmed Abdallah" + "Mohamed Sambi" when the
    words go on as one name (each a compound of the next capitalised word)."""
    while (
        e < len(doc)
        and doc[e].pos_ == "PROPN"
        and doc[e].is_title
        and doc[e].ent_type_ in {"", "PERSON"}
        and doc[e - 1].dep_ == "compound"
        and doc[e - 1].head.i >= e
    ):
        e += 1
    return e


def title_word(doc, s: int, e: int) -> bool:  # noqa: ANN001
    """A lone word the NER took for a person that opens a capitalised title before a name
    ("Editorial Manager Chet Clem"): no person's name elsewhere and unknown to the KB."""
    if e - s != 1 or e + 1 >= len(doc) or not is_role_head(doc[e]) or not doc[e].is_title:
        return False
    word = doc[s].text
    others = [t for t in doc if t.text == word and t.i != s]
    return not others and kb.lookup(word) is None and doc[e + 1].ent_type_ == "PERSON"


def titled_name(doc, s: int, e: int) -> bool:  # noqa: ANN001
    """A name (not a country or seat of power) that only a person has: after an office or
    occupation ("South African president Thabo Mbeki", tagged GPE), or with a person noun in
    apposition ("Valeska Paris, an Australian woman", tagged GPE twice)."""
    span = doc[s:e]
    root = span.root
    if not all(t.pos_ == "PROPN" and (t.is_title or t.is_upper) for t in span):
        return False
    if is_country(span.text) or kb.metonym(span.text) or e - s > 4:
        return False
    titles = [
        c for c in root.children if c.i < s and c.dep_ in {"compound", "nmod"} and is_role_head(c)
    ]
    if any(kb.role_heads().get(c.lower_) for c in titles):
        return True
    appos = [c for c in root.children if c.dep_ == "appos" and c.i >= e]
    appos += [c for c in appos for c in c.conjuncts]
    return (
        any(is_person_noun(c) for c in appos)
        or (root.dep_ == "appos" and root.head.i < s and is_person_noun(root.head))
        or _spokesman_for(doc, s, root)
    )


def _spokesman_for(doc, s: int, root) -> bool:  # noqa: ANN001
    """ "A spokesman for the United Nations refugee agency, Alphonse Munyaneza" (tagged ORG):
    the parser hangs the name on the body; a name that starts with a given name and stands in
    apposition to the body a person noun is "for", "of" or "at" is that person's (a body's own
    name there, "the UN refugee agency, UNHCR", starts with no given name)."""
    head = root.head
    prep = head.head
    return (
        root.dep_ == "appos"
        and head.dep_ == "pobj"
        and prep.lower_ in {"for", "of", "at"}
        and prep.head.i < s
        and is_role_head(prep.head)
        and doc[s].lower_ in first_names()
    )


def merge_split_names(doc, spans: list) -> list:  # noqa: ANN001
    """Two name spans the NER split ("Valeska" + "Paris"), one a compound of the other, that
    only a person has (:func:`titled_name`), become one PERSON span."""
    out: list = []
    for s, e, label in spans:
        if out and out[-1][1] == s and doc[s - 1].dep_ == "compound" and s <= doc[s - 1].head.i < e:
            ps, _, plabel = out[-1]
            if "PERSON" not in (plabel, label) and titled_name(doc, ps, e):
                out[-1] = (ps, e, "PERSON")
                continue
        out.append((s, e, label))
    return out


def name_start(doc, s: int, e: int) -> int:  # noqa: ANN001
    """Start of a person's name the NER cut short on the left: "singer-songwriter Carly
    Simon" tagged "Simon" (a given name of ``first_names`` compounded to the name; never an
    honorific or a title); at the start of a sentence only a given name of the table ("Anders
    Fogh Rasmussen, the chief of NATO" tagged "Fogh Rasmussen")."""
    while (
        s > 0
        and doc[s - 1].pos_ == "PROPN"
        and doc[s - 1].is_title
        and (doc[s - 1].ent_type_ == "PERSON" or doc[s - 1].lower_ in first_names())
        and doc[s - 1].dep_ == "compound"
        and s <= doc[s - 1].head.i < e
        and not is_role_head(doc[s - 1])
        and not kb.country_iso3(doc[s - 1].text)
        and not kb.metonym(doc[s - 1].text)
        and (not doc[s - 1].is_sent_start or doc[s - 1].lower_ in first_names())
    ):
        s -= 1
    return s


def listed_people(doc, spans: list) -> list:  # noqa: ANN001
    """A name the NER took for an organisation inside a list of people ("such as Ansel Adams,
    Chuck Close, Walker Evans, Robert Mapplethorpe"): a conjunct of a person's name, made only
    of capitalised words that are no country, place or KB actor, is a person's when it starts
    with a given name (``first_names``) or the list gives examples of a plural role. So is an
    agent that starts with a given name ("was founded by Dean Kamen", tagged ORG)."""
    person_roots = {doc[s:e].root.i for s, e, label in spans if label == "PERSON"}
    out = []
    for s, e, label in spans:
        root = doc[s:e].root
        near = {root.head.i} if root.dep_ in {"conj", "appos"} else set()
        near |= {c.i for c in root.children if c.dep_ in {"conj", "appos"}}
        words = doc[s:e]
        by = root.dep_ == "pobj" and root.head.lower_ == "by"  # "founded by Dean Kamen"
        if (
            label in {"ORG", "GPE", "FAC"}
            and 2 <= e - s <= 3
            and (near & person_roots or by)
            and (doc[s].lower_ in first_names() or (examples_of(root) and not by))
            and not kb.sector_for(doc[e - 1].lower_)  # "Sierra Nevada Corporation"
            and all(t.pos_ == "PROPN" and t.is_title for t in words)
            and not is_country(words.text)
            and not kb.metonym(words.text)
            and not kb.places.is_city(words.text)
            and kb.lookup(words.text) is None
        ):
            label = "PERSON"
        out.append((s, e, label))
    return out


def one_sense(doc, spans: list) -> list:  # noqa: ANN001
    """A full name the NER took for an organisation or place is a person's when the article
    names that person by the surname alone ("led by Rustem Umerov" tagged ORG, "Umerov said"
    tagged PERSON): one sense per discourse. Countries, seats of power and KB organisations
    keep their label."""
    alone = {  # "the Moon", "the Steelers" are no person's surname
        doc[s].text
        for s, e, label in spans
        if label == "PERSON" and e - s == 1 and not (s > 0 and doc[s - 1].lower_ == "the")
    }
    out = []
    for s, e, label in spans:
        words = doc[s:e]
        if (
            label in {"ORG", "GPE", "FAC", "LOC", "NORP"}
            and 2 <= e - s <= 4
            and doc[e - 1].text in alone
            and all(t.pos_ == "PROPN" and t.is_title for t in words)
            and not is_country(words.text)
            and not kb.metonym(words.text)
            and not kb.places.is_city(doc[s : e - 1].text)  # "Pittsburgh Steelers"
            and kb.lookup(words.text) is None
        ):
            label = "PERSON"
        out.append((s, e, label))
    return out


#: entity labels a missed name may carry: the NER took it for a work or a product ("this girl
#: named Isabel" tagged WORK_OF_ART), or for nothing
_BARE = {"", "WORK_OF_ART", "PRODUCT"}


def _bare(tok, taken: set[int]) -> bool:  # noqa: ANN001
    """A capitalised proper noun outside every kept entity span and title phrase."""
    return (
        tok.i not in taken
        and tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and tok.is_alpha
        and tok.ent_type_ in _BARE
        and not is_role_head(tok)
    )


def _no_thing(doc, s: int, e: int) -> bool:  # noqa: ANN001
    """Words that name no place, seat of power, company or named thing (a KB actor may be a
    person: "Ignazio La Russa")."""
    text = doc[s:e].text
    return not (
        is_country(text)
        or kb.metonym(text)
        or kb.places.is_city(text)
        or kb.sector_for(doc[e - 1].lower_)
        or thing_label(doc, s, e)
    )


def _introduced(root) -> bool:  # noqa: ANN001
    """A name the text introduces as a person's: "I'm Isabel Ruiz", "my name is X", "this girl
    named Isabel", "a man called X"."""
    head = root.head
    if root.dep_ == "attr" and head.lemma_ == "be":
        return any(
            c.dep_ == "nsubj"
            and (
                c.lower_ == "i"
                or (c.lower_ == "name" and any(p.dep_ == "poss" for p in c.children))
            )
            for c in head.children
        )
    return (
        root.dep_ in {"oprd", "dobj", "attr"}
        and head.lower_ in {"named", "called"}
        and head.dep_ == "acl"
        and is_person_noun(head.head)
    )


def occupation_before(doc, s: int, e: int) -> bool:  # noqa: ANN001
    """A lower-case title or occupation right before the name and modifying it ("singer X",
    "photographer X Y")."""
    prev = doc[s - 1] if s > 0 else None
    return (
        prev is not None
        and prev.is_lower
        and is_role_head(prev)
        and prev.dep_ in {"compound", "nmod", "amod"}
        and s <= prev.head.i < e
    )


def outlet_person(doc, s: int, e: int) -> bool:  # noqa: ANN001
    """ "told NBC's Lester Holt" (tagged ORG): a two- or three-word name after an
    organisation's possessive is its journalist or member when that person speaks or is spoken
    to, or the name starts with a given name; a KB organisation, a company name or a place keeps
    its label ("Italy's la Repubblica", "Google's Android")."""
    from tidings.understand.speech import cue_lemma

    span = doc[s:e]
    root = span.root
    if not (2 <= e - s <= 3 and s >= 2 and doc[s - 1].tag_ == "POS"):
        return False
    if doc[s - 2].ent_type_ != "ORG" or not s <= doc[s - 2].head.i < e:
        return False
    if not all(t.pos_ == "PROPN" and t.is_title for t in span):
        return False
    if not _no_thing(doc, s, e) or kb.lookup(span.text) is not None:
        return False
    spoken = root.dep_ in {"nsubj", "dobj", "dative"} and cue_lemma(root.head) is not None
    return spoken or doc[s].lower_ in first_names()


def _office_before(doc, s: int, root) -> bool:  # noqa: ANN001
    """An office title modifying the name from its left ("Italian Minister for Defence
    Ignazio La Russa")."""
    return any(
        c.i < s and c.dep_ in {"compound", "nmod"} and kb.role_heads().get(head_word(c) or "")
        for c in root.children
    )


def missed_people(doc, spans: list, title_spans: list) -> list:  # noqa: ANN001
    """People's names the NER missed entirely, as PERSON spans: a run of capitalised proper nouns
    (the name's head and the compounds before it) outside every entity and title phrase, when
    the text says it is a person's: an office or occupation before it ("Italian Minister for
    Defence Ignazio La Russa said", untagged), a person noun in apposition, or a self-introduction
    of a given name ("And, I'm Isabel Ruiz." in an interview); then a lone given name that opens
    one of the article's full names ("me and Isabel"), for the resolver to join to that person.
    Countries, places, KB actors and company names are never people here."""
    taken = {i for s, e, _ in spans for i in range(s, e)}
    taken |= {i for a, b in title_spans for i in range(a, b)}
    found: list = []
    for root in doc:
        if not _bare(root, taken) or (
            root.i + 1 < len(doc) and _bare(doc[root.i + 1], taken) and root.dep_ == "compound"
        ):
            continue
        s = root.i
        while s > 0 and _bare(doc[s - 1], taken) and doc[s - 1].dep_ == "compound":
            s -= 1
        e = root.i + 1
        if e - s > 4 or not _no_thing(doc, s, e):
            continue
        given = doc[s].lower_ in first_names()
        titled = _office_before(doc, s, root) or occupation_before(doc, s, e)
        if (e - s >= 2 and (titled or (given and titled_name(doc, s, e)))) or (
            given and _introduced(root)
        ):
            found.append((s, e, "PERSON"))
    firsts = {doc[s].text for s, e, label in spans + found if label == "PERSON" and e - s >= 2}
    taken |= {i for s, e, _ in found for i in range(s, e)}
    for tok in doc:
        if (
            tok.text in firsts
            and tok.lower_ in first_names()
            and _bare(tok, taken)
            and not (tok.i > 0 and _bare(doc[tok.i - 1], taken))
            and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN")
        ):
            found.append((tok.i, tok.i + 1, "PERSON"))
    return sorted(spans + found)


__all__ = [
    "missed_people",
    "occupation_before",
    "outlet_person",
    "name_end",
    "name_start",
    "repair",
    "thing_label",
    "title_word",
    "titled_name",
]
