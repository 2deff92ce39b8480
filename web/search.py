"""The search page: query box, hits, facets with toggle links, timeline, pagination."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from archive.facets import FACET_FIELDS, MISSING
from web import get_search
from web.i18n import format_month, t
from web.params import query_string, request_from_args, state_of, toggle

bp = Blueprint("search", __name__)

FACET_ORDER = ("outlet", "year", "province", "place", "person", "organisation")


def facet_view(result, state) -> list[dict]:
    """Facets as plain data for the template: label, values with counts and toggle links.
    With one year chosen, its months appear under it."""
    out = []
    years = state.getlist("year")
    order = list(FACET_ORDER)
    if len(years) == 1:
        order.insert(order.index("year") + 1, "month")
    for name in order:
        facet = result.facets[name]
        values = facet.values
        if name == "month":
            values = sorted((c for c in values if c.value.startswith(years[0])), key=lambda c: c.value)
        out.append(
            {
                "name": name,
                "label": t(f"facet_{name}"),
                "total_values": facet.total_values,
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
        for value in state.getlist(name):
            shown = shown_value(name, value)
            chips.append({"label": f"{t('facet_' + name)}: {shown}", "url": "?" + toggle(state, name, value)})
        for value in state.getlist(f"not_{name}"):
            chips.append(
                {
                    "label": f"{t('facet_' + name)} ≠ {shown_value(name, value)}",
                    "url": "?" + toggle(state, f"not_{name}", value),
                }
            )
    for key in ("from", "to"):
        if state.get(key):
            chips.append(
                {
                    "label": f"{t('date_' + key)}: {state.get(key)}",
                    "url": "?" + query_string(state, **{key: None}),
                }
            )
    return chips


def timeline_view(result, state, width: int = 720, height: int = 80) -> dict | None:
    """Bars of matches per month (or per year over long spans), each a link narrowing the search."""
    buckets = result.timeline
    if not buckets:
        return None
    peak = max(count for _, count in buckets) or 1
    slot = width / len(buckets)
    by_month = result.timeline_unit == "month"
    bars = []
    for i, (bucket, count) in enumerate(buckets):
        bar_height = (height - 14) * count / peak if count else 0
        bars.append(
            {
                "label": format_month(bucket) if by_month else bucket,
                "count": count,
                "x": round(i * slot + 0.5, 2),
                "width": round(max(0.5, slot - 1), 2),
                "y": round(height - bar_height, 2),
                "height": round(bar_height, 2),
                "url": "?"
                + (query_string(state, month=bucket) if by_month else query_string(state, year=bucket)),
            }
        )
    first, last = buckets[0][0], buckets[-1][0]
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "first": format_month(first) if by_month else first,
        "last": format_month(last) if by_month else last,
    }


def pagination(result, state) -> dict:
    page, pages = result.request.page, result.pages
    return {
        "page": page,
        "pages": pages,
        "previous": "?" + query_string(state, page=str(page - 1)) if page > 1 else None,
        "next": "?" + query_string(state, page=str(page + 1)) if page < pages else None,
    }


@bp.route("/")
@bp.route("/search")
def search_page():
    state = state_of(request.args)
    search_request = request_from_args(request.args)
    service = get_search()
    result = service.search(search_request)  # no index / a damaged one: web.pages answers
    newest = service.newest_additions(8) if not search_request.query and not search_request.filters else []
    return render_template(
        "search.html",
        result=result,
        state=state,
        facets=facet_view(result, state),
        chips=active_filters(state),
        timeline=timeline_view(result, state),
        pages=pagination(result, state),
        newest=newest,
        qs=query_string(state, page=str(search_request.page)),
        sort_urls={s: "?" + query_string(state, sort=s) for s in ("relevance", "newest", "oldest")},
        suggestion_url="?" + query_string(state, q=result.suggestion) if result.suggestion else None,
        export_url=query_string(state),
    )
