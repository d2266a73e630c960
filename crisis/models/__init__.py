from .actors import Actor, ActorKind, ActorRole
from .base import PUBLIC_STATUSES, RecordStatus, TimeStampedModel
from .claims import Claim, ClaimAction, ClaimEvent, ClaimKind, Rank, Verification
from .crossings import CrossingStatistic, Geography, Metric, Unit, ValueQualifier
from .funding import FundingPurpose, FundingRequest, FundingStage, FundingStageChange
from .meetings import Meeting, MeetingParticipant, MeetingStatus, ParticipantRole
from .policies import PolicyProposal, Position, ProposalStage, Stance
from .sources import Source, SourceKind

__all__ = [
    "PUBLIC_STATUSES",
    "Actor",
    "ActorKind",
    "ActorRole",
    "Claim",
    "ClaimAction",
    "ClaimEvent",
    "ClaimKind",
    "CrossingStatistic",
    "FundingPurpose",
    "FundingRequest",
    "FundingStage",
    "FundingStageChange",
    "Geography",
    "Meeting",
    "MeetingParticipant",
    "MeetingStatus",
    "Metric",
    "ParticipantRole",
    "PolicyProposal",
    "Position",
    "ProposalStage",
    "Rank",
    "RecordStatus",
    "Source",
    "SourceKind",
    "Stance",
    "TimeStampedModel",
    "Unit",
    "ValueQualifier",
    "Verification",
]
