from .actors import Actor, ActorKind, ActorRole
from .base import (
    PUBLIC_STATUSES,
    UNPUBLISHED_STATUSES,
    PublishableModel,
    RecordStatus,
    TimeStampedModel,
    sees_drafts,
)
from .claims import RATIONALE_MAX, VERDICT_FIELDS, Claim, ClaimKind, ClaimSpeaker, Rank, Verdict
from .crossings import CrossingStatistic, Geography, Metric, Unit, ValueQualifier
from .events import (
    READER_ACTIONS,
    ChangeStatus,
    Event,
    EventAction,
    ProposedChange,
    RecordKind,
    ReviewItem,
)
from .funding import FundingPurpose, FundingRequest, FundingStage, FundingStageChange
from .legislation import BillAction, Chamber, LegislativeAction
from .meetings import Meeting, MeetingParticipant, MeetingStatus, ParticipantRole
from .policies import PolicyProposal, Position, ProposalKind, ProposalStage, Stance
from .sources import Source, SourceKind

# Every editorial record by its kind, in the order a dataset loads them (referenced kinds first).
RECORD_MODELS = {
    RecordKind.SOURCE: Source,
    RecordKind.ACTOR: Actor,
    RecordKind.MEETING: Meeting,
    RecordKind.FUNDING_REQUEST: FundingRequest,
    RecordKind.PROPOSAL: PolicyProposal,
    RecordKind.FIGURE: CrossingStatistic,
    RecordKind.CLAIM: Claim,
    RecordKind.STANCE: Stance,
    RecordKind.FUNDING_STAGE: FundingStageChange,
    RecordKind.BILL_ACTION: LegislativeAction,
}
RECORD_KINDS = {model: kind for kind, model in RECORD_MODELS.items()}


def kind_of(record_or_model):
    """The RecordKind of a record or model ("figure" for CrossingStatistic)."""
    model = record_or_model if isinstance(record_or_model, type) else type(record_or_model)
    return RECORD_KINDS[model]


__all__ = [
    "PUBLIC_STATUSES",
    "RATIONALE_MAX",
    "READER_ACTIONS",
    "RECORD_KINDS",
    "RECORD_MODELS",
    "UNPUBLISHED_STATUSES",
    "VERDICT_FIELDS",
    "Actor",
    "ActorKind",
    "ActorRole",
    "BillAction",
    "Chamber",
    "ChangeStatus",
    "Claim",
    "ClaimKind",
    "ClaimSpeaker",
    "CrossingStatistic",
    "Event",
    "EventAction",
    "FundingPurpose",
    "FundingRequest",
    "FundingStage",
    "FundingStageChange",
    "Geography",
    "LegislativeAction",
    "Meeting",
    "MeetingParticipant",
    "MeetingStatus",
    "Metric",
    "ParticipantRole",
    "PolicyProposal",
    "Position",
    "ProposalKind",
    "ProposalStage",
    "ProposedChange",
    "PublishableModel",
    "Rank",
    "RecordKind",
    "RecordStatus",
    "ReviewItem",
    "Source",
    "SourceKind",
    "Stance",
    "TimeStampedModel",
    "Unit",
    "ValueQualifier",
    "Verdict",
    "kind_of",
    "sees_drafts",
]
