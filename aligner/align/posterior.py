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
chunks), with log-sum-exp in place of max, and one rule the best path does not
need: a 1-0 bead never follows a 0-1 bead.  Sentences left alone between two
linked beads are one alignment in whatever order their 1-0 and 0-1 beads come;
counted once per order, a gap of k Korean and l English sentences would weigh
C(k + l, k) times, and the posterior of the beads around it would sink with the
size of the gap.  So each cell carries two sums, by whether the path into it
ended with a 0-1 bead.
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
    `dp.best_path` searches with the same arguments (0.0 for a bead outside it); `shapes`
    must hold the 1-0 bead (1, 0)."""
    lo, hi = band_bounds(n, m, bands)
    cum = np.concatenate([[0.0], np.cumsum(np.asarray(skip_en, dtype=np.float64) / temperature)])
    # scores[i][k]: bead shape k ending in row i, over the row's band; -inf where not allowed
    scores: list[np.ndarray] = []
    for r0, r1, c0, blocks in chunk_blocks(n, shapes, block_fn, lo, hi):
        blocks = np.where(blocks <= NEG / 2, -np.inf, blocks / temperature)
        scores.extend(blocks[:, i - r0, lo[i] - c0:hi[i] + 1 - c0] for i in range(r0, r1))
    ten = shapes.index((1, 0))
    alpha_k, alpha_e = _forward(n, shapes, ten, scores, cum, lo, hi)
    beta_k, beta_e = _backward(n, m, shapes, ten, scores, cum, lo, hi)
    total = np.logaddexp(alpha_k[n], alpha_e[n])[m - lo[n]]
    out = []
    for i0, i1, j0, j1 in beads:
        a, b = i1 - i0, j1 - j0
        if not (lo[i0] <= j0 <= hi[i0] and lo[i1] <= j1 <= hi[i1]) or (a, b) not in [*shapes, (0, 1)]:
            out.append(0.0)
            continue
        x0, x1 = j0 - lo[i0], j1 - lo[i1]
        if (a, b) == (0, 1):
            log_p = np.logaddexp(alpha_k[i0][x0], alpha_e[i0][x0]) + cum[j1] - cum[j0] + beta_e[i1][x1]
        elif (a, b) == (1, 0):
            log_p = alpha_k[i0][x0] + scores[i1][ten, x1] + beta_k[i1][x1]
        else:
            log_p = np.logaddexp(alpha_k[i0][x0], alpha_e[i0][x0]) + scores[i1][shapes.index((a, b)), x1] \
                + beta_k[i1][x1]
        log_p -= total
        out.append(float(min(1.0, np.exp(log_p))) if np.isfinite(log_p) else 0.0)
    return out


def _shifted(row: np.ndarray, row_lo: int, first: int, width: int) -> np.ndarray:
    """out[x] = row[first + x - row_lo] where that column is stored, -inf elsewhere."""
    out = np.full(width, -np.inf)
    start, stop = max(first, row_lo), min(first + width, row_lo + row.size)
    if start < stop:
        out[start - first:stop - first] = row[start - row_lo:stop - row_lo]
    return out


def _forward(n: int, shapes: Sequence[tuple[int, int]], ten: int, scores: list[np.ndarray], cum: np.ndarray,
             lo: np.ndarray, hi: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Log weights of the paths from (0, 0) to each cell (i, j) of row i's band: (those whose
    last bead is not a 0-1, those whose last bead is one)."""
    alpha_k: list[np.ndarray] = []
    alpha_e: list[np.ndarray] = []
    for i in range(n + 1):
        width = int(hi[i] - lo[i] + 1)
        into = [_shifted(np.logaddexp(alpha_k[i - a], alpha_e[i - a]), int(lo[i - a]), int(lo[i]) - b, width)
                + scores[i][k] for k, (a, b) in enumerate(shapes) if a <= i and b > 0]
        if i > 0:  # a 1-0 bead never follows a 0-1 bead (see the module docstring)
            into.append(_shifted(alpha_k[i - 1], int(lo[i - 1]), int(lo[i]), width) + scores[i][ten])
        base = np.logaddexp.reduce(into, axis=0) if into else np.full(width, -np.inf)
        if i == 0:
            base[0] = 0.0
        # a run of 0-1 beads along the row, from a cell reached otherwise
        offset = cum[lo[i]:hi[i] + 1]
        runs = np.full(width, -np.inf)
        runs[1:] = np.logaddexp.accumulate(base - offset)[:-1] + offset[1:]
        alpha_k.append(base)
        alpha_e.append(runs)
    return alpha_k, alpha_e


def _backward(n: int, m: int, shapes: Sequence[tuple[int, int]], ten: int, scores: list[np.ndarray],
              cum: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Log weights of the paths from each cell (i, j) to (n, m): (after a bead that is not a 0-1,
    after a 0-1 bead, which no 1-0 bead may follow)."""
    beta_k: list[np.ndarray | None] = [None] * (n + 1)
    beta_e: list[np.ndarray | None] = [None] * (n + 1)
    for i in range(n, -1, -1):
        width = int(hi[i] - lo[i] + 1)
        out = [_shifted(beta_k[i + a] + scores[i + a][k], int(lo[i + a]), int(lo[i]) + b, width)
               for k, (a, b) in enumerate(shapes) if i + a <= n and b > 0]
        base = np.logaddexp.reduce(out, axis=0) if out else np.full(width, -np.inf)
        if i == n:
            base[m - lo[n]] = 0.0
        offset = cum[lo[i]:hi[i] + 1]
        beta_e[i] = np.logaddexp.accumulate((base + offset)[::-1])[::-1] - offset
        beta_k[i] = beta_e[i] if i == n else np.logaddexp(
            beta_e[i], _shifted(beta_k[i + 1] + scores[i + 1][ten], int(lo[i + 1]), int(lo[i]), width))
    return beta_k, beta_e  # type: ignore[return-value]
