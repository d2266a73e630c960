"""Programs and proposals carry when they were announced and took effect, and what they implement."""

from django.test import Client
from django.urls import reverse

from crisis.models import PolicyProposal, RecordStatus
from tests import factories as f

LIST = reverse("v1:proposal-list")


def test_an_editor_records_a_program_that_implements_a_proposal_with_vague_dates(editor_client):
    proposal = f.PolicyProposalFactory(slug="central-american-border-enforcement")
    response = editor_client.post(LIST, {
        "title": "Programa Frontera Sur", "slug": "programa-frontera-sur", "kind": "program",
        "summary": "Mexico's southern border program.",
        "announced_on": "2014-07-07", "announced_on_precision": "early_month",
        "effective_on": "2014-08-01", "effective_on_precision": "month",
        "implements": proposal.slug,
    }, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["announced_display"], body["effective_display"]) == (
        "program", "early July 2014", "August 2014")
    assert body["implements"]["slug"] == proposal.slug
    assert PolicyProposal.objects.get(slug="programa-frontera-sur").implements == proposal


def test_bad_program_dates_or_links_get_a_400_on_the_field_and_save_nothing(editor_client):
    proposal = f.PolicyProposalFactory()
    before = PolicyProposal.objects.count()
    backwards = editor_client.post(LIST, {
        "title": "Backwards", "slug": "backwards", "summary": "x", "implements": proposal.slug,
        "announced_on": "2014-07-25", "effective_on": "2014-07-01",
    }, content_type="application/json")
    unknown = editor_client.post(LIST, {"title": "Unknown", "slug": "unknown", "summary": "x",
                                        "implements": "no-such-proposal"}, content_type="application/json")
    bad_kind = editor_client.post(LIST, {"title": "Kind", "slug": "kind", "summary": "x",
                                         "kind": "law"}, content_type="application/json")
    assert backwards.status_code == 400 and list(backwards.json()) == ["effective_on"]
    assert unknown.status_code == 400 and list(unknown.json()) == ["implements"]
    assert bad_kind.status_code == 400 and list(bad_kind.json()) == ["kind"]
    assert PolicyProposal.objects.count() == before


def test_a_proposal_cannot_implement_itself(editor_client, editor):
    program = f.PolicyProposalFactory(draft=True, created_by=editor, slug="self-loop")
    url = reverse("v1:proposal-detail", kwargs={"slug": program.slug})
    response = editor_client.patch(url, {"implements": "self-loop"}, content_type="application/json",
                                   HTTP_IF_MATCH=editor_client.get(url)["ETag"])
    assert response.status_code == 400 and list(response.json()) == ["implements"]


def test_a_reader_sees_the_programs_implementing_a_proposal_on_its_page_but_never_a_draft_one(db):
    proposal = f.PolicyProposalFactory(title="Secure the borders of Central America")
    f.PolicyProposalFactory(title="Programa Frontera Sur", implements=proposal, kind="program",
                            announced_on="2014-07-07", announced_on_precision="day")
    f.PolicyProposalFactory(title="Secret draft program", implements=proposal, draft=True)
    html = Client().get(proposal.get_absolute_url()).content.decode()
    assert "Put into effect by" in html and "Programa Frontera Sur" in html
    assert "Secret draft program" not in html


def test_a_reader_never_sees_a_program_that_implements_a_draft_proposal(db):
    hidden = f.PolicyProposalFactory(title="Hidden draft proposal", draft=True)
    program = f.PolicyProposalFactory(title="Leaky program", implements=hidden)
    client = Client()
    assert client.get(program.get_absolute_url()).status_code == 404
    listed = client.get(LIST).json()["results"]
    assert "Leaky program" not in [p["title"] for p in listed]
    assert PolicyProposal.objects.published().filter(pk=program.pk).count() == 0
    assert program.status == RecordStatus.PUBLISHED


def test_the_program_page_says_when_it_was_announced_and_what_it_implements(db):
    proposal = f.PolicyProposalFactory(title="Secure the borders of Central America")
    program = f.PolicyProposalFactory(title="Programa Frontera Sur", implements=proposal,
                                      announced_on="2014-07-07", announced_on_precision="day",
                                      effective_on="2014-07-15", effective_on_precision="mid_month")
    html = Client().get(program.get_absolute_url()).content.decode()
    assert "Announced Monday, July 7, 2014." in html
    assert "In effect from mid-July 2014." in html
    assert "Implements <a" in html and "Secure the borders of Central America" in html
