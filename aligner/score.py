"""Sentence-pair scores: MT against the human English, and checks that need no model.

For every aligned pair the Korean side is translated (when a translator is
available) and compared with the human English by sacrebleu: sentence BLEU
with effective order, chrF and chrF++.  Next to them: the embedding cosine from
alignment, the English/Korean length ratio, whether both sides carry the same
numbers (by value, across `만/억/조`, `천`, commas and units), and the share of
Hangul on the Korean side and of Latin letters on the English side.  Flags name
what looks wrong, so users can filter the corpus.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Sequence

from aligner.align import AlignOptions
from aligner.confidence import default_model
from aligner.mapping import Mapper, in_process
from aligner.mt_evidence import FEATURES as MT_EVIDENCE
from aligner.mt_evidence import RAW, Agreement, agreement, evidence
from aligner.numbers import extract_numbers
from aligner.records import SentencePair
from aligner.translate import Translator

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")

# The aligner's length model (English about twice as long as Korean in non-space
# characters); beyond three standard deviations a pair is flagged.
_LENGTH = AlignOptions()


def metrics():
    """The sacrebleu metric objects used for sentence scores (one place, one signature)."""
    from sacrebleu.metrics import BLEU, CHRF

    return {"bleu": BLEU(effective_order=True), "chrf": CHRF(), "chrf_pp": CHRF(word_order=2)}


def signatures() -> dict[str, str]:
    """sacrebleu signatures of the sentence metrics (a metric signs only after scoring once)."""
    scorers = metrics()
    for metric in scorers.values():
        metric.sentence_score("a", ["a"])
    return {name: str(metric.get_signature()) for name, metric in scorers.items()}


def _share(pattern: re.Pattern, text: str) -> float | None:
    letters = len(_LETTER.findall(text))
    return round(len(pattern.findall(text)) / letters, 4) if letters else None


def check_pair(pair: SentencePair) -> SentencePair:
    """Model-free scores and flags, filled in place."""
    flags = []
    if not pair.ko or not pair.en:
        flags.append("unaligned")
    ko_chars, en_chars = len("".join(pair.ko.split())), len("".join(pair.en.split()))
    pair.length_ratio = round(en_chars / ko_chars, 4) if ko_chars and en_chars else None
    if pair.length_ratio and abs(math.log(pair.length_ratio / _LENGTH.length_ratio)) > 3 * _LENGTH.length_sigma:
        flags.append("length_ratio")
    ko_nums, en_nums = extract_numbers(pair.ko, "ko"), extract_numbers(pair.en, "en")
    if pair.ko and pair.en and (ko_nums or en_nums):
        pair.numbers_match = round(len(ko_nums & en_nums) / len(ko_nums | en_nums), 4)
        if ko_nums != en_nums:
            flags.append("numbers_differ")
    pair.hangul_share = _share(_HANGUL, pair.ko) if pair.ko else None
    pair.latin_share = _share(_LATIN, pair.en) if pair.en else None
    if pair.hangul_share is not None and pair.hangul_share < 0.5:
        flags.append("ko_not_hangul")
    if pair.latin_share is not None and pair.latin_share < 0.8:
        flags.append("en_not_latin")
    pair.flags = flags
    return pair


# what `_scores` computes, i.e. the fields of a SentencePair that scoring fills
_SCORED = ("length_ratio", "numbers_match", "hangul_share", "latin_share", "flags", "confidence", "mt", "mt_model",
           "bleu", "chrf", "chrf_pp", "features")


@functools.cache
def _scorers() -> dict:
    return metrics()


def _scores(item: tuple[list[SentencePair], list[str | None], str | None]) -> list[dict]:
    """Every score of the rows of one article pair, given their MT hypotheses (None where there
    is none) and the MT model's name; a row's MT evidence (`aligner.mt_evidence`) joins its
    features, and its confidence is the base variant's (`score_pairs` decides on MT)."""
    pairs, hyps, mt_model = item
    # the English windows in the order of the article (the rows may come in any order)
    with_en = sorted((k for k, p in enumerate(pairs) if p.alignment != "title" and p.en),
                     key=lambda k: (min(pairs[k].en_sentence_ids, default=-1), pairs[k].id))
    position = {k: n for n, k in enumerate(with_en)}
    found = evidence(hyps, [pairs[k].en for k in with_en], [position.get(k) for k in range(len(pairs))])
    out = []
    for pair, hyp, mt_evidence in zip(pairs, hyps, found):
        check_pair(pair)
        if pair.features:
            # a rescored row: the MT evidence of an earlier scoring goes
            pair.features = {k: v for k, v in pair.features.items() if k not in MT_EVIDENCE + RAW}
            pair.confidence = default_model().predict(pair.features)
            if mt_evidence is not None and mt_evidence["mt_rivals"]:
                pair.features.update((name, mt_evidence[name]) for name in RAW)
        if hyp is not None:
            pair.mt, pair.mt_model = hyp, mt_model
            for name, metric in _scorers().items():
                setattr(pair, name, round(metric.sentence_score(hyp, [pair.en]).score, 4))
        out.append({name: getattr(pair, name) for name in _SCORED})
    return out


def score_pairs(pairs: Sequence[SentencePair], translator: Translator | None = None,
                mapper: Mapper | None = None) -> tuple[dict, Agreement | None]:
    """Fill scores of `pairs` in place; returns the sacrebleu signatures used (empty without MT)
    and how far the MT agrees with the English (None without MT).

    Without a translator the MT columns stay None and everything else is computed; the
    confidence is the model's base variant (from alignment).  With one, the Korean sides are
    translated first (by the translator, batched and cached), then the rows of each article
    pair are scored through `mapper` (an engine's `map`), MT evidence included.  The
    confidence becomes the MT variant's only where the run's MT points at the English of the
    pairs the aligner is sure of (`aligner.mt_evidence.agreement`): a weak or wrong model
    adds no evidence and takes none away.
    """
    todo = [k for k, p in enumerate(pairs) if p.ko and p.en]
    hyps: list[str | None] = [None] * len(pairs)
    if translator is not None and todo:
        for k, hyp in zip(todo, translator.translate([pairs[k].ko for k in todo])):
            hyps[k] = hyp  # None: e.g. a translation file without this sentence
    name = translator.name if translator is not None else None
    groups: dict[tuple[str, str], list[int]] = {}
    for k, pair in enumerate(pairs):
        groups.setdefault((pair.ko_article_id, pair.en_article_id), []).append(k)
    items = [([pairs[k] for k in ks], [hyps[k] for k in ks], name) for ks in groups.values()]
    for ks, fields in zip(groups.values(), (mapper or in_process)(_scores, items, "score")):
        for k, values in zip(ks, fields):
            for field_name, value in values.items():
                setattr(pairs[k], field_name, value)
    if not any(h is not None for h in hyps):
        return {}, None
    with_evidence = [p for p in pairs if p.features and RAW[0] in p.features]
    agreed = agreement([p.confidence for p in with_evidence],
                       [{**p.features, "mt_chrf": p.chrf, "mt_rivals": 1.0} for p in with_evidence])
    if agreed.usable:
        for pair in with_evidence:
            pair.features.update(agreed.features(pair.features))
            pair.confidence = default_model().predict(pair.features, mt=True)
    return signatures(), agreed
