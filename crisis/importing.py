"""Load a dataset file (TOML, see crisis/data/) into sourced records, idempotently.

Records are matched on natural keys (slugs, claim keys, a figure's scope), never database ids.
A record that already matches the file is left untouched, so a second load writes nothing:
no new rows, no new history entries, no changed timestamps.
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from crisis.models import (
    Actor,
    ActorRole,
    Claim,
    ClaimSpeaker,
    CrossingStatistic,
    FundingPurpose,
    FundingRequest,
    FundingStageChange,
    Meeting,
    MeetingParticipant,
    PolicyProposal,
    Source,
    Stance,
)
from crisis.services.loading import dataset_link, dataset_upsert

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_DATASET = DATA_DIR / "latin_post_2014_07.toml"

DATE_FIELDS = {
    "published_on", "date", "requested_on", "period_start", "period_end", "as_of",
    "occurred_on", "said_on", "start_date", "end_date",
}


class DatasetError(ValueError):
    pass


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)

    def count(self, bucket, model):
        name = model._meta.verbose_name_plural
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def changed(self):
        return bool(self.created or self.updated)


def _convert(values):
    out = {}
    for key, value in values.items():
        if key in DATE_FIELDS and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        out[key] = value
    return out


class Loader:
    def __init__(self, data, name):
        self.data = data
        self.note = f"Loaded from the dataset {name}."
        self.report = LoadReport()
        self.fresh = set()  # (model, pk) already counted as created or updated
        self.created = set()  # (model, pk) created by this load
        self.now = timezone.now()
        self.sources, self.actors, self.meetings = {}, {}, {}
        self.funding, self.proposals, self.statistics, self.claims = {}, {}, {}, {}

    # -- generic upsert -------------------------------------------------------------------

    def upsert(self, model, lookup, values):
        """Create, or update only the fields that differ; a match writes nothing."""
        obj, outcome = dataset_upsert(model, lookup, _convert(values), note=self.note, now=self.now)
        if outcome == "created":
            self.report.count(self.report.created, model)
            self.fresh.add((model, obj.pk))
            self.created.add((model, obj.pk))
        elif outcome == "updated":
            self.mark_updated(obj)
        return obj

    def set_m2m(self, obj, attr, targets):
        fresh = (type(obj), obj.pk) in self.created
        if dataset_link(obj, attr, targets, note=self.note, fresh=fresh):
            self.mark_updated(obj)

    def set_co_speakers(self, claim, speakers):
        """The claim's co-speakers as the file lists them; rows it no longer lists are removed."""
        kept = []
        for position, speaker in enumerate(speakers):
            actor = self.ref(self.actors, speaker["actor"], "actor")
            kept.append(self.upsert(ClaimSpeaker, {"claim": claim, "actor": actor},
                                    {"title": speaker.get("title", ""), "position": position}).pk)
        gone = ClaimSpeaker.objects.filter(claim=claim).exclude(pk__in=kept)
        if gone.exists():
            gone.delete()
            self.mark_updated(claim)

    def mark_updated(self, obj):
        if (type(obj), obj.pk) not in self.fresh:
            self.fresh.add((type(obj), obj.pk))
            self.report.count(self.report.updated, type(obj))

    def ref(self, table, key, kind):
        try:
            return table[key]
        except KeyError:
            raise DatasetError(f"unknown {kind} {key!r}") from None

    def refs(self, table, keys, kind):
        return [self.ref(table, key, kind) for key in keys]

    # -- records --------------------------------------------------------------------------

    def load(self):
        for row in self.data.get("sources", []):
            row = dict(row)
            cites = row.pop("cites", None)
            slug = row.pop("slug")
            if cites:
                row["cites"] = self.ref(self.sources, cites, "source")
            self.sources[slug] = self.upsert(Source, {"slug": slug}, row)

        # Countries first: other actors point at them.
        rows = sorted(self.data.get("actors", []), key=lambda r: r.get("kind") != "country")
        pending_roles = []
        for row in rows:
            row = dict(row)
            slug = row.pop("slug")
            pending_roles.append((slug, row.pop("roles", [])))
            if "country" in row:
                row["country"] = self.ref(self.actors, row["country"], "actor")
            self.actors[slug] = self.upsert(Actor, {"slug": slug}, row)
        # Roles point at organisations, which may be listed after the person.
        for slug, roles in pending_roles:
            for role in roles:
                role = dict(role)
                organisation = role.pop("organisation", None)
                org = self.ref(self.actors, organisation, "actor") if organisation else None
                self.upsert(
                    ActorRole,
                    {"actor": self.actors[slug], "title": role.pop("title"), "organisation": org},
                    role,
                )

        for row in self.data.get("meetings", []):
            row = dict(row)
            slug, participants = row.pop("slug"), row.pop("participants", [])
            if "country" in row:
                row["country"] = self.ref(self.actors, row["country"], "actor")
            meeting = self.meetings[slug] = self.upsert(Meeting, {"slug": slug}, row)
            for p in participants:
                self.upsert(
                    MeetingParticipant,
                    {"meeting": meeting, "actor": self.ref(self.actors, p["actor"], "actor")},
                    {"role": p.get("role", "attendee")},
                )

        for row in self.data.get("funding_requests", []):
            row = dict(row)
            slug = row.pop("slug")
            purposes = row.pop("purposes", [])
            row.pop("stage_changes", None)  # need claims; loaded after them
            row["amount"] = Decimal(row["amount"])
            row["requester"] = self.ref(self.actors, row["requester"], "actor")
            row["addressee"] = self.ref(self.actors, row["addressee"], "actor")
            request = self.funding[slug] = self.upsert(FundingRequest, {"slug": slug}, row)
            for position, description in enumerate(purposes):
                self.upsert(
                    FundingPurpose,
                    {"request": request, "description": description},
                    {"position": position},
                )

        for row in self.data.get("proposals", []):
            row = dict(row)
            slug, proponents = row.pop("slug"), row.pop("proponents", [])
            proposal = self.proposals[slug] = self.upsert(PolicyProposal, {"slug": slug}, row)
            self.set_m2m(proposal, "proponents", self.refs(self.actors, proponents, "actor"))

        # Figures and claims come from the file's `default_source` unless they name another.
        main_source = self.ref(self.sources, self.data.get("default_source"), "source")
        for row in self.data.get("statistics", []):
            row = _convert(dict(row))
            key = row.pop("key")
            source = self.ref(self.sources, row.pop("source"), "source") if "source" in row \
                else main_source
            if "country" in row:
                row["country"] = self.ref(self.actors, row["country"], "actor")
            origin = self.ref(self.actors, row.pop("origin"), "actor") if "origin" in row else None
            row["value"] = Decimal(row["value"])
            scope = {
                "metric": row.pop("metric"),
                "geography": row.get("geography", "southwest_border"),
                "area": row.get("area", ""),
                "origin": origin,
                "period_start": row.pop("period_start", None),
                "period_end": row.pop("period_end", None),
                "source": source,
            }
            row.pop("geography", None)
            row.pop("area", None)
            self.statistics[key] = self.upsert(CrossingStatistic, scope, row)

        pending_conflicts = []
        for row in self.data.get("claims", []):
            row = dict(row)
            key = row.pop("key")
            links = {
                "actors": (self.actors, row.pop("actors", []), "actor"),
                "meetings": (self.meetings, row.pop("meetings", []), "meeting"),
                "funding_requests": (self.funding, row.pop("funding_requests", []), "request"),
                "proposals": (self.proposals, row.pop("proposals", []), "proposal"),
                "statistics": (self.statistics, row.pop("statistics", []), "figure"),
            }
            stances = row.pop("stances", [])
            pending_conflicts.append((key, row.pop("conflicts_with", [])))
            row["source"] = self.ref(self.sources, row["source"], "source") if "source" in row \
                else main_source
            speakers = [s if isinstance(s, dict) else {"actor": s} for s in row.pop("speakers", [])]
            if speakers:
                # A joint statement: the first is the claim's speaker, the rest its co-speakers.
                row["speaker"] = speakers[0]["actor"]
                if "title" in speakers[0]:
                    row["speaker_title"] = speakers[0]["title"]
            if "speaker" in row:
                row["speaker"] = self.ref(self.actors, row["speaker"], "actor")
            if "first_appeared_in" in row:
                row["first_appeared_in"] = self.ref(self.sources, row["first_appeared_in"], "source")
            claim = self.claims[key] = self.upsert(Claim, {"import_key": key}, row)
            for attr, (table, keys, kind) in links.items():
                self.set_m2m(claim, attr, self.refs(table, keys, kind))
            self.set_co_speakers(claim, speakers[1:])
            for stance in stances:
                self.upsert(
                    Stance,
                    {
                        "actor": self.ref(self.actors, stance["actor"], "actor"),
                        "proposal": self.ref(self.proposals, stance["proposal"], "proposal"),
                        "claim": claim,
                    },
                    {"position": stance["position"]},
                )
        for key, others in pending_conflicts:
            claim = self.claims[key]
            wanted = set(self.refs(self.claims, others, "claim"))
            current = set(claim.conflicts_with.all())
            if not wanted <= current:
                self.set_m2m(claim, "conflicts_with", list(current | wanted))

        for row in self.data.get("funding_requests", []):
            request = self.funding[row["slug"]]
            for change in row.get("stage_changes", []):
                change = dict(change)
                self.upsert(
                    FundingStageChange,
                    {
                        "request": request,
                        "stage": change.pop("stage"),
                        "claim": self.ref(self.claims, change.pop("claim"), "claim"),
                    },
                    change,
                )
        return self.report


def load_dataset(path=DEFAULT_DATASET):
    """Load one dataset file in a single transaction; bad data leaves the database unchanged."""
    with open(path, "rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise DatasetError(f"{path}: {exc}") from None
    with transaction.atomic():
        return Loader(data, Path(path).name).load()
