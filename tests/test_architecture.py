"""The layering holds: only archive/ imports whoosh; web and indexer meet only through archive;
web/ reaches files only through archive/."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports_of(package: str) -> dict[str, set[str]]:
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path}: {name}"
        for path, names in imports_of(package).items()
        for name in names
        if name == forbidden or name.startswith(forbidden)
    ]


def test_only_archive_imports_whoosh():
    for package in ("indexer", "web", "arsip"):
        assert offenders(package, ("whoosh",)) == []


def test_archive_knows_nothing_of_flask_parsing_or_the_other_packages():
    assert offenders("archive", ("flask", "bs4", "trafilatura", "dateutil", "indexer", "web", "arsip")) == []


def test_indexer_and_web_do_not_import_each_other():
    assert offenders("indexer", ("web", "flask")) == []
    # the web app reaches the indexer only through its public entry point, for uploads
    web_indexer = [
        o for o in offenders("web", ("indexer", "bs4", "trafilatura")) if not o.endswith("indexer.pipeline")
    ]
    assert web_indexer == []


FILE_CALLS = {
    "read_text", "write_text", "read_bytes", "write_bytes", "unlink", "rename", "mkdir", "rmdir",
    "iterdir", "glob", "rglob", "touch", "chmod", "symlink_to", "is_file", "exists",
}  # fmt: skip


def test_web_never_touches_the_filesystem():
    """Corpus files, corrections, accounts and the index go through archive/ (archive.corpus owns
    every corpus file operation); the web layer opens no file and imports no file-system module."""
    found = []
    for path in (ROOT / "web").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id == "open":
                    found.append(f"{where} open()")
                elif isinstance(func, ast.Attribute) and func.attr in FILE_CALLS:
                    found.append(f"{where} .{func.attr}()")
        found += [o for o in offenders_in(path, ("os", "shutil", "tempfile", "glob"))]
    assert found == []


def offenders_in(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    names = imports_of("web")[str(path.relative_to(ROOT))]
    return [f"{path.relative_to(ROOT)}: imports {n}" for n in names if n in forbidden or n.startswith("os.")]
