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
from tidings.understand.titles import examples_of, first_names, is_person_noun, is_role_head


@cache
def _named_things() -> dict[str, str]:
    """Words opening a name of a thing named like a person -> its label
    (``data/understand/named_things.tsv``)."""
    rows = datafiles.tsv("understand", "named_things.tsv")
    return {r[0].strip(): r[1].strip() for r in rows if len(r) > 1}


def thing_label(doc, s: int, e: int) -> str | None:  # noqa: ANN001
    """ "Cyclone Phailin", "Hurricane Katrina": the label of a name a noun of
    ``named_things.tsv`` opens (an event, not a person)."""
    return _named_things().get(doc[s].lower_) if e - s >= 2 else None


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
    honorific or a title)."""
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
        and not doc[s - 1].is_sent_start
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


__all__ = ["name_end", "name_start", "repair", "thing_label", "title_word", "titled_name"]
