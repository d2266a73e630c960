"""Every read shape, for every page, endpoint, feed, export and JSON-LD block.

Who sees what is applied here, on every row and every hop (see visibility.py); a view, viewset
or feed never filters by status itself. Modules: records (single records and their lists),
claims (the faceted claims list), figures, timeline, search, changes.
"""

from . import changes, claims, figures, records, search, timeline
from .visibility import VisiblePrefetch, visible

__all__ = ["VisiblePrefetch", "changes", "claims", "figures", "records", "search", "timeline", "visible"]
