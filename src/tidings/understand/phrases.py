"""Noun phrases of a parse and their words, read the same way by every stage.

The understanding stage reads what the words around a name say about a person ("UK citizen
Jim Swire", "the Russian Foreign Minister, Sergei Lavrov"); the event coder reads the phrases
that are no entity ("Senior Hungarian officials"). Both use these two helpers.
"""

from __future__ import annotations

#: dependencies of a noun's modifiers that belong to its phrase
MOD_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}


def noun_phrase(head) -> list:  # noqa: ANN001 - spacy Token
    """The noun phrase of ``head`` without clauses or prepositional tails (except 'of')."""
    keep = [head]
    for child in head.children:
        if child.dep_ in MOD_DEPS | {"det", "appos", "flat", "case", "prep"}:
            if child.dep_ == "prep" and child.lower_ != "of":
                continue
            keep.extend(child.subtree)
    return sorted(keep, key=lambda t: t.i)


def phrase_words(tokens) -> list[str]:  # noqa: ANN001
    """Lower-case words of a phrase for dictionary look-ups: no punctuation, determiners or
    possessive marks, and not the pronoun "us" (which is no country)."""
    out = []
    for t in tokens:
        if t.is_punct or t.is_space or t.dep_ == "det" or t.tag_ == "POS":
            continue
        if t.lower_ == "us" and t.text != "US":
            continue  # the pronoun, not the country
        out.append(t.lower_.replace("’", "'"))
    return out


__all__ = ["MOD_DEPS", "noun_phrase", "phrase_words"]
