"""The article page: clean text in paragraphs, metadata, entity chips, citation, the original file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, current_app, render_template, request, send_file, session, url_for
from werkzeug.datastructures import MultiDict

from archive import highlight
from archive.store import IndexMissing
from web import get_search
from web.i18n import format_day
from web.params import BadParameter, query_string, request_from_args, state_of

bp = Blueprint("article", __name__)


def citation(article) -> str:
    """'Bhirawa, 10 April 2021, "Gubernur Khofifah Ingin …"' — ready to paste."""
    parts = [article.outlet or "Arsip"]
    if article.date:
        parts.append(format_day(article.date, article.date_precision, with_weekday=False))
    parts.append(f"“{article.title}”")
    return ", ".join(parts)


def load(article_id: str):
    try:
        article = get_search().article(article_id)
    except IndexMissing:
        abort(503)
    if article is None:
        abort(404)
    return article


def neighbours(back: str, current: str) -> dict:
    """Previous and next result of the search the reader came from (`back` is its query string)."""
    if not back:
        return {}
    args = MultiDict(parse_qsl(back, keep_blank_values=False))
    try:
        search_request = request_from_args(args)
    except BadParameter:
        return {}
    service = get_search()
    hits = service.search(search_request).hits
    ids = [h.id for h in hits]
    if current not in ids:
        return {}
    i = ids.index(current)
    out = {}
    for key, j, page in (
        ("previous", i - 1, search_request.page - 1),
        ("next", i + 1, search_request.page + 1),
    ):
        if 0 <= j < len(hits):
            out[key] = (hits[j], back)
            continue
        if page < 1:
            continue
        other = service.search(replace(search_request, page=page))
        if other.hits and other.request.page == page:
            hit = other.hits[-1] if key == "previous" else other.hits[0]
            out[key] = (hit, query_string(state_of(args), page=str(page)))
    return {
        key: {
            "title": hit.title,
            "url": url_for("article.article_page", article_id=hit.id)
            + "?"
            + urlencode({"q": args.get("q", ""), "back": state}),
        }
        for key, (hit, state) in out.items()
    }


@bp.route("/article/<article_id>")
def article_page(article_id: str):
    article = load(article_id)
    query_text = request.args.get("q", "")
    words, stems, phrases = get_search().highlight_terms(query_text)
    paragraphs = [highlight.mark(p, words, stems, phrases) for p in article.paragraphs]
    return render_template(
        "article.html",
        article=article,
        paragraphs=paragraphs,
        citation=citation(article),
        related=get_search().related(article),
        versions=get_search().versions(article),
        archivist=bool(session.get("archivist")),
        back=request.args.get("back"),
        neighbours=neighbours(request.args.get("back", ""), article.id),
        query_text=query_text,
    )


@bp.route("/article/<article_id>/original")
def original(article_id: str):
    """The raw file as received, as a download (never rendered as HTML)."""
    article = load(article_id)
    corpus = Path(current_app.config["CORPUS"]).resolve()
    path = (corpus / article.path).resolve()
    if corpus not in path.parents or not path.is_file():
        abort(404)
    return send_file(path, as_attachment=True, download_name=path.name, mimetype="application/octet-stream")
