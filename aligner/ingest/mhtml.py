"""Pages a browser saved as one file ("Save page as… Webpage, Single File"): MHTML.

Chrome and Edge write the page as a MIME message (RFC 2557): headers, then the
HTML as a quoted-printable or base64 part, then the images, style sheets and
frames.  Read as text it is a page of ``=EC=A1=B0…`` escapes that comes out as
English gibberish; its HTML part is the page.  The standard library's MIME
parser undoes the transfer encoding; the bytes are then decoded like any page
(`aligner.fileio.decode_bytes`: the declared charset is a hint, the bytes decide).
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass

from aligner.fileio import DecodeError, decode_bytes

_HEAD = 16_384  # the headers of a saved page fit in its first bytes
_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:")
_MIME = re.compile(rb"^mime-version\s*:", re.IGNORECASE | re.MULTILINE)
_MULTIPART = re.compile(rb"^content-type\s*:\s*multipart/related", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class SavedPage:
    html: str
    url: str | None  # where the browser saved it from


def looks_like_mhtml(data: bytes) -> bool:
    """True when the file starts with a MIME header block of a multipart/related message."""
    head = data[:_HEAD].lstrip(b"\r\n")
    end = re.search(rb"\r?\n\r?\n", head)
    block = head[:end.start()] if end else head
    return (_HEADER_LINE.match(block) is not None and _MIME.search(block) is not None
            and _MULTIPART.search(block) is not None)


def saved_page(data: bytes) -> SavedPage:
    """The HTML of a saved page: the part at the address the page was saved from, else the
    first HTML part (a page's frames are HTML parts too), and that address (None for a page
    saved from disk).  Raises DecodeError when no part holds HTML."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    address = _header(message, "Snapshot-Content-Location")  # Chrome's; others name the main part only
    parts = [part for part in message.walk() if part.get_content_type() == "text/html"]
    if not parts:
        raise DecodeError("saved web page (MHTML) without an HTML part")
    main = next((part for part in parts if address and _header(part, "Content-Location") == address), parts[0])
    payload = main.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise DecodeError("saved web page (MHTML) whose HTML part is empty")
    try:
        html = decode_bytes(payload)
    except DecodeError as exc:
        raise DecodeError(f"the HTML part of the saved web page (MHTML): {exc}") from None
    return SavedPage(html=html, url=address or _header(main, "Content-Location"))


def _header(message: email.message.Message, name: str) -> str | None:
    value = message.get(name)
    value = " ".join(str(value).split()) if value is not None else ""
    return value if re.match(r"https?://", value) else None  # a page saved from disk has no address
