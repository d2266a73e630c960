"""Querysets behind the API, planned so that no row costs an extra query.

Each function takes the user, because nested records follow the same rule as the rows: a reader
sees only published claims, actors and stances inside a published record.
"""

from django.db.models import Prefetch

from crisis.models import (
    Actor,
    ActorRole,
    Claim,
    CrossingStatistic,
    FundingRequest,
    FundingStageChange,
    Meeting,
    MeetingParticipant,
    PolicyProposal,
    Source,
    Stance,
)


def citations(user, lookup="claims"):
    """Backing claims with speaker and source (one query for the whole page)."""
    return Prefetch(lookup, queryset=Claim.objects.visible_to(user).with_related().order_by("id"))


def sources(user):
    return Source.objects.visible_to(user).with_related()


def actors(user):
    # 4 queries after the rows: roles, their organisations, claims about the actor (+ sources joined).
    return (
        Actor.objects.visible_to(user)
        .select_related("country")
        .prefetch_related(
            Prefetch("roles", queryset=ActorRole.objects.select_related("organisation")),
            citations(user, "claims_about"),
        )
    )


def meetings(user):
    # 2 queries after the rows: participants with their actor (joined), backing claims.
    return (
        Meeting.objects.visible_to(user)
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=MeetingParticipant.objects.filter(actor__in=Actor.objects.visible_to(user))
                .select_related("actor")
                .order_by("role", "actor__name", "id"),
            ),
            citations(user),
        )
    )


def funding_requests(user):
    # 3 queries after the rows: purposes, stage changes (claims joined), backing claims.
    return (
        FundingRequest.objects.visible_to(user)
        .select_related("requester", "addressee")
        .prefetch_related(
            "purposes",
            Prefetch(
                "stage_changes",
                queryset=FundingStageChange.objects.filter(claim__in=Claim.objects.visible_to(user))
                .select_related("claim__speaker", "claim__source")
                .order_by("date", "id"),
            ),
            citations(user),
        )
    )


def proposals(user):
    # 3 queries after the rows: proponents, stances (actor and claim joined), backing claims.
    return PolicyProposal.objects.visible_to(user).prefetch_related(
        Prefetch("proponents", queryset=Actor.objects.visible_to(user).order_by("name", "id")),
        Prefetch(
            "stances",
            queryset=Stance.objects.visible_to(user)
            .select_related("actor", "claim__speaker", "claim__source")
            .order_by("position", "actor__name", "id"),
        ),
        citations(user),
    )


def stances(user):
    return Stance.objects.visible_to(user).with_related()


def figures(user):
    # 1 query after the rows: backing claims (speaker and source joined).
    return (
        CrossingStatistic.objects.visible_to(user)
        .select_related("source", "country")
        .prefetch_related(citations(user))
    )


def claims(user):
    # 6 queries after the rows, one per list of things the claim names.
    def visible(lookup, queryset):
        return Prefetch(lookup, queryset=queryset)

    return (
        Claim.objects.visible_to(user)
        .with_related()
        .prefetch_related(
            visible("conflicts_with", Claim.objects.visible_to(user).order_by("id")),
            visible("actors", Actor.objects.visible_to(user).order_by("name", "id")),
            visible("meetings", Meeting.objects.visible_to(user).order_by("date", "id")),
            visible("funding_requests", FundingRequest.objects.visible_to(user).order_by("id")),
            visible("proposals", PolicyProposal.objects.visible_to(user).order_by("title", "id")),
            visible("statistics", CrossingStatistic.objects.visible_to(user).order_by("id")),
        )
    )
