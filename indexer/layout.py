"""The shape of a scraped article: title, header lines, body paragraphs, captions, removed noise.

Plain-text scrapes come in several layouts (title only; title + outlet + date line; site furniture
around a repeated title; crawler markdown with a metadata table). All of them end up as a `Draft`,
and so do HTML pages after their main text is found (see `indexer.html`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer import boilerplate
from indexer.dates import date_line
from indexer.outlets import known_outlet, looks_like_outlet


@dataclass
class Draft:
    title: str | None = None
    header: list[str] = field(default_factory=list)  # lines between title and body (dates, outlet)
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)  # removed furniture, kept for outlet cues
    meta: dict[str, str] = field(default_factory=dict)  # structured metadata (HTML, markdown table)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:https?:)?//[^)]*\)")
_MD_PLACEHOLDER = re.compile(r"\\?\[(?:img|image|gambar)[.\s]?\d*\\?\]", re.I)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!@|>~])")
_MD_TABLE_ROW = re.compile(r"^\|\s*(?P<key>[^|]+?)\s*\|\s*(?P<value>.*?)\s*\|?$")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}")
_YAML_LINE = re.compile(r"^(?P<key>[a-z_]+)\s*:\s*(?P<value>.*)$", re.I)
_META_KEY = re.compile(r"[^a-z ]")
_META_SYNONYMS = {"short url": "url", "urlshort": "url", "link": "url", "canonical": "url"}
_IMAGE_HOST = re.compile(r"!\[[^\]]*\]\(https?://([a-z0-9.-]+\.[a-z]{2,})/", re.I)
_LIST_LINK_ONLY = re.compile(r"^\s*(?:[-*+]|\d+\.)\s*\[[^\]]*\]\([^)]*\)\s*$")


def _markdown_to_lines(text: str, meta: dict[str, str]) -> list[str]:
    """Crawler markdown -> plain lines; a front-matter or field table goes into `meta`."""
    lines = text.split("\n")
    out: list[str] = []
    if lines and lines[0].strip() == "---":  # YAML front matter
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end:
            for line in lines[1:end]:
                m = _YAML_LINE.match(line.strip())
                if m:
                    key = m["key"].lower()
                    meta.setdefault(_META_SYNONYMS.get(key, key), m["value"].strip().strip("\"'"))
            lines = lines[end + 1 :]
    hosts: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|") and _MD_RULE.match(stripped):
            continue
        row = _MD_TABLE_ROW.match(stripped)
        if stripped.startswith("|") and row:
            key = _META_KEY.sub("", row["key"].lower()).strip()  # "🔗 Short URL" -> "short url"
            if key not in {"field", "key", ""}:
                meta.setdefault(_META_SYNONYMS.get(key, key), row["value"].strip())
            continue
        if _LIST_LINK_ONLY.match(stripped):
            continue
        hosts += _IMAGE_HOST.findall(stripped)
        stripped = _MD_IMAGE.sub("", stripped)
        stripped = _MD_PLACEHOLDER.sub("", stripped)
        stripped = _MD_LINK.sub(r"\1", stripped)
        stripped = _MD_ESCAPE.sub(r"\1", stripped)
        stripped = re.sub(r"(\*\*|__)", "", stripped)
        stripped = re.sub(r"(?<!\w)\*(?=\S)([^*]+)(?<=\S)\*(?!\w)", r"\1", stripped)
        if stripped.startswith("#"):
            stripped = "\x01" + stripped.lstrip("#").strip()  # heading marker for the title pick
        out.append(stripped)
    if hosts:  # the outlet's image server says whose page this was (an inference, not a statement)
        meta.setdefault("image_hosts", " ".join(dict.fromkeys(hosts)))
    return out


def _looks_markdown(text: str) -> bool:
    head = text[:3000]
    return bool(
        re.search(r"^#{1,3} \S", head, re.M)
        or "](http" in head
        or re.search(r"^\|.+\|\s*$", head, re.M)
        or head.startswith("---\n")
    )


def is_body_line(line: str) -> bool:
    """A paragraph of running text: several words, not a label, a date or furniture."""
    return len(line.split()) >= 8 and not boilerplate.is_noise(line) and not date_line(line)


def _is_outlet_line(line: str) -> bool:
    return len(line.split()) <= 4 and looks_like_outlet(line) and not date_line(line)


def parse_lines(lines: list[str], meta: dict[str, str] | None = None) -> Draft:
    """Split article lines into title, header, body paragraphs, captions and noise."""
    draft = Draft(meta=dict(meta or {}))
    lines = [squash(line) for line in lines]
    heading = next((line[1:] for line in lines[:15] if line.startswith("\x01")), None)
    lines = [line.lstrip("\x01") for line in lines]
    title = draft.meta.get("title") or heading
    index = 0
    if not title:
        for index, line in enumerate(lines):  # noqa: B007 - index used after the loop
            if not line or boilerplate.is_noise(line) or boilerplate.is_caption(line):
                if line:
                    draft.noise.append(line)
                continue
            if boilerplate.SECTION_LABEL_RE.match(line) or date_line(line) or _is_outlet_line(line):
                draft.header.append(line)
                continue
            title = line
            break
        else:
            index = len(lines)
        index += 1
    draft.title = title
    title_key = squash(title or "").casefold()
    in_header = True
    for line in lines[index:]:
        if not line:
            continue
        if line.casefold() == title_key:
            continue  # the headline repeated by the page template
        if boilerplate.is_noise(line):
            draft.noise.append(line)
            continue
        if boilerplate.is_caption(line):
            draft.captions.append(line)
            continue
        if in_header and not is_body_line(line):
            if date_line(line) or _is_outlet_line(line) or boilerplate.SECTION_LABEL_RE.match(line):
                draft.header.append(line)
                continue
            if len(line.split()) <= 3 and known_outlet(line):
                draft.header.append(line)
                continue
        in_header = False
        if len(line.split()) <= 8 and date_line(line):
            draft.noise.append(line)  # a lone timestamp in the body: a list of other stories' times
            continue
        cleaned = boilerplate.strip_inline_links(line)
        if cleaned:
            draft.paragraphs.append(cleaned)
    _drop_trailing_furniture(draft)
    return draft


def _drop_trailing_furniture(draft: Draft) -> None:
    """Lines after the story ends: 'Simak Video ...', lone dates, share counts."""
    while draft.paragraphs and (
        boilerplate.is_noise(draft.paragraphs[-1]) or date_line(draft.paragraphs[-1])
    ):
        draft.noise.append(draft.paragraphs.pop())


def parse_text(text: str) -> Draft:
    """A plain-text (or crawler markdown) scrape -> Draft."""
    meta: dict[str, str] = {}
    if _looks_markdown(text):
        lines = _markdown_to_lines(text, meta)
    else:
        lines = text.split("\n")
    return parse_lines(lines, meta)
