"""Where to go next: links of fetched pages within the user's patterns, and the pages that
sitemaps and news feeds (RSS, Atom) list."""

from __future__ import annotations

import gzip
import io
import re
from urllib.parse import urldefrag, urljoin, urlsplit

LARGEST_SITEMAP = 50 * 2**20  # the sitemap protocol's limit for an uncompressed file
_LOC = re.compile(rb"<loc>\s*(.*?)\s*</loc>", re.IGNORECASE | re.DOTALL)


def _feed_links(body: bytes) -> list[str]:
    """The story links of a news feed; none for anything else."""
    from aligner.fileio import DecodeError, decode_bytes
    from aligner.ingest.feed import feed_items, looks_like_feed

    try:
        text = decode_bytes(body)
        items = feed_items(text) if looks_like_feed(text) else []
    except DecodeError:
        return []
    links = (item.record.get("url", "") for item in items)
    return list(dict.fromkeys(normalise(link) for link in links if link.startswith(("http://", "https://"))))


def normalise(url: str) -> str:
    """The URL without its fragment (#...) and with a lower-case scheme and host."""
    url = urldefrag(url.strip())[0]
    parts = urlsplit(url)
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def page_links(body: bytes, base: str) -> list[str]:
    """Absolute http(s) links of an HTML page, in page order, without duplicates."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return []
    found: dict[str, None] = {}
    for element, attribute, link, _ in root.iterlinks():
        if element.tag == "a" and attribute == "href":
            url = normalise(urljoin(base, link))
            if url.startswith(("http://", "https://")):
                found.setdefault(url)
    return list(found)


def sitemap_entries(body: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index (gzipped or not), or of a
    news feed (the links of its items: a site's newest stories)."""
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as unpacked:
            body = unpacked.read(LARGEST_SITEMAP)  # a gzip bomb stops here
    if not re.search(rb"<(?:urlset|sitemapindex)\b", body[:2000], re.IGNORECASE):
        return _feed_links(body), []
    locations = [normalise(m.decode("utf-8", errors="replace")) for m in _LOC.findall(body)]
    if re.search(rb"<sitemapindex", body[:2000], re.IGNORECASE):
        return [], locations
    return locations, []
