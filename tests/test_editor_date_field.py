"""Eddie types each date on the desk in one box, as the source gives it: "mid-June 2014", "FY2014"."""

import datetime
import re

from django import forms
from django.urls import reverse

from crisis.dates import DatePrecision
from crisis.forms import DeskForm, FuzzyDateField
from crisis.models import (
    ActorRole,
    Claim,
    CrossingStatistic,
    FundingStageChange,
    LegislativeAction,
    Meeting,
    Source,
)
from tests.editor_support import NEW_FIGURE, NEW_SOURCE, add_claim_data, edit_claim_data
from tests.factories import ClaimFactory, FundingRequestFactory, SourceFactory

ADD = reverse("crisis:claim-add")
D = datetime.date


def edit_url(claim):
    return reverse("crisis:claim-edit", args=[claim.pk])


def test_eddie_types_mid_june_and_the_claim_is_said_on_june_15_at_mid_month(editor_client):
    data = add_claim_data(SourceFactory(), **{"claim-said_on": " mid-June 2014 "})
    response = editor_client.post(ADD, data)
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.said_on, claim.said_on_precision) == (D(2014, 6, 15), DatePrecision.MID_MONTH)


def test_eddie_editing_a_claim_sees_its_date_as_readers_do_and_saving_keeps_it(editor_client, editor):
    claim = ClaimFactory(draft=True, created_by=editor, said_on=D(2014, 6, 15),
                         said_on_precision=DatePrecision.MID_MONTH, occurred_on=None)
    html = editor_client.get(edit_url(claim)).content.decode()
    box = re.search(r'<input[^>]*name="claim-said_on"[^>]*>', html).group(0)
    assert 'value="mid-June 2014"' in box
    response = editor_client.post(edit_url(claim), edit_claim_data(claim, **{"claim-text": "Reworded."}))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.said_on, claim.said_on_precision) == (
        "Reworded.", D(2014, 6, 15), DatePrecision.MID_MONTH)


def test_eddie_changes_a_day_to_a_season_in_the_same_box(editor_client, editor):
    claim = ClaimFactory(draft=True, created_by=editor, said_on=D(2014, 7, 18), said_on_precision="day")
    response = editor_client.post(edit_url(claim), edit_claim_data(claim, **{"claim-said_on": "autumn 2013"}))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.said_on, claim.said_display) == (D(2013, 10, 15), "autumn 2013")


def test_eddie_typing_sometime_is_shown_what_works_and_nothing_is_saved(editor_client):
    response = editor_client.post(ADD, add_claim_data(SourceFactory(), **{"claim-said_on": "sometime"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert not Claim.objects.exists()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert '<a href="#id_claim-said_on">Said on</a>: “sometime” is not a date the desk can read.' in summary
    assert "mid-June 2014, June 2014, autumn 2013, winter 2013–14, 2014 or FY2014" in summary
    # What Eddie typed stays in the box, to be corrected rather than retyped.
    assert re.search(r'<input[^>]*name="claim-said_on"[^>]*value="sometime"', html)


def test_eddie_is_told_when_the_weekday_does_not_match_the_day(editor_client):
    response = editor_client.post(ADD, add_claim_data(
        SourceFactory(), **{"claim-said_on": "Monday, July 25, 2014"}))
    assert "July 25, 2014 was a Friday, not a Monday: check the day." in response.content.decode()
    assert not Claim.objects.exists()


def test_a_figure_for_fy2014_runs_from_october_2013_to_september_2014(editor_client):
    response = editor_client.post(ADD, add_claim_data(SourceFactory(), **{
        **NEW_FIGURE, "figure-period_start": "FY2014", "figure-period_end": "fy 2014"}))
    assert response.status_code == 302
    figure = CrossingStatistic.objects.get()
    assert (figure.period_start, figure.period_end) == (D(2013, 10, 1), D(2014, 9, 30))
    assert figure.period_start_precision == figure.period_end_precision == DatePrecision.FISCAL_YEAR
    # Left blank, "as of" is the period's last day.
    assert (figure.as_of, figure.as_of_precision) == (D(2014, 9, 30), DatePrecision.DAY)


def test_a_figure_for_a_week_runs_from_its_monday_to_its_sunday(editor_client):
    editor_client.post(ADD, add_claim_data(SourceFactory(), **{
        **NEW_FIGURE, "figure-period_start": "week of 9 July 2014",
        "figure-period_end": "week of 9 July 2014"}))
    figure = CrossingStatistic.objects.get()
    assert (figure.period_start, figure.period_end) == (D(2014, 7, 7), D(2014, 7, 13))


def test_every_part_of_the_add_page_reads_its_date_from_one_box(editor_client):
    response = editor_client.post(ADD, add_claim_data(**{
        **NEW_SOURCE, "source-published_on": "Jul 20 2014",
        "meeting-title": "Leaders meet the President", "meeting-date": "late July 2014",
    }))
    assert response.status_code == 302
    source, meeting = Source.objects.get(), Meeting.objects.get()
    assert (source.published_on, source.published_on_precision) == (D(2014, 7, 20), DatePrecision.DAY)
    assert (meeting.date, meeting.date_precision) == (D(2014, 7, 25), DatePrecision.LATE_MONTH)


def test_a_stage_change_and_a_chamber_action_read_their_dates_from_one_box(editor_client):
    request = FundingRequestFactory()
    response = editor_client.post(ADD, add_claim_data(SourceFactory(), **{
        "funding-request": request.pk, "funding-stage": "passed_one_chamber",
        "funding-date": "early August 2014",
        "legislation-request": request.pk, "legislation-bill_number": "H.R. 5230",
        "legislation-chamber": "house", "legislation-action": "passed", "legislation-date": "1 Aug 2014",
    }))
    assert response.status_code == 302
    stage, action = FundingStageChange.objects.get(), LegislativeAction.objects.get()
    assert (stage.date, stage.date_precision) == (D(2014, 8, 5), DatePrecision.EARLY_MONTH)
    assert (action.date, action.date_precision) == (D(2014, 8, 1), DatePrecision.DAY)


def test_a_blank_optional_date_saves_no_date_at_the_default_precision(editor_client, editor):
    claim = ClaimFactory(draft=True, created_by=editor, said_on=D(2014, 6, 15), said_on_precision="month")
    response = editor_client.post(edit_url(claim), edit_claim_data(claim, **{"claim-said_on": "  "}))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.said_on, claim.said_on_precision) == (None, DatePrecision.DAY)


def test_the_add_page_shows_each_date_as_one_text_box_with_examples(editor_client):
    html = editor_client.get(ADD).content.decode()
    assert "_precision" not in html
    box = re.search(r'<input[^>]*name="claim-said_on"[^>]*>', html).group(0)
    assert 'type="text"' in box
    assert 'aria-describedby="id_claim-said_on_hint id_claim-said_on_helptext"' in box
    assert ('<span class="helptext date-hint" id="id_claim-said_on_hint">'
            "e.g. 2014-07-25, mid-June 2014, autumn 2013, FY2014</span>") in html


def test_a_new_desk_form_with_a_date_and_its_precision_gets_the_box_for_free(db):
    class RoleForm(DeskForm):
        class Meta:
            model = ActorRole
            fields = ["title", "start_date", "start_date_precision", "end_date", "end_date_precision"]

    form = RoleForm()
    assert isinstance(form.fields["start_date"], FuzzyDateField)
    assert [field.name for field in form.visible_fields()] == ["title", "start_date", "end_date"]
    form = RoleForm({"title": "Minister", "start_date": "2012", "end_date": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == D(2012, 1, 1)
    assert form.cleaned_data["start_date_precision"] == DatePrecision.YEAR
    # A blank date keeps the model's own default precision, which for a role is the year.
    assert (form.cleaned_data["end_date"], form.cleaned_data["end_date_precision"]) == (None, "year")


def test_a_required_date_stays_required(db):
    class MeetingDateForm(DeskForm):
        date = forms.DateField()

        class Meta:
            model = Meeting
            fields = ["date", "date_precision"]

    form = MeetingDateForm({"date": ""})
    assert form.fields["date"].required
    assert form.errors == {"date": ["This field is required."]}
