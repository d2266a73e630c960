"""The admin: a window on every record, writing only through crisis.services.

Workflow fields (status, publication, version, correction notes) are read-only here; a public
record is shown read-only, because it changes only through a reviewed claim or a correction with
a note (the desk and the API). Drafts are edited through the same service as everywhere else:
the version a save was based on is checked, and a record in review goes back to draft.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from crisis import services
from crisis.models import (
    VERDICT_FIELDS,
    Actor,
    ActorRole,
    Claim,
    ClaimSpeaker,
    CrossingStatistic,
    Event,
    FundingPurpose,
    FundingRequest,
    FundingStageChange,
    LegislativeAction,
    Meeting,
    MeetingParticipant,
    PolicyProposal,
    ProposedChange,
    Source,
    Stance,
    kind_of,
)

WORKFLOW_FIELDS = ("status", "published_at", "created_by", "version", "correction_note", "corrected_at")


class Refusal(Exception):
    """A save the write service refused; the admin shows why and keeps the record as it was."""


class EditorialForm(forms.ModelForm):
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["based_on"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            current = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list(
                "version", flat=True).first()
            if data.get("based_on") != current:
                raise forms.ValidationError(
                    "Someone saved this record after you opened it. Reload the page to see their "
                    "version, then make your change again."
                )
        return data


class EditorialAdmin(SimpleHistoryAdmin):
    form = EditorialForm
    readonly_fields = (*WORKFLOW_FIELDS, "events")

    @admin.display(description="Workflow log")
    def events(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = Event.objects.filter(record_type=kind_of(obj), record_id=obj.pk).select_related("user")
        return format_html_join(
            mark_safe("<br>"), "{} · {} by {}{}",
            ((f"{e.created_at:%Y-%m-%d %H:%M}", e.get_action_display(), e.user or "system",
              f": {e.note}" if e.note else "") for e in rows),
        ) or "—"

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_public:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Records are corrected or retracted, never deleted: readers may have cited them.
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refusal as refused:
            messages.error(request, f"Not saved: {refused}")
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        model = type(obj)
        concrete = {f.name for f in model._meta.concrete_fields}
        many = {f.name for f in model._meta.many_to_many}
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in concrete}
        relations = {name: form.cleaned_data[name] for name in form.changed_data if name in many}
        try:
            if change:
                record = services.record_update(
                    obj, user=request.user, based_on=form.cleaned_data.get("based_on"),
                    fields=fields, relations=relations,
                )
            else:
                fields = {name: form.cleaned_data[name] for name in form.cleaned_data if name in concrete}
                relations = {name: form.cleaned_data[name] for name in form.cleaned_data if name in many}
                record = services.record_create(model, user=request.user, fields=fields, relations=relations)
        except (services.StaleVersion, services.VersionRequired, services.ValidationError,
                services.PermissionDenied) as refused:
            raise Refusal(" ".join(getattr(refused, "messages", [str(refused)]))) from None
        obj.pk, obj.version, obj.status = record.pk, record.version, record.status
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # The form's own links were written by the service; the inlines are child rows.
        changed = False
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
            changed = changed or formset.has_changed()
        if changed and change:
            services.touch(form.instance, request.user, note="Linked records changed in the admin.")


class ClaimAboutInline(admin.TabularInline):
    """Claims linked to the record through one of Claim's "about" relations."""

    extra = 0
    verbose_name = "backing claim"
    verbose_name_plural = "backing claims"
    autocomplete_fields = ["claim"]


def claims_inline(through_model):
    return type(f"{through_model.__name__}Inline", (ClaimAboutInline,), {"model": through_model})


class ActorRoleInline(admin.TabularInline):
    model = ActorRole
    fk_name = "actor"
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Actor)
class ActorAdmin(EditorialAdmin):
    list_display = ["name", "kind", "short_name", "country", "status"]
    list_filter = ["kind", "status", "country"]
    search_fields = ["name", "short_name", "description", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [ActorRoleInline, claims_inline(Claim.actors.through)]


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
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
class MeetingAdmin(EditorialAdmin):
    list_display = ["title", "date", "date_precision", "meeting_status", "status"]
    list_filter = ["meeting_status", "status", "country"]
    search_fields = ["title", "purpose", "outcome", "place"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["country"]
    inlines = [MeetingParticipantInline, claims_inline(Claim.meetings.through)]


class FundingPurposeInline(admin.TabularInline):
    model = FundingPurpose
    extra = 0
    autocomplete_fields = ["agency", "claim"]


@admin.register(FundingRequest)
class FundingRequestAdmin(EditorialAdmin):
    list_display = ["title", "amount", "currency", "requester", "addressee", "stage", "status"]
    list_filter = ["stage", "status", "currency"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["requester", "addressee"]
    readonly_fields = (*WORKFLOW_FIELDS, "events", "stage")
    inlines = [FundingPurposeInline, claims_inline(Claim.funding_requests.through)]


@admin.register(FundingStageChange)
class FundingStageChangeAdmin(EditorialAdmin):
    list_display = ["request", "stage", "date", "claim", "status"]
    list_filter = ["stage", "status"]
    search_fields = ["request__title", "note", "claim__text"]
    autocomplete_fields = ["request", "claim"]


@admin.register(LegislativeAction)
class LegislativeActionAdmin(EditorialAdmin):
    list_display = ["request", "bill_number", "chamber", "action", "date", "claim", "status"]
    list_filter = ["chamber", "action", "status"]
    search_fields = ["request__title", "bill_number", "note", "claim__text"]
    autocomplete_fields = ["request", "claim"]


@admin.register(PolicyProposal)
class PolicyProposalAdmin(EditorialAdmin):
    list_display = ["title", "law", "stage", "status"]
    list_filter = ["stage", "status"]
    search_fields = ["title", "summary", "law"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["proponents"]
    inlines = [claims_inline(Claim.proposals.through)]


@admin.register(Stance)
class StanceAdmin(EditorialAdmin):
    list_display = ["actor", "position", "proposal", "claim", "status"]
    list_filter = ["position", "status", "proposal"]
    search_fields = ["actor__name", "proposal__title", "claim__text"]
    autocomplete_fields = ["actor", "proposal", "claim"]
    list_select_related = ["actor", "proposal", "claim__speaker", "claim__source"]


@admin.register(CrossingStatistic)
class CrossingStatisticAdmin(EditorialAdmin):
    list_display = [
        "metric", "value", "unit", "qualifier", "geography", "area", "period_start",
        "period_end", "as_of", "source", "status",
    ]
    list_filter = ["metric", "geography", "unit", "qualifier", "status", "country", "origin"]
    search_fields = ["population", "area", "method", "source__title"]
    autocomplete_fields = ["country", "origin", "source"]
    list_select_related = ["source"]
    inlines = [claims_inline(Claim.statistics.through)]


class ClaimSpeakerInline(admin.TabularInline):
    model = ClaimSpeaker
    extra = 0
    autocomplete_fields = ["actor"]
    verbose_name_plural = "Other speakers (a joint statement), in order"


@admin.register(Claim)
class ClaimAdmin(EditorialAdmin):
    list_display = ["text", "speaker", "source", "kind", "verdict", "rank", "status"]
    list_filter = ["kind", "verdict", "rank", "status", "source"]
    search_fields = ["text", "quote", "speaker__name", "source__title", "import_key"]
    autocomplete_fields = [
        "speaker", "source", "first_appeared_in", "actors", "meetings", "funding_requests",
        "proposals", "statistics", "conflicts_with",
    ]
    list_select_related = ["speaker", "source"]
    inlines = [ClaimSpeakerInline]
    # A verdict is given by a reviewer publishing or correcting the claim, on the desk or the API.
    readonly_fields = (*WORKFLOW_FIELDS, *VERDICT_FIELDS, "events", "import_key")


class ReadOnlyAdmin(admin.ModelAdmin):
    """The editorial log is written by the workflow only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "record_type", "record_id", "action", "new_status", "user", "public"]
    list_filter = ["action", "record_type", "public"]
    search_fields = ["note"]
    list_select_related = ["user"]


@admin.register(ProposedChange)
class ProposedChangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "record_type", "record_id", "status", "claim", "created_by"]
    list_filter = ["status", "record_type"]
