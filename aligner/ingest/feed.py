"""News feeds (RSS 2.0, RSS 1.0/RDF, Atom): one record per item.

Sites publish their stories as feeds, one per language and section, and a
feed is what many corpus builders collect.  An item carries the title, the
link, the date and the story as HTML: ``content:encoded`` or Atom
``content`` (the whole story), else ``description``/``summary`` (often the
lead only).  Read as a text page, a feed came out as one article of run-on
titles and links.  The items become plain records (the fields of a JSONL
line) that the record reader turns into articles.

The XML is parsed without fetching or expanding external entities (a feed
from the web is untrusted), and in recovery mode: feeds with a stray ``&`` or
an unclosed tag are common.
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass

from aligner.fileio import DecodeError
from aligner.ingest.fragment import fragment_lines

# what may precede the root element: the XML declaration, comments, style sheets, a DOCTYPE (with
# its internal subset: the entities it defines are never expanded, since the parser never sees it)
_PROLOGUE = re.compile(r"\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*",
                       re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
# references XML leaves undefined: HTML's named entities ("&rsquo;", "&nbsp;") and bare ampersands
# ("AT&T"), which sloppy feeds hold and which would cut the text they stand in
_REFERENCE = re.compile(r"&(?:(?P<name>[A-Za-z][A-Za-z0-9]*);|(?P<number>#[0-9]+;|#[xX][0-9a-fA-F]+;))?")
_XML_ENTITIES = ("amp", "lt", "gt", "quot", "apos")
_TEXT = ("encoded", "content", "description", "summary")  # the whole story first
_DATE = ("pubDate", "published", "date", "updated", "issued", "modified")


@dataclass(frozen=True)
class FeedItem:
    record: dict[str, str]  # title, url, date, text (HTML): the fields of a JSONL record
    line: int | None  # where the item starts in the file


def looks_like_feed(text: str) -> bool:
    """True when the document's root element is a feed's (rss, feed, rdf:RDF)."""
    prologue = _PROLOGUE.match(text)
    return _ROOT.match(text, prologue.end() if prologue else 0) is not None


def feed_items(text: str) -> list[FeedItem]:
    """The items (RSS) or entries (Atom) of a feed, in order; raises DecodeError when the XML
    cannot be read at all."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False)
    # no encoding declaration (the text is decoded already) and no DOCTYPE; its lines stay counted
    prologue = _PROLOGUE.match(text).end()
    body = "\n" * text.count("\n", 0, prologue) + _REFERENCE.sub(_xml_reference, text[prologue:])
    try:
        root = etree.fromstring(body.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise DecodeError(f"broken feed XML: {exc}") from None
    if root is None:
        raise DecodeError("broken feed XML")
    items = []
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname in ("item", "entry"):
            items.append(FeedItem(_record(element), element.sourceline))
    return items


def _xml_reference(match: re.Match) -> str:
    """A reference XML defines as it is; an HTML entity as character references; anything
    else (a bare ampersand, an entity a DOCTYPE would have defined) as text."""
    name = match.group("name")
    if match.group("number") or name in _XML_ENTITIES:
        return match.group()
    characters = html.entities.html5.get(f"{name};") if name else None
    if characters:
        return "".join(f"&#{ord(c)};" for c in characters)
    return "&amp;" + match.group()[1:]


def _record(item) -> dict[str, str]:
    from lxml import etree

    fields: dict[str, list] = {}
    for child in item:
        if isinstance(child.tag, str):
            fields.setdefault(etree.QName(child).localname, []).append(child)
    record: dict[str, str] = {}
    title = _text(fields.get("title"))
    if title:
        record["title"] = title
    url = _link(fields.get("link", []))
    if url:
        record["url"] = url
    date = next(filter(None, (_text(fields.get(name)) for name in _DATE)), None)
    if date:
        record["date"] = date
    story = next(filter(None, (_markup(fields[name][0]) for name in _TEXT if name in fields)), None)
    if story:
        record["text"] = story
    return record


def _text(elements: list | None) -> str:
    """An element's text; an Atom text of type "html" (a title with its markup) without its tags."""
    if not elements:
        return ""
    text = "".join(elements[0].itertext())
    if elements[0].get("type") == "html":
        text = " ".join(fragment_lines(text))
    return " ".join(text.split())


def _link(elements: list) -> str | None:
    """RSS: the link's text; Atom: the href of the link to the story (rel alternate or none)."""
    for element in elements:
        href = element.get("href")
        if href and element.get("rel", "alternate") == "alternate":
            return href.strip()
        if not href and (element.text or "").strip():
            return element.text.strip()
    return None


def _markup(element) -> str:
    """An item's story as HTML: the element's text (escaped or CDATA HTML, the RSS way) or,
    for Atom's type="xhtml", its child elements."""
    from lxml import etree

    children = [child for child in element if isinstance(child.tag, str)]
    if children:
        inner = (element.text or "") + "".join(etree.tostring(child, method="html", encoding="unicode")
                                               for child in children)
        return re.sub(r"\s*xmlns(?::\w+)?=\"[^\"]*\"", "", inner).strip()
    return (element.text or "").strip()
