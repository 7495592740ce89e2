#!/usr/bin/env python3
"""End-to-end benchmark: a benchmark split rendered as raw news pages, through `aligner run`.

    python scripts/bench_e2e.py SPLIT_DIR [--work work/e2e] [--seed 0] [--without-counterpart 0.15]
                                         [--form dump|wrapped|markdown]

Every document of SPLIT_DIR/align (the split of ../shared/bench, or one built by
make_align_bench.py) becomes a Korean page and an English page: about half take
the document's `parallel` version (a translation), the others its `comparable`
version (a condensed rewrite: sentences dropped, neighbours merged); a share of
the documents lose one of their pages (no counterpart).  Pages carry site
chrome around the story (menus, time stamps, bylines, footers, cookie
notices), a title and a date, and come as text dumps, HTML or JSONL records,
some Korean pages in CP949.  `--form` writes the text pages hard-wrapped (72
columns, 36 in Hangul) or as Markdown (a link menu, `# title`, `**stamp**`,
links and bold in the story) instead of as page dumps; the pages drawn are the
same.  `aligner run` (default options, no MT) turns them
into a dataset, which is compared with the gold alignment:

* row precision / recall: each row's sentences are traced back to the lines of
  the split (a line of the split may hold several sentences, which the
  pipeline splits).  A gold bead is found when the rows that touch its lines
  stay inside it and together cover exactly its lines on both sides (one row,
  or a finer alignment of a line that holds several sentences); a row is
  correct when it belongs to a gold bead that is found.  Recall is over the
  gold beads with both sides, of the documents that kept both pages;
* article-pair precision / recall / F1.

Precision, recall and F0.5 (precision weighted twice as much as recall: a
wrong pair costs a corpus more than a missing one) are also given for a range
of confidence thresholds (from the scored pairs, before the export's own
threshold); the export's default is chosen from them (see DEFAULT_MIN_CONFIDENCE
in aligner/confidence.py).  The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from aligner.align.batch import find_documents, read_sentences
from aligner.boilerplate import is_boilerplate
from aligner.confidence import reliability
from aligner.evaluate import parse_beads
from aligner.ingest.normalise import decode_entities, normalise_text

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
EN_TOP = ["Menu Content", "Search", "Korean", "English", "About KBS Go to KBS", "Go Top"]
EN_BOTTOM = ["List", "Editor's Pick", "Close",
             "This website uses cookies and other technology to enhance quality of service. Continuous usage of "
             "the website will be considered as giving consent to the application of such technology."]
KO_TOP = ["KBS 뉴스", "메뉴", "검색", "전체 뉴스", "정치", "경제", "사회"]
KO_BOTTOM = ["저작권자ⓒ KBS(www.kbs.co.kr) 무단 전재 및 재배포 금지", "이 기사가 좋으셨다면", "오늘의 핫 클릭",
             "실시간 뜨거운 관심을 받고 있는 뉴스"]


def _key(text: str) -> str:
    return " ".join(text.split())


def _title(sentences: list[str], words: int) -> str:
    """A headline: the first words of the first real sentence (never the whole sentence, which a
    page would otherwise seem to repeat as its title)."""
    first = next((s for s in sentences if len(s) > 10 and not is_boilerplate(s)), sentences[0] if sentences else "")
    return " ".join(first.split()[:words]).rstrip(".,!?\"'") + "…"


def render(split: Path, out: Path, seed: int, without: float, form: str = "dump") -> dict:
    """Write the pages under out/pages; return the gold rows and pairs keyed by page name.
    `form` is how text pages are written (see FORMS); the pages drawn are the same in every
    form."""
    rng = random.Random(seed)
    deco = random.Random(seed + 1)  # markup draws of the other forms, apart from `rng`
    docs: dict[str, dict[str, tuple[Path, Path]]] = {}
    for name, ko_file, en_file in find_documents(split / "align"):
        track, doc = name.split("/", 1)
        docs.setdefault(doc, {})[track] = (ko_file, en_file)
    pages = out / "pages"
    gold_docs: dict[str, tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]]]] = {}
    gold_pairs: set[tuple[str, str]] = set()
    jsonl: dict[str, list[str]] = {"ko": [], "en": []}
    start = dt.date(2024, 3, 1)
    for n, doc in enumerate(sorted(docs)):
        track = rng.choice(sorted(docs[doc]))
        ko_file, en_file = docs[doc][track]
        ko, en = read_sentences(ko_file), read_sentences(en_file)
        day = start + dt.timedelta(days=n // 10)
        en_day = day + dt.timedelta(days=rng.choice([0, 0, 1]))
        drop = rng.choice(["ko", "en"]) if rng.random() < without else None
        kind = rng.choices(["txt", "html", "jsonl"], weights=[6, 2.5, 1.5])[0]
        if drop != "ko":
            _write_page(pages, jsonl, "ko", doc, kind, ko, day, rng, form, deco)
        if drop != "en":
            _write_page(pages, jsonl, "en", doc, kind, en, en_day, rng, form, deco)
        if drop is None:
            gold_pairs.add((doc, doc))
            beads = [b for b in parse_beads(ko_file.with_suffix(".gold").read_text(encoding="utf-8")) if b[0] and b[1]]
            gold_docs[doc] = (ko, en, beads)
    for lang, lines in jsonl.items():
        if lines:
            (pages / f"{lang}-records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"docs": gold_docs, "pairs": gold_pairs, "documents": len(docs)}


SITES = {  # per language: site name, top chrome, bottom chrome, title words, stamp, page-dump line separator
    "ko": ("KBS 뉴스", KO_TOP, KO_BOTTOM, 5, "입력 {day:%Y.%m.%d} ({hour:02d}:{minute:02d})", "\n"),
    "en": ("KBS WORLD", EN_TOP, EN_BOTTOM, 7, "Written: {day:%Y-%m-%d} {hour:02d}:{minute:02d}:00", "\n\n"),
}


# How text pages are written: a page dump (one paragraph a line), hard-wrapped at 72 columns
# (36 in Hangul) as wire copy and e-mail are, or Markdown as Firecrawl or Jina Reader write it
FORMS = ("dump", "wrapped", "markdown")
WRAP = {"ko": 36, "en": 72}


def _markdown(lines: list[str], deco: random.Random) -> list[str]:
    """Story lines as Markdown paragraphs: now and then a word is a link or bold."""
    out = []
    for line in lines:
        words = line.split()
        if len(words) > 4 and deco.random() < 0.3:
            k = deco.randrange(len(words))
            words[k] = f"[{words[k]}](https://en.wikipedia.org/wiki/{k})"
        if len(words) > 4 and deco.random() < 0.2:
            k = deco.randrange(len(words))
            words[k] = f"**{words[k]}**"
        out.append(" ".join(words))
    return out


def _write_page(pages: Path, jsonl: dict, lang: str, doc: str, kind: str, sentences: list[str], day: dt.date,
                rng: random.Random, form: str = "dump", deco: random.Random | None = None) -> None:
    """The document's page in one language: a JSONL record, an HTML page or a text page in
    `form`."""
    site, top, bottom, words, stamp_format, separator = SITES[lang]
    title = _title(sentences, words)
    hour, minute = rng.randint(6, 22), rng.randint(0, 59)
    stamp = stamp_format.format(day=day, hour=hour, minute=minute)
    if kind == "jsonl":
        jsonl[lang].append(json.dumps({"id": f"{lang}-{doc}", "lang": lang, "title": title, "date": f"{day:%Y-%m-%d}",
                                       "text": "\n".join(sentences)}, ensure_ascii=False))
        return
    if kind == "html":
        body = "".join(f"<p>{html.escape(s)}</p>\n" for s in sentences)
        page = (f'<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} | {site}</title>'
                f'<meta property="og:title" content="{html.escape(title)}">'
                f'<meta property="article:published_time" content="{day:%Y-%m-%d}T{hour:02d}:{minute:02d}:00+09:00">'
                f"</head><body><nav>{''.join(f'<a href=#>{html.escape(x)}</a>' for x in top)}</nav><main><article>"
                f"<h1>{html.escape(title)}</h1><p class=date>{stamp}</p>\n{body}</article>"
                f"<footer>{''.join(f'<p>{html.escape(x)}</p>' for x in bottom)}</footer></main></body></html>")
        (pages / f"{lang}-{doc}.html").write_text(page, encoding="utf-8")
        return
    head = [f" date {day:%Y-%m-%d} Menu Content"] if lang == "en" else []
    suffix = ".txt"
    if form == "wrapped":  # a paragraph's lines together, paragraphs apart as the page has them
        sentences = ["\n".join(textwrap.wrap(line, WRAP[lang]) or [line]) for line in sentences]
    if form == "markdown":
        menu = [f"* [{entry}](https://{site.lower().replace(' ', '')}/{k})" for k, entry in enumerate(top)]
        page = "\n\n".join(menu + [f"# {title}", f"**{stamp}**"] + _markdown(sentences, deco or random.Random(0))
                            + [f"## {bottom[0]}"] + [f"* {entry}" for entry in bottom[1:]]) + "\n"
        suffix = ".md"
    else:
        page = separator.join(head + top + [title, stamp, title] + sentences) + "\n" + "\n".join(bottom) + "\n"
    cp949 = lang == "ko" and _cp949_ok(page) and rng.random() < 0.2
    (pages / f"{lang}-{doc}{suffix}").write_bytes(page.encode("cp949" if cp949 else "utf-8"))


def _cp949_ok(text: str) -> bool:
    try:
        text.encode("cp949")
        return True
    except UnicodeEncodeError:
        return False


def _doc_of(article: dict) -> str:
    """The split's document name of an article (pages are named ko-DOC / en-DOC, records have that id)."""
    name = article["id"] if article["origin"].endswith(".jsonl") else Path(article["origin"]).stem
    return name[3:]


def _line_of(sentences: list[str], lines: list[str]) -> list[int | None]:
    """For each sentence of an article, the line of the split it comes from (in order)."""
    keys = [_key(decode_entities(normalise_text(line).text)) for line in lines]  # the text repairs of ingest
    out: list[int | None] = []
    at = 0
    for sentence in sentences:
        probe = _key(sentence)
        found = next((k for k in range(at, len(keys)) if probe in keys[k]), None)
        out.append(found)
        if found is not None:
            at = found
    return out


def judge_rows(rows: list[dict], articles: dict[str, dict], gold_docs: dict) -> tuple[dict[str, bool], list[list[str]]]:
    """Whether each row (by id) is correct, and the ids of the rows of every gold bead that is found
    (see the module docstring), for the full set of link rows of a run."""
    spans: dict[str, list[tuple[str, set[int], set[int]]]] = {}
    correct = {row["id"]: False for row in rows}
    for row in rows:
        ko_art, en_art = articles[row["ko_article_id"]], articles[row["en_article_id"]]
        doc = _doc_of(ko_art)
        if doc != _doc_of(en_art) or doc not in gold_docs:
            continue  # a row of a wrong article pair
        ko_lines, en_lines, _ = gold_docs[doc]
        ko_map, en_map = _line_of(ko_art["sentences"], ko_lines), _line_of(en_art["sentences"], en_lines)
        spans.setdefault(doc, []).append((row["id"], {ko_map[i] for i in row["ko_sentence_ids"]},
                                          {en_map[j] for j in row["en_sentence_ids"]}))
    found: list[list[str]] = []
    for doc, (_, _, beads) in gold_docs.items():
        for ko_ids, en_ids in beads:
            ko_set, en_set = set(ko_ids), set(en_ids)
            touching = [s for s in spans.get(doc, []) if s[1] & ko_set or s[2] & en_set]
            if touching and all(k <= ko_set and e <= en_set for _, k, e in touching) \
                    and set().union(*(k for _, k, _ in touching)) == ko_set \
                    and set().union(*(e for _, _, e in touching)) == en_set:
                found.append([ident for ident, _, _ in touching])
                for ident, _, _ in touching:
                    correct[ident] = True
    return correct, found


def _prf(correct: int, predicted: int, gold: int) -> dict:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def evaluate(run_dir: Path, gold: dict) -> dict:
    """Article-pair and row precision / recall of a finished run against the gold of `render`,
    the ECE of the confidence of its linked rows, and the same at every threshold."""
    articles = {a["id"]: a for a in map(json.loads, (run_dir / "articles.jsonl").open(encoding="utf-8"))}
    name = {ident: _doc_of(a) for ident, a in articles.items()}
    pairs = [json.loads(line) for line in (run_dir / "pairs.jsonl").open(encoding="utf-8")]
    predicted_pairs = {(name[p["ko_id"]], name[p["en_id"]]) for p in pairs if p["ko_id"] and p["en_id"]}
    pair_scores = _prf(len(predicted_pairs & gold["pairs"]), len(predicted_pairs), len(gold["pairs"]))
    scored = [json.loads(line) for line in (run_dir / "scored.jsonl").open(encoding="utf-8")]
    linked = [r for r in scored if r["ko"] and r["en"] and r["alignment"] != "title"]
    gold_beads = sum(len(beads) for _, _, beads in gold["docs"].values())
    correct, found = judge_rows(linked, articles, gold["docs"])

    def row_scores(kept_ids: set[str]) -> dict:
        p = _prf(sum(correct.get(i, False) for i in kept_ids), len(kept_ids), gold_beads)["precision"]
        r = sum(all(i in kept_ids for i in bead) for bead in found) / gold_beads if gold_beads else 0.0
        return {"precision": p, "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                "f0.5": round(1.25 * p * r / (0.25 * p + r), 4) if p + r else 0.0}

    at = {str(t): row_scores({r["id"] for r in linked if (r["confidence"] or 0) >= t}) for t in THRESHOLDS}
    exported = [json.loads(line) for line in (run_dir / "export" / "corpus.jsonl").open(encoding="utf-8")]
    exported = [r for r in exported if r["alignment"] != "title"]
    return {"documents": gold["documents"], "gold_pairs": len(gold["pairs"]), "gold_beads": gold_beads,
            "article_pairs": pair_scores, "rows": row_scores({r["id"] for r in exported}),
            "exported_rows": len(exported),
            "ece": reliability([r["confidence"] or 0.0 for r in linked], [correct[r["id"]] for r in linked])[0],
            "by_threshold": at, "best_f0.5_threshold": float(max(at, key=lambda t: (at[t]["f0.5"], -float(t))))}


def run_aligner(pages: Path, work: Path, *options: str) -> float:
    """`aligner run` on the pages (seconds taken); its error output is printed when it fails."""
    started = time.time()
    run = subprocess.run([sys.executable, "-m", "aligner", "run", str(pages), "--out", str(work), *options],
                         capture_output=True, text=True)
    if run.returncode:
        print(run.stderr, file=sys.stderr)
        raise SystemExit(run.returncode)
    return time.time() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split_dir", type=Path)
    ap.add_argument("--work", type=Path, default=Path("work/e2e"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--without-counterpart", type=float, default=0.15)
    ap.add_argument("--form", choices=FORMS, default="dump",
                    help="how text pages are written: page dumps, hard-wrapped text or Markdown")
    args = ap.parse_args()
    import shutil

    shutil.rmtree(args.work, ignore_errors=True)
    (args.work / "pages").mkdir(parents=True)
    gold = render(args.split_dir, args.work, args.seed, args.without_counterpart, args.form)
    seconds = run_aligner(args.work / "pages", args.work / "run", "--no-mt")
    report = {**evaluate(args.work / "run", gold), "seconds": round(seconds, 1)}
    pair_scores = report["article_pairs"]
    print(f"article pairs: P {pair_scores['precision']:.4f} R {pair_scores['recall']:.4f} F1 {pair_scores['f1']:.4f}")
    print(f"rows (exported): P {report['rows']['precision']:.4f} R {report['rows']['recall']:.4f} "
          f"({report['exported_rows']} rows, {report['gold_beads']} gold beads)")
    for threshold, s in report["by_threshold"].items():
        print(f"  confidence >= {threshold}: P {s['precision']:.4f} R {s['recall']:.4f} F0.5 {s['f0.5']:.4f}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
