"""Markdown pages as plain page lines.

Scrapers increasingly write Markdown (Firecrawl, Jina Reader, crawl4ai, trafilatura's
Markdown output): the story is there, but inside markup that the cleaning and the
encoder would take for text: ``# headline``, ``**Written: 2024-06-22**``, ``[U.S.](url)``,
``![photo](url)``, ``* [Home](/)``, ``> quoted paragraph``.  `markdown_lines` keeps the
text and drops the markup, line for line, so that the page cleaning then sees what a
text dump would have shown: menus, a headline, a time stamp, the story, footer boxes.
Jina Reader's header (``Title:``, ``URL Source:``, ``Published Time:``, ``Markdown
Content:``), or the front matter of a static-site export (``---`` YAML or ``+++`` TOML
with ``title`` and ``date``), becomes the headline and the time stamp.  Paragraph structure is kept as it
is (one line in, one line out; Markdown that is hard-wrapped is joined later, with any
other wrapped text).
"""

from __future__ import annotations

import re

# Inline spans are bounded (no nested brackets, at most 500 characters) so that a hostile
# line ("[[[[…", "**a **a …") costs linear time.
_IMAGE = re.compile(r"!\[[^\[\]]{0,500}\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\[\]]{0,500})\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,100}\]")
_LINK_DEF = re.compile(r"\s{0,3}\[[^\]]+\]:\s*\S+.*")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_HEADING = re.compile(r"\s{0,3}#{1,6}\s+(.*)")
_CLOSING_HASHES = re.compile(r"\s#+$")
# quote and list markers, nested: "> * 1. "
_PREFIX = re.compile(r"\s*(?:>\s?|(?:[*+-]|\d{1,3}[.)])\s+)+")
_RULE = re.compile(r"\s{0,3}(?:[-*_]\s*){3,}")
_FENCE = re.compile(r"\s{0,3}(?:```|~~~).*")
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_\\])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # any ASCII punctuation

# What tells Markdown from a text dump: markup that a page's text does not write.
_MARKUP = (re.compile(r"^\s{0,3}#{1,6}\s+\S", re.MULTILINE), _IMAGE, _LINK,
           re.compile(r"^\s*[*+-]\s+\[", re.MULTILINE), _STRONG)


# Jina Reader's header: "Title: …", "URL Source: …", "Published Time: …", "Markdown Content:"
_READER_FIELD = re.compile(r"(Title|URL Source|Published Time|Markdown Content):\s*(.*)")


def _reader_header(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the header as page lines: headline, time stamp; the lines after it) when the page
    starts with a reader header, else ([], lines)."""
    fields: dict[str, str] = {}
    for k, line in enumerate(lines[:12]):
        field = _READER_FIELD.fullmatch(line.strip())
        if field:
            fields[field.group(1)] = field.group(2)
            if field.group(1) == "Markdown Content" and "Title" in fields:
                stamp = [f"Published: {fields['Published Time']}"] if fields.get("Published Time") else []
                return [fields["Title"], *stamp], lines[k + 1:]
        elif line.strip():
            break
    return [], lines


# Front matter of static-site and notebook exports (Hugo, Jekyll, Obsidian): a YAML block
# between "---" lines (TOML between "+++"), whose title and date make the headline and stamp
_FRONT_FENCES = {"---": "---", "+++": "+++"}
_FRONT_FIELD = re.compile(r"(title|date|published|publishdate|pubdate|datepublished)\s*[:=]\s*(.*)", re.IGNORECASE)
_FRONT_LINE = re.compile(r"[\w-]+\s*[:=]|\s+\S|-\s|\[[\w.-]+\]\s*$")  # a key, a nested or list line, a TOML table
_DATE_KEYS = ("date", "published", "publishdate", "pubdate", "datepublished")


def _front_matter(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the front matter's title and date as page lines; the lines after it) when the page
    starts with front matter, else ([], lines).  Only top-level title and date fields are
    read (no YAML parser: nothing in a hostile block expands)."""
    closing = _FRONT_FENCES.get(lines[0].strip()) if lines else None
    end = next((k for k in range(1, min(len(lines), 100)) if lines[k].strip() in (closing, "...")), None) \
        if closing else None
    block = [line for line in lines[1:end] if line.strip()] if end else []
    if not block or not all(_FRONT_LINE.match(line) for line in block):  # a text between two rules
        return [], lines
    fields: dict[str, str] = {}
    for line in lines[1:end]:
        field = _FRONT_FIELD.fullmatch(line.strip())
        if field and field.group(2).strip():
            fields.setdefault(field.group(1).lower(), field.group(2).strip().strip("'\""))
    date = next((fields[key] for key in _DATE_KEYS if key in fields), None)
    head = ([fields["title"]] if "title" in fields else []) + ([f"Published: {date}"] if date else [])
    return head, lines[end + 1:]


def _header(lines: list[str]) -> tuple[list[str], list[str]]:
    """A reader's header or front matter as page lines, and the lines after it."""
    head, rest = _reader_header(lines)
    return (head, rest) if head else _front_matter(lines)


def looks_like_markdown(text: str) -> bool:
    """True when the text starts with a reader's header or front matter, or uses at least two
    kinds of Markdown markup (headings, images, links, link lists, bold), or one kind three times."""
    if _header(text.splitlines()[:100])[0]:
        return True
    counts = [len(pattern.findall(text)) for pattern in _MARKUP]
    return sum(count > 0 for count in counts) >= 2 or max(counts) >= 3


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return _ESCAPE.sub(r"\1", text)


def markdown_lines(text: str) -> list[str]:
    """The lines of a Markdown page as text: headings, list and quote markers, emphasis,
    links (their text stays), images, rules, fences, link definitions and table rules go;
    a reader's header (Jina Reader) or front matter becomes the headline and the time stamp."""
    out, lines = _header(text.splitlines())
    for line in lines:
        if _FENCE.fullmatch(line) or _RULE.fullmatch(line) or _LINK_DEF.fullmatch(line) \
                or _TABLE_RULE.fullmatch(line):
            out.append("")
            continue
        heading = _HEADING.fullmatch(line)
        if heading:
            line = _CLOSING_HASHES.sub("", heading.group(1).rstrip())
        else:
            prefix = _PREFIX.match(line)
            line = line[prefix.end():] if prefix else line
        out.append(" ".join(_inline(line).split()))
    return out
