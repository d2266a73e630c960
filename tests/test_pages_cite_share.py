"""Citing and sharing: a copyable reference on each record page, share-card meta tags, print."""

import datetime
import html as htmllib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from crisis.views.errors import database_unavailable
from tests import factories as f

SITE_CSS = Path(settings.BASE_DIR) / "static" / "crisis" / "site.css"


def cite_text(html):
    match = re.search(r'<textarea id="cite-text"[^>]*readonly>(.*?)</textarea>', html, re.S)
    assert match, "no plain-text citation"
    return htmllib.unescape(match.group(1))


def meta(html, name):
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    return htmllib.unescape(match.group(1)) if match else None


@pytest.fixture
def claim(db):
    source = f.SourceFactory(publisher="Latin Post", title="Leaders to meet Obama",
                             published_on=datetime.date(2014, 7, 24))
    speaker = f.ActorFactory(name="Josh Earnest")
    return f.ClaimFactory(text="Earnest said the leaders would discuss migration.", quote="We will meet.",
                          speaker=speaker, source=source, said_on=datetime.date(2014, 7, 22))


def test_a_journalist_copies_a_claim_with_its_text_speaker_source_date_and_permalink(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    text = cite_text(html)
    assert "Earnest said the leaders would discuss migration." in text
    assert "“We will meet.” — Josh Earnest, Tuesday, July 22, 2014." in text
    assert "Source: Latin Post, “Leaders to meet Obama”, Thursday, July 24, 2014." in text
    assert text.endswith(f"claim #{claim.pk}. http://testserver/claims/{claim.pk}/")


def test_a_journalist_copies_a_claim_as_an_html_link_to_its_permalink(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    link = htmllib.unescape(re.search(r'<textarea id="cite-link"[^>]*>(.*?)</textarea>', html, re.S).group(1))
    assert link == (f'<a href="http://testserver/claims/{claim.pk}/">'
                    f"Claim #{claim.pk}: Earnest said the leaders would discuss migration.</a>")
    assert f'<a class="permalink" href="http://testserver/claims/{claim.pk}/">' in html
    assert 'id="cite"' in html and 'href="#cite"' in html


def test_a_claim_from_an_undated_source_with_no_speaker_cites_without_empty_slots(client, db):
    source = f.SourceFactory(publisher="Latin Post", title="Leaders to meet Obama", published_on=None)
    claim = f.ClaimFactory(text="Shelters are full", quote="", speaker=None, speaker_title="",
                           source=source, said_on=None, occurred_on=None)
    text = cite_text(client.get(claim.get_absolute_url()).content.decode())
    assert text.startswith("Shelters are full. Source: Latin Post, “Leaders to meet Obama”. ")
    assert ", ," not in text and ", ." not in text and "—  " not in text and "()" not in text


def test_a_journalist_finds_a_citation_on_figure_meeting_and_funding_pages(client, db):
    figure = f.CrossingStatisticFactory(as_of=datetime.date(2014, 6, 15))
    meeting = f.MeetingFactory(title="Obama meets Central American presidents",
                               date=datetime.date(2014, 7, 25), place="White House")
    funding = f.FundingRequestFactory(title="Emergency request", amount=Decimal("3700000000"))
    backing = f.ClaimFactory()
    backing.statistics.add(figure)
    backing.meetings.add(meeting)
    backing.funding_requests.add(funding)
    pages = {
        figure: f"figure #{figure.pk}",
        meeting: "Obama meets Central American presidents, Friday, July 25, 2014, White House",
        funding: "Emergency request: $3,700,000,000, asked by",
    }
    for record, expected in pages.items():
        text = cite_text(client.get(record.get_absolute_url()).content.decode())
        assert expected in text
        assert text.endswith("http://testserver" + record.get_absolute_url())
    meeting_text = cite_text(client.get(meeting.get_absolute_url()).content.decode())
    assert f"Source: {backing.source.publisher}" in meeting_text


def test_the_copy_button_comes_from_a_static_script_and_the_page_has_no_inline_script(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    assert re.search(r'<script src="/static/crisis/cite[^"]*\.js" defer></script>', html)
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attributes or 'type="application/ld+json"' in attributes, attributes
    assert "onclick" not in html and "style=" not in html
    script = (Path(settings.BASE_DIR) / "static" / "crisis" / "cite.js").read_text()
    assert "navigator.clipboard" in script and "createElement(\"button\")" in script


def test_a_shared_claim_link_shows_its_text_in_the_share_card(client, claim):
    html = client.get(claim.get_absolute_url()).content.decode()
    assert meta(html, "og:title").startswith(f"Claim #{claim.pk}: Earnest said")
    assert meta(html, "og:description") == claim.text
    assert meta(html, "og:url") == f"http://testserver/claims/{claim.pk}/"
    assert meta(html, "og:type") == "article"
    assert meta(html, "twitter:card") == "summary"


@pytest.mark.parametrize(
    "name", ["crisis:home", "crisis:timeline", "crisis:figure-list", "crisis:meeting-list"])
def test_every_page_carries_share_card_defaults(client, db, name):
    html = client.get(reverse(name)).content.decode()
    for tag in ("og:title", "og:description", "og:url", "og:type", "twitter:card"):
        assert meta(html, tag), tag
    assert meta(html, "og:type") == "website"


def test_a_share_card_url_is_the_permalink_without_the_query_string(client, claim):
    html = client.get(claim.get_absolute_url() + "?utm_source=x").content.decode()
    assert meta(html, "og:url") == f"http://testserver/claims/{claim.pk}/"


def test_a_draft_speaker_behind_a_public_claim_is_named_neither_in_the_citation_nor_the_card(client, db):
    hidden = f.ActorFactory(name="Unpublished Person", draft=True)
    claim = f.ClaimFactory(text="A public statement.", speaker=hidden, speaker_title="an official")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Unpublished Person" not in html


def test_a_printed_page_shows_where_each_internal_link_points():
    css = SITE_CSS.read_text()
    print_blocks = re.findall(r"@media print \{(.*?)\n\}", css, re.S)
    assert any('main a[href^="/"]::after { content: " (" attr(href) ")"' in block for block in print_blocks)
    assert any(".copy-button" in block for block in print_blocks)


def _luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOUR = re.compile(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})")
DARK = re.compile(r"@media screen and \(prefers-color-scheme: dark\) \{\s*:root \{(.*?)\}", re.S)


def _schemes(css):
    """{scheme: {variable: colour}}: the light set at :root, and the dark one as it overrides it."""
    light = dict(COLOUR.findall(re.search(r"^:root \{(.*?)^\}", css, re.M | re.S)[1]))
    return {"light": light, "dark": light | dict(COLOUR.findall(DARK.search(css)[1]))}


# Text on its background, each pair AA (4.5:1) in both schemes.
TEXT_PAIRS = [
    ("--ink", "--paper"), ("--ink", "--tint"), ("--muted", "--paper"), ("--muted", "--tint"),
    ("--accent", "--paper"), ("--accent", "--tint"), ("--accent-ink", "--accent"), ("--warn", "--warn-bg"),
    ("--bad", "--bad-bg"), ("--good", "--good-bg"), ("--info", "--info-bg"), ("--mark-ink", "--mark-bg"),
    ("--header-ink", "--header-bg"), ("--header-link", "--header-bg"), ("--ink", "--field-bg"),
    ("--bad", "--paper"), ("--ink", "--warn-bg"), ("--ink", "--bad-bg"), ("--ink", "--good-bg"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_keyboard_user_sees_a_focus_ring_with_at_least_3_to_1_contrast(scheme):
    css = SITE_CSS.read_text()
    colours = _schemes(css)[scheme]
    ring = re.search(r"^:focus-visible \{ outline: 3px solid ([^;]+);", css, re.M).group(1)
    ring = colours.get(ring.removeprefix("var(").removesuffix(")"), ring)
    assert _contrast(ring, colours["--paper"]) >= 3 and _contrast(ring, colours["--tint"]) >= 3
    header = r"\.site-header :focus-visible[^{]*\{ outline-color: var\((--[\w-]+)\)"
    assert _contrast(colours[re.search(header, css).group(1)], colours["--header-bg"]) >= 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_colour_keeps_aa_contrast_on_its_background(scheme):
    colours = _schemes(SITE_CSS.read_text())[scheme]
    low = [(ink, paper, round(_contrast(colours[ink], colours[paper]), 2)) for ink, paper in TEXT_PAIRS
           if _contrast(colours[ink], colours[paper]) < 4.5]
    assert low == []
    # Chart bars and form field borders are not text: 3:1 against the page (WCAG 1.4.11).
    for part in ("--accent", "--bar-hedged", "--field-line"):
        assert _contrast(colours[part], colours["--paper"]) >= 3, part


def test_an_error_page_drawn_without_the_request_has_no_empty_share_url(rf):
    html = database_unavailable(rf.get("/claims/1/")).content.decode()
    assert "og:url" not in html
    assert meta(html, "og:title") and meta(html, "twitter:card") == "summary"
