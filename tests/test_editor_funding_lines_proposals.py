"""Eddie adds, with a new claim on the desk, a line of a funding request's breakdown or a new
proposal or program; readers see either once Rita publishes the claim, and not before."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crisis import services
from crisis.models import Claim, FundingPurpose, PolicyProposal, RecordStatus
from tests.editor_support import add_claim_data
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    FundingRequestFactory,
    PolicyProposalFactory,
    SourceFactory,
    submitted,
)

URL = "/desk/claims/add/"

HHS_LINE = "Care of unaccompanied children"


@pytest.fixture
def request_with_a_line(db):
    """The $3.7 billion request, whose sources so far break down only $3 billion of it."""
    request = FundingRequestFactory(title="Emergency supplemental request", amount=Decimal("3700000000"))
    request.purposes.create(description="Border enforcement", amount=Decimal("3000000000"), position=0)
    return request


def line_data(request, **overrides):
    return {
        "line-request": request.pk, "line-agency": ActorFactory(name="Health and Human Services").pk,
        "line-description": HHS_LINE, "line-amount": "700000000.00", **overrides,
    }


def proposal_data(**overrides):
    return {
        "proposal-title": "Expedited hearings for children", "proposal-kind": "program",
        "proposal-stage": "debated", "proposal-summary": "Children's cases go to the front of the docket.",
        "proposal-announced_on": "2014-07-09", "proposal-effective_on": "2014-07-18", **overrides,
    }


def published(claim, editor, reviewer):
    services.claim_submit(claim=claim, user=editor)
    services.claim_publish(claim=claim, user=reviewer)


def api_lines(client, request):
    response = client.get(reverse("api:funding-request-detail", args=[request.slug]))
    assert response.status_code == 200
    return response.json()


def test_eddies_line_is_a_draft_readers_see_only_once_rita_publishes_his_claim(
    editor_client, editor, reviewer, request_with_a_line
):
    reader, request = Client(), request_with_a_line
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **line_data(request)))
    assert response.status_code == 302
    claim = Claim.objects.get()
    line = FundingPurpose.objects.get(description=HHS_LINE)
    assert line.claim == claim and line.request == request and line.position == 1
    assert line.agency.name == "Health and Human Services"
    assert list(claim.funding_requests.all()) == [request]

    html = reader.get(request.get_absolute_url()).content.decode()
    assert HHS_LINE not in html and "not the $3,700,000,000 requested" in html
    data = api_lines(reader, request)
    assert [row["description"] for row in data["purposes"]] == ["Border enforcement"]
    assert data["lines_match_total"] is False

    published(claim, editor, reviewer)
    html = reader.get(request.get_absolute_url()).content.decode()
    assert HHS_LINE in html and "$700,000,000" in html and "the full request" in html
    data = api_lines(reader, request)
    assert [row["description"] for row in data["purposes"]] == ["Border enforcement", HHS_LINE]
    assert data["purposes"][1]["amount"] == "700000000.00"
    assert data["purposes"][1]["claim"]["id"] == claim.pk
    assert data["lines_match_total"] is True


def test_a_line_whose_claim_rita_retracts_stays_marked_withdrawn_and_leaves_the_total(
    editor_client, editor, reviewer, request_with_a_line
):
    reader, request = Client(), request_with_a_line
    editor_client.post(URL, add_claim_data(SourceFactory(), **line_data(request)))
    claim = Claim.objects.get()
    published(claim, editor, reviewer)
    services.claim_retract(claim=claim, user=reviewer, note="HHS never asked for this line.")

    html = reader.get(request.get_absolute_url()).content.decode()
    assert HHS_LINE in html and "withdrawn: its claim was retracted" in html
    assert "not the $3,700,000,000 requested" in html
    data = api_lines(reader, request)
    assert [(row["description"], row["withdrawn"]) for row in data["purposes"]] == [
        ("Border enforcement", False), (HHS_LINE, True)]
    assert data["lines_total"] == "3000000000.00" and data["lines_match_total"] is False


@pytest.mark.parametrize("amount, message", [
    ("-5", "An amount cannot be negative."),
    ("seven hundred million", "Enter a number."),
])
def test_a_bad_amount_shows_the_form_again_with_the_message_on_top_and_saves_nothing(
    editor_client, request_with_a_line, amount, message
):
    claims, lines = Claim.objects.count(), FundingPurpose.objects.count()
    response = editor_client.post(
        URL, add_claim_data(SourceFactory(), **line_data(request_with_a_line, **{"line-amount": amount}))
    )
    assert response.status_code == 200
    problems = response.context["problems"]
    assert {"href": "#id_line-amount", "label": "The funding line: Amount", "message": message} in problems
    assert 'id="establish-funding-line" open' in response.content.decode()
    assert (Claim.objects.count(), FundingPurpose.objects.count()) == (claims, lines)


def test_a_line_the_request_already_has_is_refused_and_nothing_is_saved(editor_client, request_with_a_line):
    response = editor_client.post(URL, add_claim_data(
        SourceFactory(), **line_data(request_with_a_line, **{"line-description": "Border enforcement"})
    ))
    assert response.status_code == 200
    assert response.context["forms"]["funding_line"].errors
    assert not Claim.objects.exists() and FundingPurpose.objects.count() == 1


def test_eddies_program_is_a_draft_with_his_claim_and_public_once_rita_publishes_it(
    editor_client, editor, reviewer
):
    reader = Client()
    proponent = ActorFactory(name="Department of Justice")
    response = editor_client.post(URL, add_claim_data(
        SourceFactory(), **proposal_data(**{"proposal-proponents": [proponent.pk]})
    ))
    assert response.status_code == 302
    claim, program = Claim.objects.get(), PolicyProposal.objects.get()
    assert program.slug == "expedited-hearings-for-children" and program.status == RecordStatus.DRAFT
    assert program.kind == "program" and list(program.proponents.all()) == [proponent]
    assert list(claim.proposals.all()) == [program]
    assert reader.get(program.get_absolute_url()).status_code == 404

    published(claim, editor, reviewer)
    program.refresh_from_db()
    assert program.status == RecordStatus.PUBLISHED
    assert "Expedited hearings for children" in reader.get(program.get_absolute_url()).content.decode()


def test_a_proposal_taking_effect_before_it_was_announced_is_refused_with_the_models_message(
    editor_client
):
    response = editor_client.post(URL, add_claim_data(
        SourceFactory(), **proposal_data(**{"proposal-effective_on": "2014-07-01"})
    ))
    assert response.status_code == 200
    message = "It cannot take effect before it was announced."
    assert {"href": "#id_proposal-effective_on", "label": "The new proposal: In effect from",
            "message": message} in response.context["problems"]
    assert not Claim.objects.exists() and not PolicyProposal.objects.exists()


def test_a_program_implementing_a_proposal_links_to_it_on_its_page_once_published(
    editor_client, editor, reviewer
):
    reader = Client()
    policy = PolicyProposalFactory(title="Faster removal of children from Central America")
    response = editor_client.post(URL, add_claim_data(
        SourceFactory(), **proposal_data(**{"proposal-implements": policy.pk})
    ))
    assert response.status_code == 302
    published(Claim.objects.get(), editor, reviewer)
    program = PolicyProposal.objects.get(slug="expedited-hearings-for-children")
    html = reader.get(program.get_absolute_url()).content.decode()
    assert f'Implements <a href="{policy.get_absolute_url()}">{policy.title}</a>' in html
    assert program.title in reader.get(policy.get_absolute_url()).content.decode()


def test_one_bad_part_saves_neither_the_claim_nor_the_other_part(editor_client, request_with_a_line):
    both = {**line_data(request_with_a_line), **proposal_data(**{"proposal-effective_on": "2014-07-01"})}
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **both))
    assert response.status_code == 200
    assert not Claim.objects.exists() and not PolicyProposal.objects.exists()
    assert FundingPurpose.objects.count() == 1


def test_rita_sees_the_new_line_and_program_on_the_review_screen(
    editor_client, editor, reviewer, request_with_a_line
):
    both = {**line_data(request_with_a_line), **proposal_data()}
    assert editor_client.post(URL, add_claim_data(SourceFactory(), **both)).status_code == 302
    claim = Claim.objects.get()
    services.claim_submit(claim=claim, user=editor)
    rita = Client()
    rita.force_login(reviewer)
    html = rita.get(reverse("crisis:claim-review", args=[claim.pk])).content.decode()
    line = FundingPurpose.objects.get(description=HHS_LINE)
    program = PolicyProposal.objects.get()
    assert f'id="pv-funding-line-{line.pk}"' in html
    assert "“Care of unaccompanied children”, for Health and Human Services, $700,000,000" in html
    assert f'id="pv-proposal-{program.pk}"' in html and "Expedited hearings for children" in html
    assert "in effect from Friday, July 18, 2014" in html


def test_eddie_leaving_both_parts_untouched_adds_just_the_claim(editor_client, request_with_a_line):
    assert editor_client.post(URL, add_claim_data(SourceFactory())).status_code == 302
    assert Claim.objects.count() == 1
    assert FundingPurpose.objects.count() == 1 and not PolicyProposal.objects.exists()


def test_the_readers_changes_feed_says_nothing_of_the_line_before_the_claim_is_public(
    editor_client, request_with_a_line
):
    since = timezone.now()
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **line_data(request_with_a_line)))
    assert response.status_code == 302
    response = Client().get(reverse("api:changes-list"), {"since": since.isoformat()})
    assert response.status_code == 200
    assert response.json()["results"] == [] and HHS_LINE not in response.content.decode()


def test_a_list_of_lines_written_from_before_eddies_line_is_refused_as_stale_not_dropping_it(
    editor_client, editor, request_with_a_line
):
    request = request_with_a_line
    before = request.version
    assert editor_client.post(URL, add_claim_data(SourceFactory(), **line_data(request))).status_code == 302
    request.refresh_from_db()
    assert request.version == before + 1
    with pytest.raises(services.StaleVersion):
        services.propose_change(
            request, user=editor, based_on=before, fields={}, claim=Claim.objects.get(),
            relations={"purposes": [{"description": "Border enforcement", "amount": Decimal("3000000000")}]},
        )
    assert FundingPurpose.objects.filter(description=HHS_LINE).exists()


def test_another_claim_in_review_about_the_public_request_stays_in_review_when_eddie_adds_a_line(
    editor_client, request_with_a_line
):
    other = ClaimFactory(draft=True)
    other.funding_requests.add(request_with_a_line)
    submitted(other)
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **line_data(request_with_a_line)))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == RecordStatus.IN_REVIEW
