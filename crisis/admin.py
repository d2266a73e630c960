from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crisis.models import (
    Actor,
    ActorRole,
    Claim,
    ClaimEvent,
    CrossingStatistic,
    FundingPurpose,
    FundingRequest,
    FundingStageChange,
    Meeting,
    MeetingParticipant,
    PolicyProposal,
    Source,
    Stance,
)

WORKFLOW_FIELDS = ("status", "published_at")


class ClaimAboutInline(admin.TabularInline):
    """Claims linked to the record through one of Claim's "about" relations."""

    extra = 0
    verbose_name = "backing claim"
    verbose_name_plural = "backing claims"
    autocomplete_fields = ["claim"]


def claims_inline(through_model):
    return type(
        f"{through_model.__name__}Inline", (ClaimAboutInline,), {"model": through_model}
    )


class ActorRoleInline(admin.TabularInline):
    model = ActorRole
    fk_name = "actor"
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "short_name", "country", "status"]
    list_filter = ["kind", "status", "country"]
    search_fields = ["name", "short_name", "description", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [ActorRoleInline, claims_inline(Claim.actors.through)]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "published_on_precision", "status"]
    list_filter = ["kind", "publisher", "status"]
    search_fields = ["title", "publisher", "author", "url"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cites"]
    date_hierarchy = "published_on"


class MeetingParticipantInline(admin.TabularInline):
    model = MeetingParticipant
    extra = 0
    autocomplete_fields = ["actor"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date", "date_precision", "meeting_status", "status"]
    list_filter = ["meeting_status", "status", "country"]
    search_fields = ["title", "purpose", "outcome", "place"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["country"]
    inlines = [MeetingParticipantInline, claims_inline(Claim.meetings.through)]


class FundingPurposeInline(admin.TabularInline):
    model = FundingPurpose
    extra = 0


class FundingStageChangeInline(admin.TabularInline):
    model = FundingStageChange
    extra = 0
    autocomplete_fields = ["claim"]


@admin.register(FundingRequest)
class FundingRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "amount", "currency", "requester", "addressee", "stage", "status"]
    list_filter = ["stage", "status", "currency"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["requester", "addressee"]
    inlines = [
        FundingPurposeInline,
        FundingStageChangeInline,
        claims_inline(Claim.funding_requests.through),
    ]


class StanceInline(admin.TabularInline):
    model = Stance
    extra = 0
    autocomplete_fields = ["actor", "claim"]


@admin.register(PolicyProposal)
class PolicyProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "law", "stage", "status"]
    list_filter = ["stage", "status"]
    search_fields = ["title", "summary", "law"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["proponents"]
    inlines = [StanceInline, claims_inline(Claim.proposals.through)]


@admin.register(Stance)
class StanceAdmin(SimpleHistoryAdmin):
    list_display = ["actor", "position", "proposal", "claim"]
    list_filter = ["position", "proposal"]
    search_fields = ["actor__name", "proposal__title", "claim__text"]
    autocomplete_fields = ["actor", "proposal", "claim"]
    list_select_related = ["actor", "proposal", "claim__speaker", "claim__source"]


@admin.register(CrossingStatistic)
class CrossingStatisticAdmin(SimpleHistoryAdmin):
    list_display = [
        "metric", "value", "unit", "qualifier", "geography", "area", "period_start",
        "period_end", "as_of", "source", "status",
    ]
    list_filter = ["metric", "geography", "unit", "qualifier", "status", "country"]
    search_fields = ["population", "area", "method", "source__title"]
    autocomplete_fields = ["country", "source"]
    list_select_related = ["source"]
    inlines = [claims_inline(Claim.statistics.through)]


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "old_status", "new_status", "user", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["text", "speaker", "source", "kind", "verification", "rank", "status"]
    list_filter = ["kind", "verification", "rank", "status", "source"]
    search_fields = ["text", "quote", "speaker__name", "source__title", "import_key"]
    autocomplete_fields = [
        "speaker", "source", "first_appeared_in", "actors", "meetings", "funding_requests",
        "proposals", "statistics", "conflicts_with",
    ]
    list_select_related = ["speaker", "source"]
    readonly_fields = ["import_key"]
    inlines = [ClaimEventInline]
