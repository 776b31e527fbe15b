"""People: what the whole article says about each person beyond the title next to their name.

Runs over the person clusters of :class:`~tidings.understand.entities.Resolver`:

- **Affiliation** (:func:`affiliations`, after normalisation): a person with no country of
  their own gets the country of the organisation, place or delegation the words around their
  name tie them to: "Kristen Wilkins, curator at the University of Southern Indiana", "Lydia
  Buchtmann, spokeswoman for Food Standards Australia New Zealand", "the head of the Russian
  delegation, X", "Carlo De Benedetti of Italy's la Repubblica". An organisation's country is
  its own (KB, metonym) or the place its name holds (:func:`org_home`).
- **People of the title** (:func:`title_people`): "Statement by NSC Spokesperson Emily
  Horne on ...": a person the body never names is still a person of the article.
- **Roles from deeds** (:func:`action_roles`): "X scored" (Player), "X won a seat" (Candidate).
- **Counterparts** (:func:`counterparts`, once pronouns are linked): "his Russian counterpart
  Vladimir Putin" holds the office of the person "his" stands for (President Trump's:
  President); the country is the text's ("Russian").
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from tidings import datafiles, kb
from tidings.understand.clusters import Cluster
from tidings.understand.normalise import is_country, kb_person
from tidings.understand.titles import head_word, predicated

if TYPE_CHECKING:
    from tidings.understand.entities import Resolver

#: prepositions that tie a person to a body or place ("curator at", "spokesman for", "of")
_TIES = {"of", "at", "for", "from", "with", "in"}
#: sectors of a state's office holders: an office with no country is the article's country's
_STATE = {"GOV", "LEG", "JUD", "MIL", "COP", "SPY"}
#: dependencies of a person's name or title phrase that hold an affiliation
_NEAR = {"compound", "poss", "nmod", "amod"}


def org_home(cl: Cluster) -> str | None:
    """The country an organisation's name places it in ("University of Arkansas", "New
    America Foundation"), by its words; the first one it names ("Food Standards Australia
    New Zealand" -> AUS)."""
    words = cl.name.replace(",", " ").split()
    for i in range(len(words)):  # the first country its name holds, read longest first
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            chunk = " ".join(words[i : i + n])
            if not chunk[:1].isupper():
                continue
            iso = kb.country_iso3(chunk)
            if iso:
                return iso
            if i > 0 and words[i - 1].lower() in {"of", "in"}:
                place = kb.places.find(chunk)
                if place is not None and place.country:
                    return place.country
    return None


def country_of(cl: Cluster, *, outlets: bool = True) -> str | None:
    """A non-person entity's country: its own, the KB's, a seat of power's, a news outlet's
    (``outlets``: where its journalists belong, not where a story citing it is set), its
    name's."""
    if cl.type == "PERSON":
        return None
    if cl.country:
        return cl.country
    if cl.kb is not None:
        iso = kb.split_code(cl.kb.code)[0]
        if iso:
            return iso
    if cl.type not in {"ORG", "FAC"}:
        return None
    if kb.outlet_country(cl.name):
        return kb.outlet_country(cl.name) if outlets else None
    return org_home(cl)


def _tied_tokens(root) -> list:  # noqa: ANN001
    """Tokens of the phrases that tie a name to a body: its modifiers, its appositions' own
    modifiers, and the of/at/for/from phrases of both (no clauses)."""
    heads = [root] + [c for c in root.children if c.dep_ == "appos" and c.i > root.i]
    if root.dep_ == "appos":
        heads.append(root.head)
    if root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.head.dep_ == "acl":
        heads.append(root.head.head.head)  # "the Ukrainian delegation, led by X"
    out = []
    for h in heads:
        for c in h.children:
            if c.dep_ in _NEAR and c.i < h.i:
                out += list(c.subtree)
            elif c.dep_ == "prep" and c.lower_ in _TIES and not (h is root and c.lower_ == "in"):
                # "a teacher in Indiana" places her; "met Witkoff in Geneva" places the meeting
                out += [t for g in c.children if g.dep_ == "pobj" for t in _np(g)]
    return out


def _np(tok) -> list:  # noqa: ANN001
    """A noun and its modifiers and of-phrases ("the University of Southern Indiana"), and the
    country a body's branch is in ("Amnesty International in Australia"; a town there only
    locates it)."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in _NEAR | {"det", "appos", "flat"}:
            out += list(c.subtree)
        elif c.dep_ == "prep" and c.lower_ == "of":
            out += [t for g in c.children for t in _np(g)]
        elif c.dep_ == "prep" and c.lower_ == "in" and tok.ent_type_ == "ORG":
            for g in c.children:
                words = [t for t in g.subtree if t.dep_ != "det"]
                if g.dep_ == "pobj" and kb.country_iso3(" ".join(t.text for t in words)):
                    out += words
    return out


def _of_country(res: Resolver, root) -> str | None:  # noqa: ANN001
    """ "King Abdullah II of Jordan", "Prime Minister Mark Rutte of the Netherlands": the
    country named in an of-phrase of the name itself."""
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                ci = res.cluster_at(g.i) if g.dep_ == "pobj" else None
                if ci is not None and res.clusters[ci].type == "GPE":
                    iso = res.clusters[ci].country
                    if iso and kb.country_iso3(res.clusters[ci].name) == iso:
                        return iso
    return None


def affiliations(res: Resolver) -> None:
    """Country of each person with none yet, from the body they are tied to (module doc); the
    text's "X of <country>" wins over a KB namesake's country ("King Abdullah II of Jordan" is
    not the Saudi king the KB knows as Abdullah)."""
    for cl in res.clusters:
        if cl.type == "PERSON" and cl.kb is not None and cl.mentions:
            for m, root_i in zip(cl.mentions, cl.roots, strict=False):
                iso = _of_country(res, res.doc[root_i]) if m.kind in {"name", "surname"} else None
                if iso and iso != cl.country:
                    cl.country = iso
                    break
        if cl.type != "PERSON" or cl.country or not cl.mentions:
            continue
        for m, root_i in zip(cl.mentions, cl.roots, strict=False):
            if m.kind not in {"name", "surname"}:
                continue
            iso = _tied_country(res, res.doc[root_i], cl) or _bracketed_country(res, m)
            if iso:
                cl.country = iso
                break


def _bracketed_country(res: Resolver, m) -> str | None:  # noqa: ANN001
    """ "Ivana Jelić and Pavle Petrović (Serbia)", "Novak Djokovic (SRB)": a country in
    brackets right after a name (or a list of names) is theirs."""
    doc = res.doc
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return None
    i = span.end
    while i < len(doc) and i - span.end < 12 and doc[i].text != "(":
        if doc[i].text in {".", ";", ":", ")"} or doc[i].is_sent_start:
            return None
        if doc[i].text not in {",", "and", "&"} and doc[i].pos_ != "PROPN":
            return None  # only more names may stand between
        i += 1
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        return (
            kb.country_iso3(doc[i + 1].text) if doc[i + 1].is_title or doc[i + 1].is_upper else None
        )
    if i + 3 < len(doc) and doc[i].text == "(" and doc[i + 3].text == ")":
        return kb.country_iso3(doc[i + 1 : i + 3].text)  # "(United Kingdom)"
    return None


def _tied_country(res: Resolver, root, cl: Cluster) -> str | None:  # noqa: ANN001
    """The country of the first body the name is tied to; a body of an international
    organisation ("a spokesman for the United Nations refugee agency, X") gives none and makes
    the person its own (their sector its IGO code: no home country either), unless they no
    longer serve it ("former International Monetary Fund head Dominique Strauss-Kahn")."""
    tied = _tied_tokens(root)
    former = any(t.lower_ in {"former", "ex", "then", "outgoing", "late"} for t in tied)
    for t in sorted(tied, key=lambda t: t.i):  # in the order written
        ci = res.cluster_at(t.i)
        if ci is None and t.is_title and t.pos_ == "PROPN" and is_country(t.text):
            return kb.country_iso3(t.text)  # "Food Standards Australia New Zealand", untagged
        if ci is None or res.clusters[ci] is cl:
            continue
        body = res.clusters[ci].kb
        if body is not None and body.code.startswith("IGO") and not former:
            cl.sector = body.code  # a UN spokesman is the UN's, not a government's
            return None
        iso = country_of(res.clusters[ci])
        if iso:
            return iso
    return None


@cache
def _role_verbs() -> dict[str, list[tuple[frozenset[str], str]]]:
    """Verb lemma -> [(object words, {"-"} for a passive subject or {"*"} for any object;
    role)], the first row that fits wins."""
    out: dict[str, list[tuple[frozenset[str], str]]] = {}
    for r in datafiles.tsv("understand", "role_verbs.tsv"):
        if len(r) >= 3:
            out.setdefault(r[0], []).append((frozenset(r[1].split("|")), r[2].strip()))
    return out


@cache
def _role_nouns() -> dict[str, str]:
    """Noun of a deed -> role ("goal" -> Player)."""
    return {r[0]: r[1].strip() for r in datafiles.tsv("understand", "role_nouns.tsv") if len(r) > 1}


def _deed_noun_role(tok) -> str | None:  # noqa: ANN001
    """ "X's goal", "a goal from X", "a header by X": the role that deed says."""
    nouns = _role_nouns()
    if tok.dep_ == "poss":
        return nouns.get(tok.head.lemma_.lower())
    if tok.dep_ == "pobj" and tok.head.lower_ in {"from", "by", "of"}:
        return nouns.get(tok.head.head.lemma_.lower())
    return None


def _deed_verbs(tok) -> list:  # noqa: ANN001
    """The verbs a person does: the one they are the subject of, and the relative clause on
    their name ("Deniz Baykal, who heads Turkey's chief opposition party")."""
    out = [tok.head] if tok.dep_ in {"nsubj", "nsubjpass"} else []
    for c in tok.children:
        if c.dep_ == "relcl" and any(
            g.dep_ in {"nsubj", "nsubjpass"} and g.lower_ in {"who", "that"} for g in c.children
        ):
            out.append(c)
    return out


def _deed_role(verb, table: dict) -> str | None:  # noqa: ANN001
    """The role a verb says of its subject (``data/understand/role_verbs.tsv``)."""
    near = [c for c in verb.children if c.dep_ in {"dobj", "attr", "prep", "advcl"}]
    words = {t.lower_ for c in near for t in c.subtree}
    for objects, role in table.get(verb.lemma_.lower(), []):
        if "-" in objects and any(c.dep_ == "nsubjpass" for c in verb.children):
            return role
        if "*" in objects and any(c.dep_ == "dobj" for c in verb.children):
            return role
        if words & objects:
            return role
    return None


def action_roles(res: Resolver) -> None:
    """The role of a person with no title from what they do: "X scored a goal" (Player),
    "X won a seat", "X was elected" (Candidate) (``data/understand/role_verbs.tsv``)."""
    table = _role_verbs()
    for cl in res.clusters:
        if cl.type != "PERSON" or cl.role or not cl.mentions:
            continue
        for root_i in cl.roots:
            tok = res.doc[root_i]
            while tok.dep_ == "conj" and tok.head.i < tok.i:
                tok = tok.head  # "X and Y won seats"
            deed = _deed_noun_role(tok)
            if deed:
                cl.role = deed
                break
            role = next((r for v in _deed_verbs(tok) for r in [_deed_role(v, table)] if r), None)
            if role:
                cl.role = role
                break


def counterparts(res: Resolver) -> None:
    """ "his Russian counterpart Vladimir Putin": the office of the person "his" is (or the
    possessor named: "Trump's counterpart"), for a person whose role the text does not give."""
    doc = res.doc
    for cl in res.clusters:
        if cl.type != "PERSON" or cl.role or not cl.mentions:
            continue
        for root_i in cl.roots:
            root = doc[root_i]
            near = [c for c in root.children if c.dep_ in {"compound", "appos", "nmod"}]
            if root.dep_ == "appos":
                near.append(root.head)
            for head in near:
                if head_word(head) != "counterpart":
                    continue
                owner = next((c for c in head.children if c.dep_ == "poss"), None)
                oi = res.cluster_at(owner.i) if owner is not None else None
                if oi is None or res.clusters[oi] is cl:
                    continue
                other = res.clusters[oi]
                role = other.role or (other.kb.role if other.kb else None)
                if role and other.type == "PERSON":
                    cl.role = role
                    break
            if cl.role:
                break
    _standalone_counterparts(res)


def _holder_role(res: Resolver, owner) -> tuple[Cluster | None, str | None]:  # noqa: ANN001
    """The person a possessive stands for ("his", "Trump's") and the office they hold."""
    oi = res.cluster_at(owner.i) if owner is not None else None
    if oi is None or res.clusters[oi].type != "PERSON":
        return None, None
    other = res.clusters[oi]
    return other, other.role or (other.kb.role if other.kb else None)


def _standalone_counterparts(res: Resolver) -> None:
    """ "Trump said his Russian counterpart was a strong leader": a counterpart phrase beside
    no name stands for the one person of its country the article names (and gives no role):
    that person holds the possessor's office."""
    for tok in res.role_toks:
        if head_word(tok) != "counterpart" or tok.tag_ in {"NNS", "NNPS"}:
            continue
        if tok.dep_ in {"compound", "appos"} or any(c.dep_ == "appos" for c in tok.children):
            continue  # beside a name: counterparts() read it
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        other, role = _holder_role(res, owner)
        country = next(
            (c for t in tok.lefts if t.is_title for c in [kb.country_iso3(t.text)] if c), None
        )
        if not role or not country:
            continue
        found = [
            cl
            for cl in res.clusters
            if cl.type == "PERSON" and cl.mentions and cl is not other and cl.country == country
        ]
        if len(found) == 1 and not found[0].role:
            found[0].role = role


@cache
def _kin_words() -> frozenset[str]:
    """Kinship nouns (``data/understand/kinship.tsv``)."""
    return frozenset(r[0].strip() for r in datafiles.tsv("understand", "kinship.tsv"))


def _is_kin(tok) -> bool:  # noqa: ANN001
    """A kinship noun, also in a hyphenated form ("half-brother", "son-in-law", "stepson"),
    however the tokenizer split it."""
    doc, a, b = tok.doc, tok.i, tok.i + 1
    while a > 0 and not doc[a - 1].whitespace_ and (doc[a - 1].is_alpha or doc[a - 1].text == "-"):
        a -= 1
    while b < len(doc) and not doc[b - 1].whitespace_ and (doc[b].is_alpha or doc[b].text == "-"):
        b += 1
    kin = _kin_words()
    for word in doc[a:b].text.lower().split("-"):
        word = word.removeprefix("step").removeprefix("grand") if word not in kin else word
        if word in kin or (word.endswith("s") and word[:-1] in kin):
            return True
    return False


def _relative(res: Resolver, kin) -> Cluster | None:  # noqa: ANN001
    """The person a kinship noun relates to: its possessor ("his wife", "Trump's son-in-law")
    or the object of its "of"/"to" ("the half-brother of Kim Jong Un")."""
    for c in kin.children:
        toks = [c] if c.dep_ == "poss" else []
        if c.dep_ == "prep" and c.lower_ in {"of", "to"}:
            toks = [g for g in c.children if g.dep_ == "pobj"]
        for t in toks:
            ci = res.cluster_at(t.i)
            if ci is not None and res.clusters[ci].type == "PERSON":
                return res.clusters[ci]
    return None


def relatives(res: Resolver) -> None:
    """A person the article describes only as someone's relative ("Bush, accompanied by his
    wife Laura", "Jared Kushner, Trump's son-in-law", "Kim Jong Nam, the half-brother of Kim
    Jong Un") is of the relative's country when nothing else gives them one (the family of a
    head of state is of that state). Kinship is no role."""
    doc = res.doc
    for cl in res.clusters:
        if cl.type != "PERSON" or cl.country or not cl.mentions:
            continue
        for m, root_i in zip(list(cl.mentions), list(cl.roots), strict=False):
            if m.kind not in {"name", "surname"}:
                continue
            root = doc[root_i]
            near = [c for c in root.children if c.dep_ in {"compound", "appos", "nmod"}]
            near += [root.head] if root.dep_ == "appos" else []
            other = next(
                (o for k in near if _is_kin(k) for o in [_relative(res, k)] if o and o is not cl),
                None,
            )
            if other is None:
                continue
            iso = other.country or (kb.split_code(other.kb.code)[0] if other.kb else None)
            if iso:
                cl.country = iso
                break


def mention_roles(res: Resolver) -> None:
    """Role and country of a person from every mention coreference linked to them, not only
    the words beside their name: "Lavrov met Pompeo. The Russian foreign minister said ..."
    gives Lavrov *Foreign Minister*; a role read beside the name stays."""
    for ci, cl in enumerate(res.clusters):
        if cl.type != "PERSON" or (cl.role and cl.country):
            continue
        for m, root_i in zip(list(cl.mentions), list(cl.roots), strict=False):
            root = res.doc[root_i]
            if m.kind in {"nominal", "title"} and head_word(root):
                res.read_title(ci, root, mention=False)
            elif m.kind == "pronoun" and root.lower_ in {"he", "she", "his", "her"}:
                for h in predicated(root):  # "She is the chief negotiator", "his term as"
                    res.read_title(ci, h, mention=False)


def home_country(res: Resolver, dateline: str | None = None) -> str | None:
    """The country the article is set in: its dateline's, else the one most mentioned by its
    places, demonyms and organisations (each mention a vote) and its well-known people (the
    KB's, one vote each); a tie: none. A story on Washington's Russia inquiry names Russia
    more often than the United States, but its White House, FBI and President are American."""
    if dateline:
        place = kb.places.find(dateline.split(",")[0].strip(" —–-:"))
        iso = kb.country_iso3(dateline) or (place.country if place else None)
        if iso:
            return iso
    counts: dict[str, list[int]] = {}
    for cl in res.clusters:
        if cl.type == "PERSON" and cl.kb is None:
            continue  # only the well-known: their country is known, not guessed from the text
        if cl.type not in {"GPE", "LOC", "FAC", "NORP", "ORG", "PERSON"} or not cl.mentions:
            continue
        iso = country_of(cl, outlets=False) if cl.type in {"ORG", "FAC"} else cl.country
        if iso:
            c = counts.setdefault(iso, [0, 0])
            c[0] += 1 if cl.type == "PERSON" else len(cl.mentions)  # a person once
            c[1] = min(c[1] or 1 << 30, min(m.start for m in cl.mentions))
    if not counts:
        return None
    ranked = sorted(counts, key=lambda k: (counts[k][0], -counts[k][1]), reverse=True)
    if len(ranked) > 1 and counts[ranked[0]][0] == counts[ranked[1]][0]:
        return None  # two countries named as often: the article is about both, set in neither
    return ranked[0]


def local_people(res: Resolver, speakers: set[str], dateline: str | None = None) -> None:
    """People who speak in the article (``speakers``: entity ids) or hold a state office, and
    whom nothing ties to a country, are the article's own: its home country
    (:func:`home_country`). A curator or student quoted in a story set in Evansville, Indiana,
    is American, so is "the mayor" there; people only named (a celebrity in a list, "such
    photographers as X and Y") get nothing."""
    home = None
    for ci, eid in res.ids.items():
        cl = res.clusters[ci]
        if cl.in_title:
            continue  # the author of a statement is the issuer's, not the place's it is about
        official = (cl.title_sector or cl.sector or "")[:3] in _STATE
        if (
            cl.type != "PERSON"
            or cl.country
            or (eid not in speakers and not official and (not cl.role or cl.listed))
            or _international(cl)
        ):
            continue
        home = home or home_country(res, dateline)
        if home is None:
            return
        cl.country = home


#: CAMEO's codes of bodies of no country: international organisations, militant groups and
#: non-governmental organisations
_STATELESS = ("IGO", "IMG", "NGO")


def _international(cl: Cluster) -> bool:
    """A person of an international body (the KB's IGO code, "U.N. Secretary-General", "the
    head of NATO") or of a transnational group the KB codes so (IMG: "Osama bin Laden", the
    al-Qaeda leader; NGO) belongs to no country the article is set in."""
    if cl.kb is not None and cl.kb.code.startswith(_STATELESS):
        return True
    for code in (cl.sector, cl.title_sector):
        if code and code.startswith("IGO"):
            return True
    _, rest = kb.phrase_code(sorted(cl.role_words))
    return bool(rest and rest.startswith("IGO"))


_NAME = r"(?:[A-Z][\w'’-]*\.?|[A-Z]\.)(?:\s(?:[A-Z][\w'’-]*\.?|[A-Z]\.)){0,4}(?:,?\sJr\.)?"
_AUTHORED = re.compile(r"^(Statement|Remarks|Message|Letter|Op-Ed|Address|Proclamation)\b.*?\bby\b")


@cache
def _titled_names() -> re.Pattern:
    """ "<Title words> <Head> <Name>" in a headline, the heads from roles.tsv (offices)."""
    heads = sorted((h for h, office in kb.role_heads().items() if office), key=len, reverse=True)
    head = "|".join(re.escape(h.title()) for h in heads)
    return re.compile(rf"((?:[A-Z][\w.-]*\s){{0,3}}(?:{head}))\s({_NAME})(?![\w’'])")


def title_people(res: Resolver, title: str | None, date: str | None) -> None:
    """People the title names under a title and the body does not ("Statement by NSC
    Spokesperson Emily Horne on ..."): a person of the article with that role, and — in a
    statement by them — the "I", "me", "my" of the body outside quotation marks."""
    if not title:
        return
    known = {w for cl in res.clusters if cl.type == "PERSON" for n in cl.names for w in n.split()}
    new = []
    for m in _titled_names().finditer(title):
        role = m.group(1).strip()
        name = re.split(r"['’]s\b", m.group(2))[0].strip().rstrip(",")
        core = [w for w in re.sub(r",?\sJr\.$", "", name).split() if len(w.rstrip(".")) > 1]
        if not core or core[-1] in known or kb.country_iso3(name):
            continue
        if len(core) == 1 and not _kb_person_named(core[0], date):
            continue  # "President Biden": one word is a name only when the KB knows the person
        cl = Cluster(type="PERSON", role=role, in_title=True, title_name=name)
        cl.country = next((c for w in role.split() if (c := kb.country_iso3(w))), None)
        cl.role_words = set(role.lower().split())
        res.clusters.append(cl)
        new.append(len(res.clusters) - 1)
    for ci in new:
        cl = res.clusters[ci]
        cl.kb = kb_person(cl.name, cl.name.split()[-1].rstrip(","), date)
        if cl.kb and not cl.country:
            cl.country = kb.split_code(cl.kb.code)[0]
    if len(new) == 1 and _AUTHORED.match(title):
        _first_person(res, new[0])


def _kb_person_named(word: str, date: str | None) -> bool:
    """Whether the KB knows a person (a full name) by this one word ("Biden")."""
    hit = kb_person(word, word, date)
    return hit is not None and len(hit.name.split()) >= 2 and hit.country is not None


def _first_person(res: Resolver, ci: int) -> None:
    """The author's "I", "me", "my" outside quotation marks."""
    from tidings.understand.coref.quoted import quoted_tokens

    quoted = quoted_tokens(res.doc)
    for tok in res.doc:
        if tok.lower_ in {"i", "me", "my"} and tok.pos_ == "PRON" and tok.i not in quoted:
            res.add_mention(ci, tok.i, tok.i + 1, "pronoun")


__all__ = [
    "action_roles",
    "mention_roles",
    "affiliations",
    "counterparts",
    "country_of",
    "home_country",
    "local_people",
    "org_home",
    "relatives",
    "title_people",
]
