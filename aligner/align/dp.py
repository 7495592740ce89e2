"""Banded dynamic programming over alignment beads, vectorised by row.

`best_path` maximises the sum of bead scores over monotonic paths from (0, 0)
to (N, M).  A cell (i, j) means "the first i Korean and j English sentences are
aligned".  Row i is filled with numpy from the rows above it (every bead with a
Korean side), then the 0-1 beads, which move along the row, are resolved with
one cumulative maximum, so a row costs a handful of vector operations however
wide it is.  Near-ties (within `TOLERANCE`) go to a fixed order of bead shapes,
never to float noise.  Only the cells inside each row's band [lo, hi] are stored, which
keeps long documents linear in time and memory.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

NEG = -1e18
# Paths whose scores differ by less than this are ties: the bead shape listed first wins
# (and a Korean-side bead beats a run of 0-1 beads), so float noise from another BLAS
# kernel or CPU cannot pick the path.
TOLERANCE = 1e-5

# Scores for beads with a Korean side that end at row i, for the columns of the
# band `cols`: score_fn(a, b, i, cols) -> float array (NEG where not allowed).
ScoreFn = Callable[[int, int, int, np.ndarray], np.ndarray]


def best_path(
    n: int,
    m: int,
    shapes: Sequence[tuple[int, int]],
    score_fn: ScoreFn,
    skip_en: np.ndarray,
    bands: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[tuple[int, int, int, int]]:
    """Return the best path as beads (i0, i1, j0, j1), Korean [i0, i1) with English [j0, j1).

    shapes: the (a, b) bead shapes with a >= 1 (b may be 0); 0-1 beads are always allowed
    and score skip_en[j] for English sentence j.  bands: per row i (0..n) the lowest and
    highest column allowed; the whole matrix when None.  Bands must be monotonic and
    contain (0, 0) and (n, m).
    """
    if bands is None:
        lo = np.zeros(n + 1, dtype=np.int64)
        hi = np.full(n + 1, m, dtype=np.int64)
    else:
        lo, hi = bands
    skip_cum = np.concatenate([[0.0], np.cumsum(skip_en, dtype=np.float64)])
    rows: list[np.ndarray] = []
    back: list[np.ndarray] = []
    for i in range(n + 1):
        cols = np.arange(lo[i], hi[i] + 1)
        cand = np.full(cols.size, NEG)
        kind = np.full(cols.size, -1, dtype=np.int8)
        if i == 0:
            cand[cols == 0] = 0.0
        for k, (a, b) in enumerate(shapes):
            if a > i:
                continue
            prev = _take(rows[i - a], lo[i - a], cols - b)
            if not np.any(prev > NEG / 2):
                continue
            total = prev + score_fn(a, b, i, cols)
            better = total > cand + TOLERANCE
            cand[better] = total[better]
            kind[better] = k
        # 0-1 beads: D[j] = max over k <= j of cand[k] + skip(k..j).
        offset = skip_cum[cols]
        run = np.maximum.accumulate(cand - offset) + offset
        kind[run > cand + TOLERANCE] = len(shapes)
        rows.append(run)
        back.append(kind)
    return _trace(n, m, shapes, lo, back)


def _take(row: np.ndarray, row_lo: int, cols: np.ndarray) -> np.ndarray:
    """row[cols - row_lo] with NEG for columns outside the stored band."""
    idx = cols - row_lo
    ok = (idx >= 0) & (idx < row.size)
    out = np.full(cols.size, NEG)
    out[ok] = row[idx[ok]]
    return out


def _trace(n: int, m: int, shapes: Sequence[tuple[int, int]], lo: np.ndarray,
           back: list[np.ndarray]) -> list[tuple[int, int, int, int]]:
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i][j - lo[i]])
        if k < 0:
            raise RuntimeError(f"alignment band does not reach cell ({i}, {j})")
        a, b = (0, 1) if k == len(shapes) else shapes[k]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads
