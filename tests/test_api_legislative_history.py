"""A funding request's legislative history through the API: its line items (agency, exact amount,
the claim reporting each) and whether they add up, its dated steps, and what each chamber of
Congress did, each published only with the claim that reports it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from crisis import services
from crisis.models import Event, FundingStageChange, LegislativeAction, RecordStatus
from tests import factories as f

LIST = "/api/v1/legislative-actions/"
JSON = "application/json"


def detail(action):
    return f"/api/v1/legislative-actions/{action.pk}/"


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def request_of_congress(db):
    return f.FundingRequestFactory(slug="emergency-request", amount=Decimal("3700000000"))


@pytest.fixture
def draft_claim(editor):
    return f.ClaimFactory(draft=True, created_by=editor, text="The House passed a smaller bill.")


def action_body(claim, **changes):
    return {
        "request": "emergency-request", "bill_number": "H.R. 5230", "chamber": "house",
        "action": "passed", "date": "2014-08-01", "yeas": 223, "nays": 189,
        "amount": "694000000", "claim": claim.pk, **changes,
    }


def test_an_editor_records_what_the_house_did_as_a_draft_with_its_vote(
    editor_client, request_of_congress, draft_claim
):
    response = editor_client.post(LIST, action_body(draft_claim, threshold=218), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["tally_display"] == "223–189 (218 needed)"
    assert body["request"]["slug"] == "emergency-request"
    assert body["claim"]["id"] == draft_claim.pk
    action = LegislativeAction.objects.get()
    assert action.amount == Decimal("694000000") and action.created_by.username == "eddie"
    assert Event.objects.filter(record_type="bill_action", record_id=action.pk, action="created").exists()


@pytest.mark.parametrize("field, value", [
    ("yeas", -1), ("nays", -5), ("threshold", -60), ("amount", "-1"), ("chamber", "senate-floor"),
    ("action", "vetoed"), ("request", "no-such-request"), ("bill_number", ""),
])
def test_an_editor_sending_a_bad_value_gets_a_400_naming_the_field_and_nothing_is_saved(
    editor_client, request_of_congress, draft_claim, field, value
):
    response = editor_client.post(LIST, action_body(draft_claim, **{field: value}), content_type=JSON)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not LegislativeAction.objects.exists()


def test_an_editor_cannot_hang_an_action_on_a_published_claim(editor_client, request_of_congress):
    response = editor_client.post(LIST, action_body(f.ClaimFactory()), content_type=JSON)
    assert response.status_code == 400
    assert "claim" in response.json()
    assert not LegislativeAction.objects.exists()


def test_a_reader_cannot_write_a_legislative_action(client, request_of_congress, draft_claim):
    assert client.post(LIST, action_body(draft_claim), content_type=JSON).status_code in (401, 403)


def test_an_editor_updates_a_draft_action_only_with_the_version_read(
    editor_client, request_of_congress, draft_claim, editor
):
    action = f.LegislativeActionFactory(request=request_of_congress, claim=draft_claim, draft=True,
                                        created_by=editor)
    body = {"action": "blocked", "yeas": 50, "nays": 44, "threshold": 60}
    assert editor_client.patch(detail(action), body, content_type=JSON).status_code == 428
    etag = editor_client.get(detail(action))["ETag"]
    response = editor_client.patch(detail(action), body, content_type=JSON, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["tally_display"] == "50–44 (60 needed)"
    stale = editor_client.patch(detail(action), {"yeas": 51}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


def test_a_published_action_is_not_changed_in_place(reviewer_client, request_of_congress):
    action = f.LegislativeActionFactory(request=request_of_congress)
    etag = reviewer_client.get(detail(action))["ETag"]
    response = reviewer_client.patch(detail(action), {"yeas": 1}, content_type=JSON,
                                     HTTP_IF_MATCH=etag)
    assert response.status_code == 409
    action.refresh_from_db()
    assert action.yeas == 223


def test_a_reader_never_sees_an_action_until_its_claim_is_published(
    client, editor, reviewer, request_of_congress, draft_claim
):
    action = services.record_create(LegislativeAction, user=editor, fields={
        "request": request_of_congress, "bill_number": "S. 2648", "chamber": "senate",
        "action": "blocked", "date": "2014-07-31", "yeas": 50, "nays": 44, "threshold": 60,
        "claim": draft_claim,
    })
    assert results(client.get(LIST)) == []
    assert client.get(detail(action)).status_code == 404
    funding = client.get(reverse("v1:funding-request-detail", kwargs={"slug": "emergency-request"})).json()
    assert funding["legislative_actions"] == []
    page = client.get(request_of_congress.get_absolute_url()).content.decode()
    assert "S. 2648" not in page

    services.claim_submit(claim=draft_claim, user=editor)
    review = [item.record_type for item in draft_claim.review_items.all()]
    assert "bill_action" in review
    services.claim_publish(claim=draft_claim, user=reviewer)

    rows = results(client.get(LIST, {"request": "emergency-request", "chamber": "senate"}))
    assert [row["bill_number"] for row in rows] == ["S. 2648"]
    assert results(client.get(LIST, {"chamber": "house"})) == []
    page = client.get(request_of_congress.get_absolute_url()).content.decode()
    assert "S. 2648" in page and "50–44 (60 needed)" in page


def test_retracting_the_claim_withdraws_the_action_it_alone_backed(reviewer, request_of_congress):
    action = f.LegislativeActionFactory(request=request_of_congress)
    services.claim_retract(claim=action.claim, user=reviewer, note="The vote was misreported.")
    action.refresh_from_db()
    assert action.status == RecordStatus.WITHDRAWN


def test_the_funding_page_lists_what_each_chamber_did_in_date_order(client, request_of_congress):
    f.LegislativeActionFactory(request=request_of_congress, bill_number="H.R. 5230",
                               date="2014-08-01", action="passed")
    f.LegislativeActionFactory(request=request_of_congress, bill_number="S. 2648", chamber="senate",
                               date="2014-07-31", action="blocked", yeas=50, nays=44, threshold=60)
    page = client.get(request_of_congress.get_absolute_url()).content.decode()
    assert page.index("S. 2648") < page.index("H.R. 5230")
    assert "Blocked on a procedural vote" in page


# -- funding steps -------------------------------------------------------------------------------

def test_an_editor_adds_a_funding_step_through_the_api_and_the_stage_follows_on_publication(
    editor_client, editor, reviewer, request_of_congress, draft_claim
):
    response = editor_client.post("/api/v1/funding-stages/", {
        "request": "emergency-request", "stage": "passed_one_chamber", "date": "2014-08-01",
        "claim": draft_claim.pk,
    }, content_type=JSON)
    assert response.status_code == 201, response.content
    step = FundingStageChange.objects.get()
    assert step.status == RecordStatus.DRAFT
    services.claim_submit(claim=draft_claim, user=editor)
    services.claim_publish(claim=draft_claim, user=reviewer)
    request_of_congress.refresh_from_db()
    assert request_of_congress.stage == "passed_one_chamber"


def test_a_reader_lists_only_public_funding_steps_by_request(client, request_of_congress):
    f.FundingStageChangeFactory(request=request_of_congress, stage="requested")
    f.FundingStageChangeFactory(request=request_of_congress, stage="enacted", draft=True,
                                claim=f.ClaimFactory(draft=True))
    rows = results(client.get("/api/v1/funding-stages/", {"request": "emergency-request"}))
    assert [row["stage"] for row in rows] == ["requested"]


def test_a_funding_step_with_a_stage_that_does_not_exist_is_a_400(
    editor_client, request_of_congress, draft_claim
):
    response = editor_client.post("/api/v1/funding-stages/", {
        "request": "emergency-request", "stage": "vetoed", "claim": draft_claim.pk,
    }, content_type=JSON)
    assert response.status_code == 400 and "stage" in response.json()


# -- line items ----------------------------------------------------------------------------------

def test_an_editor_writes_a_requests_lines_and_sees_whether_they_add_up(editor_client, editor, draft_claim):
    agency = f.ActorFactory(slug="hhs", name="Health and Human Services")
    addressee = f.ActorFactory(slug="congress")
    response = editor_client.post("/api/v1/funding-requests/", {
        "title": "Emergency request", "slug": "new-request", "amount": "3000", "requester": "hhs",
        "addressee": "congress", "purposes": [
            {"description": "Shelter for children", "agency": "hhs", "amount": "1800",
             "claim": draft_claim.pk},
            {"description": "Immigration judges", "amount": "1200", "claim": draft_claim.pk},
        ],
    }, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    lines = [line["description"] for line in body["purposes"]]
    assert lines == ["Shelter for children", "Immigration judges"]
    assert body["purposes"][0]["agency"]["slug"] == agency.slug
    assert body["lines_total"] == "3000.00" and body["lines_match_total"] is True

    url = "/api/v1/funding-requests/new-request/"
    etag = editor_client.get(url)["ETag"]
    response = editor_client.patch(url, {"purposes": [
        {"description": "Shelter for children", "amount": "1800", "claim": draft_claim.pk},
    ]}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["lines_total"] == "1800.00"
    assert response.json()["lines_match_total"] is False
    assert addressee.slug == "congress"


@pytest.mark.parametrize("line, field", [
    ({"description": "Judges", "amount": "-5"}, "amount"),
    ({"description": "Judges", "amount": "5", "claim": None}, "claim"),
    ({"description": "Judges", "amount": "5", "agency": "nobody-by-that-name"}, "agency"),
    ({"amount": "5"}, "description"),
])
def test_a_bad_line_is_a_400_on_the_lines_and_the_request_keeps_its_old_lines(
    editor_client, editor, draft_claim, line, field
):
    funding = f.FundingRequestFactory(draft=True, created_by=editor, slug="mine")
    funding.purposes.create(description="Old line", amount=Decimal("7"))
    line = {"claim": draft_claim.pk, **line}
    url = "/api/v1/funding-requests/mine/"
    response = editor_client.patch(url, {"purposes": [line]}, content_type=JSON,
                                   HTTP_IF_MATCH=editor_client.get(url)["ETag"])
    assert response.status_code == 400, response.content
    assert "purposes" in response.json()
    assert field in str(response.json()["purposes"])
    assert [p.description for p in funding.purposes.all()] == ["Old line"]


def test_a_request_without_a_breakdown_says_nothing_about_adding_up(client, db):
    funding = f.FundingRequestFactory(slug="plain")
    body = client.get("/api/v1/funding-requests/plain/").json()
    assert body["purposes"] == [] and body["lines_total"] is None and body["lines_match_total"] is None
    funding.purposes.create(description="Unpriced", amount=None)
    funding.purposes.create(description="Priced", amount=Decimal("5"))
    body = client.get("/api/v1/funding-requests/plain/").json()
    assert body["lines_total"] == "5.00" and body["lines_match_total"] is False


def test_a_reader_sees_no_line_while_its_claim_is_a_draft_nor_counts_it_in_the_total(client, db):
    funding = f.FundingRequestFactory(slug="public", amount=Decimal("10"))
    funding.purposes.create(description="Detention", amount=Decimal("6"), position=0)
    hidden = f.ClaimFactory(draft=True, text="Zqxdraft line claim")
    funding.purposes.create(description="Zqxjudges", amount=Decimal("4"), claim=hidden, position=1)
    body = client.get("/api/v1/funding-requests/public/").json()
    assert [line["description"] for line in body["purposes"]] == ["Detention"]
    assert body["lines_match_total"] is False
    page = client.get(funding.get_absolute_url()).content.decode()
    assert "Zqx" not in page and "not the $10 requested" in page


# -- the timeline ----------------------------------------------------------------------------------

def test_the_timeline_shows_each_public_action_and_never_a_draft_one(client, request_of_congress):
    f.LegislativeActionFactory(request=request_of_congress, bill_number="S. 2648", chamber="senate",
                               action="blocked", date="2014-07-31", yeas=50, nays=44, threshold=60)
    f.LegislativeActionFactory(request=request_of_congress, bill_number="Zqxdraft bill", draft=True,
                               claim=f.ClaimFactory(draft=True))
    rows = client.get("/api/v1/timeline/", {"kind": "bill_action"}).json()["results"]
    assert [row["headline"] for row in rows] == [
        f"{request_of_congress.title}: S. 2648: blocked on a procedural vote in the Senate, 50–44 (60 needed)"
    ]
    assert rows[0]["id"].startswith("bill_action-") and rows[0]["citations"]
    page = client.get("/timeline/").content.decode()
    assert "S. 2648" in page and "Zqxdraft" not in page
    assert "S. 2648" in client.get("/timeline/", {"kind": "legislation"}).content.decode()


def test_the_timeline_pages_through_actions_and_steps_without_skipping_or_repeating(client, db):
    funding = f.FundingRequestFactory(slug="paged")
    for day in range(1, 8):
        f.LegislativeActionFactory(request=funding, date=f"2014-08-{day:02d}")
        f.FundingStageChangeFactory(request=funding, date=f"2014-08-{day:02d}")
    seen, url = [], "/api/v1/timeline/?kind=bill_action&kind=funding_stage&page_size=3"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == 14 == len(set(seen))
    assert seen[:2] == [f"funding_stage-{funding.stage_changes.order_by('date', 'id')[0].pk}",
                        f"bill_action-{funding.legislative_actions.order_by('date', 'id')[0].pk}"]
