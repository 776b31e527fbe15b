"""A real-world entity while it is being assembled from the mentions of one article.

Shared by the stage's rules: :mod:`~tidings.understand.entities` builds clusters,
:mod:`~tidings.understand.normalise` says what each is, :mod:`~tidings.understand.coref` adds
pronoun, title and nominal mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tidings import kb
from tidings.schema import Mention


@dataclass
class Cluster:
    """A real-world entity being assembled from mentions."""

    type: str
    mentions: list[Mention] = field(default_factory=list)
    roots: list[int] = field(default_factory=list)  # token index of each mention's head
    role: str | None = None
    country: str | None = None
    kb: kb.ActorMatch | None = None
    sector: str | None = None  # read from the words around a name ("UK citizen": CVL)
    title_sector: str | None = None  # read from a title ("junior foreign minister": GOV)
    role_words: set[str] = field(default_factory=set)  # words describing a person ("foreign")
    metonym_code: str | None = None
    lat_lon: tuple[float, float] | None = None
    in_title: bool = False  # a person the title names and the body does not ("Statement by X")
    listed: bool = False  # the role is a plural noun's ("photographers X, Y and Z")

    @property
    def names(self) -> list[str]:
        return [m.text for m in self.mentions if m.kind == "name"]

    title_name: str | None = None  # the name as the title gives it

    @property
    def name(self) -> str:
        names = self.names or [m.text for m in self.mentions]
        if self.title_name:
            names = [self.title_name]
        return max(names, key=lambda n: (len(n.split()), len(n)))


def longer_name(clusters: list[Cluster], full: str, people: set[int]) -> int | None:
    """The one person named before whose full name starts with this shorter one ("Mohd
    Shah Mahmood" ... "Mohd Shah"; names that give the family name last are cut from the
    end, not only to the surname); two such people ("Kim Jong Un", "Kim Jong Nam" for
    "Kim Jong"): none."""
    words = full.split()
    found = {
        ci
        for ci in people
        for n in clusters[ci].names
        if len(n.split()) > len(words) and n.split()[: len(words)] == words
    }
    return found.pop() if len(found) == 1 else None


def name_tail(clusters: list[Cluster], text: str, people: set[int]) -> int | None:
    """The one person whose full name ends with these words (a surname of several words:
    "La Russa", "De Benedetti"), whatever the NER tagged them."""
    words = text.split()
    found = {
        ci
        for ci in people
        for n in clusters[ci].names
        if len(n.split()) > len(words) and n.split()[-len(words) :] == words
    }
    return found.pop() if len(found) == 1 else None


__all__ = ["Cluster", "longer_name", "name_tail"]
