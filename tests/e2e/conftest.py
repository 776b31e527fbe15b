"""Browser fixtures: the web app served by uvicorn in a thread, driven by Debian's Chromium.

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

HOSTILE = (
    '<script>window.__pwned=1</script> Hostile <img src=x onerror="window.__pwned=2"> title\n'
    "2021-04-19\n\n"
    'President Joe Biden met <b onmouseover="window.__pwned=4">Vladimir Putin</b> in Geneva '
    'on Wednesday. <script>window.__pwned=3</script><svg onload="window.__pwned=6"></svg> '
    "Biden said Russia and the United States would talk again. "
    '<a href="javascript:window.__pwned=5">click</a> <iframe src="javascript:parent.__pwned=7">'
    "</iframe>\n"
)


class Served:
    """A running server: its base URL."""

    def __init__(self, base: str) -> None:
        self.base = base

    def url(self, path: str) -> str:
        return self.base + path


def _serve(db: Path) -> Iterator[Served]:
    import uvicorn

    from tidings.web import create_app

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
        yield Served(f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def real_server(
    tmp_path_factory: pytest.TempPathFactory, reference_article: Path
) -> Iterator[Served]:
    """Sample articles + the reference article + a hostile one, through the real pipeline."""
    from tidings.store.db import connect
    from tidings.web.devdata import ingest

    d = tmp_path_factory.mktemp("e2e-real")
    (d / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = d / "real.db"
    ingest(connect(db), [SAMPLES, reference_article, d / "hostile.txt"])
    yield from _serve(db)


@pytest.fixture(scope="session")
def synth_server(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Iterator[Served]:
    """Real articles with synthetic events (tidings.web.devdata) to drive event pages' scripts."""
    from tidings.store.db import connect
    from tidings.web.devdata import ingest, load_codes

    db = tmp_path_factory.mktemp("e2e-synth") / "synth.db"
    codes = load_codes(shared / "ontology" / "cameo_event_codes_full.csv")
    corpus = sorted((shared / "corpus" / "articles").glob("*.txt"))[:8]
    ingest(connect(db), [SAMPLES, *corpus], codes=codes)
    yield from _serve(db)


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
