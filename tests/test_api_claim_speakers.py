"""A joint statement names every speaker, in order, each with the title the source gives them."""

import pytest
from django.test import Client
from django.urls import reverse

from crisis.models import Claim, ClaimSpeaker, RecordStatus
from tests import factories as f

LIST = reverse("v1:claim-list")


def detail(claim):
    return reverse("v1:claim-detail", kwargs={"pk": claim.pk})


def presidents():
    return [
        f.ActorFactory(name=name, slug=slug)
        for name, slug in [
            ("Barack Obama", "barack-obama"),
            ("Juan Orlando Hernández", "juan-orlando-hernandez"),
            ("Otto Pérez Molina", "otto-perez-molina"),
            ("Salvador Sánchez Cerén", "salvador-sanchez-ceren"),
        ]
    ]


def post_joint(client, source, speakers):
    return client.post(LIST, {
        "text": "The four presidents said they share responsibility for the children's safety.",
        "kind": "position", "source": source.slug, "speakers": speakers,
    }, content_type="application/json")


def test_an_editor_posts_a_joint_statement_by_four_presidents_and_reads_them_back_in_order(
    editor_client
):
    source = f.SourceFactory()
    obama, hernandez, perez, sanchez = presidents()
    response = post_joint(editor_client, source, [
        {"actor": "barack-obama", "title": "President of the United States"},
        {"actor": "juan-orlando-hernandez", "title": "President of Honduras"},
        "otto-perez-molina",
        "salvador-sanchez-ceren",
    ])
    assert response.status_code == 201, response.json()
    claim = Claim.objects.get(pk=response.json()["id"])
    assert claim.speaker == obama and claim.speaker_title == "President of the United States"
    assert [(row.actor, row.title) for row in claim.co_speakings.order_by("position")] == [
        (hernandez, "President of Honduras"), (perez, ""), (sanchez, ""),
    ]
    body = response.json()
    assert body["speaker"]["slug"] == "barack-obama"
    assert [(s["slug"], s["title"]) for s in body["speakers"]] == [
        ("barack-obama", "President of the United States"),
        ("juan-orlando-hernandez", "President of Honduras"),
        ("otto-perez-molina", ""),
        ("salvador-sanchez-ceren", ""),
    ]


def test_an_editor_naming_an_unknown_or_repeated_speaker_gets_a_400_on_speakers_and_nothing_saved(
    editor_client
):
    source = f.SourceFactory()
    presidents()
    before = Claim.objects.count()
    unknown = post_joint(editor_client, source, ["barack-obama", "nobody-at-all"])
    repeated = post_joint(editor_client, source, ["barack-obama", "otto-perez-molina", "barack-obama"])
    malformed = post_joint(editor_client, source, [{"who": "barack-obama"}])
    not_a_list = post_joint(editor_client, source, "barack-obama")
    for response in (unknown, repeated, malformed, not_a_list):
        assert response.status_code == 400
        assert list(response.json()) == ["speakers"]
    assert "nobody-at-all" in unknown.json()["speakers"][0]
    assert Claim.objects.count() == before and not ClaimSpeaker.objects.exists()


def test_an_editor_sending_both_speaker_and_speakers_is_told_to_send_one(editor_client):
    source = f.SourceFactory()
    presidents()
    response = editor_client.post(LIST, {
        "text": "Joint.", "source": source.slug, "speaker": "barack-obama",
        "speakers": ["barack-obama", "otto-perez-molina"],
    }, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["speakers"]


def test_an_editor_replaces_the_speakers_of_their_draft_and_the_change_is_kept_in_history(
    editor_client
):
    source = f.SourceFactory()
    presidents()
    created = post_joint(editor_client, source, ["barack-obama", "otto-perez-molina"]).json()
    claim = Claim.objects.get(pk=created["id"])
    url = detail(claim)
    response = editor_client.patch(
        url, {"speakers": ["juan-orlando-hernandez", "barack-obama", "salvador-sanchez-ceren"]},
        content_type="application/json", HTTP_IF_MATCH=editor_client.get(url)["ETag"],
    )
    assert response.status_code == 200, response.json()
    assert [s["slug"] for s in response.json()["speakers"]] == [
        "juan-orlando-hernandez", "barack-obama", "salvador-sanchez-ceren",
    ]
    # The replaced list stays in the co-speakers' history.
    assert ClaimSpeaker.history.filter(actor__slug="otto-perez-molina", history_type="-").exists()


def test_an_editor_naming_the_lead_among_the_others_by_patching_speaker_gets_a_400(editor_client):
    source = f.SourceFactory()
    presidents()
    created = post_joint(editor_client, source, ["barack-obama", "otto-perez-molina"]).json()
    url = reverse("v1:claim-detail", kwargs={"pk": created["id"]})
    response = editor_client.patch(
        url, {"speaker": "otto-perez-molina"}, content_type="application/json",
        HTTP_IF_MATCH=editor_client.get(url)["ETag"],
    )
    assert response.status_code == 400
    assert "speaker" in response.json()
    assert Claim.objects.get(pk=created["id"]).speaker.slug == "barack-obama"


def test_publishing_a_joint_statement_brings_its_draft_co_speaker_into_review_and_public(
    editor_client, editor, reviewer
):
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    source = f.SourceFactory()
    f.ActorFactory(slug="barack-obama")
    newcomer = f.ActorFactory(slug="new-president", name="A New President", draft=True,
                              created_by=editor)
    created = post_joint(editor_client, source, ["barack-obama", "new-president"]).json()
    claim = Claim.objects.get(pk=created["id"])
    submitted = editor_client.post(reverse("v1:claim-submit", kwargs={"pk": claim.pk}))
    assert submitted.status_code == 200, submitted.json()
    review = reviewer_client.get(reverse("v1:claim-review", kwargs={"pk": claim.pk})).json()
    assert ("actor", newcomer.pk) in [(row["type"], row["id"]) for row in review["records"]]
    published = reviewer_client.post(reverse("v1:claim-publish", kwargs={"pk": claim.pk}))
    assert published.status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.status == RecordStatus.PUBLISHED


@pytest.mark.parametrize("where", ["api", "page", "list"])
def test_a_reader_never_sees_a_draft_co_speaker_of_a_published_claim(db, client, where):
    claim = f.ClaimFactory(speaker=f.ActorFactory(name="Barack Obama"))
    hidden = f.ActorFactory(name="Secret Draft Person", draft=True)
    shown = f.ActorFactory(name="Otto Pérez Molina")
    ClaimSpeaker.objects.create(claim=claim, actor=hidden, title="Draft title", position=0)
    ClaimSpeaker.objects.create(claim=claim, actor=shown, title="President of Guatemala", position=1)
    url = {"api": detail(claim), "page": claim.get_absolute_url(),
           "list": reverse("crisis:claim-list")}[where]
    text = client.get(url).content.decode()
    assert "Secret Draft Person" not in text and "Draft title" not in text
    assert "Otto P" in text and "President of Guatemala" in text


def test_a_readers_claim_page_names_every_speaker_in_json_ld_and_the_citation(db, client):
    claim = f.ClaimFactory(speaker=f.ActorFactory(name="Barack Obama"), speaker_title="President")
    ClaimSpeaker.objects.create(claim=claim, actor=f.ActorFactory(name="Otto Pérez Molina"),
                                title="President of Guatemala", position=0)
    response = client.get(claim.get_absolute_url())
    page = response.content.decode()
    assert "Speakers" in page
    assert "Barack Obama</a> (President) and" in page
    assert "Barack Obama and Otto Pérez Molina" in page  # cite this
    authors = response.context["jsonld"]["author"] if "author" in response.context["jsonld"] else \
        response.context["jsonld"]["itemReviewed"]["author"]
    assert [a["name"] for a in authors] == ["Barack Obama", "Otto Pérez Molina"]


def test_a_reader_still_finds_a_new_claim_by_its_words_after_the_co_speakers_migration(db, client):
    # On SQLite the migration rebuilds the claims table; its search triggers must come back.
    claim = f.ClaimFactory(text="The presidents pledged a quetzal-funded repatriation centre.")
    response = client.get(reverse("crisis:search"), {"q": "repatriation"})
    assert [c.pk for c in response.context["results"]["claims"]] == [claim.pk]
