"""Quotations: every mark style, multi-paragraph, unbalanced marks, scare quotes, speakers."""

from __future__ import annotations

from pathlib import Path

import pytest

from gold_loader import (
    article_from_paragraphs,
    gold_article,
    gold_file,
    match_quotes,
    speaker_ok,
)
from tidings.schema import Article
from tidings.understand import understand
from tidings.understand.marks import quote_spans


def words(text: str) -> list[str]:
    return [s.text_of(text) for s in quote_spans(text)]


def understood(*paragraphs: str) -> Article:
    art = understand(article_from_paragraphs(list(paragraphs), "<test>"))
    assert not art.warnings
    return art


@pytest.mark.parametrize(
    "marked",
    [
        '"We will respond," he said.',
        "“We will respond,” he said.",
        "‘We will respond,’ he said.",
        "'We will respond,' he said.",
        "«We will respond», he said.",
        "„We will respond“, he said.",
    ],
)
def test_every_quote_mark_style(marked: str) -> None:
    assert words(marked) == ["We will respond"]


def test_apostrophes_are_not_quotes() -> None:
    text = "It's Russia’s view, the ministers' aides said, that 'talks must go on' today."
    assert words(text) == ["talks must go on"]


def test_quote_over_several_paragraphs() -> None:
    text = (
        "“The first paragraph of the statement ends here without a closing mark.\n\n"
        "“And the second one closes it,” the minister said.\n\nAfter that, plain prose."
    )
    spans = quote_spans(text)
    assert len(spans) == 1 and len(spans[0].segments) == 2
    assert spans[0].text_of(text).endswith("And the second one closes it")


def test_unbalanced_mark_does_not_break_the_rest() -> None:
    text = (
        'A stray "opening mark never closes in this paragraph.\n\n'
        'The next paragraph is prose. "But this is a real quote," she said.'
    )
    assert words(text) == ["But this is a real quote"]


def test_names_and_scare_quotes_are_not_quotations() -> None:
    art = understood(
        "The prisoners were held at the “Hanoi Hilton” for years, officials said.",
        "The so-called “interim” government met on Monday.",
        "“We will never give up our rights,” the activist Jane Doe said.",
    )
    assert [q.text for q in art.quotes if q.direct] == ["We will never give up our rights"]
    assert art.quotes[-1].speaker_name == "Jane Doe"


def test_reported_speech_and_according_to() -> None:
    art = understood(
        "Lavrov said that Russia would not accept new sanctions.",
        "The ceasefire is holding, according to Hans Blix.",
    )
    reported = [q for q in art.quotes if not q.direct]
    assert reported[0].text == "Russia would not accept new sanctions"
    assert reported[0].speaker_name == "Lavrov" and reported[0].cue == "said"
    art2 = understood('"The ceasefire is holding," according to Hans Blix.')
    assert art2.quotes[0].speaker_name == "Hans Blix" and art2.quotes[0].cue == "according to"


def test_pronoun_speaker_is_the_recent_speaker_not_the_last_name() -> None:
    art = understood(
        "Smith rejected the report, saying that Jones had misread the data.",
        '"This is simply wrong," he said after meeting Jones.',
    )
    q = next(q for q in art.quotes if q.direct)
    assert q.speaker_name == "Smith" and q.cue == "said"
    smith = next(e for e in art.entities if e.name == "Smith")
    assert any(m.kind == "pronoun" and m.text == "he" for m in smith.mentions)


@pytest.fixture(scope="session")
def reference(shared: Path) -> tuple[Article, dict]:
    gold = gold_file("reference-7dnews")
    return understand(gold_article(gold, shared)), gold


def test_reference_direct_quotes_and_speakers(reference: tuple[Article, dict]) -> None:
    art, gold = reference
    golds = [q for q in gold["quotes"] if q["direct"]]
    preds = [q.model_dump() for q in art.quotes]
    pairs = match_quotes(art.text, preds, golds)
    assert len(pairs) == len(golds) == len([q for q in art.quotes if q.direct])
    for g, p in pairs:
        ent = art.entity(p["speaker"]) if p["speaker"] else None
        assert speaker_ok(g, p["speaker_name"], ent, gold), (g["text"], p["speaker_name"])
        assert art.text[p["start"] : p["end"]] == p["text"]


def test_reference_pronoun_speakers(reference: tuple[Article, dict]) -> None:
    art, _ = reference
    lavrov = next(e for e in art.entities if e.name == "Sergei Lavrov")
    pompeo = next(e for e in art.entities if e.name == "Mike Pompeo")
    said = {q.text.split()[0]: q for q in art.quotes if q.direct}
    assert said["It's"].speaker == lavrov.id and said["It's"].cue == "said"
    assert said["I"].speaker == pompeo.id
    assert any(m.kind == "pronoun" for m in lavrov.mentions)
    absolute = next(q for q in art.quotes if q.text == "absolute fiction")
    assert absolute.cue == "describing them as" and absolute.speaker == lavrov.id


def test_multi_paragraph_quote_after_colon_cue() -> None:
    art = understood(
        "Jane Doe, the Finance Minister, spoke to reporters on Monday about the budget.",
        'She continued: "We will cut taxes next year and raise spending on schools.',
        '"And this part ends it," the minister added.',
    )
    (q,) = art.quotes
    assert q.direct and q.speaker_name == "Jane Doe" and q.cue == "continued"
    assert q.text.startswith("We will cut") and q.text.endswith("And this part ends it")
    assert art.text[q.start : q.end].startswith("We will cut")


def test_reported_speech_before_or_around_the_cue() -> None:
    art = understood(
        "The talks will resume next week, Smith said.",
        "Also, the minister Jane Doe added, the budget will grow, as she left the room.",
    )
    reported = [(q.text, q.speaker_name, q.cue) for q in art.quotes if not q.direct]
    assert ("The talks will resume next week", "Smith", "said") in reported
    assert ("the budget will grow", "Jane Doe", "added") in reported


def test_direct_quote_is_not_reported_again() -> None:
    art = understood('"We will respond to any attack," Smith said on Monday.')
    assert [q.direct for q in art.quotes] == [True]


def test_definite_noun_speaker_is_the_named_organisation() -> None:
    art = understood(
        "The Korean Central News Agency published a long statement on Friday.",
        '"The enemy will pay dearly for this provocation," the agency said.',
    )
    (q,) = [q for q in art.quotes if q.direct]
    assert q.speaker_name == "Korean Central News Agency"
    ent = art.entity(q.speaker)
    assert any(m.kind == "nominal" and m.text == "the agency" for m in ent.mentions)
