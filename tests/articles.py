"""Articles for tests: the project's samples, the shared real corpora (or a skip that says they are
absent), and short articles written in the layout of the real scrapes."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"


def shared_corpus(name: str) -> Path:
    """A corpus from ../shared/corpus, or a skip that says why."""
    path = SHARED / name / "raw"
    if not path.is_dir():
        pytest.skip(f"../shared/corpus/{name} is not present on this machine")
    return path


TOWNS = ("Blitar", "Kediri", "Madiun", "Ngawi", "Pacitan", "Ponorogo", "Tuban", "Sampang", "Bangil", "Batu")


def write_article(folder: Path, name: str, headline: str, town: str, day: str, lead: str) -> Path:
    """`day` as the article writes it ("7/10/2024"); `lead` continues after the dateline."""
    path = folder / name
    path.write_text(
        f"{headline}\n\n{town.upper()} - Pemerintah Kabupaten {town} {lead}, Senin ({day}). Warga kini "
        f"dapat mengurus dokumen kependudukan tanpa antre lama, kata Sekda {town}.\n",
        encoding="utf-8",
    )
    return path
