"""The stored article record: the whole Article as JSON, compressed with zstd and a dictionary
learnt from the archive's own articles.

Whoosh stores one value per document, so each record is compressed alone and zlib found little
to share within one article: 1.50 KB per real article. A dictionary trained on the first articles
of a build gives zstd the words, names and JSON keys that recur across articles: 1.13 KB (-25%),
packed in ~65 us (`make eval`: trained on 500 articles of the shared corpus, sizes of the other,
locked half).

The dictionary lives beside the index of a generation (`records.dict`); every record names the
dictionary it was written with (zstd's dictionary id, 0 for none), so records written before a
dictionary existed, or without one (small archives, Solr, which compresses its stored fields
itself), still read.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import zstandard

from archive.article import Article
from archive.corpus import write_atomic

FILE = "records.dict"
TRAIN_SAMPLES = 500  # a build trains once it holds this many articles; smaller archives go without
DICTIONARY_BYTES = 64 * 1024
LEVEL = 3  # level 9 saved another 7% at five times the time

_dictionaries: dict[int, zstandard.ZstdCompressionDict] = {}  # by id: what every reader may meet
_local = threading.local()  # zstd (de)compressors are not to be shared between threads


class RecordCodec:
    """Packs Articles for one generation's index: with its dictionary once it has one."""

    def __init__(self, dictionary: zstandard.ZstdCompressionDict | None = None):
        self.dictionary = _remember(dictionary) if dictionary is not None else None

    @classmethod
    def load(cls, directory: Path) -> RecordCodec:
        """The codec of the generation in `directory` (no dictionary if it has none yet)."""
        try:
            data = (Path(directory) / FILE).read_bytes()
        except FileNotFoundError:
            return cls()
        return cls(zstandard.ZstdCompressionDict(data))

    @property
    def trained(self) -> bool:
        return self.dictionary is not None

    def train(self, articles: list[Article], directory: Path) -> None:
        """Learn a dictionary from `articles` and keep it in `directory`, before any record
        written with it is committed. Too few or too alike articles leave the codec as it was."""
        samples = [_json(article) for article in articles]
        try:
            dictionary = zstandard.train_dictionary(DICTIONARY_BYTES, samples)
        except zstandard.ZstdError:
            return
        write_atomic(Path(directory) / FILE, dictionary.as_bytes())
        self.dictionary = _remember(dictionary)

    def pack(self, article: Article) -> bytes:
        return _compressor(self.dictionary).compress(_json(article))


PLAIN = RecordCodec()


def unpack(record: bytes) -> Article:
    dict_id = zstandard.get_frame_parameters(record).dict_id
    if dict_id and dict_id not in _dictionaries:
        raise LookupError(
            f"a stored record needs the record dictionary {dict_id}, which was not loaded: "
            "open the index through archive.generations"
        )
    text = _decompressor(_dictionaries.get(dict_id)).decompress(record)
    return Article.from_dict(json.loads(text.decode("utf-8")))


def _remember(dictionary: zstandard.ZstdCompressionDict) -> zstandard.ZstdCompressionDict:
    _dictionaries[dictionary.dict_id()] = dictionary
    return dictionary


def _json(article: Article) -> bytes:
    return json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


def _compressor(dictionary) -> zstandard.ZstdCompressor:
    return _cached(
        "compressors", dictionary, lambda: zstandard.ZstdCompressor(level=LEVEL, dict_data=dictionary)
    )


def _decompressor(dictionary) -> zstandard.ZstdDecompressor:
    return _cached("decompressors", dictionary, lambda: zstandard.ZstdDecompressor(dict_data=dictionary))


def _cached(kind: str, dictionary, make):
    cache = getattr(_local, kind, None)
    if cache is None:
        cache = {}
        setattr(_local, kind, cache)
    key = dictionary.dict_id() if dictionary is not None else 0
    if key not in cache:
        cache[key] = make()
    return cache[key]
