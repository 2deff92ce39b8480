"""The archivist area: upload files, see the archive's health, retry, rebuild, delete, correct,
replace.

Every route needs a login (web.auth); every form carries a CSRF token (Flask-WTF). Files go into corpus/ first
(never over another file), then the single indexing worker indexes exactly those paths.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from archive.article import article_id
from archive.corpus import IDENTICAL, OutsideCorpus, safe_name
from archive.corrections import FIELDS, InvalidCorrection
from archive.results import SearchRequest
from archive.schema import SCHEMA_VERSION
from web.auth import login_required
from web.extensions import corpus, corrections, search_service, store, worker
from web.uploads import Limits, unpack

bp = Blueprint("archivist", __name__, url_prefix="/archivist")


def wait_seconds() -> float:
    return float(current_app.config["UPLOAD_WAIT_SECONDS"])


def index_now(**job):
    """Index what a request changed and wait for it, within UPLOAD_WAIT_SECONDS; after that the
    worker goes on alone and None says so (the page tells the archivist, nothing is lost)."""
    try:
        return worker().submit(**job).result(timeout=wait_seconds())
    except FutureTimeout:
        return None


def limits() -> Limits:
    config = current_app.config
    return Limits(config["UPLOAD_FILE_BYTES"], config["UPLOAD_ZIP_ENTRIES"], config["UPLOAD_ZIP_BYTES"])


@bp.route("/")
@login_required
def home():
    return redirect(url_for("archivist.admin"))


@dataclass
class Outcome:
    name: str
    status: str  # added | version | duplicate | failed
    detail: str = ""
    article_id: str | None = None
    other_id: str | None = None
    other_title: str | None = None


@bp.route("/upload", methods=["GET", "POST"])
@login_required
def upload():
    if request.method == "GET":
        return render_template("archivist/upload.html", outcomes=None)
    started = time.perf_counter()
    folder = f"uploads/{dt.date.today().isoformat()}"
    outcomes: list[Outcome] = []
    waiting: dict[str, Outcome] = {}
    files = request.files.getlist("files")
    if not any(f.filename for f in files):
        return render_template("archivist/upload.html", outcomes=[], error="no_files"), 400
    for upload_file in files:
        if not upload_file.filename:
            continue
        data = upload_file.read()
        upload_file.close()
        for part in unpack(upload_file.filename, data, limits()):
            if part.error:
                outcomes.append(Outcome(part.name, "failed", part.error))
                continue
            relative = "/".join(
                safe_name(p) for p in part.name.replace("\\", "/").split("/") if p not in ("", ".", "..")
            )
            stored = corpus().store(f"{folder}/{relative}", part.data)
            outcome = Outcome(part.name, "added")
            outcomes.append(outcome)
            if stored.status == IDENTICAL:
                _mark_duplicate(outcome, stored.path)
            else:
                waiting[stored.path] = outcome
    if waiting:
        report = index_now(only=list(waiting))
        if report is None:
            for outcome in waiting.values():  # stored safely; searchable when the worker gets to it
                outcome.status, outcome.detail = "pending", "stored in the corpus; still being indexed"
        else:
            failed = {f.path: f.reason for f in report.failed}
            for path, outcome in waiting.items():
                if path in failed:
                    outcome.status, outcome.detail = "failed", failed[path]
                elif path in report.duplicates:
                    _mark_duplicate(outcome, report.duplicates[path])
                else:
                    _mark_added(outcome, path)
    seconds = time.perf_counter() - started
    status = 200 if outcomes else 400
    return render_template("archivist/upload.html", outcomes=outcomes, seconds=seconds), status


def _mark_duplicate(outcome: Outcome, path: str) -> None:
    original = store().duplicates().get(path, path)
    other = search_service().article(article_id(original))
    outcome.status = "duplicate"
    outcome.other_id = other.id if other else None
    outcome.other_title = other.title if other else original


def _mark_added(outcome: Outcome, path: str) -> None:
    article = search_service().article(article_id(path))
    if article is None:
        outcome.status, outcome.detail = "failed", "not found in the index after indexing"
        return
    outcome.article_id = article.id
    outcome.detail = article.title
    if article.near_duplicate_of:
        other = search_service().article(article.near_duplicate_of)
        outcome.status = "version"
        outcome.other_id = article.near_duplicate_of
        outcome.other_title = other.title if other else article.near_duplicate_of


@bp.route("/admin")
@login_required
def admin():
    service = search_service()
    overview = service.search(SearchRequest(facet_limit=None)) if service.available() else None
    state = store().state()
    return render_template(
        "archivist/admin.html",
        overview=overview,
        state=state,
        last_sync=state.get("last_sync"),
        failures=store().failures(),
        duplicates=store().duplicates(),
        size=store().size_bytes(),
        schema_version=store().schema_version(),
        expected_schema=SCHEMA_VERSION,
        generation=store().current_generation(),
        busy=worker().busy.is_set(),
        failed_jobs=[_failure_text(f) for f in worker().failures.values()],
        pending=store().pending(corpus().root),
        message=_notice_text(),
    )


NOTICES = {  # what the admin page says after an action: notice key -> the values it shows
    "retry_running": (),
    "retried": ("indexed", "failed"),
    "trashed": ("path",),
    "rebuild_started": (),
    "not_replaced": ("reason",),
}


def _to_admin(notice: str, **values):
    return redirect(url_for("archivist.admin", notice=notice, **values))


def _failure_text(failure) -> str:
    """A failed background job in the archivist's language; the engine's own words for the rest."""
    from archive.solr_lease import RebuildRunning
    from web.i18n import t

    error = failure.error
    if isinstance(error, RebuildRunning) and error.claim is not None:
        return t("rebuild_running", owner=error.claim.owner, collection=error.claim.collection)
    return t(f"{failure.job}_failed", reason=str(failure.error)[:300])


def _notice_text() -> str | None:
    from web.i18n import t
    from web.reasons import reason

    notice = request.args.get("notice")
    if notice not in NOTICES:
        return None
    values = {name: request.args.get(name, "")[:300] for name in NOTICES[notice]}
    if "reason" in values:
        values["reason"] = reason(values["reason"])
    return t("notice_" + notice, **values)


@bp.route("/retry", methods=["POST"])
@login_required
def retry():
    report = index_now(retry_failed=True)
    if report is None:
        return _to_admin("retry_running")
    return _to_admin("retried", indexed=len(report.added) + len(report.updated), failed=len(report.failed))


@bp.route("/failed/trash", methods=["POST"])
@login_required
def trash_failed():
    """A file that cannot be read goes to the trash (kept, not destroyed) and leaves the list."""
    path = request.form.get("path", "")
    if path not in store().failures():
        abort(404)
    try:
        corpus().trash(path)
    except (FileNotFoundError, OutsideCorpus):
        abort(404)
    index_now(only=[path])
    return _to_admin("trashed", path=path)


@bp.route("/rebuild", methods=["POST"])
@login_required
def rebuild():
    worker().submit(rebuild=True)  # searches keep using the live index until the new one is swapped in
    return _to_admin("rebuild_started")


def _article_or_404(article_id_: str):
    article = search_service().article(article_id_)
    if article is None:
        abort(404)
    return article


@bp.route("/article/<article_id_>/delete", methods=["POST"])
@login_required
def delete(article_id_: str):
    article = _article_or_404(article_id_)
    try:
        corpus().trash(article.path)
    except (FileNotFoundError, OutsideCorpus):
        abort(404)
    index_now(only=[article.path])
    return _to_admin("trashed", path=article.path)


@bp.route("/article/<article_id_>/correct", methods=["POST"])
@login_required
def correct(article_id_: str):
    """Record an archivist's corrections beside the corpus and re-index the article with them."""
    article = _article_or_404(article_id_)
    values = {name: request.form.get(name, "") for name in FIELDS if name in request.form}
    try:
        changes = corrections().record(article, values, by=session["archivist"])
    except InvalidCorrection as error:
        return redirect(url_for("article.article_page", article_id=article_id_, notice=str(error)))
    if changes:
        index_now(only=[article.path])
    notice = ", ".join(c.field for c in changes) or "-"
    return redirect(url_for("article.article_page", article_id=article_id_, notice=f"✓ {notice}"))


@bp.route("/article/<article_id_>/replace", methods=["POST"])
@login_required
def replace(article_id_: str):
    article = _article_or_404(article_id_)
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        return redirect(url_for("article.article_page", article_id=article_id_))
    parts = unpack(upload_file.filename, upload_file.read(), limits())
    upload_file.close()
    if len(parts) != 1 or parts[0].error:
        reason = parts[0].error if parts and parts[0].error else "upload one .txt or .html file"
        return _to_admin("not_replaced", reason=reason)
    try:
        corpus().replace(article.path, parts[0].data)  # the old version goes to the trash
    except (FileNotFoundError, OutsideCorpus):
        abort(404)
    index_now(only=[article.path])
    return redirect(url_for("article.article_page", article_id=article_id_))
