"""Sentence alignment of a Korean article with its English rendering.

Approach
--------
Every sentence is embedded once (cached by text).  The embedding of a window of
consecutive sentences is composed from its sentence embeddings (their sum,
normalised), so merges of up to four sentences cost no extra encoder calls.

An alignment is a monotonic sequence of beads; the best one maximises a sum of
bead scores by dynamic programming (`dp.best_path`).  A bead that joins ``a``
Korean and ``b`` English sentences scores

    (a + b) * (similarity - threshold) - merge_cost * (a + b - 2) - length_cost

so every sentence it covers earns its margin over the threshold: a sentence
joins a bead only when it is more similar than the threshold, and a sentence
that matches nothing stays alone in a 1-0 or 0-1 bead (score 0).  This explicit
"no counterpart" choice is what condensed news rewrites need: a quarter of
their sentences have no counterpart.

* similarity: cosine of the window embeddings, minus part of each window's
  mean similarity to the whole other document (hubness: some sentences are
  close to everything), plus a bonus for numbers (by value, `3천` = `3,000`)
  and Latin-script words (names, acronyms) that both sides share, minus a cost
  for numbers that only one side has.
* merges: a window of several sentences must be about as similar as its best
  single member; an unrelated neighbour absorbed into a bead lowers the
  window's similarity, and that drop is penalised.  How many sentences the
  bead's one-unit side holds (`aligner.segment.sentence_count`) tells two kinds
  of merge apart.  A pre-split line that joins as many sentences as the other
  side has lines (a 1-2 bead whose Korean line holds two sentences) is how
  sentence-aligned corpora and rewrites concatenate: it earns a bonus.  A merge
  whose one-unit side is a single sentence is a translator's merge or a
  neighbour taken in by mistake, the commoner of the two: it must gain
  similarity over its shorter window, not just keep it.  A 1-1 bead whose two
  lines hold different numbers of sentences pays a little.  On sentences from
  the segmenter (every unit one sentence) only the second rule applies.
* length_cost: English text is about twice as long as Korean in non-space
  characters; the squared z-score of the log ratio (a normal model) penalises
  beads whose sides cannot be translations of each other by length.
* page chrome (`aligner.boilerplate`: bylines, timestamps, photo credits,
  cookie notices...) never joins a bead: it has no translation; nor does a
  line in the other side's script (`aligner.script`: an English dateline left
  in a Korean page), which can be a copy but not a translation.

Every bead of the best path also gets its posterior (`aligner.align.posterior`):
the probability, over all paths of the same lattice, that an alignment contains
it; the confidence model reads it.

Long documents are aligned coarse-to-fine: both sides are halved by merging
neighbouring sentences until the matrix is small, the coarse path is aligned,
and each finer level searches only a band around the projected path, so time
and memory grow linearly with the document.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from aligner.align.beads import BeadScorer, BeadWeights, Side
from aligner.align.dp import best_path
from aligner.align.posterior import bead_posteriors
from aligner.embed import CachedEncoder, Encoder, embed_groups, encoder_texts, load_encoder
from aligner.records import Bead

__all__ = ["AlignOptions", "align", "align_embedded", "with_posteriors"]


@dataclass(frozen=True)
class AlignOptions:
    """Alignment settings; the defaults suit Korean-English news."""

    max_merge: int = 4  # largest side of a many-to-one bead (1-4 / 4-1)
    threshold: float = 0.0  # normalised similarity below which a sentence stays unaligned
    merge_cost: float = 0.3  # per extra sentence in a bead, against spurious merges
    hub_weight: float = 0.75  # how much of a sentence's mean similarity to the document is discounted
    gain_weight: float = 1.0  # penalty slope when a merge is less similar than a window one shorter
    gain_margin: float = 0.1  # tolerated similarity loss of a merge against a window one shorter
    count_bonus: float = 0.05  # similarity bonus of a merge whose one-unit side holds as many sentences
    count_gain: float = 0.05  # similarity gain over a window one shorter a merge needs when it does not
    count_mismatch: float = 0.02  # similarity cost of a 1-1 bead whose sides hold different sentence counts
    length_weight: float = 0.06  # weight of the length model's squared z-score
    length_ratio: float = 2.0  # English / Korean non-space characters
    length_sigma: float = 0.26  # standard deviation of the log length ratio
    length_cap: float = 9.0  # z-scores beyond 3 sigma cost no more (loose translations exist)
    token_bonus: float = 0.3  # similarity bonus (Dice) for shared numbers and Latin words
    number_penalty: float = 0.1  # similarity cost of numbers found on one side only
    max_cells: int = 250_000  # above this many DP cells, align coarse-to-fine
    band: int = 10  # half-width of the search band around a coarse path


def _shapes(max_merge: int) -> list[tuple[int, int]]:
    shapes = [(1, 0), (1, 1)]
    for k in range(2, max_merge + 1):
        shapes += [(1, k), (k, 1)]
    return shapes


def _lattice(ko: Side, en: Side, opts: AlignOptions) -> tuple[BeadScorer, tuple[np.ndarray, np.ndarray] | None]:
    """The bead scorer and the search bands (None: the whole matrix) of two sides."""
    n, m = len(ko), len(en)
    bands = None
    if (n + 1) * (m + 1) > opts.max_cells and n > 1 and m > 1:
        coarse = _align_sides(ko.halved(), en.halved(), opts)
        bands = _project(coarse, n, m, opts.band)
    weights = BeadWeights(**{f.name: getattr(opts, f.name) for f in dataclasses.fields(BeadWeights)})
    return BeadScorer(ko, en, opts.max_merge, weights), bands


def _align_sides(ko: Side, en: Side, opts: AlignOptions) -> list[tuple[int, int, int, int]]:
    scorer, bands = _lattice(ko, en, opts)
    return best_path(len(ko), len(en), _shapes(opts.max_merge), scorer.block, np.zeros(len(en)), bands)


def _project(coarse: list[tuple[int, int, int, int]], n: int, m: int,
             band: int) -> tuple[np.ndarray, np.ndarray]:
    """Turn a coarse path into per-row column bands at double resolution."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1 in coarse:
        r0, r1 = min(2 * i0, n), min(2 * i1, n)
        c0, c1 = min(2 * j0, m), min(2 * j1, m)
        lo[r0:r1 + 1] = np.minimum(lo[r0:r1 + 1], c0)
        hi[r0:r1 + 1] = np.maximum(hi[r0:r1 + 1], c1)
    rows = np.arange(n + 1)
    # widen by `band` rows and columns around the path, keep it monotonic
    lo = np.array([lo[max(0, r - band):r + band + 1].min() for r in rows]) - band
    hi = np.array([hi[max(0, r - band):r + band + 1].max() for r in rows]) + band
    lo = np.clip(np.minimum.accumulate(lo[::-1])[::-1], 0, m)
    hi = np.clip(np.maximum.accumulate(hi), 0, m)
    lo[0], hi[-1] = 0, m
    return lo, hi


def align_embedded(ko_sentences: Sequence[str], en_sentences: Sequence[str],
                   ko_emb: np.ndarray, en_emb: np.ndarray,
                   options: AlignOptions | None = None) -> list[Bead]:
    """Align with precomputed sentence embeddings (rows L2-normalised)."""
    opts = options or AlignOptions()
    ko = Side.build(ko_sentences, ko_emb, "ko")
    en = Side.build(en_sentences, en_emb, "en")
    if not len(ko) or not len(en):
        return ([Bead((i,), ()) for i in range(len(ko))]
                + [Bead((), (j,)) for j in range(len(en))])
    scorer, bands = _lattice(ko, en, opts)
    shapes = _shapes(opts.max_merge)
    path = best_path(len(ko), len(en), shapes, scorer.block, np.zeros(len(en)), bands)
    posteriors = bead_posteriors(len(ko), len(en), shapes, scorer.block, np.zeros(len(en)), path, bands)
    beads = []
    for (i0, i1, j0, j1), posterior in zip(path, posteriors):
        sim = 0.0
        if i1 > i0 and j1 > j0:
            kv = ko.emb[i0:i1].sum(axis=0)
            ev = en.emb[j0:j1].sum(axis=0)
            sim = round(float(kv @ ev / max(np.linalg.norm(kv) * np.linalg.norm(ev), 1e-12)), 4)
        beads.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), sim, round(posterior, 6)))
    return beads


def with_posteriors(ko_sentences: Sequence[str], en_sentences: Sequence[str], ko_emb: np.ndarray,
                    en_emb: np.ndarray, beads: Sequence[Bead], options: AlignOptions | None = None) -> list[Bead]:
    """`beads` (each with both sides) with the probability that an alignment of the two sides
    contains it (`aligner.align.posterior`), for beads that `align_embedded` did not make
    itself: a pair of headlines, a random pair."""
    if any(not (b.ko and b.en) for b in beads):
        raise ValueError("with_posteriors takes beads with a Korean and an English side")
    opts = options or AlignOptions()
    ko, en = Side.build(ko_sentences, ko_emb, "ko"), Side.build(en_sentences, en_emb, "en")
    scorer, bands = _lattice(ko, en, opts)
    spans = [(b.ko[0], b.ko[-1] + 1, b.en[0], b.en[-1] + 1) for b in beads]
    posteriors = bead_posteriors(len(ko), len(en), _shapes(opts.max_merge), scorer.block, np.zeros(len(en)),
                                 spans, bands)
    return [dataclasses.replace(b, posterior=round(p, 6)) for b, p in zip(beads, posteriors)]


def align(ko_sentences: Sequence[str], en_sentences: Sequence[str],
          encoder: Encoder | None = None, options: AlignOptions | None = None, **overrides) -> list[Bead]:
    """Align Korean and English sentences; every sentence appears in exactly one bead.

    encoder: any `aligner.embed.Encoder` (default: offline USE multilingual,
    cached).  options: `AlignOptions`; keyword overrides of its fields are
    accepted too (``align(ko, en, threshold=0.1)``).  Returns monotonic beads; a
    bead's score is the cosine similarity of its two sides (0.0 for a sentence
    without counterpart).
    """
    opts = dataclasses.replace(options or AlignOptions(), **overrides)
    if not ko_sentences or not en_sentences:
        return align_embedded(ko_sentences, en_sentences, np.zeros((0, 1)), np.zeros((0, 1)), opts)
    enc = encoder if encoder is not None else _default_encoder()
    ko_emb, en_emb = embed_groups(enc, [encoder_texts(ko_sentences, "ko"), encoder_texts(en_sentences, "en")])
    return align_embedded(ko_sentences, en_sentences, ko_emb, en_emb, opts)


_DEFAULT: CachedEncoder | None = None


def _default_encoder() -> CachedEncoder:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_encoder()
    return _DEFAULT
