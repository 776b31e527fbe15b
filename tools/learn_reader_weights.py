"""Recompute ``src/tidings/data/read/date_weights.tsv`` from the development pages only.

The reader is run over the dev pages and every day its date candidates name becomes a sample:
which kinds of evidence name it (``url path``, ``wire dateline``, ``front matter date (crawl
record)``, ``json-ld datePublished``, ...) and whether it is the gold day.

* reliability of a kind: the smoothed share of the days it names that are right,
  ``(right + 2 * prior) / (named + 2)``, the prior being 0.5 unless ``PRIORS`` says why not;
* weights: a logistic regression over the samples (one weight per kind and a bias), pulled
  towards ``logit(reliability)`` (or 0 when that is negative) with an L2 penalty so that a kind
  seen on few pages keeps about its share right, while kinds seen often learn how they combine
  (a modification date that only echoes other modification dates, a URL day that confirms a
  dateline); weights are kept >= 0, so evidence only ever adds to a day; the strength of
  that pull is chosen by 5-fold cross-validation over the dev pages (``PENALTIES``: the
  smallest of those whose held-out pages come out right most often);
* threshold: the day probability under which the reader gives no date, the one that decides the
  most dev pages right (a page whose gold is null is right only without a date); among equals,
  the middle of the widest such interval.

Dev pages (never the test splits or the held-out fixtures):

* ``benchmarks/data/messy`` pages whose gold says ``"split": "dev"``;
* ``tests/fixtures/read`` (the development fixtures) and the reference article;
* the 40 shared corpus articles (title / date line / body);
* half A of htmldate's MediaCloud 2020 set and of trafilatura's evaluation set (when their
  archives are present, see ``benchmarks/data/peers/README.md``).

Run: ``python tools/learn_reader_weights.py`` (two passes, a few minutes; it prints the table
and the dev accuracy before and after).

``python tools/learn_reader_weights.py lines`` fits the junk-line model instead
(``data/read/line_junk_weights.tsv``, read by :mod:`tidings.read.junk`): every line of the dev
pages whose article text is known (the messy dev pages and the fixtures between their gold
first and last sentence; half A of ``../shared/gold/extraction`` flattened to text, a line
counted as article when half its word 4-grams are in the gold body) is a sample, its features
its words and shape; a logistic regression with an L2 penalty separates furniture from text.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import reader_fields as rf  # noqa: E402 - the benchmark's loaders and split rules
from tidings.read import dates, pubdate  # noqa: E402
from tidings.read.errors import ReadFailure  # noqa: E402
from tidings.read.reader import read_bytes  # noqa: E402
from tidings.schema import Article  # noqa: E402

OUT = ROOT / "src" / "tidings" / "data" / "read" / "date_weights.tsv"
# Where a kind's reliability starts before the dev pages are counted, and why.
PRIORS = {
    "dump field": (0.9, "a dump's own date field is the publisher's metadata as crawled"),
}
STRENGTH = 2.0  # pseudo-observations behind the prior
DESCRIBED = {  # how each kind is described in the evidence
    pubdate.EARLY_UTC: "a UTC timestamp 00-06 h: the previous day in the Americas",
    pubdate.LATE_UTC: "a UTC timestamp 18-24 h: the next day east of Europe",
    "dump field": "declared by the dump record",
    pubdate.ECHO: "a published date that repeats a modification date, another being earlier",
    pubdate.HTMLDATE_ECHO: "htmldate's guess on the day of a modification date",
    pubdate.HTMLDATE_NEW_YEAR: "htmldate's guess on 1 January: often a year found alone",
    "json-ld datePublished": "the page's declared publication date",
    "json-ld dateCreated": "the page's declared creation date",
    "json-ld dateModified": "a modification date, not the publication date",
    "meta published": "the page's declared publication date",
    "meta modified": "a modification date, not the publication date",
    "<time> published": "a <time> marked as the publication time",
    "<time> modified": "a <time> marked as a modification time",
    "<time> in article": "a <time> inside the article element",
    "<time> in page": "a <time> outside the article element",
    "<time> in aside": "a <time> in a related-stories/aside block",
    "htmldate": "htmldate's guess from the whole page",
    "url path": "the day in the URL path",
    "wire dateline": "the story's own wire dateline",
    "front matter publication date": "declared in the front matter as the publication date",
    "front matter date": "the front matter's date",
    "front matter date (crawl record)": "a crawl record's date: often the crawl or search day",
    "labelled publication line": "a line labelled as the publication date",
    "labelled update line": "an update time, not the publication time",
    "byline line": "the date on the byline",
    "line under the headline": "a date line under the headline",
    "date near the headline": "the first date shown after the page's <h1>",
    "date below the headline": "the first date after the <h1>, past its first lines",
    "line above the headline": "above the headline (page-header chrome)",
    "body line": "a date line inside the body",
    "footer line": "a date line below the body",
}


def _pages() -> Iterator[tuple[str, str, bytes, str | None]]:
    """(set, name, bytes, gold day or None) for every dev page."""
    for gold in rf.messy_gold():
        if gold["split"] == "dev":
            yield "messy dev", gold["id"], (rf.MESSY / gold["page"]).read_bytes(), gold["published"]
    fixtures = ROOT / "tests" / "fixtures" / "read"
    for name, path, gold in rf.cases(fixtures, with_reference=True):
        yield "fixtures", name, path.read_bytes(), (gold["published"] or "")[:10] or None
    for path in sorted((rf.SHARED / "corpus" / "articles").glob("*.txt")):
        lines = path.read_text("utf-8").splitlines()
        yield "corpus", path.name, path.read_bytes(), lines[1].strip()[:10]
    members = rf.peer_archive("htmldate-mediacloud-2020.tar.xz")
    if members:
        for item in json.loads(members["eval_mediacloud_2020.json"]).values():
            if isinstance(item["date"], str) and rf.half(item["file"], "tidings-peers-v1") == "A":
                html = members["test_set/" + item["file"]]
                yield "htmldate A", item["file"], html, item["date"]
    members = rf.peer_archive("trafilatura-evaldata.tar.xz")
    if members:
        for item in json.loads(members["evaldata.json"]).values():
            path = "eval/" + item.get("file", "")
            if (
                item.get("date")
                and path in members
                and rf.half(item["file"], "tidings-peers-v1") == "A"
            ):
                yield "trafilatura A", item["file"], members[path], item["date"][:10]


def _candidates(art: Article) -> list[dates.Candidate]:
    """The reader's candidates, rebuilt from ``published_evidence`` (winner and losers)."""
    ev = art.published_evidence
    if ev is None:
        return []
    entries = [(art.published, ev.kind, ev.method)] if art.published else []
    entries += [(r.value, r.kind, r.reason) for r in ev.rejected]
    out = []
    for value, kind, reasons in entries:
        if not value or not kind:
            continue
        c = dates.Candidate(text=value, source="", method=kind, kind=kind)
        c.parsed = dates.parse_date(value)
        if "later than the crawl time" in reasons:
            c.factor = 0.0
        elif "at the crawl time" in reasons:
            c.factor = 0.2
        out.append(c)
    return out


def collect() -> list[tuple[str, str, str | None, list[dates.Candidate]]]:
    rows = []
    for group, name, data, gold in _pages():
        try:
            art = read_bytes(data, name)
        except ReadFailure:
            continue
        rows.append((group, name, gold, _candidates(art)))
    return rows


def reliabilities(rows: list) -> dict[str, tuple[int, int, float]]:
    """kind -> (days right, days named, smoothed share right), over pages with a gold day."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _group, _name, gold, cands in rows:
        if gold is None:
            continue
        for day, feats in pubdate.day_features(cands).items():
            for kind in feats:
                counts[kind][1] += 1
                counts[kind][0] += day == gold
    table = {}
    for kind in sorted(set(counts) | set(PRIORS) | set(DESCRIBED)):
        right, total = counts[kind]
        prior = PRIORS.get(kind, (0.5, ""))[0]
        table[kind] = (right, total, (right + STRENGTH * prior) / (total + STRENGTH))
    return table


def fit(rows: list, rel: dict[str, float], penalty: float = 1.0) -> tuple[dict[str, float], float]:
    """Logistic regression over (page, day) samples, L2-pulled towards logit(reliability)."""
    import numpy as np

    kinds = sorted(rel)
    index = {k: i for i, k in enumerate(kinds)}
    xs, ys = [], []
    for _group, _name, gold, cands in rows:
        for day, feats in pubdate.day_features(cands).items():
            x = np.zeros(len(kinds) + 1)
            x[-1] = 1.0  # bias
            for kind, value in feats.items():
                x[index[kind]] = value
            xs.append(x)
            ys.append(1.0 if day == gold else 0.0)
    x_mat, y = np.array(xs), np.array(ys)
    prior = np.array([max(0.0, math.log(rel[k] / (1 - rel[k]))) for k in kinds] + [0.0])
    reg = np.full(len(kinds) + 1, penalty)
    reg[-1] = 0.01  # the bias is barely held
    # Evidence only adds: a kind's weight is >= 0 (a day that a footer date also names is no
    # less likely for it). Active set: refit without the most negative weight until none is.
    active = np.ones(len(kinds) + 1, dtype=bool)
    while True:
        w = _newton(x_mat[:, active], y, prior[active], reg[active])
        full = np.zeros(len(kinds) + 1)
        full[active] = w
        negative = [i for i in np.flatnonzero(active)[:-1] if full[i] < 0]
        if not negative:
            break
        active[min(negative, key=lambda i: full[i])] = False
    return {k: float(full[index[k]]) for k in kinds}, float(full[-1])


def _newton(x_mat, y, prior, reg):  # noqa: ANN001, ANN202 - numpy arrays
    import numpy as np

    def loss(w):  # noqa: ANN001, ANN202 - the penalised negative log-likelihood
        z = x_mat @ w
        return float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * np.sum(reg * (w - prior) ** 2))

    w = prior.copy()
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(x_mat @ w, -30, 30)))
        grad = x_mat.T @ (p - y) + reg * (w - prior)
        hess = (x_mat * (p * (1 - p))[:, None]).T @ x_mat + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        # Damped: a full Newton step can overshoot on near-separable kinds and diverge.
        before, size = loss(w), 1.0
        while size > 1e-6 and loss(w - size * step) > before:
            size /= 2
        w = w - size * step
        if np.abs(size * step).max() < 1e-8:
            break
    return w


# The L2 pull towards each kind's logit(reliability), chosen by cross-validation over the dev
# pages (5 folds by a hash of the page's name): the smallest penalty of the best held-out total.
PENALTIES = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0)
FOLDS = 5


def _fold(name: str) -> int:
    import hashlib

    return int(hashlib.sha256(f"tidings-date-cv:{name}".encode()).hexdigest()[:8], 16) % FOLDS


def learn(rows: list, penalty: float) -> pubdate.Model:
    """Reliabilities, weights and threshold from these rows only."""
    rel = {k: v[2] for k, v in reliabilities(rows).items()}
    weights, bias = fit(rows, rel, penalty)
    m = pubdate.Model(weights=weights, reliability=rel, bias=bias)
    m.threshold = best_threshold(rows, m)
    return m


def choose_penalty(rows: list) -> float:
    """The penalty whose models, each fit without one fold, decide the most held-out pages."""
    held_out = {}
    for penalty in PENALTIES:
        ok = 0
        for k in range(FOLDS):
            train = [r for r in rows if _fold(r[1]) != k]
            m = learn(train, penalty)
            ok += accuracy([r for r in rows if _fold(r[1]) == k], m, m.threshold)[0]
        held_out[penalty] = ok
        print(f"  penalty {penalty:g}: {ok}/{len(rows)} dev pages right when held out")
    best = max(held_out.values())
    return min(p for p in PENALTIES if held_out[p] == best)


def accuracy(rows: list, m: pubdate.Model, threshold: float) -> tuple[int, int]:
    ok = 0
    for _group, _name, gold, cands in rows:
        day, score, _ = pubdate.best_day(cands, m)
        ok += (day if day is not None and score >= threshold else None) == gold
    return ok, len(rows)


def best_threshold(rows: list, m: pubdate.Model) -> float:
    """The threshold that decides most dev pages right (widest interval among equals)."""
    scores = sorted({0.0, 1.0, *(pubdate.best_day(c, m)[1] for *_, c in rows)})
    scored = []
    for lo, hi in zip(scores, scores[1:], strict=False):
        mid = (lo + hi) / 2
        scored.append((accuracy(rows, m, mid)[0], hi - lo, mid))
    return max(scored)[2]


def write(table: dict[str, tuple[int, int, float]], m: pubdate.Model, penalty: float) -> None:
    lines = [
        "# Date evidence learned from the development pages by tools/learn_reader_weights.py",
        "# (read by tidings.read.pubdate). Columns: kind, days right, days named, reliability =",
        "# (right + 2 * prior) / (named + 2), weight (log-odds, logistic regression), what it is.",
        f"# L2 pull towards logit(reliability): {penalty:g} ({FOLDS}-fold cross-validation).",
        f"@bias\t{m.bias:.3f}",
        f"@threshold\t{m.threshold:.3f}",
    ]
    for kind, (right, total, rel) in table.items():
        note = DESCRIBED.get(kind, kind)
        lines.append(f"{kind}\t{right}\t{total}\t{rel:.3f}\t{m.weight(kind):.3f}\t{note}")
    OUT.write_text("\n".join(lines) + "\n", "utf-8")


def report(rows: list, m: pubdate.Model, label: str) -> None:
    parts = []
    for g in sorted({r[0] for r in rows}):
        ok, n = accuracy([r for r in rows if r[0] == g], m, m.threshold)
        parts.append(f"{g} {ok}/{n}")
    print(f"{label}: " + ", ".join(parts))


# ---------------------------------------------------------------- junk lines

JUNK_OUT = ROOT / "src" / "tidings" / "data" / "read" / "line_junk_weights.tsv"
MIN_PAGES = 5  # a word must occur on this many dev pages to get a weight


def _extraction_half(name: str) -> str:
    import hashlib

    digest = hashlib.sha256(f"tidings-extraction-v1:{name}".encode()).hexdigest()
    return "A" if int(digest[:8], 16) % 2 == 0 else "B"


def _norm(text: str) -> str:
    return " ".join(rf.norm(text).casefold().split())


def _span_labels(lines: list, first: str, last: str, title: str | None) -> list[int] | None:
    """1 for lines from the gold first body sentence to the last (and the title), else 0."""
    head, tail = _norm(first)[:60], _norm(last)[-60:]
    texts = [_norm(x.text) for x in lines]
    start = next((i for i, t in enumerate(texts) if head and head in t), None)
    end = next((i for i in range(len(texts) - 1, -1, -1) if tail and tail in texts[i]), None)
    if start is None or end is None or end < start:
        return None
    key = _norm(title or "")
    return [int(start <= i <= end or (bool(key) and t == key)) for i, t in enumerate(texts)]


def line_pages() -> Iterator[tuple[str, list, list[int]]]:
    """(page, lines, labels) from the dev pages whose body is known."""
    from tidings.read.text import page_lines

    for gold in rf.messy_gold():
        if gold["split"] != "dev":
            continue
        lines = page_lines((rf.MESSY / gold["page"]).read_text("utf-8"))[0]
        labels = _span_labels(lines, gold["body_first"], gold["body_last"], gold["title"])
        if labels:
            yield gold["id"], lines, labels
    for name, path, gold in rf.cases(ROOT / "tests" / "fixtures" / "read", with_reference=True):
        lines = page_lines(path.read_text("utf-8"))[0]
        labels = _span_labels(lines, gold["body_start"], gold["body_end"], gold["title"])
        if labels:
            yield name, lines, labels
    for path in sorted((rf.SHARED / "corpus" / "articles").glob("*.txt")):
        lines = page_lines(path.read_text("utf-8"))[0]
        yield path.name, lines, [int(x.date_cov <= 0.5) for x in lines]  # all text but the date
    sys.argv = sys.argv[:1]  # extraction.py reads its rounds from argv
    import extraction

    for key, raw, _url, body in extraction.load():
        if _extraction_half(key) != "A":
            continue
        lines = page_lines(extraction.flatten(raw))[0]
        gold = extraction.shingles(body)
        gold_text = _norm(body)
        labels = []
        for line in lines:
            sh = extraction.shingles(line.text)
            if sum(sh.values()) >= 1:
                inside = sum((sh & gold).values()) / sum(sh.values()) >= 0.5
            else:
                inside = _norm(line.text) in gold_text
            labels.append(int(inside))
        yield key, lines, labels


def _flattened_f1() -> float:
    """Macro F1 of the flattened-text reader on half A of the extraction pages."""
    import extraction
    from tidings.read.text import read_text

    scores = []
    for key, raw, _url, body in extraction.load():
        if _extraction_half(key) == "A":
            text = read_text(extraction.flatten(raw), key).text
            scores.append(extraction.page_scores(text, body))
    return extraction.macro(scores)[2]


def learn_lines(penalty: float = 2.0) -> None:
    """Fit the junk-line model (label 1 = furniture) and write its weights."""
    import numpy as np

    from tidings.read import junk

    pages = list(line_pages())
    df: dict[str, int] = defaultdict(int)
    samples = []
    for _name, lines, labels in pages:
        seen: set[str] = set()
        for line, label in zip(lines, labels, strict=True):
            feats = junk.features(
                line.text, line.words, line.terminal, line.cap_ratio, line.prose_shape
            )
            samples.append((feats, 1 - label))
            seen |= set(feats)
        for f in seen:
            df[f] += 1
    vocab = sorted(f for f, n in df.items() if n >= MIN_PAGES or not f.startswith("w:"))
    index = {f: i for i, f in enumerate(vocab)}
    x_mat = np.zeros((len(samples), len(vocab) + 1))
    y = np.zeros(len(samples))
    for row, (feats, label) in enumerate(samples):
        for f, value in feats.items():
            if f in index:
                x_mat[row, index[f]] = value
        x_mat[row, -1] = 1.0
        y[row] = label
    reg = np.full(len(vocab) + 1, penalty)
    reg[-1] = 0.01
    w = _newton(x_mat, y, np.zeros(len(vocab) + 1), reg)
    p = 1 / (1 + np.exp(-(x_mat @ w)))
    acc = float(((p >= 0.5) == (y == 1)).mean())
    print(f"junk lines: {len(pages)} dev pages, {len(samples)} lines ({int(y.sum())} furniture),")
    print(f"  {len(vocab)} features (words on >= {MIN_PAGES} pages); training accuracy {acc:.3f}")
    kept = sorted(
        ((f, float(w[i])) for f, i in index.items() if abs(w[i]) >= 0.05), key=lambda t: t[1]
    )
    head = [
        "# Junk-line model learned from the development pages by tools/learn_reader_weights.py",
        "# (read by tidings.read.junk): feature<TAB>weight (log-odds that a line is page",
        "# furniture). Features: w:<word> (words on >= 5 dev pages), n:<word count>, end:, caps:,",
        "# digits:, start:, shape:. Dev pages: messy dev split, tests/fixtures/read, the shared",
        "# corpus, half A of ../shared/gold/extraction flattened to text. @veto: from this",
        "# probability a prose-shaped line is not article text (the highest veto within 0.005",
        "# of the best flattened-text F1 on half A).",
        f"@bias\t{w[-1]:.3f}",
    ]
    body = [f"{f}\t{v:.3f}" for f, v in kept]
    scores = {}
    for veto in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
        JUNK_OUT.write_text("\n".join([*head, f"@veto\t{veto}", *body]) + "\n", "utf-8")
        junk._weights.cache_clear()
        scores[veto] = _flattened_f1()
        print(f"  veto {veto}: flattened-text F1 on extraction half A {scores[veto]:.4f}")
    # The most conservative veto (highest) within 0.005 of the best F1: a line is only
    # taken out of the article when the model is as sure as the data can tell apart.
    veto = max(v for v in scores if scores[v] >= max(scores.values()) - 0.005)
    JUNK_OUT.write_text("\n".join([*head, f"@veto\t{veto}", *body]) + "\n", "utf-8")
    junk._weights.cache_clear()
    print(f"  veto {veto}")
    print("  most furniture-like: " + ", ".join(f for f, _ in kept[-25:][::-1]))
    print("  most article-like:   " + ", ".join(f for f, _ in kept[:25]))
    print(f"  -> {JUNK_OUT}")


def main() -> None:
    if sys.argv[1:2] == ["lines"]:
        learn_lines()
        return
    for step in (1, 2):
        rows = collect()
        report(rows, pubdate.model(), f"pass {step}, dev accuracy with the current table")
        table = reliabilities(rows)
        penalty = choose_penalty(rows)
        new = learn(rows, penalty)
        write(table, new, penalty)
        pubdate.model.cache_clear()
        report(rows, new, f"pass {step}, dev accuracy with the new table")
    for kind, (right, total, r) in table.items():
        print(f"  {kind:<36} {right:4d}/{total:<4d} {r:.3f}  weight {new.weight(kind):+.2f}")
    print(f"  bias {new.bias:+.2f}  threshold {new.threshold:.3f}  -> {OUT}")


if __name__ == "__main__":
    main()
