"""Hostile text through every output, parsed back: it arrives as the text it was, never as markup.

Hypothesis builds the text from pieces an attacker would try (tags, event handlers, quotes, CDATA
ends, comment openers, formula prefixes, line separators) mixed with any unicode but NUL, which
the input limits refuse before it reaches a record. Each database-backed example runs inside a
transaction that is rolled back, so examples never see each other's records.
"""

import csv
import functools
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisis import highlighting
from crisis.csvstream import cell, csv_lines
from crisis.selectors import search
from tests import factories as f

PIECES = [
    "<script>alert(1)</script>", "</script>", "</SCRIPT >", "<img src=x onerror=alert(1)>", "<!--", "-->",
    '"', "'", "`", "]]>", "<![CDATA[", "&", "&amp;", "&#60;", "<", ">", "=HYPERLINK(\"http://x\")",
    "=1+1", "+1", "-1", "@SUM(A1)", "\t", "\r", "\n", "\r\n", "\u2028", "\u2029", "\ufeff", "\\", "\\u003c",
    "{{ x }}", "{% x %}", "javascript:alert(1)", "\x01", "\x1b", "\ufffe", "😀", "ü", "\u202e",
]
any_char = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
hostile = (
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(any_char, max_size=8)), min_size=1, max_size=5)
    .map("".join)
    .filter(lambda text: text.strip() and len(text) <= 150)
)
DB_EXAMPLES = settings(
    max_examples=15, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def rolled_back(test):
    """Runs one example in a transaction that is undone afterwards."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return run


def lines(text):
    """Line ends as a parser of XML or HTML hands them back, and no other whitespace change."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def words(text):
    return "".join(text.split())


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "cite")


class Page(HTMLParser):
    """Elements, attributes, text and script bodies of an HTML document, as a browser reads them."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.elements, self.text, self.scripts, self._script = [], [], [], None
        self.feed(document)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        (self._script if self._script is not None else self.text).append(data)

    def assert_no_markup_from_text(self):
        for tag, attrs in self.elements:
            assert tag not in {"img", "iframe", "object", "embed"}, (tag, attrs)
            assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
            links = [attrs.get(name) or "" for name in URL_ATTRIBUTES]
            assert not [link for link in links if link.strip().lower().startswith("javascript:")]
            if tag == "script":
                assert attrs.get("type") == "application/ld+json" or attrs["src"].startswith("/static/")

    def json_ld(self):
        return [json.loads(body) for body in self.scripts if body.strip()]


# CSV --------------------------------------------------------------------------------------------

def parse_csv(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def neutralised(value):
    """The rule, stated apart from the code: text that could start a formula gets an apostrophe,
    unless it is a plain number."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return "'" + value
    return value


@given(st.lists(st.lists(st.one_of(hostile, st.integers(), st.decimals(allow_nan=False,
                                                                      allow_infinity=False)),
                         min_size=1, max_size=4), max_size=5))
def test_csv_cells_parse_back_as_written_with_formulas_neutralised(rows):
    header = ["a", "b", "c", "d"]
    parsed = parse_csv("".join(csv_lines(header, rows, batch=2)))
    assert parsed[0] == header
    assert len(parsed) == len(rows) + 1
    for row, back in zip(rows, parsed[1:], strict=True):
        for value, text in zip(row, back, strict=True):
            # Numbers are written as numbers, negative ones included.
            assert text == (neutralised(value) if isinstance(value, str) else str(value))


@pytest.mark.parametrize(("value", "written"), [
    ('=HYPERLINK("http://evil.example","Click")', '\'=HYPERLINK("http://evil.example","Click")'),
    ("+1 202 555 0100", "'+1 202 555 0100"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\tstarts with a tab", "'\tstarts with a tab"),
    ("\rstarts with a return", "'\rstarts with a return"),
    ("-12", "-12"),
    ("-3.50", "-3.50"),
    (-12, -12),
    (Decimal("-3.5"), Decimal("-3.5")),
    ("57,000 children", "57,000 children"),
])
def test_formula_cells_get_an_apostrophe_and_plain_numbers_do_not(value, written):
    assert cell(value) == written


def csv_rows(response):
    text = b"".join(response.streaming_content).decode()
    header, *rows = parse_csv(text)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.django_db
@DB_EXAMPLES
@given(text=hostile, quote=hostile, method=hostile, publisher=hostile)
@rolled_back
def test_both_figure_csvs_carry_hostile_text_as_text(client, text, quote, method, publisher):
    source = f.SourceFactory(title=text, publisher=publisher)
    figure = f.CrossingStatisticFactory(source=source, method=method, population=text, area=quote[:100])
    f.ClaimFactory(text=text, quote=quote, source=source).statistics.add(figure)

    [page_row] = csv_rows(client.get(reverse("crisis:figure-csv")))
    assert (page_row["method"], page_row["population"], page_row["area"]) == (
        neutralised(method), neutralised(text), neutralised(quote[:100]))
    assert (page_row["source_publisher"], page_row["source_title"]) == (
        neutralised(publisher), neutralised(text))
    assert (page_row["claim_texts"], page_row["claim_quotes"]) == (neutralised(text), neutralised(quote))

    [api_row] = csv_rows(client.get(reverse("v1:figure-list"), {"format": "csv"}))
    assert (api_row["method"], api_row["population"], api_row["area"]) == (
        neutralised(method), neutralised(text), neutralised(quote[:100]))
    assert (api_row["source_publisher"], api_row["source_title"]) == (
        neutralised(publisher), neutralised(text))
    assert (api_row["claim_texts"], api_row["claim_quotes"]) == (neutralised(text), neutralised(quote))


# Atom feed --------------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def xml_chars(text):
    """The text less the characters outside XML 1.0's Char production, which no feed can carry."""
    return "".join(c for c in text if c in "\t\n\r" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd"
                   or c >= "\U00010000")


@pytest.mark.django_db
@DB_EXAMPLES
@given(text=hostile, quote=hostile, speaker=hostile, title=hostile)
@rolled_back
def test_the_atom_feed_carries_hostile_text_as_text(client, text, quote, speaker, title):
    f.ClaimFactory(text=text, quote=quote, speaker=f.ActorFactory(name=speaker),
                   source=f.SourceFactory(title=title, publisher="Example Gazette"))
    response = client.get(reverse("crisis:timeline-feed"))
    assert response.status_code == 200
    [entry] = ET.fromstring(response.content).findall(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The reader decodes the XML and gets HTML with no markup in it, only escaped text...
    assert "<" not in summary.text and ">" not in summary.text
    shown = html.unescape(summary.text)
    # ...which shows exactly what the desk entered (less what XML cannot carry at all).
    speaker, text, quote, title = (xml_chars(value) for value in (speaker, text, quote, title))
    expected = f"{speaker}: {text} “{quote}” (Source: Example Gazette, {title})"
    assert lines(shown) == lines(expected)
    # Titles are Atom text: the XML decoding alone gives them back.
    assert lines(text) in lines(entry.find(f"{ATOM}title").text)


# JSON-LD ----------------------------------------------------------------------------------------

@given(st.recursive(
    st.one_of(hostile, st.integers(), st.booleans()),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(hostile, children, max_size=3)),
    max_leaves=8,
))
def test_a_json_ld_block_parses_back_to_the_data_whatever_the_text(data):
    document = render_to_string("crisis/includes/jsonld.html", {"jsonld": {"@context": "https://schema.org",
                                                                         "data": data}})
    page = Page(document)
    assert [tag for tag, _ in page.elements] == ["script"]
    assert page.json_ld() == [{"@context": "https://schema.org", "data": data}]


# Pages ------------------------------------------------------------------------------------------

@pytest.mark.django_db
@DB_EXAMPLES
@given(text=hostile, quote=hostile, speaker=hostile, title=hostile)
@rolled_back
def test_a_claim_page_shows_hostile_text_as_text_and_its_json_ld_parses_back(client, text, quote, speaker,
                                                                               title):
    claim = f.ClaimFactory(text=text, quote=quote, speaker=f.ActorFactory(name=speaker),
                           source=f.SourceFactory(title=title, publisher=speaker),
                           kind="quote")
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    page = Page(response.content.decode())
    page.assert_no_markup_from_text()
    shown = words("".join(page.text))
    for value in (text, quote, speaker, title):
        assert words(value) in shown
    [data] = page.json_ld()
    assert data["text"] == quote
    assert data["author"]["name"] == speaker
    assert data["appearance"]["headline"] == title


@pytest.mark.django_db
@DB_EXAMPLES
@given(query=hostile, name=hostile)
@rolled_back
def test_search_and_the_timeline_show_hostile_text_as_text(client, query, name):
    actor = f.ActorFactory(name=name, description=query)
    f.ClaimFactory(text=query, speaker=actor)
    # What search finds differs by database (full-text on PostgreSQL); the query itself is shown.
    for path, params, shown in (("/search/", {"q": query}, query.strip()), ("/timeline/", {}, name),
                                ("/actors/", {}, name), (actor.get_absolute_url(), {}, name)):
        response = client.get(path, params)
        assert response.status_code == 200, path
        page = Page(response.content.decode())
        page.assert_no_markup_from_text()
        assert words(shown) in words("".join(page.text)), path
        for data in page.json_ld():
            assert isinstance(data, dict)
    search = Page(client.get("/search/", {"q": query}).content.decode())
    assert [attrs["value"] for tag, attrs in search.elements if attrs.get("name") == "q"] == [query.strip()]


@given(text=hostile, query=hostile)
@settings(max_examples=200)
def test_marking_the_words_searched_for_adds_marks_and_nothing_else(text, query):
    marked = {
        "highlight": highlighting.highlight(text, highlighting.Terms(search.terms(query))),
        "snippet": highlighting.snippet(text * 3, highlighting.Terms(search.terms(query)), length=60),
    }
    for name, output in marked.items():
        page = Page(output)
        assert {tag for tag, _ in page.elements} <= {"mark"}, name
        assert all(attrs == {} for _, attrs in page.elements), name
        assert output.count("<mark>") == output.count("</mark>") == len(page.elements), name
    assert lines("".join(Page(marked["highlight"]).text)) == lines(text)


# TimelineJS -------------------------------------------------------------------------------------

@pytest.mark.django_db
@DB_EXAMPLES
@given(text=hostile, quote=hostile, title=hostile, path=hostile)
@rolled_back
def test_timelinejs_slides_hold_hostile_text_as_text(client, text, quote, title, path):
    url = "https://news.example.org/" + path.replace(" ", "")
    f.ClaimFactory(text=text, quote=quote, source=f.SourceFactory(title=title, url=url[:500]))
    response = client.get(reverse("v1:timeline-list"), {"format": "timelinejs"})
    assert response.status_code == 200
    [event] = json.loads(response.content)["events"]
    headline = Page(event["text"]["headline"])
    assert headline.elements == [] and lines("".join(headline.text)) == lines(text)
    slide = Page(event["text"]["text"])
    slide.assert_no_markup_from_text()
    assert {tag for tag, _ in slide.elements} <= {"p", "a"}
    for tag, attrs in slide.elements:
        assert set(attrs) <= {"class", "href"}
        if tag == "a":
            assert attrs["href"].startswith(("https://", "http://"))
    assert f"{url[:500]}" in [attrs.get("href") for _, attrs in slide.elements]
    shown = "".join(slide.text)
    assert lines(f"“{quote}”") in lines(shown) and lines(title) in lines(shown)


@pytest.mark.django_db
def test_a_source_url_that_is_not_http_is_never_a_link_in_timelinejs(client):
    f.ClaimFactory(source=f.SourceFactory(title="Not a link", url="javascript:alert(1)"))
    event = client.get(reverse("v1:timeline-list"), {"format": "timelinejs"}).json()["events"][0]
    slide = Page(event["text"]["text"])
    assert "javascript:" not in event["text"]["text"]
    assert "Not a link" in "".join(slide.text)
