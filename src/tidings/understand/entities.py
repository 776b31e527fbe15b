"""Entities resolved across one article: which mentions form one real-world entity.

Rules over spaCy's NER and dependency parse (no coreference model installs offline):

- document-level consistency: once "Sergei Lavrov" is a PERSON, every "Lavrov" is that PERSON,
  whatever label the statistical model gave the single token;
- roles and countries of people from appositions and premodifiers ("The Russian Foreign
  Minister, Sergei Lavrov", "US President Donald Trump", "his Russian counterpart Vladimir
  Putin"); a title's words ("State" in "Secretary of State") are not entities;
- metonyms ("the Kremlin", "Washington") are the government when they act, places otherwise;
- acronyms and short names join their organisation; one entity per KB actor.

What each entity then *is* (KB match, country, place, actor code) is
:mod:`tidings.understand.normalise`; pronouns, titles and nominals are linked by
:mod:`tidings.understand.coref`.
"""

from __future__ import annotations

import bisect
import re

from tidings import kb
from tidings.schema import Entity, Mention
from tidings.understand.clusters import Cluster, longer_name, name_tail
from tidings.understand.names import (
    missed_people,
    name_end,
    name_start,
    occupation_before,
    outlet_person,
    repair,
    thing_label,
    title_word,
    titled_name,
)
from tidings.understand.normalise import entity_record, is_country, kb_person, normalise
from tidings.understand.people import action_roles, affiliations
from tidings.understand.phrases import noun_phrase, phrase_words
from tidings.understand.titles import (
    examples_of,
    head_word,
    is_rank,
    is_role_head,
    person_context,
    predicated,
    title_context,
    title_heads,
    title_phrase,
)

KEEP = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
PLACE_PREPS = {"in", "at", "near", "inside", "outside", "into", "across", "around", "through"}
ACTOR_PREPS = {"by", "with", "against", "between", "from", "on", "for", "to", "toward", "towards"}
SUBJ = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}
#: seats of power that act for their government wherever they stand (not "in the Kremlin")
SEATS = {"KREMLIN", "WHITE HOUSE", "DOWNING STREET"}


def clean_name(span) -> tuple[int, int]:  # noqa: ANN001 - spacy Span
    """Token range of a mention without a leading article or trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or doc[end - 1].text in {"'s", "’s", "'", "’", "-", "–", "—", ",", ":", ";"}
    ):
        end -= 1  # "Chris Huhne -" of "candidates - A, B and Chris Huhne - were"
    return start, end


def _yields(cl: Cluster, role: str, plural: bool) -> bool:
    """Whether a person's role gives way to a new title: a rank to a function ("Major general
    X, spokesman for"), a role of no sector ("chairman", "head") to an office of state, a plural
    role shared with a list ("the four candidates - A, B and C") to a title of their own
    ("Former MEP Chris Huhne")."""
    if is_rank(cl.role) and not is_rank(role):
        return True
    if _of_no_sector(cl.role) and (kb.sector_for(role) or "")[:3] in {"GOV", "LEG", "MIL"}:
        return True  # "chairman Meles Zenawi, who has been Prime Minister of Ethiopia"
    return cl.listed and not plural and not is_rank(role)


def _of_no_sector(role: str | None) -> bool:
    """A role that says no sector of its own ("Chairman", "Member", "Head")."""
    return bool(role) and kb.sector_for(role) is None


def _inside_name(tok) -> bool:  # noqa: ANN001
    """A relational title word ("national", "citizen", "resident") that is a word inside an
    organisation's or place's name, not its last ("National Public Radio")."""
    if kb.role_heads().get(head_word(tok) or "", True):
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (
        tok.ent_type_ in {"ORG", "FAC", "GPE", "LOC"}
        and nxt is not None
        and nxt.ent_iob_ == "I"
        and nxt.ent_type_ == tok.ent_type_
    )


class Resolver:
    """Builds the article's entities from a parsed Doc; maps tokens back to entities."""

    def __init__(self, doc, date: str | None = None, text: str | None = None) -> None:  # noqa: ANN001
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text is rebuilt per access: slow
        self.date = date
        self.clusters: list[Cluster] = []
        self.tok2cluster: dict[int, int] = {}
        self.spans: set[tuple[int, int]] = set()  # (start, end) of every mention
        self.ids: dict[int, str] = {}
        self.order: list[int] = []
        self.sents = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        # the few tokens the rules look at again, found with arrays (no Python loop per token)
        import numpy as np
        from spacy.attrs import LOWER, ORTH

        self.arr = doc.to_array([LOWER, ORTH])
        heads = [doc.vocab.strings.add(h) for h in kb.role_heads()]
        self.role_toks = [doc[int(i)] for i in np.flatnonzero(np.isin(self.arr[:, 0], heads))]
        self.title_spans: list[tuple[int, int]] = []

    # -- helpers ---------------------------------------------------------------------------
    def sentence_of(self, char: int) -> int:
        """Index of the sentence holding a character offset."""
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def add_mention(self, ci: int, start: int, end: int, kind: str) -> None:
        """Add tokens ``start:end`` to cluster ``ci`` as a mention of ``kind``."""
        doc = self.doc
        span = doc[start:end]
        cl = self.clusters[ci]
        if any(m.start == span.start_char for m in cl.mentions):
            return
        if (span.start_char, span.end_char) in self.spans:
            return  # one span is one mention of one entity
        self.spans.add((span.start_char, span.end_char))
        cl.mentions.append(
            Mention(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                kind=kind,
                sentence=self.sentence_of(span.start_char),
            )
        )
        cl.roots.append(span.root.i)
        for t in range(start, end):
            self.tok2cluster[t] = ci

    def _new(self, type_: str) -> int:
        self.clusters.append(Cluster(type=type_))
        return len(self.clusters) - 1

    def cluster_at(self, token_i: int) -> int | None:
        return self.tok2cluster.get(token_i)

    # -- main ------------------------------------------------------------------------------
    def resolve(self) -> None:
        """Cluster the mentions, then read roles, metonyms and what each entity is."""
        self._titles()
        spans = self._spans()
        surnames, by_key = self._people(spans)
        self._others(spans, surnames, by_key)
        self._missed_surnames(surnames)
        self._kb_people()
        self._merge_acronyms()
        self._roles()
        self._metonyms()
        normalise(self.clusters, self.date)
        self._merge_same_actor()
        affiliations(self)
        action_roles(self)

    def _spans(self) -> list[tuple[int, int, str]]:
        """Entity spans of the NER kept, without articles, possessives and title words."""
        doc = self.doc
        spans = []
        for ent in doc.ents:
            if ent.label_ not in KEEP:
                continue
            s, e = clean_name(ent)
            if spans and s < spans[-1][1]:
                continue  # inside a name extended over it
            for a, b in self.title_spans:  # "State" in "Secretary of State" is part of a title
                if a <= s < b:
                    s = b
                elif a < e <= b:
                    e = a
                elif ent.label_ == "PERSON" and s < a and b < e:
                    s = b  # "Editorial Manager Chet Clem": the NER took the title in
            while ent.label_ == "PERSON" and s < e - 1 and doc[s].is_lower and is_role_head(doc[s]):
                s += 1  # "magician David Gish"
            if s >= e:
                continue
            if not any(ch.isalpha() for ch in doc[s:e].text):
                continue
            label = ent.label_
            if label == "PERSON" and is_country(doc[s:e].text):
                label = "GPE"  # "Comoros" is no person, whatever the model says
            label = thing_label(doc, s, e) or label  # "Cyclone Phailin" is no person either
            if label not in KEEP:
                continue  # "things like Karis": a work, not an actor
            if label == "PERSON" and title_word(doc, s, e):
                continue  # "Editorial" of "Editorial Manager Chet Clem"
            if label == "PERSON":
                e = name_end(doc, s, e)
                s = name_start(doc, s, e)
            elif titled_name(doc, s, e) or outlet_person(doc, s, e) or occupation_before(doc, s, e):
                label = "PERSON"  # "South African president Thabo Mbeki" (tagged GPE)
            spans.append((s, e, label))
        return repair(doc, missed_people(doc, spans, self.title_spans))

    def _people(self, spans: list) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
        """People with a full name define surnames for the whole document."""
        doc = self.doc
        surnames: dict[str, int] = {}
        by_key: dict[tuple[str, str], int] = {}
        for s, e, label in spans:
            if label == "PERSON" and e - s >= 2:
                full = doc[s:e].text
                key = ("PERSON", full.lower())
                ci = by_key.get(key)
                last = doc[e - 1].text
                if ci is None and last in surnames and self._same_given(surnames[last], full):
                    ci = surnames[last]
                if ci is None:
                    ci = longer_name(self.clusters, full, set(surnames.values()))
                if ci is None:
                    ci = by_key[key] = self._new("PERSON")
                if any(ch.isalpha() for ch in last):  # "Edward IV." ends on a full stop
                    surnames.setdefault(last, ci)
                self.add_mention(ci, s, e, "name")
        return surnames, by_key

    def _same_given(self, ci: int, full: str) -> bool:
        """Whether a full name may be the person of a cluster with the same surname: its
        given name agrees with theirs (equal, a short form "Joe"/"Joseph", an initial,
        a spelling "Sergei"/"Sergey"); "Abdourahim Said Bacar" is not "Mohamed Bacar"."""
        mine = full.split()[0].rstrip(".").lower()
        for name in self.clusters[ci].names:
            theirs = name.split()[0].rstrip(".").lower()
            if len(name.split()) < 2:
                continue
            short, long_ = sorted((mine, theirs), key=len)
            if not (long_.startswith(short) or short[:3] == long_[:3]):
                return False
        return True

    def _others(self, spans: list, surnames: dict[str, int], by_key: dict) -> None:
        """Every other span: surname of a known person (whatever the label), or its own
        cluster; one label per surface form in the document (the most frequent, first on ties)."""
        doc = self.doc
        votes: dict[str, dict[str, int]] = {}
        for s, e, label in spans:
            v = votes.setdefault(kb.norm(doc[s:e].text), {})
            v[label] = v.get(label, 0) + 1
        majority = {k: max(v, key=lambda lab: v[lab]) for k, v in votes.items()}
        for s, e, label in spans:  # "Israeli singer Netta" ... "Netta" (ORG): a person
            if label == "PERSON" and (titled_name(doc, s, e) or occupation_before(doc, s, e)):
                majority[kb.norm(doc[s:e].text)] = "PERSON"
        for s, e, label in spans:
            if s in self.tok2cluster:
                continue
            text = doc[s:e].text
            if e - s == 1 and text in surnames:
                self.add_mention(surnames[text], s, e, "surname")
                continue
            first = self._first_name_of(text, label, surnames) if e - s == 1 else None
            if first is not None:  # "Wang Yi" ... "Wang, China's top diplomat"
                self.add_mention(first, s, e, "surname")
                continue
            tail = name_tail(self.clusters, text, set(surnames.values())) if e - s >= 2 else None
            if tail is not None:  # "Ignazio La Russa" ... "La Russa said" (tagged ORG)
                self.add_mention(tail, s, e, "surname")
                continue
            label = majority.get(kb.norm(text), label)
            alias = self._alias_of(text, by_key)
            if alias is not None:
                self.add_mention(alias, s, e, "name")
                continue
            label, key = self._key(text, label, e - s)
            ci = by_key.get(key)
            if ci is None:
                ci = by_key[key] = self._new(label)
            self.add_mention(ci, s, e, "name")

    def _first_name_of(self, text: str, label: str, surnames: dict[str, int]) -> int | None:
        """The one person whose full name starts with this lone word (family name first:
        "Wang Yi" ... "Wang"; "Kim Jong-un" ... "Kim"), when no other person's name does and
        the word is no country, seat of power or KB actor of its own."""
        if label not in {"PERSON", "ORG"} or not text[:1].isupper() or len(text) < 3:
            return None
        if is_country(text) or kb.metonym(text):
            return None
        people = {
            ci
            for ci in set(surnames.values())
            for n in self.clusters[ci].names
            if len(n.split()) >= 2 and n.split()[0] == text
        }
        if len(people) != 1:
            return None
        hit = kb.lookup(text, self.date)
        ci = people.pop()
        if label != "PERSON" and hit is not None:
            return None  # the word is a KB actor of its own ("Apple"), tagged as one
        return ci

    def _key(self, text: str, label: str, n_tokens: int) -> tuple[str, tuple[str, str]]:
        """(label, cluster key) of a span: KB id, country code or normalised text."""
        if label == "PERSON" and n_tokens == 1:
            hit = kb_person(text, text, self.date)
            return label, ("PERSON", hit.kb_id if hit else text.lower())
        if label in {"GPE", "ORG", "NORP"} and is_country(text):
            label = "NORP" if label == "NORP" else "GPE"
            return label, ("COUNTRY" if label == "GPE" else "NORP", kb.country_iso3(text) or "")
        match = kb.lookup(text, self.date) if label in {"ORG", "FAC"} else None
        return label, (label, match.kb_id if match else kb.norm(text))

    def _missed_surnames(self, surnames: dict[str, int]) -> None:
        """Surnames the model missed entirely (document-level consistency)."""
        if not surnames:
            return
        import numpy as np

        strings = self.doc.vocab.strings
        for text, ci in surnames.items():
            for i in np.flatnonzero(self.arr[:, 1] == strings.add(text)):
                if int(i) not in self.tok2cluster:
                    self.add_mention(ci, int(i), int(i) + 1, "surname")

    def _kb_people(self) -> None:
        """Single tokens labelled ORG/GPE that the KB knows as a person become PERSON."""
        for cl in self.clusters:
            if cl.mentions and cl.type in {"ORG", "GPE"} and len(cl.mentions[0].text.split()) == 1:
                hit = kb_person(cl.mentions[0].text, cl.mentions[0].text, self.date)
                token = cl.mentions[0].text.upper()
                if (
                    hit
                    and len(hit.name.split()) >= 2
                    and hit.country
                    and hit.name.upper().endswith(token)
                    and not kb.metonym(cl.mentions[0].text)
                    and not kb.country_iso3(cl.mentions[0].text)
                ):
                    cl.type = "PERSON"

    def _fold(self, source: int, target: int) -> None:
        """Move every mention (and token) of cluster ``source`` into ``target``."""
        src, dst = self.clusters[source], self.clusters[target]
        for m, r in zip(src.mentions, src.roots, strict=False):
            dst.mentions.append(m)
            dst.roots.append(r)
        for t, c in list(self.tok2cluster.items()):
            if c == source:
                self.tok2cluster[t] = target
        src.mentions, src.roots = [], []

    def _merge_same_actor(self) -> None:
        """One entity per real-world actor: clusters of one type that the KB resolved to the
        same actor ("Xi Jinping" ... "Xi"), and same-name clusters of one type, become one.
        Demonyms (NORP "Russian") stay apart from their country (GPE "Russia"): they share
        its country and actor code, and the store counts articles, not entities."""
        first: dict[tuple[str, str], int] = {}
        for ci, cl in enumerate(self.clusters):
            if not cl.mentions or cl.metonym_code:
                continue
            keys = [(cl.type, "kb:" + cl.kb.kb_id)] if cl.kb and cl.kb.kb_id else []
            keys.append((cl.type, "name:" + cl.name.lower()))
            target = next((first[k] for k in keys if k in first), None)
            if target is None:
                for k in keys:
                    first[k] = ci
                continue
            dst = self.clusters[target]
            dst.role = dst.role or cl.role
            dst.country = dst.country or cl.country
            dst.sector = dst.sector or cl.sector
            dst.title_sector = dst.title_sector or cl.title_sector
            dst.role_words |= cl.role_words
            dst.lat_lon = dst.lat_lon or cl.lat_lon
            self._fold(ci, target)

    def _merge_acronyms(self) -> None:
        """An acronym cluster seen before its full name ("KPA ... Korean People's Army")."""
        for ci, cl in enumerate(self.clusters):
            text = cl.mentions[0].text if cl.mentions else ""
            if not (cl.type in {"ORG", "FAC"} and text.isupper() and len(text) >= 2):
                continue
            keys = {("ORG", str(i)): i for i, c in enumerate(self.clusters) if i != ci}
            target = self._alias_of(text, keys)
            if target is None or not self.clusters[target].mentions:
                continue
            self._fold(ci, target)

    def _alias_of(self, text: str, by_key: dict) -> int | None:
        """An earlier ORG this short form names: its acronym ("KCNA") or head word ("the
        Observatory" for "Syrian Observatory for Human Rights")."""
        for (label, _), ci in by_key.items():
            if label not in {"ORG", "FAC"} or not self.clusters[ci].mentions:
                continue
            if self.clusters[ci].type not in {"ORG", "FAC"}:
                continue
            full = self.clusters[ci].name
            words = [w for w in re.findall(r"[\w'’-]+", full) if w[0].isupper()]
            if len(words) < 2:
                continue
            if text.isupper() and len(text) >= 2 and text == "".join(w[0] for w in words):
                return ci
            if " " not in text and text[0].isupper() and text in words[1:] and len(text) > 4:
                return ci
        return None

    def _titles(self) -> None:
        """Spans of title phrases ("Secretary of State"): their words are not entities. A role
        word inside a person's name ("Tom King has promised") is a name, unless a name follows
        it ("His Majesty King Abdullah")."""
        doc = self.doc
        for tok in doc:
            if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "I":
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is None or nxt.pos_ != "PROPN":
                    continue
            if is_role_head(tok) and (tok.is_title or tok.is_upper):
                if _inside_name(tok):
                    continue  # "National Public Radio", "Citizens Bank": a name's word
                tp = title_phrase(tok)
                if tp:
                    self.title_spans.append((tok.i, tp[1]))

    def _roles(self) -> None:
        """What the words around person names say: roles and title mentions from title
        phrases ("US President Donald Trump", "The Russian Foreign Minister, Sergei Lavrov",
        "Angela Merkel, the German Chancellor"), country and sector from every modifier
        ("UK citizen Jim Swire")."""
        doc = self.doc
        for ci, cl in enumerate(self.clusters):
            if cl.type != "PERSON":
                continue
            for m, root_i in zip(list(cl.mentions), list(cl.roots), strict=False):
                root = doc[root_i]
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                heads = title_heads(root, m.start)
                b = span.start - 1
                if b > 0 and doc[b].text == ",":
                    b -= 1  # "Malaysia's Prime Minister, Najib Razak said" (two subjects)
                before = doc[b] if b >= 0 else None
                if (
                    before is not None
                    and is_role_head(before)
                    and (before.head == root.head or b == span.start - 1)
                    and before.i not in self.tok2cluster
                ):
                    # "according to curator Elaine Gustafon" (siblings); "Apple founder and
                    # legendary CEO Steve Jobs" (a title right before the name, however parsed)
                    heads.append(before)
                heads += self._comma_title(ci, span.start)
                for h in dict.fromkeys(heads):
                    self.read_title(ci, h)
                for h in predicated(root) + examples_of(root):  # no mention of the person
                    self.read_title(ci, h, mention=False)
                country, sector, words = person_context(root, span.start, span.end, self.date)
                cl.country = cl.country or country
                cl.sector = cl.sector or sector
                cl.role_words |= words
        self._list_roles()

    def _list_roles(self) -> None:
        """ "photographers Nat Finkelstein, Christopher Makos and Felice Quinto": every name of
        the list takes the plural role of its first, however the parser chained them
        (conjuncts or appositions)."""
        doc = self.doc
        for cl in list(self.clusters):
            if cl.type != "PERSON" or not cl.listed or not cl.role:
                continue
            todo = [doc[r] for m, r in zip(cl.mentions, cl.roots, strict=False) if m.kind == "name"]
            seen: set[int] = set()
            while todo:
                tok = todo.pop()
                for c in tok.children:
                    if c.dep_ not in {"conj", "appos"} or c.i in seen:
                        continue
                    seen.add(c.i)
                    ci = self.tok2cluster.get(c.i)
                    other = self.clusters[ci] if ci is not None else None
                    if other is None or other.type != "PERSON" or other is cl:
                        continue
                    if not other.role or (is_rank(other.role) and not is_rank(cl.role)):
                        other.role, other.listed = cl.role, True
                        other.role_words |= cl.role_words
                    todo.append(c)

    def _comma_title(self, ci: int, start: int) -> list:
        """ "the leader of the Belarusian opposition, Svyatlana Tsikhanouskaya, ...": a title
        phrase right before the name and a comma that the parse did not make an apposition;
        its country words count for the person."""
        doc = self.doc
        if start < 2 or doc[start - 1].text != ",":
            return []
        t = doc[start - 2]
        for _ in range(4):
            if is_role_head(t):
                cl = self.clusters[ci]
                for w in doc[t.i : start - 1]:
                    if w.ent_type_ in {"NORP", "GPE"} and not cl.country:
                        cl.country = kb.country_iso3(w.text)
                return [t]
            if t.dep_ not in {"pobj", "prep", "compound", "amod"} or t.head.i >= start:
                return []
            t = t.head
        return []

    def read_title(self, ci: int, head, *, mention: bool = True) -> None:  # noqa: ANN001
        """Role, country and sector of a person from one title phrase, kept as a mention."""
        cl = self.clusters[ci]
        tp = title_phrase(head)
        if not tp:
            return
        start, end, role, country, office = tp
        context_country, sector = title_context(head, start, end)
        plural = head.tag_ in {"NNS", "NNPS"} or head.lower_ != head_word(head)
        if office and role and (not cl.role or _yields(cl, role, plural)):
            cl.role = role  # a function wins over a rank ("Major general X, spokesman for")
            cl.listed = plural
        words = phrase_words(t for t in noun_phrase(head) if t.i <= head.i or start <= t.i < end)
        cl.role_words |= {w for w in words if w not in {"'s", "of", "the", "a", "an"}}
        cl.country = cl.country or country or context_country
        cl.title_sector = cl.title_sector or sector
        if office and role and mention:
            self.add_mention(ci, start, end, "title")

    def actor_use(self, root) -> bool:  # noqa: ANN001
        """Whether a place name acts (subject, agent, partner) rather than locates."""
        if root.dep_ in SUBJ or root.dep_ == "poss":
            return True
        if root.dep_ == "pobj":
            prep = root.head.lower_
            if prep in PLACE_PREPS:
                return False
            if prep == "of":
                return False
            return prep in ACTOR_PREPS
        if root.dep_ in {"dobj", "dative"}:
            return root.head.pos_ == "VERB"
        if root.dep_ == "conj":
            return self.actor_use(root.head)
        return False

    def _metonyms(self) -> None:
        """Capitals and seats of power acting stand for their government."""
        doc = self.doc
        for cl in self.clusters:
            if not cl.mentions or cl.type not in {"GPE", "ORG", "FAC", "LOC"}:
                continue
            met = kb.metonym(cl.mentions[0].text)
            if not met:
                continue
            seat = cl.type in {"ORG", "FAC"} or kb.norm(cl.mentions[0].text) in SEATS
            for m, root_i in zip(cl.mentions, cl.roots, strict=False):
                if (
                    seat
                    and not (doc[root_i].dep_ == "pobj" and doc[root_i].head.lower_ in PLACE_PREPS)
                    or not seat
                    and self.actor_use(doc[root_i])
                ):
                    m.kind = "metonym"
            if any(m.kind == "metonym" for m in cl.mentions):
                cl.metonym_code, iso = met
                cl.country = cl.country or iso

    # -- output ----------------------------------------------------------------------------
    def assign_ids(self) -> None:
        """Ids e1.. in order of first mention (before quotes add pronoun mentions)."""
        self.order = sorted(
            (i for i, c in enumerate(self.clusters) if c.mentions),
            key=lambda i: min(m.start for m in self.clusters[i].mentions),
        )
        self.order += [i for i, c in enumerate(self.clusters) if c.in_title and not c.mentions]
        self.ids = {ci: f"e{n}" for n, ci in enumerate(self.order, 1)}

    def entities(self) -> list[Entity]:
        """The Entity records, in id order."""
        out = []
        for ci in self.order:
            cl = self.clusters[ci]
            cl.mentions.sort(key=lambda m: m.start)
            out.append(entity_record(cl, self.ids[ci]))
        return out

    def entity_id(self, token_i: int) -> str | None:
        ci = self.tok2cluster.get(token_i)
        return self.ids.get(ci) if ci is not None else None
