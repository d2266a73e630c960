"""The add-claim page as Eddie meets it: every problem listed at the top with a link to its field,
marks that say what is needed, and the parts a claim rarely needs folded away until used."""

import re

from django.urls import reverse

from crisis.models import Claim, CrossingStatistic
from tests.editor_support import NEW_FIGURE, add_claim_data
from tests.factories import SourceFactory

URL = reverse("crisis:claim-add")


def summary_links(html):
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def opened_parts(html):
    return set(re.findall(r'<details class="[^"]*"(?: id="([^"]+)")?[^>]*\bopen\b', html)) - {""}


def test_eddie_sees_how_many_problems_there_are_with_a_link_to_each_field(editor_client):
    response = editor_client.post(URL, add_claim_data(**{"claim-text": "", "figure-value": "283"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert not Claim.objects.exists()
    # The claim: no source, no text. The figure: a value alone lacks metric, unit, period, geography.
    assert "7 problems to fix" in html
    links = summary_links(html)
    assert links[:2] == [("id_claim-source", "Existing source"), ("id_claim-text", "What is claimed")]
    assert ("id_figure-unit", "The figure: Unit") in links
    # Each link leads to a field on the page, and the summary takes the focus when the page loads.
    for anchor, _ in links:
        assert f'id="{anchor}"' in html
    assert 'id="error-summary" tabindex="-1" autofocus' in html


def test_the_figures_own_message_is_not_counted_again_beside_its_fields(editor_client):
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **{"figure-value": "283"}))
    html = response.content.decode()
    assert "5 problems to fix" in html
    assert "A figure needs a value, a unit, a period and a geography." in html  # still on the part
    assert [label for _, label in summary_links(html)] == [
        "The figure: Metric", "The figure: Unit", "The figure: Geography",
        "The figure: Period start", "The figure: Period end",
    ]  # in the order the fields stand on the page


def test_a_page_without_problems_has_no_summary(editor_client):
    assert "error-summary" not in editor_client.get(URL).content.decode()


def test_eddie_sees_the_existing_source_marked_as_needed(editor_client):
    html = editor_client.get(URL).content.decode()
    label = re.search(r'<label for="id_claim-source">(.*?)</label>', html, re.S).group(1)
    assert 'class="req"' in label


def test_a_figures_period_is_marked_needed_and_its_help_no_longer_says_it_may_be_blank(editor_client):
    html = editor_client.get(URL).content.decode()
    for name in ["period_start", "period_end"]:
        label = re.search(rf'<label for="id_figure-{name}">(.*?)</label>', html, re.S).group(1)
        assert 'class="req"' in label
    assert "blank if not reported" not in html


def test_a_figures_unit_and_geography_start_blank_so_no_default_is_saved_unseen(editor_client):
    html = editor_client.get(URL).content.decode()
    for name in ["unit", "geography"]:
        select = re.search(rf'<select name="figure-{name}".*?</select>', html, re.S).group(0)
        assert re.findall(r'value="([^"]*)" selected', select) == [""]
    data = add_claim_data(SourceFactory(), **{**NEW_FIGURE, "figure-unit": ""})
    response = editor_client.post(URL, data)
    assert 'href="#id_figure-unit"' in response.content.decode()
    assert not CrossingStatistic.objects.exists()


def test_the_optional_parts_start_folded_and_what_every_claim_needs_starts_open(editor_client):
    html = editor_client.get(URL).content.decode()
    assert opened_parts(html) == set()  # the open sections 1 to 3 and 5 carry no id
    assert html.count("<details") == 14
    assert html.count('<details class="card form-section" open>') == 4
    assert html.count('type="submit">Save draft</button>') == 2


def test_a_figure_claim_shows_the_figure_part_open(editor_client):
    response = editor_client.post(URL, add_claim_data(**{"claim-kind": "figure"}))
    assert "establish-figure" in opened_parts(response.content.decode())


def test_a_plan_or_announcement_shows_the_new_proposal_part_open(editor_client):
    response = editor_client.post(URL, add_claim_data(**{"claim-kind": "plan"}))
    opened = opened_parts(response.content.decode())
    assert "establish-proposal" in opened and "establish-figure" not in opened


def test_a_part_eddie_filled_in_or_got_wrong_stays_open(editor_client):
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **{
        "meeting-title": "Leaders meet in Washington", "claim-actors": ["999"],
    }))
    opened = opened_parts(response.content.decode())
    assert {"establish-meeting", "about"} <= opened
    assert "establish-figure" not in opened
