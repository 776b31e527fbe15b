"""Event triggers: which words of a parse can be events, and which of them are not.

Each verb (and each event noun: "a meeting with X") is matched against the verb data
(:mod:`tidings.events.lexicon`). Clause frames (``data/verbs/tidings_frames.tsv``) then decide
what embedded clauses are: the content of a request or a warning is not an event, an intent verb
defers to the act below it, a purpose or manner clause under another event is not a second
event, and "X said Y must ..." makes the speech verb a demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tidings import datafiles
from tidings.events.lexicon import Lexicon, VerbMatch, match_verb
from tidings.events.owners import owner_of
from tidings.ontology import coding

PASS_THROUGH = {"xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "acomp", "relcl", "acl", "amod"}


@dataclass
class Trigger:
    tok: object  # spaCy token
    code: str
    rule: str
    match: VerbMatch | None
    noun: bool
    target_tok: object | None = None  # set by clause rules ("X said Y must ...": Y)
    by_author: bool = False  # the demand of a first-person statement's author (no speech verb)
    protest_content: bool = False  # what a protest is held "to demand": no event of its own
    needs_target: bool = False  # an appraisal of nobody's act is no event ("said it was wrong")
    about: object | None = None  # the act noun a judgement is about ("said the move was illegal")
    nominal: bool = False  # the noun of an event verb ("a warning to X"; events/nominal.py)


def find_triggers(doc, lex: Lexicon) -> list[Trigger]:  # noqa: ANN001 - spacy Doc
    """Every verb, adjective or event noun the verb data codes, and speech-verb demands."""
    out = []
    for tok in doc:
        if tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and tok.dep_ == "acomp"):
            vm = _named_as(tok, match_verb(tok, lex), lex)
            vm = _published(tok, _hosted(tok, _vowed_force(tok, vm, lex)))
            if vm is None or vm.pattern is None:
                vm = _ending(tok, lex) or vm
            if vm is None:
                continue
            rule = f"{vm.pattern.source if vm.pattern else 'verb'}:{vm.group}:" + (
                vm.pattern.text if vm.pattern else tok.lemma_.lower()
            )
            out.append(Trigger(tok, vm.code, rule, vm, noun=False))
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nouns:
            code, sense = _noun_sense(tok, lex.nouns[tok.lemma_.lower()][0])
            out.append(Trigger(tok, code, f"tidings:noun:{tok.lemma_.lower()}{sense}", None,
                               noun=True))  # fmt: skip
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nominal:
            code = lex.nominal[tok.lemma_.lower()]
            rule = f"tidings:nominal:{tok.lemma_.lower()}"
            out.append(Trigger(tok, code, rule, None, noun=True, nominal=True))
    out = _protest_purposes(out)
    # "X said/declared that Y must (should) do Z" is X demanding Z of Y (CAMEO 10)
    for tok in doc:
        if lex.frames.get(tok.lemma_.lower()) != "speech":
            continue
        for clause in demand_clauses(tok):
            subj = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj and subj[0].lower_ in {"we", "i"}:
                continue  # "we should assume ...": the speaker's own stance, no demand
            out = [t for t in out if t.tok.i != tok.i]
            out.append(
                Trigger(
                    tok,
                    "100",
                    "tidings:speech+must->REQUEST",
                    None,
                    noun=False,
                    target_tok=subj[0] if subj else None,
                )
            )
    out = _consequence_threats(doc, lex, out)
    statements = {t.tok.i for t in out if _statement(t.code)}
    appraisals = _appraisals(doc, lex, {t.tok.i for t in out} - statements)
    appraisals += _stances(doc, {t.tok.i for t in out + appraisals} - statements)
    judged = {t.tok.i for t in appraisals}
    return [t for t in out if t.tok.i not in judged] + appraisals


def _consequence_threats(doc, lex: Lexicon, out: list[Trigger]) -> list[Trigger]:  # noqa: ANN001
    """ "X said Y would pay a heavy price", "X said Y will face consequences": the speaker
    threatens Y (CAMEO 130; PLOVER THREATEN: "warnings with serious potential
    repercussions"). The consequence (``tidings_consequences.tsv``: verb and object) is the
    threat's content, not an event of its own; a speech verb coded as more than a statement
    ("warned") keeps its code."""
    table = consequences()
    coded = {t.tok.i: t for t in out}
    for tok in doc:
        if lex.frames.get(tok.lemma_.lower()) != "speech":
            continue
        if tok.i in coded and not _statement(coded[tok.i].code):
            continue
        for clause in (c for c in tok.children if c.dep_ == "ccomp"):
            objs = {o.lemma_.lower() for o in clause.children if o.dep_ == "dobj"}
            subj = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            future = any(a.dep_ == "aux" and a.lower_ in FUTURE_AUX for a in clause.children)
            if not future or subj is None or subj.lower_ in {"we", "i", "it", "they"}:
                continue
            if objs.isdisjoint(table.get(clause.lemma_.lower(), ())):
                continue
            content = {t.i for t in clause.subtree}  # "... if it helped Russia": content too
            out = [t for t in out if t.tok.i != tok.i and t.tok.i not in content]
            out.append(Trigger(tok, "130", "tidings:speech+consequence->THREATEN", None,
                               noun=False, target_tok=subj))  # fmt: skip
            break
    return out


FUTURE_AUX = {"will", "would", "'ll", "shall"}


@cache
def consequences() -> dict[str, frozenset[str]]:
    """verb -> objects that name a consequence threatened ("pay" -> "price"; data/verbs)."""
    out: dict[str, set[str]] = {}
    for verb, obj in datafiles.tsv("verbs", "tidings_consequences.tsv"):
        out.setdefault(verb.strip().lower(), set()).add(obj.strip().lower())
    return {k: frozenset(v) for k, v in out.items()}


def _noun_sense(noun, code: str) -> tuple[str, str]:  # noqa: ANN001
    """The sense of an event noun its modifiers select (``tidings_noun_senses.tsv``): an "air
    strike", a "drone strike", an "Israeli strike" is an attack (ASSAULT), a "general strike" a
    labour protest (the noun's own code). A country or nationality modifier (``*GPE``,
    ``*NORP``) selects only with an "on" phrase ("Israeli strikes on Gaza"; "French strikes
    over pensions" are labour strikes). Returns (code, rule suffix)."""
    senses = noun_senses().get(noun.lemma_.lower())
    if not senses:
        return code, ""
    struck = any(c.dep_ == "prep" and c.lower_ == "on" for c in noun.children)
    for mod in (c for c in noun.children if c.dep_ in {"amod", "compound", "poss"}):
        key = mod.lemma_.lower()
        got = senses.get(key)
        if got is None and mod.ent_type_ and struck:  # "Israeli strikes on Gaza", not
            got = senses.get(f"*{mod.ent_type_.lower()}")  # "French strikes over pensions"
        if got:
            return got, f"+{key}"
    return code, ""


@cache
def noun_senses() -> dict[str, dict[str, str]]:
    """noun -> modifier -> CAMEO code (data/verbs/tidings_noun_senses.tsv)."""
    out: dict[str, dict[str, str]] = {}
    for noun, mod, code in datafiles.tsv("verbs", "tidings_noun_senses.tsv"):
        out.setdefault(noun.strip().lower(), {})[mod.strip().lower()] = code.strip()
    return out


@cache
def _endings() -> tuple[frozenset[str], dict[str, str]]:
    """Verbs that end an act, and the code of ending an act by its code's prefix (data/verbs)."""
    verbs, codes = set(), {}
    for row in datafiles.tsv("verbs", "tidings_ending_verbs.tsv"):
        if row[0] == "verb":
            verbs.add(row[1].strip())
        elif row[0] == "noun" and len(row) > 2:
            codes[row[1].strip()] = row[2].strip()
    return frozenset(verbs), codes


def _ending(verb, lex: Lexicon) -> VerbMatch | None:  # noqa: ANN001
    """ "halted its airstrikes", "lifted the blockade", "will not stop the attacks": a verb of
    ending whose object is an event noun yields that act (``tidings_ending_verbs.tsv``)."""
    verbs, codes = _endings()
    if verb.lemma_.lower() not in verbs:
        return None
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        lemma = obj.lemma_.lower()
        code = lex.nouns[lemma][0] if lemma in lex.nouns else lex.nominal.get(lemma)
        if code is None:
            continue
        prefix = max((p for p in codes if code.startswith(p)), key=len, default=None)
        if prefix is not None:
            return VerbMatch(code=codes[prefix], group="T_ENDING", pattern=None)
    return None


def _statement(code: str) -> bool:
    """CAMEO 01 (a public statement, "said"), but not 016 (a denial)."""
    return code.startswith("01") and code != "016"


def _named_as(tok, vm: VerbMatch | None, lex: Lexicon) -> VerbMatch | None:  # noqa: ANN001
    """A verb with an object predicate names its object ("called the report biased", "what it
    calls terrorist targets", "an operation called Moshtarak"): not the act of the verb's
    default (Phoenix's CALL 041 is a phone call). A condemning predicate
    (``tidings_condemnations.txt``, ``tidings_judgments.txt``) accuses (111), or denies (016)
    when the object is a claim ("called the accusations baseless"); a pattern's match stands."""
    preds = [c for c in tok.children if c.dep_ == "oprd"]
    if vm is None or vm.pattern is not None or not preds:
        return vm
    words = {t.lemma_.lower() for p in preds for t in p.subtree}
    if words.isdisjoint(condemnations()):
        return None
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or obj.tag_ in {"WP", "WDT"}:
        return None  # "what it calls terrorist targets": a name used, nobody's act
    claim = obj is not None and obj.lemma_.lower() in lex.synset_heads.get("ALLEGATION", ())
    return VerbMatch(code="016" if claim else "111", group="T_NAMING", pattern=None)


# CAMEO 13x by the PLOVER type of the conflict act vowed (138: threaten with force); not
# MOBILIZE: "promised to send 450 soldiers" (to a mission) is an AGREE
VOWED_THREAT = {"ASSAULT": "138", "COERCE": "137", "SANCTION": "131"}


def _vowed_force(tok, vm: VerbMatch | None, lex: Lexicon) -> VerbMatch | None:  # noqa: ANN001
    """ "vowed to punish X", "pledged to crush the rebels", "have sworn to fight": a commitment
    (``tidings_commissives.txt``) to a material conflict act is a threat (CAMEO 13, PLOVER
    THREATEN: "coercive or forceful warnings"), not the AGREE of a promise to co-operate. The
    act's own code (the verb data) says which threat; a pattern of the commissive that already
    types it otherwise ("vowed to fight": 138) stands."""
    if tok.lemma_.lower() not in commissives():
        return vm
    cod = coding(vm.code) if vm is not None else None
    if vm is not None and (cod is None or cod.type != "AGREE"):
        return vm
    for act in (c for c in tok.children if c.dep_ == "xcomp"):
        acted = match_verb(act, lex)
        act_cod = coding(acted.code) if acted is not None else None
        if act_cod is not None and act_cod.type in VOWED_THREAT:
            group, pattern = (vm.group, vm.pattern) if vm is not None else ("T_VOW", None)
            return VerbMatch(code=VOWED_THREAT[act_cod.type], group=group, pattern=pattern)
    return vm


def _published(tok, vm: VerbMatch | None) -> VerbMatch | None:  # noqa: ANN001
    """ "released a statement", "released a video of the attack": a text or recording
    published (``tidings_publications.txt``) is no release of persons or property (RETREAT),
    whatever else the clause names ("... of the hostages")."""
    if vm is None or vm.group != "T_RELEASE" and not (vm.pattern and vm.group == "RELEASE"):
        return vm
    obj = next((c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if obj is not None and obj.lemma_.lower() in publications():
        return None
    return vm


@cache
def publications() -> frozenset[str]:
    """Nouns of texts and recordings that are published, not freed (data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_publications.txt"))


def _hosted(tok, vm: VerbMatch | None) -> VerbMatch | None:  # noqa: ANN001
    """ "Putin received Xi in the Kremlin", "Erdogan welcomed Blinken": a verb of receiving a
    visitor (``tidings_host_verbs.txt``) whose object is a person hosts a visit (CAMEO 043,
    CONSULT mode visit); Phoenix's patterns name only titles ("received the president"). A
    pattern that matched stands."""
    if vm is not None and vm.pattern is not None:
        return vm
    if tok.lemma_.lower() not in host_verbs():
        return vm
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or obj.ent_type_ != "PERSON":
        return vm
    return VerbMatch(code="043", group=vm.group if vm is not None else "T_HOST", pattern=None)


@cache
def host_verbs() -> frozenset[str]:
    """Verbs of receiving a visitor ("receive", "welcome"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_host_verbs.txt"))


@cache
def commissives() -> frozenset[str]:
    """Verbs of commitment whose content is the act committed to ("vow", "pledge"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_commissives.txt"))


def _appraisals(doc, lex: Lexicon, taken: set[int]) -> list[Trigger]:  # noqa: ANN001
    """ "X said Y's move was illegal", "X described Y's move as illegal": a report verb whose
    complement clause judges another actor or its act (a copula with a predicate of blame or of
    praise, data/verbs), or a naming verb whose object is named so, is X accusing (111/112) or
    praising (051) that actor, or denying a claim ("said the claims were ridiculous": 016). The
    judged actor is the judged noun's possessor or its "by" agent, else the noun itself; without
    one resolved there is no event. A verb coded as more than a statement (CAMEO 01) keeps its
    code."""
    out = []
    for tok in doc:
        if tok.i in taken:
            continue
        found = None
        if lex.frames.get(tok.lemma_.lower()) == "speech":
            found = next(filter(None, (_appraised(c, lex) for c in tok.children)), None)
        if found is None and tok.pos_ == "VERB" and tok.lemma_.lower() in naming_verbs():
            found = _named_so(tok, lex)
        if found is not None:
            code, judged, owner, word = found
            out.append(Trigger(tok, code, f"tidings:appraisal->{word}", None, noun=False,
                               target_tok=owner or judged, needs_target=True,
                               about=None if owner is not None else judged))  # fmt: skip
    return out


def _stances(doc, taken: set[int]) -> list[Trigger]:  # noqa: ANN001
    """ "was critical of the arrests made by the police", "spoke out against Y's decision": a
    stance word (data/verbs/tidings_stances.tsv) with its own preposition is an accusation,
    support or refusal of the owner of what the phrase names."""
    table = stances()
    out = []
    for tok in doc:
        if tok.i in taken or not (
            tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and tok.dep_ == "acomp")
        ):
            continue
        for prep in (c for c in tok.children if c.dep_ == "prep"):
            code = table.get((tok.lemma_.lower(), prep.lower_))
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if code is None or pobj is None or any(c.dep_ == "neg" for c in tok.children):
                continue
            owner = owner_of(pobj)
            out.append(Trigger(tok, code, f"tidings:stance:{tok.lemma_.lower()} {prep.lower_}",
                               None, noun=False, target_tok=owner or pobj, needs_target=True,
                               about=None if owner is not None else pobj))  # fmt: skip
            break
    return out


@cache
def stances() -> dict[tuple[str, str], str]:
    """(lemma, preposition) -> CAMEO code of the stance words (data/verbs)."""
    rows = datafiles.tsv("verbs", "tidings_stances.tsv")
    return {(r[0].lower(), r[1].lower()): r[2] for r in rows}


def _appraised(clause, lex: Lexicon):  # noqa: ANN001, ANN202
    """(code, judged noun, owner, word) of a complement clause "Y (is) <blame/praise>", else None."""
    if clause.dep_ != "ccomp" or clause.lemma_ != "be":
        return None
    if any(c.dep_ == "neg" for c in clause.children):
        return None
    subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in {"we", "i", "it", "this", "that", "there", "what"}:
        return None
    preds = [c for c in clause.children if c.dep_ in {"acomp", "attr"}]
    return _verdict(subj, preds, "112", lex)


def _named_so(verb, lex: Lexicon):  # noqa: ANN001, ANN202
    """(code, judged noun, owner, word) of "described Y as <blame/praise>", "labelled Y <blame>",
    "referred to Y as ...", else None."""
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    preds = [c for c in verb.children if c.dep_ == "oprd"]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"):
        if obj is None:  # "referred to Y as ..."
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None or obj.tag_ in {"WP", "WDT"}:
        return None
    for prep in (c for c in [*verb.children, *obj.children] if c.dep_ == "prep"):
        if prep.lower_ == "as":  # "as a disgrace", "as (completely) inappropriate"
            preds += [c for c in prep.children if c.dep_ in {"pobj", "amod", "acomp"}]
    if not preds:
        return None
    return _verdict(obj, preds, "111", lex)


def _verdict(judged, preds: list, blame_code: str, lex: Lexicon):  # noqa: ANN001, ANN202
    """What predicates of blame or praise say of the judged noun: (code, judged noun, its
    owner or None, word)."""
    words = set()
    for pred in preds:
        words |= {pred.lemma_.lower()} | {
            c.lemma_.lower() for c in pred.children if c.dep_ in {"amod", "compound", "conj"}
        }
    claim = judged.lemma_.lower() in lex.synset_heads.get("ALLEGATION", ())
    untrue = claim and not words.isdisjoint(falsehoods())
    blame = untrue or not words.isdisjoint(condemnations())
    if blame == (not words.isdisjoint(appraisals())):
        return None
    owner = owner_of(judged)
    if judged.lower_ in {"it", "this", "that", "what"} and owner is None:
        return None
    if untrue:
        # "said the claims were ridiculous": a denial of whoever claimed ("the report was
        # dishonest" accuses its author)
        return "016", judged, owner, "REJECT"
    return (blame_code if blame else "051"), judged, owner, "ACCUSE" if blame else "SUPPORT"


@cache
def falsehoods() -> frozenset[str]:
    """Predicates that call a claim untrue ("baseless", "ridiculous"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_falsehoods.txt"))


@cache
def naming_verbs() -> frozenset[str]:
    """Verbs that name their object as something ("describe ... as", "label"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_naming_verbs.txt"))


@cache
def appraisals() -> frozenset[str]:
    """Predicates of praise ("courageous", "a positive step"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_appraisals.txt"))


@cache
def condemnations() -> frozenset[str]:
    """Predicates that condemn what a verb names so (data/verbs), with the adjectives of blame."""
    return frozenset(datafiles.lines("verbs", "tidings_condemnations.txt")) | judgments()


def _is_protest(code: str) -> bool:
    return code.startswith("14")


def _protest_purpose(tok) -> bool:  # noqa: ANN001
    """ "shunned work to protest ...", "burned tyres in protest of ...": done as a protest."""
    for c in tok.children:
        to = any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        if c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() == "protest" and to:
            return True
        in_protest = any(p.dep_ == "pobj" and p.lemma_.lower() == "protest" for p in c.children)
        if c.dep_ == "prep" and c.lower_ == "in" and in_protest:
            return True
    return False


def _protest_purposes(triggers: list[Trigger]) -> list[Trigger]:
    """PLOVER's PROTEST covers "collective actions carried out as protests": a material
    conflict act done "to protest" or "in protest" is a PROTEST (CAMEO 140), and what a
    protest is held "to demand" is its content, not a second event ("staged demonstrations to
    demand reforms", "began a hunger strike to demand ...")."""
    protest_heads = {t.tok.i for t in triggers if _is_protest(t.code)}
    protest_heads |= {t.tok.head.i for t in triggers if t.noun and _is_protest(t.code)}
    out = []
    for t in triggers:
        cod = coding(t.code)
        conflict = not t.noun and cod is not None and cod.quad_class == 4
        if conflict and not _is_protest(t.code) and _protest_purpose(t.tok):
            t = Trigger(t.tok, "140", t.rule + " +protest->PROTEST", t.match, noun=False)
        purpose = t.tok.dep_ in {"advcl", "xcomp"} and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in t.tok.children
        )
        if purpose and t.code[:2] in {"10", "02"} and t.tok.head.i in protest_heads:
            t.protest_content = True  # still an event verb above its own clauses
        out.append(t)
    return out


@cache
def judgments() -> frozenset[str]:
    """Adjectives of blame ("responsible", "unacceptable"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_judgments.txt"))


def author_acts(sents, quoted: set[int]) -> list[Trigger]:  # noqa: ANN001
    """The acts of a first-person statement's author that no verb of saying states: a
    sentence of its own "Y must/should do Z" is a demand of Y (CAMEO 10); "Y is responsible
    for ...", "these abuses are unacceptable" an accusation of Y (CAMEO 112). Outside
    quotation marks, Y not the author."""
    out = []
    for sent in sents:
        root = sent.root
        if root.i in quoted or root.pos_ not in {"VERB", "AUX"}:
            continue
        subj = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subj or subj[0].lower_ in {"we", "i", "it", "this", "that", "there"}:
            continue
        if any(a.dep_ == "aux" and a.lower_ in {"must", "should"} for a in root.children):
            out.append(Trigger(root, "100", "tidings:statement+must->REQUEST", None,
                               noun=False, target_tok=subj[0], by_author=True))  # fmt: skip
            continue
        blame = [c for c in root.children if c.dep_ == "acomp" and c.lemma_.lower() in judgments()]
        if root.lemma_ == "be" and blame:
            out.append(Trigger(blame[0], "112", "tidings:statement+blame->ACCUSE", None,
                               noun=False, target_tok=subj[0], by_author=True))  # fmt: skip
    return out


def demand_clauses(speech):  # noqa: ANN001, ANN202
    return [
        c
        for c in speech.children
        if c.dep_ == "ccomp"
        and any(a.dep_ == "aux" and a.lower_ in {"must", "should"} for a in c.children)
    ]


def in_demand(trig: Trigger, lex: Lexicon) -> bool:
    """Inside the demanded clause of "X said Y must ...", or the demand a protest is held for
    ("staged demonstrations to demand reforms"): content, not an event."""
    if trig.protest_content:
        return True
    cur = trig.tok
    while cur.head.i != cur.i:
        nxt = cur.head
        if lex.frames.get(nxt.lemma_.lower()) == "speech" and cur in demand_clauses(nxt):
            return True
        cur = nxt
    return False


def chain(tok):  # noqa: ANN001, ANN202
    """Ancestors reached through argument/complement links (stops at advcl/conj/ROOT)."""
    cur = tok
    while cur.head.i != cur.i and cur.dep_ in PASS_THROUGH:
        cur = cur.head
        yield cur


def frame_of(tok, lex: Lexicon) -> str | None:  # noqa: ANN001
    """The clause frame of a verb (speech, control, intent, negative, claimnoun) or None; a
    commitment ("committed", "ready") is an intent frame here (see :func:`committed_by`)."""
    frame = lex.frames.get(tok.lemma_.lower())
    return "intent" if frame == "commit" else frame


def committed_by(tok, lex: Lexicon) -> bool:  # noqa: ANN001
    """A commitment made now ("is committed to", "remains prepared to", "ready to")."""
    return lex.frames.get(tok.lemma_.lower()) == "commit"


#: prepositions that place a clause at an occasion: "During an African Union summit, X
#: requested troops", "at the talks", "amid fighting": the event noun they hold is no content,
#: purpose or manner of the clause's verb but an event of its own
OCCASION_PREPS = {"during", "at", "amid", "amidst", "throughout"}


def at_occasion(tok) -> bool:  # noqa: ANN001
    """A word in a phrase of occasion ("during the summit", "at the talks")."""
    return tok.dep_ == "pobj" and tok.head.lower_ in OCCASION_PREPS


def _at_occasion(trig: Trigger) -> bool:
    """An event noun in a phrase of occasion ("during the summit")."""
    return trig.noun and at_occasion(trig.tok)


def controlled(trig: Trigger, lex: Lexicon, trigger_ids: set[int]) -> bool:
    """True when the trigger is the content of a request/warning/refusal verb (not an event);
    an event noun of the verb's occasion ("during the summit") is no content."""
    if _at_occasion(trig):
        return False
    for anc in chain(trig.tok):
        frame = frame_of(anc, lex)
        if frame == "speech":
            return False
        if frame == "control" and anc.i in trigger_ids:
            return True
    return False


def intent_head(trig: Trigger, lex: Lexicon, trigger_ids: set[int]) -> bool:
    """An intent verb ("expect", "want") with an event below it: the embedded one is coded."""
    if frame_of(trig.tok, lex) != "intent":
        return False
    return any(t.i in trigger_ids and t.i != trig.tok.i for t in trig.tok.subtree)


def subordinate(trig: Trigger, lex: Lexicon, event_ids: set[int]) -> bool:
    """One event per clause hierarchy (as PETRARCH codes): an event verb below another event
    verb ("offered troops to help", "resigned to allow") is its purpose or manner, not a
    second event. Conjoined verbs stay separate events; reports (speech verbs) stop the climb."""
    if _at_occasion(trig):
        return False
    cur = trig.tok
    while cur.head.i != cur.i:
        dep = cur.dep_
        cur = cur.head
        if frame_of(cur, lex) == "speech" or (cur.pos_ == "AUX" and dep == "ccomp"):
            return False
        if dep == "relcl":  # "the leaders who met in Washington agreed": its own event
            return False
        if cur.i in event_ids:
            return dep != "conj"
    return False


__all__ = [
    "Trigger",
    "author_acts",
    "chain",
    "committed_by",
    "controlled",
    "demand_clauses",
    "find_triggers",
    "frame_of",
    "in_demand",
    "intent_head",
    "subordinate",
]
