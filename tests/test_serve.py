"""``tidings ingest`` then ``tidings serve``, as a user runs them: real processes, real HTTP.

The samples are ingested by the CLI into a temporary SQLite file; the server is started on a
free port of 127.0.0.1 and every page of the web UI, the JSON API, ``/openapi.json`` and
``/docs`` (with its vendored assets) are fetched from it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import lxml.html

ROOT = Path(__file__).resolve().parents[1]


def _tidings(*args: str, **kw) -> subprocess.Popen:  # noqa: ANN003
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "tidings", *args], env=env, cwd=ROOT, **kw)


def test_ingest_then_serve_every_page(tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    ingest = _tidings("ingest", "samples", "--db", str(db), "--no-progress", "--summary-json",
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    out, err = ingest.communicate(timeout=300)
    assert ingest.returncode == 0, err
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = _tidings("serve", "--db", str(db), "--port", str(port),
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "tidings serve did not start"
                time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=30) as http:
            found = http.get("/api/search", params={"q": "said", "limit": 100}).json()["items"]
            actors = http.get("/api/actors", params={"limit": 1}).json()["items"]
            assert len(found) >= 10 and actors  # the samples, stored and searchable
            pages = [
                "/",
                "/search",
                "/search?q=said",
                f"/articles/{found[0]['id']}",
                f"/actors/{actors[0]['id']}",
                "/dyads/USA/RUS",
                "/network",
                "/docs",
            ]
            for url in pages:
                r = http.get(url)
                assert r.status_code == 200, (url, r.text[:200])
                assert r.headers["content-type"].startswith("text/html"), url
                assert "script-src 'self'" in r.headers["content-security-policy"], url
                doc = lxml.html.fromstring(r.text)
                inline = "//script[not(@src) and not(@type='application/json')]"
                assert not doc.xpath(inline), url  # data blocks only, no inline script
                for ref in doc.xpath("//script/@src | //link/@href"):
                    assert ref.startswith(("/static/", "/", "data:")), (url, ref)
                    if ref.startswith("/static/"):
                        assert http.get(ref).status_code == 200, ref
            titles = lxml.html.fromstring(http.get("/search?q=said").text).xpath(
                '//ol[@class="results"]//a[@class="title"]/@href'
            )
            assert titles[: len(found)] == [f"/articles/{r['id']}" for r in found][:50]
            spec = http.get("/openapi.json").json()
            assert {"/api/search", "/api/events", "/api/articles"} <= set(spec["paths"])
    finally:
        server.terminate()
        server.wait(timeout=20)
