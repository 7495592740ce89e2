"""Document pairing: which English article renders which Korean one.

Approach
--------
* Candidates: an English article is a candidate for a Korean one when their
  publication dates are at most `window_days` apart (KBS World runs the
  rewrite the same day or the day after).  Articles are processed one Korean
  publication day at a time against the English articles of the window, so
  the cost grows with the number of articles per day, not with N x M.
  Undated articles are compared with the whole other side and flagged.
* Similarity: sentence-level best match.  Every English sentence looks for its
  most similar Korean sentence (and vice versa); the pair's similarity is the
  weighted mean of those best matches (the title counts as one more
  sentence).  A condensed rewrite still finds a counterpart for nearly every
  English sentence, while one mean vector per document blurs neighbouring
  stories together.  Page chrome is left out of the comparison.
* Evidence: numbers compared by value across scripts and units (`3천` =
  `3,000`, `2조 원` = `2 trillion won`) and Latin-script names shared by both
  sides add a bonus; the date gap and length ratio are reported.
* Decision: the margin of a pair is its score minus the mean score of the
  next best candidates of either article (padded with the batch's typical
  unrelated score when an article has few candidates).  Pairs are accepted
  greedily by decreasing margin, one-to-one; an article whose best pair does
  not stand out from the others by `min_margin` stays unpaired.  A margin
  compares an article with its own alternatives, so it does not depend on how
  similar translations happen to be in a given collection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from aligner.boilerplate import is_boilerplate
from aligner.embed import Encoder
from aligner.records import Article
from aligner.tokens import anchor_tokens, dice

__all__ = ["PairOptions", "ArticlePair", "Pairing", "DocFeatures", "pair_articles", "pair_features"]


@dataclass(frozen=True)
class PairOptions:
    window_days: int = 2  # largest publication-date gap of a pair
    en_weight: float = 0.7  # weight of the English->Korean best matches (the English is condensed)
    token_bonus: float = 0.2  # bonus weight of shared numbers and names (Dice overlap)
    min_margin: float = 0.1  # how far a pair must stand out from the articles' other candidates
    alternatives: int = 4  # how many next-best candidates define an article's alternatives
    bonus_candidates: int = 8  # shared tokens are checked for each article's best candidates


@dataclass
class DocFeatures:
    """What pairing needs of one article: plain arrays, so benchmarks can plant them."""

    id: str
    day: int | None  # proleptic Gregorian ordinal of the publication date
    emb: np.ndarray  # (sentences, dim), L2-normalised; title first when there is one
    tokens: set[str] = field(default_factory=set)
    length: int = 0  # characters of the body


@dataclass
class ArticlePair:
    ko_id: str
    en_id: str
    score: float
    evidence: dict

    def to_dict(self) -> dict:
        return {"ko_id": self.ko_id, "en_id": self.en_id, "score": self.score, "evidence": self.evidence}


@dataclass
class Pairing:
    pairs: list[ArticlePair]
    unpaired_ko: list[str]
    unpaired_en: list[str]
    undated: list[str]  # articles without a date, compared with the whole other side


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def article_features(articles: Sequence[Article], encoder: Encoder) -> list[DocFeatures]:
    """Embed every article's title and non-chrome sentences in one batch."""
    texts: list[list[str]] = []
    for art in articles:
        body = [s for s in (art.sentences or art.text.splitlines()) if s.strip() and not is_boilerplate(s)]
        texts.append(([art.title] if art.title.strip() else []) + body)
    flat = [t for group in texts for t in group]
    vectors = encoder.encode(flat) if flat else np.zeros((0, 1), dtype=np.float32)
    dim = vectors.shape[1] if vectors.size else 1
    out, start = [], 0
    for art, group in zip(articles, texts):
        emb = vectors[start:start + len(group)] if group else np.zeros((0, dim), dtype=np.float32)
        start += len(group)
        out.append(DocFeatures(id=art.id, day=_day(art.published), emb=emb,
                               tokens=anchor_tokens(art.title + "\n" + art.text, art.lang),
                               length=len("".join(art.text.split()))))
    return out


def _best_match(ko: list[DocFeatures], en: list[DocFeatures], en_weight: float) -> np.ndarray:
    """Sentence best-match similarity of every (ko, en) article of two blocks, as one matmul."""
    out = np.zeros((len(ko), len(en)))
    ko_keep = [k for k, d in enumerate(ko) if len(d.emb)]
    en_keep = [k for k, d in enumerate(en) if len(d.emb)]
    if not ko_keep or not en_keep:
        return out
    ko_len = np.array([len(ko[k].emb) for k in ko_keep])
    en_len = np.array([len(en[k].emb) for k in en_keep])
    ko_start = np.concatenate([[0], np.cumsum(ko_len)[:-1]])
    en_start = np.concatenate([[0], np.cumsum(en_len)[:-1]])
    sims = np.concatenate([ko[k].emb for k in ko_keep]) @ np.concatenate([en[k].emb for k in en_keep]).T
    # each English sentence's best Korean match within each Korean article, averaged per English article
    en_side = np.add.reduceat(np.maximum.reduceat(sims, ko_start, axis=0), en_start, axis=1) / en_len
    ko_side = np.add.reduceat(np.maximum.reduceat(sims, en_start, axis=1), ko_start, axis=0) / ko_len[:, None]
    out[np.ix_(ko_keep, en_keep)] = en_weight * en_side + (1 - en_weight) * ko_side
    return out


def _blocks(ko: list[DocFeatures], en: list[DocFeatures], window: int):
    """(ko indices, en indices) blocks: one per Korean day against its date window; undated vs all."""
    by_day: dict[int, list[int]] = {}
    undated_ko = []
    for k, d in enumerate(ko):
        if d.day is None:
            undated_ko.append(k)
        else:
            by_day.setdefault(d.day, []).append(k)
    en_days = np.array([d.day if d.day is not None else -(10**9) for d in en])
    undated_en = [k for k, d in enumerate(en) if d.day is None]
    order = np.argsort(en_days, kind="stable")
    sorted_days = en_days[order]
    for day in sorted(by_day):
        lo, hi = np.searchsorted(sorted_days, [day - window, day + window + 1])
        cands = sorted(order[lo:hi].tolist() + undated_en)
        if cands:
            yield by_day[day], cands
    if undated_ko:
        yield undated_ko, list(range(len(en)))


def pair_features(ko: list[DocFeatures], en: list[DocFeatures],
                  options: PairOptions | None = None) -> Pairing:
    """Pair articles given their features (see `article_features`)."""
    opts = options or PairOptions()
    rows, cols, scores = [], [], []
    for ko_idx, en_idx in _blocks(ko, en, opts.window_days):
        block = _best_match([ko[k] for k in ko_idx], [en[k] for k in en_idx], opts.en_weight)
        r, c = np.nonzero(np.ones_like(block, dtype=bool))
        rows.append(np.asarray(ko_idx)[r])
        cols.append(np.asarray(en_idx)[c])
        scores.append(block.ravel())
    undated = [d.id for d in ko + en if d.day is None]
    if not rows:
        return Pairing([], [d.id for d in ko], [d.id for d in en], undated)
    row, col, score = np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)
    score = score + opts.token_bonus * _token_bonus(ko, en, row, col, score, opts.bonus_candidates)
    baseline = _unrelated_score(ko, en, opts.en_weight)
    margin = score - 0.5 * (_alternatives(row, score, baseline, opts.alternatives)
                            + _alternatives(col, score, baseline, opts.alternatives))
    keep = margin >= opts.min_margin
    row, col, score, margin = row[keep], col[keep], score[keep], margin[keep]
    pairs: list[ArticlePair] = []
    used_ko: set[int] = set()
    used_en: set[int] = set()
    for k in np.lexsort((col, row, -margin)):  # deterministic: margin, then input order
        a, b = int(row[k]), int(col[k])
        if a in used_ko or b in used_en:
            continue
        used_ko.add(a)
        used_en.add(b)
        pairs.append(ArticlePair(ko[a].id, en[b].id, round(float(score[k]), 4),
                                 _evidence(ko[a], en[b], float(score[k]), float(margin[k]))))
    pairs.sort(key=lambda p: (p.ko_id, p.en_id))
    return Pairing(pairs, [d.id for k, d in enumerate(ko) if k not in used_ko],
                   [d.id for k, d in enumerate(en) if k not in used_en], undated)


def _token_bonus(ko: list[DocFeatures], en: list[DocFeatures], row: np.ndarray, col: np.ndarray,
                 score: np.ndarray, top: int) -> np.ndarray:
    """Dice overlap of shared tokens, for each article's `top` best candidates only (cheap, and
    a bonus only matters between close candidates)."""
    check = _top_mask(row, score, top) | _top_mask(col, score, top)
    bonus = np.zeros(score.size)
    for k in np.nonzero(check)[0]:
        bonus[k] = dice(ko[row[k]].tokens, en[col[k]].tokens)
    return bonus


def _top_mask(group: np.ndarray, score: np.ndarray, top: int) -> np.ndarray:
    """True for the `top` highest scores within each group."""
    order = np.lexsort((-score, group))
    ranked = np.empty(score.size, dtype=np.int64)
    starts = np.r_[0, np.nonzero(np.diff(group[order]))[0] + 1]
    sizes = np.diff(np.r_[starts, score.size])
    ranked[order] = np.arange(score.size) - np.repeat(starts, sizes)
    return ranked < top


def _unrelated_score(ko: list[DocFeatures], en: list[DocFeatures], en_weight: float,
                     sample: int = 64) -> float:
    """What an unrelated article typically scores: the median over articles spread across
    the whole batch, regardless of date (most of those pairs are unrelated)."""
    ko_pick = [ko[k] for k in sorted(set(np.linspace(0, len(ko) - 1, min(sample, len(ko))).astype(int)))]
    en_pick = [en[k] for k in sorted(set(np.linspace(0, len(en) - 1, min(sample, len(en))).astype(int)))]
    return float(np.median(_best_match(ko_pick, en_pick, en_weight)))


def _alternatives(group: np.ndarray, score: np.ndarray, baseline: float, k: int) -> np.ndarray:
    """For each candidate pair, the mean of the k best *other* candidates of its article;
    articles with fewer than k other candidates are padded with `baseline`."""
    order = np.lexsort((-score, group))
    g, s = group[order], score[order]
    starts = np.r_[0, np.nonzero(np.diff(g))[0] + 1]
    sizes = np.diff(np.r_[starts, s.size])
    top = np.full((len(starts), k + 1), baseline)
    for j in range(k + 1):
        has = sizes > j
        top[has, j] = s[starts[has] + j]
    # best k+1 per article; a pair's alternatives are those k+1 without itself
    rank = np.arange(s.size) - np.repeat(starts, sizes)
    group_of = np.repeat(np.arange(len(starts)), sizes)
    totals = top.sum(axis=1)
    own = np.where(rank <= k, s, top[group_of, k])
    out = np.empty(s.size)
    out[order] = (totals[group_of] - own) / k
    return out


def _evidence(ko: DocFeatures, en: DocFeatures, score: float, margin: float) -> dict:
    shared = sorted(ko.tokens & en.tokens)
    return {
        "similarity": round(score, 4),
        "margin": round(margin, 4),
        "date_gap_days": None if ko.day is None or en.day is None else en.day - ko.day,
        "shared_numbers": [t[1:] for t in shared if t.startswith("#")],
        "shared_names": [t for t in shared if not t.startswith("#")],
        "length_ratio": round(en.length / ko.length, 3) if ko.length else None,
        "undated": ko.day is None or en.day is None,
    }


def pair_articles(ko: Sequence[Article], en: Sequence[Article], encoder: Encoder,
                  options: PairOptions | None = None) -> Pairing:
    """Pair Korean with English articles one-to-one; see the module docstring."""
    ids_ko = {a.id for a in ko}
    both = sorted(ids_ko & {a.id for a in en})
    if both:
        raise ValueError(f"article id(s) in both the Korean and the English input: {', '.join(both[:5])}")
    features = article_features(list(ko) + list(en), encoder)
    return pair_features(features[:len(ko)], features[len(ko):], options)
