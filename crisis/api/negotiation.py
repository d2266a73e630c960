"""Content negotiation where the `format` query parameter is the client's final word.

A data desk pastes `?format=csv` into a spreadsheet or a script whose HTTP library sends
`Accept: application/json` by default; DRF would answer 406. The parameter is the more
deliberate of the two choices, so it wins, and a misspelt one is a bad request that lists
what would work rather than a 404 that looks like a missing endpoint.
"""

from rest_framework.exceptions import NotAcceptable, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation

# A format is echoed back in the error; a long one is cut so the answer stays small.
ECHO_LIMIT = 40


class FormatParameterWins(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if wanted is None:  # `?format=` with nothing after it is a format nobody has
            return super().select_renderer(request, renderers, format_suffix)
        matching = [renderer for renderer in renderers if renderer.format == wanted]
        if not matching:
            allowed = list(dict.fromkeys(renderer.format for renderer in renderers))
            shown = wanted if len(wanted) <= ECHO_LIMIT else wanted[:ECHO_LIMIT] + "…"
            raise ValidationError(
                {"format": [f"Unknown format “{shown}”. Allowed formats: {', '.join(allowed)}."]}
            )
        try:
            # The Accept header still picks among renderers sharing the format (media parameters).
            return super().select_renderer(request, matching, format_suffix)
        except NotAcceptable:
            return matching[0], matching[0].media_type
