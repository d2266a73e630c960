"""Every route of the URLconf, asked by a reader, an editor and a reviewer with GET and with POST,
answers what its kind of route promises. A route added without a place in ROUTES fails here, so
none is forgotten; the API's format-suffix twins are asked too."""

import fnmatch
import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories as f

# What a persona got: sent to sign in, refused, served, or past the permission check and answered
# about the request itself (400 bad input, 404 no such record, 405 method, 409 wrong state).
LOGIN, REFUSED, SERVED, PASSED = "login", "refused", "served", "passed"


def outcome(response):
    status = response.status_code
    if status == 401 or status == 302 and "/login/" in response.url:
        return LOGIN
    if status == 403:
        return REFUSED
    if status < 400:
        return SERVED
    if status in (400, 404, 405, 409):
        return PASSED
    return f"error {status}"


ANY = {SERVED, PASSED}
# Kinds of route: (GET, POST), each as what (reader, editor, reviewer) may get.
PUBLIC = ((SERVED,) * 3, (ANY,) * 3)  # pages, feeds, schema: the same for everyone
API_LIST = ((SERVED,) * 3, (LOGIN, PASSED, PASSED))  # POST without a body: 400 once signed in
API_DETAIL = ((SERVED,) * 3, (LOGIN, PASSED, PASSED))  # no POST on a record: 405
API_REVIEWER = ((LOGIN, REFUSED, PASSED), (LOGIN, REFUSED, PASSED))  # publish, correct, retract…
API_EDITOR = ((LOGIN, PASSED, PASSED), (LOGIN, PASSED, PASSED))  # submit: the editor's own claim
API_REVIEW_LIST = ((LOGIN, SERVED, SERVED), (LOGIN, PASSED, PASSED))  # what publishing would make public
DESK = ((LOGIN, SERVED, SERVED), (LOGIN, ANY, ANY))
DESK_REVIEWER = ((LOGIN, REFUSED, SERVED), (LOGIN, REFUSED, ANY))
DESK_EDITOR_ACTION = ((PASSED,) * 3, (LOGIN, PASSED, PASSED))  # POST only: GET is 405 for all
DESK_REVIEWER_ACTION = ((PASSED,) * 3, (LOGIN, REFUSED, PASSED))
ADMIN = ((LOGIN,) * 3, (LOGIN,) * 3)  # staff only; none of these personas is staff
SIGN_IN = ((SERVED,) * 3, (ANY,) * 3)
SIGN_OUT = ((PASSED,) * 3, (SERVED,) * 3)  # POST only
ADMIN_SIGN_OUT = ((ANY,) * 3, (SERVED,) * 3)

# First match wins.
ROUTES = [
    ("healthz", PUBLIC), ("v1:schema", PUBLIC), ("v1:docs", PUBLIC), ("v1:redoc", PUBLIC),
    ("v1:api-root", PUBLIC), ("v1:timeline-list", PUBLIC), ("v1:changes-list", PUBLIC),
    ("v1:*-list", API_LIST), ("v1:*-detail", API_DETAIL),
    ("v1:claim-review", API_REVIEW_LIST), ("v1:claim-submit", API_EDITOR),
    ("v1:*-correct", API_REVIEWER), ("v1:claim-publish", API_REVIEWER), ("v1:claim-retract", API_REVIEWER),
    ("v1:claim-send-back", API_REVIEWER),
    ("crisis:login", SIGN_IN), ("crisis:logout", SIGN_OUT),
    ("crisis:editor-home", DESK), ("crisis:my-drafts", DESK), ("crisis:claim-add", DESK),
    ("crisis:claim-edit", DESK), ("crisis:record-history", DESK), ("crisis:figures-import", DESK),
    ("crisis:review-queue", DESK_REVIEWER), ("crisis:claim-review", DESK_REVIEWER),
    ("crisis:claim-submit", DESK_EDITOR_ACTION),
    ("crisis:claim-publish", DESK_REVIEWER_ACTION), ("crisis:claim-send-back", DESK_REVIEWER_ACTION),
    ("crisis:claim-retract", DESK_REVIEWER_ACTION), ("crisis:claim-correct", DESK_REVIEWER_ACTION),
    ("crisis:record-restore", DESK_REVIEWER_ACTION), ("crisis:change-*", DESK_REVIEWER_ACTION),
    ("admin:login", SIGN_IN), ("admin:logout", ADMIN_SIGN_OUT), ("admin:*", ADMIN),
    ("admin", ADMIN),  # unnamed: the admin's redirects
    # The reader's pages, each by name: a new route must be placed, not fall in by default.
    *((f"crisis:{name}", PUBLIC) for name in (
        "home", "timeline", "timeline-feed", "timeline-embed", "search", "figure-list", "figure-csv",
        "figure-detail", "claim-list", "claim-detail", "actor-list", "actor-detail", "meeting-list",
        "meeting-detail",
        "funding-detail", "proposal-list", "proposal-detail", "source-list", "source-detail",
    )),
]
QUERIES = {"v1:changes-list": "?since=2014-01-01T00:00:00Z"}


def routes(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), ":".join(filter(None, [namespace, pattern.name]))


def kind_of(name):
    return next((kind for glob, kind in ROUTES if fnmatch.fnmatchcase(name, glob)), None)


@pytest.fixture
def newsroom(db):
    """One published record of each kind, the claim an editor's own, and the three personas."""
    people = {"reader": None}
    for username, group in (("eddie", "Editors"), ("rita", "Reviewers")):
        user = User.objects.create_user(username, password=f"{username}-pass-9876")
        user.groups.add(Group.objects.get(name=group))
        people[username] = user
    claim = f.ClaimFactory(created_by=people["eddie"])
    figure = f.CrossingStatisticFactory()
    claim.statistics.add(figure)
    stance = f.StanceFactory(claim=claim)
    request = f.FundingRequestFactory()
    values = {
        "funding-stage": f.FundingStageChangeFactory(request=request, claim=claim).pk,
        "legislative-action": f.LegislativeActionFactory(request=request, claim=claim).pk,
        "claim": claim.pk, "figure": figure.pk, "stance": stance.pk,
        "actor": f.ActorFactory().slug, "meeting": f.MeetingFactory().slug,
        "funding": request.slug, "proposal": stance.proposal.slug,
        "source": claim.source.slug,
    }
    return people, values


def url_of(raw, name, values):
    path = "/" + raw.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    words = re.split(r"[:-]", name)
    # "funding-stage-detail" names a step, not the request "funding-detail" names.
    record = next((word for word in ["-".join(words[1:-1]), *words[1:]] if word in values), "claim")
    fill = {"format": "json", "model": "claim", "app_label": "crisis", "content_type_id": 1,
            "object_id": values["claim"]}

    def value(match):
        if match.group(1) == "drf_format_suffix":
            return ".json"  # this converter's part carries its own dot
        key = match.group(2) or match.group(3)
        return str(fill.get(key, values[record]))

    path = re.sub(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)", value, path)
    return path + QUERIES.get(name, "")


def test_every_route_has_a_kind_in_the_matrix():
    assert [name for _, name in routes() if kind_of(name) is None] == []


def test_every_route_answers_each_persona_as_its_kind_promises(newsroom):
    people, values = newsroom
    clients = {}

    def client_of(persona, name):
        # Signing out ends the session: those routes get a client of their own.
        key = (persona, kind_of(name) in (SIGN_OUT, ADMIN_SIGN_OUT) and name)
        if key not in clients:
            clients[key] = Client()
            if people[persona]:
                clients[key].force_login(people[persona])
        return clients[key]

    wrong, asked = [], 0
    for raw, name in routes():
        url = url_of(raw, name, values)
        for method, expected in zip(("get", "post"), kind_of(name), strict=True):
            for persona, allowed in zip(people, expected, strict=True):
                got = outcome(getattr(client_of(persona, name), method)(url))
                asked += 1
                if got not in (allowed if isinstance(allowed, set) else {allowed}):
                    wrong.append((method.upper(), url, persona, got, allowed))
    assert wrong == [], "\n".join(map(str, wrong))
    assert asked > 1000


def test_a_staff_reviewer_reaches_the_records_lists_of_the_admin_and_a_superuser_every_list(newsroom):
    people, _ = newsroom
    rita = people["rita"]
    rita.is_staff = True
    rita.save()
    lists = [(raw, name) for raw, name in routes() if name.endswith("_changelist")]
    records = {name for _, name in lists if name.startswith("admin:crisis_")}
    assert len(records) > 10

    def outcomes(user):
        client = Client()
        client.force_login(user)
        return {name: outcome(client.get("/" + raw)) for raw, name in lists}

    got = outcomes(rita)
    assert {name for name, result in got.items() if result == SERVED} == records, got
    assert {got[name] for name in got if name not in records} == {REFUSED}  # accounts, tokens, lockouts
    boss = User.objects.create_superuser("boss", password="boss-pass-9876")
    assert set(outcomes(boss).values()) == {SERVED}


def test_the_matrix_sees_a_refusal_where_one_is_given(newsroom):
    people, values = newsroom
    client = Client()
    client.force_login(people["eddie"])
    assert outcome(client.post(f"/desk/claims/{values['claim']}/publish/")) == REFUSED
    assert outcome(Client().get("/desk/")) == LOGIN
