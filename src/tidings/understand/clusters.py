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


__all__ = ["Cluster"]
