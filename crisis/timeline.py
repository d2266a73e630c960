"""The timeline's vocabulary: kinds of item, how each is dated and ordered, what filters mean.

crisis.selectors.timeline reads the items; this module holds the rules, for the pages, the Atom
feed and the API alike:
- what is on it: every record the user may see (`visible_to`) that has a date;
- how each record is dated: a claim by when it happened (`occurred_on`), else when it was said;
  a meeting by its date; a funding request by each dated stage change ("requested", "passed one
  chamber", "enacted"…, each backed by a visible claim), so the money's life reads step by step,
  and by what each chamber did with a bill that answers it (a legislative action); a figure by
  its as-of date;
- what the actor and country filters mean (see each `filter_*` function);
- the order: oldest first; on the same stored date the finer precision first ("Friday, July 25"
  before "July 2014"), then claims, meetings, funding steps, figures, legislative actions, then
  by id (legislative actions came last to the timeline; later in the order, older cursors hold).

"""

import datetime
from dataclasses import dataclass, field

from crisis.dates import DatePrecision, format_date, format_date_short
from crisis.models import Actor


class ItemKind:
    MEETING = "meeting"
    FUNDING = "funding"
    FIGURE = "figure"
    CLAIM = "claim"
    LEGISLATION = "legislation"

    choices = [
        (MEETING, "Meetings"),
        (FUNDING, "Funding requests"),
        (LEGISLATION, "What Congress did"),
        (FIGURE, "Figures (by as-of date)"),
        (CLAIM, "Statements and reported facts"),
    ]

    # Ties on the same date and precision: what was said or reported first, then the records.
    ORDER = {CLAIM: 0, MEETING: 1, FUNDING: 2, FIGURE: 3, LEGISLATION: 4}

    # A funding item is dated by a stage change, and a legislation item by a chamber's action:
    # their stable ids name the step, not the request they link to.
    ID_PREFIX = {CLAIM: "claim", MEETING: "meeting", FUNDING: "funding_stage", FIGURE: "figure",
                 LEGISLATION: "bill_action"}


# Finer precisions sort first on the same stored date: "Friday, July 25" before "July 2014".
PRECISION_ORDER = {value: i for i, value in enumerate(DatePrecision.values)}
COARSER_THAN_MONTH = {DatePrecision.SEASON, DatePrecision.YEAR, DatePrecision.FISCAL_YEAR}


@dataclass
class TimelineItem:
    """One dated entry on the timeline, pointing at the record it comes from.

    `record` is what the item links to; `step` is the FundingStageChange that dates a funding item,
    or the LegislativeAction that dates a legislation item (both link to their request).
    """

    kind: str
    date: datetime.date
    precision: str
    title: str
    record: object
    actors: list = field(default_factory=list)
    step: object = None

    @property
    def pk(self):
        return (self.step or self.record).pk

    @property
    def uid(self):
        """Stable across requests: "meeting-3", "funding_stage-7"."""
        return f"{ItemKind.ID_PREFIX[self.kind]}-{self.pk}"

    @property
    def date_display(self):
        return format_date(self.date, self.precision)

    @property
    def date_short(self):
        return format_date_short(self.date, self.precision)

    @property
    def url(self):
        return self.record.get_absolute_url()

    @property
    def group_label(self):
        """Month heading; a season, a year or a fiscal year is its own heading rather than a false month."""
        if self.precision in COARSER_THAN_MONTH:
            return format_date(self.date, self.precision)
        return format_date(self.date, DatePrecision.MONTH)

    @property
    def sort_key(self):
        return (self.date, PRECISION_ORDER.get(self.precision, 99), ItemKind.ORDER[self.kind], self.pk)


@dataclass
class TimelineFilters:
    """What to show; `actor` and `country` must be actors the user may see. No kinds means all."""

    actor: Actor | None = None
    country: Actor | None = None
    kinds: tuple = ()
    start: datetime.date | None = None
    end: datetime.date | None = None

    def wants(self, kind):
        return not self.kinds or kind in self.kinds


def group_by_month(items):
    """[(heading, [items])] in the items' order; consecutive items share a heading."""
    groups = []
    for item in items:
        label = item.group_label
        if groups and groups[-1][0] == label:
            groups[-1][1].append(item)
        else:
            groups.append((label, [item]))
    return groups
