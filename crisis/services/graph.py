"""How records point at each other, for the rules that follow the links.

- `references(record)`: what a record names and shows, which must be public whenever it is
  (a figure's source and country, a meeting's participants, a claim's speakers, a stance's actor
  and proposal…).
- `parts_of(claim)`: what a claim establishes and so brings into its review (the figures,
  meetings, requests, proposals and actors it reports, its stances, funding steps and
  legislative actions, the agencies its request lines name).
- `backing_claims(record)` / `backed_by(claim)`: the claims a fact rests on, for retraction.

Each function reads what it needs with a few queries; closures are small (a claim and its parts).
"""

from crisis.models import (
    Actor,
    Claim,
    CrossingStatistic,
    FundingPurpose,
    FundingRequest,
    FundingStageChange,
    LegislativeAction,
    Meeting,
    PolicyProposal,
    Stance,
)


def references(record):
    """The records `record` names, as loaded instances (None left out): its model's REFERENCES
    one hop away, and the records in its child rows and lists."""
    refs = [getattr(record, path) for path in record.REFERENCES if "__" not in path]
    if isinstance(record, Actor):
        refs += [role.organisation for role in record.roles.select_related("organisation")]
    elif isinstance(record, Meeting):
        refs += [p.actor for p in record.participations.select_related("actor")]
    elif isinstance(record, PolicyProposal):
        refs += list(record.proponents.all())
    elif isinstance(record, Claim):
        refs += [row.actor for row in record.co_speakings.select_related("actor")]
    elif isinstance(record, FundingRequest):
        # A line's agency is shown with the request; a line's claim is shown only once public.
        refs += [line.agency for line in record.purposes.select_related("agency")]
    return [ref for ref in refs if ref is not None]


# What a claim establishes, by the claim's own relation names.
CLAIM_PART_RELATIONS = ("statistics", "meetings", "funding_requests", "proposals", "actors")


def parts_of(claim):
    """Everything the claim reports or carries: about-links, stances, funding steps, the agencies
    of the request lines it reports."""
    parts = []
    for name in CLAIM_PART_RELATIONS:
        parts += list(getattr(claim, name).all())
    parts += list(Stance.objects.filter(claim=claim).select_related("actor", "proposal"))
    parts += list(FundingStageChange.objects.filter(claim=claim).select_related("request"))
    parts += list(LegislativeAction.objects.filter(claim=claim).select_related("request"))
    # A request's line is no record of its own: the agency it names is public when the line is.
    parts += [line.agency for line in FundingPurpose.objects.filter(
        claim=claim, agency__isnull=False).select_related("agency")]
    return parts


def proposed_references(claim):
    """Records that the claim's pending changes to public records would name."""
    from crisis.models import ChangeStatus

    from .records import from_json, target_of

    refs = []
    for change in claim.proposed_changes.filter(status=ChangeStatus.PENDING):
        model = type(target_of(change))
        fields, relations = from_json(model, change.changes)
        for attname, value in fields.items():
            field = next(f for f in model._meta.concrete_fields if f.attname == attname)
            if field.is_relation and value is not None:
                refs.append(field.related_model._default_manager.get(pk=value))
        for rows in relations.values():
            for row in rows:
                refs += list(row.values()) if isinstance(row, dict) else [row]
    return [ref for ref in refs if hasattr(ref, "is_public")]


def closure(claim):
    """The claim, its parts and everything they reference, that is not public yet (claim first).

    A public record's own references are public already (this rule keeps them so), so the walk
    stops at public records. Records named by the claim's proposed changes are walked too.
    """
    found, todo = {_key(claim): claim}, [claim, *parts_of(claim), *proposed_references(claim)]
    while todo:
        record = todo.pop(0)
        if record is not claim and record.is_public:
            continue
        found.setdefault(_key(record), record)
        for ref in references(record):
            if not ref.is_public and _key(ref) not in found:
                found[_key(ref)] = ref
                todo.append(ref)
    return list(found.values())


def _key(record):
    return type(record), record.pk


def backing_claims(record):
    """The claims a fact rests on: QuerySet of Claim."""
    if isinstance(record, Stance | FundingStageChange | LegislativeAction):
        return Claim.objects.filter(pk=record.claim_id)
    if isinstance(record, FundingRequest):
        return Claim.objects.filter(pk__in=[
            *record.claims.values_list("pk", flat=True),
            *record.stage_changes.values_list("claim", flat=True),
            *record.legislative_actions.values_list("claim", flat=True),
        ])
    if isinstance(record, PolicyProposal):
        return Claim.objects.filter(pk__in=[*record.claims.values_list("pk", flat=True),
                                            *record.stances.values_list("claim", flat=True)])
    if isinstance(record, CrossingStatistic | Meeting):
        return record.claims.all()
    return Claim.objects.none()


def backed_by(claim):
    """The facts resting on `claim` (public or not), each once."""
    records = []
    for name in ("statistics", "meetings", "funding_requests", "proposals"):
        records += list(getattr(claim, name).all())
    stances = list(claim.stances.select_related("proposal"))
    steps = list(claim.funding_stage_changes.select_related("request"))
    steps += list(claim.legislative_actions.select_related("request"))
    records += stances + steps
    records += [stance.proposal for stance in stances] + [step.request for step in steps]
    unique = {}
    for record in records:
        unique.setdefault(_key(record), record)
    return list(unique.values())
