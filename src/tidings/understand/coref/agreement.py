"""Gender agreement of person pronouns with people, from the evidence of the article only.

Nothing is downloaded: a person's gender is what the article says about them — an honorific or
kinship/role noun beside a name ("Mr. Sullivan", "her husband, Syarhey Tsikhanouski",
"spokeswoman Maria Zakharova"; ``data/understand/gender.tsv``, weight 2) and the pronouns
already linked to them ("Kiara Perkins ... she ... her", weight 1 each) — and, weakest, a given
name in ``data/understand/first_names.tsv`` (from Faker's MIT-licensed lists; names given to
both genders left out; weight 1). A person with no evidence agrees with both "he" and "she";
one with evidence for both keeps the majority.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.understand.titles import first_names, gender_words

if TYPE_CHECKING:
    from tidings.understand.entities import Resolver

MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}


def pronoun_gender(word: str) -> str | None:
    """ "he" -> "m", "her" -> "f", anything else None."""
    low = word.lower()
    if low in MALE_PRONOUNS:
        return "m"
    if low in FEMALE_PRONOUNS:
        return "f"
    return None


class Genders:
    """What the article says about the gender of each person cluster (by cluster index)."""

    def __init__(self, resolver: Resolver) -> None:
        self.res = resolver
        self.votes: dict[int, dict[str, int]] = {}
        self.by_name: dict[int, str] = {}  # the gender a given name alone suggests
        for ci, cl in enumerate(resolver.clusters):
            if cl.type == "PERSON" and cl.mentions:
                self._read(ci)

    def _vote(self, ci: int, gender: str | None, weight: int = 1) -> None:
        if gender:
            v = self.votes.setdefault(ci, {})
            v[gender] = v.get(gender, 0) + weight

    def _read(self, ci: int) -> None:
        """Honorifics before a name, gendered words among the words describing the person."""
        words = gender_words()
        doc = self.res.doc
        cl = self.res.clusters[ci]
        for m, root in zip(cl.mentions, cl.roots, strict=False):
            if m.kind not in {"name", "surname"}:
                continue
            i = root
            while i > 0 and doc[i - 1].idx >= m.start:
                i -= 1  # the name's first word
            if i > 0:
                self._vote(ci, words.get(doc[i - 1].lower_), 2)
            if i > 1 and doc[i - 1].lower_ in {"named", "called"}:  # "this girl named Isabel"
                self._vote(ci, words.get(doc[i - 1].head.lower_), 2)
        for w in set(cl.role_words) | set((cl.role or "").lower().split()):
            self._vote(ci, words.get(w), 2)
        given = cl.name.split()
        if len(given) >= 2:  # the weakest evidence: a given name
            gender = first_names().get(given[0].rstrip(".").lower())
            self._vote(ci, gender, 1)
            if gender:
                self.by_name[ci] = gender

    def add(self, ci: int, pronoun: str) -> None:
        """A pronoun was linked to the cluster: evidence for later ones."""
        self._vote(ci, pronoun_gender(pronoun))

    def of(self, ci: int) -> str | None:
        v = self.votes.get(ci)
        if not v:
            return None
        m, f = v.get("m", 0), v.get("f", 0)
        return None if m == f else ("m" if m > f else "f")

    def agrees(self, ci: int, pronoun: str) -> bool:
        """Whether a pronoun may stand for the cluster (unknown genders agree; so does a
        gender that only the given name suggests: see :meth:`only_name_against`)."""
        want = pronoun_gender(pronoun)
        have = self.of(ci)
        return want is None or have is None or want == have or self.only_name_against(ci, want)

    def only_name_against(self, ci: int, want: str | None) -> bool:
        """Whether the only evidence against gender ``want`` is the given name ("Ilhan Omar
        ... she": names travel between languages and genders); such a candidate is kept, with
        less salience, and the first pronoun linked settles it."""
        if want is None or self.by_name.get(ci) in {None, want}:
            return False
        v = self.votes.get(ci, {})
        return v.get(self.by_name[ci], 0) <= 1 and v.get(want, 0) == 0


__all__ = ["FEMALE_PRONOUNS", "MALE_PRONOUNS", "Genders", "gender_words", "pronoun_gender"]
