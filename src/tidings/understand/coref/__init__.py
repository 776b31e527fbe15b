"""Coreference: who a pronoun, title or nominal stands for, and who says each quotation.

The one home of these decisions (rules, no model; nothing installs or downloads). The
understanding stage asks it to link titles, nominals and pronouns to the article's entities and
to name the speaker of every quotation; the event coder reads the resulting mentions from
``article.entities`` and the speakers from ``article.quotes`` (plus :func:`reporter_of` and
:func:`quoted_tokens` over the same parse) instead of resolving anybody itself.

- :mod:`~.quoted`: the quoted-token index and the reporter of a clause (parse facts);
- :mod:`~.agreement`: gender of people from the article's own evidence;
- :mod:`~.nominals`: titles ("the Secretary of State") and definite nominals ("the president");
- :mod:`~.resolver`: pronouns, by salience with gender agreement (:class:`Coreference`);
- :mod:`~.speakers`: the discourse model of attribution (the cue's subject, the previous
  quotation's and the paragraph's speaker, statements and spokespeople, "according to");
- :mod:`~.interviews`: question-and-answer turns and their interviewee.
"""

from __future__ import annotations

from tidings.understand.coref.quoted import (
    PERSON_PRONOUNS,
    SPEAKER_PRONOUNS,
    quoted_tokens,
    reporter_of,
)
from tidings.understand.coref.resolver import Coreference

__all__ = [
    "PERSON_PRONOUNS",
    "SPEAKER_PRONOUNS",
    "Coreference",
    "quoted_tokens",
    "reporter_of",
]
