"""The JSON twins of the pages: /api/search and /api/article/<id>. Errors are JSON with a message."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from archive.results import SUMMARY_FIELDS
from web.article import citations
from web.extensions import search_service
from web.params import BadParameter, request_from_args

bp = Blueprint("api", __name__, url_prefix="/api")


def error(status: int, message: str):
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    return response


@bp.errorhandler(BadParameter)
def bad_parameter(exc):
    return error(400, str(exc))


@bp.route("/openapi.json")
def openapi():
    from web.openapi import spec

    return jsonify(spec())


@bp.route("/search")
def search():
    result = search_service().search(request_from_args(request.args))
    return jsonify(result.to_dict())


@bp.route("/article/<article_id>")
def article(article_id: str):
    service = search_service()
    found = service.article(article_id)
    if found is None:
        return error(404, f"no article with id {article_id!r}")
    data = found.to_dict()
    data["citation"] = citations(found, url_for("article.article_page", article_id=found.id, _external=True))
    data["url"] = url_for("article.article_page", article_id=found.id, _external=False)
    data["original_url"] = url_for("article.original", article_id=found.id)
    data["source_url"] = found.url
    data["related"] = [h.summary() for h in service.related(found)]
    data["versions"] = [h.summary() for h in service.versions(found)]
    return jsonify(data)


EXPORT_COLUMNS = (*SUMMARY_FIELDS, "url")  # url: the article's permalink in Arsip


def _inert(value):
    """A cell a spreadsheet will not run: text starting with = + - @ (or a tab/return) gets a quote
    in front (OWASP's advice against CSV formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@bp.route("/export.<fmt>")
def export(fmt: str):
    """The current result set (up to EXPORT_LIMIT rows) as CSV or JSON, with metadata columns."""
    import csv
    import io

    from flask import Response, current_app

    if fmt not in ("csv", "json"):
        return error(404, "export formats are csv and json")
    limit = int(current_app.config["EXPORT_LIMIT"])
    search_request = request_from_args(request.args)
    rows = search_service().export(search_request, limit)
    for row in rows:  # the permalink a citation needs
        row["url"] = url_for("article.article_page", article_id=row["id"], _external=True)
    if fmt == "json":
        response = jsonify({"total": len(rows), "limit": limit, "rows": rows})
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: _inert(v) for k, v in row.items()} for row in rows)
        response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="arsip-export.{fmt}"'
    return response
