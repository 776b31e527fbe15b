"""Code a short real text the way the pipeline does, for the event rules' tests.

One place for what every event test file needs: the text understood as in the pipeline (one
Article through ``understand_many``), then the rules' events with the judge off, so that a test
pins a rule and not the judge's current weights.
"""

from __future__ import annotations

from spacy.tokens import Doc

from tidings.events import code_events
from tidings.events.lexicon import VerbMatch, lexicon, match_verb
from tidings.events.triggers import Trigger, find_triggers
from tidings.schema import Article, Event
from tidings.understand import understand_many


def understood(text: str, published: str) -> tuple[Article, Doc]:
    """The article and its Doc after the understanding stage."""
    art = Article(id="t", source="test", format="text", text=text, published=published)
    return next(understand_many([art], batch_size=1, with_docs=True))


def code_rules(text: str, published: str) -> list[Event]:
    """The rules' events (judge off) of a short article, understood as in the pipeline."""
    art, doc = understood(text, published)
    return code_events(art, doc, judge=False)


def find_event(events: list[Event], type_: str, trigger: str) -> Event:
    """The first event of this type and trigger word; fails listing what was coded instead."""
    found = [e for e in events if e.type == type_ and e.evidence[0].trigger == trigger]
    assert found, [(e.type, e.evidence[0].trigger) for e in events]
    return found[0]


def verb_match(text: str, word: str, published: str) -> VerbMatch | None:
    """What the lexicon matches for the first token ``word`` of the understood text."""
    _, doc = understood(text, published)
    return match_verb(next(t for t in doc if t.lower_ == word))


def trigger_at(text: str, word: str, published: str) -> Trigger | None:
    """The trigger on the first token ``word`` of the understood text, if any."""
    _, doc = understood(text, published)
    return next((t for t in find_triggers(doc, lexicon()) if t.tok.lower_ == word), None)
