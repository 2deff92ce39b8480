"""Extraction of many files in parallel, feeding the single index writer (DESIGN.md: parse in
worker processes, write in one)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path

from archive.analysis import prime_stems, stems_for
from archive.article import Article, ExtractionFailure, content_hash
from archive.config import worker_count
from archive.corpus import Corpus, OutsideCorpus
from indexer.extract import extract

PARALLEL_THRESHOLD = 50  # below this, starting processes costs more than it saves


def extract_path(corpus: Path, path: str) -> Article | ExtractionFailure:
    try:
        data = Corpus(corpus).read(path)
    except OutsideCorpus as error:
        return ExtractionFailure(path, str(error).removeprefix(f"{path}: "))
    except OSError as error:
        return ExtractionFailure(path, f"cannot read file ({error.strerror or error})")
    result = extract(path, data)
    if isinstance(result, ExtractionFailure) and not result.content_hash:
        return ExtractionFailure(path, result.reason, content_hash(data))
    return result


def _warm_up() -> None:
    """Load the gazetteer, dictionaries and stemmer once, before the workers fork."""
    from indexer.entities import warm_up

    warm_up()


_corpus_for_worker: Path | None = None


def _init_worker(corpus: Path) -> None:
    global _corpus_for_worker
    _corpus_for_worker = corpus


def _work(path: str) -> tuple[Article | ExtractionFailure, dict[str, str]]:
    """Extract in a worker, and stem the article's words there too (see `prime_stems`)."""
    assert _corpus_for_worker is not None
    result = extract_path(_corpus_for_worker, path)
    if isinstance(result, ExtractionFailure):
        return result, {}
    return result, stems_for(f"{result.title}\n{result.body}")


def extract_many(
    corpus: Path, paths: list[str], workers: int | None = None
) -> Iterator[Article | ExtractionFailure]:
    """Yield one result per path, in the order given, using worker processes for large batches.
    The order makes a rebuild deterministic: the same first version of each story, the same
    document numbers (ties in ranking break by them)."""
    workers = workers or worker_count()
    if (
        workers <= 1
        or len(paths) < PARALLEL_THRESHOLD
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for path in paths:
            yield extract_path(corpus, path)
        return
    _warm_up()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init_worker, initargs=(corpus,)) as pool:
        for result, stems in pool.imap(_work, paths, chunksize=16):
            prime_stems(stems)
            yield result
