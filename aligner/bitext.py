"""From article pairs to aligned sentence pairs: the align stage of the pipeline.

Every bead becomes a `SentencePair` (1-0/0-1 beads too, one side ""), with the
features of the confidence model and its probability without MT (the score
stage updates it once MT has run).  With titles, each article pair's
headlines become one more row (alignment "title").
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from aligner.align import AlignOptions, align_embedded, with_posteriors
from aligner.confidence import bead_features, default_model
from aligner.embed import Encoder, article_group, embed_groups
from aligner.mapping import Mapper, in_process
from aligner.pair import ArticlePair
from aligner.records import Article, Bead, SentencePair


def align_article_pair(ko: Article, en: Article, encoder: Encoder, options: AlignOptions | None = None,
                       titles: bool = False) -> list[SentencePair]:
    """Align the sentences of one article pair; beads without counterpart are kept (one side "")."""
    return align_embedded_pair((ko, en, *embed_groups(encoder, [article_group(a.title, a.sentences, a.lang)
                                                                 for a in (ko, en)])), options, titles)


def align_embedded_pair(item: tuple[Article, Article, np.ndarray, np.ndarray], options: AlignOptions | None = None,
                        titles: bool = False) -> list[SentencePair]:
    """`align_article_pair` given the vectors of each article's `article_group`."""
    ko, en, ko_vectors, en_vectors = item
    (ko_title, ko_emb), (en_title, en_emb) = _split_title(ko, ko_vectors), _split_title(en, en_vectors)
    beads = align_embedded(ko.sentences, en.sentences, ko_emb, en_emb, options)
    features = bead_features(ko.sentences, en.sentences, ko_emb, en_emb, beads)
    rows = []
    if titles and ko_title is not None and en_title is not None:
        # in the context of both articles: a headline that matches the other side's lead better
        # than its headline (a rewrite) has a rival, as a sentence would
        with_titles = ([ko.title, *ko.sentences], [en.title, *en.sentences], ko_vectors, en_vectors)
        [title_features] = bead_features(*with_titles, with_posteriors(*with_titles, [Bead((0,), (0,))], options))
        rows.append(_row(ko, en, "title", [], [], ko.title, en.title, "title",
                         round(float(ko_title[0] @ en_title[0]), 4), title_features))
    for k, (bead, feats) in enumerate(zip(beads, features)):
        rows.append(_row(ko, en, str(k), list(bead.ko), list(bead.en), " ".join(ko.sentences[i] for i in bead.ko),
                         " ".join(en.sentences[j] for j in bead.en), bead.kind,
                         bead.score if feats is not None else None, feats))
    return rows


def _split_title(art: Article, vectors: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """(title row or None, sentence rows) of an article's `article_group` vectors."""
    titled = bool(art.title.strip())
    return (vectors[:1] if titled else None), vectors[int(titled):]


def _row(ko: Article, en: Article, key: str, ko_ids: list[int], en_ids: list[int], ko_text: str, en_text: str,
         kind: str, similarity: float | None, features: dict | None) -> SentencePair:
    return SentencePair(
        id=f"{ko.id}|{en.id}|{key}", ko_article_id=ko.id, en_article_id=en.id,
        ko_sentence_ids=ko_ids, en_sentence_ids=en_ids, ko=ko_text, en=en_text, alignment=kind,
        similarity=similarity, confidence=default_model().predict(features) if features else None,
        features=features, published=ko.published or en.published, ko_url=ko.url, en_url=en.url,
        ko_title=ko.title, en_title=en.title)


def align_article_pairs(articles: Iterable[Article], pairs: Sequence[ArticlePair], encoder: Encoder,
                        options: AlignOptions | None = None, titles: bool = False,
                        mapper: Mapper | None = None, convert: Callable[[SentencePair], Any] | None = None) -> list:
    """Align every article pair into `SentencePair` rows (or `convert(row)`, computed where the
    row is made, e.g. its JSON line on an engine's worker); ids of `pairs` refer to
    `articles`.  The articles are embedded first (the cache has them when pairing ran), then
    the pairs aligned through `mapper` (an engine's `map`)."""
    by_id = {a.id: a for a in articles}
    for pair in pairs:
        missing = [i for i in (pair.ko_id, pair.en_id) if i not in by_id]
        if missing:
            raise ValueError(f"pair {pair.ko_id} / {pair.en_id}: unknown article id(s) {', '.join(missing)}")
    sides = [(by_id[p.ko_id], by_id[p.en_id]) for p in pairs]
    vectors = embed_groups(encoder, [article_group(a.title, a.sentences, a.lang) for side in sides for a in side])
    items = [(ko, en, vectors[2 * k], vectors[2 * k + 1]) for k, (ko, en) in enumerate(sides)]
    done = (mapper or in_process)(partial(_aligned_rows, options=options, titles=titles, convert=convert), items,
                                  "align")
    return [row for rows in done for row in rows]


def _aligned_rows(item: tuple[Article, Article, np.ndarray, np.ndarray], options: AlignOptions | None,
                  titles: bool, convert: Callable[[SentencePair], Any] | None) -> list:
    rows = align_embedded_pair(item, options, titles)
    return list(map(convert, rows)) if convert else rows
