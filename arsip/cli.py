"""`arsip`: the one command, and the composition root that wires indexer, archive and web."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
import threading
from pathlib import Path

import click

from archive.config import Paths

CORPUS_HELP = "Folder of raw article files (the source of truth)."
INDEX_HELP = "Folder of the derived Whoosh index."


def corpus_option(f):
    return click.option(
        "--corpus",
        envvar="ARSIP_CORPUS",
        show_envvar=True,
        default=None,
        help=CORPUS_HELP + " [default: ./corpus]",
    )(f)


def index_option(f):
    return click.option(
        "--index",
        "index_dir",
        envvar="ARSIP_INDEX",
        show_envvar=True,
        default=None,
        help=INDEX_HELP + " [default: ./var/index]",
    )(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Arsip: a searchable archive of Indonesian regional news.

    Raw files in the corpus folder are the source of truth; the index is rebuilt from them at will.
    """


def _sync(paths: Paths, rebuild: bool = False, quiet: bool = False):
    from archive.store import IndexStore
    from indexer.pipeline import extract_many

    store = IndexStore(paths.index)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or not sys.stderr.isatty() or total < 50:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Indexing", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        report = store.sync(paths.corpus, extract_many, rebuild=rebuild, progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    return store, report


def _print_report(report) -> None:
    if report.rebuilt:
        click.echo(f"Rebuilt the index ({report.rebuild_reason}).")
    for failure in report.failed:
        click.echo(f"failed: {failure.path}: {failure.reason}", err=True)
    if not report.changed and not report.rebuilt:
        click.echo(f"Nothing to do: {report.total} articles, all up to date ({len(report.failed)} failed).")
    click.echo(
        f"added {len(report.added)}, updated {len(report.updated)}, removed {len(report.removed)}, "
        f"failed {len(report.failed)}, unchanged {report.unchanged}; {report.total} articles "
        f"in {report.seconds:.2f} s"
    )


@main.command()
@corpus_option
@index_option
@click.option("--rebuild", is_flag=True, help="Build a fresh index from the corpus and swap it in.")
@click.option("--watch", is_flag=True, help="Keep running and index files dropped into the corpus.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between checks with --watch.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def index(corpus, index_dir, rebuild, watch, interval, as_json):
    """Sync the index with the corpus: add new files, re-index changed ones, remove deleted ones."""
    paths = Paths.resolve(corpus, index_dir)
    try:
        _, report = _sync(paths, rebuild=rebuild, quiet=as_json)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        _print_report(report)
    if watch:
        from arsip.watch import watch_corpus

        watch_corpus(paths, interval=interval, echo=click.echo)


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@corpus_option
@index_option
def add(files, corpus, index_dir):
    """Copy FILES into the corpus (never over a different file) and index them."""
    from archive.corpus import IDENTICAL, RENAMED, store_file

    paths = Paths.resolve(corpus, index_dir)
    paths.corpus.mkdir(parents=True, exist_ok=True)
    stored = []
    for file in files:
        result = store_file(paths.corpus, file.name, file.read_bytes())
        stored.append((file, result))
    _, report = _sync(paths, quiet=True)
    failed = {f.path: f.reason for f in report.failed}
    from archive.article import article_id

    for file, result in stored:
        if result.path in failed:
            click.echo(f"failed: {file}: {failed[result.path]} (kept in corpus as {result.path})")
        elif result.status == IDENTICAL:
            click.echo(f"already in corpus: {file} -> {result.path} ({article_id(result.path)})")
        elif result.status == RENAMED:
            click.echo(
                f"added: {file} -> {result.path} (name taken by another file) ({article_id(result.path)})"
            )
        else:
            click.echo(f"added: {file} -> {result.path} ({article_id(result.path)})")


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from error


@main.command()
@click.argument("query", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--limit", default=10, show_default=True, help="Hits per page.")
@click.option("--page", default=1, show_default=True, help="Page of results.")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "newest", "oldest"]),
    default="relevance",
    show_default=True,
)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Narrow by a facet (outlet, year, month, province, place, person, organisation); repeatable.",
)
@click.option("--from", "date_from", help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Published on or before (YYYY-MM-DD).")
@index_option
def search(query, as_json, limit, page, sort, filters, date_from, date_to, index_dir):
    """Search the archive."""
    from archive.search import SearchRequest, SearchService
    from archive.store import IndexMissing, IndexStore

    paths = Paths.resolve(None, index_dir)
    chosen: dict[str, list[str]] = {}
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: expected FIELD=VALUE", param_hint="--filter")
        chosen.setdefault(name.strip(), []).append(value.strip())
    request = SearchRequest(
        query=query,
        filters=chosen,
        sort=sort,
        page=page,
        page_size=limit,
        date_from=_parse_date(date_from),
        date_to=_parse_date(date_to),
    )
    try:
        result = SearchService(IndexStore(paths.index)).search(request)
    except IndexMissing as error:
        raise click.ClickException(str(error)) from error
    data = result.to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(
        f"{result.total} articles ({result.took_ms:.0f} ms)"
        + (" — not all words found" if result.relaxed else "")
    )
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")
    for hit in data["hits"]:
        where = " · ".join(hit[k] or "-" for k in ("date", "outlet", "place", "path"))
        click.echo(f"\n{hit['title']}\n  {where}")
        click.echo(f"  {hit['snippet']}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON line per file (the default output).")
def extract(files, as_json):
    """Show what the indexer reads from FILES, without indexing them."""
    from indexer.extract import describe
    from indexer.extract import extract as extract_file

    for file in files:
        try:
            data = file.read_bytes()
        except OSError as error:
            click.echo(
                json.dumps({"path": str(file), "error": f"cannot read file ({error.strerror or error})"})
            )
            continue
        record = describe(extract_file(str(file), data))
        record["path"] = str(file)
        click.echo(json.dumps(record, ensure_ascii=False))


@main.group()
def user() -> None:
    """Manage archivist accounts (uploading, deleting and re-indexing need a login)."""


def _accounts(index_dir, users):
    from web.accounts import Accounts

    paths = Paths.resolve(None, index_dir)
    return Accounts(Path(users) if users else paths.index.parent / "users.json")


users_option = click.option(
    "--users",
    envvar="ARSIP_USERS",
    show_envvar=True,
    default=None,
    help="Accounts file [default: users.json beside the index folder]",
)


@user.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@index_option
@users_option
def user_add(name, password_stdin, index_dir, users):
    """Create an archivist account NAME, or set its password."""
    from web.accounts import AccountError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        _accounts(index_dir, users).add(name, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"account {name.strip().lower()} saved")


@user.command("list")
@index_option
@users_option
def user_list(index_dir, users):
    """List archivist accounts."""
    for name in _accounts(index_dir, users).names():
        click.echo(name)


@user.command("remove")
@click.argument("name")
@index_option
@users_option
def user_remove(name, index_dir, users):
    """Remove the archivist account NAME."""
    if not _accounts(index_dir, users).remove(name):
        raise click.ClickException(f"no account named {name}")
    click.echo(f"account {name} removed")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@corpus_option
@index_option
def serve(host, port, threads, corpus, index_dir):
    """Serve the web interface with waitress."""
    import waitress

    from web import create_app

    paths = Paths.resolve(corpus, index_dir)
    app = create_app({"CORPUS": str(paths.corpus), "INDEX": str(paths.index)})
    # facet arrays and field lengths load while the server starts taking requests
    threading.Thread(target=_warm, args=(app.extensions["arsip.search"],), daemon=True).start()
    click.echo(f"Arsip serving {paths.corpus} on http://{host}:{port}")
    waitress.serve(app, host=host, port=port, threads=threads, ident="arsip")


def _warm(service) -> None:
    with contextlib.suppress(Exception):  # a cold cache only makes the first search slower
        service.warm()


if __name__ == "__main__":
    main()
