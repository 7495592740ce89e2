"""Simulated Korean->English MT of a known quality, made from the true English of a sentence.

Two unrelated systems, so that a model trained on one is measured on the other:

* `Paraphraser` (training, scripts/train_confidence.py): words dropped, inflected
  otherwise, swapped for other function words or for words of the corpus, fillers
  inserted, the clauses of a sentence turned around, now and then a sentence
  translated as another one (a hallucination);
* `Garbler` (the bench, scripts/bench_mt_evidence.py): a fixed table of
  paraphrases and synonyms, function words left out, letters mistyped, words
  moved one by one, numbers and names transliterated wrongly, and a share of
  sentences that come out as a generic sentence of news English.

Each takes a quality level by name (`LEVELS`), from near-perfect to random
output (text unrelated to the source), and its seed; the same seed gives the
same translations.
"""

from __future__ import annotations

import random
import re

LEVELS = ("near-perfect", "good", "realistic", "weak", "random")

_FUNCTION = {"the": "a", "a": "the", "of": "in", "in": "at", "at": "on", "on": "about", "to": "for", "for": "to",
             "is": "was", "was": "is", "are": "were", "were": "are", "will": "would", "would": "will",
             "said": "stated", "and": "as well as", "but": "however", "that": "which", "which": "that",
             "has": "had", "had": "has", "by": "through", "with": "along with"}
_FILLERS = ("the", "of", "that", "also", "which", "has", "been", "to", "it", "this")
_WORD = re.compile(r"^[A-Za-z]{4,}$")


def _inflect(word: str, rng: random.Random) -> str:
    for suffix in ("ing", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word + rng.choice(("s", "ed", "ing"))


class Paraphraser:
    """Rates per level: (drop, substitute, insert, turn clauses, hallucinate)."""

    RATES = {"near-perfect": (0.05, 0.05, 0.03, 0.08, 0.0), "good": (0.14, 0.24, 0.07, 0.4, 0.03),
             "realistic": (0.22, 0.36, 0.12, 0.55, 0.06), "weak": (0.28, 0.45, 0.15, 0.6, 0.1)}

    def __init__(self, corpus: list[str], seed: int = 0) -> None:
        self.corpus = [s for s in corpus if s.strip()]
        self.vocab = sorted({w for s in self.corpus for w in s.split()})
        self.rng = random.Random(seed)

    def __call__(self, truth: str, level: str) -> str:
        rng = self.rng
        if level == "random" or not truth.strip():
            return rng.choice(self.corpus)
        drop, sub, ins, turn, hallucinate = self.RATES[level]
        if rng.random() < hallucinate:
            return rng.choice(self.corpus)
        words = []
        for word in truth.split():
            roll = rng.random()
            if roll < drop:
                continue
            if roll < drop + sub:
                kind = rng.random()
                low = word.lower()
                if kind < 0.4 and _WORD.match(word):
                    word = _inflect(word, rng)
                elif kind < 0.7 and low in _FUNCTION:
                    word = _FUNCTION[low]
                else:
                    word = rng.choice(self.vocab)
            words.append(word)
            if rng.random() < ins:
                words.append(rng.choice(_FILLERS))
        if len(words) > 4 and rng.random() < turn:
            cut = next((k + 1 for k, w in enumerate(words[:-2]) if w.endswith(",")), rng.randrange(2, len(words) - 1))
            words = words[cut:] + words[:cut]
        return " ".join(words) or rng.choice(self.corpus)


_SYNONYMS = {"government": "administration", "president": "head of state", "announced": "said", "said": "told",
             "country": "nation", "people": "persons", "percent": "%", "company": "firm", "increase": "rise",
             "decrease": "fall", "meeting": "talks", "police": "authorities", "killed": "dead", "year": "yr",
             "market": "markets", "military": "army", "officials": "authorities", "reported": "informed",
             "because": "as", "about": "around", "however": "but", "also": "in addition", "after": "following",
             "before": "prior to", "plan": "scheme", "help": "assist", "show": "indicate", "big": "large",
             "small": "little", "new": "fresh", "city": "town", "said.": "noted.", "million": "mil.",
             "attack": "assault", "election": "vote", "minister": "secretary", "agreed": "concurred"}
_DROPPABLE = {"the", "a", "an", "of", "that", "to", "is", "was", "be", "been", "has", "have"}
_GENERIC = ("The official said the matter would be discussed further.", "It is expected to take some time.",
            "The government announced the measures on the day.", "Details were not immediately available.",
            "Experts said the situation remains uncertain.", "The report was released on Tuesday.")


class Garbler:
    """Rates per level: (paraphrase, leave out function words, mistype, move words, generic output,
    leave out any word)."""

    RATES = {"near-perfect": (0.15, 0.15, 0.04, 0.05, 0.0, 0.04), "good": (0.5, 0.5, 0.12, 0.25, 0.04, 0.1),
             "realistic": (0.8, 0.8, 0.22, 0.45, 0.1, 0.2), "weak": (0.9, 0.9, 0.3, 0.6, 0.18, 0.3)}

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)

    def _typo(self, word: str) -> str:
        if len(word) < 3:
            return word
        k = self.rng.randrange(len(word) - 1)
        return word[:k] + word[k + 1] + word[k] + word[k + 2:]

    def __call__(self, truth: str, level: str) -> str:
        rng = self.rng
        if level == "random" or not truth.strip():
            words = " ".join(rng.sample(_GENERIC, 2)).split()
            rng.shuffle(words)
            return " ".join(words)
        para, leave, typo, move, generic, drop = self.RATES[level]
        if rng.random() < generic:
            return rng.choice(_GENERIC)
        words = []
        for word in truth.split():
            low = word.lower()
            if low in _SYNONYMS and rng.random() < para:
                word = _SYNONYMS[low]
            elif (low in _DROPPABLE and rng.random() < leave) or rng.random() < drop:
                continue
            elif rng.random() < typo:
                word = self._typo(word)
            elif word[:1].isdigit() and rng.random() < para / 2:
                word = word.replace(",", "")
            words.append(word)
        for _ in range(int(len(words) * move)):
            if len(words) > 2:
                a = rng.randrange(len(words))
                words.insert(rng.randrange(len(words)), words.pop(a))
        return " ".join(words)
