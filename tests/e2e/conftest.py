"""Browser fixtures: the app of ``tidings serve`` (API + web UI) served by uvicorn in a thread,
driven by Debian's Chromium.

Playwright's own browser download does not work here, so the system ``/usr/bin/chromium`` is
launched. A missing browser fails the tests (never skips them).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "articles"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}

# A scraped page whose title and text carry markup as entity-escaped text: the real reader
# turns it into text holding <script>, event-handler attributes, <iframe> and javascript: links.
HOSTILE = Path(__file__).resolve().parent / "hostile.html"
CORPUS_EXTRA = ["voa-0002.txt", "voa-0004.txt", "wh-0001.txt"]  # not already in samples/


class Served:
    """A running server: its base URL."""

    def __init__(self, base: str, db: Path) -> None:
        self.base = base
        self.db = db

    def url(self, path: str) -> str:
        return self.base + path


def _serve(db: Path) -> Iterator[Served]:
    import uvicorn

    from tidings.api.app import create_app  # what `tidings serve` runs: API + web UI + docs

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}", db)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def real_server(
    tmp_path_factory: pytest.TempPathFactory, reference_article: Path, shared: Path
) -> Iterator[Served]:
    """Sample, reference, corpus and hostile articles through the real pipeline (reader,
    understanding, event coder), stored as ``tidings ingest`` stores them."""
    from tidings.pipeline import run
    from tidings.schema import Article
    from tidings.store.db import connect
    from tidings.store.rows import article_rows
    from tidings.store.writer import write_rows

    db = tmp_path_factory.mktemp("e2e-real") / "real.db"
    corpus = [shared / "corpus" / "articles" / n for n in CORPUS_EXTRA]
    with connect(db).begin() as conn:
        for rec in run([SAMPLES, reference_article, *corpus, HOSTILE]):
            if isinstance(rec, Article):
                write_rows(conn, article_rows(rec))
    yield from _serve(db)


# The second sentence of samples/articles/wh-0003.txt (White House, public domain) as an
# article of its own: it names "Secretary Patrushev" without his first name
PATRUSHEV_ALONE = (
    "Mr. Sullivan and Secretary Patrushev also discussed the prospect of a presidential summit "
    "between the United States and Russia and agreed to continue to stay in touch.\n"
)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """What ``make demo`` builds (``tidings ingest samples``, 32 articles a batch), plus one
    article naming Patrushev by his surname only (merged into Nikolay Patrushev)."""
    from tidings.ingest import ingest
    from tidings.store.db import connect

    tmp = tmp_path_factory.mktemp("e2e-demo")
    extra = tmp / "patrushev-alone.txt"
    extra.write_text(PATRUSHEV_ALONE, "utf-8")
    engine = connect(tmp / "demo.db")
    summary = ingest([ROOT / "samples", extra], engine)
    assert summary.stored >= 10 and not summary.failed
    engine.dispose()
    yield from _serve(tmp / "demo.db")


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201 - playwright Browser
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page that records console errors, CSP violations and dialogs."""

    def __init__(self, page, size: str) -> None:  # noqa: ANN001
        self.page = page
        self.size = size
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}-{self.size}.png"), full_page=False)


@pytest.fixture
def open_page(browser):  # noqa: ANN001, ANN201 - factory of watched pages
    """``open_page("laptop"|"phone")`` -> a fresh page in its own context at that width."""
    contexts = []

    def make(size: str = "laptop") -> Watched:
        ctx = browser.new_context(viewport=LAPTOP if size == "laptop" else PHONE)
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.set_default_timeout(10_000)
        return Watched(pg, size)

    yield make
    for ctx in contexts:
        ctx.close()
