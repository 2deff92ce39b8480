"""The article page: clean text in paragraphs, metadata, entity chips, citation, the original file."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode

from babel.dates import format_date
from flask import Blueprint, abort, render_template, request, send_file, url_for
from werkzeug.datastructures import MultiDict

from archive import highlight
from web.auth import current_archivist
from web.extensions import corpus, corrections, search_service
from web.i18n import format_day, t
from web.params import BadParameter, query_string, request_from_args, state_of

bp = Blueprint("article", __name__)


def citations(article, permalink: str, accessed: dt.date | None = None) -> dict[str, str]:
    """The article cited two ways, ready to paste: as Indonesian newsrooms write it and APA-like.
    Nothing is invented: no outlet reads "tanpa media", no date "tanpa tanggal", and a date or an
    outlet the file does not state is marked as an estimate."""
    accessed = accessed or dt.date.today()
    outlet = article.outlet or t("missing_outlet")
    if article.outlet and article.outlet_source == "inferred":
        outlet += f" ({t('estimated')})"
    day = format_day(article.date, article.date_precision, with_weekday=False) if article.date else None
    if day and article.date_source == "inferred":
        day = f"{t('estimated')}: {day}"
    when = day or t("missing_year")
    apa_date = (
        f"{article.date.year}, {format_date(article.date, 'd MMMM', locale='id')}"
        if article.date and article.date_precision == "day"
        else (str(article.date.year) if article.date else "t.t.")
    )
    if article.date and article.date_source == "inferred":
        apa_date += f" [{t('estimated')}]"
    seen = format_day(accessed, "day", with_weekday=False)
    return {
        "indonesian": f"{outlet}, {when}, “{article.title}”. {t('accessed')} {seen}, {permalink}",
        "apa": f"{outlet}. ({apa_date}). {article.title}. {t('retrieved')} {seen}, {permalink}",
    }


def corrections_of(article) -> list:
    """Who corrected what and when, newest first (for the page's "dikoreksi" notes)."""
    return list(reversed(corrections().history(article.path)))


def load(article_id: str):
    article = search_service().article(article_id)
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
    service = search_service()
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
    words, stems, phrases = search_service().highlight_terms(query_text)
    paragraphs = [highlight.mark(p, words, stems, phrases) for p in article.paragraphs]
    return render_template(
        "article.html",
        article=article,
        paragraphs=paragraphs,
        citations=citations(article, url_for("article.article_page", article_id=article.id, _external=True)),
        corrections=corrections_of(article),
        notice=request.args.get("notice"),
        related=search_service().related(article),
        versions=search_service().versions(article),
        archivist=bool(current_archivist()),
        back=request.args.get("back"),
        neighbours=neighbours(request.args.get("back", ""), article.id),
        query_text=query_text,
    )


@bp.route("/article/<article_id>/original")
def original(article_id: str):
    """The raw file as received, as a download (never rendered as HTML)."""
    article = load(article_id)
    raw = corpus().open_original(article.path)
    if raw is None:
        abort(404)
    name = article.path.rsplit("/", 1)[-1]
    return send_file(raw, as_attachment=True, download_name=name, mimetype="application/octet-stream")
