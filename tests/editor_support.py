"""POST bodies for the desk's add-claim and edit-claim pages, built the way their forms name their fields."""

from crisis.dates import format_date
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
        # Defaults the optional parts render with; left as is, a part counts as untouched.
        "source-kind": "news_article",
        "speaker-kind": "person",
        "figure-unit": "",
        "figure-qualifier": "exact",
        "figure-population": "unaccompanied children",
        "figure-geography": "",
        "meeting-meeting_status": "scheduled",
        "proposal-kind": "proposal",
        "proposal-stage": "proposed",
    }
    data.update({k: v for k, v in overrides.items()})
    return {k: v for k, v in data.items() if v is not None}


def edit_claim_data(claim, **overrides):
    """The claim's edit form as the page fills it in: each date typed the way it is shown."""
    data = {
        "claim-source": claim.source_id, "claim-text": claim.text, "claim-quote": claim.quote,
        "claim-kind": claim.kind,
        "claim-speaker": claim.speaker_id or "", "claim-speaker_title": claim.speaker_title,
        "claim-said_on": format_date(claim.said_on, claim.said_on_precision),
        "claim-occurred_on": format_date(claim.occurred_on, claim.occurred_on_precision),
        "version": claim.version,
    }
    data.update(overrides)
    return data


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
