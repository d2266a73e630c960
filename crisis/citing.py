""""Cite this": a record as one plain-text reference a journalist can paste into a story or notes.

Built only from what the record's page already shows (the page's selector chose the speaker,
source and claims a reader may see), so a citation never names anything the page does not.
A part the reporting leaves out is left out, never printed as an empty slot.
"""

from crisis.amounts import money_exact


def _join(parts, sep=", "):
    return sep.join(part for part in parts if part)


def _source(source):
    if source is None:
        return ""
    return _join([source.publisher, f"“{source.title}”" if source.title else "", source.published_display])


def _sentence(text):
    text = (text or "").strip()
    # “He said so.” already ends a sentence; “Title” does not.
    return text if not text or text.rstrip("”\"")[-1:] in (".", "?", "!") else text + "."


def claim(record):
    names = [person.name for person, _ in record.speakers_shown()]
    who = (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]) if names \
        else record.speaker_title
    attribution = _join([who, record.said_display or record.occurred_display])
    words = f"“{record.quote}”" if record.quote else ""
    said = _join([words, attribution], " — ")
    return _join([
        _sentence(record.text),
        _sentence(said),
        _sentence(f"Source: {_source(record.source)}") if record.source else "",
    ], " ")


def figure(record):
    what = _join([f"{record.value_display} {record.get_metric_display().lower()}", record.geography_display,
                  record.period_display])
    as_of = f"as of {record.as_of_display}" if record.as_of_display else ""
    return _join([_sentence(_join([what, as_of])), _sentence(f"Source: {_source(record.source)}")], " ")


def meeting(record, claims=()):
    where = _join([record.place, record.country.name if record.country else ""])
    first = next(iter(claims), None)
    source = _sentence(f"Source: {_source(first.source)}") if first else ""
    return _join([_sentence(_join([record.title, record.date_display, where])), source], " ")


def funding(record):
    amount = money_exact(record.amount, record.currency)
    asked = f"asked by {record.requester.name} of {record.addressee.name}"
    return _join([
        _sentence(_join([f"{record.title}: {'about ' if record.is_approximate else ''}{amount}", asked,
                         record.requested_display])),
        _sentence(f"Stage: {record.get_stage_display().lower()}"),
    ], " ")


def link_text(record):
    """What a link to the record says: a claim by its number and opening words, others by name."""
    if record._meta.model_name == "claim":
        words = record.text if len(record.text) <= 80 else record.text[:79].rstrip() + "…"
        return f"Claim #{record.pk}: {words}"
    return str(record)


KINDS = {"claim": claim, "crossingstatistic": figure, "meeting": meeting, "fundingrequest": funding}


def citation(record, url, site_name, claims=()):
    """The whole reference: what the record says, where it comes from, and where it lives here."""
    kind = record._meta.model_name
    body = meeting(record, claims) if kind == "meeting" else KINDS[kind](record)
    label = {"claim": f"claim #{record.pk}", "crossingstatistic": f"figure #{record.pk}"}.get(kind, "")
    return _join([body, _sentence(_join([site_name, label])) + " " + url], " ")
