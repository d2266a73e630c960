"""Readable diffs of django-simple-history versions, for the history page and edit conflicts."""

from dataclasses import dataclass

from django.db import models

from crisis.models import (
    Actor,
    Claim,
    CrossingStatistic,
    FundingRequest,
    FundingStageChange,
    LegislativeAction,
    Meeting,
    PolicyProposal,
    Source,
    Stance,
)

# URL names of the records that have a history page on the desk.
HISTORY_MODELS = {
    "claim": Claim,
    "source": Source,
    "actor": Actor,
    "figure": CrossingStatistic,
    "meeting": Meeting,
    "funding-request": FundingRequest,
    "proposal": PolicyProposal,
    "stance": Stance,
    "funding-stage": FundingStageChange,
    "legislative-action": LegislativeAction,
}
MODEL_SLUGS = {model: slug for slug, model in HISTORY_MODELS.items()}

# Touched on every save; showing them would bury the real change.
NOISE = {"updated_at", "created_at", "version"}
CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Version:
    record: object  # a HistoricalRecord row
    changes: list
    action: str

    @property
    def who(self):
        return self.record.history_user

    @property
    def when(self):
        return self.record.history_date


def _fields(model):
    # Generated columns follow the fields they are computed from.
    return {f.name: f for f in model._meta.concrete_fields if f.name not in NOISE and not f.generated}


def _related_names(model, values_by_field):
    """str() of every related object a list of diffs mentions: one query per related model."""
    wanted = {}
    for name, ids in values_by_field.items():
        field = model._meta.get_field(name)
        wanted.setdefault(field.related_model, set()).update(i for i in ids if i is not None)
    names = {}
    for related, ids in wanted.items():
        if ids:
            names[related] = {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids)}
    return names


def _show(field, value, names):
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        return names.get(field.related_model, {}).get(value, f"#{value} (deleted)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        return f"{value:%Y-%m-%d %H:%M} UTC"
    return str(value)


def _diff_pairs(model, pairs):
    """For (newer, older) history pairs: the readable field changes of each, in form order."""
    fields = _fields(model)
    deltas = []
    for newer, older in pairs:
        if older is None:
            # A creation: list every field that was filled in.
            changed = [(name, None, getattr(newer, f.attname)) for name, f in fields.items()
                       if name != "id" and getattr(newer, f.attname) not in (None, "")]
        else:
            delta = newer.diff_against(older, excluded_fields=NOISE)
            changed = [(c.field, c.old, c.new) for c in delta.changes if c.field in fields]
        deltas.append(changed)
    fk_values = {}
    for changed in deltas:
        for name, old, new in changed:
            if isinstance(fields[name], models.ForeignKey):
                fk_values.setdefault(name, set()).update([old, new])
    names = _related_names(model, fk_values)
    order = list(fields)
    return [
        [FieldChange(str(fields[n].verbose_name).capitalize(), _show(fields[n], o, names),
                     _show(fields[n], v, names))
         for n, o, v in sorted(changed, key=lambda c: order.index(c[0]))]
        for changed in deltas
    ]


def versions_of(instance):
    """Every saved version of a record, newest first, each with what it changed (2 + FK queries)."""
    model = type(instance)
    records = list(instance.history.select_related("history_user").order_by("history_date", "history_id"))
    pairs = [(rec, records[i - 1] if i else None) for i, rec in enumerate(records)]
    changes = _diff_pairs(model, pairs)
    versions = [
        Version(rec, change, CHANGE_TYPES.get(rec.history_type, rec.history_type))
        for rec, change in zip(records, changes, strict=True)
    ]
    return list(reversed(versions))


def conflict_changes(model, loaded, current):
    """What others changed between the version an editor loaded and the one saved now."""
    if loaded is None:
        return []
    return _diff_pairs(model, [(current, loaded)])[0]
