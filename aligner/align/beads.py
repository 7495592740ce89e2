"""What a bead is worth: the signals of both sides and the bead score, a block at a time.

The dynamic programme (`dp.best_path`) asks for the scores of one bead shape
(``a`` Korean, ``b`` English sentences) over a block of cells, rows ``r0..r1``
by columns ``c0..c1`` (a cell is "the window ends here").  Every signal is an
array over window ends, so a block is a handful of matrix products and
broadcasts instead of one small numpy call per row: window similarity and
the merge test are matrix products of window embeddings, hubness and length
are row/column vectors, and shared anchor tokens are counted by a product of
0/1 presence matrices over the tokens both sides have.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from aligner.boilerplate import is_boilerplate
from aligner.script import foreign_script
from aligner.segment import sentence_count
from aligner.tokens import anchor_tokens

NEG = -1e18


@dataclass
class Side:
    """Per-sentence signals of one side."""

    emb: np.ndarray  # (n, d) normalised embeddings
    length: np.ndarray  # (n,) non-space characters
    chrome: np.ndarray  # (n,) bool, page chrome or a line in the other side's script: never aligns
    foreign: np.ndarray  # (n,) bool, a line in the other side's script (see `_text_mean`)
    tokens: list[set[str]]  # anchor tokens: lower-cased Latin words, numbers as "#value"
    sentences: np.ndarray  # (n,) sentences each unit holds (a pre-split line may hold several)

    @classmethod
    def build(cls, sentences: Sequence[str], emb: np.ndarray, lang: str) -> "Side":
        foreign = np.array([foreign_script(s, lang) for s in sentences], dtype=bool)
        return cls(
            emb=np.asarray(emb, dtype=np.float32),
            length=np.array([max(1, len("".join(s.split()))) for s in sentences], dtype=np.float64),
            chrome=foreign | np.array([is_boilerplate(s) for s in sentences], dtype=bool),
            foreign=foreign,
            tokens=[anchor_tokens(s, lang) for s in sentences],
            sentences=np.array([sentence_count(s, lang) for s in sentences], dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.length)

    def halved(self) -> "Side":
        """Merge neighbouring sentences pairwise: the next coarser level."""
        n = len(self)
        left = np.arange(0, n, 2)
        right = np.minimum(left + 1, n - 1)
        same = left == right
        emb = self.emb[left] + np.where(same[:, None], 0, self.emb[right])
        return Side(
            emb=emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12),
            length=self.length[left] + np.where(same, 0, self.length[right]),
            chrome=self.chrome[left] & self.chrome[right],
            foreign=self.foreign[left] & self.foreign[right],
            tokens=[self.tokens[a] | self.tokens[b] for a, b in zip(left, right)],
            sentences=self.sentences[left] + np.where(same, 0, self.sentences[right]),
        )


class Windows:
    """Signals of every window of 1..max_size consecutive sentences, indexed by the window's
    end (exclusive): row ``e`` of size ``s`` is the window ``[e - s, e)``; rows ``e < s`` are
    empty windows that no bead uses."""

    def __init__(self, side: Side, max_size: int, shared: dict[str, int]) -> None:
        n, dim = side.emb.shape if len(side) else (0, side.emb.shape[1] if side.emb.ndim == 2 else 1)
        cum = np.zeros((n + 1, dim), dtype=np.float32)
        np.cumsum(side.emb, axis=0, out=cum[1:])
        len_cum = np.concatenate([[0.0], np.cumsum(side.length)])
        chrome_cum = np.concatenate([[0], np.cumsum(side.chrome)])
        self.sentences = np.concatenate([[0], side.sentences])  # of the one-unit window ending at each row
        # presence of the tokens both sides have, per sentence; windows add them up
        presence = np.zeros((n + 1, len(shared)), dtype=np.int32)
        for k, tokens in enumerate(side.tokens):
            for token in tokens:
                if token in shared:
                    presence[k + 1, shared[token]] = 1
        np.cumsum(presence, axis=0, out=presence)
        occurrences = _occurrences(side.tokens)
        self.emb: dict[int, np.ndarray] = {}
        self.length: dict[int, np.ndarray] = {}
        self.chrome: dict[int, np.ndarray] = {}
        self.shared: dict[int, np.ndarray] = {}  # (n + 1, V) 0/1: shared tokens in the window
        self.n_tokens: dict[int, np.ndarray] = {}  # distinct anchor tokens in the window
        self.n_numbers: dict[int, np.ndarray] = {}  # distinct numbers in the window
        for size in range(1, max_size + 1):
            win = np.zeros((n + 1, dim), dtype=np.float32)
            length = np.ones(n + 1)
            chrome = np.zeros(n + 1, dtype=bool)
            shared_win = np.zeros((n + 1, len(shared)), dtype=np.float32)
            if size <= n:
                win[size:] = cum[size:] - cum[:-size]
                win /= np.maximum(np.linalg.norm(win, axis=1, keepdims=True), 1e-12)
                length[size:] = len_cum[size:] - len_cum[:-size]
                chrome[size:] = (chrome_cum[size:] - chrome_cum[:-size]) > 0
                shared_win[size:] = (presence[size:] - presence[:-size]) > 0
            self.emb[size], self.length[size], self.chrome[size] = win, length, chrome
            self.shared[size] = shared_win
            self.n_tokens[size] = _distinct_per_window(occurrences, n, size)
            self.n_numbers[size] = _distinct_per_window(occurrences, n, size, numbers_only=True)


def _occurrences(tokens: list[set[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sentence, previous sentence with the same token or -inf, is a number) of every token."""
    last: dict[str, int] = {}
    where, before, number = [], [], []
    for k, sentence in enumerate(tokens):
        for token in sentence:
            where.append(k)
            before.append(last.get(token, -(10**9)))
            number.append(token.startswith("#"))
            last[token] = k
    return np.array(where, dtype=np.int64), np.array(before, dtype=np.int64), np.array(number, dtype=bool)


def _distinct_per_window(occurrences: tuple[np.ndarray, np.ndarray, np.ndarray], n: int, size: int,
                         numbers_only: bool = False) -> np.ndarray:
    """Distinct tokens in each window of `size` sentences, by window end (0..n).

    An occurrence in sentence k counts for the windows that hold k but not the
    previous sentence with the same token: ends e with k < e <= k + size and
    e > previous + size; a difference array adds those ranges up."""
    where, before, number = occurrences
    if numbers_only:
        where, before = where[number], before[number]
    first = np.maximum(where + 1, before + size + 1)
    last = where + size
    keep = first <= last
    diff = np.bincount(first[keep], minlength=n + size + 2) - np.bincount(last[keep] + 1, minlength=n + size + 2)
    counts = np.cumsum(diff)[:n + 1].astype(np.float64)
    counts[:size] = 0
    return counts


@dataclass(frozen=True)
class BeadWeights:
    """The AlignOptions fields a bead score uses."""

    threshold: float
    merge_cost: float
    hub_weight: float
    gain_weight: float
    gain_margin: float
    count_bonus: float
    count_gain: float
    count_mismatch: float
    length_weight: float
    length_ratio: float
    length_sigma: float
    length_cap: float
    token_bonus: float
    number_penalty: float


class BeadScorer:
    """Scores of beads between two sides; see `block`."""

    def __init__(self, ko: Side, en: Side, max_size: int, weights: BeadWeights) -> None:
        both = set().union(*ko.tokens) & set().union(*en.tokens) if len(ko) and len(en) else set()
        shared = {token: k for k, token in enumerate(sorted(both))}
        self.is_number = np.array([t.startswith("#") for t in sorted(both)], dtype=bool)
        self.kw, self.ew = Windows(ko, max_size, shared), Windows(en, max_size, shared)
        self.w = weights
        ko_mean, en_mean = _text_mean(ko), _text_mean(en)
        # hubness: each window's mean similarity to the other document
        self.ko_hub = {s: self.kw.emb[s] @ en_mean for s in self.kw.emb}
        self.en_hub = {s: self.ew.emb[s] @ ko_mean for s in self.ew.emb}

    def block(self, a: int, b: int, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Scores of the beads of `a` Korean and `b` English sentences whose windows end at rows
        r0..r1-1 and columns c0..c1-1: an array (r1 - r0, c1 - c0), NEG where no such bead exists.

        A bead scores ``(a + b) * (sim - threshold) - merge_cost * (a + b - 2) - length_cost``;
        a bead with no English side (1-0) scores 0."""
        shape = (r1 - r0, c1 - c0)
        if b == 0:
            return np.zeros(shape)
        kw, ew, w = self.kw, self.ew, self.w
        rows, cols = slice(r0, r1), slice(c0, c1)
        ko_emb, en_emb = kw.emb[a][rows], ew.emb[b][cols]
        sim = (ko_emb @ en_emb.T).astype(np.float64)
        if a > 1 or b > 1:
            # a merge must beat both windows one sentence shorter: an unrelated
            # neighbour absorbed at either end lowers the window's similarity.  Its one-unit
            # side either holds as many sentences as the other side has units (a line that
            # joins what the other side splits: a bonus, and the merge may lose a little
            # similarity), or it does not (a translator's merge, or a neighbour taken in:
            # the merge must gain similarity)
            if a > 1:
                inner = np.maximum(kw.emb[a - 1][rows] @ en_emb.T, _shifted_rows(kw.emb[a - 1], r0, r1) @ en_emb.T)
                held = (ew.sentences[cols] >= a)[None, :]
            else:
                inner = np.maximum(ko_emb @ ew.emb[b - 1][cols].T, ko_emb @ _shifted_rows(ew.emb[b - 1], c0, c1).T)
                held = (kw.sentences[rows] >= b)[:, None]
            margin = np.where(held, w.gain_margin, -w.count_gain)
            sim += w.gain_weight * np.minimum(sim - inner + margin, 0) + w.count_bonus * held
        elif w.count_mismatch:
            # a 1-1 bead of a line of two sentences and a line of one: the line of two is more
            # likely to render two lines (or to have a part without counterpart)
            sim -= w.count_mismatch * (kw.sentences[rows][:, None] != ew.sentences[cols][None, :])
        if w.hub_weight:
            sim -= w.hub_weight * 0.5 * (self.ko_hub[a][rows, None] + self.en_hub[b][None, cols])
        if w.token_bonus or w.number_penalty:
            sim += self._token_evidence(a, b, rows, cols)
        ratio = np.log(ew.length[b][None, cols] / kw.length[a][rows, None])
        z = (ratio - math.log(w.length_ratio)) / w.length_sigma
        length_cost = w.length_weight * (np.minimum(z * z, w.length_cap) - 1)
        size = a + b
        out = size * (sim - w.threshold) - w.merge_cost * (size - 2) - length_cost
        out[kw.chrome[a][rows], :] = NEG
        out[:, ew.chrome[b][cols]] = NEG
        out[:, : max(0, b - c0)] = NEG  # an English window of b sentences ends at b or later
        out[: max(0, a - r0), :] = NEG
        return out

    def _token_evidence(self, a: int, b: int, rows: slice, cols: slice) -> np.ndarray:
        """Bonus for the Dice overlap of anchor tokens, minus the cost of numbers that only
        one side has (when both have numbers: a translation keeps its numbers, a
        neighbouring sentence brings its own)."""
        kw, ew, w = self.kw, self.ew, self.w
        ko_shared, en_shared = kw.shared[a][rows], ew.shared[b][cols]
        common = ko_shared @ en_shared.T
        ko_n, en_n = kw.n_tokens[a][rows, None], ew.n_tokens[b][None, cols]
        with np.errstate(divide="ignore", invalid="ignore"):
            dice = np.where((ko_n > 0) & (en_n > 0), 2 * common / (ko_n + en_n), 0.0)
            evidence = w.token_bonus * dice
            if w.number_penalty:
                numbers = self.is_number
                same = ko_shared[:, numbers] @ en_shared[:, numbers].T
                ko_num, en_num = kw.n_numbers[a][rows, None], ew.n_numbers[b][None, cols]
                differ = np.where((ko_num > 0) & (en_num > 0),
                                  (ko_num + en_num - 2 * same) / (ko_num + en_num - same), 0.0)
                evidence -= w.number_penalty * differ
        return evidence


def _text_mean(side: Side) -> np.ndarray:
    """Mean embedding of a side without its lines in the other side's script: a copy of the
    other side's text left in a page would make every line there look like a hub."""
    text = side.emb[~side.foreign]
    return (text if len(text) else side.emb).mean(axis=0)


def _shifted_rows(matrix: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Rows start-1 .. stop-2 of `matrix` (row -1 is zeros): the window ending one earlier."""
    if start > 0:
        return matrix[start - 1:stop - 1]
    return np.vstack([np.zeros((1, matrix.shape[1]), dtype=matrix.dtype), matrix[:stop - 1]])
