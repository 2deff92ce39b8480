"""The article page: clean text in paragraphs, metadata, entity chips, citation, the original file."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, send_file, session

from archive import highlight
from archive.store import IndexMissing
from web import get_search
from web.i18n import format_day

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


@bp.route("/article/<article_id>")
def article_page(article_id: str):
    article = load(article_id)
    query_text = request.args.get("q", "")
    words, stems = get_search().highlight_terms(query_text)
    paragraphs = [highlight.mark(p, words, stems) for p in article.paragraphs]
    return render_template(
        "article.html",
        article=article,
        paragraphs=paragraphs,
        citation=citation(article),
        related=get_search().related(article),
        versions=get_search().versions(article),
        archivist=bool(session.get("archivist")),
        back=request.args.get("back"),
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
