"""MT evidence relative to the article: does the translation of a Korean window point at its English?

An absolute chrF says as much about the MT model and about how freely the English
was rewritten as about the pair: a weak model, or a condensed rewrite, gives every
true pair a low score.  What a translation does tell, whatever its quality, is
*which* English window of the article it resembles most.  So for every bead with
both sides, its MT is compared (chrF, as sacrebleu computes it) with its own
English window and with the English windows around it, and the English window
with the MT of the Korean windows around it (the Bleualign idea, here as a
margin):

* ``mt_margin``: own chrF minus the best rival's, over 100 (> 0: the MT points
  at this English and this English at this MT; < 0: something else fits better);
* ``mt_best``: 1 when it is the best in both directions, else 0;
* ``mt_en_extra`` / ``mt_ko_extra``: how far the character n-gram precision of
  the MT against its English exceeds its recall (the English says more than the
  Korean window: a sentence of the bead missing on the Korean side) / the other
  way round (the Korean window says more than its English), beyond how far
  this MT leans so on the pairs the aligner is sure of (``mt_balance``, their
  difference, is read against the run's median, in units of its spread there:
  a model that truncates long sentences leans a lot, and unevenly, on all of them).

Whether the run's MT points anywhere at all is measured on the beads the
aligner is surest of without MT (`agreement`): a working model, strong or weak,
makes their own English its best match far more often than chance; a broken
model, a model for another language or a translation file of other texts does
not.  Below `MIN_AGREEMENT` (or with too few such beads to tell) the run sets MT
evidence aside and the confidence stays that of the ``base`` variant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

# rival windows on each side of a bead's own (a bead's confusable neighbours are near it, and
# the bound keeps the cost linear in the article's length)
NEIGHBOURS = 8
CHAR_ORDER, BETA = 6, 2  # sacrebleu's chrF defaults
# A bead the aligner is this sure of without MT is a fair test of the MT model: its own English
# should be the best match of its translation.
SURE = 0.9
MIN_SURE = 8  # fewer sure beads with rivals than this: too little to tell, MT evidence set aside
# Share of sure beads whose MT points at their own English, below which the MT is taken for weak
# or wrong; calibrated with scripts/bench_mt_evidence.py (see docs and README)
MIN_AGREEMENT = 0.5
RAW = ("mt_margin", "mt_best", "mt_balance")  # what `evidence` finds per bead
LEAN_SPREAD = 0.05  # the least spread of `mt_balance` a run is read with (about a good model's)
FEATURES = ("mt_margin", "mt_best", "mt_en_extra", "mt_ko_extra")  # what the model reads (`Agreement.features`)


def _ngrams(text: str) -> list[dict[str, int]]:
    from sacrebleu.metrics.helpers import extract_all_char_ngrams

    return [dict(c) for c in extract_all_char_ngrams(text, CHAR_ORDER, False)]


def chrf_matrix(hyps: Sequence[str], refs: Sequence[str]) -> np.ndarray:
    """Sentence chrF (0-100, sacrebleu's CHRF() defaults) of every hypothesis against every
    reference: ``out[i, j] == CHRF().sentence_score(hyps[i], [refs[j]]).score``, from the n-gram
    counts of each text taken once instead of once per pair."""
    return _chrf_parts(hyps, refs)[0]


def _chrf_parts(hyps: Sequence[str], refs: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """chrF of every pair, with the character n-gram precision and recall it combines (each
    averaged over the orders both texts have, as sacrebleu does)."""
    out = np.zeros((len(hyps), len(refs)))
    if not hyps or not refs:
        return out, out, out
    hyp_grams, ref_grams = [_ngrams(h) for h in hyps], [_ngrams(r) for r in refs]
    factor = BETA ** 2
    prec_sum, rec_sum = np.zeros_like(out), np.zeros_like(out)
    orders = np.zeros_like(out)
    for n in range(CHAR_ORDER):
        vocab: dict[str, int] = {}
        for grams in (*hyp_grams, *ref_grams):
            for gram in grams[n]:
                vocab.setdefault(gram, len(vocab))
        h, r = np.zeros((len(hyps), len(vocab))), np.zeros((len(refs), len(vocab)))
        for matrix, texts in ((h, hyp_grams), (r, ref_grams)):
            for row, grams in enumerate(texts):
                for gram, count in grams[n].items():
                    matrix[row, vocab[gram]] = count
        matches = np.stack([np.minimum(h[i], r).sum(axis=1) for i in range(len(hyps))])
        n_hyp, n_ref = h.sum(axis=1)[:, None], r.sum(axis=1)[None, :]
        valid = (n_hyp > 0) & (n_ref > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            prec_sum += np.where(valid, matches / n_hyp, 0.0)
            rec_sum += np.where(valid, matches / n_ref, 0.0)
        orders += valid
    with np.errstate(divide="ignore", invalid="ignore"):
        prec, rec = prec_sum / orders, rec_sum / orders
        score = (1 + factor) * prec * rec / (factor * prec + rec)
    valid = orders > 0
    return (np.where(valid & (prec + rec > 0), 100 * score, 0.0), np.where(valid, prec, 0.0),
            np.where(valid, rec, 0.0))


def evidence(hyps: Sequence[str | None], en: Sequence[str], own: Sequence[int | None]) -> list[dict | None]:
    """MT evidence of the beads of one article pair, in bead order.

    `en`: the English windows of the article pair in order (every bead with an English side);
    `hyps[k]`: the MT of bead k's Korean side (None where it has none or no translation);
    `own[k]`: the index in `en` of bead k's English window (None for a bead without one).
    Beads with a translation and an English window get `RAW` and their own chrF (``mt_chrf``,
    0-100); the others None."""
    linked = [k for k, (h, o) in enumerate(zip(hyps, own)) if h is not None and o is not None]
    out: list[dict | None] = [None] * len(hyps)
    if not linked:
        return out
    scores, precision, recall = _chrf_parts([hyps[k] for k in linked], en)
    for row, k in enumerate(linked):
        j = own[k]
        lo, hi = max(0, j - NEIGHBOURS), min(len(en), j + NEIGHBOURS + 1)
        across = [scores[row, c] for c in range(lo, hi) if c != j]  # other English for this MT
        down = [scores[r, j] for r, b in enumerate(linked) if r != row and abs(own[b] - j) <= NEIGHBOURS]
        rival = max(across + down, default=None)
        mine = float(scores[row, j])
        out[k] = {"mt_chrf": round(mine, 4),
                  "mt_margin": round((mine - rival) / 100, 6) if rival is not None else 0.0,
                  "mt_best": float(rival is not None and mine > rival),
                  "mt_balance": round(float(precision[row, j] - recall[row, j]), 6),
                  "mt_rivals": float(rival is not None)}
    return out


@dataclass(frozen=True)
class Agreement:
    """How often the run's MT points at the English of the beads the aligner is sure of."""

    sure: int  # sure beads with MT and at least one rival window
    best: int  # of them, those whose own English is the MT's best match
    median_chrf: float | None  # their median own chrF (absolute; for the message)
    balance: float = 0.0  # their median `mt_balance`: how this MT leans on true pairs (0 without any)
    spread: float = LEAN_SPREAD  # how widely it varies there (scaled MAD, at least LEAN_SPREAD)

    @property
    def share(self) -> float | None:
        return self.best / self.sure if self.sure else None

    @property
    def usable(self) -> bool:
        return self.sure >= MIN_SURE and (self.share or 0.0) >= MIN_AGREEMENT

    def reason(self) -> str:
        """Why MT evidence was set aside (for the summary, the report and the card)."""
        if self.sure < MIN_SURE:
            return (f"too few sure pairs to judge the MT ({self.sure} of the {MIN_SURE} needed); "
                    "MT evidence not used for confidence")
        return (f"the MT model looks weak or wrong for this corpus: its translation matched the paired English "
                f"best in {self.best} of {self.sure} sure pairs ({self.share:.0%}, at least {MIN_AGREEMENT:.0%} "
                f"needed; median chrF {self.median_chrf:.1f}); MT evidence not used for confidence")

    def features(self, found: dict) -> dict[str, float]:
        """The `FEATURES` of a bead's evidence, its precision/recall balance read against the
        run's own (median and spread): a model that truncates, or pads, its output leans so on
        every true pair."""
        lean = (found["mt_balance"] - self.balance) / self.spread * LEAN_SPREAD
        return {"mt_margin": found["mt_margin"], "mt_best": found["mt_best"],
                "mt_en_extra": round(max(0.0, lean), 6), "mt_ko_extra": round(max(0.0, -lean), 6)}

    def to_dict(self) -> dict:
        return {"sure_pairs": self.sure, "best": self.best, "share": None if self.share is None
                else round(self.share, 4), "median_chrf": self.median_chrf, "balance": self.balance,
                "spread": self.spread, "used": self.usable}


def agreement(base_confidences: Sequence[float | None], evidences: Sequence[dict | None]) -> Agreement:
    """`Agreement` over the beads whose confidence without MT is at least `SURE`."""
    sure = [e for c, e in zip(base_confidences, evidences)
            if c is not None and c >= SURE and e is not None and e["mt_rivals"]]
    if not sure:
        return Agreement(0, 0, None)
    balances = np.array([e["mt_balance"] for e in sure])
    balance = float(np.median(balances))
    spread = 1.4826 * float(np.median(np.abs(balances - balance)))
    return Agreement(len(sure), sum(int(e["mt_best"]) for e in sure),
                     round(float(np.median([e["mt_chrf"] for e in sure])), 2),
                     round(balance, 6), round(max(LEAN_SPREAD, spread), 6))
