"""The desk's add-claim page: a claim and what it brings, saved together as drafts or not at all."""

from dataclasses import dataclass, field

from django.db import transaction

from crisis.models import (
    Claim,
    CrossingStatistic,
    FundingPurpose,
    FundingStageChange,
    LegislativeAction,
    Meeting,
    PolicyProposal,
    Stance,
)

from .errors import ValidationError
from .records import funding_line_add, record_create, unique_slug


class PartInvalid(Exception):
    """One part of the add-claim page broke a rule of its model; names the part."""

    def __init__(self, part, error):
        super().__init__(f"{part}: {error}")
        self.part = part
        self.error = error


@dataclass
class Establishes:
    """What a new claim records besides itself; every part is optional and unsaved."""

    new_source: object = None
    new_speaker: object = None
    figure: CrossingStatistic | None = None
    meeting: Meeting | None = None
    funding_stage: FundingStageChange | None = None
    legislative_action: LegislativeAction | None = None
    stance: Stance | None = None
    funding_line: FundingPurpose | None = None
    proposal: PolicyProposal | None = None
    # Who put the new proposal forward (a many-to-many list, saved once the proposal exists).
    proponents: list = field(default_factory=list)
    about: dict = field(default_factory=dict)
    # The other speakers of a joint statement: [{actor, title, position}], after the lead.
    co_speakers: list = field(default_factory=list)


def create_from_instance(instance, *, user, relations=None):
    """record_create for an unsaved instance a form built."""
    fields = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key and not f.generated and f.attname not in ("created_at", "updated_at")
    }
    return record_create(type(instance), user=user, fields=fields, relations=relations)


@transaction.atomic
def claim_create_with_establishes(*, claim: Claim, editor, establishes: Establishes) -> Claim:
    """Save a draft claim with the source, speaker, figure, meeting, stage, legislative action,
    stance, request line or proposal it brings.

    Everything is saved or nothing is; a part that breaks its model's rules raises PartInvalid.
    """
    def create(part, instance, relations=None, slug_from=None):
        if slug_from is not None and not instance.slug:
            instance.slug = unique_slug(type(instance), slug_from)
        try:
            return create_from_instance(instance, user=editor, relations=relations)
        except ValidationError as exc:
            raise PartInvalid(part, exc) from None

    parts = establishes
    if parts.new_source is not None:
        claim.source = create("new_source", parts.new_source, slug_from=parts.new_source.title)
    if parts.new_speaker is not None:
        claim.speaker = create("new_speaker", parts.new_speaker, slug_from=parts.new_speaker.name)
    if claim.source_id is None:
        raise PartInvalid("claim", ValidationError({"source": "A claim needs a source."}))
    about = {name: list(records) for name, records in parts.about.items()}
    if parts.stance is not None:
        if parts.stance.actor_id is None:
            if claim.speaker_id is None:
                raise PartInvalid("stance", ValidationError({"actor": "A stance needs an actor: pick one "
                                                                      "or name a speaker."}))
            parts.stance.actor = claim.speaker
        about.setdefault("proposals", []).append(parts.stance.proposal)
        about.setdefault("actors", []).append(parts.stance.actor)
    if parts.funding_stage is not None:
        about.setdefault("funding_requests", []).append(parts.funding_stage.request)
    if parts.legislative_action is not None:
        about.setdefault("funding_requests", []).append(parts.legislative_action.request)
    if parts.funding_line is not None:
        about.setdefault("funding_requests", []).append(parts.funding_line.request)
    relations = {k: list(dict.fromkeys(v)) for k, v in about.items()}
    if parts.co_speakers:
        relations["co_speakers"] = parts.co_speakers
    claim = create("claim", claim, relations=relations)

    if parts.figure is not None:
        parts.figure.source = claim.source
        create("figure", parts.figure, relations={"claims": [claim]})
    if parts.meeting is not None:
        create("meeting", parts.meeting, relations={"claims": [claim]}, slug_from=parts.meeting.title)
    if parts.funding_stage is not None:
        # The request's own stage moves only when the claim is published.
        parts.funding_stage.claim = claim
        create("funding_stage", parts.funding_stage)
    if parts.legislative_action is not None:
        parts.legislative_action.claim = claim
        create("legislative_action", parts.legislative_action)
    if parts.stance is not None:
        parts.stance.claim = claim
        create("stance", parts.stance)
    if parts.funding_line is not None:
        line = parts.funding_line
        row = {"description": line.description, "amount": line.amount, "agency": line.agency,
               "claim": claim}
        try:
            funding_line_add(line.request, user=editor, row=row)
        except ValidationError as exc:
            raise PartInvalid("funding_line", exc) from None
    if parts.proposal is not None:
        create("proposal", parts.proposal, slug_from=parts.proposal.title,
               relations={"claims": [claim], "proponents": parts.proponents})
    return claim
