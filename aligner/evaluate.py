"""Alignment quality against gold: strict and lax precision, recall and F1.

The definitions are those of Vecalign's ``score.py`` (Thompson and Koehn
2019), as used by ``shared/bench/score_alignment.py``: precision over all
predicted beads (1-0/0-1 included), recall over the gold beads with both sides
non-empty, counts summed over documents; a lax hit is a predicted bead whose
English ids overlap those gold links to any of its Korean ids.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


def parse_beads(text: str, origin: str = "<text>") -> list[BeadIds]:
    """Parse ``[ko ids]:[en ids][:score]`` lines; errors name the file and line."""
    beads = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(":")
        try:
            ko, en = ast.literal_eval(parts[0].strip()), ast.literal_eval(parts[1].strip())
            if not isinstance(ko, list) or not isinstance(en, list):
                raise ValueError
            beads.append((tuple(int(x) for x in ko), tuple(int(x) for x in en)))
        except (ValueError, SyntaxError, IndexError):
            raise ValueError(f"{origin}:{number}: expected '[ko ids]:[en ids]', got {raw!r}") from None
    return beads


@dataclass
class Counts:
    """Hit/miss counts; add them over documents, then read the scores."""

    p_strict: int = 0
    p_strict_miss: int = 0
    p_lax: int = 0
    p_lax_miss: int = 0
    r_strict: int = 0
    r_strict_miss: int = 0
    r_lax: int = 0
    r_lax_miss: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def scores(self) -> dict[str, float]:
        def ratio(hit: int, miss: int) -> float:
            return hit / (hit + miss) if hit + miss else 0.0

        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        ps, pl = ratio(self.p_strict, self.p_strict_miss), ratio(self.p_lax, self.p_lax_miss)
        rs, rl = ratio(self.r_strict, self.r_strict_miss), ratio(self.r_lax, self.r_lax_miss)
        return {"precision_strict": round(ps, 4), "recall_strict": round(rs, 4),
                "f1_strict": round(f1(ps, rs), 4), "precision_lax": round(pl, 4),
                "recall_lax": round(rl, 4), "f1_lax": round(f1(pl, rl), 4)}


def _hits(checked: list[BeadIds], reference: list[BeadIds]) -> tuple[int, int, int, int]:
    ref = {b for b in reference if b[0] or b[1]}
    linked: dict[int, set[int]] = {}
    for ko, en in ref:
        for k in ko:
            linked.setdefault(k, set()).update(en)
    strict = strict_miss = lax = lax_miss = 0
    for ko, en in {b for b in checked if b[0] or b[1]}:
        if (ko, en) in ref:
            strict += 1
            lax += 1
            continue
        strict_miss += 1
        reach = set().union(*(linked.get(k, set()) for k in ko))
        if reach & set(en):
            lax += 1
        else:
            lax_miss += 1
    return strict, strict_miss, lax, lax_miss


def compare(gold: list[BeadIds], pred: list[BeadIds]) -> Counts:
    """Counts for one document."""
    p = _hits(pred, gold)
    r = _hits([b for b in gold if b[0] and b[1]], [b for b in pred if b[0] and b[1]])
    return Counts(*p, *r)


def evaluate_dirs(gold_dir: str | Path, pred_dir: str | Path) -> dict:
    """Score every ``DOC.gold`` under gold_dir against ``DOC.align`` at the same relative path.

    Returns overall scores and one entry per folder (benchmark track); a
    missing prediction counts as empty.
    """
    gold_root, pred_root = Path(gold_dir), Path(pred_dir)
    if (gold_root / "align").is_dir():  # a benchmark split folder
        gold_root = gold_root / "align"
    gold_files = sorted(gold_root.rglob("*.gold"))
    if not gold_files:
        raise ValueError(f"{gold_dir}: no .gold files")
    groups: dict[str, Counts] = {}
    total = Counts()
    missing = 0
    for gold_file in gold_files:
        rel = gold_file.relative_to(gold_root)
        pred_file = pred_root / rel.with_suffix(".align")
        gold = parse_beads(gold_file.read_text(encoding="utf-8"), str(gold_file))
        if pred_file.exists():
            pred = parse_beads(pred_file.read_text(encoding="utf-8"), str(pred_file))
        else:
            pred, missing = [], missing + 1
        counts = compare(gold, pred)
        group = str(rel.parent) if str(rel.parent) != "." else "all"
        groups.setdefault(group, Counts())
        groups[group] += counts
        total += counts
    return {"overall": total.scores(), "groups": {k: v.scores() for k, v in groups.items()},
            "missing_predictions": missing}
