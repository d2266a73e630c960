"""The merged timeline (JSON and TimelineJS), the changes feed, ETags and the schema."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crisis import services
from crisis.models import Actor, Claim
from tests import factories as f

TIMELINE = "/api/v1/timeline/"
CHANGES = "/api/v1/changes/"


def kinds_and_ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def story(db):
    honduras = f.CountryFactory(name="Honduras", slug="honduras", country_code="HN")
    obama = f.ActorFactory(name="Barack Obama", slug="barack-obama")
    president = f.ActorFactory(name="Juan Orlando Hernández", slug="joh", country=honduras)
    said = f.ClaimFactory(speaker=obama, occurred_on=datetime.date(2014, 7, 25), quote="We will meet.")
    meeting = f.MeetingFactory(date=datetime.date(2014, 7, 25), slug="summit", country=f.CountryFactory())
    f.MeetingParticipantFactory(meeting=meeting, actor=president)
    said.meetings.add(meeting)
    step = f.FundingStageChangeFactory(date=datetime.date(2014, 7, 8), claim=said)
    figure = f.CrossingStatisticFactory(as_of=datetime.date(2014, 6, 15), country=honduras)
    f.ClaimFactory(occurred_on=None, said_on=None).statistics.add(figure)  # undated: not on the timeline
    f.ClaimFactory(draft=True, occurred_on=datetime.date(2014, 7, 1))  # draft: readers never see it
    return {"said": said, "meeting": meeting, "step": step, "figure": figure}


def test_a_reader_gets_every_dated_item_in_order_with_citations(client, story):
    response = client.get(TIMELINE)
    assert kinds_and_ids(response) == [
        f"figure-{story['figure'].pk}",
        f"funding_stage-{story['step'].pk}",
        f"claim-{story['said'].pk}",
        f"meeting-{story['meeting'].pk}",
    ]
    meeting = response.json()["results"][3]
    assert meeting["date_display"] == "Friday, July 25, 2014"
    assert meeting["citations"][0]["quote"] == "We will meet."
    assert meeting["api_url"].endswith(reverse("v1:meeting-detail", kwargs={"slug": "summit"}))


TIMELINE_FILTERS = [
    ({"date_after": "2014-07-01"}, ["funding_stage", "claim", "meeting"]),
    ({"date_before": "2014-07-08"}, ["figure", "funding_stage"]),
    ({"actor": "barack-obama"}, ["funding_stage", "claim"]),
    ({"actor": "joh"}, ["meeting"]),
    ({"kind": ["meeting", "figure"]}, ["figure", "meeting"]),
    ({"country": "HN"}, ["figure", "meeting"]),
    ({"country": "honduras", "kind": "figure"}, ["figure"]),
]


@pytest.mark.parametrize(("params", "kinds"), TIMELINE_FILTERS, ids=[str(p) for p, _ in TIMELINE_FILTERS])
def test_a_reader_filters_the_timeline(client, story, params, kinds):
    assert [i.split("-")[0] for i in kinds_and_ids(client.get(TIMELINE, params))] == kinds


def test_a_reader_filters_by_actor_and_country_with_the_rules_of_the_pages(client, story):
    honduras = Actor.objects.get(slug="honduras")
    by_country = f.ClaimFactory(speaker=honduras, occurred_on=datetime.date(2014, 7, 2))
    attended = f.MeetingFactory(date=datetime.date(2014, 7, 3))
    f.MeetingParticipantFactory(meeting=attended, actor=honduras)
    about_obama = f.ClaimFactory(occurred_on=None, said_on=None)
    about_obama.actors.add(Actor.objects.get(slug="barack-obama"))
    backed = f.CrossingStatisticFactory(as_of=datetime.date(2014, 7, 4))
    about_obama.statistics.add(backed)
    assert kinds_and_ids(client.get(TIMELINE, {"country": "HN"})) == [
        f"figure-{story['figure'].pk}",
        f"claim-{by_country.pk}",  # said by the country itself
        f"meeting-{attended.pk}",  # the country takes part
        f"meeting-{story['meeting'].pk}",  # one of its people takes part
    ]
    assert f"figure-{backed.pk}" in kinds_and_ids(client.get(TIMELINE, {"actor": "barack-obama"}))


def test_on_the_same_day_the_more_precise_date_comes_first_then_claims_before_records(client, db):
    day = datetime.date(2014, 7, 25)
    month = f.ClaimFactory(occurred_on=day, occurred_on_precision="month")
    meeting = f.MeetingFactory(date=day)
    claim = f.ClaimFactory(occurred_on=day)
    expected = [f"claim-{claim.pk}", f"meeting-{meeting.pk}", f"claim-{month.pk}"]
    assert kinds_and_ids(client.get(TIMELINE)) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"actor": "nobody"}, "actor"),
        ({"country": "ZZ"}, "country"),
        ({"kind": "tweet"}, "kind"),
        ({"date_after": "July"}, "date_after"),
        ({"date_after": "2014-07-10", "date_before": "2014-07-01"}, "date_before"),
    ],
)
def test_a_reader_gets_a_400_for_a_bad_timeline_filter(client, story, params, field):
    response = client.get(TIMELINE, params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_reader_gets_the_timeline_as_a_timelinejs_document(client, story):
    response = client.get(TIMELINE, {"format": "timelinejs", "actor": "barack-obama"})
    assert response.status_code == 200
    document = response.json()
    assert document["title"]["text"]["headline"] == "Crisis Tracker timeline: Barack Obama"
    step, claim = document["events"]
    assert claim["start_date"] == {"year": 2014, "month": 7, "day": 25}
    assert claim["display_date"] == "Friday, July 25, 2014"
    assert claim["unique_id"] == f"claim-{story['said'].pk}"
    assert claim["group"] == "Claims" and step["group"] == "Funding"
    assert set(claim["text"]) == {"headline", "text"}
    assert "“We will meet.” — Barack Obama" in claim["text"]["text"]
    assert story["said"].source.title in claim["text"]["text"]


def test_a_timelinejs_slide_gives_only_the_parts_of_a_date_that_are_known(client, story):
    f.MeetingFactory(date=datetime.date(2014, 6, 15), date_precision="mid_month")
    events = client.get(TIMELINE, {"format": "timelinejs", "kind": "meeting"}).json()["events"]
    assert events[0]["start_date"] == {"year": 2014, "month": 6}
    assert events[0]["display_date"] == "mid-June 2014"


def test_an_editor_sees_draft_items_on_the_timeline(editor_client, story):
    assert len(editor_client.get(TIMELINE).json()["results"]) == 5


# -- changes feed --------------------------------------------------------------------------------


def changes(client, since):
    response = client.get(CHANGES, {"since": since.isoformat()})
    assert response.status_code == 200, response.content
    return [(row["type"], row["id"], row["action"]) for row in response.json()["results"]]


def test_a_reader_syncs_what_was_published_corrected_retracted_or_withdrawn_since_then(
    client, editor, reviewer
):
    kept, corrected, retracted = f.ClaimFactory.create_batch(3)
    figure = f.CrossingStatisticFactory()
    retracted.statistics.add(figure)  # the figure rests on this claim alone
    source = f.SourceFactory(draft=True, created_by=editor)
    new = f.ClaimFactory(draft=True, created_by=editor, source=source)
    services.claim_submit(claim=new, user=editor)
    since = timezone.now()
    services.claim_publish(claim=new, user=reviewer)
    services.claim_correct(claim=corrected, user=reviewer, changes={"text": "Corrected wording."},
                           note="The first wording misquoted her.")
    services.claim_retract(claim=retracted, user=reviewer, note="Wrong speaker.")
    f.ClaimFactory(draft=True)  # never public: not in a reader's feed
    rows = changes(client, since)
    assert rows == [
        ("claim", new.pk, "published"),
        ("source", new.source_id, "published"),
        ("claim", corrected.pk, "corrected"),
        ("claim", retracted.pk, "retracted"),
        ("figure", figure.pk, "withdrawn"),
    ]
    assert not any(r[1] == kept.pk and r[0] == "claim" for r in rows)


def test_a_record_going_public_is_listed_when_it_was_published_not_when_its_draft_was_saved(
    client, editor, reviewer
):
    claim = f.ClaimFactory(draft=True, created_by=editor)
    stance = f.StanceFactory(draft=True, created_by=editor, claim=claim, actor=claim.speaker)
    services.claim_submit(claim=claim, user=editor)
    since = timezone.now()  # the drafts were saved before this moment
    services.claim_publish(claim=claim, user=reviewer)
    assert ("stance", stance.pk, "published") in changes(client, since)


def test_an_editor_sees_drafts_and_every_workflow_step_in_the_changes_feed(editor_client, editor):
    since = timezone.now()
    draft = services.record_create(Claim, user=editor, fields={
        "text": "A new draft.", "source": f.SourceFactory()})
    services.claim_submit(claim=draft, user=editor)
    assert changes(editor_client, since) == [("claim", draft.pk, "created"), ("claim", draft.pk, "submitted")]
    assert changes(Client(), since) == []


def test_the_changes_feed_links_to_the_record_and_needs_a_valid_since(client, db):
    since = timezone.now()
    claim = f.ClaimFactory(draft=True)
    services.claim_submit(claim=claim, user=f.reviewer_for_tests())
    services.claim_publish(claim=claim, user=f.reviewer_for_tests())
    row = next(
        r for r in client.get(CHANGES, {"since": since.isoformat()}).json()["results"] if r["type"] == "claim"
    )
    assert row["api_url"].endswith(reverse("v1:claim-detail", kwargs={"pk": claim.pk}))
    assert client.get(CHANGES).json() == {"since": ["This field is required."]}
    assert "since" in client.get(CHANGES, {"since": "yesterday"}).json()
    assert (
        client.get(CHANGES, {"since": (timezone.now() + datetime.timedelta(days=1)).isoformat()}).json()[
            "results"
        ]
        == []
    )


# -- ETag, Last-Modified, 304 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims/",
        "/api/v1/figures/?metric=uac_arrivals",
        TIMELINE,
        f"{CHANGES}?since=2000-01-01T00:00Z",
    ],
)
def test_a_client_asking_again_with_the_etag_gets_a_304(client, story, url):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_list_etag_changes_when_a_backing_claim_is_corrected(client, story):
    url = "/api/v1/figures/"
    etag = client.get(url)["ETag"]
    claim = story["figure"].claims.get()
    services.claim_correct(claim=claim, user=f.reviewer_for_tests(), changes={"quote": "A new quote."},
                           note="The quote was cut short.")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get(url + "?metric=removals")["ETag"] != changed["ETag"]  # the filter is in the key


def test_a_detail_gets_last_modified_and_honours_if_modified_since(client, story):
    url = reverse("v1:claim-detail", kwargs={"pk": story["said"].pk})
    first = client.get(url)
    assert "Last-Modified" in first
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"stale"').status_code == 200


def test_an_editor_and_a_reader_never_share_an_etag(client, editor_client, story):
    from django.test import Client

    reader_etag = Client().get("/api/v1/claims/")["ETag"]
    response = editor_client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=reader_etag)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


# -- schema and docs -----------------------------------------------------------------------------


def test_the_schema_describes_every_endpoint_and_filter(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert schema["info"]["version"] == "1.0.0 (v1)"
    params = {p["name"]: p for p in schema["paths"]["/api/v1/figures/"]["get"]["parameters"]}
    for name in [
        "metric",
        "geography",
        "country",
        "period_start_after",
        "period_end_before",
        "as_of_after",
        "source",
        "ordering",
        "page_size",
    ]:
        assert params[name].get("description"), name
    assert "text/csv" in schema["paths"]["/api/v1/figures/"]["get"]["responses"]["200"]["content"]
    assert {"/api/v1/timeline/", "/api/v1/changes/", "/api/v1/claims/{id}/"} <= set(schema["paths"])


def test_the_schema_lists_every_refusal_an_operation_can_answer_with(client, db):
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    operations = [(path, method, operation) for path, item in paths.items()
                  for method, operation in item.items() if method in ("get", "post", "put", "patch")]
    for path, method, operation in operations:
        codes = set(operation["responses"])
        assert {"400", "404", "429"} <= codes, (method, path)
        if method != "get":
            assert {"401", "403", "409", "413"} <= codes, (method, path)
    patch = paths["/api/v1/claims/{id}/"]["patch"]
    assert {"412", "428"} <= set(patch["responses"])
    assert [p["required"] for p in patch["parameters"] if p["name"] == "If-Match"] == [True]
    create = paths["/api/v1/claims/"]["post"].get("parameters", [])
    assert [p for p in create if p["name"] == "If-Match"] == []


def test_the_schema_says_readers_need_no_account_but_writers_and_the_review_list_do(client, db):
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {} in paths["/api/v1/figures/"]["get"]["security"]
    assert {} in paths["/api/v1/timeline/"]["get"]["security"]
    assert {} not in paths["/api/v1/figures/"]["post"]["security"]
    assert {} not in paths["/api/v1/claims/{id}/review/"]["get"]["security"]


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_interactive_docs_load_from_our_own_static_files(client, db, url):
    page = client.get(url).content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page


def test_the_schema_says_an_empty_filter_is_no_filter_and_an_empty_verdict_is_no_verdict(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]}
    assert {"type": "string", "maxLength": 0} in params["date_after"]["anyOf"]
    assert "anyOf" not in params["page_size"]  # an empty page size is refused
    verdict = schema["components"]["schemas"]["Citation"]["properties"]["verdict"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in verdict["oneOf"]


def test_a_reader_gets_the_same_meetings_with_an_empty_date_filter_as_without(client, article):
    assert client.get("/api/v1/meetings/?date_after=").json() == client.get("/api/v1/meetings/").json()


def test_a_data_desk_misspelling_a_timeline_filter_is_told_instead_of_getting_everything(client, db):
    response = client.get("/api/v1/timeline/", {"actr": "barack-obama"})
    assert response.status_code == 400
    assert "actor" in response.json()["actr"][0]
