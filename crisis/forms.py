"""Forms of the editor's desk: the claim and what it can bring along in the same page."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

from crisis.dates import DATE_EXAMPLES, format_date, parse_fuzzy_date
from crisis.models import (
    Actor,
    ActorKind,
    Claim,
    CrossingStatistic,
    FundingPurpose,
    FundingRequest,
    FundingStageChange,
    LegislativeAction,
    Meeting,
    PolicyProposal,
    Source,
    Stance,
)

ABOUT_FIELDS = ["actors", "meetings", "funding_requests", "proposals", "statistics"]


def normalise_quote(text):
    """Quotes compared for duplicates ignore case, spacing and quotation marks."""
    return re.sub(r"\s+", " ", re.sub(r"[\"“”‘’']", "", text)).strip().lower()


class FuzzyDateInput(forms.TextInput):
    """One box for a date and how precisely it is known, described by examples of what it reads."""

    hint = f"e.g. {DATE_EXAMPLES}"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        if attrs.get("id"):
            attrs["aria-describedby"] = " ".join(
                filter(None, [f"{attrs['id']}_hint", attrs.get("aria-describedby")]))
        return context


class FuzzyDateField(forms.Field):
    """A date typed as the source gives it ("mid-June 2014"), cleaned to the day it is stored on.

    `at` is where a range (season, year, fiscal year) is pinned: "start" and "end" bound a period,
    "middle" places a single date."""

    widget = FuzzyDateInput

    def __init__(self, *, at="middle", **kwargs):
        self.at = at
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        if isinstance(value, datetime.date):
            return value
        return parse_fuzzy_date(value, at=self.at)[0]

    def has_changed(self, initial, data):
        # Compared as read, so "Jun 2014" over a shown "June 2014" leaves an optional part untouched;
        # unreadable text counts as a change, so the part is validated and says what is wrong.
        try:
            return self.read(initial) != self.read(data)
        except ValidationError:
            return True

    def read(self, value):
        """(date, precision) of a typed value, None when blank."""
        if value in self.empty_values or not str(value).strip():
            return None
        return parse_fuzzy_date(value, at=self.at)


class FromDateBox(forms.Widget):
    """No control of its own: the value is the text typed in the paired date's box."""

    input_type = "hidden"

    def render(self, name, value, attrs=None, renderer=None):
        return ""

    def value_from_datadict(self, data, files, name):
        return data.get(name.removesuffix("_precision"))

    def value_omitted_from_data(self, data, files, name):
        return name.removesuffix("_precision") not in data


class PrecisionOfDate(forms.Field):
    """The precision the paired date was typed at; a blank date keeps the model's default."""

    widget = FromDateBox

    def __init__(self, *, default, at="middle", **kwargs):
        self.default, self.at = default, at
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        if value in self.empty_values or not str(value).strip():
            return self.default
        try:
            return parse_fuzzy_date(value, at=self.at)[1]
        except ValidationError:
            # The date's own field reports what cannot be read, once.
            return self.default

    def has_changed(self, initial, data):
        # Whether a date was touched is the date field's to say.
        return False


def _pinned(name):
    """Where a range typed in a field is pinned: a period's start or end at its first or last day
    (FY2014 from Oct 1, 2013 to Sep 30, 2014), as the figure tables and fiscal-year filters read it."""
    words = set(name.split("_"))
    return "start" if "start" in words else "end" if "end" in words else "middle"


class DeskForm(forms.ModelForm):
    """A ModelForm that marks required fields and keeps browsers from blocking the server's messages.

    Every date with a `<name>_precision` beside it is one text field, typed as the source gives it
    ("mid-June 2014"), that fills both model fields."""

    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        self.precision_of = {}
        for name, field in list(self.fields.items()):
            precision = f"{name}_precision"
            if not isinstance(field, forms.DateField) or precision not in self.fields:
                continue
            at = _pinned(name)
            self.fields[name] = FuzzyDateField(
                at=at, required=field.required, label=field.label, help_text=field.help_text,
            )
            default = self.fields[precision].initial
            self.fields[precision] = PrecisionOfDate(default=default, at=at)
            self.precision_of[precision] = name
            if isinstance(self.initial.get(name), datetime.date):
                self.initial[name] = format_date(self.initial[name], self.initial.get(precision) or default)

    def add_error(self, field, error):
        # A precision has no control of its own: a rule it breaks is shown at its date.
        if field is None and hasattr(error, "error_dict"):
            shown = {}
            for name, errors in error.error_dict.items():
                shown.setdefault(self.precision_of.get(name, name), []).extend(errors)
            error = ValidationError(shown)
        super().add_error(self.precision_of.get(field, field), error)


class ClaimForm(DeskForm):
    source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("publisher", "title"), required=False,
        label="Existing source",
        help_text="Pick the publication the claim comes from, or add a new one below.",
    )
    speaker = forms.ModelChoiceField(
        queryset=Actor.objects.order_by("name"), required=False, label="Speaker",
        help_text="Start typing a name in the list to jump to it. Leave blank for the "
        "publication's own reporting, or add a new speaker below.",
    )
    co_speakers = forms.CharField(
        required=False, label="Other speakers", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a joint statement: one speaker per line, in the source's order, by name or "
        "slug, then “|” and the title the source gives them (“Otto Pérez Molina | President of "
        "Guatemala”). The speaker above is named first.",
    )
    confirm_duplicate = forms.BooleanField(
        required=False, label="This is not a duplicate: save it anyway",
    )

    class Meta:
        model = Claim
        fields = [
            "source", "quote", "text", "kind", "speaker", "speaker_title",
            "said_on", "said_on_precision", "occurred_on", "occurred_on_precision",
            *ABOUT_FIELDS,
        ]
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.CheckboxSelectMultiple for name in ABOUT_FIELDS},
        }
        labels = {
            "text": "What is claimed",
            "said_on": "Said on",
            "occurred_on": "Happened on",
            "actors": "Actors",
            "funding_requests": "Funding requests",
            "proposals": "Policy proposals",
            "statistics": "Figures",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate = None
        self.fields["actors"].queryset = Actor.objects.order_by("name")
        self.fields["meetings"].queryset = Meeting.objects.order_by("-date", "title")
        self.fields["funding_requests"].queryset = FundingRequest.objects.order_by("title")
        self.fields["proposals"].queryset = PolicyProposal.objects.order_by("title")
        self.fields["statistics"].queryset = CrossingStatistic.objects.order_by("metric", "as_of")
        if not self.instance.pk:
            # Not required by the field (a new source below will do), but a claim needs one of the two.
            self.fields["source"].needed = True
        if self.instance.pk and not self.is_bound:
            self.initial["co_speakers"] = "\n".join(
                f"{row.actor.slug} | {row.title}" if row.title else row.actor.slug
                for row in self.instance.co_speakings.select_related("actor").order_by("position", "id")
            )
        if self.instance.pk:
            # The source of a saved claim is changed here, never replaced by an inline one.
            self.fields["source"].required = True
            self.fields["source"].label = "Source"
            self.fields["source"].help_text = "The publication the claim comes from."

    def clean_co_speakers(self):
        """[{actor, title, position}] in the order typed; a line naming no actor is an error."""
        rows, errors, seen = [], [], set()
        lines = [line.strip() for line in self.cleaned_data["co_speakers"].splitlines()]
        for n, line in enumerate([line for line in lines if line], start=1):
            who, _, title = (part.strip() for part in line.partition("|"))
            actor = (Actor.objects.filter(slug=who).first()
                     or Actor.objects.filter(name__iexact=who).order_by("pk").first())
            if actor is None:
                errors.append(f"Line {n}: no speaker is called “{who}”. Add them first, or check the "
                              "spelling.")
            elif actor.pk in seen:
                errors.append(f"Line {n}: {actor} is already listed.")
            elif len(title) > 200:
                errors.append(f"Line {n}: keep the title to 200 characters.")
            else:
                seen.add(actor.pk)
                rows.append({"actor": actor, "title": title, "position": len(rows)})
        if errors:
            raise ValidationError(errors)
        return rows

    def find_duplicate(self, source):
        """The first other claim with the same quote from the same source (one query)."""
        quote = normalise_quote(self.cleaned_data.get("quote") or "")
        if not quote or source is None or source.pk is None:
            return None
        others = Claim.objects.filter(source=source).exclude(quote="").exclude(pk=self.instance.pk)
        for pk, other_quote in others.values_list("pk", "quote"):
            if normalise_quote(other_quote) == quote:
                return Claim.objects.get(pk=pk)
        return None

    def check_duplicate(self, source):
        """A likely duplicate is a warning: the editor can tick the box and save anyway."""
        self.duplicate = self.find_duplicate(source)
        if self.duplicate and not self.cleaned_data.get("confirm_duplicate"):
            self.add_error(
                "quote",
                ValidationError(
                    "The same quote from the same source is already recorded, so this is likely a "
                    "duplicate. Check the existing claim; if this one is different, tick "
                    "“This is not a duplicate” and save again.",
                    code="duplicate",
                ),
            )


class SourceForm(DeskForm):
    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "kind", "author", "published_on", "published_on_precision"]
        labels = {"published_on": "Published on"}


class SpeakerForm(DeskForm):
    class Meta:
        model = Actor
        fields = ["name", "kind", "description"]
        labels = {"name": "New speaker's name", "kind": "Kind of speaker"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if kind == ActorKind.COUNTRY:
            raise ValidationError("Countries are added by an administrator, with their ISO code.")
        return kind


FIGURE_NEEDS = {"value": "a value", "unit": "a unit", "period_start": "a period start",
                "period_end": "a period end", "geography": "a geography"}


class FigureForm(DeskForm):
    class Meta:
        model = CrossingStatistic
        fields = [
            "metric", "value", "unit", "qualifier", "population", "geography", "area", "country",
            "origin", "period_start", "period_start_precision", "period_end", "period_end_precision",
            "as_of", "as_of_precision", "method",
        ]
        widgets = {
            "method": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"as_of": "As of"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Actor.objects.countries().order_by("name")
        self.fields["origin"].queryset = Actor.objects.countries().order_by("name")
        # The figure's scope is checked as a whole in clean(), with one message an editor reads.
        for name in ["value", "unit", "geography", "metric", "as_of"]:
            self.fields[name].required = False
        for name in FIGURE_NEEDS:
            self.fields[name].needed = True
        self.fields["metric"].needed = True
        self.fields["as_of"].help_text = "Leave blank to use the period's last day."
        # The model allows a blank period for imported tables; a figure entered here needs one.
        self.fields["period_start"].help_text = "First day the figure counts, as the source gives it."
        self.fields["period_end"].help_text = "Last day the figure counts."
        for name in ["unit", "geography"]:
            # The model's default would be saved unseen; the editor picks what the source says.
            self.fields[name].choices = [("", "---------"), *self.fields[name].choices]
            self.fields[name].initial = None

    def clean(self):
        data = super().clean()
        needs = {"metric": "what is counted", **FIGURE_NEEDS}
        missing = [name for name in needs if data.get(name) in (None, "") and name not in self.errors]
        for name in missing:
            self.add_error(name, "Needed for a figure.")
        missing = [needs[name] for name in missing]
        if missing:
            raise ValidationError(
                "A figure needs a value, a unit, a period and a geography. Missing: "
                + ", ".join(missing) + ".",
                code="figure_incomplete",
            )
        if not data.get("as_of"):
            data["as_of"] = data["period_end"]
            self.instance.as_of = data["as_of"]
        return data


class MeetingForm(DeskForm):
    class Meta:
        model = Meeting
        fields = ["title", "date", "date_precision", "place", "country", "meeting_status", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": "Meeting title"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Actor.objects.countries().order_by("name")


class FundingStageForm(DeskForm):
    class Meta:
        model = FundingStageChange
        fields = ["request", "stage", "date", "date_precision", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"request": "Funding request", "stage": "New stage"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = FundingRequest.objects.order_by("title")


class LegislativeActionForm(DeskForm):
    class Meta:
        model = LegislativeAction
        fields = ["request", "bill_number", "chamber", "action", "date", "date_precision", "yeas", "nays",
                  "threshold", "amount", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"request": "Funding request", "action": "What the chamber did"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = FundingRequest.objects.order_by("title")


class FundingLineForm(DeskForm):
    class Meta:
        model = FundingPurpose
        fields = ["request", "agency", "description", "amount"]
        labels = {"request": "Funding request", "description": "What the line is for"}
        help_texts = {"request": "The line is added after the request's existing lines."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = FundingRequest.objects.order_by("title")
        self.fields["agency"].queryset = Actor.objects.order_by("name")


class ProposalForm(DeskForm):
    class Meta:
        model = PolicyProposal
        fields = ["title", "kind", "stage", "summary", "law", "law_url", "announced_on",
                  "announced_on_precision", "effective_on", "effective_on_precision", "implements",
                  "proponents"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": "Proposal or program title", "announced_on": "Announced on",
                  "effective_on": "In effect from", "implements": "Puts into effect"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implements"].queryset = PolicyProposal.objects.order_by("title")
        self.fields["proponents"].queryset = Actor.objects.order_by("name")


class StanceForm(DeskForm):
    class Meta:
        model = Stance
        fields = ["proposal", "actor", "position"]
        labels = {"actor": "Whose stance"}
        help_texts = {"actor": "Leave blank for the speaker."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].required = False
        self.fields["actor"].queryset = Actor.objects.order_by("name")
        self.fields["proposal"].queryset = PolicyProposal.objects.order_by("title")

    def validate_unique(self):
        # The claim does not exist yet, so the (actor, proposal, claim) rule cannot clash.
        pass


class ReasonForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Reason",
        error_messages={"required": "Give a reason: it is kept with the claim."},
    )


VERDICT_LABELS = {"verdict": "Our verdict", "verdict_rationale": "Rationale, one line"}


class VerdictForm(forms.ModelForm):
    """The verdict a reviewer gives when publishing; both blank publishes without one.

    The pairing and length rules are the model's constraints, run here by ModelForm validation."""

    class Meta:
        model = Claim
        fields = ["verdict", "verdict_rationale"]
        labels = VERDICT_LABELS


class PublishCheckForm(forms.Form):
    """The reviewer's word that they read what publishing makes public, asked with every publish."""

    checked = forms.BooleanField(
        label="I have checked what becomes public",
        help_text="The claim and every record listed with it, as readers will see them.",
        error_messages={"required": "Tick “I have checked what becomes public” once you have read "
                                    "the preview of what publishing shows readers."},
    )


class CorrectionForm(forms.ModelForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Correction note for readers",
        help_text="Say what was wrong and what is right now. Shown above the claim with today's date.",
        error_messages={"required": "Write the correction note: readers see it above the claim."},
    )

    class Meta:
        model = Claim
        fields = ["text", "quote", "verdict", "verdict_rationale"]
        labels = VERDICT_LABELS
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "quote": forms.Textarea(attrs={"rows": 3})}
