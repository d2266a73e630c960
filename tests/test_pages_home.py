import datetime

import pytest
from django.urls import reverse

from crisis.models import ClaimKind, MeetingStatus
from tests.factories import (
    ClaimFactory,
    CrossingStatisticFactory,
    FundingStageChangeFactory,
    MeetingFactory,
    MeetingParticipantFactory,
)


def test_reader_sees_headline_figures_with_as_of_date_and_source(client, article):
    response = client.get(reverse("crisis:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "around 57,000" in html
    assert "As of week of July 21, 2014" in html
    assert reverse("crisis:source-detail", args=["latin-post-obama-central-american-leaders-2014-07"]) in html


def test_reader_sees_the_scheduled_meeting_under_scheduled_next(client, article):
    html = client.get(reverse("crisis:home")).content.decode()
    next_section = html.split('id="next-heading"')[1].split("</section>")[0]
    assert "Obama meets the presidents of Honduras, Guatemala and El Salvador" in next_section
    assert "Friday, July 25, 2014" in next_section


def test_most_recent_leaves_out_what_is_only_planned(client, article):
    html = client.get(reverse("crisis:home")).content.decode()
    recent = html.split('id="recent-heading"')[1].split("</section>")[0]
    assert "will reportedly tell the Central American presidents" not in recent
    assert "week of July 21, 2014" in recent


def test_every_headline_figure_links_to_its_claim(client, article):
    html = client.get(reverse("crisis:home")).content.decode()
    figures = html.split('id="figures-heading"')[1].split("</section>")[0]
    assert figures.count('class="number" href="/claims/') == 4


def _home_rows(n):
    """n days, each with a figure and its claim, a meeting (held every other day) and a funding
    step: the latest eight items always hold every kind."""
    for i in range(n):
        day = datetime.date(2014, 3, 1) + datetime.timedelta(days=i)
        statistic = CrossingStatisticFactory(as_of=day)
        ClaimFactory(kind=ClaimKind.FIGURE, occurred_on=day).statistics.add(statistic)
        meeting = MeetingFactory(meeting_status=MeetingStatus.SCHEDULED if i % 2 else MeetingStatus.HELD,
                                 date=day)
        MeetingParticipantFactory(meeting=meeting)
        FundingStageChangeFactory(date=day, claim=ClaimFactory(occurred_on=datetime.date(2014, 1, 1)))


@pytest.mark.parametrize("rows", [5, 50])
def test_home_page_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    _home_rows(rows)
    # 1: recent figures JOIN source, country  2: their visible claims
    # 3: scheduled meetings  4: their participants JOIN actor
    # 5: the latest items' keys (one UNION ALL)  6: those claims JOIN speaker, source
    # 7: the actors they are about  8: those meetings  9: their participants  10: their claims
    # 11: those funding steps JOIN request, requester, addressee, claim  12: those figures
    # 13: their claims
    with django_assert_num_queries(13):
        response = client.get(reverse("crisis:home"))
    assert response.status_code == 200
    assert len(response.context["recent"]) == 8


def test_most_recent_shows_funding_by_its_latest_dated_step(client, db):
    step = FundingStageChangeFactory(stage="requested", date=datetime.date(2014, 7, 8))
    FundingStageChangeFactory(
        request=step.request, stage="passed_one_chamber", date=datetime.date(2014, 8, 1)
    )
    recent = client.get(reverse("crisis:home")).context["recent"]
    funding = [item.title for item in recent if item.kind == "funding"]
    assert funding == [f"{step.request.title}: passed one chamber", f"{step.request.title}: requested"]
