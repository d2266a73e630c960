"""The words a search looked for, marked in what it found.

Done in Python over the text the page shows, so PostgreSQL and SQLite mark the same words: whole
words, in any case, with the plain English endings a search also finds ("shelter" marks
"shelters"). The text is cut at the matches and every piece escaped before the <mark> tags go in,
so nothing of the text can become markup, and a word like "amp" cannot land inside an escaped
"&amp;".
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 240
ENDINGS = r"(?:s|es|ed|ing|'s|’s)?"


class Terms:
    """A search's words, compiled once per page for every hit to use."""

    def __init__(self, words):
        stems = sorted({_stem(word.lower()) for word in words if word}, key=len, reverse=True)
        self.pattern = re.compile(
            rf"(?<!\w)(?:{'|'.join(map(re.escape, stems))}){ENDINGS}(?!\w)", re.IGNORECASE,
        ) if stems else None

    def __bool__(self):
        return self.pattern is not None


def _stem(word):
    # "shelters" and "shelter" mark each other: the ending is matched again by ENDINGS.
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def highlight(text, terms):
    """`text` escaped, with the words of `terms` in <mark>."""
    text = str(text or "")
    if not terms:
        return escape(text)
    out, position = [], 0
    for match in terms.pattern.finditer(text):
        out += [escape(text[position:match.start()]), "<mark>", escape(match.group()), "</mark>"]
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def snippet(text, terms, length=SNIPPET_LENGTH):
    """A long text cut to about `length` characters around its first marked word (its start when
    no word shows, as when it matched by a word's other form), then highlighted."""
    text = str(text or "")
    if len(text) <= length:
        return highlight(text, terms)
    match = terms.pattern.search(text) if terms else None
    start = max(0, match.start() - length // 3) if match else 0
    end = min(len(text), start + length)
    start = max(0, end - length)
    # Whole words at both ends, where there is a space to cut at.
    if start:
        space = text.find(" ", start, start + 30)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", end - 30, end)
        end = space if space != -1 else end
    piece = highlight(text[start:end].strip(), terms)
    return mark_safe(("…" if start else "") + piece + ("…" if end < len(text) else ""))
