"""Duplicates within a batch: exact (same body hash) and near (MinHash over word shingles).

MinHash and LSH banding are done here with numpy (a few lines) rather than with datasketch,
whose import pulls in scipy and costs ~0.5 s, most of a one-file ``tidings read``.
"""

from __future__ import annotations

import re
from functools import cache

from tidings.schema import Article

_TOKEN = re.compile(r"\w+")
_MASK = (1 << 64) - 1
_BANDS = 32  # 32 bands of 4 rows: a pair at Jaccard 0.7 shares a band with p > 0.99


@cache
def _permutations(num_perm: int):  # noqa: ANN202 - numpy arrays (a, b)
    """Seeded affine permutations h -> a*h + b (mod 2^64); odd ``a`` makes each a bijection."""
    import numpy as np

    gen = np.random.default_rng(1)
    a = gen.integers(0, 1 << 62, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = gen.integers(0, 1 << 62, num_perm, dtype=np.uint64)
    return a, b


def minhash(grams: set[str], num_perm: int = 128):  # noqa: ANN201 - numpy uint64 array
    """The MinHash signature of a set of strings: per permutation, the least permuted hash."""
    import numpy as np

    # Python's own string hash: fast, and stable within the process, which is all a batch's
    # comparisons need (signatures are never stored or compared across runs).
    hv = np.fromiter((hash(g) & _MASK for g in grams), dtype=np.uint64, count=len(grams))
    a, b = _permutations(num_perm)
    with np.errstate(over="ignore"):  # wrap-around is the intended arithmetic mod 2^64
        return (np.outer(hv, a) + b).min(axis=0)


class Deduper:
    """Flags each article that repeats an earlier one: ``duplicate_of`` = the earlier id."""

    def __init__(self, threshold: float = 0.7, num_perm: int = 128, shingle: int = 4) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.exact: dict[str, str] = {}  # id -> source of first reading
        self.buckets: list[dict[bytes, list[str]]] = [{} for _ in range(_BANDS)]
        self.sources: dict[str, str] = {}
        self.hashes: dict[str, object] = {}
        self.first: Article | None = None  # hashed only once a second one comes (numpy import)

    def _minhash(self, text: str):  # noqa: ANN202 - numpy uint64 array
        tokens = _TOKEN.findall(text.lower())
        k = self.shingle
        grams = {" ".join(tokens[i : i + k]) for i in range(max(1, len(tokens) - k + 1))}
        return minhash(grams, self.num_perm)

    def _bands(self, mh) -> list[bytes]:  # noqa: ANN001 - numpy array
        rows = self.num_perm // _BANDS
        return [mh[i * rows : (i + 1) * rows].tobytes() for i in range(_BANDS)]

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
        if not self.sources and self.first is None:
            self.first = article  # nothing to compare with yet: a one-article read stops here
            return article
        if self.first is not None:
            first, self.first = self.first, None
            self._near(first)
        return self._near(article)

    def _near(self, article: Article) -> Article:
        """Compare with the articles hashed so far, then add this one."""
        mh = self._minhash(article.text)
        bands = self._bands(mh)
        # Banding proposes candidates; the estimated Jaccard similarity confirms them.
        proposed = {
            key for band, b in zip(self.buckets, bands, strict=True) for key in band.get(b, ())
        }
        near = [k for k in proposed if float((mh == self.hashes[k]).mean()) >= self.threshold]
        if near:
            first = min(near, key=lambda key: list(self.sources).index(key))
            article.duplicate_of = first
            article.warnings.append(f"near duplicate of {self.sources[first]}")
        for band, b in zip(self.buckets, bands, strict=True):
            band.setdefault(b, []).append(article.id)
        self.hashes[article.id] = mh
        self.sources[article.id] = article.source
        return article
