"""From article pairs to aligned sentence pairs: the align stage of the pipeline."""

from __future__ import annotations

import sys
from typing import Iterable, Sequence

from aligner.align import AlignOptions, align
from aligner.embed import Encoder
from aligner.pair import ArticlePair
from aligner.records import Article, SentencePair


def align_article_pair(ko: Article, en: Article, encoder: Encoder,
                       options: AlignOptions | None = None) -> list[SentencePair]:
    """Align the sentences of one article pair; beads without counterpart are kept (one side "")."""
    rows = []
    for k, bead in enumerate(align(ko.sentences, en.sentences, encoder, options)):
        both = bool(bead.ko and bead.en)
        rows.append(SentencePair(
            id=f"{ko.id}|{en.id}|{k}", ko_article_id=ko.id, en_article_id=en.id,
            ko_sentence_ids=list(bead.ko), en_sentence_ids=list(bead.en),
            ko=" ".join(ko.sentences[i] for i in bead.ko), en=" ".join(en.sentences[j] for j in bead.en),
            alignment=bead.kind, similarity=bead.score if both else None,
            published=ko.published or en.published, ko_url=ko.url, en_url=en.url,
            ko_title=ko.title, en_title=en.title))
    return rows


def align_article_pairs(articles: Iterable[Article], pairs: Sequence[ArticlePair], encoder: Encoder,
                        options: AlignOptions | None = None) -> list[SentencePair]:
    """Align every article pair; ids of `pairs` refer to `articles`.  Shows a progress bar
    on a terminal."""
    from rich.progress import track

    by_id = {a.id: a for a in articles}
    rows: list[SentencePair] = []
    for pair in track(pairs, description="align", transient=True, disable=not sys.stderr.isatty()):
        missing = [i for i in (pair.ko_id, pair.en_id) if i not in by_id]
        if missing:
            raise ValueError(f"pair {pair.ko_id} / {pair.en_id}: unknown article id(s) {', '.join(missing)}")
        rows.extend(align_article_pair(by_id[pair.ko_id], by_id[pair.en_id], encoder, options))
    return rows
