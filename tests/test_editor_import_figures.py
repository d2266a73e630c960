"""The desk's table upload: check first, per-row errors with nothing saved, then one click to import
the checked table as drafts; through review to readers."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crisis import services
from crisis.models import Claim, CrossingStatistic, RecordStatus
from tests import factories as f

URL = reverse("crisis:figures-import")
SAMPLE = (Path(settings.BASE_DIR) / "crisis" / "data" / "cbp_uac_apprehensions_fy2014.csv").read_bytes()
BAD = (b"measure,value,unit,origin,place,period\n"
       b"apprehensions,100,people,HN,southwest_border,FY2014\n"
       b"arrests,lots,people,HN,southwest_border,FY2014\n")


@pytest.fixture
def cbp(db):
    for code, name in [("HN", "Honduras"), ("GT", "Guatemala"), ("SV", "El Salvador")]:
        f.CountryFactory(name=name, slug=name.lower().replace(" ", "-"), country_code=code)
    return f.SourceFactory(slug="cbp-uac-fy2014", title="Southwest border UAC apprehensions FY2014",
                           publisher="U.S. Customs and Border Protection")


def upload(content, name="cbp.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def counts():
    return Claim.objects.count(), CrossingStatistic.objects.count()


def test_a_reader_is_sent_to_log_in(client, cbp):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("crisis:login") in response["Location"]
    assert client.post(URL, {"source": cbp.slug, "table": upload(SAMPLE)}).status_code == 302
    assert counts() == (0, 0)


@pytest.mark.parametrize("persona", ["editor_client", "reviewer_client"])
def test_editors_and_reviewers_see_the_upload_page_with_its_columns(request, persona, cbp):
    response = request.getfixturevalue(persona).get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Import a table of figures" in page and "<code>origin</code>" in page


def test_an_editor_checks_a_table_and_sees_its_figures_with_nothing_saved(editor_client, cbp):
    response = editor_client.post(URL, {"source": cbp.slug, "table": upload(SAMPLE), "check": "1"})
    assert response.status_code == 200
    assert counts() == (0, 0)
    page = response.content.decode()
    assert "4 figures ready to import" in page
    assert "Southwest border; from Honduras" in page and "FY2014" in page and "18,244" in page
    assert 'name="import"' in page
    # The checked table rides along, so importing needs no second upload.
    assert response.context["form"].initial["checked"] == SAMPLE.decode()
    assert response.context["form"].initial["filename"] == "cbp.csv"


def test_an_editor_imports_the_checked_table_as_drafts_behind_one_claim(editor_client, editor, cbp):
    response = editor_client.post(URL, {"source": cbp.slug, "checked": SAMPLE.decode(), "import": "1",
                                        "filename": "cbp.csv"})
    claim = Claim.objects.get()
    assert claim.text == ("U.S. Customs and Border Protection publishes 4 figures in the table cbp.csv: "
                          "Apprehensions by the Border Patrol (total).")
    assert response.status_code == 302
    assert response["Location"] == reverse("crisis:claim-edit", args=[claim.pk])
    assert (claim.status, claim.created_by, claim.source) == (RecordStatus.DRAFT, editor, cbp)
    assert claim.statistics.filter(status=RecordStatus.DRAFT).count() == 4


def test_a_table_with_a_bad_row_is_shown_again_with_that_rows_errors_and_nothing_saved(editor_client, cbp):
    response = editor_client.post(URL, {"source": cbp.slug, "table": upload(BAD), "import": "1"})
    assert response.status_code == 400
    assert counts() == (0, 0)
    errors = response.context["errors"]
    assert [(e.line, sorted(e.errors)) for e in errors] == [(3, ["measure", "value"])]
    page = response.content.decode()
    assert "1 row to fix" in page and "Nothing was saved" in page
    assert 'name="import"' not in page


def test_importing_the_same_table_twice_creates_nothing_the_second_time(editor_client, cbp):
    data = {"source": cbp.slug, "checked": SAMPLE.decode(), "import": "1"}
    first = editor_client.post(URL, data)
    before = counts()
    second = editor_client.post(URL, data)
    assert second["Location"] == first["Location"]
    assert counts() == before
    check = editor_client.post(URL, {"source": cbp.slug, "table": upload(SAMPLE), "check": "1"})
    assert "imported before" in check.content.decode()


@pytest.mark.parametrize("data, field, message", [
    ({"table": upload("measure\n\xe9".encode("latin-1"))}, "table", "not UTF-8"),
    ({}, "table", "Choose the CSV file"),
    ({"table": upload(SAMPLE), "source": "no-such-source"}, "source", "Select a valid choice"),
])
def test_bad_uploads_are_refused_with_a_message_on_the_field(editor_client, cbp, data, field, message):
    response = editor_client.post(URL, {"source": cbp.slug, "check": "1", **data})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert counts() == (0, 0)


def test_a_table_missing_a_column_is_refused_as_a_whole(editor_client, cbp):
    response = editor_client.post(URL, {"source": cbp.slug, "table": upload(b"value\n5\n"), "check": "1"})
    assert response.status_code == 400
    assert "Missing columns: measure, place." in response.content.decode()


def test_an_imported_table_reaches_readers_only_once_its_claim_is_published(client, editor, reviewer, cbp):
    client.force_login(editor)
    client.post(URL, {"source": cbp.slug, "checked": SAMPLE.decode(), "import": "1"})
    claim = Claim.objects.get()
    query = {"fiscal_year": 2014, "precision": "fiscal_year", "by_origin": "true", "ordering": "-value"}
    client.logout()
    assert client.get("/api/v1/figures/", query).json()["results"] == []
    services.claim_submit(claim=claim, user=editor)
    services.claim_publish(claim=claim, user=reviewer)
    rows = client.get("/api/v1/figures/", query).json()["results"]
    assert [(r["origin"]["country_code"], r["value"], r["period_display"]) for r in rows] == [
        ("HN", "18244.00", "FY2014"), ("GT", "17057.00", "FY2014"), ("SV", "16404.00", "FY2014")]
    timeline = client.get(reverse("crisis:timeline"))
    assert timeline.status_code == 200 and "FY2014" in timeline.content.decode()
    assert client.get("/api/v1/timeline/", {"format": "timelinejs"}).status_code == 200


def test_checking_a_table_on_the_desk_takes_the_same_queries_for_1000_rows_as_for_100(editor_client, cbp):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def check(rows):
        table = "measure,value,origin,place,period_start,period_end\n" + "".join(
            f"apprehensions,{n},HN,southwest_border,2014-01-01,2014-01-{n % 28 + 1:02d}\n"
            for n in range(rows))
        editor_client.post(URL, {"source": cbp.slug, "table": upload(table.encode()), "check": "1"})
        # Not counting the warm-up: sessions, the user and their permissions are read once.
        with CaptureQueriesContext(connection) as context:
            response = editor_client.post(URL, {"source": cbp.slug, "table": upload(table.encode()),
                                                "check": "1"})
        assert response.status_code == 400  # 28 distinct periods: later rows repeat earlier ones
        return len(context)

    # 1: session  2: user  3, 4: the user's permissions, from their groups and their own
    # 5: the source  6: a claim with this table's key  7: the countries  8: the source's figures
    # 9: the sources for the form's select
    assert check(1000) == check(100) == 9
