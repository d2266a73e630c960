"""POST bodies for the desk's add-claim page, built the way the page's form names its fields."""

from crisis.forms import ABOUT_FIELDS
from crisis.models import Claim


def add_claim_data(source=None, **overrides):
    """A minimal valid add-claim form: an existing source, a quote, what is claimed."""
    data = {
        "claim-source": source.pk if source else "",
        "claim-quote": "We are seeing 283 children a day in the Rio Grande Valley.",
        "claim-text": "The Border Patrol sees 283 unaccompanied children a day in the RGV sector.",
        "claim-kind": "fact",
        "claim-said_on": "2014-07-18",
        "claim-said_on_precision": "day",
        "claim-occurred_on_precision": "day",
        # Defaults the optional parts render with; left as is, a part counts as untouched.
        "source-kind": "news_article",
        "source-published_on_precision": "day",
        "speaker-kind": "person",
        "figure-unit": "",
        "figure-qualifier": "exact",
        "figure-population": "unaccompanied children",
        "figure-geography": "",
        "figure-period_start_precision": "day",
        "figure-period_end_precision": "day",
        "figure-as_of_precision": "day",
        "meeting-date_precision": "day",
        "meeting-meeting_status": "scheduled",
        "funding-date_precision": "day",
        "legislation-date_precision": "day",
        "proposal-kind": "proposal",
        "proposal-stage": "proposed",
        "proposal-announced_on_precision": "day",
        "proposal-effective_on_precision": "day",
    }
    data.update({k: v for k, v in overrides.items()})
    return {k: v for k, v in data.items() if v is not None}


NEW_SOURCE = {
    "source-url": "https://news.example.org/2014/07/border-children",
    "source-title": "Children keep crossing at the border",
    "source-publisher": "Example Daily",
    "source-published_on": "2014-07-20",
}

NEW_FIGURE = {
    "figure-metric": "uac_daily_average",
    "figure-value": "283",
    "figure-unit": "people_per_day",
    "figure-geography": "border_sector",
    "figure-area": "Rio Grande Valley",
    "figure-period_start": "2014-07-07",
    "figure-period_end": "2014-07-13",
}


def about(claim: Claim):
    return {name: list(getattr(claim, name).all()) for name in ABOUT_FIELDS}
