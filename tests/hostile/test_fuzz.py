"""Hypothesis over every route's parameters on a real server: no input gives a 5xx or a slow answer."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.budget import REQUEST_SECONDS

pytestmark = [
    pytest.mark.slow,
    # The server answers from threads of this process, and what they run after an answer (an
    # ingest, a searcher reopening) may draw from the global `random`; Hypothesis then sees its
    # state move while it draws an example and blames the strategies, which use no `random`.
    pytest.mark.filterwarnings(
        "ignore:Do not use the `random` module:hypothesis.errors.HypothesisDeprecationWarning"
    ),
]
EXAMPLES = 120
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
KEYS = [
    "q", "outlet", "year", "month", "province", "place", "person", "organisation",
    "not_outlet", "not_year", "not_month", "not_person", "from", "to", "sort", "page", "size",
    "lang", "next", "message", "notice", "back", "format",
]  # fmt: skip
KNOWN_BAD = [
    '"', "(", ")", "AND", "OR NOT", "title:", "outlet:", "*", "?", "~", "a*", "*a", "x~2", "\r\n",
    "\x00", "%00", "bupati" * 80, "bupati" * 80 + "~", "kata" * 1000, "=HYPERLINK(\"x\")", "../../etc/passwd",
    "<script>alert(1)</script>", "2021-13", "13", "-1", "0", "99999999999999999999", "_none", "2024-02-30",
    "0000", "９９", "\ud7ff", "ﷺ", "İ", "ß" * 300, "pelayanan " * 200, "title:(a OR b", "[a TO z]", "{",
    "person:\"", "month:2024-10", "/archivist/admin\r\nSet-Cookie: x=1", "//evil.test", "javascript:alert(1)",
]  # fmt: skip
VOCABULARY = [
    "pelayanan", "publik", "jatim", "khofifah", "asn", "mpp", "lumajang", "kalianda", "bupati", "pemkab",
    "AND", "OR", "NOT", "DAN", "ATAU", "TIDAK", "-", "+", '"', "*", "~", "(", ")", "title:", "outlet:",
    "person:", "place:", "year:", "kata00042x", "kata1*", "pelayan~", "ulang",
]  # fmt: skip
values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(KNOWN_BAD),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.from_regex(r"\d{4}(-\d{2}(-\d{2})?)?", fullmatch=True),
    st.lists(st.sampled_from(VOCABULARY), max_size=40).map(" ".join),
)
pairs = st.lists(st.tuples(st.sampled_from(KEYS) | st.text(max_size=8), values), max_size=10)
repeated = st.tuples(st.sampled_from(KEYS), values, st.integers(min_value=1, max_value=400)).map(
    lambda t: [(t[0], t[1])] * t[2]
)
params = st.one_of(pairs, repeated, st.tuples(pairs, repeated).map(lambda t: t[0] + t[1]))
ids = st.one_of(st.sampled_from(["", "x", "0" * 16, "..", "%2e%2e", "a" * 500]), st.text(max_size=30))


def check(response, took) -> None:
    assert response.status_code < 500, response.text[:500]
    assert took < REQUEST_SECONDS


def _id_path(base: str, template: str, value: str) -> str:
    from urllib.parse import quote

    return base + template.replace("{}", quote(value, safe=""))


@pytest.mark.parametrize(
    "route",
    [
        "/",
        "/search",
        "/api/search",
        "/api/export.csv",
        "/api/export.json",
        "/api/openapi.json",
        "/archivist/login",
    ],
)
def test_query_parameters_of_every_page_and_api(hostile_site, recorder, route):
    import requests

    base, _ = hostile_site
    session = requests.Session()

    @FUZZ
    @given(params)
    def run(query):
        check(*recorder.send(session, f"GET {route}", "GET", base + route, params=query))

    run()


@pytest.mark.parametrize(
    "template", ["/article/{}", "/article/{}/original", "/api/article/{}", "/api/export.{}", "/static/{}"]
)
def test_path_parameters(hostile_site, recorder, template):
    import requests

    base, _ = hostile_site
    session = requests.Session()

    @FUZZ
    @given(ids, params)
    def run(value, query):
        check(
            *recorder.send(session, f"GET {template}", "GET", _id_path(base, template, value), params=query)
        )

    run()


def test_article_pages_of_real_articles_with_any_parameters(hostile_site, recorder):
    import requests

    base, _ = hostile_site
    session = requests.Session()
    real = [h["id"] for h in session.get(f"{base}/api/search", params={"size": 100}).json()["hits"]]

    @FUZZ
    @given(st.sampled_from(real), params)
    def run(article, query):
        for template in ("/article/{}", "/api/article/{}"):
            check(
                *recorder.send(
                    session, f"GET {template} (real)", "GET", _id_path(base, template, article), params=query
                )
            )

    run()


@pytest.mark.parametrize("route", ["/archivist/admin", "/archivist/upload", "/archivist/"])
def test_archivist_pages_when_logged_in(hostile_site, recorder, archivist_session, route):
    base, _ = hostile_site

    @FUZZ
    @given(params)
    def run(query):
        check(
            *recorder.send(archivist_session, f"GET {route} (logged in)", "GET", base + route, params=query)
        )

    run()


def test_login_form(hostile_site, recorder):
    import requests

    base, _ = hostile_site
    session = requests.Session()
    form = st.fixed_dictionaries({"name": values, "password": values, "csrf_token": values})

    @FUZZ
    @given(form, params)
    def run(data, query):
        check(
            *recorder.send(
                session, "POST /archivist/login", "POST", f"{base}/archivist/login", params=query, data=data
            )
        )

    run()


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            # zip headers end a name at NUL (zipfile cannot write "\x00.txt"): the rest still goes in
            archive.writestr(name.replace("\x00", "_"), content)
    return buffer.getvalue()


names = st.one_of(
    st.text(min_size=1, max_size=40).map(lambda s: s + ".txt"),
    st.sampled_from(
        ["..txt", "../x.txt", "/etc/passwd", "a" * 300 + ".html", "x.exe", ".hidden.txt", "b.zip"]
    ),
    st.text(min_size=1, max_size=300),
)
contents = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.sampled_from(VOCABULARY + KNOWN_BAD), max_size=300).map(lambda w: " ".join(w).encode()),
)
files = st.lists(
    st.one_of(
        st.tuples(names, contents),
        st.lists(st.tuples(names, contents), max_size=5, unique_by=lambda m: m[0]).map(
            lambda m: ("kiriman.zip", _zip(m))
        ),
    ),
    min_size=0,
    max_size=4,
)


def test_uploads(hostile_site, recorder, archivist_session):
    base, _ = hostile_site

    @settings(FUZZ, max_examples=EXAMPLES // 2)
    @given(files)
    def run(chosen):
        upload = [("files", (name, content)) for name, content in chosen]
        data = {"csrf_token": archivist_session.csrf}
        check(
            *recorder.send(
                archivist_session,
                "POST /archivist/upload",
                "POST",
                f"{base}/archivist/upload",
                data=data,
                files=upload or None,
            )
        )

    run()


def test_corrections_and_deletions_of_unknown_or_real_articles(hostile_site, recorder, archivist_session):
    import requests

    base, _ = hostile_site
    real = [h["id"] for h in requests.get(f"{base}/api/search", params={"size": 100}).json()["hits"]]
    fields = st.dictionaries(st.sampled_from(["date", "outlet", "title", "place", "x"]), values, max_size=4)

    @FUZZ
    @given(st.one_of(st.sampled_from(real), ids), fields)
    def run(article, data):
        url = _id_path(base, "/archivist/article/{}/correct", article)
        form = {**data, "csrf_token": archivist_session.csrf}
        check(*recorder.send(archivist_session, "POST /archivist/article/{}/correct", "POST", url, data=form))

    run()

    @FUZZ
    @given(ids)
    def delete(article):
        if article in real:
            return
        url = _id_path(base, "/archivist/article/{}/delete", article)
        form = {"csrf_token": archivist_session.csrf}
        check(*recorder.send(archivist_session, "POST /archivist/article/{}/delete", "POST", url, data=form))

    delete()
