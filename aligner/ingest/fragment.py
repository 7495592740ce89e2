"""HTML fragments as page lines.

A record's text field often holds the story's markup rather than its text (a
scraper kept the article ``<div>``: ``<p>…</p><p>…<br/>Photo: Yonhap</p>``).
Read as text, the tags would end up inside sentences and no paragraph would
end where the page ends one.  `fragment_lines` turns such markup into one line
per paragraph: block elements and ``<br>`` end lines, scripts and styles go,
entities are decoded.
"""

from __future__ import annotations

import re

# tags that only markup writes; two of them make a text a fragment of HTML
_TAG = re.compile(r"</?(?:p|div|br|span|a|strong|em|b|i|u|h[1-6]|li|ul|ol|table|tr|td|th|img|figure|figcaption|"
                  r"section|article|blockquote|font|header|footer|nav|main)\b[^<>]*>", re.IGNORECASE)
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
           "figcaption", "section", "article", "blockquote", "header", "footer", "nav", "main", "dd", "dt", "pre"}


def looks_like_html_fragment(text: str) -> bool:
    """True when the text holds at least two HTML tags."""
    return len(_TAG.findall(text, 0, 20_000)) >= 2


def fragment_lines(text: str) -> list[str]:
    """The text of an HTML fragment, one line per paragraph."""
    from lxml import etree, html

    try:
        root = html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return text.splitlines()
    for element in root.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    return root.text_content().splitlines()
