"""On the desk, a joint statement's other speakers are typed one per line, with their titles."""

from django.urls import reverse

from crisis.models import Claim, ClaimSpeaker
from tests.editor_support import add_claim_data
from tests.factories import ActorFactory, ClaimFactory, SourceFactory

URL = reverse("crisis:claim-add")


def test_editor_adds_a_joint_statement_with_the_other_speakers_in_order(editor_client, editor):
    source = SourceFactory()
    obama = ActorFactory(name="Barack Obama", slug="barack-obama")
    hernandez = ActorFactory(name="Juan Orlando Hernández", slug="juan-orlando-hernandez")
    perez = ActorFactory(name="Otto Pérez Molina", slug="otto-perez-molina")
    response = editor_client.post(URL, add_claim_data(source, **{
        "claim-speaker": obama.pk, "claim-speaker_title": "President of the United States",
        "claim-co_speakers": "otto-perez-molina | President of Guatemala\n\n"
                             "juan orlando hernández | President of Honduras",
    }))
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.speaker == obama
    assert [(r.actor, r.title) for r in claim.co_speakings.order_by("position")] == [
        (perez, "President of Guatemala"), (hernandez, "President of Honduras"),
    ]
    # The edit form shows them back in the same order.
    page = editor_client.get(reverse("crisis:claim-edit", args=[claim.pk])).content.decode()
    assert ("otto-perez-molina | President of Guatemala\n"
            "juan-orlando-hernandez | President of Honduras") in page


def test_editor_naming_an_unknown_other_speaker_sees_the_form_again_and_nothing_is_saved(
    editor_client
):
    source = SourceFactory()
    response = editor_client.post(URL, add_claim_data(source, **{
        "claim-co_speakers": "Nobody We Know | President of Nowhere",
    }))
    assert response.status_code == 200
    assert "no speaker is called “Nobody We Know”" in response.content.decode()
    assert not Claim.objects.exists() and not ClaimSpeaker.objects.exists()


def test_editor_listing_the_first_speaker_again_among_the_others_is_refused_on_the_speaker(
    editor_client
):
    source, obama = SourceFactory(), ActorFactory(name="Barack Obama", slug="barack-obama")
    response = editor_client.post(URL, add_claim_data(source, **{
        "claim-speaker": obama.pk, "claim-co_speakers": "barack-obama",
    }))
    assert response.status_code == 200
    assert "named twice" in response.content.decode()
    assert not Claim.objects.exists() and not ClaimSpeaker.objects.exists()


def test_editor_changes_the_other_speakers_of_their_draft(editor_client, editor):
    claim = ClaimFactory(draft=True, created_by=editor)
    first, second = ActorFactory(slug="first-one"), ActorFactory(slug="second-one")
    ClaimSpeaker.objects.create(claim=claim, actor=first, position=0)
    response = editor_client.post(reverse("crisis:claim-edit", args=[claim.pk]), {
        "claim-source": claim.source_id, "claim-text": claim.text, "claim-kind": "fact",
        "claim-speaker": claim.speaker_id, "claim-co_speakers": "second-one | Minister",
        "version": claim.version,
    })
    assert response.status_code == 302
    assert [(r.actor, r.title) for r in claim.co_speakings.all()] == [(second, "Minister")]
    claim.refresh_from_db()
    assert claim.version == 2


def test_an_administrator_sees_a_claims_other_speakers_in_order_in_the_admin(admin_client):
    claim = ClaimFactory(draft=True)
    ClaimSpeaker.objects.create(claim=claim, actor=ActorFactory(name="Otto Pérez Molina"),
                                title="President of Guatemala", position=0)
    response = admin_client.get(reverse("admin:crisis_claim_change", args=[claim.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Other speakers (a joint statement), in order" in page
    assert "President of Guatemala" in page
