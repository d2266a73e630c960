"""Writes of the dataset loader (manage.py load_article): the bundled, reviewed reporting.

A dataset file is edited and reviewed like code, so its records arrive published; each write
still runs the model's rules and leaves an Event, and a record that already matches the file
is not written at all, so loading twice changes nothing.
"""

from django.utils import timezone

from crisis.dates import anchored
from crisis.models import EventAction, PublishableModel, RecordStatus

from .constraints import save_checked
from .records import record_event


def dataset_upsert(model, lookup, values, *, note, now=None):
    """(record, "created" | "updated" | None): create it published, or change what differs."""
    record = model._default_manager.filter(**lookup).first()
    # Compared after anchoring, so a file saying "2014-07-01, month" loads once, not every time.
    values = {name: anchored(value, values.get(f"{name}_precision")) for name, value in values.items()}
    publishable = issubclass(model, PublishableModel)
    if record is None:
        record = model(**lookup, **values)
        if publishable:
            record.status, record.published_at = RecordStatus.PUBLISHED, now or timezone.now()
        record.full_clean(validate_unique=False, validate_constraints=False)
        save_checked(record)
        if publishable:
            record_event(record, EventAction.PUBLISHED, None, old_status="", note=note)
        return record, "created"
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    if not changed:
        return record, None
    for name in changed:
        setattr(record, name, values[name])
    record.full_clean(validate_unique=False, validate_constraints=False)
    if publishable:
        record.version += 1
    save_checked(record)
    if publishable:
        record_event(record, EventAction.UPDATED, None, note=f"{note} (changed: {', '.join(changed)})")
    return record, "updated"


def dataset_link(record, attr, targets, *, note, fresh=False):
    """Set a many-to-many list from the file; True when it changed. A record created by this
    load (`fresh`) gets its links as part of its creation: no new version, no event."""
    manager = getattr(record, attr)
    if set(manager.values_list("pk", flat=True)) == {t.pk for t in targets}:
        return False
    manager.set(targets)
    if isinstance(record, PublishableModel) and not fresh:
        record.version += 1
        record.save(update_fields=["version", "updated_at"])
        record_event(record, EventAction.UPDATED, None, note=f"{note} (changed: {attr})")
    return True
