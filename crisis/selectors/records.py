"""Read shapes of single records and their lists, for the pages and the API alike.

Each function takes the user: nested records follow the rule of crisis.selectors.visibility,
so a draft claim, stance, actor or figure never rides inside a public record. Docstrings give
the queries a shape costs; none grows with the number of rows.
"""

from django.db.models import Prefetch, Q

from crisis.models import (
    PUBLIC_STATUSES,
    Actor,
    ActorKind,
    ActorRole,
    Claim,
    ClaimSpeaker,
    CrossingStatistic,
    Event,
    EventAction,
    FundingPurpose,
    FundingRequest,
    FundingStageChange,
    LegislativeAction,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    PolicyProposal,
    Source,
    Stance,
    kind_of,
    sees_drafts,
)

from .visibility import VisiblePrefetch, visible


def claims_with_provenance(user):
    """Visible claims with speaker and source joined (the cited source too).

    Citations inside other records name the lead speaker only; the claim's own shapes below add
    the other speakers of a joint statement (co_speakers_prefetch, 1 query per list).
    """
    return visible(Claim, user).select_related("speaker", "source", "source__cites", "first_appeared_in")


def co_speakings(user):
    """The co-speakers of claims whose actor the user may see, in the source's order, with that actor."""
    rows = ClaimSpeaker.objects.select_related("actor").order_by("position", "id")
    if sees_drafts(user, Actor):
        return rows
    return rows.filter(actor__status__in=PUBLIC_STATUSES)


def co_speakers_prefetch(user):
    return Prefetch("co_speakings", queryset=co_speakings(user))


def listed_claims(user):
    """The prefetches a claim shown in a list needs: its other speakers and the visible claims it
    conflicts with, each with provenance, so the pair can be shown side by side (2 queries for a
    whole list, none for an empty one)."""
    return (
        co_speakers_prefetch(user),
        VisiblePrefetch("conflicts_with", claims_with_provenance(user).order_by("id"), user),
    )


def citations(user, lookup="claims", order=("id",)):
    """Backing claims with speaker and source: one query for every row of the page."""
    return VisiblePrefetch(lookup, claims_with_provenance(user).order_by(*order), user)


def participations(user):
    """Meeting participations whose actor the user may see, with that actor."""
    rows = MeetingParticipant.objects.select_related("actor").order_by("role", "actor__name", "id")
    if sees_drafts(user, Actor):
        return rows
    return rows.filter(actor__status__in=PUBLIC_STATUSES)


def participants_prefetch(user):
    return Prefetch("participations", queryset=participations(user))


def stances(user):
    """Visible stances with actor, proposal and the claim's speaker and source joined."""
    return visible(Stance, user).select_related(
        "actor", "proposal", "claim__speaker", "claim__source"
    )


def stage_changes(user):
    return visible(FundingStageChange, user).select_related(
        "request", "claim__speaker", "claim__source"
    ).order_by("date", "id")


def legislative_actions(user):
    """Visible legislative actions with request and the claim's speaker and source, in date order."""
    return visible(LegislativeAction, user).select_related(
        "request", "claim__speaker", "claim__source"
    ).order_by("date", "timeline_rank", "id")


def purposes(user):
    """A request's line items with agency and claim. A line is part of the claim that reports it,
    so a reader sees it once that claim is public (lines loaded before lines carried claims are
    public with their request)."""
    return FundingPurpose.objects.select_related(
        "agency", "claim__speaker", "claim__source"
    ).filter(Q(claim__isnull=True) | Q(claim__in=visible(Claim, user))).order_by("position", "id")


# -- the API's rows ---------------------------------------------------------------------------------

def sources(user):
    """Sources with the source each cites (1 query)."""
    return visible(Source, user).select_related("cites")


def actors(user):
    """Actors with country; roles and claims about them prefetched (3 queries)."""
    return visible(Actor, user).select_related("country").prefetch_related(
        Prefetch("roles", queryset=ActorRole.objects.select_related("organisation")),
        citations(user, "claims_about"),
    )


def meetings(user):
    """Meetings with country; participants with their roles (for their titles then) and backing
    claims prefetched (4 queries)."""
    return visible(Meeting, user).select_related("country").prefetch_related(
        participants_prefetch(user), "participations__actor__roles", citations(user)
    )


def funding_requests(user):
    """Requests with requester and addressee; purposes, steps, legislative actions and claims
    prefetched (5 queries)."""
    return visible(FundingRequest, user).select_related("requester", "addressee").prefetch_related(
        Prefetch("purposes", queryset=purposes(user)),
        VisiblePrefetch("stage_changes", stage_changes(user), user),
        VisiblePrefetch("legislative_actions", legislative_actions(user), user),
        citations(user),
    )


def proposals(user):
    """Proposals with the proposal each implements; proponents, stances and claims prefetched
    (4 queries)."""
    return visible(PolicyProposal, user).select_related("implements").prefetch_related(
        VisiblePrefetch("proponents", Actor.objects.order_by("name", "id"), user),
        VisiblePrefetch("stances", stances(user).order_by("position", "actor__name", "id"), user),
        citations(user),
    )


def figures(user):
    """Figures with source, country and origin; backing claims prefetched (2 queries)."""
    return visible(CrossingStatistic, user).select_related("source", "country", "origin").prefetch_related(
        citations(user)
    )


def claims(user):
    """Claims with provenance; their other speakers and what each names prefetched (8 queries)."""
    return claims_with_provenance(user).prefetch_related(
        co_speakers_prefetch(user),
        VisiblePrefetch("conflicts_with", Claim.objects.order_by("id"), user),
        VisiblePrefetch("actors", Actor.objects.order_by("name", "id"), user),
        VisiblePrefetch("meetings", Meeting.objects.order_by("date", "id"), user),
        VisiblePrefetch("funding_requests", FundingRequest.objects.order_by("id"), user),
        VisiblePrefetch("proposals", PolicyProposal.objects.order_by("title", "id"), user),
        VisiblePrefetch("statistics", CrossingStatistic.objects.order_by("id"), user),
    )


def countries(user):
    return visible(Actor, user).filter(kind=ActorKind.COUNTRY).order_by("name")


def find_actor(user, text):
    """The visible actor a person typed: by slug, else by name, in any case (1–2 queries)."""
    actors = visible(Actor, user)
    return actors.filter(slug=text).first() or actors.filter(name__iexact=text).order_by("pk").first()


def find_country(user, value):
    """The visible country a parameter names, by ISO code (HN) or slug (1 query)."""
    return countries(user).filter(Q(country_code=value.upper()) | Q(slug=value)).first()


# -- pages ------------------------------------------------------------------------------------------

def claim_page(user, pk):
    """One claim with everything its page shows, or None (9 queries)."""
    return claims_with_provenance(user).prefetch_related(
        co_speakers_prefetch(user),
        VisiblePrefetch("conflicts_with", claims_with_provenance(user), user),
        VisiblePrefetch("actors", Actor.objects.all(), user),
        VisiblePrefetch("meetings", Meeting.objects.all(), user),
        VisiblePrefetch("funding_requests", FundingRequest.objects.all(), user),
        VisiblePrefetch("proposals", PolicyProposal.objects.all(), user),
        VisiblePrefetch("statistics", CrossingStatistic.objects.select_related("source", "country", "origin"),
                        user),
        VisiblePrefetch("stances", Stance.objects.select_related("actor", "proposal"), user),
    ).filter(pk=pk).first()


def corrections(record):
    """Every correction, retraction and withdrawal of a record, oldest first (1 query; none for a
    record never corrected)."""
    if record.corrected_at is None:
        return []
    return list(
        Event.objects.filter(
            record_type=kind_of(record), record_id=record.pk,
            action__in=[EventAction.CORRECTED, EventAction.RETRACTED, EventAction.WITHDRAWN],
        ).order_by("created_at", "id")
    )


def claims_ordered(user):
    # The timeline's order (when it happened, else when said), which an index keeps.
    return claims_with_provenance(user).order_by("timeline_date", "timeline_rank", "pk")


def _claims_listed(user):
    """Claims for a record page's lists, in claims_ordered's order, each with its co-speakers and
    conflicts (the list's query +2)."""
    return claims_ordered(user).prefetch_related(*listed_claims(user))


def actor_list(user):
    return visible(Actor, user).select_related("country").order_by("kind", "name")


def actor(user, slug):
    """The actor with country and roles (2 queries), or None."""
    return visible(Actor, user).select_related("country").prefetch_related(
        Prefetch("roles", queryset=ActorRole.objects.select_related("organisation")),
    ).filter(slug=slug).first()


def actor_said(user, actor):
    return _claims_listed(user).filter(speaker=actor)


def actor_about(user, actor):
    return _claims_listed(user).filter(actors=actor).exclude(speaker=actor)


def actor_meetings(user, actor):
    return (
        actor.meeting_participations.filter(meeting__in=visible(Meeting, user))
        .select_related("meeting").order_by("meeting__date", "meeting_id")
    )


def actor_stances(user, actor):
    return stances(user).filter(actor=actor).order_by("proposal__title", "id")


def figures_of_country(user, country):
    return figures(user).filter(country=country).order_by("-as_of", "-id")


def meeting_list(user):
    """Meetings oldest first with participants (2 queries)."""
    return visible(Meeting, user).select_related("country").prefetch_related(
        participants_prefetch(user)
    ).order_by("date", "title")


def upcoming_meetings(user, limit=5):
    return meeting_list(user).filter(meeting_status=MeetingStatus.SCHEDULED)[:limit]


def meeting(user, slug):
    """The meeting with country; participants with their roles, for their titles then (3 queries)."""
    return visible(Meeting, user).select_related("country").prefetch_related(
        participants_prefetch(user), "participations__actor__roles",
    ).filter(slug=slug).first()


def claims_about_meeting(user, meeting):
    return _claims_listed(user).filter(meetings=meeting)


def funding(user, slug):
    """The request with purposes and its visible steps (3 queries), or None."""
    return visible(FundingRequest, user).select_related("requester", "addressee").prefetch_related(
        Prefetch("purposes", queryset=purposes(user)),
        VisiblePrefetch("stage_changes", stage_changes(user), user),
        VisiblePrefetch("legislative_actions", legislative_actions(user), user),
    ).filter(slug=slug).first()


def claims_about_funding(user, funding):
    return _claims_listed(user).filter(funding_requests=funding)


def funding_list(user):
    return visible(FundingRequest, user).select_related("requester", "addressee").order_by(
        "-requested_on", "title"
    )


def proposal_list(user):
    """Proposals with proponents and stances with their actor (3 queries)."""
    return visible(PolicyProposal, user).prefetch_related(
        VisiblePrefetch("proponents", Actor.objects.all(), user),
        VisiblePrefetch("stances", Stance.objects.select_related("actor"), user),
    ).order_by("title")


def proposal(user, slug):
    """The proposal with the one it implements; proponents, stances and the programs implementing
    it prefetched (4 queries)."""
    return visible(PolicyProposal, user).select_related("implements").prefetch_related(
        VisiblePrefetch("implemented_by", PolicyProposal.objects.order_by("announced_on", "title"), user),
        VisiblePrefetch("proponents", Actor.objects.all(), user),
        VisiblePrefetch("stances", stances(user).order_by("actor__name", "pk"), user),
    ).filter(slug=slug).first()


def claims_about_proposal(user, proposal):
    return _claims_listed(user).filter(proposals=proposal)


def source_list(user):
    return sources(user)


def source(user, slug):
    """The source with two hops of what it cites and who cites it (2 queries), or None."""
    return visible(Source, user).select_related("cites__cites").prefetch_related(
        VisiblePrefetch("cited_by", Source.objects.order_by("published_on", "title"), user)
    ).filter(slug=slug).first()


def claims_from_source(user, source):
    return _claims_listed(user).filter(source=source)


def claims_relayed_from(user, source):
    return _claims_listed(user).filter(first_appeared_in=source)


def figures_from_source(user, source):
    return figures(user).filter(source=source)
