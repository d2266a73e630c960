"""Query filters for each list endpoint (django-filter), and ordering with a unique tiebreaker."""

import django_filters as filters
from django import forms
from django.db.models import Q
from rest_framework.filters import OrderingFilter

from crisis.dates import DatePrecision, fiscal_year_bounds
from crisis.models import (
    Actor,
    ActorKind,
    BillAction,
    Chamber,
    Claim,
    ClaimKind,
    CrossingStatistic,
    FundingRequest,
    FundingStage,
    FundingStageChange,
    Geography,
    LegislativeAction,
    Meeting,
    MeetingStatus,
    Metric,
    PolicyProposal,
    Position,
    ProposalStage,
    Rank,
    RecordStatus,
    Source,
    SourceKind,
    Stance,
    Unit,
    ValueQualifier,
    Verdict,
)
from crisis.selectors.claims import NONE as NO_VERDICT
from crisis.selectors.records import find_country


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField


def amount_filter(lookup, help_text):
    return filters.NumberFilter(
        field_name="amount", lookup_expr=lookup, max_digits=16, decimal_places=2, help_text=help_text
    )


class StableOrderingFilter(OrderingFilter):
    """Whatever order is asked for, ties are broken by id, so pages never overlap or skip rows."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering.append("id")
        return ordering


class CountryFilterSet(filters.FilterSet):
    def filter_country(self, queryset, name, value):
        """A country given by ISO code (HN) or by slug (honduras), found first (one small query)
        so the rows are filtered by its id, which an index serves."""
        if not value:
            return queryset
        country = find_country(getattr(self.request, "user", None), value)
        return queryset.filter(**{f"{name}_id": country.pk}) if country else queryset.none()


def status_filter():
    return filters.MultipleChoiceFilter(
        choices=RecordStatus.choices,
        help_text="Editorial status; readers only ever see published and retracted records.",
    )


def date_range(field, what):
    return (
        filters.DateFilter(
            field_name=field, lookup_expr="gte", help_text=f"{what} on or after (YYYY-MM-DD)."
        ),
        filters.DateFilter(
            field_name=field, lookup_expr="lte", help_text=f"{what} on or before (YYYY-MM-DD)."
        ),
    )


class SourceFilter(filters.FilterSet):
    kind = filters.MultipleChoiceFilter(choices=SourceKind.choices, help_text="Kind of publication.")
    publisher = filters.CharFilter(lookup_expr="iexact", help_text="Outlet, e.g. Latin Post (any case).")
    published_after, published_before = date_range("published_on", "Published")
    status = status_filter()

    class Meta:
        model = Source
        fields = []


class ActorFilter(CountryFilterSet):
    kind = filters.MultipleChoiceFilter(choices=ActorKind.choices, help_text="Person, organisation, country…")
    country = filters.CharFilter(
        method="filter_country", help_text="Actors of this country, by ISO code (HN) or slug."
    )
    status = status_filter()

    class Meta:
        model = Actor
        fields = []


class MeetingFilter(CountryFilterSet):
    meeting_status = filters.MultipleChoiceFilter(
        choices=MeetingStatus.choices, help_text="Scheduled, held, postponed or cancelled."
    )
    country = filters.CharFilter(
        method="filter_country", help_text="Meetings held in this country, by ISO code or slug."
    )
    participant = filters.CharFilter(
        field_name="participants__slug", distinct=True, help_text="Meetings this actor (slug) takes part in."
    )
    date_after, date_before = date_range("date", "Dated")
    status = status_filter()

    class Meta:
        model = Meeting
        fields = []


class FundingRequestFilter(filters.FilterSet):
    stage = filters.MultipleChoiceFilter(choices=FundingStage.choices, help_text="Latest stage.")
    requester = filters.CharFilter(field_name="requester__slug", help_text="Who asks (actor slug).")
    addressee = filters.CharFilter(field_name="addressee__slug", help_text="Who is asked (actor slug).")
    amount_min = amount_filter("gte", "At least this amount.")
    amount_max = amount_filter("lte", "At most this amount.")
    status = status_filter()

    class Meta:
        model = FundingRequest
        fields = []


class ProposalFilter(filters.FilterSet):
    stage = filters.MultipleChoiceFilter(
        choices=ProposalStage.choices, help_text="Where the proposal stands."
    )
    proponent = filters.CharFilter(
        field_name="proponents__slug", distinct=True, help_text="Proposals put forward by this actor (slug)."
    )
    status = status_filter()

    class Meta:
        model = PolicyProposal
        fields = []


class FundingStageChangeFilter(filters.FilterSet):
    request = filters.CharFilter(field_name="request__slug", help_text="Steps of this request (slug).")
    stage = filters.MultipleChoiceFilter(choices=FundingStage.choices, help_text="The stage reached.")
    status = status_filter()

    class Meta:
        model = FundingStageChange
        fields = []


class LegislativeActionFilter(filters.FilterSet):
    request = filters.CharFilter(
        field_name="request__slug", help_text="Actions on bills answering this request (slug)."
    )
    chamber = filters.MultipleChoiceFilter(choices=Chamber.choices, help_text="house or senate.")
    action = filters.MultipleChoiceFilter(
        choices=BillAction.choices, help_text="introduced, passed, blocked, failed or enacted."
    )
    bill_number = filters.CharFilter(lookup_expr="iexact", help_text="E.g. H.R. 5230.")
    date_after, date_before = date_range("date", "Dated")
    status = status_filter()

    class Meta:
        model = LegislativeAction
        fields = []


class StanceFilter(filters.FilterSet):
    position = filters.MultipleChoiceFilter(choices=Position.choices, help_text="Supports, opposes…")
    actor = filters.CharFilter(field_name="actor__slug", help_text="Stances of this actor (slug).")
    proposal = filters.CharFilter(field_name="proposal__slug", help_text="Stances on this proposal (slug).")

    class Meta:
        model = Stance
        fields = []


class FigureFilter(CountryFilterSet):
    metric = filters.MultipleChoiceFilter(
        choices=Metric.choices, help_text="What is counted; repeat for several metrics."
    )
    geography = filters.MultipleChoiceFilter(
        choices=Geography.choices, help_text="The area or population covered; repeat for several."
    )
    area = filters.CharFilter(lookup_expr="iexact", help_text="Sector name, e.g. Rio Grande Valley.")
    unit = filters.MultipleChoiceFilter(choices=Unit.choices, help_text="people, people_per_day or percent.")
    qualifier = filters.MultipleChoiceFilter(
        choices=ValueQualifier.choices, help_text="Exact, approximate, at least, at most."
    )
    country = filters.CharFilter(
        method="filter_country",
        help_text="Figures about children from this country of origin, by ISO code (HN) or slug.",
    )
    origin = filters.CharFilter(
        method="filter_country",
        help_text="Figures broken down by this country of origin (where the people counted come "
        "from), by ISO code (GT) or slug.",
    )
    by_origin = filters.BooleanFilter(
        field_name="origin", lookup_expr="isnull", exclude=True,
        help_text="true: only figures broken down by country of origin (one row per country); "
        "false: only those that are not.",
    )
    precision = filters.MultipleChoiceFilter(
        choices=DatePrecision.choices, method="filter_precision",
        help_text="How precisely the period is given, at either end: fiscal_year for figures an "
        "agency publishes per US federal fiscal year (FY2014: Oct 1, 2013 – Sep 30, 2014).",
    )
    fiscal_year = filters.NumberFilter(
        method="filter_fiscal_year", min_value=1900, max_value=2200,
        help_text="Figures whose period lies within this US federal fiscal year (2014 for FY2014).",
    )
    period_start_after, period_start_before = date_range("period_start", "Period starting")
    period_end_after, period_end_before = date_range("period_end", "Period ending")
    as_of_after, as_of_before = date_range("as_of", "True as of")
    source = filters.CharFilter(field_name="source__slug", help_text="Figures from this source (slug).")
    status = status_filter()

    class Meta:
        model = CrossingStatistic
        fields = []

    def filter_precision(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(period_start_precision__in=value, period_start__isnull=False)
                               | Q(period_end_precision__in=value, period_end__isnull=False))

    def filter_fiscal_year(self, queryset, name, value):
        if value is None:
            return queryset
        first, last = fiscal_year_bounds(int(value))
        return queryset.filter(period_start__gte=first, period_end__lte=last)


class ClaimFilter(filters.FilterSet):
    kind = filters.MultipleChoiceFilter(choices=ClaimKind.choices, help_text="Fact, figure, quote…")
    verdict = filters.MultipleChoiceFilter(
        choices=[*Verdict.choices, (NO_VERDICT, "No verdict given")], method="filter_verdict",
        help_text="The reviewer's verdict; `none` for claims without one.",
    )
    rank = filters.MultipleChoiceFilter(choices=Rank.choices, help_text="Preferred, normal or deprecated.")
    source = filters.CharFilter(field_name="source__slug", help_text="Claims reported by this source (slug).")
    speaker = filters.CharFilter(field_name="speaker__slug", help_text="Claims made by this actor (slug).")
    about = filters.CharFilter(
        field_name="actors__slug", distinct=True, help_text="Claims about this actor (slug)."
    )
    meeting = filters.CharFilter(
        field_name="meetings__slug", distinct=True, help_text="Claims about this meeting (slug)."
    )
    figure = IdFilter(
        field_name="statistics",
        distinct=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Claims that report this figure (id).",
    )
    occurred_after, occurred_before = date_range("occurred_on", "Happened")
    said_after, said_before = date_range("said_on", "Said")
    status = status_filter()

    class Meta:
        model = Claim
        fields = []

    def filter_verdict(self, queryset, name, values):
        given = [value for value in values if value != NO_VERDICT]
        condition = Q(verdict__in=given)
        if NO_VERDICT in values:
            condition |= Q(verdict="")
        return queryset.filter(condition)


__all__ = [
    "ActorFilter",
    "ClaimFilter",
    "FigureFilter",
    "FundingRequestFilter",
    "FundingStageChangeFilter",
    "LegislativeActionFilter",
    "MeetingFilter",
    "ProposalFilter",
    "SourceFilter",
    "StableOrderingFilter",
    "StanceFilter",
]
