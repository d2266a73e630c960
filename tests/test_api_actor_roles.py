"""A person's title at the time is written with the person: roles (or one title) through the API."""

import datetime

from django.urls import reverse

from crisis.models import Actor, ActorRole
from tests import factories as f

LIST = reverse("v1:actor-list")


def test_an_editor_creates_a_minister_with_her_title_in_one_request(editor_client):
    response = editor_client.post(LIST, {
        "name": "María Andrea Matamoros", "slug": "maria-andrea-matamoros", "kind": "person",
        "title": "Deputy Foreign Minister of Honduras",
    }, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == "Deputy Foreign Minister of Honduras"
    actor = Actor.objects.get(slug="maria-andrea-matamoros")
    assert list(actor.roles.values_list("title", flat=True)) == ["Deputy Foreign Minister of Honduras"]


def test_an_editor_gives_a_coordinator_roles_with_organisation_and_dates(editor_client):
    f.ActorFactory(slug="white-house", name="The White House", kind="government_body")
    response = editor_client.post(LIST, {
        "name": "Cecilia Muñoz", "slug": "cecilia-munoz", "kind": "person",
        "roles": [{"title": "Director of the Domestic Policy Council", "organisation": "white-house",
                   "start_date": "2012-01-10", "start_date_precision": "day", "as_of": "2014-07-24"}],
    }, content_type="application/json")
    assert response.status_code == 201, response.json()
    [role] = response.json()["roles"]
    assert (role["title"], role["organisation"]["slug"], role["period_display"]) == (
        "Director of the Domestic Policy Council", "white-house", "since Tuesday, January 10, 2012")


def test_an_editor_replaces_the_roles_of_their_draft_actor_and_the_old_one_stays_in_history(
    editor_client
):
    created = editor_client.post(LIST, {"name": "Tom Coordinator", "slug": "tom-coordinator",
                                        "title": "Acting coordinator"},
                                 content_type="application/json").json()
    url = reverse("v1:actor-detail", kwargs={"slug": created["slug"]})
    response = editor_client.patch(url, {"title": "Government coordinator for the border"},
                                   content_type="application/json",
                                   HTTP_IF_MATCH=editor_client.get(url)["ETag"])
    assert response.status_code == 200, response.json()
    assert [r["title"] for r in response.json()["roles"]] == ["Government coordinator for the border"]
    assert ActorRole.history.filter(title="Acting coordinator", history_type="-").exists()


def test_bad_roles_get_a_400_per_field_and_save_nothing(editor_client):
    before = Actor.objects.count()
    both = editor_client.post(LIST, {"name": "A", "slug": "a-both", "title": "Minister",
                                     "roles": [{"title": "Minister"}]}, content_type="application/json")
    unknown = editor_client.post(LIST, {"name": "B", "slug": "b-unknown",
                                        "roles": [{"title": "Minister", "organisation": "no-such-org"}]},
                                 content_type="application/json")
    backwards = editor_client.post(LIST, {"name": "C", "slug": "c-backwards", "roles": [
        {"title": "Minister", "start_date": "2014-07-01", "end_date": "2013-01-01",
         "start_date_precision": "day", "end_date_precision": "day"}]}, content_type="application/json")
    repeated = editor_client.post(LIST, {"name": "D", "slug": "d-repeated", "roles": [
        {"title": "Minister"}, {"title": "Minister"}]}, content_type="application/json")
    assert both.status_code == 400 and list(both.json()) == ["title"]
    assert unknown.status_code == 400 and list(unknown.json()) == ["roles"]
    assert backwards.status_code == 400, backwards.json()
    assert repeated.status_code == 400 and list(repeated.json()) == ["roles"]
    assert Actor.objects.count() == before and not ActorRole.objects.exists()


def test_a_reader_sees_each_participants_title_at_the_meeting_and_not_a_later_one(db, client):
    meeting = f.MeetingFactory(date=datetime.date(2014, 7, 25), date_precision="day")
    minister = f.ActorFactory(name="Mireya Agüero")
    ActorRole.objects.create(actor=minister, title="Foreign Minister of Honduras",
                             start_date=datetime.date(2014, 1, 27), start_date_precision="day",
                             end_date=datetime.date(2015, 3, 1), end_date_precision="day")
    ActorRole.objects.create(actor=minister, title="Ambassador", start_date=datetime.date(2016, 1, 1),
                             start_date_precision="day")
    f.MeetingParticipantFactory(meeting=meeting, actor=minister)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Mireya Agüero</a>, Foreign Minister of Honduras" in html
    assert "Ambassador" not in html


def test_a_reader_gets_each_meeting_participants_title_then_from_the_api(client, article):
    url = reverse("v1:meeting-detail", kwargs={"slug": "obama-central-american-presidents-2014-07-25"})
    titles = {p["actor"]["slug"]: p["title"] for p in client.get(url).json()["participants"]}
    assert titles["otto-perez-molina"] == "President of Guatemala"
    assert titles["barack-obama"] == "President of the United States"
