"""Pages whose count stops at a cap: counting every row of a broad view costs more than the page."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """A Paginator that counts at most `cap` rows (`capped` says whether there were more), so the
    last reachable page is the one holding row `cap`; narrower filters reach the rest."""

    cap = 10_000

    def __init__(self, object_list, per_page, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if cap is not None:
            self.cap = cap
        self.capped = False

    @cached_property
    def count(self):
        if isinstance(self.object_list, list):
            total = len(self.object_list)
        else:
            # COUNT(*) over a subquery with LIMIT: it stops reading at the cap.
            total = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = total > self.cap
        return min(total, self.cap)


def section(queryset, number, per_page=20, cap=1000):
    """One page of a list on a record's page, with its capped count (2 queries)."""
    paginator = CappedPaginator(queryset, per_page, cap=cap)
    return paginator.get_page(number)
