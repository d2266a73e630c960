"""The desk's figure-table upload: check an agency's CSV table, then import it as drafts."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from crisis.selectors import records
from crisis.services import PermissionDenied, ValidationError
from crisis.services.importing_figures import COLUMNS, ImportInvalid, figures_import, figures_preview
from crisis.views.editor import desk

# The preview shows the first rows and the first errors; the count says how many there are.
SHOWN = 100


class FigureTableForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=None, to_field_name="slug",
        help_text="The publication the table is taken from (add it with a claim first if it is new).",
    )
    table = forms.FileField(required=False, label="CSV file",
                            help_text="UTF-8, one figure per row; the columns are listed below.")
    # After a check, the table travels with the confirmation so it need not be chosen again.
    checked = forms.CharField(required=False, widget=forms.HiddenInput)
    filename = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = records.sources(user).order_by("title")

    def clean(self):
        data = super().clean()
        upload = data.get("table")
        if upload:
            try:
                data["text"] = upload.read().decode("utf-8-sig")
                data["filename"] = upload.name
            except UnicodeDecodeError:
                self.add_error("table", "The file is not UTF-8 text: save it from your spreadsheet "
                                        "as “CSV UTF-8”.")
        elif data.get("checked"):
            data["text"] = data["checked"]
        else:
            self.add_error("table", "Choose the CSV file to import.")
        return data


@desk("crisis.add_crossingstatistic")
def figures_import_page(request):
    form = FigureTableForm(request.POST or None, request.FILES or None, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        text, source = form.cleaned_data["text"], form.cleaned_data["source"]
        try:
            if "import" in request.POST:
                result = figures_import(text=text, source=source, user=request.user,
                                        filename=form.cleaned_data["filename"])
                messages.success(request, f"Imported {result.created:,} draft figures with this claim. "
                                          "Submit it for review when it is ready." if result.created else
                                          "This table was imported before, with this claim: nothing "
                                          "new was created.")
                return redirect("crisis:claim-edit", pk=result.claim.pk)
            preview = figures_preview(text=text, source=source, user=request.user)
        except ImportInvalid as invalid:
            preview = invalid.preview
        except (PermissionDenied, ValidationError) as refused:
            # Refused, or another import of the same table won the race: nothing was saved.
            form.add_error(None, " ".join(getattr(refused, "messages", [str(refused)])))
        else:
            # Checked: the same table can now be imported without choosing the file again.
            form = FigureTableForm(initial={"source": source.slug, "checked": text,
                                            "filename": form.cleaned_data["filename"]}, user=request.user)
    refused = bool(form.errors) or (preview is not None and not preview.valid)
    if preview is not None and not preview.valid:
        messages.error(request, "Nothing was saved: fix the rows listed below in the file and "
                                "check it again.")
    return render(request, "crisis/editor/figures_import.html", {
        "form": form, "preview": preview, "columns": COLUMNS, "shown": SHOWN,
        "figures": preview.figures[:SHOWN] if preview else [],
        "errors": preview.errors[:SHOWN] if preview else [],
    }, status=400 if refused else 200)
