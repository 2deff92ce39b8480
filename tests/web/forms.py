"""Forms of the archivist area as the tests fill them in (through web.testing, like the e2e tests
and the benchmarks), and an article to upload."""

from __future__ import annotations

import io
import re

from web.testing import csrf_token, flask_client_calls, log_in

PASSWORD = "kata-sandi-rahasia"


def csrf(client, path: str) -> str:
    return csrf_token(client.get(path).get_data(as_text=True))


def login(client, password: str = PASSWORD):
    return log_in(*flask_client_calls(client), "arsiparis", password)


ARTICLE = (
    "Pemkab Jember Resmikan Pasar Rakyat Baru\n\n"
    "JEMBER - Pemerintah Kabupaten Jember meresmikan pasar rakyat baru di Kecamatan Kaliwates, Senin "
    "(7/10/2024). Pasar ini menampung lebih dari dua ratus pedagang kecil yang sebelumnya berjualan di "
    "tepi jalan.\n\nBupati Jember meminta pengelola pasar menjaga kebersihan dan menyiapkan ruang "
    "laktasi serta tempat parkir yang tertib bagi pengunjung.\n\nDinas Perindustrian dan Perdagangan "
    "menargetkan seluruh kios terisi sebelum akhir tahun dan akan menata ulang jalur angkutan umum "
    "menuju pasar agar warga dari desa sekitar mudah datang.\n\nPara pedagang menyambut baik pasar baru "
    "itu karena lebih aman dari hujan dan banjir yang kerap melanda kawasan lama.\n"
)


def post_files(client, files, token=None):
    token = token or csrf(client, "/archivist/upload")
    data = {"csrf_token": token, "files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/archivist/upload", data=data, content_type="multipart/form-data")


def outcomes(response) -> dict[str, str]:
    page = response.get_data(as_text=True)
    rows = re.findall(
        r'<tr class="outcome-(\w+)">\s*<td><code>([^<]+)</code></td>\s*<td>(.*?)</td>', page, re.S
    )
    return {
        name: f"{status}: {' '.join(re.sub('<[^>]+>', ' ', detail).split())}" for status, name, detail in rows
    }
