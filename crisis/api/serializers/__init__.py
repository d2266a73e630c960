from .citations import (
    ActorRefSerializer,
    CitationSerializer,
    ClaimRefSerializer,
    FigureRefSerializer,
    SourceRefSerializer,
)
from .claims import ClaimSerializer, VerdictSerializer
from .feeds import ChangeSerializer, ChangesQuerySerializer, TimelineItemSerializer, TimelineQuerySerializer
from .figures import FigureSerializer
from .funding import FundingStageChangeSerializer, LegislativeActionSerializer
from .records import (
    ActorSerializer,
    FundingRequestSerializer,
    MeetingSerializer,
    ProposalSerializer,
    SourceSerializer,
    StanceSerializer,
)
from .workflow import (
    ProposedChangeSerializer,
    PublicationSerializer,
    RecordRefSerializer,
    ReviewSerializer,
)

__all__ = [
    "VerdictSerializer",
    "ActorRefSerializer",
    "ActorSerializer",
    "ChangeSerializer",
    "ChangesQuerySerializer",
    "CitationSerializer",
    "ClaimRefSerializer",
    "ClaimSerializer",
    "FigureRefSerializer",
    "FigureSerializer",
    "FundingRequestSerializer",
    "FundingStageChangeSerializer",
    "LegislativeActionSerializer",
    "MeetingSerializer",
    "ProposalSerializer",
    "ProposedChangeSerializer",
    "PublicationSerializer",
    "RecordRefSerializer",
    "ReviewSerializer",
    "SourceRefSerializer",
    "SourceSerializer",
    "StanceSerializer",
    "TimelineItemSerializer",
    "TimelineQuerySerializer",
]
