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
  window's similarity, and that drop is penalised.
* length_cost: English text is about twice as long as Korean in non-space
  characters; the squared z-score of the log ratio (a normal model) penalises
  beads whose sides cannot be translations of each other by length.
* page chrome (`aligner.boilerplate`: bylines, timestamps, photo credits,
  cookie notices...) never joins a bead: it has no translation.

Long documents are aligned coarse-to-fine: both sides are halved by merging
neighbouring sentences until the matrix is small, the coarse path is aligned,
and each finer level searches only a band around the projected path, so time
and memory grow linearly with the document.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from aligner.align.dp import NEG, best_path
from aligner.boilerplate import is_boilerplate
from aligner.embed import CachedEncoder, Encoder, load_encoder
from aligner.tokens import anchor_tokens, dice
from aligner.records import Bead

__all__ = ["AlignOptions", "align", "align_embedded"]


@dataclass(frozen=True)
class AlignOptions:
    """Alignment settings; the defaults suit Korean-English news."""

    max_merge: int = 4  # largest side of a many-to-one bead (1-4 / 4-1)
    threshold: float = 0.0  # normalised similarity below which a sentence stays unaligned
    merge_cost: float = 0.3  # per extra sentence in a bead, against spurious merges
    hub_weight: float = 0.75  # how much of a sentence's mean similarity to the document is discounted
    gain_weight: float = 1.0  # penalty slope when a merge is less similar than a window one shorter
    gain_margin: float = 0.1  # tolerated similarity loss of a merge against a window one shorter
    length_weight: float = 0.06  # weight of the length model's squared z-score
    length_ratio: float = 2.0  # English / Korean non-space characters
    length_sigma: float = 0.26  # standard deviation of the log length ratio
    length_cap: float = 9.0  # z-scores beyond 3 sigma cost no more (loose translations exist)
    token_bonus: float = 0.3  # similarity bonus (Dice) for shared numbers and Latin words
    number_penalty: float = 0.1  # similarity cost of numbers found on one side only
    max_cells: int = 250_000  # above this many DP cells, align coarse-to-fine
    band: int = 10  # half-width of the search band around a coarse path


@dataclass
class _Side:
    """Per-sentence signals of one side, as arrays the DP can slice."""

    emb: np.ndarray  # (n, d) normalised embeddings
    length: np.ndarray  # (n,) non-space characters
    chrome: np.ndarray  # (n,) bool, page chrome that never aligns
    tokens: list[set[str]]

    @classmethod
    def build(cls, sentences: Sequence[str], emb: np.ndarray, lang: str) -> "_Side":
        return cls(
            emb=np.asarray(emb, dtype=np.float32),
            length=np.array([max(1, len("".join(s.split()))) for s in sentences], dtype=np.float64),
            chrome=np.array([is_boilerplate(s) for s in sentences], dtype=bool),
            tokens=[anchor_tokens(s, lang) for s in sentences],
        )

    def __len__(self) -> int:
        return len(self.length)

    def halved(self) -> "_Side":
        """Merge neighbouring sentences pairwise: the next coarser level."""
        n = len(self)
        pairs = [(k, min(k + 1, n - 1)) for k in range(0, n, 2)]
        left = np.array([p[0] for p in pairs])
        right = np.array([p[1] for p in pairs])
        same = left == right
        emb = self.emb[left] + np.where(same[:, None], 0, self.emb[right])
        return _Side(
            emb=emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12),
            length=self.length[left] + np.where(same, 0, self.length[right]),
            chrome=self.chrome[left] & self.chrome[right],
            tokens=[self.tokens[a] | self.tokens[b] for a, b in pairs],
        )


class _Windows:
    """Window embeddings, token sets, lengths and chrome counts for spans ending at each index."""

    def __init__(self, side: _Side, max_size: int) -> None:
        n, dim = side.emb.shape if len(side) else (0, 0)
        cum = np.zeros((n + 1, dim), dtype=np.float32)
        np.cumsum(side.emb, axis=0, out=cum[1:])
        self.len_cum = np.concatenate([[0.0], np.cumsum(side.length)])
        self.chrome_cum = np.concatenate([[0], np.cumsum(side.chrome)])
        self.emb: dict[int, np.ndarray] = {}
        # tokens[size][end]: anchor tokens of the window [end - size, end), and its numbers
        self.tokens: dict[int, list[frozenset[str]]] = {}
        self.numbers: dict[int, list[frozenset[str]]] = {}
        for size in range(1, max_size + 1):
            self.tokens[size] = [frozenset()] * min(size, n + 1) + [
                frozenset().union(*side.tokens[end - size:end]) for end in range(size, n + 1)]
            self.numbers[size] = [frozenset(t for t in w if t.startswith("#")) for w in self.tokens[size]]
            win = np.zeros((n + 1, dim), dtype=np.float32)
            if size <= n:
                win[size:] = cum[size:] - cum[:-size]
                win /= np.maximum(np.linalg.norm(win, axis=1, keepdims=True), 1e-12)
            self.emb[size] = win


def _shapes(max_merge: int) -> list[tuple[int, int]]:
    shapes = [(1, 0), (1, 1)]
    for k in range(2, max_merge + 1):
        shapes += [(1, k), (k, 1)]
    return shapes


def _align_sides(ko: _Side, en: _Side, opts: AlignOptions) -> list[tuple[int, int, int, int]]:
    n, m = len(ko), len(en)
    bands = None
    if (n + 1) * (m + 1) > opts.max_cells and n > 1 and m > 1:
        coarse = _align_sides(ko.halved(), en.halved(), opts)
        bands = _project(coarse, n, m, opts.band)
    shapes = _shapes(opts.max_merge)
    kw, ew = _Windows(ko, opts.max_merge), _Windows(en, opts.max_merge)
    mu, sigma = math.log(opts.length_ratio), opts.length_sigma
    ko_mean, en_mean = ko.emb.mean(axis=0), en.emb.mean(axis=0)

    def score(a: int, b: int, i: int, cols: np.ndarray) -> np.ndarray:
        if b == 0:
            return np.zeros(cols.size)
        ok = cols >= b
        out = np.full(cols.size, NEG)
        if kw.chrome_cum[i] - kw.chrome_cum[i - a] > 0:
            return out
        c = cols[ok]
        sim = ew.emb[b][c] @ kw.emb[a][i]
        if a > 1 or b > 1:
            # a merge must beat both windows one sentence shorter: an unrelated
            # neighbour absorbed at either end lowers the window's similarity
            if a > 1:
                inner = np.maximum(ew.emb[b][c] @ kw.emb[a - 1][i], ew.emb[b][c] @ kw.emb[a - 1][i - 1])
            else:
                inner = np.maximum(ew.emb[b - 1][c] @ kw.emb[a][i], ew.emb[b - 1][c - 1] @ kw.emb[a][i])
            sim = sim + opts.gain_weight * np.minimum(sim - inner + opts.gain_margin, 0)
        if opts.hub_weight:
            sim -= opts.hub_weight * 0.5 * (ew.emb[b][c] @ ko_mean + kw.emb[a][i] @ en_mean)
        if opts.token_bonus or opts.number_penalty:
            shared, numbers_differ = _token_evidence(kw, ew, a, i, b, c)
            sim += opts.token_bonus * shared - opts.number_penalty * numbers_differ
        ko_len = kw.len_cum[i] - kw.len_cum[i - a]
        en_len = ew.len_cum[c] - ew.len_cum[c - b]
        z = (np.log(en_len / ko_len) - mu) / sigma
        size = a + b
        length_cost = opts.length_weight * (np.minimum(z * z, opts.length_cap) - 1)
        val = size * (sim - opts.threshold) - opts.merge_cost * (size - 2) - length_cost
        val[(ew.chrome_cum[c] - ew.chrome_cum[c - b]) > 0] = NEG
        out[ok] = val
        return out

    return best_path(n, m, shapes, score, np.zeros(m), bands)


def _token_evidence(kw: _Windows, ew: _Windows, a: int, i: int, b: int,
                    ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the Korean window of `a` sentences ending at i against English windows of `b`
    ending at `ends`: the Dice overlap of their anchor tokens, and the share of numbers
    that only one side has (when both have numbers: a translation keeps its numbers, a
    neighbouring sentence brings its own)."""
    ko_set, ko_numbers = kw.tokens[a][i], kw.numbers[a][i]
    shared = np.zeros(ends.size)
    differ = np.zeros(ends.size)
    if not ko_set:
        return shared, differ
    en_sets, en_numbers = ew.tokens[b], ew.numbers[b]
    for k, end in enumerate(ends):
        shared[k] = dice(ko_set, en_sets[end])
        numbers = en_numbers[end]
        if ko_numbers and numbers:
            differ[k] = len(ko_numbers ^ numbers) / len(ko_numbers | numbers)
    return shared, differ


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
    ko = _Side.build(ko_sentences, ko_emb, "ko")
    en = _Side.build(en_sentences, en_emb, "en")
    if not len(ko) or not len(en):
        return ([Bead((i,), ()) for i in range(len(ko))]
                + [Bead((), (j,)) for j in range(len(en))])
    beads = []
    for i0, i1, j0, j1 in _align_sides(ko, en, opts):
        if i1 > i0 and j1 > j0:
            kv = ko.emb[i0:i1].sum(axis=0)
            ev = en.emb[j0:j1].sum(axis=0)
            sim = float(kv @ ev / max(np.linalg.norm(kv) * np.linalg.norm(ev), 1e-12))
            beads.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(sim, 4)))
        else:
            beads.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), 0.0))
    return beads


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
    vectors = enc.encode(list(ko_sentences) + list(en_sentences))
    return align_embedded(ko_sentences, en_sentences, vectors[:len(ko_sentences)],
                          vectors[len(ko_sentences):], opts)


_DEFAULT: CachedEncoder | None = None


def _default_encoder() -> CachedEncoder:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_encoder()
    return _DEFAULT
