"""An editor records, with a new claim on the desk, what a chamber of Congress did with a bill for a
funding request; it reaches readers when a reviewer publishes the claim."""

from django.test import Client

from crisis import services
from crisis.models import Claim, LegislativeAction, RecordStatus
from tests.editor_support import add_claim_data
from tests.factories import FundingRequestFactory, SourceFactory

URL = "/desk/claims/add/"


def test_an_editor_records_a_senate_vote_with_the_claim_and_readers_see_it_once_published(
    editor_client, editor, reviewer
):
    reader = Client()
    request = FundingRequestFactory()
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **{
        "legislation-request": request.pk, "legislation-bill_number": "S. 2648",
        "legislation-chamber": "senate", "legislation-action": "blocked",
        "legislation-date": "2014-07-31", "legislation-yeas": "50", "legislation-nays": "44",
        "legislation-threshold": "60",
    }))
    assert response.status_code == 302
    claim = Claim.objects.get()
    action = LegislativeAction.objects.get()
    assert action.claim == claim and action.status == RecordStatus.DRAFT
    assert list(claim.funding_requests.all()) == [request]
    assert "S. 2648" not in reader.get(request.get_absolute_url()).content.decode()

    services.claim_submit(claim=claim, user=editor)
    services.claim_publish(claim=claim, user=reviewer)
    action.refresh_from_db()
    assert action.status == RecordStatus.PUBLISHED
    assert "50–44 (60 needed)" in reader.get(request.get_absolute_url()).content.decode()


def test_a_negative_vote_count_shows_the_form_again_and_saves_nothing(editor_client):
    request = FundingRequestFactory()
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **{
        "legislation-request": request.pk, "legislation-bill_number": "H.R. 5230",
        "legislation-chamber": "house", "legislation-action": "passed", "legislation-yeas": "-3",
    }))
    assert response.status_code == 200
    assert response.context["forms"]["legislative_action"].errors["yeas"]
    assert 'id="establish-legislation" open' in response.content.decode()
    assert not Claim.objects.exists() and not LegislativeAction.objects.exists()


def test_an_editor_who_leaves_the_legislative_part_untouched_adds_just_the_claim(editor_client):
    assert editor_client.post(URL, add_claim_data(SourceFactory())).status_code == 302
    assert Claim.objects.count() == 1 and not LegislativeAction.objects.exists()
