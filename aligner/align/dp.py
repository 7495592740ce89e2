"""Banded dynamic programming over alignment beads.

`best_path` maximises the sum of bead scores over monotonic paths from (0, 0)
to (N, M).  A cell (i, j) means "the first i Korean and j English sentences are
aligned".  Rows are processed in chunks: the bead scores of a chunk are asked
for once per bead shape, as one block (`BlockFn`), then each row is filled
with numpy from the rows above it (every bead with a Korean side), and the
0-1 beads, which move along the row, are resolved with one cumulative
maximum, so a row costs a handful of vector operations however wide it is.
Only the cells inside each row's band [lo, hi] are stored, which keeps long
documents linear in time and memory.  Near-ties (within `TOLERANCE`) go to a
fixed order of bead shapes, never to float noise.
"""

from __future__ import annotations

from typing import Callable, Iterator, Sequence

import numpy as np

NEG = -1e18
# Paths whose scores differ by less than this are ties: the bead shape listed first wins
# (and a Korean-side bead beats a run of 0-1 beads), so float noise from another BLAS
# kernel or CPU cannot pick the path.
TOLERANCE = 1e-5
CHUNK = 64  # rows whose bead scores are computed together

# Scores of the beads of shape (a, b) whose windows end at rows r0..r1-1 and columns
# c0..c1-1: block_fn(a, b, r0, r1, c0, c1) -> array (r1 - r0, c1 - c0), NEG where not allowed.
BlockFn = Callable[[int, int, int, int, int, int], np.ndarray]


def best_path(
    n: int,
    m: int,
    shapes: Sequence[tuple[int, int]],
    block_fn: BlockFn,
    skip_en: np.ndarray,
    bands: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[tuple[int, int, int, int]]:
    """Return the best path as beads (i0, i1, j0, j1), Korean [i0, i1) with English [j0, j1).

    shapes: the (a, b) bead shapes with a >= 1 (b may be 0); 0-1 beads are always allowed
    and score skip_en[j] for English sentence j.  bands: per row i (0..n) the lowest and
    highest column allowed; the whole matrix when None.  Bands must be monotonic and
    contain (0, 0) and (n, m).
    """
    lo, hi = band_bounds(n, m, bands)
    skip_cum = np.concatenate([[0.0], np.cumsum(skip_en, dtype=np.float64)])
    rows: list[np.ndarray] = []
    back: list[np.ndarray] = []
    for r0, r1, c0, blocks in chunk_blocks(n, shapes, block_fn, lo, hi):
        for i in range(r0, r1):
            width = int(hi[i] - lo[i] + 1)
            # totals[k, j]: the best path into this cell whose last bead has shape k
            totals = np.full((len(shapes), width), NEG)
            for k, (a, b) in enumerate(shapes):
                if a <= i:
                    _copy_shifted(rows[i - a], int(lo[i - a]), int(lo[i]) - b, totals[k])
            totals += blocks[:, i - r0, lo[i] - c0:hi[i] + 1 - c0]
            best = totals.max(axis=0)
            # the first shape within TOLERANCE of the best wins: a fixed order, not float noise
            kind = np.argmax(totals >= best - TOLERANCE, axis=0).astype(np.int8)
            kind[best <= NEG / 2] = -1
            if i == 0:
                best[0], kind[0] = 0.0, -1
            # 0-1 beads: D[j] = max over k <= j of best[k] + skip(k..j).
            offset = skip_cum[lo[i]:hi[i] + 1]
            run = np.maximum.accumulate(best - offset) + offset
            kind[run > best + TOLERANCE] = len(shapes)
            rows.append(run)
            back.append(kind)
    return _trace(n, m, shapes, lo, back)


def band_bounds(n: int, m: int, bands: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, np.ndarray]:
    """Per row 0..n, the lowest and highest column searched (the whole row when no bands)."""
    if bands is None:
        return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    return bands


def chunk_blocks(n: int, shapes: Sequence[tuple[int, int]], block_fn: BlockFn, lo: np.ndarray,
                 hi: np.ndarray) -> Iterator[tuple[int, int, int, np.ndarray]]:
    """For each chunk of rows r0..r1-1: (r0, r1, c0, blocks), blocks[k] the scores of shape k
    over the rows and the columns c0.. that their bands span (NEG where not allowed)."""
    for r0 in range(0, n + 1, CHUNK):
        r1 = min(n + 1, r0 + CHUNK)
        c0, c1 = int(lo[r0:r1].min()), int(hi[r0:r1].max()) + 1
        yield r0, r1, c0, np.stack([block_fn(a, b, r0, r1, c0, c1) if a < r1 else np.full((r1 - r0, c1 - c0), NEG)
                                    for a, b in shapes])


def _copy_shifted(row: np.ndarray, row_lo: int, first: int, out: np.ndarray) -> None:
    """out[x] = row[first + x - row_lo] where that column is stored (out stays NEG elsewhere)."""
    start = max(first, row_lo)
    stop = min(first + out.size, row_lo + row.size)
    if start < stop:
        out[start - first:stop - first] = row[start - row_lo:stop - row_lo]


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
