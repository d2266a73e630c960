"""Amounts as newsrooms write them, vague dates stored one way, citations without empty slots."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from crisis import services
from crisis.amounts import money, money_exact, money_rounded
from crisis.dates import DatePrecision, anchored
from crisis.importing import DEFAULT_DATASET, load_dataset
from crisis.models import Claim, Meeting, ProposedChange
from tests import factories as f
from tests.editor_support import add_claim_data

D = datetime.date


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("3700000000", "$3.7 billion"),
        ("1250000000", "$1.25 billion"),
        ("1234567000", "$1,234,567,000"),
        ("45000000", "$45 million"),
        ("45123456", "$45,123,456"),
        ("250000", "$250,000"),
        ("1999.50", "$1,999.50"),
    ],
)
def test_a_reader_sees_an_amount_in_words_only_when_the_words_are_exact(amount, expected):
    assert money(Decimal(amount)) == expected


def test_a_reader_never_sees_a_billion_with_six_decimals():
    assert "1.234567" not in money(Decimal("1234567000"))
    assert money_rounded(Decimal("1234567000")) == "$1.23 billion"
    assert money_exact(Decimal("1234567000")) == "$1,234,567,000"


def test_a_reader_sees_another_currency_named_before_its_amount():
    assert money(Decimal("2000000"), "EUR") == "EUR 2 million"
    assert money_exact(Decimal("2500"), "EUR") == "EUR 2,500"


def test_a_journalist_sees_a_rounded_headline_with_the_exact_amount_beside_it(client, db):
    request = f.FundingRequestFactory(amount=Decimal("1234567000"), currency="USD")
    f.ClaimFactory().funding_requests.add(request)
    html = client.get(request.get_absolute_url()).content.decode()
    assert "$1.23 billion" in html and "$1,234,567,000" in html
    assert "1.234567" not in html


def test_a_journalist_sees_a_round_amount_once_without_a_redundant_exact_figure(client, db):
    request = f.FundingRequestFactory(amount=Decimal("3700000000"), currency="USD")
    f.ClaimFactory().funding_requests.add(request)
    html = client.get(request.get_absolute_url()).content.decode()
    assert "$3.7 billion" in html
    assert "$3,700,000,000" in html


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (D(2014, 7, 1), DatePrecision.MONTH, D(2014, 7, 15)),
        (D(2014, 7, 30), DatePrecision.MONTH, D(2014, 7, 15)),
        (D(2014, 7, 1), DatePrecision.EARLY_MONTH, D(2014, 7, 5)),
        (D(2014, 7, 1), DatePrecision.MID_MONTH, D(2014, 7, 15)),
        (D(2014, 7, 1), DatePrecision.LATE_MONTH, D(2014, 7, 25)),
        (D(2014, 7, 3), DatePrecision.DAY, D(2014, 7, 3)),
        (D(2014, 7, 3), DatePrecision.WEEK, D(2014, 7, 3)),
        (D(2014, 3, 1), DatePrecision.YEAR, D(2014, 3, 1)),
        (None, DatePrecision.MONTH, None),
    ],
)
def test_a_vague_date_is_stored_at_the_middle_of_its_month_range(value, precision, expected):
    assert anchored(value, precision) == expected


def test_an_editor_posting_a_month_through_the_api_gets_it_stored_on_the_15th(editor_client, db):
    source = f.SourceFactory()
    response = editor_client.post(
        reverse("v1:claim-list"),
        {"text": "Arrivals rose in June.", "source": source.slug,
         "occurred_on": "2014-06-01", "occurred_on_precision": "month"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["occurred_on"] == "2014-06-15"
    assert Claim.objects.get().occurred_display == "June 2014"


def test_an_editor_entering_a_month_on_the_desk_gets_it_stored_on_the_15th(editor_client, db):
    source = f.SourceFactory()
    response = editor_client.post(reverse("crisis:claim-add"), add_claim_data(
        source, **{"claim-said_on": "June 2014"}))
    assert response.status_code == 302
    assert Claim.objects.get().said_on == D(2014, 6, 15)


def test_the_loader_stores_a_month_on_the_15th_and_a_second_load_changes_nothing(tmp_path, db):
    text = DEFAULT_DATASET.read_text(encoding="utf-8").replace(
        'date = "2014-07-15"\ndate_precision = "month"', 'date = "2014-07-01"\ndate_precision = "month"')
    edited = tmp_path / "first-of-month.toml"
    edited.write_text(text, encoding="utf-8")
    load_dataset(edited)
    assert Meeting.objects.get(slug="obama-hispanic-lawmakers-2014-07").date == D(2014, 7, 15)
    report = load_dataset(edited)
    assert report.created == {} and report.updated == {}


def test_a_timelinejs_slide_citing_an_undated_source_leaves_no_empty_slot(client, db):
    source = f.SourceFactory(published_on=None, publisher="Latin Post")
    f.ClaimFactory(source=source, occurred_on=D(2014, 7, 25), quote="We will meet.")
    document = client.get("/api/v1/timeline/", {"format": "timelinejs"}).json()
    text = document["events"][0]["text"]["text"]
    assert "(Latin Post)" in text
    assert ", )" not in text and "( " not in text and "()" not in text


def test_a_timelinejs_slide_citing_a_dated_source_gives_publisher_and_date(client, db):
    f.ClaimFactory(occurred_on=D(2014, 7, 25), quote="We will meet.")
    text = client.get("/api/v1/timeline/", {"format": "timelinejs"}).json()["events"][0]["text"]["text"]
    assert "(Example Gazette, Thursday, July 24, 2014)" in text


def test_a_reviewer_sees_a_proposed_month_date_as_it_will_be_stored(editor, reviewer):
    meeting = f.MeetingFactory(date=D(2014, 7, 25))
    claim = services.record_create(Claim, user=editor, fields={"text": "They met in July.",
                                                                "source": f.SourceFactory()})
    services.propose_change(meeting, user=editor, based_on=meeting.version, claim=claim,
                            fields={"date": D(2014, 7, 1), "date_precision": "month"})
    services.claim_submit(claim=claim, user=editor)
    change = ProposedChange.objects.get()
    assert change.changes["date"] == "2014-07-15"
    services.claim_publish(claim=claim, user=reviewer)
    meeting.refresh_from_db()
    assert (meeting.date, meeting.date_display) == (D(2014, 7, 15), "July 2014")
