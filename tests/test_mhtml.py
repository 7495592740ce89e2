"""Pages a browser saved as one file (MHTML): read as their HTML, not as MIME text."""

import base64
import quopri
from pathlib import Path

from aligner.ingest import ingest_paths
from aligner.ingest.mhtml import looks_like_mhtml

URL = "https://world.kbs.co.kr/service/news_view.htm?lang=k&Seq_Code=1"
STORY = ["조태열 외교부 장관이 미국과 일본 외교장관과 각각 통화하고 북러 정상회담에 대한 대응 방안을 논의했습니다.",
         "세 장관은 북러 조약이 한반도와 그 너머의 평화와 안정에 심각한 위협이 된다는 데 인식을 같이했습니다.",
         "조 장관과 블링컨 장관은 이를 강력히 규탄했고, 조 장관과 가미카와 외무상은 엄중한 우려를 표명했습니다."]
PAGE = ("<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>조태열 외교장관, 한미·한일 통화 | "
        "KBS WORLD</title></head><body><nav><a href=\"/\">홈</a> <a href=\"/news\">뉴스</a></nav><article>"
        "<h1>조태열 외교장관, 한미·한일 통화</h1><p>입력 2024-06-22 14:57:31</p>"
        + "".join(f"<p>{s}</p>" for s in STORY)
        + "<iframe src=\"https://ads.example.com/frame\"></iframe></article><footer>저작권자 ⓒ KBS</footer>"
        "</body></html>")
FRAME = "<html><body><p>광고 문구입니다. 지금 바로 신청하시고 혜택을 받으세요.</p></body></html>"
BOUNDARY = "----MultipartBoundary--AbC123----"


def _blink(parts: list[tuple[str, str, bytes]], address: str | None = URL) -> bytes:
    """A page as Chrome's "Save as… Webpage, Single File" writes it: headers, then each part
    (type, location, bytes) quoted-printable (text) or base64 (the rest)."""
    head = ["From: <Saved by Blink>"]
    if address:
        head.append(f"Snapshot-Content-Location: {address}")
    head += ["Subject: =?utf-8?Q?=EC=A1=B0=ED=83=9C=EC=97=B4?=", "Date: Sat, 22 Jun 2024 06:00:00 -0000",
             "MIME-Version: 1.0", "Content-Type: multipart/related;", '\ttype="text/html";',
             f'\tboundary="{BOUNDARY}"', "", ""]
    out = "\r\n".join(head).encode()
    for kind, location, body in parts:
        text = kind.startswith("text/")
        encoded = quopri.encodestring(body) if text else base64.encodebytes(body)
        out += (f"--{BOUNDARY}\r\nContent-Type: {kind}\r\nContent-Transfer-Encoding: "
                f"{'quoted-printable' if text else 'base64'}\r\nContent-Location: {location}\r\n\r\n").encode()
        out += encoded.replace(b"\n", b"\r\n") + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


def _page(html: str = PAGE, encoding: str = "utf-8", address: str | None = URL) -> bytes:
    return _blink([("text/html", address or "file:///home/me/page.html", html.encode(encoding)),
                   ("image/png", "https://world.kbs.co.kr/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
                   ("text/html", "https://ads.example.com/frame", FRAME.encode())], address)


def test_a_saved_page_is_read_as_its_html(tmp_path):
    (tmp_path / "page.mhtml").write_bytes(_page())
    result = ingest_paths([tmp_path])
    assert not result.errors
    [art] = result.articles
    assert art.lang == "ko" and art.title == "조태열 외교장관, 한미·한일 통화"
    assert art.sentences == STORY  # not the frame's advertisement, not the escapes
    assert art.url == URL and art.published.startswith("2024-06-22T14:57")


def test_a_saved_page_under_another_name_or_encoding(tmp_path):
    page = PAGE.replace('charset="utf-8"', 'charset="euc-kr"')
    (tmp_path / "page.txt").write_bytes(_page(page, "cp949", address=None))
    [art] = ingest_paths([tmp_path / "page.txt"]).articles
    assert art.sentences == STORY and art.url is None  # a page saved from disk has no address


def test_a_saved_page_without_html_is_named(tmp_path):
    (tmp_path / "image.mht").write_bytes(_blink([("image/png", URL, b"\x89PNG\r\n\x1a\n" + bytes(64))]))
    result = ingest_paths([tmp_path])
    assert not result.articles
    assert [(Path(p.path).name, p.message) for p in result.errors] == [
        ("image.mht", "saved web page (MHTML) without an HTML part")]


def test_only_a_mime_header_block_makes_a_saved_page():
    assert looks_like_mhtml(_page())
    assert not looks_like_mhtml(b"Subject: the talks\nMIME-Version: 1.0 was a story about e-mail.\n\n"
                                b"Content-Type: multipart/related is mentioned in the story only.\n")
    assert not looks_like_mhtml("조태열 외교부 장관이\nContent-Type: multipart/related\n".encode())
