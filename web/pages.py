"""Error pages and request-wide helpers: 404 and 400 pages in the user's language, JSON under /api."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request

from archive.generations import IndexMissing, IndexUnreadable
from web.i18n import t
from web.params import BadParameter


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(exc):
        if _wants_json():
            return jsonify({"error": "not found", "status": 404}), 404
        return render_template("error.html", status=404, message_key="not_found"), 404

    @app.errorhandler(BadParameter)
    def bad_parameter(exc):
        if _wants_json():
            return jsonify({"error": str(exc), "status": 400}), 400
        message = t(exc.key, **exc.fields)
        return render_template(
            "error.html", status=400, title_key="bad_parameter_title", message=message
        ), 400

    @app.errorhandler(IndexMissing)
    def no_index(exc):
        if _wants_json():
            return jsonify({"error": str(exc), "status": 503}), 503
        return render_template("error.html", status=503, message_key="no_index"), 503

    @app.errorhandler(IndexUnreadable)
    def unreadable(exc):
        if _wants_json():
            return jsonify({"error": str(exc), "status": 503}), 503
        return render_template("error.html", status=503, message_key="index_unreadable", detail=str(exc)), 503

    @app.errorhandler(500)
    def server_error(exc):
        if _wants_json():
            return jsonify({"error": "internal error", "status": 500}), 500
        return render_template("error.html", status=500, message_key="error"), 500

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'",
        )
        return response
