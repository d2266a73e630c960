"""The Latin Post article, loaded by `manage.py load_article`, as readers and editors rely on it."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from crisis import models
from crisis.importing import DATA_DIR, DEFAULT_DATASET, load_dataset

pytestmark = pytest.mark.django_db

EXPECTED_COUNTS = {
    models.Source: 2,
    models.Actor: 21,
    models.ActorRole: 8,
    models.Meeting: 3,
    models.MeetingParticipant: 10,
    models.FundingRequest: 1,
    models.FundingPurpose: 4,
    models.FundingStageChange: 1,
    models.PolicyProposal: 9,
    models.Stance: 13,
    models.CrossingStatistic: 5,
    models.Claim: 27,
}

HISTORY_MODELS = [m for m in EXPECTED_COUNTS if hasattr(m, "history")]


def snapshot():
    """Row counts, history counts and the latest update time of every loaded table."""
    state = {}
    for model in EXPECTED_COUNTS:
        state[model.__name__] = model.objects.count()
        state[f"{model.__name__}.updated"] = max(model.objects.values_list("updated_at", flat=True))
    for model in HISTORY_MODELS:
        state[f"{model.__name__}.history"] = model.history.count()
    state["claim links"] = sum(
        getattr(models.Claim, rel).through.objects.count()
        for rel in ["actors", "meetings", "funding_requests", "proposals", "statistics", "conflicts_with"]
    )
    return state


def test_the_article_loads_every_kind_of_record(article):
    for model, expected in EXPECTED_COUNTS.items():
        assert model.objects.count() == expected, model.__name__


def test_everything_loaded_is_published_for_readers(article):
    for model in [models.Source, models.Actor, models.Meeting, models.Claim, models.CrossingStatistic]:
        assert model.objects.published().count() == model.objects.count(), model.__name__


def test_loading_twice_creates_nothing_and_changes_nothing(article):
    before = snapshot()
    out = io.StringIO()
    call_command("load_article", stdout=out)
    assert snapshot() == before
    assert "nothing created or changed" in out.getvalue()


def test_the_57000_figure_keeps_its_scope_and_hedge(article):
    figure = models.CrossingStatistic.objects.get(value=57000)
    assert figure.metric == models.Metric.UAC_ARRIVALS
    assert figure.qualifier == models.ValueQualifier.APPROXIMATE
    assert figure.value_display == "around 57,000"
    assert figure.period_start == datetime.date(2013, 10, 15)
    assert figure.period_start_precision == "season"
    assert figure.source.publisher == "Latin Post"
    claim = figure.claims.get()
    assert "57,000" in claim.text
    assert claim.speaker is None  # the publication's own reporting


def test_the_daily_average_fell_from_283_to_120_per_white_house_officials(article):
    before, after = models.CrossingStatistic.objects.filter(
        metric=models.Metric.UAC_DAILY_AVERAGE
    ).order_by("as_of")
    assert (before.value, after.value) == (Decimal("283"), Decimal("120"))
    assert before.unit == models.Unit.PEOPLE_PER_DAY
    claim = after.claims.get()
    assert claim == before.claims.get()
    assert claim.speaker.name == "The White House"
    assert claim.speaker_title == "White House officials"
    assert claim.said_display == "Friday, July 18, 2014"


def test_the_funding_request_is_3_7_billion_from_the_administration_to_congress(article):
    request = models.FundingRequest.objects.get()
    assert request.amount == Decimal("3700000000")
    assert request.requester.name == "Obama administration"
    assert request.addressee.short_name == "Congress"
    assert list(request.purposes.values_list("description", flat=True)) == [
        "Expand border security",
        "More immigration judges, to speed up hearings",
        "Care for unaccompanied children",
        "Legal representation for the children",
    ]
    assert request.stage_changes.get().claim.import_key == "funding-request-3-7-billion"


def test_the_friday_meeting_has_obama_hosting_three_presidents(article):
    meeting = models.Meeting.objects.get(slug="obama-central-american-presidents-2014-07-25")
    assert meeting.date_display == "Friday, July 25, 2014"
    assert meeting.meeting_status == models.MeetingStatus.SCHEDULED
    roles = {p.actor.name: p.role for p in meeting.participations.select_related("actor")}
    assert roles == {
        "Barack Obama": "host",
        "Juan Orlando Hernández": "attendee",
        "Otto Pérez Molina": "attendee",
        "Salvador Sánchez Cerén": "attendee",
    }
    assert meeting.claims.count() >= 3


def test_the_biden_meeting_is_dated_early_july_as_the_article_says(article):
    meeting = models.Meeting.objects.get(slug="biden-central-american-leaders-2014-07")
    assert meeting.date_display == "early July 2014"


def test_stacie_blake_is_quoted_verbatim_and_opposes_the_tvpra_rollback(article):
    blake = models.Actor.objects.get(slug="stacie-blake")
    role = blake.roles.get()
    assert role.title == "Director of Government and Community Relations"
    assert role.organisation.short_name == "USCRI"
    stance = models.Stance.objects.get(actor=blake, proposal__slug="roll-back-tvpra-2008-protections")
    assert stance.position == models.Position.OPPOSES
    assert stance.claim.quote.startswith("Because more children need the protection")
    quotes = blake.claims_made.exclude(quote="").count()
    assert quotes >= 6


def test_josh_earnest_quote_first_appeared_in_the_new_york_times(article):
    claim = models.Claim.objects.get(speaker__slug="josh-earnest")
    assert claim.first_appeared_in.publisher == "The New York Times"
    assert "safe, legal and orderly migration" in claim.quote
    assert claim.source.cites == claim.first_appeared_in


def test_white_house_optimism_and_uscri_scepticism_are_kept_side_by_side(article):
    evidence = models.Claim.objects.get(import_key="white-house-evidence-of-decline")
    assert set(evidence.conflicts_with.values_list("import_key", flat=True)) == {
        "blake-decline-is-seasonal",
        "blake-heat-not-need",
    }


def test_every_meeting_figure_request_and_proposal_is_backed_by_a_claim(article):
    for model in [models.Meeting, models.CrossingStatistic, models.FundingRequest, models.PolicyProposal]:
        unbacked = model.objects.filter(claims__isnull=True)
        assert not unbacked.exists(), f"{model.__name__}: {list(unbacked)}"


def test_every_quote_is_found_word_for_word_in_the_article(article):
    article_text = " ".join((DATA_DIR / "latin_post_2014_07.txt").read_text(encoding="utf-8").split())
    quotes = models.Claim.objects.exclude(quote="").values_list("quote", flat=True)
    assert len(quotes) >= 10
    for quote in quotes:
        # A quote may join sentences the article splits with "she said"; each must be verbatim.
        for sentence in re.split(r"(?<=[.?!])\s+", " ".join(quote.split())):
            assert sentence.rstrip(".,") in article_text, sentence


def test_a_dataset_with_an_unknown_reference_loads_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'default_source = "s"\n'
        '[[sources]]\nslug = "s"\ntitle = "T"\npublisher = "P"\n'
        '[[claims]]\nkey = "c"\ntext = "x"\nspeaker = "nobody"\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="unknown actor 'nobody'"):
        call_command("load_article", str(bad))
    assert not models.Source.objects.exists()


def test_a_changed_dataset_updates_only_what_changed(tmp_path):
    original = DEFAULT_DATASET.read_text(encoding="utf-8")
    load_dataset(DEFAULT_DATASET)
    untouched = models.Actor.objects.get(slug="joe-biden").updated_at
    edited = tmp_path / "edited.toml"
    edited.write_text(original.replace('name = "Stacie Blake"', 'name = "Stacie C. Blake"'), encoding="utf-8")
    report = load_dataset(edited)
    assert report.created == {}
    assert report.updated == {"actors": 1}
    assert models.Actor.objects.get(slug="stacie-blake").name == "Stacie C. Blake"
    assert models.Actor.objects.get(slug="joe-biden").updated_at == untouched


def test_the_loader_is_quiet_at_verbosity_zero_for_scripts(db):
    out = io.StringIO()
    call_command("load_article", verbosity=0, stdout=out)
    assert out.getvalue() == ""
    assert models.Claim.objects.count() == EXPECTED_COUNTS[models.Claim]


def test_the_three_presidents_pledge_is_their_joint_statement_with_their_titles(article):
    claim = models.Claim.objects.get(import_key="presidents-pledged-to-prevent-migration")
    assert (claim.speaker.slug, claim.speaker_title) == ("juan-orlando-hernandez", "President of Honduras")
    assert [(r.actor.slug, r.title) for r in claim.co_speakings.order_by("position")] == [
        ("otto-perez-molina", "President of Guatemala"),
        ("salvador-sanchez-ceren", "President of El Salvador"),
    ]


def test_a_dataset_dropping_a_co_speaker_removes_only_that_row(tmp_path):
    original = DEFAULT_DATASET.read_text(encoding="utf-8")
    load_dataset(DEFAULT_DATASET)
    edited = tmp_path / "edited.toml"
    edited.write_text(original.replace(
        '  { actor = "salvador-sanchez-ceren", title = "President of El Salvador" },\n', ""
    ), encoding="utf-8")
    report = load_dataset(edited)
    assert report.created == {} and report.updated == {"claims": 1}
    claim = models.Claim.objects.get(import_key="presidents-pledged-to-prevent-migration")
    assert [r.actor.slug for r in claim.co_speakings.all()] == ["otto-perez-molina"]
