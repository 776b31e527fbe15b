"""Who said it and who they are, on real articles of the dev split (benchmarks/gold/splits.tsv)
and GUM training documents: continuations, interviews, documents, gender, roles, countries."""

from __future__ import annotations

from pathlib import Path

import pytest

from gold_loader import (
    ROOT,
    article_from_paragraphs,
    corpus_article,
    gold_article,
    gold_file,
    splits,
)
from gum_loader import gum_splits, load_gum, person_pronouns
from tidings.schema import Article, Quote
from tidings.understand import understand, understand_many

TEXTS = ROOT / "benchmarks" / "gold" / "texts"


@pytest.fixture(scope="module")
def voa2(shared: Path) -> Article:
    return understand(corpus_article(shared / "corpus" / "articles" / "voa-0002.txt"))


def quote(art: Article, start: str) -> Quote:
    return next(q for q in art.quotes if q.direct and q.text.startswith(start))


def test_a_quotation_without_a_cue_continues_the_discourse(voa2: Article) -> None:
    # '"...," the president said. "They're losing ..."': the previous quotation's speaker
    assert quote(voa2, "They're losing").speaker_name == "Barack Obama"
    assert quote(voa2, "They're losing").cue == "said"
    # 'Obama told Americans Saturday. "As terrorists ..."': the speech verb before it
    assert quote(voa2, "As terrorists").speaker_name == "Barack Obama"
    # '"This is a perfect example ...," Obama said ... "It requires coalitions ..."'
    assert quote(voa2, "It requires coalitions").speaker_name == "Barack Obama"


def test_the_cue_subject_is_the_named_speaker(voa2: Article) -> None:
    # "... Chinese President Xi Jinping, who said "We want ..."": the relative clause's noun
    assert quote(voa2, "We want to enhance").speaker_name == "Xi Jinping"
    # "One U.S. lawmaker, Congressman Ed Royce, ..., said": not "U.S."
    assert quote(voa2, "We should assume").speaker_name == "Ed Royce"


def test_a_document_speaks_for_its_issuer(shared: Path) -> None:
    art = understand(corpus_article(shared / "corpus" / "articles" / "voa-0001.txt"))
    q = quote(art, "sustained and unimpeded")  # "A U.S. statement added"
    assert q.speaker_name == "United States" and art.entity(q.speaker).type == "GPE"


def test_a_paragraph_opening_with_a_quotation_after_a_new_speaker(shared: Path) -> None:
    art = understand(corpus_article(shared / "corpus" / "articles" / "wn-0011.txt"))
    # "South African president Thabo Mbeki denounced ... "It takes ...," he said": the new
    # paragraph's subject, not the previous paragraph's speaker (Sambi)
    assert quote(art, "It takes Comoros").speaker_name == "Thabo Mbeki"
    assert quote(art, "There was no need").speaker_name == "Thabo Mbeki"


def test_pronouns_agree_in_gender() -> None:
    art = understand(
        article_from_paragraphs(
            [
                "Angela Merkel met Nicolas Sarkozy in Berlin on Monday. Mr. Sarkozy arrived late.",
                '"We agreed on the budget," she said.',
            ],
            "<test>",
        )
    )
    (q,) = [q for q in art.quotes if q.direct]
    assert q.speaker_name == "Angela Merkel"


def test_interview_answers_are_the_interviewees_words(shared: Path) -> None:
    assert gum_splits(shared)["GUM_interview_mcguire"] == "train"
    art = understand(corpus_article(TEXTS / "GUM_interview_mcguire.txt"))
    answers = [q for q in art.quotes if q.direct and q.cue is None]
    assert len(answers) >= 5 and {q.speaker_name for q in answers} == {"Hugh McGuire"}
    question = "Why did you decide to take the acoustic fate"
    at = art.text.index(question)
    assert not any(q.start <= at < q.end for q in art.quotes)  # questions are nobody's quote


def test_people_roles_and_countries_from_the_whole_article(shared: Path) -> None:
    art = understand(corpus_article(TEXTS / "GUM_news_warhol.txt"))
    people = {e.name: e for e in art.entities if e.type == "PERSON"}
    # a plural title: "photographers Nat Finkelstein, Christopher Makos and Felice Quinto"
    assert people["Nat Finkelstein"].role == "Photographer"
    # "according to curator Elaine Gustafon"; a speaker in a story set in Indiana
    assert people["Elaine Gustafon"].role == "Curator"
    wilkins = [e for name, e in people.items() if name.endswith("Wilkins")]
    assert wilkins and all(e.country == "USA" for e in wilkins)


def test_a_person_named_only_in_the_title(shared: Path) -> None:
    art = understand(corpus_article(shared / "corpus" / "articles" / "wh-0018.txt"))
    sullivan = next(e for e in art.entities if e.name == "Jake Sullivan")
    assert sullivan.role == "National Security Advisor"
    # not Afghanistan, the place the statement is about: the KB's office holder (2021-2025)
    assert sullivan.country == "USA"


def test_counterpart_holds_the_office_of_the_other_side(shared: Path) -> None:
    """ "his Russian counterpart Vladimir Putin" of President Trump: President, RUS."""
    art = understand(gold_article(gold_file("reference-7dnews"), shared))
    putin = next(e for e in art.entities if e.name == "Vladimir Putin")
    assert (putin.role, putin.country) == ("President", "RUS")


def test_gum_pronouns_align_and_resolve(shared: Path) -> None:
    """The GUM alignment puts every gold pronoun on the same characters of the text, and on
    a training document most of them resolve to their person."""
    gd = load_gum("GUM_news_defector", shared)
    assert gum_splits(shared)["GUM_news_defector"] == "train"
    items = person_pronouns(gd)
    assert len(items) >= 15
    text = gd.article.text
    assert all(text[a:b].lower() in {"he", "him", "his", "himself"} for (a, b), _ in items)
    art = next(understand_many([gd.article]))
    linked = {m.start: e for e in art.entities for m in e.mentions if m.kind == "pronoun"}
    right = sum(
        1
        for (a, _), chain in items
        if a in linked
        and any(
            x < d and c < y
            for m in linked[a].mentions
            for x, y in [(m.start, m.end)]
            for c, d in chain
        )
    )
    assert right / len(items) >= 0.6


def test_countries_from_a_delegation_and_the_dateline() -> None:
    art = understand(
        article_from_paragraphs(
            [
                "The Ukrainian delegation, led by Defence Minister Rustem Umerov, arrived on Monday.",
                "Deputy Foreign Minister Sergei Ryabkov said the talks would be difficult.",
            ],
            "<test>",
            dateline="MOSCOW",
        )
    )
    people = {e.name: e for e in art.entities if e.type == "PERSON"}
    assert people["Rustem Umerov"].country == "UKR"  # the delegation he leads
    assert people["Sergei Ryabkov"].country == "RUS"  # an office in a story datelined Moscow


@pytest.mark.parametrize(
    ("doc", "before", "who"),
    [
        # the reporter of the pronoun's clause, through "who" of a relative clause
        ("GUM_news_defector", "Devocht, who had told Montalvo ", "Tom Devocht"),
        # ... and an object pronoun is not its clause's subject
        ("GUM_news_defector", "he would assist ", "Daniel Montalvo"),
        # a verb's objects are excluded, not a noun's ("the head of NATO, X, he has")
        ("GUM_interview_chomsky", "the head of NATO, Hoop Scheffer, ", "Hoop Scheffer"),
        # the objects of a conjoined verb sharing the pronoun subject are not it
        ("GUM_news_defector", "UNLESS of course, ", "Daniel Montalvo"),
    ],
)
def test_pronoun_rules_on_gum_train_and_dev(shared: Path, doc: str, before: str, who: str) -> None:
    assert gum_splits(shared)[doc] in {"train", "dev"}
    # GUM's train documents in our own test split (benchmarks/gold/splits.tsv) are not used
    assert splits().get(doc, ("dev",))[0] != "test"
    gd = load_gum(doc, shared)
    at = gd.article.text.index(before) + len(before)
    art = next(understand_many([gd.article]))
    linked = {m.start: e.name for e in art.entities for m in e.mentions if m.kind == "pronoun"}
    assert linked.get(at) == who


def _page(shared: Path, name: str) -> Article:
    """A news page of ../shared/gold/extraction (real text no gold split holds), read."""
    from tidings.read import read_paths

    (path,) = (shared / "gold" / "extraction" / "html").glob(f"{name}*.html.gz")
    (res,) = list(read_paths([path]))
    return understand(getattr(res, "article", None) or res)


def test_speakers_on_unseen_pages(shared: Path) -> None:
    ford = _page(shared, "851498a2")
    # '"...," she said. "It makes it dense ... spell things out." When his editors would ask
    # him ..., he'd respond, "...": "ask" opens the next quotation, this one continues Walton's
    assert quote(ford, "It makes it dense").speaker_name == "Jo Walton"
    assert quote(ford, "We went to an old school").speaker_name == "Dale"  # not Martha's
    beek = _page(shared, "7dfc3e35")
    # '"...," Van Der Beek said. ... / "...," said the actor.': nobody else is an actor
    assert quote(beek, "You never know why").speaker_name == "Van Der Beek"
    sls = _page(shared, "c00962aa")
    # 'Bridenstine expects to produce three SLS rockets. "Adding ..."': the person the
    # paragraph is about, not the previous paragraph's speaker (Stafford)
    # (the page repeats its text: the copy with paragraphs is the one read here)
    adding = [q for q in sls.quotes if q.direct and q.text.startswith("Adding an additional")]
    assert adding[-1].speaker_name == "Jim Bridenstine"
    omar = _page(shared, "6ebac05f")
    # "Omar asked ... She added, "..."": a given name alone ("Ilhan") does not veto "she"
    assert quote(omar, "We must teach the defendant love").speaker_name == "Ilhan Omar"


def test_no_interview_without_its_format(shared: Path) -> None:
    """A feature story that says "spoke to" deep inside and has two rhetorical questions, a
    police report's "Name: charges" list and a box score's "Thunder: ..." are no interviews:
    nobody is given the paragraphs as their words."""
    for name in ("851498a2", "961bd85c", "eecd2575"):
        art = _page(shared, name)
        turns = [q for q in art.quotes if q.direct and q.cue is None and q.text[:1].isupper()]
        assert not [q for q in turns if q.start in {a for a in _paragraph_starts(art.text)}]


def _paragraph_starts(text: str) -> set[int]:
    return {0} | {i + 2 for i in range(len(text)) if text.startswith("\n\n", i)}


def test_the_parsers_misplaced_cues_still_reach_their_subject() -> None:
    arts = list(understand_many([corpus_article(TEXTS / f"wnx-{n}.txt") for n in ("0001", "0005")]))
    # 'He expressed these concerns by telling the BBC, "I don't know ...", and saying that':
    # "saying" hangs off the quoted "know"; the quotation's "I" is not the cue's subject
    assert quote(arts[0], "very unusual sign").speaker_name == "Amr Moussa"
    # 'Obama linked the suspect ... to al-Qaeda saying, "We know ..."': al-Qaeda is the object
    # of "to", not the speaker
    assert quote(arts[1], "We know that he traveled").speaker_name == "Barack Obama"


def test_a_document_speaks_for_the_issuer_named_with_it(shared: Path) -> None:
    art = understand(corpus_article(TEXTS / "wnx-0034.txt"))
    # "according to a statement issued by President Nicolas Sarkozy's office." then
    # '"Today, ...," the statement explained.' (next paragraph): the issuer named earlier, the
    # office (a body that speaks as itself), not its president
    assert quote(art, "Today, the wreckage").speaker_name == "President Nicolas Sarkozy's office"
    voa = understand(corpus_article(shared / "corpus" / "articles" / "voa-0001.txt"))
    # "The High Negotiations Committee ... issued a statement saying ...": this statement's
    # issuer, not the earlier "A U.S. statement"
    assert quote(voa, "disdain for the international").speaker_name == "High Negotiations Committee"


def test_documents_and_their_issuers_on_new_articles() -> None:
    arts = list(
        understand_many([corpus_article(TEXTS / f"wnx-{n}.txt") for n in ("0012", "0037", "0049")])
    )
    # "A classified European Union report ... The report accuses Israel ... It says policies
    # "are undermining ..."": "it" is the report, which speaks for the EU
    assert quote(arts[0], "are undermining prospects").speaker_name == "European Union"
    # "In an official release from Amnesty International ... "It is shocking ...," read the
    # statement": the inverted document, issued by the body named with the release
    assert quote(arts[1], "It is shocking").speaker_name == "Amnesty International"
    # "the charity Christian Aid issued a statement saying, ...": the named one of two subjects
    assert quote(arts[2], "There are allegations").speaker_name == "Christian Aid"


def test_a_word_in_marks_inside_a_speech_verbs_complement_is_a_quotation() -> None:
    art = understand(corpus_article(TEXTS / "wnx-0011.txt"))
    # 'Sarkozy himself said the suggestion was "grotesque".': "said" is two clauses up
    assert quote(art, "grotesque").speaker_name == "Nicolas Sarkozy"
    assert quote(art, "ridiculous").speaker_name == "Nathalie Kosciusko-Morizet"


def test_a_colon_after_a_document_and_according_to_name_the_speaker() -> None:
    arts = list(understand_many([corpus_article(TEXTS / f"wnx-{n}.txt") for n in ("0042", "0016")]))
    # 'Israeli Minister of the Interior Arye Derry issued a statement: "These people ..."':
    # the statement's issuer (a name the tagger missed), not the paragraph before's speaker
    assert quote(arts[0], "These people are trying").speaker_name == "Arye Derry"
    # 'According to Iraqi political analyst Hazem al-Nuaeimi, Sadr is ... "...," he said.':
    # the source of "according to" is who "he" is, not the sentence's subject
    assert quote(arts[1], "There is a need to minimize").speaker_name == "Hazem al-Nuaeimi"


def test_speakers_past_long_quotations_raised_subjects_and_names_ending_a_title() -> None:
    docs = ("0038", "0017", "0054", "0005", "0016")
    texts = [corpus_article(TEXTS / f"wnx-{n}.txt") for n in docs]
    arts = dict(zip(docs, understand_many(texts), strict=True))
    # 'Petraeus was asked if ... "They will be tough. ... (six sentences) ...," he said': the
    # quotation's own sentences do not push Petraeus out of the pronoun's window
    assert quote(arts["0038"], "They will be tough").speaker_name == "David Petraeus"
    # a five-sentence quotation of Betancourt, then 'She called on Sarkozy ... "We cannot
    # leave them ...," she stated': she is still Betancourt, not the man named since
    assert quote(arts["0017"], "We cannot leave them").speaker_name == "Íngrid Betancourt"
    # 'Al-Majid is reported to have said "Thanks be to God"': the passive verb's subject
    assert quote(arts["0054"], "Thanks be to God").speaker_name == "al-Majid"
    assert quote(arts["0054"], "God bless our martyrs").speaker_name == "Hussein Rashid Mohammed"
    # "Deputy National Security Advisor for Homeland Security and Counterterrorism John O.
    # Brennan said": the name that ends the title, not "Security"
    assert quote(arts["0005"], "There are indications").speaker_name == "John O. Brennan"
    # '"...," Harith al-Ithari, head of al-Sadr's Basra office, told Reuters.': a name the NER
    # missed is the speaker, not the person its apposition mentions
    assert quote(arts["0016"], "There are ongoing negotiations").speaker_name == "Harith al-Ithari"
    # 'A 2006 US report, however, called al-Sadr's Mahdi Army a "most dangerous ..."': the
    # subject before the verb, not the object the parser made a second subject
    assert quote(arts["0016"], "most dangerous accelerant").speaker_name == "United States"


def test_a_partial_quotation_is_its_own_speech_verbs_and_an_object_never_speaks() -> None:
    arts = list(understand_many([corpus_article(TEXTS / f"wnx-{n}.txt") for n in ("0010", "0041")]))
    # '"...," said Asha Abdulle, ..., while Ahmed Hashi said that the fighting was the "worst
    # in months."': the full stop hangs off the first "said"; the words are Hashi's
    assert quote(arts[0], "worst in months").speaker_name == "Ahmed Hashi"
    # 'Yayi thanked Bush ... and praised him for his "great concern for Africa ..."': the
    # conjoined verb's subject is Yayi; "him" (Bush) is its object, not an inverted speaker
    assert quote(arts[1], "great concern for Africa").speaker_name == "Yayi"
    # 'Bush then commended the government of Benin for their "fight against corruption" and
    # "firm commitment to ..."': a labelling verb over "for", not the previous speaker
    assert quote(arts[1], "firm commitment").speaker_name == "George W. Bush"
    assert quote(arts[1], "fight against corruption").speaker_name == "George W. Bush"


def test_a_body_speaks_as_itself_not_its_country_or_owner() -> None:
    arts = list(understand_many([corpus_article(TEXTS / f"wnx-{n}.txt") for n in ("0043", "0063")]))
    # 'The Chinese court described the values as "massive"': the court, not China
    assert quote(arts[0], "massive").speaker_name == "The Chinese court"
    # 'The UN's relief agency described the situation as a "profound human dignity crisis"'
    assert quote(arts[1], "profound human dignity").speaker_name == "The UN's relief agency"
    # 'Hamas has also released a training video, and warned Israel that any attacks ...
    # would "open the doors of the battle wide"': Israel is the object of the conjoined verb
    assert quote(arts[1], "open the doors").speaker_name == "Hamas"


def test_an_assessment_speaks_for_the_body_named_with_it() -> None:
    art = understand(corpus_article(TEXTS / "wnx-0049.txt"))
    # "a declassified Central Intelligence Agency assessment ..., in which the report states,
    # "...": an assessment is a document, issued by the body named with it
    assert quote(art, "Some funds that insurgent").speaker_name == "Central Intelligence Agency"


def test_a_subjectless_cue_goes_on_and_a_described_leader_is_the_articles() -> None:
    docs = ("0012", "0039")
    texts = [corpus_article(TEXTS / f"wnx-{n}.txt") for n in docs]
    arts = dict(zip(docs, understand_many(texts), strict=True))
    # "The report advises ... "settlement activity" ..." then "Archaeological excavations ...
    # are mentioned, suggesting "archaeology in this case ...": a cue with no subject at all
    # goes on with the previous paragraph's speaker (the EU report)
    assert quote(arts["0012"], "archaeology in this case").speaker_name == "European Union"
    # 'the young North Korean leader on Sunday said, "Superiority ..."': the person of North
    # Korea the article is about (named paragraphs before), not the country
    assert quote(arts["0039"], "Superiority in military").speaker_name == "Kim Jong-un"


def test_words_a_verb_labels_something_as_are_a_quotation() -> None:
    arts = list(understand_many([corpus_article(TEXTS / f"wnx-{n}.txt") for n in ("0030", "0060")]))
    # 'Representative Andre Carson ... referred to this as "Muslim ban 2.0" on Twitter'
    assert quote(arts[0], "Muslim ban 2.0").speaker_name == "Andre Carson"
    # "He attacked Prime Minister Tony Blair as having 'failed'": Hughes's word
    assert quote(arts[1], "failed").speaker_name == "Simon Hughes"
    # "attack" is no speech verb outside that construction: no reported speech from it
    assert not [q for q in arts[1].quotes if q.cue == "attacked" and not q.direct]


def test_he_after_an_unnamed_person_is_nobody_named() -> None:
    art = understand(corpus_article(TEXTS / "wnx-0063.txt"))
    # "During the rally a Hamas activist dressed as Gilad Shalit and begged for his life ...
    # "I miss my mother and father," he said in Hebrew.": the activist, not the Hamas official
    # quoted in the sentence before
    q = quote(art, "I miss my mother")
    assert q.speaker is None and q.speaker_name == "a Hamas activist"
    # a subject that is a person noun beside a name is no unnamed person: "Mahmoud Zahar, a
    # senior Hamas official, commented that ..." keeps its speaker
    assert quote(art, "Hamas has gone from").speaker_name == "Mahmoud Zahar"


def test_a_name_in_a_quotation_within_the_quotation_may_be_the_speakers() -> None:
    art = understand(corpus_article(TEXTS / "wnx-0031.txt"))
    # 'President Trump also told NBC's Lester Holt that ... "Regardless of recommendation I
    # was going to fire Comey. ... I said: 'You know, this Russia thing with Trump and Russia
    # is a made up story ...'"': Trump quotes himself; his name there does not rule him out
    assert quote(art, "Regardless of recommendation").speaker_name == "Donald Trump"


def test_the_speech_verb_over_the_words_wins_over_its_channel() -> None:
    """'Judge X told al-Majid that, according to a New York Times report, he had "been
    convicted ..."': the judge's words, the report only carries them; 'being hailed as a
    "hero" by the President of Gabon': a passive cue's speaker is its "by" agent."""
    arts = list(understand_many([corpus_article(TEXTS / f"wnx-{n}.txt") for n in ("0054", "0020")]))
    convicted = quote(arts[0], "been convicted of genocide")
    assert convicted.speaker_name == "Mohammed Oreibi al-Khalifa"
    assert convicted.cue == "told"
    hero = next(q for q in arts[1].quotes if q.direct and q.text.strip(' "') == "hero")
    assert "Gabon" in (hero.speaker_name or "")


def test_they_after_an_unnamed_plural_subject_is_that_group() -> None:
    # "The authors say the results confirm ... They call for "urgent implementation ...""
    art = understand(corpus_article(TEXTS / "GUM_news_iodine.txt"))
    q = quote(art, "urgent implementation")
    assert q.speaker is None and q.speaker_name.lower() == "the authors"


def test_an_interviewee_the_title_names_whom_the_ner_missed(shared: Path) -> None:
    # "Wikinews interviews Israeli mathematician and writer Aner Shalev": the NER tags no
    # person there (it tags "Tiberias"); the answers are Shalev's, not the town's
    assert gum_splits(shared)["GUM_interview_shalev"] == "train"
    art = understand(corpus_article(TEXTS / "GUM_interview_shalev.txt"))
    answers = [q for q in art.quotes if q.direct and q.cue is None]
    assert len(answers) >= 5
    assert {q.speaker_name for q in answers} == {"Aner Shalev"}
