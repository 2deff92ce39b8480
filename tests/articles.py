"""Short articles written for tests, in the layout of the real scrapes: headline, blank line,
dateline lead with a reporting date."""

from __future__ import annotations

from pathlib import Path

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
