"""CSV for spreadsheets (streamed row by row) and Knight Lab TimelineJS JSON."""

from rest_framework.renderers import BaseRenderer, JSONRenderer


class CSVRenderer(BaseRenderer):
    """Crossing figures as CSV: the views stream the rows (crisis.figures_csv); this renderer
    names the format for content negotiation."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("CSV is streamed by the view, never rendered from serialized data.")


class TimelineJSRenderer(JSONRenderer):
    """The timeline as a Knight Lab TimelineJS3 document (built by timeline.timelinejs)."""

    media_type = "application/vnd.timelinejs+json"
    format = "timelinejs"
