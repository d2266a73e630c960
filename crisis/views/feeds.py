"""Atom feed of the timeline, with the same filters as the page so a filtered view can be followed.

Entry summaries go out as Atom's type="html", so their text is HTML-escaped here and the XML
writer escapes it once more: a feed reader decodes the XML and then shows the HTML, which holds
no markup of ours or of the sources'. Titles are Atom text, escaped by the XML writer alone.
"""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from crisis import selectors, timeline
from crisis.views.pages_timeline import TimelineFilterForm

FEED_LENGTH = 100

# Characters XML 1.0 cannot carry at all (Django's writer refuses the control characters among
# them); they have no meaning in a quote, so they are dropped rather than failing the feed.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value):
    return NOT_XML.sub("", value)


class TimelineFeed(Feed):
    feed_type = Atom1Feed
    title = "Crisis Tracker: timeline"
    subtitle = "Dated, sourced records of the 2014 Central American child-migration crisis."

    def get_object(self, request):
        # Feed readers are anonymous: the feed never shows drafts, whoever fetches it.
        form = TimelineFilterForm(request.GET or None, user=None)
        if form.is_bound:
            form.is_valid()
        self.query = request.GET.urlencode()
        return form.filters()

    def link(self, filters):
        url = reverse("crisis:timeline")
        return f"{url}?{self.query}" if self.query else url

    def items(self, filters):
        return selectors.timeline.newest(None, filters, FEED_LENGTH)

    def item_title(self, item):
        marker = _marked(item)
        title = f"{item.date_display}: {item.title}"
        return xml_text(f"{marker.upper()}: {title}" if marker else title)

    def item_description(self, item):
        return escape(xml_text(self.summary(item)))

    def summary(self, item):
        """The entry's summary as plain text, with the latest correction of what it shows."""
        text = self._description(item)
        marked = item.step or item.record
        if marked.correction_note:
            what = _marked(item) or "Corrected"
            text += f" [{what} on {marked.corrected_at:%B %-d, %Y}: {marked.correction_note}]"
        return text

    def _description(self, item):
        record = item.record
        if item.kind == timeline.ItemKind.CLAIM:
            who = record.speaker_title or (record.speaker.name if record.speaker else "")
            said = f"{who}: " if who else ""
            quote = f" “{record.quote}”" if record.quote else ""
            return f"{said}{record.text}{quote} (Source: {record.source.publisher}, {record.source.title})"
        if item.kind == timeline.ItemKind.FIGURE:
            return (f"{record.value_display} {record.get_metric_display().lower()}: "
                    f"{record.geography_display}, {record.period_display}, as of {record.as_of_display} "
                    f"(Source: {record.source.publisher}, {record.source.title})")
        if item.kind == timeline.ItemKind.MEETING:
            return record.purpose or record.outcome or record.title
        if item.kind == timeline.ItemKind.LEGISLATION:
            return f"{record.title}: {item.title}. {item.step.note}".strip()
        return item.step.note or record.summary or record.title

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        # Each funding step is its own entry, so the id names the step, not the request.
        return item.uid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        # The timeline's date is when it happened; the time of day is not reported.
        return datetime.datetime.combine(item.date, datetime.time(12), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return item.record.updated_at

    def item_categories(self, item):
        return [dict(timeline.ItemKind.choices)[item.kind]]


def _marked(item):
    """"Retracted" or "Withdrawn" for an item readers should not take as standing, else ""."""
    record = item.step or item.record
    return record.get_status_display() if record.status in ("retracted", "withdrawn") else ""
