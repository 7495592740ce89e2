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
           "bleu", "chrf", "chrf_pp")


@functools.cache
def _scorers() -> dict:
    return metrics()


def _scores(item: tuple[SentencePair, str | None, str | None]) -> dict:
    """Every score of one pair, given its MT hypothesis (or None) and the MT model's name."""
    pair, hyp, mt_model = item
    check_pair(pair)
    if pair.features:
        pair.confidence = default_model().predict(pair.features)
    if hyp is not None:
        pair.mt, pair.mt_model = hyp, mt_model
        for name, metric in _scorers().items():
            setattr(pair, name, round(metric.sentence_score(hyp, [pair.en]).score, 4))
        if pair.features:  # the MT variant of the confidence model
            pair.confidence = default_model().predict(pair.features, pair.chrf)
    return {name: getattr(pair, name) for name in _SCORED}


def score_pairs(pairs: Sequence[SentencePair], translator: Translator | None = None,
                mapper: Mapper | None = None) -> dict:
    """Fill scores of `pairs` in place; returns the sacrebleu signatures used (empty without MT).

    Without a translator the MT columns stay None and everything else is computed; the
    confidence is the model's base variant (from alignment), and its MT variant where
    MT ran.  The Korean sides are translated first (by the translator, batched and
    cached), then every pair is scored through `mapper` (an engine's `map`).
    """
    todo = [k for k, p in enumerate(pairs) if p.ko and p.en]
    hyps: list[str | None] = [None] * len(pairs)
    if translator is not None and todo:
        for k, hyp in zip(todo, translator.translate([pairs[k].ko for k in todo])):
            hyps[k] = hyp  # None: e.g. a translation file without this sentence
    name = translator.name if translator is not None else None
    for pair, fields in zip(pairs, (mapper or in_process)(_scores, [(p, h, name) for p, h in zip(pairs, hyps)],
                                                          "score")):
        for field_name, value in fields.items():
            setattr(pair, field_name, value)
    return signatures() if any(h is not None for h in hyps) else {}
