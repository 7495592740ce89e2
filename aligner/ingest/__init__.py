"""Ingest: files and folders of raw pages in, `Article` records out.

Files are found (`files`), read by kind (`readers`, each through the one text
normaliser; `warc` for web archives; Markdown and HTML kept in records lose their markup
in `markdown` and `fragment`), cleaned of page chrome (`clean`, which also joins
hard-wrapped lines back into paragraphs with `unwrap`; then `repeated` for chrome that
repeats across a site's pages), their language taken from the script of the
body (a JSONL label is kept unless the text contradicts it beyond doubt), and
their bodies split into sentences.  A bad file or JSONL line is reported with
its place (`FILE` or `FILE:LINE`) and skipped; the batch goes on.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from aligner.boilerplate import is_boilerplate
from aligner.fileio import DecodeError
from aligner.ingest.archive import is_archive, read_archive
from aligner.ingest.bilingual import split_bilingual
from aligner.ingest.clean import detect_lang
from aligner.ingest.files import collect_files
from aligner.ingest.language import is_language_code, words_language
from aligner.ingest.problems import ERROR, NOTICE, NotPages, Problem
from aligner.ingest.readers import RawArticle, reader_for
from aligner.ingest.repeated import is_repeated, repeated_lines
from aligner.ingest.warc import is_warc, read_warc
from aligner.mapping import Mapper, in_process
from aligner.records import Article
from aligner.script import hangul_or_latin, hangul_share
from aligner.segment import split_sentences

__all__ = ["IngestResult", "Problem", "collect_files", "ingest_paths", "read_file"]

# A "sentence" longer than this is a blob (minified script, a table flattened to one line),
# not a sentence: it is left out of the article, with a notice.
MAX_SENTENCE_CHARS = 3000

_LANG_LABELS = {"ko": "ko", "kor": "ko", "korean": "ko", "kr": "ko", "한국어": "ko",
                "en": "en", "eng": "en", "english": "en", "영어": "en"}


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # batch-level notices (chrome found by repetition)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    def messages(self) -> list[str]:
        """One line per problem, naming the file (and line): errors, then notices."""
        ordered = self.errors + [p for p in self.problems if p.level != ERROR]
        return [str(p) for p in ordered] + [f"notice: {note}" for note in self.notes]

    def to_dict(self) -> dict:
        """What happened, for the work directory's record (and the report)."""
        by_lang = {lang: sum(a.lang == lang for a in self.articles) for lang in ("ko", "en")}
        return {"files": self.files, "articles": by_lang,
                "problems": [{"level": p.level, "path": p.path, "line": p.line, "message": p.message}
                             for p in self.problems], "notes": self.notes}

    def ok(self, strict: bool = False) -> bool:
        """Something was ingested (and, when strict, nothing was rejected)."""
        return bool(self.articles) and not (strict and self.errors)


def _language(raw: RawArticle, forced: str, where: Problem, problems: list[Problem]) -> str | None:
    """The article's language: forced by the user, else the record's label unless the script
    of the body contradicts it beyond doubt, else detected from the script of the body; None
    (and an error) for a text that is neither Korean nor English: in another script, labelled
    with another language, or in Latin letters but another language by its words (French)."""
    if forced != "auto":
        return forced
    text = "\n".join(raw.body)
    if not raw.lang and not hangul_or_latin(text):
        problems.append(Problem(where.path, "the text is neither Korean nor English (most of its letters are in "
                                "another script, or it has none): skipped; --lang ko or --lang en reads it anyway",
                                where.line))
        return None
    detected = detect_lang(text)
    label = None
    if raw.lang:
        code = raw.lang.strip().lower().replace("_", "-")
        label = _LANG_LABELS.get(code) or _LANG_LABELS.get(code.split("-")[0])
        if label is None and detected == "en" and is_language_code(code.split("-")[0]):
            if words_language(text) != "en":
                problems.append(Problem(where.path, f"labelled {raw.lang!r}, neither Korean nor English: skipped; "
                                        "--lang en reads it anyway", where.line))
                return None
            problems.append(Problem(where.path, f"labelled {raw.lang!r} but the text is English: read as 'en'",
                                    where.line, NOTICE))
            return "en"
        if label is None:
            problems.append(Problem(where.path, f"unknown language label {raw.lang!r}: "
                                    f"'{detected}' from the script", where.line, NOTICE))
    language = detected if label is None else _checked_label(label, raw.lang, detected, text, where, problems)
    if language == "en" and (other := words_language(text)) not in (None, "en", "ko"):
        problems.append(Problem(where.path, f"the text is not English but {other!r} (by its words): skipped; "
                                "--lang en reads it anyway", where.line))
        return None
    return language


def _checked_label(label: str, written: str, detected: str, text: str, where: Problem,
                   problems: list[Problem]) -> str:
    """A record's language label, unless the script of its text contradicts it beyond doubt."""
    share, letters = hangul_share(text)
    contradicted = (label == "en" and share >= 0.6 and letters >= 10) or \
                   (label == "ko" and share <= 0.05 and letters >= 40)
    if contradicted:
        problems.append(Problem(where.path, f"labelled '{written}' but the text is "
                                f"{'Korean' if detected == 'ko' else 'English'}: read as '{detected}'",
                                where.line, NOTICE))
        return detected
    return label


def _article_id(raw: RawArticle, lang: str) -> str:
    if raw.id:
        return raw.id
    digest = hashlib.sha1((f"{raw.title}\n" + "\n".join(raw.body)).encode("utf-8")).hexdigest()
    return f"{lang}-{digest[:12]}"


def _site(raw: RawArticle) -> str:
    host = urlsplit(raw.url).hostname if raw.url and "//" in raw.url else None
    return (host or raw.source or "").lower().removeprefix("www.")


def read_file(path: Path, only: re.Pattern | None = None) -> tuple[list[RawArticle], list[Problem]]:
    """The articles with a body in one file, and the problems met; never raises for bad input."""
    try:
        if is_archive(path):
            raws, problems = read_archive(path, partial(read_file, only=only))
        else:
            raws, problems = read_warc(path, only) if is_warc(path) else reader_for(path)(path)
    except (DecodeError, ValueError) as exc:  # not text, or no article in the page
        return [], [Problem(str(path), str(exc))]
    except NotPages as exc:
        return [], [Problem(str(path), str(exc), level=NOTICE)]
    except OSError as exc:
        return [], [Problem(str(path), exc.strerror or str(exc))]
    good = [r for r in raws if r.body]
    if not good and not any(p.level == ERROR for p in problems):
        problems = [*problems, Problem(str(path), "no article text found")]
    return good, problems


def ingest_paths(paths: Iterable[str | Path], lang: str = "auto",
                 on_file: Callable[[Path], None] | None = None, url_filter: str | None = None,
                 mapper: Mapper | None = None, skip: Iterable[str | Path] = ()) -> IngestResult:
    """Read every file under `paths` but those in `skip` (the command's own output); lang is
    "ko", "en" or "auto" (from the script); url_filter (a regular expression) keeps only the
    WARC records whose URL it matches.

    Files are read, and articles split into sentences, through `mapper` (an engine's `map`;
    in this process when None, calling `on_file` before each file); what needs the whole
    batch (ids, lines repeated across pages) is decided here, in input order."""
    if lang not in ("ko", "en", "auto"):
        raise ValueError(f"lang must be ko, en or auto, not {lang!r}")
    only = re.compile(url_filter) if url_filter else None
    found = collect_files(paths, skip)
    result = IngestResult(problems=list(found.problems), files=len(found.files))
    if mapper is None:
        reads = []
        for path in found.files:
            if on_file:
                on_file(path)
            reads.append(read_file(path, only))
    else:
        reads = mapper(partial(read_file, only=only), found.files)
    kept: list[tuple[RawArticle, str, str, Problem]] = []  # article, language, id, its place
    # ids are unique within a language: the first article wins
    first_seen: dict[tuple[str, str], tuple[Problem, RawArticle]] = {}
    for path, (raws, problems) in zip(found.files, reads):
        result.problems.extend(problems)
        for raw in (part for page in raws for part in _versions(page, lang, path, result.problems)):
            where = Problem(raw.origin or str(path), "", raw.line)
            language = _language(raw, lang, where, result.problems)
            if language is None:
                continue
            ident = _article_id(raw, language)
            if (language, ident) in first_seen:
                place, first = first_seen[language, ident]
                same = (first.title, first.body) == (raw.title, raw.body)
                result.problems.append(Problem(where.path, f"article id {ident} already read from {place.where} "
                                               f"({'same' if same else 'different'} text): skipped",
                                               raw.line, NOTICE))
                continue
            first_seen[language, ident] = (where, raw)
            kept.append((raw, language, ident, where))
    kept = _qualify_shared_ids(kept, result)
    _drop_repeated_lines(kept, result)
    for (*_, where), (article, problems) in zip(kept, (mapper or in_process)(_to_article, kept)):
        result.problems.extend(problems)
        if article is None:
            result.problems.append(Problem(where.path, "no sentence left once page chrome, lines repeated "
                                           "across pages and over-long lines were removed", where.line))
        else:
            result.articles.append(article)
    return result


def _versions(raw: RawArticle, lang: str, path: Path, problems: list[Problem]) -> list[RawArticle]:
    """A page's articles: a bilingual page (unless the language is forced) is read as its Korean
    and its English version, with a notice."""
    parts = split_bilingual(raw) if lang == "auto" else [raw]
    if len(parts) > 1:
        problems.append(Problem(str(path), "a bilingual page: read as a Korean article and an English article "
                                f"({len(parts[0].body)} and {len(parts[1].body)} paragraphs)", raw.line, NOTICE))
    return parts


def _qualify_shared_ids(kept: list[tuple[RawArticle, str, str, Problem]],
                        result: IngestResult) -> list[tuple[RawArticle, str, str, Problem]]:
    """Parallel JSONL files often give a story the same id in both languages; every stage needs
    unique ids, so such ids get the language as a suffix (``42`` -> ``42.ko`` and ``42.en``)."""
    langs: dict[str, set[str]] = {}
    for _, language, ident, _ in kept:
        langs.setdefault(ident, set()).add(language)
    shared = {ident for ident, seen in langs.items() if len(seen) > 1}
    if not shared:
        return kept
    example = min(shared)
    result.notes.append(f"{len(shared)} article id(s) used in both languages made unique with a language "
                        f"suffix (e.g. {example!r} -> '{example}.ko' and '{example}.en')")
    return [(raw, language, f"{ident}.{language}" if ident in shared else ident, where)
            for raw, language, ident, where in kept]


def _drop_repeated_lines(kept: list[tuple[RawArticle, str, str, Problem]], result: IngestResult) -> None:
    """Remove lines that repeat across many pages of one site (see `aligner.ingest.repeated`)."""
    groups = [(language, _site(raw)) for raw, language, _, _ in kept]
    chrome = repeated_lines([(group, raw.title, raw.body) for group, (raw, *_) in zip(groups, kept)])
    removed: dict[tuple[str, str], set[str]] = {}
    for group, (raw, *_) in zip(groups, kept):
        lines = chrome.get(group)
        if lines:
            dropped = [line for line in raw.body if is_repeated(line, lines)]
            if dropped:
                removed.setdefault(group, set()).update(dropped)
                raw.body = [line for line in raw.body if not is_repeated(line, lines)]
    for (language, site), lines in sorted(removed.items()):
        example = min(lines, key=lambda s: (len(s), s))
        result.notes.append(f"{len(lines)} line(s) repeated across many {language} pages"
                            f"{' of ' + site if site else ''} removed as page chrome (e.g. {example!r})")


def _to_article(item: tuple[RawArticle, str, str, Problem]) -> tuple[Article | None, list[Problem]]:
    """The article of one kept page (None when no sentence is left), and its notices."""
    raw, lang, ident, where = item
    text = "\n".join(raw.body)
    sentences = [s for s in split_sentences(text, lang) if not is_boilerplate(s)]
    problems = []
    blobs = sum(1 for s in sentences if len(s) > MAX_SENTENCE_CHARS)
    if blobs:
        problems.append(Problem(where.path, f"{blobs} over-long sentence(s) (more than {MAX_SENTENCE_CHARS} "
                                "characters, no sentence ends) left out", where.line, NOTICE))
        sentences = [s for s in sentences if len(s) <= MAX_SENTENCE_CHARS]
    if not sentences:
        return None, problems
    return Article(id=ident, lang=lang, title=raw.title, text=text, sentences=sentences,
                   published=raw.published, url=raw.url, source=raw.source, origin=where.path), problems
