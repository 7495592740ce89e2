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
* Decision: a pair must score at least `min_score`, an absolute threshold
  calibrated on known unrelated article pairs (`MIN_SCORE`), so two unrelated
  articles are not paired even when each is the other's only candidate.
  Where there are competitors, the pair must also stand out from them: its
  margin is its score minus the mean score of the next best candidates of
  either article (padded with the score of a typical unrelated pair,
  `UNRELATED_SCORE`, when an article has few candidates), and must reach
  `min_margin`.  Pairs are accepted greedily by decreasing margin,
  one-to-one; an article whose best pair fails either test stays unpaired,
  and the reason is reported.  A margin compares an article with its own
  alternatives, so it does not depend on how similar translations happen to
  be in a given collection.
* Determinism: scores are computed in float64 and compared with a tolerance
  (`TOLERANCE`); near-ties are broken by the article ids, never by input
  order or float noise, so every machine gives the same pairs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Sequence

import numpy as np

from aligner.boilerplate import is_boilerplate
from aligner.embed import Encoder, article_group, article_texts, embed_groups
from aligner.mapping import Mapper, in_process
from aligner.records import Article
from aligner.script import foreign_script
from aligner.tokens import anchor_tokens, dice

__all__ = ["PairOptions", "ArticlePair", "Pairing", "DocFeatures", "pair_articles", "pair_features",
           "pair_scores", "MIN_SCORE", "UNRELATED_SCORE"]

# Calibrated for the default encoder (use-m3) on 451 known article pairs of FLORES-200 and
# WMT24++ (a quarter of the English sentences dropped) and their 202,950 shuffled, unrelated
# combinations, by
#     python scripts/calibrate_pairing.py ../shared/data
# MIN_SCORE: the lowest score (in steps of 0.01) that at most 1 in 4,000 unrelated pairs reaches;
# UNRELATED_SCORE: the median score of an unrelated pair.
MIN_SCORE = 0.40
UNRELATED_SCORE = 0.09
TOLERANCE = 1e-6  # scores closer than this are ties, broken by article ids


@dataclass(frozen=True)
class PairOptions:
    window_days: int = 2  # largest publication-date gap of a pair
    en_weight: float = 0.7  # weight of the English->Korean best matches (the English is condensed)
    token_bonus: float = 0.2  # bonus weight of shared numbers and names (Dice overlap)
    min_score: float = MIN_SCORE  # absolute threshold: no pair below it, competitors or not
    unrelated_score: float = UNRELATED_SCORE  # pads the alternatives of articles with few candidates
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
    why_unpaired: dict[str, dict] = field(default_factory=dict)  # id -> reason, best candidate, its score


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def article_features(articles: Sequence[Article], encoder: Encoder) -> list[DocFeatures]:
    """Embed every article (its `article_group`, title first); page chrome, and lines in the
    other language's script (an English story copied into a Korean page is not its
    translation), are left out of the vectors and of the tokens."""
    bodies = [art.sentences or art.text.splitlines() for art in articles]
    groups = [article_group(art.title, body, art.lang) for art, body in zip(articles, bodies)]
    out = []
    for art, body, vectors in zip(articles, bodies, embed_groups(encoder, groups)):
        titled = bool(art.title.strip())
        # chrome, script and tokens are judged on the text itself, not on what the encoder reads
        group = article_texts(art.title, body)
        keep = [k for k, text in enumerate(group)
                if (titled and k == 0) or (text.strip() and not is_boilerplate(text)
                                           and not foreign_script(text, art.lang))]
        emb = vectors[keep] if keep else np.zeros((0, vectors.shape[1] if vectors.size else 1), dtype=np.float32)
        out.append(DocFeatures(id=art.id, day=_day(art.published), emb=emb,
                               tokens=anchor_tokens("\n".join(group[k] for k in keep), art.lang),
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
    # float64: float32 products differ in the last bits between BLAS kernels and block layouts
    sims = np.concatenate([ko[k].emb for k in ko_keep]).astype(np.float64) @ \
        np.concatenate([en[k].emb for k in en_keep]).astype(np.float64).T
    # each English sentence's best Korean match within each Korean article, averaged per English article
    en_side = np.add.reduceat(np.maximum.reduceat(sims, ko_start, axis=0), en_start, axis=1) / en_len
    ko_side = np.add.reduceat(np.maximum.reduceat(sims, en_start, axis=1), ko_start, axis=0) / ko_len[:, None]
    out[np.ix_(ko_keep, en_keep)] = en_weight * en_side + (1 - en_weight) * ko_side
    return out


def pair_scores(ko: list[DocFeatures], en: list[DocFeatures], options: PairOptions | None = None) -> np.ndarray:
    """The score of every (Korean, English) article combination, dates aside: the similarity
    plus the shared-token bonus, as `pair_features` scores its candidates (for calibration)."""
    opts = options or PairOptions()
    bonus = np.array([[dice(a.tokens, b.tokens) for b in en] for a in ko]).reshape(len(ko), len(en))
    return _best_match(ko, en, opts.en_weight) + opts.token_bonus * bonus


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


def _block_scores(block: tuple[list[DocFeatures], list[DocFeatures]], en_weight: float) -> np.ndarray:
    return _best_match(block[0], block[1], en_weight)


def pair_features(ko: list[DocFeatures], en: list[DocFeatures],
                  options: PairOptions | None = None, mapper: Mapper | None = None) -> Pairing:
    """Pair articles given their features (see `article_features`).  The similarity of each
    date-window block is computed through `mapper` (an engine's `map`); the one-to-one
    decision, which needs every candidate, is made here."""
    opts = options or PairOptions()
    rows, cols, scores = [], [], []
    blocks = list(_blocks(ko, en, opts.window_days))
    matrices = (mapper or in_process)(partial(_block_scores, en_weight=opts.en_weight),
                                      [([ko[k] for k in ko_idx], [en[k] for k in en_idx]) for ko_idx, en_idx in blocks])
    for (ko_idx, en_idx), block in zip(blocks, matrices):
        r, c = np.nonzero(np.ones_like(block, dtype=bool))
        rows.append(np.asarray(ko_idx)[r])
        cols.append(np.asarray(en_idx)[c])
        scores.append(block.ravel())
    undated = [d.id for d in ko + en if d.day is None]
    if not rows:
        return Pairing([], [d.id for d in ko], [d.id for d in en], undated,
                       {d.id: _no_candidate(opts.window_days) for d in ko + en})
    row, col, score = np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)
    ko_rank, en_rank = _id_ranks(ko), _id_ranks(en)
    score = score + opts.token_bonus * _token_bonus(ko, en, row, col, score, ko_rank, en_rank,
                                                    opts.bonus_candidates)
    margin = score - 0.5 * (_alternatives(row, score, opts.unrelated_score, opts.alternatives)
                            + _alternatives(col, score, opts.unrelated_score, opts.alternatives))
    keep = (score >= opts.min_score - TOLERANCE) & (margin >= opts.min_margin - TOLERANCE)
    chosen = _one_to_one(row[keep], col[keep], margin[keep], ko_rank, en_rank)
    pairs = [ArticlePair(ko[a].id, en[b].id, round(float(sc), 4), _evidence(ko[a], en[b], float(sc), float(mg)))
             for a, b, sc, mg in zip(row[keep][chosen], col[keep][chosen], score[keep][chosen], margin[keep][chosen])]
    pairs.sort(key=lambda p: (p.ko_id, p.en_id))
    partners = ({p.ko_id: p.en_id for p in pairs}, {p.en_id: p.ko_id for p in pairs})
    why = _why_unpaired(ko, en, row, col, score, margin, (ko_rank, en_rank), partners, opts)
    return Pairing(pairs, [d.id for d in ko if d.id not in partners[0]],
                   [d.id for d in en if d.id not in partners[1]], undated, why)


def _id_ranks(docs: list[DocFeatures]) -> np.ndarray:
    """Each article's position in id order: the tie-breaker that input order must never be."""
    ranks = np.empty(len(docs), dtype=np.int64)
    ranks[sorted(range(len(docs)), key=lambda k: docs[k].id)] = np.arange(len(docs))
    return ranks


def _one_to_one(row: np.ndarray, col: np.ndarray, margin: np.ndarray, ko_rank: np.ndarray,
                en_rank: np.ndarray) -> list[int]:
    """Greedy one-to-one choice by decreasing margin.  Among the free candidates within
    `TOLERANCE` of the best one, the smallest (Korean id, English id) wins, so float noise
    (another BLAS kernel, another input order) cannot decide between near-equal pairs."""
    order = np.argsort(-margin, kind="stable")
    used_ko: set[int] = set()
    used_en: set[int] = set()
    chosen: list[int] = []
    pos = 0
    while pos < len(order):
        top = order[pos]
        if row[top] in used_ko or col[top] in used_en:
            pos += 1
            continue
        best, j = top, pos + 1
        while j < len(order) and margin[order[j]] >= margin[top] - TOLERANCE:
            q = order[j]
            if row[q] not in used_ko and col[q] not in used_en and \
                    (ko_rank[row[q]], en_rank[col[q]]) < (ko_rank[row[best]], en_rank[col[best]]):
                best = q
            j += 1
        used_ko.add(row[best])
        used_en.add(col[best])
        chosen.append(int(best))
    return chosen


def _no_candidate(window: int) -> dict:
    return {"reason": f"no article of the other language within {window} day(s)"}


def _why_unpaired(ko: list[DocFeatures], en: list[DocFeatures], row: np.ndarray, col: np.ndarray,
                  score: np.ndarray, margin: np.ndarray, ranks: tuple[np.ndarray, np.ndarray],
                  partners: tuple[dict[str, str], dict[str, str]], opts: PairOptions) -> dict[str, dict]:
    """For every unpaired article: its best candidate, that candidate's score and margin, and
    which test it failed (or which article took it)."""
    out: dict[str, dict] = {}
    ko_rank, en_rank = ranks
    sides = ((ko, en, row, col, en_rank, *partners), (en, ko, col, row, ko_rank, *partners[::-1]))
    for docs, others, group, other, other_rank, partner, taken_by in sides:
        order = np.lexsort((other_rank[other], -np.round(score, 6), group))
        first = np.r_[True, np.diff(group[order]) != 0]
        best = {int(group[k]): int(k) for k in order[first]}
        for idx, doc in enumerate(docs):
            if doc.id in partner:
                continue
            if idx not in best:
                out[doc.id] = _no_candidate(opts.window_days)
                continue
            k = best[idx]
            cand = others[int(other[k])].id
            sc, mg = float(score[k]), float(margin[k])
            if sc < opts.min_score - TOLERANCE:
                reason = f"best candidate {cand} scores {sc:.3f}, below the pairing threshold {opts.min_score:.2f}"
            elif mg < opts.min_margin - TOLERANCE:
                reason = (f"best candidate {cand} ({sc:.3f}) does not stand out from the other candidates "
                          f"(margin {mg:.3f} < {opts.min_margin:.2f})")
            else:
                reason = f"best candidate {cand} was paired with {taken_by.get(cand)}"
            out[doc.id] = {"reason": reason, "best_candidate": cand, "best_score": round(sc, 4),
                           "best_margin": round(mg, 4)}
    return out


def _token_bonus(ko: list[DocFeatures], en: list[DocFeatures], row: np.ndarray, col: np.ndarray,
                 score: np.ndarray, ko_rank: np.ndarray, en_rank: np.ndarray, top: int) -> np.ndarray:
    """Dice overlap of shared tokens, for each article's `top` best candidates only (cheap, and
    a bonus only matters between close candidates)."""
    check = _top_mask(row, score, en_rank[col], top) | _top_mask(col, score, ko_rank[row], top)
    bonus = np.zeros(score.size)
    for k in np.nonzero(check)[0]:
        bonus[k] = dice(ko[row[k]].tokens, en[col[k]].tokens)
    return bonus


def _top_mask(group: np.ndarray, score: np.ndarray, tiebreak: np.ndarray, top: int) -> np.ndarray:
    """True for the `top` highest scores within each group (ties by the other article's id)."""
    order = np.lexsort((tiebreak, -np.round(score, 6), group))
    ranked = np.empty(score.size, dtype=np.int64)
    starts = np.r_[0, np.nonzero(np.diff(group[order]))[0] + 1]
    sizes = np.diff(np.r_[starts, score.size])
    ranked[order] = np.arange(score.size) - np.repeat(starts, sizes)
    return ranked < top


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
                  options: PairOptions | None = None, mapper: Mapper | None = None) -> Pairing:
    """Pair Korean with English articles one-to-one; see the module docstring.  `mapper`
    (an engine's `map`) computes the similarity blocks."""
    ids_ko = {a.id for a in ko}
    both = sorted(ids_ko & {a.id for a in en})
    if both:
        raise ValueError(f"article id(s) in both the Korean and the English input: {', '.join(both[:5])}")
    features = article_features(list(ko) + list(en), encoder)
    return pair_features(features[:len(ko)], features[len(ko):], options, mapper)
