"""Bytes -> text when they are not clean UTF-8: pick the code page that reads as language.

Scraped pages lie about their encoding and get damaged on the way, and a statistical guesser
(charset-normalizer, used before) picks exotic code pages for ordinary text (Latin-1 news
decoded as cp1250, UTF-8 with a few broken bytes decoded whole as cp775: “strongly” ->
"ŌĆ£stronglyŌĆØ"). The rules, in order:

1. a byte-order mark decides (UTF-8, UTF-16);
2. valid UTF-8 is UTF-8;
3. *nearly* valid UTF-8 (at least as many well-formed multi-byte characters, or characters
   cut short by a lost byte, as bad sequences) is UTF-8 with the bad sequences replaced by
   U+FFFD: a few damaged bytes never turn every other
   character into mojibake;
4. otherwise each candidate code page (the declared charset first, UTF-8 with replacements
   when some of it is well-formed, Windows-1252 and its neighbours, then the East Asian
   multi-byte encodings) decodes the text and is scored by its *oddities*: characters that
   do not occur in real text of any language (C1 controls, a currency or copyright sign
   glued to a letter, a capital after a small letter as in "cafÃ©", a combining mark on
   nothing, a word mixing two scripts as in "cafй", a lone ideograph in Latin text, a Latin
   word made only of accented letters as Cyrillic read as cp1252 gives "Ïðåçèäåíò"). The
   fewest oddities win; ties go to the earlier candidate, so Western single-byte text is read
   as cp1252.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

# Windows-1252 first (Western, and what "latin-1" pages really use), then its neighbours.
_SINGLE_BYTE = (
    "cp1252", "cp1250", "cp1251", "cp1257", "cp1253", "cp1254", "koi8_r", "cp1255", "cp1256"
)  # fmt: skip
# Tried only when no single-byte code page reads cleanly (they decode some Western byte pairs
# as ideographs): Korean, Japanese, Chinese. The most permissive (gb18030) last.
_MULTI_BYTE = ("cp949", "cp932", "euc_jp", "big5", "gb18030")
# WHATWG: these labels mean windows-1252 on the web.
_ALIASES = {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252", "iso8859_15": "cp1252"}
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([\w.:-]+)""", re.I)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CUT_SHORT = re.compile(
    rb"[\xe0-\xef][\x80-\xbf](?![\x80-\xbf])|[\xf0-\xf4][\x80-\xbf]{1,2}(?![\x80-\xbf])"
)
_WORD = re.compile(r"[^\W\d_]*(?:(?=[^\x00-\x7f])[^\W\d_])[^\W\d_]*")  # has a non-ASCII letter
_SYMBOLS = frozenset({"So", "Sc", "Sk", "Sm", "No"})
_SIGNS = frozenset("©®™°")  # legitimately next to a letter ("Coca-Cola®", "20°C")
_LONE = ("CJK UNIFIED", "HALFWIDTH KATAKANA")  # never a word of one character
_SAMPLE = 1 << 17  # bytes scored per candidate
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "MASCULINE": "LATIN",
                  "FEMININE": "LATIN"}  # fmt: skip


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> (text, warnings). Clean UTF-8 and UTF-16 with a BOM give no warning."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    replaced = data.decode("utf-8", errors="replace")
    bad, good = _utf8_counts(data, replaced)
    if good >= bad:
        s = "" if bad == 1 else "s"
        return replaced, [
            f"not valid UTF-8: {bad} bad sequence{s} replaced by U+FFFD (first at byte {first_bad})"
        ]
    codec = choose_codec(data, first_bad)
    if codec == "utf-8":
        return replaced, [f"not valid UTF-8 (byte {first_bad}); read as UTF-8 with {bad} replaced"]
    return data.decode(codec, errors="replace"), [
        f"not valid UTF-8 (byte {first_bad}); decoded as {codec}"
    ]


def _utf8_counts(data: bytes, replaced: str) -> tuple[int, int]:
    """(bad sequences, UTF-8 evidence) of ``data`` read as UTF-8. Evidence: well-formed
    non-ASCII characters, and bad sequences that are a multi-byte character cut short (a
    lead byte with its first continuation bytes: a byte lost in transfer, which single-byte
    text practically never contains)."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    literal = escaped.count("\ufffd")  # U+FFFD written in the text itself
    bad = replaced.count("\ufffd") - literal
    good = sum(1 for ch in _NON_ASCII.findall(escaped) if not "\udc80" <= ch <= "\udcff")
    return bad, good + len(_CUT_SHORT.findall(data))


def choose_codec(data: bytes, first_bad: int = 0) -> str:
    """The code page under which ``data`` reads best: the declared one, UTF-8 with its bad
    sequences replaced (when it has some well-formed ones), Windows code pages, a guess."""
    start = max(0, first_bad - 4096)
    sample = data[start : start + _SAMPLE]
    _, good = _utf8_counts(sample, sample.decode("utf-8", errors="replace"))
    utf8 = ["utf-8"] if good else []
    candidates = list(dict.fromkeys([*_declared(data), *utf8, *_SINGLE_BYTE]))
    best, best_score = candidates[0], oddities(sample.decode(candidates[0], errors="replace"))
    for name in candidates[1:]:  # ties go to the earlier candidate
        if best_score == 0:
            return best
        score = oddities(sample.decode(name, errors="replace"), stop_at=best_score)
        if score < best_score:
            best, best_score = name, score
    for name in _MULTI_BYTE:
        if best_score == 0:
            break
        score = oddities(sample.decode(name, errors="replace"), stop_at=best_score)
        if score < best_score:
            best, best_score = name, score
    return best


def _declared(data: bytes) -> list[str]:
    """The charset a page or XML declaration names (as a Python codec), if any and known."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return []
    try:
        name = codecs.lookup(match.group(1).decode("ascii", "replace")).name
    except LookupError:
        return []
    name = _ALIASES.get(name.replace("-", "_"), name)
    return [] if name in {"utf-8", "utf_8"} or name.startswith("utf_16") else [name]


def _is_symbol(ch: str) -> bool:
    """An emoji or sign (which variation selectors and combining marks may follow)."""
    return not ch.isascii() and (unicodedata.category(ch) in _SYMBOLS or ch == "\u200d")


def _script(ch: str) -> str | None:
    """LATIN, CYRILLIC, GREEK, CJK, ... from the character's Unicode name (None for modifier
    letters, which go with any script)."""
    if unicodedata.category(ch) == "Lm":
        return None
    first = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_FAMILY.get(first, first)


def oddities(text: str, stop_at: int | None = None) -> int:
    """How many characters or words in ``text`` real text would not contain (see the module
    docstring); 0 for any correctly decoded language. Counting stops at ``stop_at``."""
    score = 0
    limit = stop_at if stop_at is not None else len(text) + 1
    for match in _NON_ASCII.finditer(text):
        if score >= limit:
            return score
        ch, i = match.group(), match.start()
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        cat = unicodedata.category(ch)
        if ch == "\ufffd" or cat in {"Cc", "Cn", "Cs"}:
            score += 1
        elif cat == "Co":  # private use: icon fonts in real pages, never inside a word
            score += prev.isalpha() or nxt.isalpha()
        elif cat in _SYMBOLS and ch in _SIGNS:
            score += prev.isalpha() and not prev.isascii()  # "Ã©"
        elif cat in _SYMBOLS and ch < "\u2600":  # (emoji glued to words are real)
            score += prev.isalpha() or nxt.isalpha()  # "â€œ", "Ÿ¹", "÷", "╚"
        elif cat == "Lu" and prev.isalpha() and prev.islower():
            score += 1  # "cafÃ"
        elif cat == "Mn" and not (prev.isalpha() or _is_symbol(prev)):
            score += 1  # a combining mark on nothing: Cyrillic read as Hebrew
    for match in _WORD.finditer(text):
        if score >= limit:
            return score
        word = match.group()
        letters = [c for c in word if not c.isascii()]
        scripts = {_script(c) for c in word} - {None}
        if len(scripts) > 1:
            score += 1  # "cafй", "Ïðå" mixed with Latin
        elif len(word) == 1 and unicodedata.name(word, "").startswith(_LONE):
            score += 1  # a lone ideograph in running Latin text: "Iran窶s"
        elif scripts == {"LATIN"} and len(word) >= 4 and 2 * len(letters) > len(word):
            score += 1  # "Ïðåçèäåíò"
    return score
