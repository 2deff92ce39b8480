"""Saved HTML pages -> Draft: structured metadata first (JSON-LD, OpenGraph, article:* and <time>),
main text by trafilatura (F1 0.95 on real news pages against 0.81 for a generic heuristic; DESIGN.md),
with a BeautifulSoup fallback for pages it returns nothing for.
"""

from __future__ import annotations

import json
import logging
import re

from bs4 import BeautifulSoup, SoupStrainer

from indexer import boilerplate
from indexer.dates import date_line
from indexer.layout import Draft, parse_lines, squash

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "webpage",
}
_DATE_META = [
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dtk:publishdate",
    "content_publisheddate",
    "date",
    "dc.date",
    "dc.date.issued",
    "og:published_time",
]
_NOISE_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "iframe",
    "svg",
    "button",
]
_NOISE_CLASS = re.compile(
    r"\b(ads?|advert\w*|iklan|banner|share|social|related|terkait|popular|populer|sidebar|comment\w*|newsletter|breadcrumb|menu|footer|header|nav\w*|widget|promo|tag\w*)\b",
    re.I,
)


_METADATA_TAGS = SoupStrainer(["meta", "script", "title", "h1", "time", "link"])


def parse_html(markup: str) -> Draft:
    # Metadata from a tree of just the tags that carry it (several times faster than the whole page);
    # the full tree is built only when a page has no date metadata or trafilatura finds no text.
    meta = _metadata(BeautifulSoup(markup, "lxml", parse_only=_METADATA_TAGS))
    full = None
    visible = None
    if "date" not in meta:
        full = BeautifulSoup(markup, "lxml")
        visible = _visible_date_line(full)
    if "outlet" not in meta:  # a page without publisher metadata: its masthead and footer say it
        full = full or BeautifulSoup(markup, "lxml")
        meta.update(_site_furniture(full))
    lines = _main_text_lines(markup)
    if lines is None:
        lines = _fallback_lines(full or BeautifulSoup(markup, "lxml"))
    draft = parse_lines(lines, meta={k: v for k, v in meta.items() if k == "title"})
    draft.meta.update(meta)
    if not draft.title:
        draft.title = meta.get("title")
    if visible:
        draft.header.insert(0, visible)
    return draft


def _metadata(soup: BeautifulSoup) -> dict[str, str]:
    meta: dict[str, str] = {}
    tags = _meta_tags(soup)
    for obj in _json_ld_objects(soup):
        if str(obj.get("@type", "")).lower() not in _ARTICLE_TYPES and not obj.get("headline"):
            continue
        _set(meta, "title", obj.get("headline") or obj.get("name"))
        _set(meta, "date", obj.get("datePublished") or obj.get("dateCreated"))
        _set(meta, "url", obj.get("url") or obj.get("mainEntityOfPage"))
        publisher = obj.get("publisher")
        if isinstance(publisher, dict):
            _set(meta, "outlet", publisher.get("name"))
        _set(meta, "author", _names(obj.get("author")))
    _set(meta, "title", tags.get("og:title") or tags.get("twitter:title"))
    _set(meta, "outlet", tags.get("og:site_name") or tags.get("application-name"))
    _set(meta, "url", tags.get("og:url") or _link(soup, "canonical"))
    for name in _DATE_META:
        _set(meta, "date", tags.get(name))
    time_tag = soup.find("time", attrs={"datetime": True})
    if time_tag:
        _set(meta, "date", time_tag.get("datetime"))
    _set(meta, "author", tags.get("author"))
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True):
        _set(meta, "h1", squash(h1.get_text(" ")))
    if soup.title and soup.title.string:
        _set(meta, "page_title", squash(soup.title.string))
    if "title" not in meta:
        _set(
            meta,
            "title",
            meta.get("h1") or _strip_site_suffix(meta.get("page_title"), meta.get("outlet")),
        )
    elif meta.get("title") and meta.get("outlet"):
        meta["title"] = _strip_site_suffix(meta["title"], meta["outlet"]) or meta["title"]
    return meta


def _set(meta: dict[str, str], key: str, value) -> None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
    if value and key not in meta and isinstance(value, str) and value.strip():
        meta[key] = squash(value)


def _names(author) -> str | None:
    if isinstance(author, list):
        names = [_names(a) for a in author]
        return ", ".join(n for n in names if n) or None
    if isinstance(author, dict):
        return author.get("name")
    return author if isinstance(author, str) else None


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """<meta property|name|itemprop=X content=Y> as {x (lower case): Y}, first one winning."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = tag.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if key:
                found.setdefault(key.strip().lower(), content)
    return found


def _link(soup: BeautifulSoup, rel: str) -> str | None:
    tag = soup.find("link", rel=rel)
    return tag.get("href") if tag else None


def _json_ld_objects(soup: BeautifulSoup):
    for script in soup.find_all("script", type=re.compile("ld\\+json", re.I)):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, dict):
                yield obj
                if isinstance(obj.get("@graph"), list):
                    stack.extend(obj["@graph"])
            elif isinstance(obj, list):
                stack.extend(obj)


def _strip_site_suffix(title: str | None, outlet: str | None) -> str | None:
    """'Judul Berita - detikNews' -> 'Judul Berita'; 'Kapanlagi.com: Musik - Judul' -> 'Judul'."""
    if not title:
        return None
    prefix = re.match(r"^(?P<site>[\w.]+\.(?:com|co\.id|id|net))\s*:\s*[\w ]{1,20}\s+[-|–—]\s+", title, re.I)
    if prefix:
        return title[prefix.end() :]
    parts = re.split(r"\s+[-|–—:]\s+", title)
    if len(parts) > 1:
        last = parts[-1].lower()
        if (outlet and outlet.lower() in last) or len(parts[-1].split()) <= 3:
            return " - ".join(parts[:-1]).strip() or title
    return title


def _main_text_lines(markup: str) -> list[str] | None:
    """trafilatura's main text, or None when it finds too little."""
    import trafilatura

    text = trafilatura.extract(
        markup,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,  # its memory of seen paragraphs spans the process: text would hang on order
        favor_precision=True,
    )
    if text and len(text) > 200:
        return text.split("\n")
    return None


def _fallback_lines(soup: BeautifulSoup) -> list[str]:
    """Paragraphs of <article>/<main>/<body> once scripts, menus, ads and sidebars are gone."""
    for tag in soup.find_all(_NOISE_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"class": _NOISE_CLASS}):
        if tag.name not in ("body", "html", "main", "article"):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    paragraphs = [squash(p.get_text(" ")) for p in root.find_all(["p", "h2", "h3", "li"])]
    paragraphs = [p for p in paragraphs if p and not boilerplate.is_noise(p)]
    if sum(len(p) for p in paragraphs) < 200:
        paragraphs = [squash(line) for line in root.get_text("\n").split("\n") if squash(line)]
    return paragraphs


_LOGO = re.compile(r"logo|brand|site-?name|masthead|navbar-header", re.I)
_COPYRIGHT_LINE = re.compile(r"©|&copy;|copyright|hak cipta", re.I)


def _site_furniture(soup: BeautifulSoup) -> dict[str, str]:
    """The site's name from its logo or masthead, and its copyright line, as a reader sees them."""
    found: dict[str, str] = {}
    for tag in soup.find_all(attrs={"class": _LOGO}) + soup.find_all(attrs={"id": _LOGO}):
        image = tag if tag.name == "img" else tag.find("img")
        text = squash(tag.get_text(" ")) or (image and squash(image.get("alt") or image.get("title") or ""))
        if text and len(text) <= 40:
            found["site_header"] = text
            break
    lines = []
    for node in soup.find_all(string=_COPYRIGHT_LINE):
        if node.parent and node.parent.name in ("script", "style"):
            continue
        text = squash(node.parent.get_text(" ") if len(node.strip()) < 12 and node.parent else str(node))
        if text and len(text) <= 200:
            lines.append(text)
    if lines:
        found["footer"] = "\n".join(dict.fromkeys(lines[-5:]))
    return found


def _visible_date_line(soup: BeautifulSoup) -> str | None:
    """The date printed near the headline when the page has no date metadata."""
    for tag in soup.find_all(attrs={"class": re.compile(r"date|time|tanggal|waktu|publish", re.I)}):
        text = squash(tag.get_text(" "))
        if text and date_line(text):
            return text
    body = soup.body or soup
    for line in body.get_text("\n").split("\n")[:200]:
        line = squash(line)
        if line and date_line(line):
            return line
    return None
