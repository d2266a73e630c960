"""The editor's desk: add sourced claims, move them through review, correct, see history."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from crisis import forms, services
from crisis.models import (
    RECORD_MODELS,
    Claim,
    ProposedChange,
    RecordStatus,
)
from crisis.selectors import desk as desk_lists
from crisis.views.editor_history import HISTORY_MODELS, MODEL_SLUGS, conflict_changes, versions_of

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("crisis:editor-home")

    def get_context_data(self, **kwargs):
        # Django's LoginView names the site after the request's host; the header shows ours.
        return {**super().get_context_data(**kwargs), "site_name": settings.SITE_NAME}


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view(next_page=reverse_lazy("crisis:home"))


def desk(perm):
    """Readers are sent to the login page; a signed-in user without the permission gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            response = view(request, *args, **kwargs)
            # Drafts must never sit in a shared cache.
            response["Cache-Control"] = "private, no-cache, no-store"
            return response

        return login_required(never_cache(wrapped))

    return decorator


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@desk("crisis.add_claim")
def editor_home(request):
    can_review = request.user.has_perm("crisis.publish_claim")
    return render(request, "crisis/editor/desk.html", {
        "drafts": desk_lists.my_drafts(request.user)[:20],
        "mine_in_review": desk_lists.mine_in_review(request.user)[:20],
        "queue": desk_lists.review_queue()[:20] if can_review else None,
        "can_review": can_review,
    })


@desk("crisis.add_claim")
def my_drafts(request):
    return render(request, "crisis/editor/claim_list.html", {
        "page": _page(request, desk_lists.my_drafts(request.user)),
        "heading": "My drafts",
        "empty": "You have no drafts. Claims you add stay here until you submit them for review.",
    })


@desk("crisis.publish_claim")
def review_queue(request):
    return render(request, "crisis/editor/claim_list.html", {
        "page": _page(request, desk_lists.review_queue()),
        "heading": "Review queue",
        "empty": "Nothing is waiting for review.",
        "show_author": True,
        "restores": _pending_restores(),
    })


def _pending_restores():
    """Restores of public records, waiting for a reviewer (each with its record, one query a kind)."""
    changes = list(desk_lists.pending_restores())
    for change in changes:
        change.record = services.target_of(change)
        change.history_url = reverse("crisis:record-history", args=[
            MODEL_SLUGS[type(change.record)], change.record_id])
    return changes


# Adding a claim ---------------------------------------------------------------------------------

SUBFORMS = {
    "new_source": (forms.SourceForm, "source"),
    "new_speaker": (forms.SpeakerForm, "speaker"),
    "figure": (forms.FigureForm, "figure"),
    "meeting": (forms.MeetingForm, "meeting"),
    "funding_stage": (forms.FundingStageForm, "funding"),
    "legislative_action": (forms.LegislativeActionForm, "legislation"),
    "stance": (forms.StanceForm, "stance"),
    "funding_line": (forms.FundingLineForm, "line"),
    "proposal": (forms.ProposalForm, "proposal"),
}


def _add_forms(data=None):
    built = {"claim": forms.ClaimForm(data, prefix="claim")}
    for name, (form_class, prefix) in SUBFORMS.items():
        # An untouched optional part is skipped, not validated.
        built[name] = form_class(data, prefix=prefix, empty_permitted=True)
    return built


def _validate_new_claim(parts):
    """Validate every part together, so the editor sees every problem at once."""
    claim_form = parts["claim"]
    ok = all([form.is_valid() for form in parts.values()])
    source = claim_form.cleaned_data.get("source")
    new_source = parts["new_source"].has_changed()
    if source and new_source:
        claim_form.add_error("source", "Pick an existing source or add a new one below, not both.")
    elif not source and not new_source and "source" not in claim_form.errors:
        claim_form.add_error(
            "source", "A claim needs a source: pick an existing one or add a new one below."
        )
    if claim_form.cleaned_data.get("speaker") and parts["new_speaker"].has_changed():
        claim_form.add_error("speaker", "Pick an existing speaker or add a new one below, not both.")
    claim_form.check_duplicate(source)
    return ok and all(form.is_valid() for form in parts.values())


PART_NAMES = {
    "claim": "the claim", "new_source": "the new source", "new_speaker": "the new speaker",
    "figure": "the figure", "meeting": "the meeting", "funding_stage": "the funding stage",
    "legislative_action": "the legislative action",
    "stance": "the stance", "funding_line": "the funding line", "proposal": "the new proposal",
}


# Where a part's own messages (not tied to one field) are shown on the add page.
PART_ANCHORS = {
    "claim": "form-top", "new_source": "new-source", "new_speaker": "new-speaker",
    "figure": "establish-figure", "meeting": "establish-meeting", "funding_stage": "establish-funding",
    "legislative_action": "establish-legislation", "stance": "establish-stance",
    "funding_line": "establish-funding-line", "proposal": "establish-proposal",
}
# Messages that only sum up the field errors listed with them; listing both would count twice.
SUMMED_UP_BY_FIELDS = {"figure_incomplete"}


def _error_summary(parts):
    """One entry per problem, each linking to its field (or to its part), for the page's top."""
    problems = []
    for name, form in parts.items():
        part = PART_NAMES[name]
        found = form.errors.as_data()
        # In the order the page shows them: the part's own messages, then its fields top to bottom.
        ordered = [n for n in [NON_FIELD_ERRORS, *form.fields] if n in found]
        for field_name, errors in ((n, found[n]) for n in ordered):
            if field_name == NON_FIELD_ERRORS:
                if len(form.errors) > 1:
                    errors = [e for e in errors if e.code not in SUMMED_UP_BY_FIELDS]
                anchor, label = PART_ANCHORS[name], part[0].upper() + part[1:]
            else:
                bound = form[field_name]
                anchor = bound.id_for_label or bound.auto_id
                label = f"{part[0].upper()}{part[1:]}: {bound.label}" if name != "claim" else bound.label
            for error in errors:
                problems.append({"href": f"#{anchor}", "label": label, "message": " ".join(error.messages)})
    return problems


def _establishes(parts):
    claim_form = parts["claim"]
    chosen = {
        name: form.save(commit=False)
        for name, form in parts.items()
        if name != "claim" and form.has_changed()
    }
    if "proposal" in chosen:
        # A many-to-many list: saved by the service once the proposal exists.
        chosen["proponents"] = list(parts["proposal"].cleaned_data["proponents"])
    about = {name: claim_form.cleaned_data[name] for name in forms.ABOUT_FIELDS}
    return services.Establishes(about=about, co_speakers=claim_form.cleaned_data["co_speakers"], **chosen)


def _add_model_errors(form, error):
    """A model rule broken in the service, shown on the field it names (else on the part)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@desk("crisis.add_claim")
def claim_add(request):
    parts = _add_forms(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _validate_new_claim(parts):
        claim = parts["claim"].save(commit=False)
        try:
            claim = services.claim_create_with_establishes(
                claim=claim, editor=request.user, establishes=_establishes(parts)
            )
        except services.PartInvalid as invalid:
            _add_model_errors(parts[invalid.part], invalid.error)
        except DatabaseError:
            # Two editors saving the same new slug at once: the rules were checked, the race lost.
            parts["claim"].add_error(None, "The database refused one part of the claim, so nothing "
                                           "was saved. Save again.")
        else:
            messages.success(request, "Draft saved. Submit it for review when it is ready.")
            return redirect("crisis:claim-edit", pk=claim.pk)
    claim_form = parts["claim"]
    return render(request, "crisis/editor/claim_add.html", {
        "forms": parts,
        "duplicate": claim_form.duplicate,
        "problems": _error_summary(parts),
        "with_errors": [PART_NAMES[name] for name, form in parts.items() if form.errors],
        "opened": _opened_parts(parts),
    })


# The part a kind of claim usually brings along is shown open; the others stay folded away.
KIND_OPENS = {"figure": "figure", "position": "stance", "plan": "proposal"}


def _opened_parts(parts):
    """The add page's folded parts to show open: those filled in or refused, and the kind's own."""
    opened = {name for name, form in parts.items()
              if name != "claim" and form.is_bound and (form.errors or form.has_changed())}
    claim_form = parts["claim"]
    if claim_form.is_bound and any(claim_form[name].value() or name in claim_form.errors
                                   for name in forms.ABOUT_FIELDS):
        opened.add("about")
    kind_part = KIND_OPENS.get(claim_form["kind"].value())
    if kind_part:
        opened.add(kind_part)
    return opened


# One claim: edit form, workflow actions, events ----------------------------------------------------

def _claim_page(request, claim, *, form=None, status=200, action_error=None, reason_forms=None,
                correction_form=None, conflict=None, verdict_form=None, check_form=None):
    user = request.user
    editable = services.may_edit(user, claim)
    if form is None and editable:
        form = forms.ClaimForm(instance=claim, prefix="claim")
    can_review = services.is_reviewer(user)
    items, changes, refused = services.review_of(claim)
    context = {
        "claim": claim,
        "form": form if editable else None,
        "version": claim.version if conflict is None else conflict.current.version,
        "events": desk_lists.claim_events(claim),
        "can_submit": user.has_perm("crisis.submit_claim") and claim.status == RecordStatus.DRAFT
        and (can_review or claim.created_by_id == user.pk),
        "can_review": can_review and claim.status == RecordStatus.IN_REVIEW,
        "can_correct": can_review and claim.status == RecordStatus.PUBLISHED,
        "review_items": _with_links(items),
        "review_changes": changes,
        "review_refused": refused,
        "reason_forms": reason_forms or {},
        "verdict_form": verdict_form or (
            forms.VerdictForm(prefix="publish") if can_review else None
        ),
        "check_form": check_form or (forms.PublishCheckForm(prefix="publish") if can_review else None),
        "correction_form": correction_form or (
            forms.CorrectionForm(instance=claim, prefix="correct") if can_review else None
        ),
        "action_error": action_error,
        # The edit form sits below the review list: its problems are summed up at the top too.
        "problems": _error_summary({"claim": form}) if form is not None and form.is_bound else [],
        "conflict": conflict,
        "conflict_changes": _conflict_changes(conflict),
        "conflict_by": claim.history.order_by("-history_id").select_related("history_user").first()
        if conflict else None,
        "related_history": _related_history(claim),
    }
    return render(request, "crisis/editor/claim_edit.html", context, status=status)


def _with_links(items):
    """Review items with a link to each record's history on the desk."""
    for item in items:
        slug = MODEL_SLUGS.get(RECORD_MODELS[item.record_type])
        item.history_url = reverse("crisis:record-history", args=[slug, item.record_id]) if slug else None
    return items


def _conflict_changes(conflict):
    if conflict is None:
        return None
    record = conflict.current
    loaded = record.history.filter(version=conflict.based_on).order_by("-history_id").first()
    current = record.history.order_by("-history_id").first()
    return conflict_changes(type(record), loaded, current)


def _related_history(claim):
    """Links to the history of the records this claim leans on (queries: figures, meetings)."""
    links = [("This claim", "claim", claim.pk), (f"Source: {claim.source}", "source", claim.source_id)]
    if claim.speaker_id:
        links.append((f"Speaker: {claim.speaker}", "actor", claim.speaker_id))
    links += [(f"Figure: {f}", "figure", f.pk) for f in claim.statistics.all()]
    links += [(f"Meeting: {m}", "meeting", m.pk) for m in claim.meetings.all()]
    return [(label, reverse("crisis:record-history", args=[slug, pk])) for label, slug, pk in links]


def _get_claim(pk):
    return get_object_or_404(Claim.objects.select_related(
        "speaker", "source", "source__cites", "first_appeared_in"), pk=pk)


def _version(request):
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


@desk("crisis.view_claim")
def claim_edit(request, pk):
    claim = _get_claim(pk)
    if request.method != "POST":
        return _claim_page(request, claim)
    if not services.may_edit(request.user, claim):
        return _claim_page(request, claim, status=400, action_error=(
            f"This claim is {claim.get_status_display().lower()} and cannot be edited by you here."
            + (" A reviewer can correct or retract it." if claim.is_public else "")))
    form = forms.ClaimForm(request.POST, instance=_get_claim(pk), prefix="claim")
    if form.is_valid():
        form.check_duplicate(form.cleaned_data["source"])
    if not form.is_valid():
        return _claim_page(request, claim, form=form)
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name not in forms.ABOUT_FIELDS}
    about = {name: form.cleaned_data[name] for name in forms.ABOUT_FIELDS}
    about["co_speakers"] = form.cleaned_data["co_speakers"]
    try:
        services.record_update(claim, user=request.user, based_on=_version(request), fields=fields,
                               relations=about)
    except services.VersionRequired:
        return _claim_page(request, _get_claim(pk), form=form, status=409, action_error=(
            "Not saved: the form did not say which version of the claim you edited. Reload the claim "
            "and make your change again."))
    except services.StaleVersion as conflict:
        return _claim_page(request, _get_claim(pk), form=form, status=409, conflict=conflict)
    except services.ValidationError as exc:
        _add_model_errors(form, exc)
        return _claim_page(request, _get_claim(pk), form=form, status=400)
    messages.success(request, "Changes saved." + (
        " The claim was in review, so it is a draft again: submit it when it is ready."
        if claim.status == RecordStatus.IN_REVIEW else ""))
    return redirect("crisis:claim-edit", pk=pk)


def _workflow_action(request, pk, action, done, needs_reason=False, **page):
    claim = _get_claim(pk)
    reason_form = forms.ReasonForm(request.POST, prefix=action) if needs_reason else None
    if reason_form is not None and not reason_form.is_valid():
        return None, _claim_page(request, claim, status=400, reason_forms={action: reason_form},
                                 action_error="Not done: a reason is required.")
    try:
        if reason_form is not None:
            result = done(claim, reason_form.cleaned_data["note"])
        else:
            result = done(claim)
    except (services.ValidationError, services.PermissionDenied) as exc:
        text = " ".join(getattr(exc, "messages", [str(exc)]))
        return None, _claim_page(request, _get_claim(pk), status=400, reason_forms={action: reason_form}
                                 if reason_form else None, action_error=text, **page)
    return result, None


@require_POST
@desk("crisis.submit_claim")
def claim_submit(request, pk):
    _, refused = _workflow_action(
        request, pk, "submit", lambda c: services.claim_submit(claim=c, user=request.user)
    )
    if refused:
        return refused
    messages.success(request, "Submitted for review. A reviewer will publish it or send it back.")
    return redirect("crisis:editor-home")


@desk("crisis.publish_claim")
@require_GET
def claim_review(request, pk):
    """What publishing makes public, shown as readers will see it, with the publish form."""
    return _review_page(request, _get_claim(pk))


def _review_page(request, claim, *, status=200, verdict_form=None, check_form=None, action_error=None):
    items, changes, refused = services.review_of(claim)
    return render(request, "crisis/editor/claim_review.html", {
        "claim": claim,
        "records": desk_lists.review_records(items),
        "funding_lines": list(desk_lists.funding_lines(claim)),
        "review_items": items,
        "review_changes": changes,
        "review_refused": refused,
        "can_review": claim.status == RecordStatus.IN_REVIEW,
        "verdict_form": verdict_form or forms.VerdictForm(prefix="publish"),
        "check_form": check_form or forms.PublishCheckForm(prefix="publish"),
        "action_error": action_error,
    }, status=status)


@require_POST
@desk("crisis.publish_claim")
def claim_publish(request, pk):
    # A throwaway instance: the form's validation writes the verdict onto the one it is given.
    verdict = forms.VerdictForm(request.POST, instance=_get_claim(pk), prefix="publish")
    check = forms.PublishCheckForm(request.POST, prefix="publish")
    if not all([verdict.is_valid(), check.is_valid()]):
        # The form is shown again where it was sent from: the preview, or the claim's desk page.
        page = _review_page if request.POST.get("from") == "review" else _claim_page
        return page(request, _get_claim(pk), status=400, verdict_form=verdict, check_form=check,
                    action_error="Not published: fix the verdict below." if verdict.errors else
                    "Not published: read what becomes public, then tick that you have checked it.")
    done, refused = _workflow_action(
        request, pk, "publish", lambda c: services.claim_publish(
            claim=c, user=request.user, verdict=verdict.cleaned_data["verdict"],
            rationale=verdict.cleaned_data["verdict_rationale"],
        ), verdict_form=verdict, check_form=check,
    )
    if refused:
        return refused
    others = [f"{r._meta.verbose_name} “{str(r)[:60]}”" for r in done.records if r.pk != done.claim.pk
              or not isinstance(r, Claim)]
    messages.success(request, "Published. Readers can see it now"
                     + (", with " + "; ".join(others) if others else "") + ".")
    return redirect("crisis:claim-edit", pk=pk)


@require_POST
@desk("crisis.publish_claim")
def claim_send_back(request, pk):
    _, refused = _workflow_action(
        request, pk, "send_back",
        lambda c, note: services.claim_send_back(claim=c, user=request.user, note=note),
        needs_reason=True,
    )
    if refused:
        return refused
    messages.success(request, "Sent back to the editor with your comment.")
    return redirect("crisis:review-queue")


@require_POST
@desk("crisis.publish_claim")
def claim_retract(request, pk):
    _, refused = _workflow_action(
        request, pk, "retract",
        lambda c, note: services.claim_retract(claim=c, user=request.user, note=note),
        needs_reason=True,
    )
    if refused:
        return refused
    messages.success(request, "Retracted. The public page shows the claim as retracted, with your note; "
                     "figures and stances resting only on it are shown as withdrawn.")
    return redirect("crisis:claim-edit", pk=pk)


@require_POST
@desk("crisis.publish_claim")
def claim_correct(request, pk):
    claim = _get_claim(pk)
    form = forms.CorrectionForm(request.POST, instance=_get_claim(pk), prefix="correct")
    if not form.is_valid():
        return _claim_page(request, claim, status=400, correction_form=form,
                           action_error="Not corrected: fix the correction form below.")
    changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        services.claim_correct(claim=claim, user=request.user, note=form.cleaned_data["note"],
                               changes=changes, based_on=_version(request))
    except services.VersionRequired:
        return _claim_page(request, _get_claim(pk), status=409, correction_form=form, action_error=(
            "Not corrected: the form did not say which version you corrected. Reload and correct again."))
    except services.StaleVersion as conflict:
        return _claim_page(request, _get_claim(pk), status=409, correction_form=form, conflict=conflict)
    except services.ValidationError as exc:
        return _claim_page(request, _get_claim(pk), status=400, correction_form=form,
                           action_error=" ".join(exc.messages))
    messages.success(request, "Corrected. The public page shows your note with today's date.")
    return redirect("crisis:claim-edit", pk=pk)


# History ------------------------------------------------------------------------------------------

def _history_model(model_slug):
    try:
        return HISTORY_MODELS[model_slug]
    except KeyError:
        raise Http404("No history for that kind of record.") from None


def _history_page(request, instance, status=200):
    model_class = type(instance)
    return render(request, "crisis/editor/history.html", {
        "instance": instance,
        "title": getattr(instance, "text", None) or str(instance),
        "model_slug": MODEL_SLUGS[model_class],
        "verbose_name": model_class._meta.verbose_name,
        "versions": versions_of(instance),
        "can_restore": services.is_reviewer(request.user),
        "desk_url": reverse("crisis:claim-edit", args=[instance.pk]) if model_class is Claim else None,
    }, status=status)


@login_required
@never_cache
def record_history(request, model, pk):
    model_class = _history_model(model)
    if not request.user.has_perm(f"crisis.view_{model_class._meta.model_name}"):
        raise PermissionDenied
    return _history_page(request, get_object_or_404(model_class, pk=pk))


@require_POST
@desk("crisis.publish_claim")
def record_restore(request, model, pk):
    instance = get_object_or_404(_history_model(model), pk=pk)
    try:
        history_id = int(request.POST.get("history_id", ""))
        result = services.record_restore(instance, user=request.user, history_id=history_id)
    except ValueError:
        messages.error(request, "Pick a version to restore.")
    except services.ValidationError as exc:
        messages.error(request, "Not restored: " + " ".join(exc.messages))
    else:
        if isinstance(result, ProposedChange):
            messages.success(request, "This record is public, so the restore waits in the review queue: "
                             "a reviewer applies it with a correction note for readers, or rejects it.")
        else:
            messages.success(request, "Restored. The restore is saved as a new version at the top.")
        return redirect("crisis:record-history", model=model, pk=pk)
    return _history_page(request, instance, status=400)


@require_POST
@desk("crisis.publish_claim")
def change_decide(request, pk, decision):
    change = get_object_or_404(ProposedChange, pk=pk)
    form = forms.ReasonForm(request.POST, prefix="change")
    if not form.is_valid():
        messages.error(request, "Give a note: readers see it with the correction, or it explains the "
                       "rejection in the record's events.")
        return redirect("crisis:review-queue")
    decide = services.change_apply if decision == "apply" else services.change_reject
    try:
        decide(change, user=request.user, note=form.cleaned_data["note"])
    except services.ValidationError as exc:
        messages.error(request, "Not done: " + " ".join(exc.messages))
    else:
        messages.success(request, "Applied, with your note shown to readers." if decision == "apply"
                         else "Rejected; the record stays as it was.")
    return redirect("crisis:review-queue")
