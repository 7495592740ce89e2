"""A calibrated probability that the two sides of a sentence pair translate each other.

A raw cosine means different things for a short sentence and a long one, for a
1-1 bead and a merge, beside a dropped sentence or in the middle of a run of
good beads.  `bead_features` turns what the aligner knows about each bead into
a few numbers, and a logistic regression (`ConfidenceModel`) maps them to a
probability.  Its weights ship beside this module (`confidence_weights.json`)
and are rebuilt reproducibly by ``scripts/train_confidence.py`` from the
bundled parallel data with synthetic condensation, never from the benchmark
it is measured on.  Two variants: ``base`` (embedding, length, token and
context signals) and ``mt`` (the same plus sentence chrF of the MT output
against the human English), used when MT ran.

Features of a bead (Korean window x, English window y):

* ``cos``: cosine of the two windows; ``cos_low``: how far it is below
  `LOW_COS` (a logistic model is linear in its features, and a cosine near
  zero means "unrelated" whatever the other signals say);
* ``margin``: cos(x, y) over the mean of the k best cosines of x and of y
  with the other document's sentences (ratio margin, Artetxe & Schwenk 2019):
  how much this pair stands out from what each side could have matched;
* ``rival``: cos(x, y) minus the best cosine of either side with any other
  sentence of the other document (a translation is its sides' best match);
  ``rival_low``: how much better that other match is, when it is better;
* ``weakest``: for a merge, the lowest cosine of one of its sentences with the
  other window (an unrelated neighbour absorbed into a merge is weak there);
  the cosine itself for a 1-1 bead;
* ``grow`` / ``shrink``: how much more similar the bead would be with a
  neighbouring sentence added / with one of its sentences taken out (a bead
  that misses part of a merge, or holds one sentence too many);
* ``length_z``: |z| of the English/Korean length ratio (log-normal model);
* ``numbers_agree`` / ``numbers_differ``: both sides have numbers and they
  are the same / differ; ``names``: Dice overlap of Latin-script words;
* ``merge``: sentences beyond 1-1; ``lonely``: unaligned sentences right
  beside the bead (0-2); ``short``: the bead is under 25 characters a side;
* ``posterior``: the probability that an alignment of the two articles
  contains the bead (`aligner.align.posterior`), which the bead carries: low
  where the aligner hesitated between this bead and a shifted or merged one;
* ``chrf`` (``mt`` variant): sentence chrF / 100.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from aligner.mt_evidence import FEATURES as MT_EVIDENCE
from aligner.numbers import extract_numbers
from aligner.records import Bead
from aligner.script import foreign_script
from aligner.tokens import anchor_tokens, dice

WEIGHTS_FILE = Path(__file__).with_name("confidence_weights.json")
BASE_FEATURES = ("cos", "cos_low", "margin", "rival", "rival_low", "weakest", "grow", "shrink", "length_z",
                 "numbers_agree", "numbers_differ", "names", "merge", "lonely", "short", "posterior")
MT_FEATURES = BASE_FEATURES + MT_EVIDENCE
KNN = 4  # neighbours of the ratio margin
# Below this cosine a bead's sides are about unrelated, whatever else holds; the value gave the
# lowest training log loss of 0.2-0.6 (scripts/train_confidence.py).
LOW_COS = 0.3
# The export's default threshold, chosen by F0.5 (precision weighted twice as much as recall) of
# the rows on the end-to-end benchmark of the dev split: the best mean F0.5 of seeds 0-2 (0.3, 0.4
# and 0.6 within 0.0008), with recall 0.92 or more on every seed, see the README:
#     python scripts/bench_e2e.py ../shared/bench/dev --seed S
DEFAULT_MIN_CONFIDENCE = 0.5
_LENGTH_RATIO, _LENGTH_SIGMA = 2.0, 0.26  # as the aligner's length model


def _chars(text: str) -> int:
    return max(1, len("".join(text.split())))


def _knn_means(sims: np.ndarray, k: int) -> np.ndarray:
    """Mean of the k largest values of each row."""
    if sims.shape[1] == 0:
        return np.zeros(sims.shape[0])
    k = min(k, sims.shape[1])
    return np.sort(sims, axis=1)[:, -k:].mean(axis=1)


def bead_features(ko: Sequence[str], en: Sequence[str], ko_emb: np.ndarray, en_emb: np.ndarray,
                  beads: Sequence[Bead]) -> list[dict[str, float] | None]:
    """Features of every bead with both sides (None for the others), in bead order; each bead
    with both sides carries its posterior (`aligner.align.align_embedded` sets it, and
    `aligner.align.with_posteriors` for any other bead)."""
    ko_emb, en_emb = np.asarray(ko_emb, dtype=np.float64), np.asarray(en_emb, dtype=np.float64)
    # a line in the other side's script (an English story copied into a Korean page) is no
    # rival to a translation and no neighbour of the margin: it may be an exact copy
    ko_native = [i for i, s in enumerate(ko) if not foreign_script(s, "ko")]
    en_native = [j for j, s in enumerate(en) if not foreign_script(s, "en")]
    out: list[dict[str, float] | None] = []
    for k, bead in enumerate(beads):
        if not (bead.ko and bead.en):
            out.append(None)
            continue
        if bead.posterior is None:
            raise ValueError(f"bead {bead.to_line()} has no posterior: align with aligner.align.align_embedded "
                             "or add it with aligner.align.with_posteriors")
        x_sum, y_sum = ko_emb[list(bead.ko)].sum(axis=0), en_emb[list(bead.en)].sum(axis=0)
        x, y = _unit(x_sum), _unit(y_sum)
        cos = float(x @ y)
        x_all, y_all = en_emb @ x, ko_emb @ y  # x against every English sentence, y against every Korean
        knn = 0.5 * (_knn_means(x_all[None, en_native], KNN)[0] + _knn_means(y_all[None, ko_native], KNN)[0])
        beside_en = [j for j in (bead.en[0] - 1, bead.en[-1] + 1) if 0 <= j < len(en)]
        beside_ko = [i for i in (bead.ko[0] - 1, bead.ko[-1] + 1) if 0 <= i < len(ko)]
        # the best match either side has outside the bead
        rivals = [x_all[j] for j in en_native if j not in bead.en] + \
                 [y_all[i] for i in ko_native if i not in bead.ko]
        members = [y_all[i] for i in bead.ko] + [x_all[j] for j in bead.en] if len(bead.ko) + len(bead.en) > 2 \
            else [cos]
        # would the bead be more similar with a neighbour added, or with a member taken out?
        grown = [_unit(x_sum + ko_emb[i]) @ y for i in beside_ko] + [x @ _unit(y_sum + en_emb[j]) for j in beside_en]
        shrunk = [_unit(x_sum - ko_emb[i]) @ y for i in bead.ko if len(bead.ko) > 1] + \
                 [x @ _unit(y_sum - en_emb[j]) for j in bead.en if len(bead.en) > 1]
        ko_text, en_text = " ".join(ko[i] for i in bead.ko), " ".join(en[j] for j in bead.en)
        ko_nums, en_nums = extract_numbers(ko_text, "ko"), extract_numbers(en_text, "en")
        both_numbers = bool(ko_nums and en_nums)
        lonely = sum(1 for n in (k - 1, k + 1) if 0 <= n < len(beads) and not (beads[n].ko and beads[n].en))
        z = (math.log(_chars(en_text) / _chars(ko_text)) - math.log(_LENGTH_RATIO)) / _LENGTH_SIGMA
        rival = cos - max(rivals) if rivals else cos
        out.append({
            "cos": round(cos, 6),
            "cos_low": round(max(0.0, LOW_COS - cos), 6),
            "margin": round(cos / knn if knn > 1e-6 else 0.0, 6),
            "rival": round(rival, 6),
            "rival_low": round(max(0.0, -rival), 6),
            "weakest": round(float(min(members)), 6),
            "grow": round(float(max(grown)) - cos if grown else 0.0, 6),
            "shrink": round(float(max(shrunk)) - cos if shrunk else 0.0, 6),
            "length_z": round(min(abs(z), 4.0), 6),
            "numbers_agree": float(both_numbers and ko_nums == en_nums),
            "numbers_differ": float(both_numbers and ko_nums != en_nums),
            "names": round(dice(_names(ko_text, "ko"), _names(en_text, "en")), 6),
            "merge": float(len(bead.ko) + len(bead.en) - 2),
            "lonely": float(lonely),
            "short": float(min(_chars(ko_text), _chars(en_text) / _LENGTH_RATIO) < 25),
            "posterior": round(bead.posterior, 6),
        })
    return out


def _names(text: str, lang: str) -> set[str]:
    """Latin-script words (names, acronyms) of a text."""
    return {t for t in anchor_tokens(text, lang) if not t.startswith("#")}


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


@dataclass(frozen=True)
class Variant:
    """A standardised logistic regression: p = sigmoid(bias + sum(w * (x - mean) / scale))."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def logit(self, rows: np.ndarray) -> np.ndarray:
        return self.bias + ((rows - self.mean) / self.scale) @ self.weights

    def predict(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logit(rows)))

    def to_dict(self) -> dict:
        return {"features": list(self.features), "mean": _rounded(self.mean), "scale": _rounded(self.scale),
                "weights": _rounded(self.weights), "bias": round(float(self.bias), 6)}

    @classmethod
    def from_dict(cls, data: dict) -> "Variant":
        return cls(tuple(data["features"]), np.array(data["mean"]), np.array(data["scale"]),
                   np.array(data["weights"]), float(data["bias"]))


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), 6) for v in values]


class ConfidenceModel:
    """The shipped weights: a ``base`` variant and an ``mt`` variant (with chrF)."""

    def __init__(self, variants: dict[str, Variant], meta: dict | None = None) -> None:
        self.variants = variants
        self.meta = meta or {}

    @classmethod
    def load(cls, path: str | Path = WEIGHTS_FILE) -> "ConfidenceModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls({name: Variant.from_dict(v) for name, v in data["variants"].items()}, data.get("meta"))

    def save(self, path: str | Path) -> None:
        from aligner.fileio import write_text_atomic

        data = {"meta": self.meta, "variants": {name: v.to_dict() for name, v in self.variants.items()}}
        write_text_atomic(path, json.dumps(data, indent=1, sort_keys=True) + "\n")

    def predict(self, features: dict[str, float], mt: bool = False) -> float:
        """Probability that the bead is a mutual translation; with `mt`, by the ``mt`` variant
        from the MT evidence among the features (`aligner.mt_evidence`)."""
        variant = self.variants["mt" if mt else "base"]
        missing = [name for name in variant.features if name not in features]
        if missing:
            raise ValueError(f"the pair's features lack {', '.join(missing)}: they were computed for another "
                             "version of the confidence model; align the articles again to recompute them")
        row = np.array([[features[name] for name in variant.features]])
        return round(float(variant.predict(row)[0]), 4)


def reliability(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> tuple[float, list[dict]]:
    """Expected calibration error of `confidences` against what was `correct` (the mean gap
    between confidence and the share correct over equal-width bins, weighted by their
    members), and the reliability table behind it."""
    table, ece = [], 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        members = [(c, ok) for c, ok in zip(confidences, correct) if lo <= c < hi or (k == bins - 1 and c == 1.0)]
        if members:
            mean_c = sum(c for c, _ in members) / len(members)
            share = sum(ok for _, ok in members) / len(members)
            ece += len(members) / len(confidences) * abs(mean_c - share)
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "beads": len(members), "mean_confidence": round(mean_c, 3),
                          "correct": round(share, 3)})
    return round(ece, 4), table


@lru_cache(maxsize=1)
def default_model() -> ConfidenceModel:
    return ConfidenceModel.load()
