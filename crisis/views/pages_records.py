"""Record pages: claims, actors, meetings, funding requests, proposals and sources."""

from itertools import groupby

from django import forms
from django.http import Http404

from crisis import jsonld
from crisis.models import ActorKind, ClaimKind, Position, Verdict
from crisis.selectors import claims as claim_lists
from crisis.selectors import records
from crisis.selectors.paging import CappedPaginator, section
from crisis.views.pages import absolute_builder, respond

# ---------------------------------------------------------------- claims

CLAIMS_PER_PAGE = 50


class ClaimFilterForm(forms.Form):
    """The facets a reader chose, from the query string; a bad value is reported and ignored."""

    speaker = forms.SlugField(required=False, max_length=100)
    source = forms.SlugField(required=False, max_length=100)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *ClaimKind.choices], required=False)
    verdict = forms.ChoiceField(
        choices=[("", "Any"), *Verdict.choices, (claim_lists.NONE, "No verdict given")], required=False,
    )

    def filters(self):
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def claim_list(request):
    # 1: capped count of the matching claims  2: this page JOIN speaker, source, cited source,
    # first appearance  3: its co-speakers  4–7: counts per speaker, source, kind and verdict
    user = request.user
    form = ClaimFilterForm(request.GET or None)
    filters = form.filters()
    paginator = CappedPaginator(claim_lists.claim_list(user, filters), CLAIMS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    return respond(request, "crisis/claim_list.html", {
        "form": form,
        "claims": rows,
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "facets": claim_lists.facets(user, filters),
        "filtered": bool(filters),
    }, records=rows)


def claim_detail(request, pk):
    user = request.user
    # 1: claim JOIN speaker, source, cited source, first appearance  2: co-speakers
    # 3: conflicting claims  4–8: what it is about (actors, meetings, funding requests, proposals,
    # figures)  9: stances  10: its corrections
    claim = records.claim_page(user, pk)
    if claim is None:
        raise Http404("No claim with this number is public.")
    cited, first_appearance = claim.source.cites, claim.first_appeared_in
    return respond(request, "crisis/claim_detail.html", {
        "claim": claim,
        "cited": cited,
        "first_appearance": first_appearance,
        "conflicts": list(claim.conflicts_with.all()),
        "actors": claim.actors.all(),
        "meetings": claim.meetings.all(),
        "funding_requests": claim.funding_requests.all(),
        "proposals": claim.proposals.all(),
        "statistics": claim.statistics.all(),
        "stances": claim.stances.all(),
        "corrections": records.corrections(claim),
        "jsonld": jsonld.claim(claim, absolute_builder(request), cited, first_appearance),
    }, records=[claim])


# ---------------------------------------------------------------- actors

def actor_list(request):
    # 1: visible actors JOIN country
    actors = list(records.actor_list(request.user))
    labels = dict(ActorKind.choices)
    groups = [(labels[kind], list(rows)) for kind, rows in groupby(actors, key=lambda a: a.kind)]
    return respond(request, "crisis/actor_list.html", {"groups": groups}, records=actors)


# Each list on an actor's page is read a page at a time, with its own page number in the URL.
ACTOR_SECTIONS = ("said", "about", "meetings", "stances", "figures")


def actor_detail(request, slug):
    user = request.user
    # 1: actor JOIN country  2: roles JOIN organisation; then, for each list, its capped count and
    # one page: 3-4 claims made  5-6 claims about them  7-8 meetings taken part in  9-10 stances
    # 11-12 figures about them (countries only)  13: its corrections, once it has one
    actor = _found(records.actor(user, slug))
    roles = list(actor.roles.all())
    lists = {
        "said": records.actor_said(user, actor),
        "about": records.actor_about(user, actor),
        "meetings": records.actor_meetings(user, actor),
        "stances": records.actor_stances(user, actor),
        "figures": records.figures_of_country(user, actor) if actor.kind == ActorKind.COUNTRY else None,
    }
    sections = {name: _section(request, name, rows) for name, rows in lists.items() if rows is not None}
    return respond(request, "crisis/actor_detail.html", {
        "actor": actor,
        "roles": roles,
        "sections": sections,
        "said": sections["said"],
        "about": sections["about"],
        "participations": sections["meetings"],
        "stances": sections["stances"],
        "figures": sections.get("figures"),
        "corrections": records.corrections(actor),
        "jsonld": jsonld.actor_page(actor, roles, absolute_builder(request)),
    }, records=[actor])


# ---------------------------------------------------------------- meetings

def meeting_list(request):
    # 1: visible meetings JOIN country  2: their participants JOIN actor
    meetings = list(records.meeting_list(request.user))
    return respond(request, "crisis/meeting_list.html", {"meetings": meetings}, records=meetings)


def meeting_detail(request, slug):
    user = request.user
    # 1: meeting JOIN country  2: participants JOIN actor  3: their roles  4: claims about it
    meeting = _found(records.meeting(user, slug))
    # Hosts first: the page answers "whose meeting is this" before "who else came".
    participants = sorted(meeting.participations.all(), key=lambda p: (p.role != "host", p.actor.name))
    for participant in participants:
        participant.title = participant.actor.title_on(meeting.date)
    return respond(request, "crisis/meeting_detail.html", {
        "meeting": meeting,
        "participants": participants,
        "claims": list(records.claims_about_meeting(user, meeting)),
        "corrections": records.corrections(meeting),
        "jsonld": jsonld.meeting(meeting, participants, absolute_builder(request)),
    }, records=[meeting])


# ---------------------------------------------------------------- funding requests

def funding_detail(request, slug):
    user = request.user
    # 1: request JOIN requester, addressee  2: purposes JOIN agency, claim  3: stage history JOIN
    # claim, source  4: legislative actions JOIN claim, source  5: claims about it
    # A line comes only with a claim the user may see (crisis.selectors.records.purposes).
    funding = _found(records.funding(user, slug))
    return respond(request, "crisis/funding_detail.html", {
        "funding": funding,
        "purposes": list(funding.purposes.all()),
        "stage_changes": list(funding.stage_changes.all()),
        "legislative_actions": list(funding.legislative_actions.all()),
        "claims": list(records.claims_about_funding(user, funding)),
        "corrections": records.corrections(funding),
    }, records=[funding])


# ---------------------------------------------------------------- proposals

def proposal_list(request):
    user = request.user
    # 1: proposals  2: their proponents  3: visible stances JOIN actor  4: funding requests
    proposals = list(records.proposal_list(user))
    for proposal in proposals:
        stances = list(proposal.stances.all())
        proposal.supporters = [s for s in stances if s.position == Position.SUPPORTS]
        proposal.opponents = [s for s in stances if s.position == Position.OPPOSES]
    funding = list(records.funding_list(user))
    return respond(request, "crisis/proposal_list.html", {
        "proposals": proposals, "funding_requests": funding,
    }, records=proposals + funding)


def proposal_detail(request, slug):
    user = request.user
    # 1: proposal JOIN the one it implements  2: programs implementing it  3: proponents
    # 4: stances JOIN actor, claim, speaker, source  5: claims about it
    proposal = _found(records.proposal(user, slug))
    stances = list(proposal.stances.all())
    return respond(request, "crisis/proposal_detail.html", {
        "proposal": proposal,
        "proponents": list(proposal.proponents.all()),
        "implemented_by": list(proposal.implemented_by.all()),
        "supporters": [s for s in stances if s.position == Position.SUPPORTS],
        "opponents": [s for s in stances if s.position == Position.OPPOSES],
        "others": [s for s in stances if s.position not in (Position.SUPPORTS, Position.OPPOSES)],
        "claims": list(records.claims_about_proposal(user, proposal)),
        "corrections": records.corrections(proposal),
    }, records=[proposal])


# ---------------------------------------------------------------- sources

def source_list(request):
    # 1: visible sources JOIN the source each cites
    sources = list(records.source_list(request.user))
    return respond(request, "crisis/source_list.html", {"sources": sources}, records=sources)


def source_detail(request, slug):
    user = request.user
    # 1: source JOIN cited source  2: sources citing it  3: claims from it  4: claims relayed
    # from it  5: figures from it  6: their claims
    source = _found(records.source(user, slug))
    chain = [hop for hop in (source, source.cites, source.cites.cites if source.cites else None) if hop]
    return respond(request, "crisis/source_detail.html", {
        "source": source,
        "chain": chain,
        "cited_by": list(source.cited_by.all()),
        "claims": list(records.claims_from_source(user, source)),
        "relayed": list(records.claims_relayed_from(user, source)),
        "figures": list(records.figures_from_source(user, source)),
        "corrections": records.corrections(source),
        "jsonld": {"@context": jsonld.CONTEXT, **jsonld.source(
            source, absolute_builder(request), chain[1] if len(chain) > 1 else None
        )},
    }, records=[source])


def _section(request, name, rows):
    """One page of a list on a record's page, with links to its neighbours (other lists keep theirs)."""
    page = section(rows, request.GET.get(name))

    def link(number):
        params = request.GET.copy()
        params[name] = number
        return f"?{params.urlencode()}#{name}-heading"

    page.previous_url = link(page.previous_page_number()) if page.has_previous() else None
    page.next_url = link(page.next_page_number()) if page.has_next() else None
    return page


def _found(record):
    if record is None:
        raise Http404("Not found, or not public.")
    return record
