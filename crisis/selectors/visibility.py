"""The one rule of who sees what, applied to every row and every hop.

Readers see published, retracted and withdrawn records; newsroom accounts with the view
permission see drafts too. Top-level rows go through `visible()`; to-many links and reverse
links (a claim's figures, an actor's claims, a meeting's participants) through `VisiblePrefetch`,
so a draft never rides inside a public record. Forward references of a public record (a figure's
source, a speaker's country) are public by construction: crisis.services never publishes a
record whose references stay hidden, nor lets a public record point at a draft.
"""

from django.db.models import Prefetch

from crisis.models import sees_drafts


def visible(model, user):
    """The rows of `model` that `user` may see."""
    return model._default_manager.all().visible_to(user)


def visible_qs(queryset, user):
    return queryset.visible_to(user)


class VisiblePrefetch(Prefetch):
    """A Prefetch whose rows are filtered by the same rule as the top-level rows."""

    def __init__(self, lookup, queryset, user, to_attr=None):
        super().__init__(lookup, queryset.visible_to(user), to_attr)


def sees_all(user, model):
    return sees_drafts(user, model)


def shown(record, user):
    """`record` if `user` may see it, else None: for a joined reference that no rule keeps public
    (a funding line's claim is reviewed with its own claim, not with the request)."""
    if record is None or record.is_public or sees_drafts(user, type(record)):
        return record
    return None
