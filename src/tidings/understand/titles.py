"""Titles of people: role nouns ("Minister", "diplomat") and the title phrases around them.

"The Russian Foreign Minister" -> role "Foreign Minister", country RUS; "US Secretary of State"
-> "Secretary of State", USA; "his Russian counterpart" -> a relational head (country only).
Role heads come from ``data/kb/roles.tsv`` (:func:`tidings.kb.role_heads`); which words
beside a head belong to the role, ranks and abbreviations from
``data/understand/title_words.tsv``. :func:`title_heads`, :func:`predicated` and
:func:`examples_of` find the titles that describe one name (premodifier, apposition, "X is the
curator", "photographers such as X").
"""

from __future__ import annotations

import re
from functools import cache

from tidings import datafiles, kb
from tidings.understand.phrases import MOD_DEPS, noun_phrase, phrase_words

#: words of a title that say nothing about the role itself
_NOT_ROLE = {"'s", "of", "his", "her", "the", "their", "its"}
#: modifiers of a title that say its holder holds it no longer
_NOT_NOW = {"former", "ex", "late", "then", "outgoing"}
#: parts of speech that are never words of a title, capitalised or not ("As", "According")
_NOT_TITLE_POS = {"ADP", "SCONJ", "CCONJ", "PRON", "ADV", "VERB", "AUX", "PART", "INTJ", "DET"}
#: dependencies of words that belong to a title's noun phrase, left of its head
_NP_DEPS = {"compound", "amod", "nmod", "poss"}


def head_word(tok) -> str | None:  # noqa: ANN001 - spacy Token
    """The roles.tsv head a noun is, singular or plural ("photographers" -> "photographer")."""
    heads = kb.role_heads()
    low = tok.lower_
    doc, i = tok.doc, tok.i
    if (
        i >= 2
        and doc[i - 1].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i - 2].whitespace_
        and doc[i - 2].lower_ in _JOINED_PREFIXES
    ):
        low = doc[i - 2].lower_ + low  # "co-ordinator" is the "coordinator"
    if low in heads:
        return low
    if low.endswith("s") and low[:-1] in heads:
        return low[:-1]
    return None


#: prefixes a hyphen may part from their noun without making another word ("co-ordinator")
_JOINED_PREFIXES = {"co"}


def office_country(tok):  # noqa: ANN001, ANN201 - spacy Token
    """The proper noun a title's "of" names and its country ("the President of Gabon" ->
    (Gabon, "GAB")), else None."""
    of = [g for c in tok.children if c.lower_ == "of" for g in c.children]
    if not of or of[0].pos_ != "PROPN":
        return None
    iso = kb.country_iso3(of[0].text)
    return (of[0], iso) if iso else None


def is_role_head(tok) -> bool:  # noqa: ANN001 - spacy Token
    """A title head noun ("minister", "President"), singular or plural; the tagger's "VERB"
    for "photographers" before a name is read as the noun it is."""
    if head_word(tok) is None:
        return False
    return tok.pos_ in {"NOUN", "PROPN"} or tok.dep_ in {"compound", "nmod", "appos"}


@cache
def gender_words() -> dict[str, str]:
    """Words that say a person's gender ("Mr.", "wife", "spokeswoman") -> "m" | "f"
    (``data/understand/gender.tsv``)."""
    return {r[0].strip(): r[1].strip() for r in datafiles.tsv("understand", "gender.tsv")}


@cache
def first_names() -> dict[str, str]:
    """Given names -> "m" | "f" (``data/understand/first_names.tsv``, from Faker's lists, MIT;
    names given to both left out): the weakest evidence of a person's gender."""
    return {r[0].strip(): r[1].strip() for r in datafiles.tsv("understand", "first_names.tsv")}


@cache
def title_words() -> dict[str, str]:
    """Words of a title beside its head -> "office" | "rank" (``data/understand/title_words.tsv``):
    office words name an office in lower case and the portfolios an "of" tail keeps; ranks give
    way to a function said of the same person."""
    return {r[0].strip(): r[1].strip() for r in datafiles.tsv("understand", "title_words.tsv")}


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviated titles -> the role they stand for ("gov." -> "Governor")."""
    rows = datafiles.tsv("understand", "title_words.tsv")
    return {r[0].strip(): r[2].strip() for r in rows if len(r) >= 3 and r[1].strip() == "abbrev"}


def _office_word(word: str) -> bool:
    return title_words().get(word.lower()) == "office"


def _office_or_rank(word: str) -> bool:
    return title_words().get(word.lower()) in {"office", "rank"}


def is_rank(role: str | None) -> bool:
    """A role that is only a rank ("Colonel", "Major general", "Professor")."""
    words = (role or "").lower().split()
    return bool(words) and all(title_words().get(w) == "rank" for w in words)


def is_person_noun(tok) -> bool:  # noqa: ANN001
    """A noun that only a person is: a title or occupation ("curator"), "woman", "father"."""
    return is_role_head(tok) or (tok.pos_ == "NOUN" and tok.lower_ in gender_words())


def is_role_noun(tok) -> bool:  # noqa: ANN001
    """A singular title noun naming one office holder ("diplomat", "Minister")."""
    return is_role_head(tok) and tok.tag_ not in {"NNS", "NNPS"}


def sent_start(tok) -> int:  # noqa: ANN001
    """First token of a token's sentence (Token.sent walks the whole Doc: too slow)."""
    i = tok.i
    doc = tok.doc
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def _left_edge(head) -> tuple[int, str | None]:  # noqa: ANN001
    """Walk left over the title's modifiers: (first token, country named among them)."""
    doc = head.doc
    start, country = head.i, None
    i = head.i - 1
    floor = sent_start(head)
    while i >= floor:
        t = doc[i]
        if t.head.i < head.i and t.head.i > i and t.dep_ not in _NP_DEPS:
            break
        if t.dep_ in {"det"} or t.lower_ in {"his", "her", "their", "its", "our"}:
            break
        if t.tag_ == "POS" or t.text in {"'s", "’s"}:
            i -= 1
            continue
        if t.pos_ in _NOT_TITLE_POS:  # "As coauthor Colette Heald told"
            break
        if t.dep_ not in _NP_DEPS | {"punct"} and not t.is_title and t.text not in {"-", "‐"}:
            break  # a hyphen whatever its parse ("vice-minister": "-" a noun subject)
        if t.is_punct:
            glued = i > floor and not t.whitespace_ and not doc[i - 1].whitespace_
            if (
                t.text in {"-", "‐"}
                and glued
                and (doc[i - 1].is_title or (doc[i - 1].is_alpha and doc[i - 1].lower_ != "ex"))
            ):
                start = i  # "Secretary-General"
                i -= 1
                if doc[i].is_lower:  # "singer-songwriter", "co-author": the word is the role's
                    start = i
                    i -= 1
                continue
            break
        iso = kb.country_iso3(t.text) if t.is_title or t.is_upper else None
        if iso:
            country = country or iso
        elif head.is_lower and not _office_word(t.text) and t.lower_ not in kb.role_heads():
            break  # "Wild goalie Alex Stalock", "Apple analyst": a body, not the role
        elif not (
            t.is_title
            or t.is_upper
            or t.lower_ in kb.role_heads()
            or (not head.is_title and _office_word(t.text))  # "foreign minister"
        ):
            break
        start = i
        i -= 1
    return start, country


def _of_phrase_end(head) -> int:  # noqa: ANN001
    """End of "Secretary of State", "Minister of Foreign Affairs" (never a name after it)."""
    doc = head.doc
    end = head.i + 1
    k = end + 2 if end + 2 < len(doc) and doc[end + 1].lower_ == "the" else end + 1
    if not (  # "secretary of state", "Chief of the General Staff", "Minister of the Interior"
        k < len(doc) and doc[end].lower_ == "of" and (doc[k].is_title or _office_word(doc[k].text))
    ):
        return end
    j = end + 1
    inside = {t.i for t in doc[end].subtree}  # only the "of" phrase
    while (
        j < len(doc)
        and j in inside
        and doc[j].ent_type_ != "PERSON"
        and (doc[j].is_title or doc[j].lower_ in {"and", "the"} or _office_word(doc[j].text))
    ):
        j += 1
    while j > end + 1 and doc[j - 1].lower_ in {"and", "the"}:
        j -= 1
    return j


def title_phrase(head) -> tuple[int, int, str | None, str | None, bool] | None:  # noqa: ANN001
    """Read a title NP around a role noun: (start, end, role, country, is-office).

    "The Russian Foreign Minister" -> ("Foreign Minister", "RUS"); "US Secretary of State" ->
    ("Secretary of State", "USA"); "his Russian counterpart" -> (None, "RUS", relational).
    """
    if not is_role_head(head):
        return None
    doc = head.doc
    start, country = _left_edge(head)
    end = _of_phrase_end(head)
    role_toks = [
        t
        for t in doc[start:end]
        if t.i > head.i or not (kb.country_iso3(t.text) or t.ent_type_ in {"NORP", "GPE"})
    ]
    role_toks = [t for t in role_toks if t.pos_ != "NUM" and t.lower_ not in {"one", "a", "an"}]
    word = head_word(head) or head.lower_
    office = kb.role_heads()[word]
    while len(role_toks) > 1 and role_toks[0].ent_type_ in {"ORG", "FAC", "GPE", "NORP", "PERSON"}:
        role_toks = role_toks[1:]  # the body is not the role: "U.N. Secretary-General"
    role_toks = [  # nor inside it: "Deputy White House Press Secretary" -> Deputy Press Secretary
        t for t in role_toks if t.i >= head.i or t.ent_type_ not in {"ORG", "FAC", "GPE"}
    ]
    pos = [k for k, t in enumerate(role_toks) if t.tag_ == "POS" or t.text in {"'s", "’s"}]
    if pos and role_toks[pos[-1]].i < head.i:  # "Obama's national security advisor"
        role_toks = role_toks[pos[-1] + 1 :]
    role_toks = [t for t in role_toks if t.tag_ != "POS" and t.text not in {"'s", "’s"}]
    role_toks = _without_body(role_toks, head)
    if head.i >= 2 and doc[head.i - 2].lower_ + head.lower_ == word:  # "co-ordinator"
        role_toks = [t for t in role_toks if t.i not in {head.i - 2, head.i - 1}]
    role = "".join(
        abbreviations().get(t.lower_, word if t.i == head.i and t.lower_ != word else t.text)
        + (t.whitespace_ and " ")
        for t in role_toks
    ).strip()
    role = role if office else None
    if role and not (head.is_title or head.is_upper) and role.islower():
        role = _title_case(role)
    return start, end, canonical_role(role) if role else None, country, office


def _without_body(role_toks: list, head) -> list:  # noqa: ANN001
    """A title's "of" tail is part of the role only when it names a portfolio ("Secretary of
    State", "Chief of Staff", "Minister of Foreign Affairs"); otherwise it names the body the
    person serves, which is no part of the role ("Director of the National Iodine Nutrition
    Study", "President of the International Brotherhood of Magicians", "author of Alice")."""
    of = next((k for k, t in enumerate(role_toks) if t.i > head.i and t.lower_ == "of"), None)
    if of is None:
        return role_toks
    tail = [t for t in role_toks[of:] if t.lower_ not in {"of", "the", "and", "for"}]
    if tail and _office_word(tail[-1].text) and all(_office_or_rank(t.text) for t in tail):
        return role_toks  # "Chief of the General Staff": a rank may qualify the portfolio
    return role_toks[:of]


def _title_case(role: str) -> str:
    """ "secretary of state" -> "Secretary of State"."""
    small = {"of", "the", "and", "for"}
    return " ".join(w if w in small else w[:1].upper() + w[1:] for w in role.split())


def canonical_role(role: str) -> str:
    """The short standard form of a ministry's title: "Minister of Education" -> "Education
    Minister", "Minister of Foreign Affairs" / "Foreign Affairs minister" -> "Foreign
    Minister"."""
    m = re.match(
        r"^((?:Deputy |Vice |First |Prime )?)Minister (?:of|for) (?:the )?(.+)$", role, re.I
    )
    if m:
        role = f"{m.group(1)}{m.group(2)} Minister"
    role = re.sub(r"\bForeign Affairs Minister\b", "Foreign Minister", role, flags=re.I)
    role = re.sub(r"\bCoauthor\b", "Co-Author", role, flags=re.I)
    role = re.sub(r"\bco-ordinator\b", "Coordinator", role, flags=re.I)
    role = _without_trailing_rank(role)
    return role[:1].upper() + role[1:]


def _without_trailing_rank(role: str) -> str:
    """ "US spokesperson Major-General Kevin Bergner": the function, not the rank after it.
    Only a rank of two words is cut ("Major-General", "Lieutenant Colonel"): a lone "General"
    ends offices ("Attorney General", "Secretary General")."""
    words = role.split()
    for n in (1, 2):
        tail = [p for w in words[-n:] for p in w.lower().split("-")]
        rest = " ".join(words[:-n])
        if len(words) > n and len(tail) == 2 and is_rank(" ".join(tail)) and not is_rank(rest):
            return rest
    return role


def _country_word(tok) -> str | None:  # noqa: ANN001
    """The country a capitalised word names, read with its whole NER span ("South African")."""
    if not (tok.is_title or tok.is_upper):
        return None
    if tok.ent_type_ in {"NORP", "GPE"}:
        doc, a, b = tok.doc, tok.i, tok.i + 1
        while a > 0 and doc[a].ent_iob_ == "I":
            a -= 1
        while b < len(doc) and doc[b].ent_iob_ == "I":
            b += 1
        whole = kb.country_iso3(doc[a:b].text)
        if whole:
            return whole
    return kb.country_iso3(tok.text)


def title_context(head, start: int, end: int) -> tuple[str | None, str | None]:  # noqa: ANN001
    """(country, sector) from the whole noun phrase of a title: every modifier left of its head,
    capitalised or not ("Nigerian junior foreign minister" -> NGA, GOV; "Iran's religious
    leader" -> IRN, REL), and the title phrase ``start:end`` itself. A title someone no longer
    holds ("former prime minister", "ex-President") gives no sector."""
    doc = head.doc
    toks = sorted(
        {t.i for t in head.subtree if t.i <= head.i} | set(range(start, end)),
    )
    country = next((c for i in toks if i != head.i for c in [_country_word(doc[i])] if c), None)
    words = phrase_words(doc[i] for i in toks)
    if _not_now(words):
        return country, None
    return country, kb.sector_in(words)


def _not_now(words: list[str]) -> bool:
    return any(w in _NOT_NOW or w.startswith("ex-") for w in words)


def person_context(root, start: int, end: int, date: str | None):  # noqa: ANN001, ANN201
    """(country, sector, words) that the words around a person's name say: the modifiers left
    of it ("UK citizen Jim Swire", "CEO of the Refugee Council Enver Solomon", "White House
    Press Secretary Josh Earnest") and the phrase it is in apposition to ("the Russian Foreign
    Minister, Sergei Lavrov") or that is in apposition to it ("Valeska Paris, an Australian
    woman"); tokens ``start:end`` are the name itself. Read with the KB:
    country words and dictionary phrases for the country, agent nouns for the sector."""
    toks = [t for c in root.lefts if c.dep_ in MOD_DEPS and c.i < start for t in c.subtree]
    if root.dep_ == "appos":
        toks += [t for t in noun_phrase(root.head) if t.i < root.head.i + 4]
    for c in root.children:  # "Valeska Paris, an Australian woman", "X, a USI instructor"
        if (
            c.dep_ == "appos"
            and c.i > root.i
            and c.pos_ in {"NOUN", "PROPN"}
            and c.ent_type_ != "PERSON"  # "members X, Y and Z": a list of names, no description
        ):
            toks += [t for t in noun_phrase(c) if t.i <= c.i]
    toks = sorted({t.i: t for t in toks if not start <= t.i < end}.values(), key=lambda t: t.i)
    words = phrase_words(toks)
    if not words:
        return None, None, set()
    generic = frozenset(i for i, w in enumerate(words) if _generic_body(w))
    code_country, rest = kb.phrase_code(words, date, skip=generic)
    country = next((c for t in toks for c in [_country_word(t)] if c), None) or code_country
    if rest and _capital_only(toks):
        rest = None  # "London-based designer": a city places a person, it is no government
    sector = kb.sector_in(words) or (rest if code_country and rest else None)
    if _not_now(words):
        sector = None
    return country, sector, set(words) - _NOT_ROLE


def _generic_body(word: str) -> bool:
    """A one-word kind of institution that the dictionaries also list as one country's body
    ("Senate" -> the US Congress): alone it names no country ("Senate Chairman Sadiq
    Sanjrani" of Pakistan); "U.S. Senate" still does."""
    return bool(kb.sector_for(word, whole=True)) and kb.lookup(word) is not None


def _capital_only(toks: list) -> bool:
    """The words beside a name name a city (a capital the KB reads as its government) and no
    seat of power."""
    text = kb.norm(" ".join(t.text for t in toks))
    if any(seat in text for seat in kb.seats_of_power()):
        return False
    return any(t.is_title and kb.places.is_city(t.text) for t in toks)


def title_heads(root, start_char: int) -> list:  # noqa: ANN001
    """Title heads describing a name: premodifiers ("US President Donald Trump"), the phrase
    it is in apposition to ("The Russian Foreign Minister, Sergei Lavrov"), its appositions
    ("Angela Merkel, the German Chancellor")."""
    left = [c for c in root.children if c.dep_ in {"compound", "nmod"} and c.i < root.i]
    left += [  # "Secretary-General Ban Ki-moon": the title hangs on the name's first word
        c
        for t in root.lefts
        if t.idx >= start_char
        for c in t.children
        if c.dep_ in {"compound", "nmod"} and c.idx < start_char
    ]
    left.sort(key=lambda c: c.i)
    heads = [c for c in reversed(left) if is_role_head(c) and c.idx < start_char]
    if root.dep_ == "appos" and is_role_head(root.head):
        heads.append(root.head)
    appos = [c for c in root.children if c.dep_ == "appos"]
    appos += [  # "X, Teresa's husband and ...": a description the parser made a conjunct
        c
        for c in root.children
        if c.dep_ == "conj"
        and c.tag_ == "NN"
        and is_person_noun(c)
        and c.left_edge.i > 0
        and c.doc[c.left_edge.i - 1].text == ","
    ]
    heads += [c for c in appos if is_role_head(c)]
    heads += [  # "X, Teresa's husband and Tor's editor in chief"
        g for c in appos if is_person_noun(c) for g in c.conjuncts if is_role_head(g)
    ]
    heads += [  # "Beth Meacham, one of his editors at Tor"
        g
        for c in appos
        if c.lower_ == "one"
        for p in c.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for g in p.children
        if g.dep_ == "pobj" and is_role_head(g)
    ]
    heads += _posted_to(root, start_char)
    first = root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head  # "photographers Nat Finkelstein, Christopher Makos and ..."
    if first is not root:
        left = [c for c in first.children if c.dep_ in {"compound", "nmod"} and c.i < first.i]
        heads += [c for c in left if is_role_head(c) and c.lower_ != head_word(c)]
    return heads


def _posted_to(root, start_char: int) -> list:  # noqa: ANN001
    """ "Afghan Ambassador to the United States Hamdullah Mohib": the parser makes the name the
    object of "to" (glued to the host country); the title before "to" is the person's, and the
    host country is not their country."""
    prep = root.head
    if not (
        root.dep_ == "pobj"
        and prep.lower_ in {"to", "for", "in"}
        and prep.head.i < prep.i
        and is_role_head(prep.head)
    ):
        return []
    between = [t for t in root.doc[prep.i + 1 : root.i + 1] if t.idx < start_char]
    if (
        between
        and any(t.ent_type_ for t in between)
        and all(t.ent_type_ in {"GPE", "ORG", "NORP", "LOC"} or t.dep_ == "det" for t in between)
    ):
        return [prep.head]
    return []


def examples_of(root) -> list:  # noqa: ANN001
    """ "photographers who used the camera, such as Ansel Adams, Chuck Close and ...",
    "athletes including X": the plural role noun a list of names gives examples of (the
    parser often hangs "such as" on the nearest noun, so the noun is looked for leftwards)."""
    first = root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    prep = first.head
    if first.dep_ != "pobj" or prep.lower_ not in {"as", "including"}:
        return []
    doc = root.doc
    if prep.lower_ == "as" and not (prep.i > 0 and doc[prep.i - 1].lower_ == "such"):
        return []
    floor = max(sent_start(prep), prep.i - 20)
    for i in range(prep.i - 1, floor - 1, -1):
        t = doc[i]
        if t.tag_ in {"NNS", "NNPS"} and is_role_head(t):
            return [t]
    return []


def predicated(root) -> list:  # noqa: ANN001
    """Titles said of a person: "X is the curator", "X, who was a professor", "X resigned as
    Foreign Affairs minister", "X was named mayor", "one of the women, X, is an Indonesian
    citizen" (the subject the name is in apposition to), "As head of the group, X smuggled"
    and "X's (his) sixth term as President" (an "as" phrase on a noun the person possesses).
    A title given by a naming verb is a nickname, no role ("dubbed the Bandit King")."""
    subj = root.head if root.dep_ == "appos" and root.head.dep_ in {"nsubj", "nsubjpass"} else root
    verbs = [subj.head] if subj.dep_ in {"nsubj", "nsubjpass"} else []
    verbs += [c for c in root.children if c.dep_ == "relcl"]
    verbs += [c for v in verbs for c in v.children if c.dep_ == "xcomp"]  # "forced to resign as"
    out = _named_or_equated(root)
    for v in verbs:
        if v.lemma_.lower() in _NAMING:
            continue
        for c in v.children:
            if c.dep_ in {"attr", "oprd"} and is_role_head(c):
                out.append(c)
            elif c.dep_ in {"prep", "advcl"} and c.lower_ == "as":
                out += [g for g in c.children if g.dep_ == "pobj" and is_role_head(g)]
    if root.dep_ == "poss":  # "his term as President", "Mugabe's tenure as prime minister"
        out += [
            g
            for c in root.head.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for g in c.children
            if g.dep_ == "pobj" and is_role_head(g)
        ]
    return out


#: verbs that give a person a name, not a role ("dubbed the Bandit King", "nicknamed")
_NAMING = {"dub", "nickname", "brand", "label", "christen"}


def _named_or_equated(root) -> list:  # noqa: ANN001
    """ "a lawyer named Alice Fisher", "an aid worker called X" (the noun the naming verb
    modifies), "One such aid worker ... was Max Peberdy" (the subject the name is equated
    with) and "identified the officer as X" (the object the name is given as)."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ == "VERB":
        # "identified the Jordanian officer killed in the bombing as Sharif Ali bin Zaid"
        verb = head.head
        if verb.dep_ == "acl" and verb.head.dep_ == "dobj":
            verb = verb.head.head  # "as" hung on the participle ("killed in the bombing")
        return [c for c in verb.children if c.dep_ == "dobj" and is_role_noun(c)]
    if root.dep_ == "oprd" and head.dep_ == "acl" and head.lemma_ in {"name", "call"}:
        return [head.head] if is_role_head(head.head) else []
    if root.dep_ == "attr" and head.lemma_ == "be":
        return [c for c in head.children if c.dep_ == "nsubj" and is_role_head(c)]
    return []


__all__ = [
    "canonical_role",
    "examples_of",
    "first_names",
    "gender_words",
    "head_word",
    "is_person_noun",
    "is_rank",
    "is_role_head",
    "is_role_noun",
    "person_context",
    "predicated",
    "sent_start",
    "title_context",
    "title_heads",
    "title_phrase",
    "title_words",
]
