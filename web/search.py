"""The search page and the advanced-search form that writes its query."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from web.extensions import search_service
from web.params import parse_date, query_string, request_from_args, state_of
from web.search_view import (
    active_filters,
    facet_view,
    pagination,
    shown_sort,
    timeline_view,
    tips,
)

bp = Blueprint("search", __name__)
ADVANCED_FIELDS = ("words", "phrase", "exclude", "title", "outlet", "place", "person", "organisation")
_FIELD_PREFIX = {
    "title": "judul",
    "outlet": "media",
    "place": "tempat",
    "person": "tokoh",
    "organisation": "organisasi",
}


@bp.route("/")
@bp.route("/search")
def search_page():
    state = state_of(request.args)
    search_request = request_from_args(request.args)
    service = search_service()
    result = service.search(search_request)  # no index / a damaged one: web.pages answers
    browsing = not search_request.query and not search_request.filters and not search_request.exclude
    newest = service.newest_additions(8) if browsing and search_request.page == 1 else []
    return render_template(
        "search.html",
        result=result,
        state=state,
        browsing=browsing,
        facets=facet_view(result, state),
        chips=active_filters(state),
        timeline=timeline_view(result, state),
        pages=pagination(result, state),
        tips=tips(result, state) if not result.total else [],
        sort=shown_sort(result),
        newest=newest,
        qs=query_string(state, page=str(search_request.page)),
        sort_urls={
            s: "?" + query_string(state, sort=s)
            for s in ("relevance", "newest", "oldest")
            if s != "relevance" or search_request.query
        },
        suggestion_url="?" + query_string(state, q=result.suggestion) if result.suggestion else None,
        export_url=query_string(state),
    )


@bp.route("/advanced")
def advanced():
    """A form of plain fields; submitted, it sends the reader to the search it writes."""
    fields = {name: request.args.get(name, "").strip() for name in ADVANCED_FIELDS}
    dates = {key: request.args.get(key, "").strip() for key in ("from", "to")}
    if any(fields.values()) or any(dates.values()):
        for key, value in dates.items():
            parse_date(value, key)  # a bad date is a 400 that says so
        target = {"q": compose_query(fields), **{k: v for k, v in dates.items() if v}}
        return redirect(url_for("search.search_page") + "?" + query_string(target))
    return render_template("advanced.html", fields=fields, dates=dates)


def compose_query(fields: dict[str, str]) -> str:
    """The query the search box would take: words, "a phrase", -word, judul:"..." and the like."""
    parts = [fields.get("words", "")]
    phrase = fields.get("phrase", "").replace('"', "")
    if phrase:
        parts.append(f'"{phrase}"')
    parts += [f"-{word}" for word in fields.get("exclude", "").replace('"', "").split()]
    for name, prefix in _FIELD_PREFIX.items():
        value = fields.get(name, "").replace('"', "")
        if value:
            parts.append(f'{prefix}:"{value}"' if " " in value else f"{prefix}:{value}")
    return " ".join(p for p in parts if p).strip()
