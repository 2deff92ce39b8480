"""A SearchResult as the search page shows it: facets with toggle links, removable chips, the
timeline's bars and axis labels, numbered pages, and tips when nothing matches."""

from __future__ import annotations

import re

from archive.facets import FACET_FIELDS, MISSING
from web.i18n import format_bucket, format_month, t
from web.params import query_string, toggle

FACET_ORDER = ("outlet", "year", "province", "place", "person", "organisation")
PAGE_SIZES = (10, 20, 50, 100)
PAGE_WINDOW = 2  # numbered pages either side of the current one


def facet_view(result, state) -> list[dict]:
    """Facets as plain data for the template: label, values with counts and toggle links.
    With one year chosen, its months appear under it."""
    out = []
    years = state.getlist("year")
    order = list(FACET_ORDER)
    if len(years) == 1:
        order.insert(order.index("year") + 1, "month")
    for name in order:
        values = result.facets[name].values
        if name == "month":
            values = sorted((c for c in values if c.value.startswith(years[0])), key=lambda c: c.value)
        out.append(
            {
                "name": name,
                "label": t(f"facet_{name}"),
                "values": [
                    {
                        "value": shown_value(name, c.value),
                        "missing": c.value == MISSING,
                        "count": c.count,
                        "selected": c.selected,
                        "url": "?" + toggle(state, name, c.value),
                    }
                    for c in values
                ],
            }
        )
    return out


def shown_value(name: str, value: str) -> str:
    if value == MISSING:
        return t(f"missing_{name}")
    return format_month(value) if name == "month" else value


def active_filters(state) -> list[dict]:
    """Every active filter as a removable chip."""
    chips = []
    for name in FACET_FIELDS:
        label = t("facet_" + name)
        for value in state.getlist(name):
            chips.append(
                {"label": f"{label}: {shown_value(name, value)}", "url": "?" + toggle(state, name, value)}
            )
        for value in state.getlist(f"not_{name}"):
            url = "?" + toggle(state, f"not_{name}", value)
            chips.append({"label": f"{label} ≠ {shown_value(name, value)}", "url": url})
    for key in ("from", "to"):
        if state.get(key):
            url = "?" + query_string(state, **{key: None})
            chips.append({"label": f"{t('date_' + key)}: {state.get(key)}", "url": url})
    return chips


def timeline_view(result, state, width: int = 720, height: int = 80) -> dict | None:
    """A bar per bucket (empty ones as a thin mark), each a link narrowing the search to it, with
    labels for the axes: the first, middle and last bucket, and the tallest bar's count."""
    line = result.timeline
    if not line.buckets:
        return None
    peak = max(b.count for b in line.buckets) or 1
    slot = width / len(line.buckets)
    bars = []
    for i, bucket in enumerate(line.buckets):
        bar_height = (height - 4) * bucket.count / peak
        bars.append(
            {
                "label": format_bucket(bucket.first, line.unit),
                "count": bucket.count,
                "x": round(i * slot + 0.5, 2),
                "width": round(max(0.5, slot - 1), 2),
                "y": round(height - bar_height, 2),
                "height": round(bar_height, 2),
                "url": "?" + _narrowed(state, line.unit, bucket),
            }
        )
    ticks = sorted({0, len(bars) // 2, len(bars) - 1})
    return {
        "unit": line.unit,
        "bars": bars,
        "width": width,
        "height": height,
        "peak": peak,
        "ticks": [bars[i]["label"] for i in ticks],
    }


def _narrowed(state, unit: str, bucket) -> str:
    if unit == "year":
        return query_string(state, year=bucket.key, month=None)
    if unit == "month":
        return query_string(state, month=bucket.key)
    return query_string(state, **{"from": bucket.first.isoformat(), "to": bucket.last.isoformat()})


def pagination(result, state) -> dict:
    """First, previous, a window of numbered pages, next, last; and the page sizes on offer."""
    page, pages = result.request.page, result.pages

    def link(number: int) -> str:
        return "?" + query_string(state, page=str(number))

    window = range(max(1, page - PAGE_WINDOW), min(pages, page + PAGE_WINDOW) + 1)
    return {
        "page": page,
        "pages": pages,
        "past_the_end": result.total > 0 and page > pages,
        "first": link(1) if page > 1 else None,
        "previous": link(min(page, pages + 1) - 1) if page > 1 else None,
        "numbers": [{"number": n, "url": link(n), "current": n == page} for n in window],
        "next": link(page + 1) if page < pages else None,
        "last": link(pages) if page != pages else None,
        "sizes": [
            {
                "size": size,
                "url": "?" + query_string(state, size=str(size)),
                "current": size == result.request.page_size,
            }
            for size in PAGE_SIZES
        ],
    }


def tips(result, state) -> list[dict]:
    """What to try when nothing matches, each with a link that does it."""
    query = result.request.query
    out = [{"text": t("tip_spelling")}] if query else []
    if '"' in query:
        plain = query.replace('"', "")
        out.append({"text": t("tip_no_quotes"), "label": plain, "url": "?" + query_string(state, q=plain)})
    words = [w for w in re.split(r"\s+", query) if w]
    if len(words) > 2:
        fewer = " ".join(words[:2])
        out.append({"text": t("tip_fewer_words"), "label": fewer, "url": "?" + query_string(state, q=fewer)})
    chips = active_filters(state)
    if chips:
        out.append({"text": t("tip_remove_filter"), "links": chips})
        out.append(
            {"label": t("tip_remove_all_filters"), "url": "?" + query_string({"q": query} if query else {})}
        )
    if not out or query:
        out.append({"label": t("tip_whole_archive"), "url": "?"})
    return out


def shown_sort(result) -> str:
    """The order the list is really in: without a query there is no relevance, only dates."""
    sort = result.request.sort
    return "newest" if sort == "relevance" and not result.request.query else sort
