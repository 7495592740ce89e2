#!/usr/bin/env python3
"""Build a random-weight Korean->English seq2seq model offline, for tests and speed checks.

    python scripts/make_tiny_mt.py OUT_DIR [--arch tiny|opus-mt-ko-en|m2m100|nllb]

* tiny: a Marian model with 1+1 layers of width 32 (about 0.6 MB), for tests.
* opus-mt-ko-en: the architecture of Helsinki-NLP/opus-mt-ko-en (Marian, d_model
  512, 6+6 layers, 8 heads, FFN 2048) with a ~65k vocabulary, for speed measurements.
* m2m100 / nllb: tiny M2M100 and NLLB models (their tokenizers and language codes).

The SentencePiece / BPE vocabulary is trained on the fly on template sentences,
laid out as in the real models (for Marian, `<pad>` is the last token), so that
CTranslate2's converters accept them; the translations are gibberish, but the
code path is the real one.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
from pathlib import Path

SUBJECTS_KO = ["정부는", "대통령은", "한국은행은", "서울시는", "경찰은", "대표팀은", "기업들은", "시민들은"]
OBJECTS_KO = ["예산을", "금리를", "대책을", "계획을", "경기를", "수출을", "조사를", "행사를"]
VERBS_KO = ["발표했습니다.", "동결했습니다.", "늘렸습니다.", "시작했습니다.", "검토하고 있습니다."]
SUBJECTS_EN = ["The government", "The president", "The Bank of Korea", "Seoul city", "Police",
               "The national team", "Companies", "Citizens"]
OBJECTS_EN = ["the budget", "the rate", "measures", "a plan", "the match", "exports", "an investigation"]
VERBS_EN = ["announced", "froze", "increased", "started", "is reviewing"]


# Large random weights make a tiny model's output depend on its input, so tests can
# see that every translation lands at its own sentence's position.
TINY_INIT_STD = 1.0


def training_lines(n: int = 400, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for _ in range(n):
        num = rng.choice(["3,000", "1.5%", "2조 원", "12", "2024년"])
        lines.append(f"{rng.choice(SUBJECTS_KO)} {num} {rng.choice(OBJECTS_KO)} {rng.choice(VERBS_KO)}")
        lines.append(f"{rng.choice(SUBJECTS_EN)} {rng.choice(VERBS_EN)} {rng.choice(OBJECTS_EN)} of {num}.")
    return lines


def _spm(lines: list[str], vocab_size: int, **ids) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=buf, vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, hard_vocab_limit=False, minloglevel=2, **ids)
    return buf.getvalue()


def build_marian(out: Path, big: bool = False, seed: int = 0) -> None:
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    lines = training_lines(4000 if big else 400)
    if big:  # a real-sized vocabulary: add many distinct pieces
        rng = random.Random(seed)
        lines += ["".join(rng.choice("가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허") for _ in range(12))
                  + " " + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(12))
                  for _ in range(60000)]
    # the layout of the real opus-mt models: </s> = 0, <unk> = 1, ..., and <pad> appended as the last id
    # (CTranslate2's Marian converter drops that last token: the decoder starts from a zero embedding)
    model = _spm(lines, 65000 if big else 600, eos_id=0, unk_id=1, bos_id=-1, pad_id=-1,
                 unk_piece="<unk>", eos_piece="</s>")
    out.mkdir(parents=True, exist_ok=True)
    for name in ("source.spm", "target.spm"):
        (out / name).write_bytes(model)
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model)
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    vocab["<pad>"] = len(vocab)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = MarianTokenizer(source_spm=str(out / "source.spm"), target_spm=str(out / "target.spm"),
                          vocab=str(out / "vocab.json"), source_lang="ko", target_lang="en")
    torch.manual_seed(seed)
    size = dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
                decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
                max_position_embeddings=512) if big else dict(
        d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
        encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=256, init_std=TINY_INIT_STD)
    cfg = MarianConfig(vocab_size=len(vocab), pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id,
                       decoder_start_token_id=tok.pad_token_id, forced_eos_token_id=tok.eos_token_id, **size)
    MarianMTModel(cfg).save_pretrained(out)
    tok.save_pretrained(out)


def build_m2m100(out: Path, seed: int = 0) -> None:
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    model = _spm(training_lines(), 600, bos_id=0, pad_id=1, eos_id=2, unk_id=3)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sentencepiece.bpe.model").write_bytes(model)
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model)
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = M2M100Tokenizer(str(out / "vocab.json"), str(out / "sentencepiece.bpe.model"), src_lang="ko", tgt_lang="en")
    torch.manual_seed(seed)
    # language tokens get ids after the vocabulary and len(tok) does not count them
    vocab_size = tok.encoder_size + len(tok.lang_code_to_id) + tok.num_madeup_words
    cfg = M2M100Config(vocab_size=vocab_size, d_model=32, encoder_layers=1, decoder_layers=1,
                       encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
                       decoder_ffn_dim=64, max_position_embeddings=256, pad_token_id=tok.pad_token_id,
                       eos_token_id=tok.eos_token_id, bos_token_id=tok.bos_token_id,
                       decoder_start_token_id=tok.eos_token_id, init_std=TINY_INIT_STD)
    M2M100ForConditionalGeneration(cfg).save_pretrained(out)
    tok.save_pretrained(out)


def build_nllb(out: Path, seed: int = 0) -> None:
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bpe.train_from_iterator(training_lines(), trainers.BpeTrainer(
        vocab_size=500, special_tokens=["<s>", "<pad>", "</s>", "<unk>"], show_progress=False))
    data = json.loads(bpe.to_str())["model"]
    merges = [tuple(m) if not isinstance(m, str) else tuple(m.split(" ")) for m in data["merges"]]
    tok = NllbTokenizer(vocab=data["vocab"], merges=merges, src_lang="kor_Hang", tgt_lang="eng_Latn",
                        additional_special_tokens=["kor_Hang", "eng_Latn"])
    torch.manual_seed(seed)
    cfg = M2M100Config(vocab_size=len(tok), d_model=32, encoder_layers=1, decoder_layers=1,
                       encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
                       decoder_ffn_dim=64, max_position_embeddings=256, pad_token_id=tok.pad_token_id,
                       eos_token_id=tok.eos_token_id, bos_token_id=tok.bos_token_id,
                       decoder_start_token_id=tok.eos_token_id, init_std=TINY_INIT_STD)
    out.mkdir(parents=True, exist_ok=True)
    M2M100ForConditionalGeneration(cfg).save_pretrained(out)
    tok.save_pretrained(out)


BUILDERS = {
    "tiny": lambda out: build_marian(out),
    "opus-mt-ko-en": lambda out: build_marian(out, big=True),
    "m2m100": build_m2m100,
    "nllb": build_nllb,
}


def main() -> int:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--arch", choices=sorted(BUILDERS), default="tiny")
    args = ap.parse_args()
    BUILDERS[args.arch](args.out)
    print(f"{args.arch} model written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
