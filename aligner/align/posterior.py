"""How sure the aligner is of a bead: the probability that an alignment contains it.

The best path (`dp.best_path`) is one of many monotonic paths through the same
lattice of bead scores.  Reading the scores as a distribution over paths,
p(path) ∝ exp(score(path) / TEMPERATURE), the forward-backward algorithm gives
every bead its marginal probability: the share of that distribution held by
the paths through it.  A bead that the best path took by a hair over a shifted
bead, a merge with a neighbour or a sentence left alone gets a low one; a bead
that no alternative comes near gets one close to 1.  The confidence model reads
it as its ``posterior`` feature: on the dev benchmark it separates right from
wrong beads better than any single similarity signal, since misalignments sit
exactly where the lattice hesitates.

The passes mirror `dp.best_path` (same block scores, same bands, rows in
chunks), with log-sum-exp in place of max.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from aligner.align.dp import NEG, BlockFn, band_bounds, chunk_blocks

# Score units per e-fold of probability.  Bead scores are sums over sentences of (similarity -
# threshold), about 0.1-1 per sentence; 0.25 gave the lowest training log loss of the confidence
# model among 0.1, 0.25 and 0.5 (scripts/train_confidence.py).
TEMPERATURE = 0.25


def bead_posteriors(
    n: int,
    m: int,
    shapes: Sequence[tuple[int, int]],
    block_fn: BlockFn,
    skip_en: np.ndarray,
    beads: Sequence[tuple[int, int, int, int]],
    bands: tuple[np.ndarray, np.ndarray] | None = None,
    temperature: float = TEMPERATURE,
) -> list[float]:
    """Marginal probability of each bead (i0, i1, j0, j1) over the paths of the lattice that
    `dp.best_path` searches with the same arguments (0.0 for a bead outside it)."""
    lo, hi = band_bounds(n, m, bands)
    cum = np.concatenate([[0.0], np.cumsum(np.asarray(skip_en, dtype=np.float64) / temperature)])
    # scores[i][k]: bead shape k ending in row i, over the row's band; -inf where not allowed
    scores: list[np.ndarray] = []
    for r0, r1, c0, blocks in chunk_blocks(n, shapes, block_fn, lo, hi):
        blocks = np.where(blocks <= NEG / 2, -np.inf, blocks / temperature)
        scores.extend(blocks[:, i - r0, lo[i] - c0:hi[i] + 1 - c0] for i in range(r0, r1))
    alpha = _forward(n, shapes, scores, cum, lo, hi)
    beta = _backward(n, m, shapes, scores, cum, lo, hi)
    total = alpha[n][m - lo[n]]
    out = []
    for i0, i1, j0, j1 in beads:
        a, b = i1 - i0, j1 - j0
        if not (lo[i0] <= j0 <= hi[i0] and lo[i1] <= j1 <= hi[i1]):
            out.append(0.0)
            continue
        if a == 0:  # a 0-1 bead
            step = cum[j1] - cum[j0] if b == 1 else -np.inf
        else:
            step = scores[i1][shapes.index((a, b)), j1 - lo[i1]] if (a, b) in shapes else -np.inf
        log_p = alpha[i0][j0 - lo[i0]] + step + beta[i1][j1 - lo[i1]] - total
        out.append(float(min(1.0, np.exp(log_p))) if np.isfinite(log_p) else 0.0)
    return out


def _shifted(row: np.ndarray, row_lo: int, first: int, width: int) -> np.ndarray:
    """out[x] = row[first + x - row_lo] where that column is stored, -inf elsewhere."""
    out = np.full(width, -np.inf)
    start, stop = max(first, row_lo), min(first + width, row_lo + row.size)
    if start < stop:
        out[start - first:stop - first] = row[start - row_lo:stop - row_lo]
    return out


def _forward(n: int, shapes: Sequence[tuple[int, int]], scores: list[np.ndarray], cum: np.ndarray,
             lo: np.ndarray, hi: np.ndarray) -> list[np.ndarray]:
    """alpha[i][j - lo[i]]: log of the summed weight of the paths from (0, 0) to (i, j)."""
    alpha: list[np.ndarray] = []
    for i in range(n + 1):
        width = int(hi[i] - lo[i] + 1)
        into = [_shifted(alpha[i - a], int(lo[i - a]), int(lo[i]) - b, width) + scores[i][k]
                for k, (a, b) in enumerate(shapes) if a <= i]
        base = np.logaddexp.reduce(into, axis=0) if into else np.full(width, -np.inf)
        if i == 0:
            base[0] = 0.0
        # then any run of 0-1 beads along the row
        offset = cum[lo[i]:hi[i] + 1]
        alpha.append(np.logaddexp.accumulate(base - offset) + offset)
    return alpha


def _backward(n: int, m: int, shapes: Sequence[tuple[int, int]], scores: list[np.ndarray], cum: np.ndarray,
              lo: np.ndarray, hi: np.ndarray) -> list[np.ndarray]:
    """beta[i][j - lo[i]]: log of the summed weight of the paths from (i, j) to (n, m)."""
    beta: list[np.ndarray | None] = [None] * (n + 1)
    for i in range(n, -1, -1):
        width = int(hi[i] - lo[i] + 1)
        out = [_shifted(beta[i + a] + scores[i + a][k], int(lo[i + a]), int(lo[i]) + b, width)
               for k, (a, b) in enumerate(shapes) if i + a <= n]
        base = np.logaddexp.reduce(out, axis=0) if out else np.full(width, -np.inf)
        if i == n:
            base[m - lo[n]] = 0.0
        offset = cum[lo[i]:hi[i] + 1]
        beta[i] = np.logaddexp.accumulate((base + offset)[::-1])[::-1] - offset
    return beta  # type: ignore[return-value]
