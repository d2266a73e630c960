"""Two claims marked as conflicting are shown side by side wherever either is listed, labelled,
and a reader never sees a conflicting claim that is still a draft."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    ClaimFactory,
    FundingRequestFactory,
    MeetingFactory,
    PolicyProposalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def disputed():
    """A meeting, a request, a proposal and a speaker, each named by a claim that a second claim,
    from another speaker, contradicts; and a third, unpublished, contradicting claim."""
    speaker = ActorFactory(name="Juan Orlando Hernández")
    meeting, funding, proposal = MeetingFactory(), FundingRequestFactory(), PolicyProposalFactory()
    claim = ClaimFactory(
        speaker=speaker, text="Arrivals fell to 120 a day in July.",
        occurred_on=datetime.date(2014, 7, 15), occurred_on_precision="month",
    )
    claim.meetings.add(meeting)
    claim.funding_requests.add(funding)
    claim.proposals.add(proposal)
    other = ClaimFactory(speaker=ActorFactory(name="Jeh Johnson"), text="Arrivals are still 250 a day.")
    draft = ClaimFactory(draft=True, text="Unpublished rebuttal of the July figure.")
    claim.conflicts_with.add(other, draft)
    return {"claim": claim, "other": other, "speaker": speaker, "meeting": meeting,
            "funding": funding, "proposal": proposal}


def _pages(disputed):
    return {
        "actor": disputed["speaker"].get_absolute_url(),
        "meeting": disputed["meeting"].get_absolute_url(),
        "funding": disputed["funding"].get_absolute_url(),
        "proposal": disputed["proposal"].get_absolute_url(),
        "timeline": reverse("crisis:timeline"),
        "claims list": reverse("crisis:claim-list"),
    }


def _conflict_block(html, text):
    """The labelled conflict block of the list entry that shows `text`."""
    before, found, rest = html.split(text, 1)[1].partition('class="conflicting"')
    # The block belongs to this entry: no other entry starts between the text and it.
    assert found and "claim-row" not in before and "tl-item" not in before
    return rest.split("</ul>", 1)[0]


@pytest.mark.parametrize("page", ["actor", "meeting", "funding", "proposal", "timeline", "claims list"])
def test_a_reader_sees_the_conflicting_claim_beside_the_claim_on_every_page_that_lists_it(
        client, disputed, page):
    html = client.get(_pages(disputed)[page]).content.decode()
    block = _conflict_block(html, "Arrivals fell to 120 a day in July.")
    assert "Conflicts with" in block
    assert "Arrivals are still 250 a day." in block
    assert disputed["other"].get_absolute_url() in block
    assert "Jeh Johnson" in block


@pytest.mark.parametrize("page", ["actor", "meeting", "funding", "proposal", "timeline", "claims list"])
def test_a_reader_never_sees_a_draft_claim_among_the_conflicts(client, disputed, page):
    html = client.get(_pages(disputed)[page]).content.decode()
    assert "Unpublished rebuttal" not in html


def test_an_editor_sees_the_draft_conflict_marked_as_a_draft(client, disputed, editor):
    client.force_login(editor)
    html = client.get(disputed["meeting"].get_absolute_url()).content.decode()
    block = _conflict_block(html, "Arrivals fell to 120 a day in July.")
    assert "Unpublished rebuttal of the July figure." in block
    assert "badge-draft" in block


def test_a_claim_with_no_conflict_carries_no_conflict_block(client):
    meeting = MeetingFactory()
    ClaimFactory(text="Leaders met at the White House.").meetings.add(meeting)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'class="conflicting"' not in html and "has-conflict" not in html
