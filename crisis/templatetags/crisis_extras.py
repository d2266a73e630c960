"""Template helpers for the public pages: citations, figures, quotes, badges, JSON-LD."""

import json
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from crisis.models import RecordStatus

register = template.Library()

# Characters that could end the <script> element or open a comment inside JSON-LD.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """Render a dict as the body of a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_SCRIPT_ESCAPES))


def _claims_of(statistic):
    """The figure's backing claims, as the view prefetched them (never a new query)."""
    cache = getattr(statistic, "_prefetched_objects_cache", {})
    return list(cache["claims"]) if "claims" in cache else []


@register.inclusion_tag("crisis/includes/citation.html")
def cite(claim, show_claim=True):
    """"Claim · Source" links after a statement, so every sentence can be traced."""
    return {"claim": claim, "source": claim.source, "show_claim": show_claim}


@register.inclusion_tag("crisis/includes/figure_value.html")
def figure_value(statistic, size=""):
    """A number linked to the claim behind it, with its source; used for every figure shown."""
    claims = _claims_of(statistic)
    return {"statistic": statistic, "claim": claims[0] if claims else None,
            "source": statistic.source, "size": size}


@register.inclusion_tag("crisis/includes/quote.html")
def quote(claim):
    """A verbatim quote with its speaker, claim and source."""
    return {"claim": claim}


@register.simple_tag
def status_badge(record):
    """A badge for records readers should not take as settled: drafts, reviews, retractions."""
    status = getattr(record, "status", RecordStatus.PUBLISHED)
    if status == RecordStatus.PUBLISHED:
        return ""
    label = record.get_status_display() if record.is_public else "Draft — not public"
    return format_html('<span class="badge badge-{}">{}</span>', status, label)


@register.filter
def money(amount, currency="USD"):
    """$3,700,000,000 → "$3.7 billion", as a newsroom writes it."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    symbol = "$" if currency == "USD" else f"{currency} "
    for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if amount >= size:
            return f"{symbol}{(amount / size).normalize():f} {word}"
    return f"{symbol}{amount:,.0f}"


@register.simple_tag(takes_context=True)
def nav_current(context, *names):
    """aria-current="page" when the page being served is one of the named routes."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match and match.url_name in names:
        return mark_safe(' aria-current="page"')
    return ""


@register.filter
def duration_words(delta):
    """timedelta(minutes=15) → "15 minutes"; whole hours as hours."""
    minutes = round(delta.total_seconds() / 60)
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@register.simple_tag(takes_context=True)
def querystring_with(context, name, value):
    """This page's query string with `name` set to `value`, back on the first page (a facet link)."""
    params = context["request"].GET.copy()
    params[name] = value
    params.pop("page", None)
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def querystring_without(context, name):
    """This page's query string without `name`, back on the first page (a facet's "any" link)."""
    params = context["request"].GET.copy()
    params.pop(name, None)
    params.pop("page", None)
    return f"?{params.urlencode()}" if params else "?"
