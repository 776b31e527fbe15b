"""What a text's own markup says about its lines: YAML front matter, markdown headings, list
items and links, HTML fragments (as in WordPress exports) turned into lines."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

from tidings.read.normalize import clean_line

#: How a list of tags is written in one line: commas, pipes, bullets, slashes, wide gaps.
TAG_SPLIT = re.compile(r"\s*(?:[,|;•·/]|\s{2,}|\t)\s*")
HTML_FRAGMENT = re.compile(r"<(?:p|br|div|h[1-6]|li|strong|em|a|span|figure|!--)[\s>/]", re.I)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*(?:\n|\Z)", re.S)
_LIST_ITEM = re.compile(r"^(?:[-*+•]|\d{1,2}[.)])\s+")


@dataclass
class FrontMatter:
    fields: dict[str, str | list[str]] = field(default_factory=dict)

    def get(self, *keys: str) -> str | None:
        for key in keys:
            value = self.fields.get(key)
            if isinstance(value, list):
                value = ", ".join(value)
            if value:
                return value
        return None

    def get_list(self, *keys: str) -> list[str]:
        out: list[str] = []
        for key in keys:
            value = self.fields.get(key)
            if isinstance(value, str):
                value = [v for v in TAG_SPLIT.split(value) if v]
            out.extend(v for v in value or [] if v not in out)
        return out


def parse_front_matter(text: str) -> tuple[FrontMatter, str]:
    """YAML front matter (``key: value``, ``[a, b]`` and ``- item`` lists) and the rest."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return FrontMatter(), text
    fm = FrontMatter()
    key = None
    for raw in match.group(1).splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        item = re.match(r"^\s*-\s+(.*)$", raw)
        if item and key:
            current = fm.fields.get(key)
            values = current if isinstance(current, list) else []
            values.append(_unquote(item.group(1)))
            fm.fields[key] = values
            continue
        kv = re.match(r"^([\w.-]+)\s*:\s*(.*)$", raw)
        if not kv:
            continue
        key, value = kv.group(1).lower(), kv.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            fm.fields[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        else:
            fm.fields[key] = _unquote(value)
    return fm, text[match.end() :]


_SCRAPE_FIELD = re.compile(r"^\s*[-*]\s+\*\*(?P<key>[^*]{1,40})\*\*\s*:\s*(?P<value>.*)$")
_SECTION = re.compile(r"^##\s+(?P<name>[^#].*?)\s*$")
_OUTLINE = re.compile(r"^\s*[-*]\s+(?P<level>#{1,6})\s+(?P<text>.+?)\s*$")
_TRAILING_SECTIONS = {"links", "images", "media", "outlinks"}


@dataclass
class ScrapeDump:
    """A scraper's Markdown record of one page: its metadata, outline and text."""

    fields: dict[str, str]  # "url", "domain", "scraped_at", "timestamp", ...
    outline: list[tuple[int, str]]  # the page's headings: (level, text)
    content: str
    offset: int  # lines before the content


def parse_scrape_dump(text: str) -> ScrapeDump | None:
    """``# host`` / ``## Metadata`` (``- **Key**: value``) / ``## Page Structure`` (the page's
    headings as a nested list) / ``## Content`` (the page's text, line by line, with all its
    chrome) / ``## Links``: the layout some crawlers write. None for any other text."""
    lines = text.split("\n")
    sections: dict[str, int] = {}
    for i, line in enumerate(lines):
        m = _SECTION.match(line)
        if m and m.group("name").lower() not in sections:
            sections[m.group("name").lower()] = i
    if "content" not in sections or sections.get("metadata", 1 << 30) > sections["content"]:
        return None
    start = sections["content"] + 1
    ends = [i for name, i in sections.items() if name in _TRAILING_SECTIONS and i > start]
    end = min(ends, default=len(lines))
    fields: dict[str, str] = {}
    outline: list[tuple[int, str]] = []
    for line in lines[sections["metadata"] + 1 : sections["content"]]:
        if field_m := _SCRAPE_FIELD.match(line):
            key = re.sub(r"\W+", "_", field_m.group("key").strip().lower())
            fields.setdefault(key, clean_line(field_m.group("value")))
        elif outline_m := _OUTLINE.match(line):
            outline.append((len(outline_m.group("level")), clean_line(outline_m.group("text"))))
    return ScrapeDump(fields, outline, "\n".join(lines[start:end]), start)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return clean_line(value)


def html_fragments_to_text(text: str) -> str:
    """HTML fragments in a text export -> lines; headings become markdown headings."""
    text = re.sub(r"<!--.*?-->", "\n", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", "\n", text, flags=re.S | re.I)
    text = re.sub(
        r"<h([1-6])\b[^>]*>(.*?)</h\1>",
        lambda m: "\n\n" + "#" * int(m.group(1)) + " " + re.sub(r"\s+", " ", m.group(2)) + "\n\n",
        text,
        flags=re.S | re.I,
    )
    text = re.sub(r"<li\b[^>]*>", "\n- ", text, flags=re.I)
    text = re.sub(
        r"<br\s*/?>|</?(p|div|ul|ol|li|figure|figcaption|blockquote)\b[^>]*>",
        "\n\n",
        text,
        flags=re.I,
    )
    text = re.sub(r"<[^>]+>", "", text)
    return html_lib.unescape(text)


def markdown_line(raw: str) -> tuple[str, int, bool]:
    """Strip markdown markup from one line: (text, heading level, is list item)."""
    heading = 0
    m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", raw)
    if m:
        heading, raw = len(m.group(1)), m.group(2)
    raw = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", raw)  # images
    raw = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", raw)  # links keep their text
    raw = re.sub(r"^>\s?", "", raw)
    raw = re.sub(r"(\*\*|__)(.+?)\1", r"\2", raw)
    raw = re.sub(r"(?<![\w*])[*_](\S.*?\S|\S)[*_](?![\w*])", r"\1", raw)
    item = bool(_LIST_ITEM.match(raw)) and not heading
    if item and re.match(r"^[-*+•]\s", raw):
        raw = raw[2:]
    return raw, heading, item
