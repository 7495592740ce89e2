"""HTML of the report: the overview page, one viewer page per article pair, SVG plots.

Pages are plain HTML that link one stylesheet and one script shipped in the
package (copied beside them), so the report opens from disk with no server and
no network.  Plots are inline SVG drawn here; the article-pair table's data
is a script file (``data/pairs.js``), since browsers refuse to fetch files
from a page opened from disk.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from typing import Iterable, Sequence

from aligner import __version__
from aligner.records import SentencePair
from aligner.report.data import PairView, ReportData

SCORE_PLOTS = (("confidence", "Confidence", (0.0, 1.0)), ("similarity", "Embedding similarity", (-0.2, 1.0)),
               ("chrf", "chrF against MT", (0.0, 100.0)), ("bleu", "BLEU against MT", (0.0, 100.0)),
               ("length_ratio", "Length ratio (English / Korean characters)", (0.0, 5.0)))


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def page(title: str, body: str, depth: int = 0, nav: str = "") -> str:
    up = "../" * depth
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)}</title>\n'
            f'<link rel="stylesheet" href="{up}assets/report.css">\n'
            f'<script src="{up}assets/report.js" defer></script>\n'
            f'</head>\n<body>\n<header class="top"><h1>{esc(title)}</h1><nav>{nav}</nav></header>\n'
            f'<main>\n{body}\n</main>\n</body>\n</html>\n')


# ---- plots --------------------------------------------------------------------------------

def histogram(values: Sequence[float], lo: float, hi: float, bins: int = 20, width: int = 320,
              height: int = 130) -> str:
    """An SVG histogram of values in [lo, hi] (values outside are counted in the edge bins)."""
    counts = [0] * bins
    for v in values:
        k = int((min(max(v, lo), hi) - lo) / (hi - lo) * bins)
        counts[min(k, bins - 1)] += 1
    top = max(counts) or 1
    plot_h, bar_w = height - 24, (width - 30) / bins
    bars = "".join(
        f'<rect class="bar" x="{25 + k * bar_w:.1f}" y="{4 + plot_h - c / top * plot_h:.1f}" '
        f'width="{bar_w - 1:.1f}" height="{c / top * plot_h:.1f}"><title>{lo + k * (hi - lo) / bins:g}–'
        f'{lo + (k + 1) * (hi - lo) / bins:g}: {c}</title></rect>' for k, c in enumerate(counts))
    ticks = "".join(f'<text x="{25 + t * (width - 30):.0f}" y="{height - 6}" text-anchor="middle">'
                    f'{lo + t * (hi - lo):g}</text>' for t in (0, 0.5, 1))
    return (f'<svg viewBox="0 0 {width} {height}" role="img"><line class="axis" x1="25" y1="{4 + plot_h}" '
            f'x2="{width - 5}" y2="{4 + plot_h}"/>{bars}{ticks}<text x="2" y="12">{top}</text></svg>')


def bar_chart(counts: Counter, width: int = 320) -> str:
    """An SVG bar chart of counts, one bar per key (largest first)."""
    items = counts.most_common()
    top = max(counts.values(), default=1)
    row = 18
    bars = "".join(
        f'<text x="0" y="{k * row + 13}">{esc(key)}</text><rect class="bar" x="70" y="{k * row + 3}" '
        f'width="{max(1.0, n / top * (width - 130)):.1f}" height="{row - 5}"/>'
        f'<text x="{75 + n / top * (width - 130):.1f}" y="{k * row + 13}">{n}</text>'
        for k, (key, n) in enumerate(items))
    return f'<svg viewBox="0 0 {width} {max(1, len(items)) * row + 4}" role="img">{bars}</svg>'


# ---- overview -----------------------------------------------------------------------------

def _card(number: object, label: str) -> str:
    return f'<div class="card"><div class="n">{esc(number)}</div><div class="k">{esc(label)}</div></div>'


def _problems(problems: list[dict], limit: int = 300) -> str:
    items = "".join(f'<li class="level-{esc(p["level"])}">{esc(p["level"])}: {esc(p["path"])}'
                    f'{":" + esc(p["line"]) if p.get("line") else ""}: {esc(p["message"])}</li>'
                    for p in problems[:limit])
    more = f"<li>… and {len(problems) - limit} more</li>" if len(problems) > limit else ""
    return f'<ul class="problems">{items}{more}</ul>'


def _table(rows: Iterable[tuple], header: tuple[str, ...]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td class="{"num" if isinstance(v, (int, float)) else ""}">{esc(v)}</td>'
                                    for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def pairs_script(data: ReportData) -> str:
    """window.PAIRS: one entry per article pair, for the overview's table."""
    entries = []
    for pair in data.pairs:
        exported = sum(1 for b in pair.linked if b.id not in pair.dropped)
        flags = ", ".join(f"{flag} {n}" for flag, n in sorted(pair.flags().items()))
        entries.append({"n": pair.number, "date": (pair.ko.published or pair.en.published or "")[:10],
                        "ko_title": pair.ko.title, "en_title": pair.en.title, "ko_id": pair.ko.id,
                        "en_id": pair.en.id, "beads": len(pair.beads), "linked": len(pair.linked),
                        "exported": exported, "similarity": pair.mean("similarity"),
                        "confidence": pair.mean("confidence"), "chrf": pair.mean("chrf"), "flags": flags})
    return "window.PAIRS = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n"


def overview(data: ReportData) -> str:
    ingest, export = data.ingest, data.export
    problems = ingest.get("problems", [])
    errors = [p for p in problems if p["level"] == "error"]
    linked = [b for b in data.rows if b.ko and b.en]
    exported = sum((export.get("rows") or {}).values()) if export.get("rows") else None
    cards = "".join([
        _card(ingest.get("files", "–"), "files read"),
        _card(len(errors), "files or lines rejected"),
        _card(data.articles.get("ko", 0), "Korean articles"),
        _card(data.articles.get("en", 0), "English articles"),
        _card(len(data.pairs), "article pairs"),
        _card(len(data.unpaired), "articles without counterpart"),
        _card(len(linked), "aligned sentence pairs"),
        _card(exported if exported is not None else "–", "rows in the dataset"),
    ])
    body = [f'<section><div class="cards">{cards}</div></section>']
    body.append("<h2>Ingest</h2>")
    body.append(f"<p>{esc(ingest.get('files', 0))} files read; {len(errors)} files or JSONL lines rejected; "
                f"{len(problems) - len(errors)} notices.</p>")
    if problems:
        body.append(f"<details><summary>Problems ({len(problems)})</summary>{_problems(problems)}</details>")
    for note in ingest.get("notes", []):
        body.append(f"<p class=\"level-notice\">{esc(note)}</p>")
    body.append("<h2>Pairing</h2>")
    body.append(f"<p>{len(data.pairs)} article pairs; {len(data.unpaired)} articles without counterpart.</p>")
    if data.unpaired:
        body.append("<details><summary>Unpaired articles and why</summary>" + _table(
            ((a.lang, (a.published or "")[:10], a.title, why) for a, why in data.unpaired),
            ("lang", "date", "title", "why")) + "</details>")
    body.append("<h2>Alignment and scores</h2><div class=\"plots\">")
    body.append(f'<div class="plot"><h3>Alignment types</h3>{bar_chart(data.alignment_types())}</div>')
    for name, label, (lo, hi) in SCORE_PLOTS:
        values = [getattr(b, name) for b in linked if getattr(b, name) is not None]
        if values:
            body.append(f'<div class="plot" data-plot="{name}"><h3>{esc(label)} ({len(values)})</h3>'
                        f"{histogram(values, lo, hi)}</div>")
    flags = data.flags()
    if flags:
        body.append(f'<div class="plot"><h3>Flags</h3>{bar_chart(flags)}</div>')
    body.append("</div>")
    if data.score.get("note"):
        body.append(f'<p class="level-warning">{esc(data.score["note"])}</p>')
    elif data.score.get("evidence_used"):
        body.append("<p>MT evidence entered the confidence: the MT pointed at the paired English in "
                    f"{esc(data.score['agreement']['best'])} of {esc(data.score['agreement']['sure_pairs'])} "
                    "pairs the aligner was sure of.</p>")
    body.append("<h2>Export</h2>")
    if export:
        threshold = export.get("min_confidence")
        body.append(f"<p>Rows per split: {esc(', '.join(f'{k} {v}' for k, v in export.get('rows', {}).items()))}. "
                    f"{esc(export.get('split_note', ''))}</p>")
        body.append(_table(((name, n) for name, n in export.get("removed", {}).items()), ("removed by", "rows")))
        if threshold is not None:
            kept = " (rows below kept, flagged low_confidence)" if export.get("keep_low_confidence") else ""
            body.append(f"<p>Confidence threshold: {esc(threshold)}{kept}.</p>")
    else:
        body.append("<p>The export stage has not run.</p>")
    if data.card:
        body.append("<h2>Dataset card</h2>" + _table(data.card.items(), ("", "")))
    body.append("""<h2>Article pairs</h2>
<div class="controls"><input type="search" id="pairs-filter" placeholder="Filter: title, date, id, flag…"
 aria-label="Filter article pairs"><button id="pairs-prev" type="button">← previous</button>
<button id="pairs-next" type="button">next →</button><span id="pairs-info"></span></div>
<table id="pairs"><thead><tr>""" + "".join(
        f'<th class="sortable{" num" if num else ""}" data-key="{key}">{esc(label)}</th>'
        for key, label, num in (("n", "#", True), ("date", "date", False), ("ko_title", "Korean title", False),
                                ("en_title", "English title", False), ("beads", "beads", True),
                                ("linked", "pairs", True), ("exported", "kept", True),
                                ("similarity", "similarity", True), ("confidence", "confidence", True),
                                ("chrf", "chrF", True), ("flags", "flags", False))) +
        '</tr></thead><tbody id="pairs-body">' + _first_rows(data) + "</tbody></table>")
    body.append('<script src="data/pairs.js"></script>')
    body.append(f'<p class="level-notice">aligner {esc(__version__)} · work directory {esc(data.workdir)}</p>')
    return page("aligner report", "\n".join(body))


def _first_rows(data: ReportData, count: int = 100) -> str:
    """The table's first rows, there before the script runs (and without it)."""
    return "".join(f'<tr><td class="num"><a href="pairs/{p.number}.html">{p.number}</a></td>'
                   f"<td>{esc((p.ko.published or p.en.published or '')[:10])}</td>"
                   f'<td lang="ko">{esc(p.ko.title)}</td><td lang="en">{esc(p.en.title)}</td>'
                   f'<td class="num">{len(p.beads)}</td><td class="num">{len(p.linked)}</td>'
                   f'<td class="num">{sum(1 for b in p.linked if b.id not in p.dropped)}</td>'
                   f'<td class="num">{_fmt(p.mean("similarity"))}</td><td class="num">{_fmt(p.mean("confidence"))}</td>'
                   f'<td class="num">{_fmt(p.mean("chrf"), 1)}</td><td></td></tr>' for p in data.pairs[:count])


# ---- viewer -------------------------------------------------------------------------------

def _sentences(ids: list[int], sentences: list[str], lang: str, text: str) -> str:
    if not ids:  # a title row has no sentence ids
        if not text:
            return '<span class="none">no counterpart</span>'
        return f'<div class="sent" lang="{lang}">{esc(text)}</div>'
    return "".join(f'<div class="sent" lang="{lang}"><span class="sid">{i}</span>'
                   f'{esc(sentences[i] if i < len(sentences) else "")}</div>' for i in ids)


def _bead_row(bead: SentencePair, pair: PairView) -> str:
    linked = bool(bead.ko and bead.en)
    classes = ["bead", "title" if bead.alignment == "title" else "link" if linked else "lonely"]
    sizes = bead.alignment.split("-")
    if linked and bead.alignment != "title" and any(s != "1" for s in sizes):
        classes.append("merge")
    why = pair.dropped.get(bead.id)
    if why and linked:
        classes.append("dropped")
    scores = []
    if bead.confidence is not None:
        scores.append(f'confidence {bead.confidence:.2f} <span class="conf" style="width:{bead.confidence * 50:.0f}px">'
                      "</span>")
    for name, label, digits in (("similarity", "similarity", 2), ("chrf", "chrF", 1), ("bleu", "BLEU", 1),
                                ("length_ratio", "length ratio", 2)):
        value = getattr(bead, name)
        if value is not None:
            scores.append(f"{label} {value:.{digits}f}")
    flags = f'<div class="flags">{esc(", ".join(bead.flags))}</div>' if bead.flags else ""
    dropped = f'<div class="dropped-why">dropped: {esc(why)}</div>' if why and linked else ""
    mt = f'<div class="mt" lang="en">MT: {esc(bead.mt)}</div>' if bead.mt else ""
    kind = "title" if bead.alignment == "title" else bead.alignment if linked else \
        ("Korean only" if bead.ko else "English only")
    ko = _sentences(bead.ko_sentence_ids, pair.ko.sentences, "ko", bead.ko)
    en = _sentences(bead.en_sentence_ids, pair.en.sentences, "en", bead.en)
    return (f'<tr class="{" ".join(classes)}" data-id="{esc(bead.id)}"><td class="kind"><span class="badge">'
            f'{esc(kind)}</span></td><td class="ko">{ko}</td><td class="en">{en}{mt}</td>'
            f'<td class="scores">{"<br>".join(scores)}{flags}{dropped}</td></tr>')


def viewer(pair: PairView, total: int) -> str:
    nav = ['<a href="../index.html" rel="index">overview</a>']
    if pair.number > 1:
        nav.append(f'<a href="{pair.number - 1}.html" rel="prev">← previous</a>')
    if pair.number < total:
        nav.append(f'<a href="{pair.number + 1}.html" rel="next">next →</a>')
    nav.append(f"<span>pair {pair.number} of {total} · <kbd>←</kbd> <kbd>→</kbd> to move, <kbd>/</kbd> to search, "
               "<kbd>u</kbd> for the overview</span>")
    side = ('<div class="side {lang}" lang="{lang}"><div class="title">{title}</div>'
            '<div>{date} · {count} sentences{url}</div><div class="level-notice">{ident}</div></div>')
    meta = "".join(side.format(lang=a.lang, title=esc(a.title), date=esc(a.published or "undated"),
                               count=len(a.sentences), ident=esc(a.id),
                               url=f' · <a href="{esc(a.url)}">source</a>' if a.url else "")
                   for a in (pair.ko, pair.en))
    rows = "".join(_bead_row(b, pair) for b in pair.beads)
    kept = sum(1 for b in pair.linked if b.id not in pair.dropped)
    body = (f'<div class="meta">{meta}</div>'
            f"<p>{len(pair.beads)} rows: {len(pair.linked)} sentence pairs ({kept} in the dataset), "
            f"{len(pair.beads) - len(pair.linked)} sentences without counterpart. Pairing score "
            f"{_fmt(pair.score)}.</p>"
            '<div class="controls"><input type="search" id="bead-search" placeholder="Search both languages…" '
            f'aria-label="Search the sentences"><span id="bead-count">{len(pair.beads)} of {len(pair.beads)} rows'
            '</span>'
            '</div><table class="beads"><thead><tr><th>bead</th><th lang="ko">한국어</th><th>English</th>'
            f'<th>scores</th></tr></thead><tbody>{rows}</tbody></table>')
    return page(f"{pair.number}. {pair.en.title or pair.ko.title}", body, depth=1, nav=" ".join(nav))
