"""Pack the peers' public evaluation sets into the archives benchmarks/reader_fields.py reads.

Two sets, both Apache-2.0 (the licence file goes into each archive):

* ``htmldate-mediacloud-2020.tar.xz`` from a git directory of adbar/htmldate:
  ``tests/eval_mediacloud_2020.json`` and the 200 pages of ``tests/test_set/``.
* ``trafilatura-evaldata.tar.xz`` from a git directory of adbar/trafilatura:
  ``tests/evaldata.json`` and the pages of ``tests/eval/`` (or ``tests/cache/``) that carry a
  title or date annotation (851 of 990 entries).

Each archive also holds ``UPSTREAM`` (repository, commit, commit date). Members are sorted and
their owners and times zeroed, so the same commit packs to the same bytes. Run:
``python tools/pack_peers.py --htmldate GITDIR --trafilatura GITDIR --out DIR``.
"""

from __future__ import annotations

import argparse
import io
import json
import lzma
import subprocess
import sys
import tarfile
from pathlib import Path


def git(gitdir: Path, *args: str) -> bytes:
    """One git command against a bare git directory; a clear one-line error when it fails."""
    res = subprocess.run(["git", f"--git-dir={gitdir}", *args], capture_output=True)
    if res.returncode:
        sys.exit(f"{gitdir}: git {' '.join(args)} failed: {res.stderr.decode().strip()}")
    return res.stdout


def blob_paths(gitdir: Path, folder: str) -> set[str]:
    out = git(gitdir, "ls-tree", "-r", "-z", "--name-only", "HEAD", folder)
    return {p for p in out.decode("utf-8").split("\0") if p}


def upstream(gitdir: Path, repo: str) -> bytes:
    commit = git(gitdir, "rev-parse", "HEAD").decode().strip()
    when = git(gitdir, "log", "-1", "--format=%cI", "HEAD").decode().strip()
    return (
        f"repository: {repo}\ncommit: {commit}\ncommitted: {when}\nlicence: Apache-2.0\n".encode()
    )


def write_archive(target: Path, members: dict[str, bytes]) -> None:
    """A reproducible .tar.xz: sorted members, zeroed owners and times, xz preset 9e."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(members):
            data = members[name]
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    target.write_bytes(lzma.compress(buf.getvalue(), preset=9 | lzma.PRESET_EXTREME))
    print(f"{target}: {len(members)} files, {target.stat().st_size / 1e6:.1f} MB")


def pack_htmldate(gitdir: Path, out: Path) -> None:
    index = git(gitdir, "show", "HEAD:tests/eval_mediacloud_2020.json")
    members = {
        "eval_mediacloud_2020.json": index,
        "LICENSE": git(gitdir, "show", "HEAD:LICENSE"),
        "UPSTREAM": upstream(gitdir, "adbar/htmldate"),
    }
    for path in sorted(blob_paths(gitdir, "tests/test_set")):
        members["test_set/" + path.rsplit("/", 1)[1]] = git(gitdir, "show", f"HEAD:{path}")
    write_archive(out / "htmldate-mediacloud-2020.tar.xz", members)


def pack_trafilatura(gitdir: Path, out: Path) -> None:
    index = git(gitdir, "show", "HEAD:tests/evaldata.json")
    entries = json.loads(index)
    have = blob_paths(gitdir, "tests/eval") | blob_paths(gitdir, "tests/cache")
    members = {
        "evaldata.json": index,
        "LICENSE": git(gitdir, "show", "HEAD:LICENSE"),
        "UPSTREAM": upstream(gitdir, "adbar/trafilatura"),
    }
    for item in entries.values():
        if "title" not in item and "date" not in item:
            continue
        for folder in ("tests/eval/", "tests/cache/"):
            if folder + item["file"] in have:
                members["eval/" + item["file"]] = git(
                    gitdir, "show", f"HEAD:{folder}{item['file']}"
                )
                break
        else:
            print(f"  not found upstream: {item['file']}")
    write_archive(out / "trafilatura-evaldata.tar.xz", members)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--htmldate", type=Path, help="git directory of adbar/htmldate")
    ap.add_argument("--trafilatura", type=Path, help="git directory of adbar/trafilatura")
    ap.add_argument("--out", type=Path, required=True, help="folder for the archives")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.htmldate:
        pack_htmldate(args.htmldate, args.out)
    if args.trafilatura:
        pack_trafilatura(args.trafilatura, args.out)


if __name__ == "__main__":
    main()
