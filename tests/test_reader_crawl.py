"""A reader crawls every URL the site has, after two editors and a reviewer have worked through
the desk, the API and the admin: no draft's name appears anywhere, in any format, and nothing
answers with a server error."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from crisis import services
from crisis.models import (
    RECORD_MODELS,
    Actor,
    Claim,
    CrossingStatistic,
    Event,
    FundingRequest,
    FundingStageChange,
    LegislativeAction,
    Meeting,
    PolicyProposal,
    ProposedChange,
    Source,
    Stance,
)
from tests import factories as f
from tests.editor_support import add_claim_data

# Every draft carries this word in its name or text; a reader must never read it.
SECRET = "Zqxdraft"


def account(username, role, staff=False):
    user = User.objects.create_user(username, password=f"{username}-pass-9876", is_staff=staff)
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def newsroom(db):
    """Published records with drafts hanging off them every way the interfaces allow."""
    alice, bob, rita = account("alice", "Editors"), account("bob", "Editors"), account("rita", "Reviewers")
    stan = account("stan", "Editors", staff=True)
    country = f.CountryFactory(name="Honduras", slug="honduras", country_code="HN")
    speaker = f.ActorFactory(name="Public Speaker", slug="public-speaker", country=country)
    source = f.SourceFactory(slug="public-source")
    f.PolicyProposalFactory(slug="public-proposal")
    public_claim = f.ClaimFactory(speaker=speaker, source=source, text="A public statement.")
    meeting = f.MeetingFactory(slug="public-meeting", country=country)
    f.MeetingParticipantFactory(meeting=meeting, actor=speaker)
    public_claim.meetings.add(meeting)
    request = f.FundingRequestFactory(slug="public-request", requester=speaker, addressee=country)

    # Alice, through the API: a draft world around the public one.
    client = api(alice)
    assert client.post("/api/v1/actors/", {"name": f"{SECRET} Person", "slug": "hidden-person",
                                           "country": "honduras"}, format="json").status_code == 201
    assert client.post("/api/v1/sources/", {"title": f"{SECRET} memo", "slug": "hidden-memo",
                                            "publisher": f"{SECRET} Wire", "cites": "public-source"},
                       format="json").status_code == 201
    draft = client.post("/api/v1/claims/", {
        "text": f"{SECRET} secret claim", "source": "hidden-memo", "speaker": "hidden-person",
        "actors": ["public-speaker"], "proposals": ["public-proposal"], "meetings": ["public-meeting"],
        "conflicts_with": [public_claim.pk],
    }, format="json")
    assert draft.status_code == 201, draft.content
    draft_id = draft.json()["id"]
    assert client.post("/api/v1/figures/", {
        "metric": "uac_arrivals", "value": "4242", "as_of": "2014-07-20", "source": "public-source",
        "country": "honduras", "method": f"{SECRET} method", "claims": [public_claim.pk, draft_id],
    }, format="json").status_code == 201
    assert client.post("/api/v1/stances/", {"actor": "hidden-person", "proposal": "public-proposal",
                                            "position": "opposes", "claim": draft_id},
                       format="json").status_code == 201
    assert client.post("/api/v1/meetings/", {
        "title": f"{SECRET} meeting", "slug": "hidden-meeting", "date": "2014-08-02", "country": "honduras",
        "claims": [draft_id], "participants": [{"actor": "public-speaker"}, {"actor": "hidden-person"}],
    }, format="json").status_code == 201
    assert client.post("/api/v1/funding-requests/", {
        "title": f"{SECRET} request", "slug": "hidden-request", "amount": "5", "requester": "public-speaker",
        "addressee": "honduras", "claims": [draft_id, public_claim.pk],
    }, format="json").status_code == 201
    assert client.post("/api/v1/legislative-actions/", {
        "request": "public-request", "bill_number": f"{SECRET} H.R. 1", "chamber": "house",
        "action": "passed", "date": "2014-08-01", "yeas": 1, "note": f"{SECRET} note", "claim": draft_id,
    }, format="json").status_code == 201
    assert client.post("/api/v1/funding-stages/", {
        "request": "public-request", "stage": "enacted", "date": "2014-08-02",
        "note": f"{SECRET} step", "claim": draft_id,
    }, format="json").status_code == 201
    # A line of a public request reported by a draft claim: the line shows, its claim does not.
    request.purposes.create(description="Judges", amount=5, claim=Claim.objects.get(pk=draft_id))
    url = f"/api/v1/funding-requests/{request.slug}/"
    assert client.patch(url, {
        "purposes": [{"description": f"{SECRET} line", "amount": "5", "claim": draft_id}],
        "proposed_by_claim": draft_id,
    }, format="json", HTTP_IF_MATCH=client.get(url)["ETag"]).status_code == 202
    url = f"/api/v1/meetings/{meeting.slug}/"
    proposed = client.patch(url, {"outcome": f"{SECRET} outcome", "proposed_by_claim": draft_id},
                            format="json", HTTP_IF_MATCH=client.get(url)["ETag"])
    assert proposed.status_code == 202

    # Bob, on the desk: a claim with a new source, speaker and figure, submitted for review.
    desk = Client()
    desk.force_login(bob)
    response = desk.post("/desk/claims/add/", add_claim_data(**{
        "claim-text": f"{SECRET} desk claim", "claim-quote": f"{SECRET} quote",
        "source-url": "https://example.org/hidden", "source-title": f"{SECRET} desk source",
        "source-publisher": f"{SECRET} Daily", "speaker-name": f"{SECRET} Speaker",
        "figure-metric": "uac_daily_average", "figure-value": "77", "figure-unit": "people_per_day",
        "figure-geography": "southwest_border", "figure-period_start": "2014-07-01",
        "figure-period_end": "2014-07-07", "figure-method": f"{SECRET} daily method",
    }))
    assert response.status_code == 302
    bobs = Claim.objects.get(text=f"{SECRET} desk claim")
    services.claim_submit(claim=bobs, user=bob)

    # Stan, in the admin: a draft source citing the public one.
    admin = Client()
    admin.force_login(stan)
    response = admin.post("/admin/crisis/source/add/", {
        "title": f"{SECRET} admin source", "slug": "admin-source", "publisher": f"{SECRET} Admin",
        "kind": "report", "published_on_precision": "day", "cites": source.pk,
    })
    assert response.status_code == 302, response.content

    # Rita publishes a claim of Alice's that brings a draft of hers, and retracts the public one.
    mine = services.record_create(Claim, user=alice, fields={
        "text": "Published with its new source.", "source": Source.objects.get(slug="hidden-memo")})
    refused = api(alice).post(f"/api/v1/claims/{mine.pk}/submit/")
    assert refused.status_code == 200
    services.claim_publish(claim=mine, user=rita)
    services.claim_retract(claim=public_claim, user=rita, note="The speaker was misquoted.")
    # The memo is public now (Alice's claim brought it); give it a name readers may see.
    memo = Source.objects.get(slug="hidden-memo")
    services.record_correct(memo, user=rita, based_on=memo.version,
                            fields={"title": "Public memo", "publisher": "Public Wire"}, note="Retitled.")
    return {"request": request}


def _patterns(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


# Words of a path that name a kind of record, where the model's own names do not.
KIND_WORDS = {"figures": CrossingStatistic, "figure": CrossingStatistic, "funding": FundingRequest,
              "funding-requests": FundingRequest, "proposals": PolicyProposal, "claims": Claim,
              "changes": ProposedChange, "legislative": LegislativeAction}
HISTORY_WORDS = {"claim": Claim, "source": Source, "actor": Actor, "figure": CrossingStatistic,
                 "meeting": Meeting, "funding-request": FundingRequest, "proposal": PolicyProposal,
                 "stance": Stance, "funding-stage": FundingStageChange,
                 "legislative-action": LegislativeAction}
PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _urls(values):
    """Every URL of the URLconf, each parameter filled with every candidate value for the kind of
    record the URL names (any record when it names none)."""
    for raw in _patterns():
        template = raw.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
        filled = [template]
        while PARAM.search(filled[0]):
            name = next(a or b for a, b in PARAM.findall(filled[0])[:1])
            filled = [PARAM.sub(str(value), url, count=1) for url in filled for value in values(name, url)]
        yield from (("/" + url.lstrip("/"), template != filled[0]) for url in filled)


def _model_named_in(url):
    """The kind of record a URL is about, by the words of its path."""
    words = set(re.split(r"[/.?=&-]+", url.lower()))
    for model in (*RECORD_MODELS.values(), ProposedChange, Event):
        names = {model._meta.model_name, model._meta.verbose_name_plural.replace(" ", "-"),
                 model._meta.model_name + "s", *(k for k, m in KIND_WORDS.items() if m is model)}
        if words & names:
            return model
    return None


QUERIES = [
    "", "?format=csv", "?format=timelinejs", "?format=json", "?since=2000-01-01T00:00:00Z", "?q=secret",
    "?q=memo", "?actor=hidden-person&country=honduras&source=hidden-memo&speaker=hidden-person"
    "&about=hidden-person&proposal=public-proposal&participant=hidden-person&meeting=hidden-meeting",
]


def crawl(client, queries):
    """(url, status, body) for every URL of the site with each query string (parameterless URLs)."""

    def values(name, url):
        if name == "model":
            return list(HISTORY_WORDS)
        if name == "format":
            return ["json", "csv", "api"]
        model = HISTORY_WORDS.get(url.split("/history/")[-1].split("/")[0]) if "/history/" in url else None
        model = model or _model_named_in(url.split("<")[0].split("(?P")[0])
        models = [model] if model else RECORD_MODELS.values()
        field = "slug" if name == "slug" else "pk"
        return sorted({v for m in models if hasattr(m, field) or field == "pk"
                       for v in m.objects.values_list(field, flat=True)}) or ["0"]

    for url, detail in sorted(set(_urls(values))):
        for query in [""] if detail else queries:
            response = client.get(url + query)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            yield url + query, response.status_code, body


def test_a_reader_crawling_every_url_never_meets_a_draft(newsroom):
    assert CrossingStatistic.objects.filter(method__contains=SECRET).exists()  # the drafts are there
    seen = 0
    for url, status, body in crawl(Client(), QUERIES):
        assert status < 500, (url, status)
        assert SECRET.encode() not in body, url
        seen += 1
    assert seen > 500


def test_the_crawl_would_see_a_draft_where_one_is_shown(newsroom):
    editor = Client()
    editor.force_login(User.objects.get(username="alice"))
    shown = [url for url, _, body in crawl(editor, ["", "?format=api"]) if SECRET.encode() in body]
    assert "/api/v1/claims/" in shown and "/timeline/" in shown


@pytest.mark.parametrize("username", ["alice", "rita"])
def test_a_signed_in_editor_or_reviewer_gets_no_server_error_anywhere(newsroom, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    errors = [url for url, status, _ in crawl(client, ["", "?format=api", "?format=csv"]) if status >= 500]
    assert errors == []
