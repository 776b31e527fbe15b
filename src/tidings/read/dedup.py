"""Duplicates within a batch: exact (same body hash) and near (MinHash over word shingles)."""

from __future__ import annotations

import re

from tidings.schema import Article

_TOKEN = re.compile(r"\w+")


class Deduper:
    """Flags each article that repeats an earlier one: ``duplicate_of`` = the earlier id."""

    def __init__(self, threshold: float = 0.7, num_perm: int = 128, shingle: int = 4) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.exact: dict[str, str] = {}  # id -> source of first reading
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.sources: dict[str, str] = {}
        self.hashes: dict[str, object] = {}

    def _minhash(self, text: str):  # noqa: ANN202 - datasketch.MinHash
        from datasketch import MinHash

        tokens = _TOKEN.findall(text.lower())
        k = self.shingle
        grams = {" ".join(tokens[i : i + k]) for i in range(max(1, len(tokens) - k + 1))}
        mh = MinHash(num_perm=self.num_perm)
        mh.update_batch([g.encode("utf-8") for g in grams])
        return mh

    def check(self, article: Article) -> Article:
        """Set ``duplicate_of`` and a warning when ``article`` repeats one seen before."""
        if not article.text:
            return article
        if article.id in self.exact:
            article.duplicate_of = article.id
            article.warnings.append(f"exact duplicate of {self.exact[article.id]}")
            return article
        self.exact[article.id] = article.source
        if len(article.text) < 200:
            return article  # too short for a meaningful near-duplicate signal
        mh = self._minhash(article.text)
        # LSH proposes candidates; the MinHash estimate of Jaccard similarity confirms them.
        near = [k for k in self.lsh.query(mh) if mh.jaccard(self.hashes[k]) >= self.threshold]
        if near:
            first = min(near, key=lambda key: list(self.sources).index(key))
            article.duplicate_of = first
            article.warnings.append(f"near duplicate of {self.sources[first]}")
        self.lsh.insert(article.id, mh)
        self.hashes[article.id] = mh
        self.sources[article.id] = article.source
        return article
