"""Corpus-level evaluation of MT systems against the human English of the corpus.

Every system is scored with sacrebleu's corpus BLEU, chrF and TER (signatures
included), systems are compared by paired bootstrap resampling (the first
system is the baseline), and each article pair gets its own scores.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from aligner.records import SentencePair


def _metrics(refs: list[str] | None = None):
    from sacrebleu.metrics import BLEU, CHRF, TER

    kwargs = {"references": [refs]} if refs is not None else {}
    return {"BLEU": BLEU(**kwargs), "chrF": CHRF(**kwargs), "TER": TER(**kwargs)}


def evaluate_systems(pairs: Sequence[SentencePair], systems: dict[str, list[str | None]],
                     bootstrap: int = 1000) -> dict:
    """Scores of each system's hypotheses (aligned with `pairs`) against the pairs' English.

    Only pairs with both sides and a hypothesis from every system are used, so all
    systems are scored on the same sentences.
    """
    keep = [k for k, p in enumerate(pairs) if p.ko and p.en and all(h[k] is not None for h in systems.values())]
    if not keep:
        raise ValueError("no sentence pair has an English side and a hypothesis from every system")
    refs = [pairs[k].en for k in keep]
    hyps = {name: [h[k] or "" for k in keep] for name, h in systems.items()}
    result: dict = {"sentences": len(keep), "systems": {}, "per_article": {}}
    for name, hyp in hyps.items():
        scores = {}
        for metric_name, metric in _metrics().items():
            scores[metric_name] = round(metric.corpus_score(hyp, [refs]).score, 2)
            scores[f"{metric_name}_signature"] = str(metric.get_signature())
        result["systems"][name] = scores
    if len(hyps) > 1 and bootstrap:
        result["bootstrap"] = _paired_bootstrap(hyps, refs, bootstrap)
    groups: dict[str, list[int]] = defaultdict(list)
    for pos, k in enumerate(keep):
        groups[f"{pairs[k].ko_article_id}|{pairs[k].en_article_id}"].append(pos)
    for article, positions in sorted(groups.items()):
        art_refs = [refs[p] for p in positions]
        result["per_article"][article] = {
            name: {m: round(metric.corpus_score([hyp[p] for p in positions], [art_refs]).score, 2)
                   for m, metric in _metrics().items() if m != "TER"}
            for name, hyp in hyps.items()}
    return result


def _paired_bootstrap(hyps: dict[str, list[str]], refs: list[str], samples: int) -> dict:
    from sacrebleu.significance import PairedTest

    test = PairedTest(list(hyps.items()), _metrics(refs), references=None, test_type="bs", n_samples=samples)
    _, scores = test()
    out = {}
    names = scores.pop("System")
    for metric, results in scores.items():
        out[metric] = {name: {"score": round(float(r.score), 2), "mean": round(float(r.mean), 2),
                              "ci95": round(float(r.ci), 2),
                              "p_value_vs_baseline": None if r.p_value is None else float(r.p_value)}
                       for name, r in zip(names, results)}
    return out


def to_markdown(result: dict) -> str:
    """A Markdown summary: one row per system, then the bootstrap comparison."""
    lines = [f"Sentences: {result['sentences']}", "", "| system | BLEU | chrF | TER |", "|---|---|---|---|"]
    for name, s in result["systems"].items():
        lines.append(f"| {name} | {s['BLEU']:.2f} | {s['chrF']:.2f} | {s['TER']:.2f} |")
    if "bootstrap" in result:
        lines += ["", "Paired bootstrap resampling (first system = baseline):", "",
                  "| metric | system | mean ± 95% CI | p-value |", "|---|---|---|---|"]
        for metric, systems in result["bootstrap"].items():
            for name, r in systems.items():
                p = "-" if r["p_value_vs_baseline"] is None else f"{r['p_value_vs_baseline']:.4f}"
                lines.append(f"| {metric} | {name} | {r['mean']:.2f} ± {r['ci95']:.2f} | {p} |")
    lines += ["", "Signatures:", ""]
    for name, s in result["systems"].items():
        lines += [f"- {name}: " + "; ".join(f"{k.removesuffix('_signature')} `{v}`"
                                           for k, v in s.items() if k.endswith("_signature"))]
    return "\n".join(lines) + "\n"
