"""Record pages: claims, actors, meetings, funding requests, proposals and sources."""

from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from crisis import jsonld
from crisis.models import (
    Actor,
    ActorKind,
    ActorRole,
    Claim,
    FundingPurpose,
    FundingRequest,
    FundingStageChange,
    Meeting,
    PolicyProposal,
    Position,
    Source,
    Stance,
)
from crisis.views.pages import (
    absolute_builder,
    participations_for,
    respond,
    shown,
    statistics_for,
    visible_claims,
)


def claims_with_sources(user):
    """Visible claims with speaker and source, oldest first by when they happened or were said."""
    return visible_claims(user).order_by("occurred_on", "said_on", "pk")


def stances_for(user):
    return Stance.objects.visible_to(user).with_related()


# ---------------------------------------------------------------- claims

def claim_detail(request, pk):
    user = request.user
    # 1: claim JOIN speaker, source, cited source, first appearance  2: conflicting claims
    # 3–7: what it is about (actors, meetings, funding requests, proposals, figures)  8: stances
    claim = get_object_or_404(
        Claim.objects.visible_to(user).with_related().prefetch_related(
            Prefetch("conflicts_with", queryset=Claim.objects.visible_to(user).with_related()),
            Prefetch("actors", queryset=Actor.objects.visible_to(user)),
            Prefetch("meetings", queryset=Meeting.objects.visible_to(user)),
            Prefetch("funding_requests", queryset=FundingRequest.objects.visible_to(user)),
            Prefetch("proposals", queryset=PolicyProposal.objects.visible_to(user)),
            Prefetch("statistics", queryset=statistics_for(user).select_related("source")
                     .prefetch_related(None)),
            Prefetch("stances", queryset=Stance.objects.filter(
                actor__in=Actor.objects.visible_to(user),
                proposal__in=PolicyProposal.objects.visible_to(user),
            ).select_related("actor", "proposal")),
        ),
        pk=pk,
    )
    conflicts = list(claim.conflicts_with.all())
    cited, first_appearance = shown(user, claim.source.cites), shown(user, claim.first_appeared_in)
    return respond(request, "crisis/claim_detail.html", {
        "claim": claim,
        "cited": cited,
        "first_appearance": first_appearance,
        "conflicts": conflicts,
        "actors": claim.actors.all(),
        "meetings": claim.meetings.all(),
        "funding_requests": claim.funding_requests.all(),
        "proposals": claim.proposals.all(),
        "statistics": claim.statistics.all(),
        "stances": claim.stances.all(),
        "jsonld": jsonld.claim(claim, absolute_builder(request), cited, first_appearance),
    }, records=[claim])


# ---------------------------------------------------------------- actors

def actor_list(request):
    # 1: visible actors JOIN country
    actors = Actor.objects.visible_to(request.user).select_related("country").order_by("kind", "name")
    labels = dict(ActorKind.choices)
    groups = [(labels[kind], list(rows)) for kind, rows in groupby(actors, key=lambda a: a.kind)]
    return respond(request, "crisis/actor_list.html", {"groups": groups}, records=actors)


def actor_detail(request, slug):
    user = request.user
    visible_actors = Actor.objects.visible_to(user)
    # 1: actor JOIN country  2: roles JOIN organisation  3: claims made  4: claims about them
    # 5: meetings taken part in  6: stances  7: figures about them (countries)
    actor = get_object_or_404(
        visible_actors.select_related("country").prefetch_related(
            Prefetch("roles", queryset=ActorRole.objects.select_related("organisation")),
        ),
        slug=slug,
    )
    roles = list(actor.roles.all())
    said = list(claims_with_sources(user).filter(speaker=actor))
    about = list(claims_with_sources(user).filter(actors=actor).exclude(speaker=actor))
    participations = list(
        actor.meeting_participations.filter(meeting__in=Meeting.objects.visible_to(user))
        .select_related("meeting").order_by("meeting__date")
    )
    stances = list(stances_for(user).filter(actor=actor).order_by("proposal__title"))
    figures = list(statistics_for(user).filter(country=actor)) if actor.kind == ActorKind.COUNTRY else []
    return respond(request, "crisis/actor_detail.html", {
        "actor": actor,
        "roles": roles,
        "said": said,
        "about": about,
        "participations": participations,
        "stances": stances,
        "figures": figures,
        "jsonld": jsonld.actor_page(actor, roles, absolute_builder(request)),
    }, records=[actor])


# ---------------------------------------------------------------- meetings

def meeting_list(request):
    # 1: visible meetings JOIN country  2: their participants JOIN actor
    meetings = list(
        Meeting.objects.visible_to(request.user).select_related("country")
        .prefetch_related(Prefetch("participations", queryset=participations_for(request.user)))
        .order_by("date", "title")
    )
    return respond(request, "crisis/meeting_list.html", {"meetings": meetings}, records=meetings)


def meeting_detail(request, slug):
    user = request.user
    # 1: meeting JOIN country  2: participants JOIN actor  3: claims about it
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("country").prefetch_related(
            Prefetch("participations", queryset=participations_for(user))
        ),
        slug=slug,
    )
    # Hosts first: the page answers "whose meeting is this" before "who else came".
    participants = sorted(meeting.participations.all(), key=lambda p: (p.role != "host", p.actor.name))
    claims = list(claims_with_sources(user).filter(meetings=meeting))
    return respond(request, "crisis/meeting_detail.html", {
        "meeting": meeting,
        "participants": participants,
        "claims": claims,
        "jsonld": jsonld.meeting(meeting, participants, absolute_builder(request)),
    }, records=[meeting])


# ---------------------------------------------------------------- funding requests

def funding_detail(request, slug):
    user = request.user
    # 1: request JOIN requester, addressee  2: purposes  3: stage history JOIN claim, source
    # 4: claims about it
    funding = get_object_or_404(
        FundingRequest.objects.visible_to(user).select_related("requester", "addressee")
        .prefetch_related(
            Prefetch("purposes", queryset=FundingPurpose.objects.order_by("position", "id")),
            Prefetch("stage_changes", queryset=FundingStageChange.objects.filter(
                claim__in=Claim.objects.visible_to(user)
            ).select_related("claim__source", "claim__speaker").order_by("date", "id")),
        ),
        slug=slug,
    )
    claims = list(claims_with_sources(user).filter(funding_requests=funding))
    return respond(request, "crisis/funding_detail.html", {
        "funding": funding,
        "purposes": list(funding.purposes.all()),
        "stage_changes": list(funding.stage_changes.all()),
        "claims": claims,
    }, records=[funding])


# ---------------------------------------------------------------- proposals

def proposal_list(request):
    user = request.user
    # 1: proposals  2: their proponents  3: visible stances JOIN actor  4: funding requests
    proposals = list(
        PolicyProposal.objects.visible_to(user).prefetch_related(
            Prefetch("proponents", queryset=Actor.objects.visible_to(user)),
            Prefetch("stances", queryset=stances_for(user).select_related(None).select_related("actor")),
        ).order_by("title")
    )
    for proposal in proposals:
        stances = list(proposal.stances.all())
        proposal.supporters = [s for s in stances if s.position == Position.SUPPORTS]
        proposal.opponents = [s for s in stances if s.position == Position.OPPOSES]
    funding = list(
        FundingRequest.objects.visible_to(user).select_related("requester", "addressee")
        .order_by("-requested_on", "title")
    )
    return respond(request, "crisis/proposal_list.html", {
        "proposals": proposals, "funding_requests": funding,
    }, records=proposals + funding)


def proposal_detail(request, slug):
    user = request.user
    # 1: proposal  2: proponents  3: stances JOIN actor, claim, speaker, source  4: claims about it
    proposal = get_object_or_404(
        PolicyProposal.objects.visible_to(user).prefetch_related(
            Prefetch("proponents", queryset=Actor.objects.visible_to(user)),
            Prefetch("stances", queryset=stances_for(user).order_by("actor__name", "pk")),
        ),
        slug=slug,
    )
    stances = list(proposal.stances.all())
    claims = list(claims_with_sources(user).filter(proposals=proposal))
    return respond(request, "crisis/proposal_detail.html", {
        "proposal": proposal,
        "proponents": list(proposal.proponents.all()),
        "supporters": [s for s in stances if s.position == Position.SUPPORTS],
        "opponents": [s for s in stances if s.position == Position.OPPOSES],
        "others": [s for s in stances if s.position not in (Position.SUPPORTS, Position.OPPOSES)],
        "claims": claims,
    }, records=[proposal])


# ---------------------------------------------------------------- sources

def source_list(request):
    # 1: visible sources JOIN the source each cites
    sources = list(Source.objects.visible_to(request.user).with_related())
    return respond(request, "crisis/source_list.html", {"sources": sources}, records=sources)


def source_detail(request, slug):
    user = request.user
    visible_sources = Source.objects.visible_to(user)
    # 1: source JOIN cited source  2: sources citing it  3: claims from it  4: claims relayed
    # from it  5: figures from it  6: their claims
    source = get_object_or_404(
        visible_sources.select_related("cites__cites").prefetch_related(
            Prefetch("cited_by", queryset=visible_sources.order_by("published_on", "title"))
        ),
        slug=slug,
    )
    chain = [source]
    for hop in (source.cites, source.cites.cites if source.cites else None):
        if shown(user, hop) is None:
            break
        chain.append(hop)
    return respond(request, "crisis/source_detail.html", {
        "source": source,
        "chain": chain,
        "cited_by": list(source.cited_by.all()),
        "claims": list(claims_with_sources(user).filter(source=source)),
        "relayed": list(claims_with_sources(user).filter(first_appeared_in=source)),
        "figures": list(statistics_for(user).filter(source=source)),
        "jsonld": {"@context": jsonld.CONTEXT, **jsonld.source(
            source, absolute_builder(request), chain[1] if len(chain) > 1 else None
        )},
    }, records=[source])
