"""Build ``src/tidings/data/understand/first_names.tsv`` (given name -> m|f) from Faker.

Faker (https://pypi.org/project/Faker/, MIT licence) ships lists of male and female given names
per locale (its en_US lists come from US Census data). This developer script reads them from an
unpacked Faker wheel or an installed Faker, keeps Latin-script names, and drops every name that
is male in one list and female in another ("Andrea"): pronoun agreement uses the file only as
weak evidence, after what the article itself says. Nothing is downloaded at run time.

    python tools/build_first_names.py /path/to/unpacked/faker [--out FILE]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALES = [
    "en_US", "en_GB", "en_IE", "en_IN", "en_KE", "en_NG", "en_NZ", "de_DE", "fr_FR", "es_ES",
    "es_MX", "it_IT", "pt_BR", "pt_PT", "nl_NL", "pl_PL", "sv_SE", "no_NO", "da_DK", "fi_FI",
    "cs_CZ", "ro_RO", "hu_HU", "tr_TR", "id_ID", "hr_HR", "sk_SK", "sl_SI", "et_EE", "lv_LV",
    "lt_LT", "sw", "tw_GH", "yo_NG", "ig_NG", "ha_NG", "zu_ZA",
]  # fmt: skip


def _names(value: object) -> list[str]:
    return list(value.keys()) if isinstance(value, dict) else list(value or [])


def _latin(name: str) -> bool:
    return (
        all(ch in " -'" or "LATIN" in unicodedata.name(ch, "") for ch in name)
        and name[:1].isupper()
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("faker", type=Path, help="folder that holds the faker package")
    ap.add_argument(
        "--out", type=Path, default=ROOT / "src/tidings/data/understand/first_names.tsv"
    )
    args = ap.parse_args()
    sys.path.insert(0, str(args.faker))
    genders: dict[str, set[str]] = {}
    for loc in LOCALES:
        try:
            mod = importlib.import_module(f"faker.providers.person.{loc}")
        except ImportError:
            continue
        prov = mod.Provider
        for attr, g in (("first_names_male", "m"), ("first_names_female", "f")):
            for n in _names(getattr(prov, attr, ())):
                if _latin(n):
                    genders.setdefault(n.lower(), set()).add(g)
    rows = sorted((n, gs.pop()) for n, gs in genders.items() if len(gs) == 1)
    head = (
        "# Given names that say a person's gender, for pronoun agreement when the article says\n"
        "# nothing about it. Built by tools/build_first_names.py from Faker's name lists\n"
        "# (https://pypi.org/project/Faker/, MIT licence, Copyright (c) 2012 Daniele Faraglia;\n"
        "# en_US lists from US Census data); names found for both genders are left out.\n"
        "# name\tgender\n"
    )
    args.out.write_text(head + "".join(f"{n}\t{g}\n" for n, g in rows), "utf-8")
    print(f"{args.out}: {len(rows)} names")


if __name__ == "__main__":
    main()
