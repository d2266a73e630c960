"""Choosing a format: `?format=` wins over the Accept header, and an unknown one is a 400."""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f

FIGURES = "/api/v1/figures/"
TIMELINE = "/api/v1/timeline/"


@pytest.fixture
def figure(db):
    figure = f.CrossingStatisticFactory(as_of=datetime.date(2014, 6, 15))
    f.ClaimFactory(occurred_on=datetime.date(2014, 6, 15)).statistics.add(figure)
    return figure


def test_a_data_desk_script_sending_accept_json_still_gets_csv_when_it_asks_for_format_csv(client, figure):
    response = client.get(FIGURES, {"format": "csv"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"figure_id" in b"".join(response.streaming_content)


def test_a_data_desk_script_sending_accept_json_gets_one_figure_as_csv(client, figure):
    url = reverse("v1:figure-detail", kwargs={"pk": figure.pk})
    response = client.get(url, {"format": "csv"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_a_journalist_sending_accept_json_gets_a_timelinejs_document_when_asking_for_it(client, figure):
    response = client.get(TIMELINE, {"format": "timelinejs"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.timelinejs+json")
    assert "events" in response.json()


def test_a_reader_asking_for_an_unknown_format_gets_a_400_naming_the_allowed_ones(client, figure):
    response = client.get(FIGURES, {"format": "xlsx"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    message = response.json()["format"][0]
    assert "xlsx" in message
    assert "json" in message and "csv" in message


def test_a_reader_asking_the_timeline_for_csv_is_told_it_comes_as_json_or_timelinejs(client, figure):
    response = client.get(TIMELINE, {"format": "csv"})
    assert response.status_code == 400
    message = response.json()["format"][0]
    assert "timelinejs" in message and "csv" not in message.split("Allowed")[1]


def test_a_reader_asking_for_an_enormous_format_name_gets_it_back_cut_short(client, figure):
    response = client.get(FIGURES, {"format": "x" * 500})
    assert response.status_code == 400
    assert len(response.json()["format"][0]) < 200


def test_a_reader_with_no_format_and_no_accept_header_still_gets_json(client, figure):
    response = client.get(FIGURES)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_a_reader_asking_for_csv_by_header_alone_still_gets_csv(client, figure):
    response = client.get(FIGURES, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_an_editor_posting_with_format_csv_is_told_writes_answer_in_json(editor_client, figure):
    response = editor_client.post(FIGURES + "?format=csv", {}, content_type="application/json")
    assert response.status_code == 400
    assert "csv" not in response.json()["format"][0].split("Allowed")[1]


def test_the_schema_still_comes_as_json_when_asked_for(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "openapi" in response.json()
