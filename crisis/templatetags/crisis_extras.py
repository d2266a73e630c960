"""Template helpers for the public pages: citations, figures, quotes, badges, JSON-LD."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from crisis import amounts, citing, dates, highlighting
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


@register.inclusion_tag("crisis/includes/cite_this.html", takes_context=True)
def cite_this(context, record, claims=()):
    """A copyable reference to the page's record, with its absolute permalink. `claims` are the
    page's visible claims, for records (meetings) whose source is the claim that reports them."""
    url = context["request"].build_absolute_uri(record.get_absolute_url())
    return {
        "url": url,
        "text": citing.citation(record, url, context.get("site_name", ""), claims),
        "link": format_html('<a href="{}">{}</a>', url, citing.link_text(record)),
    }


@register.simple_tag(takes_context=True)
def permalink(context, record):
    """The record's absolute address, without the query string the page was reached with."""
    return context["request"].build_absolute_uri(record.get_absolute_url())


@register.simple_tag
def status_badge(record):
    """A badge for records readers should not take as settled: drafts, reviews, retractions."""
    status = getattr(record, "status", RecordStatus.PUBLISHED)
    if status == RecordStatus.PUBLISHED:
        return ""
    label = record.get_status_display() if record.is_public else "Draft — not public"
    return format_html('<span class="badge badge-{}">{}</span>', status, label)


# Amounts as newsrooms write them (crisis.amounts); the same wording in citations and pages.
register.filter("money", amounts.money)
register.filter("money_exact", amounts.money_exact)
register.filter("money_rounded", amounts.money_rounded)


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


@register.simple_tag
def short_date(value, precision):
    """A date in a table's compact form: "Sep 30, 2014", "mid-Jun 2014"."""
    return dates.format_date_short(value, precision)


@register.filter
def highlight(text, terms):
    """The text with the words a search looked for in <mark>, everything else escaped."""
    return highlighting.highlight(text, terms)


@register.filter
def snippet(text, terms):
    """A long text cut around the first word a search looked for, those words in <mark>."""
    return highlighting.snippet(text, terms)
