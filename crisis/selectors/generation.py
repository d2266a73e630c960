"""Which state of the data a reader is looking at, for ETags and cached responses.

Every write leaves an Event (crisis.services), so the latest event's id names the state of all
the data, and reading it is one lookup on a primary key: no whole-table aggregates per request.
"""

from crisis.models import Event


def current():
    """(id, time) of the latest event, (0, None) before the first (1 query)."""
    latest = Event.objects.order_by("-id").values_list("id", "created_at").first()
    return latest or (0, None)
