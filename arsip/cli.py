"""`arsip`: the one command, and the composition root that wires indexer, archive and web.

Exit codes: 0 done; 1 an error (the message says why, nothing was changed); 2 a usage error;
3 done, but some of the files named on the command line could not be read (listed with why).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from archive.config import BACKENDS, Paths
from arsip.options import corpus_option, index_option
from arsip.progress import Progress
from arsip.serve import serve
from arsip.users import user

FILES_FAILED = 3  # the exit code when named files could not be read
FILTER_FIELDS = ("outlet", "year", "month", "province", "place", "person", "organisation")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Arsip: a searchable archive of Indonesian regional news.

    Raw files in the corpus folder are the source of truth; the index is rebuilt from them at will.
    Exit codes: 0 done, 1 error, 2 usage error, 3 some named files could not be read.
    """


main.add_command(user)


def _sync(paths: Paths, quiet: bool = False, backend: str | None = None, **options):
    from archive.backend import open_store
    from archive.config import Settings
    from indexer.pipeline import extract_many

    if not paths.corpus.is_dir():
        raise click.ClickException(f"corpus folder not found: {paths.corpus}")
    try:
        store = open_store(Settings.resolve(paths.corpus, paths.index, backend=backend))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    from archive.solr_collection import SolrUnavailable
    from archive.solr_lease import RebuildRunning

    progress = Progress(quiet)
    try:
        return store, store.sync(paths.corpus, extract_many, progress=progress, **options)
    except SolrUnavailable as error:
        raise click.ClickException(f"{error} (nothing indexed is lost: run the command again)") from None
    except RebuildRunning as error:
        raise click.ClickException(str(error)) from None
    finally:
        progress.close()


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one)}"


def summary(report) -> str:
    """Every outcome of a sync in one line; a sync with nothing to do says so in one line."""
    failed, copies = len(report.failed), len(report.duplicates)
    total = _plural(report.total, "article", "articles")
    if not report.changed and not report.rebuilt:
        extra = "".join(
            f", {part}"
            for part in (f"{failed} failed" if failed else "", f"{copies} copies" if copies else "")
            if part
        )
        return f"Nothing to do: {total}, all up to date{extra} ({report.seconds:.1f} s)"
    parts = [
        f"added {len(report.added):,}",
        f"updated {len(report.updated):,}",
        f"removed {len(report.removed):,}",
        f"failed {failed:,}",
        f"exact copies {copies:,} (kept in the corpus, not indexed twice)",
        f"unchanged {report.unchanged:,}",
    ]
    return "; ".join(parts) + f" -> {total} in {report.seconds:.1f} s"


@main.command()
@corpus_option
@index_option
@click.option("--rebuild", is_flag=True, help="Build a fresh index from the corpus and swap it in.")
@click.option("--watch", is_flag=True, help="Keep running and index files dropped into the corpus.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    help="The engine to index into (default: ARSIP_BACKEND, else whoosh); solr builds the collection.",
)
def index(corpus, index_dir, rebuild, watch, as_json, backend):
    """Sync the index with the corpus: add new files, re-index changed ones, remove deleted ones.
    An index that is missing, of another schema version or unreadable is built again."""
    paths = Paths.resolve(corpus, index_dir)
    _, report = _sync(paths, quiet=as_json, backend=backend, rebuild=rebuild)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        if report.rebuilt:
            how = "continued an interrupted build" if report.resumed else "built the index"
            click.echo(f"Rebuilt: {how} ({report.rebuild_reason}).")
        for failure in report.failed:
            click.echo(f"failed: {failure.path}: {failure.reason}", err=True)
        click.echo(summary(report))
    if watch:
        from arsip.watch import watch_corpus

        watch_corpus(paths, echo=click.echo)


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--keep-failed", is_flag=True, help="Keep files that cannot be read in the corpus anyway.")
@corpus_option
@index_option
def add(files, keep_failed, corpus, index_dir):
    """Copy FILES into the corpus (never over a different file) and index them. A file that cannot
    be read is not kept (unless --keep-failed) and makes the exit code 3."""
    from archive.article import article_id
    from archive.corpus import IDENTICAL, NEW, RENAMED, Corpus

    paths = Paths.resolve(corpus, index_dir)
    paths.corpus.mkdir(parents=True, exist_ok=True)
    archive = Corpus(paths.corpus)
    stored = [(file, archive.store(file.name, file.read_bytes())) for file in files]
    _, report = _sync(paths, quiet=True, only=[s.path for _, s in stored])
    failed = {f.path: f.reason for f in report.failed}
    dropped = []
    for file, result in stored:
        if result.path in failed:
            if not keep_failed and result.status in (NEW, RENAMED):
                (paths.corpus / result.path).unlink(missing_ok=True)  # our own copy; yours stays
                dropped.append(result.path)
            where = f"kept in the corpus as {result.path}" if result.path not in dropped else "not kept"
            click.echo(f"failed: {file}: {failed[result.path]} ({where})", err=True)
        elif result.status == IDENTICAL:
            click.echo(f"already in the corpus: {file} -> {result.path} ({article_id(result.path)})")
        elif result.path in report.duplicates:
            click.echo(
                f"copy of {report.duplicates[result.path]}: {file} -> {result.path} (not indexed twice)"
            )
        else:
            renamed = " (the name was taken by another file)" if result.status == RENAMED else ""
            click.echo(f"added: {file} -> {result.path}{renamed} ({article_id(result.path)})")
    if dropped:
        _sync(paths, quiet=True, only=dropped)  # the index forgets what the corpus no longer has
    if failed:
        raise SystemExit(FILES_FAILED)


@main.command()
@click.argument("query", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (as /api/search).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="Hits per page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 10_000), help="Page of results.")
@click.option(
    "--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance", show_default=True
)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FIELD=VALUE",
    help=f"Narrow by a facet ({', '.join(FILTER_FIELDS)}); VALUE matches as FIELD:VALUE does in a "
    "query (any case, or values containing the words); repeatable.",
)
@click.option(
    "--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after (YYYY-MM-DD)."
)
@click.option(
    "--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before (YYYY-MM-DD)."
)
@index_option
def search(query, as_json, limit, page, sort, filters, date_from, date_to, index_dir):
    """Search the archive."""
    from archive.backend import open_search
    from archive.config import Settings
    from archive.generations import IndexMissing, IndexUnreadable
    from archive.results import SearchRequest

    service = open_search(Settings.resolve(index=index_dir))
    try:
        request = SearchRequest(
            query=query,
            filters=_filters(service, filters),
            sort=sort,
            page=page,
            page_size=limit,
            date_from=date_from.date() if date_from else None,
            date_to=date_to.date() if date_to else None,
        )
        result = service.search(request)
    except (IndexMissing, IndexUnreadable) as error:
        raise click.ClickException(str(error)) from error
    data = result.to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    stories = f" in {_plural(result.stories, 'story', 'stories')}" if result.stories != result.total else ""
    click.echo(f"{_plural(result.total, 'article', 'articles')}{stories} ({result.took_ms:.0f} ms)")
    if result.relaxed:
        click.echo("Some articles lack some of the words; each says which.")
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")
    for hit in data["hits"]:
        where = " · ".join(hit[k] or "-" for k in ("date", "outlet", "place", "path"))
        click.echo(f"\n{hit['title']}\n  {where}")
        click.echo(f"  {hit['snippet']}")
        if hit["missing"]:
            click.echo(f"  missing: {', '.join(hit['missing'])}")


def _filters(service, filters) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    for item in filters:
        name, sep, value = item.partition("=")
        name = name.strip().lower()
        if not sep or not value.strip():
            raise click.BadParameter(f"{item!r}: expected FIELD=VALUE", param_hint="--filter")
        if name not in FILTER_FIELDS:
            raise click.BadParameter(
                f"{name!r} is not a field; use one of {', '.join(FILTER_FIELDS)}", param_hint="--filter"
            )
        matches = service.matching_values(name, value.strip()) or [value.strip()]
        chosen.setdefault(name, []).extend(matches)
    return chosen


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON line per file (the default output).")
def extract(files, as_json):
    """Show what the indexer reads from FILES, without indexing them (exit code 3 if one fails)."""
    from archive.article import ExtractionFailure
    from indexer.extract import extract as extract_file

    failed = 0
    for file in files:
        try:
            result = extract_file(str(file), file.read_bytes())
            if isinstance(result, ExtractionFailure):
                record = {"path": result.path, "error": result.reason}
            else:
                record = result.to_dict()
        except OSError as error:
            record = {"path": str(file), "error": f"cannot read file ({error.strerror or error})"}
        record["path"] = str(file)
        failed += "error" in record
        click.echo(json.dumps(record, ensure_ascii=False))
    if failed:
        raise SystemExit(FILES_FAILED)


main.add_command(serve)


if __name__ == "__main__":
    main()
