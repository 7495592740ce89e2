"""From article pairs to aligned sentence pairs: the align stage of the pipeline.

Every bead becomes a `SentencePair` (1-0/0-1 beads too, one side ""), with the
features of the confidence model and its probability without MT (the score
stage updates it once MT has run).  With titles, each article pair's
headlines become one more row (alignment "title").
"""

from __future__ import annotations

import sys
from typing import Iterable, Sequence

import numpy as np

from aligner.align import AlignOptions, align_embedded
from aligner.confidence import bead_features, default_model
from aligner.embed import Encoder
from aligner.pair import ArticlePair
from aligner.records import Article, Bead, SentencePair


def align_article_pair(ko: Article, en: Article, encoder: Encoder, options: AlignOptions | None = None,
                       titles: bool = False) -> list[SentencePair]:
    """Align the sentences of one article pair; beads without counterpart are kept (one side "")."""
    vectors = encoder.encode(list(ko.sentences) + list(en.sentences)) if ko.sentences and en.sentences \
        else np.zeros((len(ko.sentences) + len(en.sentences), 1), dtype=np.float32)
    ko_emb, en_emb = vectors[:len(ko.sentences)], vectors[len(ko.sentences):]
    beads = align_embedded(ko.sentences, en.sentences, ko_emb, en_emb, options)
    features = bead_features(ko.sentences, en.sentences, ko_emb, en_emb, beads)
    rows = []
    if titles and ko.title.strip() and en.title.strip():
        title_emb = encoder.encode([ko.title, en.title])
        [title_features] = bead_features([ko.title], [en.title], title_emb[:1], title_emb[1:], [Bead((0,), (0,))])
        rows.append(_row(ko, en, "title", [], [], ko.title, en.title, "title",
                         round(float(title_emb[0] @ title_emb[1]), 4), title_features))
    for k, (bead, feats) in enumerate(zip(beads, features)):
        rows.append(_row(ko, en, str(k), list(bead.ko), list(bead.en), " ".join(ko.sentences[i] for i in bead.ko),
                         " ".join(en.sentences[j] for j in bead.en), bead.kind,
                         bead.score if feats is not None else None, feats))
    return rows


def _row(ko: Article, en: Article, key: str, ko_ids: list[int], en_ids: list[int], ko_text: str, en_text: str,
         kind: str, similarity: float | None, features: dict | None) -> SentencePair:
    return SentencePair(
        id=f"{ko.id}|{en.id}|{key}", ko_article_id=ko.id, en_article_id=en.id,
        ko_sentence_ids=ko_ids, en_sentence_ids=en_ids, ko=ko_text, en=en_text, alignment=kind,
        similarity=similarity, confidence=default_model().predict(features) if features else None,
        features=features, published=ko.published or en.published, ko_url=ko.url, en_url=en.url,
        ko_title=ko.title, en_title=en.title)


def align_article_pairs(articles: Iterable[Article], pairs: Sequence[ArticlePair], encoder: Encoder,
                        options: AlignOptions | None = None, titles: bool = False) -> list[SentencePair]:
    """Align every article pair; ids of `pairs` refer to `articles`.  Shows a progress bar
    on a terminal."""
    from rich.progress import track

    by_id = {a.id: a for a in articles}
    rows: list[SentencePair] = []
    for pair in track(pairs, description="align", transient=True, disable=not sys.stderr.isatty()):
        missing = [i for i in (pair.ko_id, pair.en_id) if i not in by_id]
        if missing:
            raise ValueError(f"pair {pair.ko_id} / {pair.en_id}: unknown article id(s) {', '.join(missing)}")
        rows.extend(align_article_pair(by_id[pair.ko_id], by_id[pair.en_id], encoder, options, titles))
    return rows
