#!/usr/bin/python3
"""Builds minilm-l6-shape: a BERT encoder with exactly the shape of all-MiniLM-L6-v2 (6 layers,
hidden 384, 12 heads, FFN 1536, 512 positions, the BERT uncased vocabulary) and seeded random
weights, for throughput and batching benchmarks. Its compute per token is that of the real model.

The graph has the interface of a Hugging Face Optimum export (inputs input_ids, attention_mask,
token_type_ids; output last_hidden_state) and the node pattern of one: decomposed LayerNorm, erf
GELU and the -10000 additive attention mask, at opset 12, so ONNX Runtime's graph optimiser fuses
LayerNormalization, Gelu and Attention exactly as it does for a real export.
"""

import argparse
import math
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

import model_files

LAYERS, HIDDEN, HEADS, FFN, POSITIONS, TYPES = 6, 384, 12, 1536, 512, 2
HEAD_SIZE = HIDDEN // HEADS
LAYER_NORM_EPSILON = 1e-12
WEIGHT_STD = 0.02


class GraphBuilder:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.nodes = []
        self.initializers = []
        self.count = 0

    def constant(self, name: str, value) -> str:
        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def weight(self, name: str, shape) -> str:
        values = self.rng.standard_normal(shape, dtype=np.float32) * np.float32(WEIGHT_STD)
        return self.constant(name, values)

    def op(self, op_type: str, inputs, **attributes) -> str:
        self.count += 1
        output = f"{op_type.lower()}_{self.count}"
        self.nodes.append(helper.make_node(op_type, inputs, [output], name=f"{op_type}_{self.count}", **attributes))
        return output

    def layer_norm(self, x: str, prefix: str, output: str = None) -> str:
        mean = self.op("ReduceMean", [x], axes=[-1])
        centered = self.op("Sub", [x, mean])
        variance = self.op("ReduceMean", [self.op("Pow", [centered, "two"])], axes=[-1])
        std = self.op("Sqrt", [self.op("Add", [variance, "layer_norm_epsilon"])])
        scaled = self.op("Mul", [self.op("Div", [centered, std]), self.constant(f"{prefix}.gamma", np.ones(HIDDEN, np.float32))])
        result = self.op("Add", [scaled, self.constant(f"{prefix}.beta", np.zeros(HIDDEN, np.float32))])
        if output is not None:
            self.nodes[-1].output[0] = output
            return output
        return result

    def dense(self, x: str, prefix: str, rows: int, columns: int) -> str:
        product = self.op("MatMul", [x, self.weight(f"{prefix}.weight", (rows, columns))])
        return self.op("Add", [product, self.constant(f"{prefix}.bias", np.zeros(columns, np.float32))])

    def attention(self, x: str, mask_bias: str, prefix: str) -> str:
        def heads(name: str, perm):
            projected = self.dense(x, f"{prefix}.{name}", HIDDEN, HIDDEN)
            return self.op("Transpose", [self.op("Reshape", [projected, "heads_shape"])], perm=perm)

        q = heads("query", [0, 2, 1, 3])
        k = heads("key", [0, 2, 3, 1])
        v = heads("value", [0, 2, 1, 3])
        scores = self.op("Div", [self.op("MatMul", [q, k]), "head_scale"])
        probabilities = self.op("Softmax", [self.op("Add", [scores, mask_bias])], axis=3)
        context = self.op("Transpose", [self.op("MatMul", [probabilities, v])], perm=[0, 2, 1, 3])
        merged = self.op("Reshape", [context, "merged_shape"])
        return self.dense(merged, f"{prefix}.output", HIDDEN, HIDDEN)

    def gelu(self, x: str) -> str:
        erf = self.op("Erf", [self.op("Div", [x, "sqrt_two"])])
        return self.op("Mul", [self.op("Mul", [x, self.op("Add", [erf, "one"])]), "half"])


def build_graph(vocab_size: int, seed: int):
    g = GraphBuilder(seed)
    for name, value in [
        ("two", np.float32(2.0)), ("one", np.float32(1.0)), ("half", np.float32(0.5)),
        ("sqrt_two", np.float32(math.sqrt(2.0))), ("layer_norm_epsilon", np.float32(LAYER_NORM_EPSILON)),
        ("head_scale", np.float32(math.sqrt(HEAD_SIZE))), ("mask_fill", np.float32(-10000.0)),
        ("heads_shape", np.array([0, 0, HEADS, HEAD_SIZE], np.int64)), ("merged_shape", np.array([0, 0, HIDDEN], np.int64)),
        ("axis1_start", np.array([1], np.int64)), ("axis1_end", np.array([2], np.int64)),
        ("zero_1d", np.array([0], np.int64)), ("axis0", np.array([0], np.int64)),
    ]:
        g.constant(name, value)

    word = g.op("Gather", [g.weight("embeddings.word", (vocab_size, HIDDEN)), "input_ids"], axis=0)
    sequence_length = g.op("Slice", [g.op("Shape", ["input_ids"]), "axis1_start", "axis1_end"])
    position = g.op("Slice", [g.weight("embeddings.position", (POSITIONS, HIDDEN)), "zero_1d", sequence_length, "axis0"])
    token_type = g.op("Gather", [g.weight("embeddings.token_type", (TYPES, HIDDEN)), "token_type_ids"], axis=0)
    hidden = g.layer_norm(g.op("Add", [g.op("Add", [word, position]), token_type]), "embeddings.layer_norm")

    # Hugging Face's extended attention mask: (1 - mask) * -10000 added to the scores.
    mask = g.op("Cast", [g.op("Unsqueeze", [g.op("Unsqueeze", ["attention_mask"], axes=[1])], axes=[2])], to=TensorProto.FLOAT)
    mask_bias = g.op("Mul", [g.op("Sub", ["one", mask]), "mask_fill"])

    for layer in range(LAYERS):
        prefix = f"encoder.layer.{layer}"
        attended = g.op("Add", [g.attention(hidden, mask_bias, f"{prefix}.attention"), hidden])
        hidden = g.layer_norm(attended, f"{prefix}.attention.layer_norm")
        intermediate = g.gelu(g.dense(hidden, f"{prefix}.intermediate", HIDDEN, FFN))
        output = g.op("Add", [g.dense(intermediate, f"{prefix}.output", FFN, HIDDEN), hidden])
        last = layer == LAYERS - 1
        hidden = g.layer_norm(output, f"{prefix}.output.layer_norm", "last_hidden_state" if last else None)

    dims = ["batch_size", "sequence_length"]
    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, dims) for n in ("input_ids", "attention_mask", "token_type_ids")]
    outputs = [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, dims + [HIDDEN])]
    return helper.make_graph(g.nodes, "minilm_l6_shape", inputs, outputs, g.initializers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", required=True, help="model directory to write (replaced if present)")
    parser.add_argument("--vocab", required=True, help="BERT uncased vocab.txt (30,522 tokens)")
    parser.add_argument("--seed", type=int, default=20240607, help="weight seed (default 20240607)")
    parser.add_argument("--max-length", type=int, default=256,
                        help="tokens per text before truncation, at most 512 (default 256, as all-MiniLM-L6-v2)")
    args = parser.parse_args()
    if not 2 <= args.max_length <= POSITIONS:
        parser.error(f"--max-length must be between 2 and {POSITIONS}")

    with open(args.vocab, encoding="utf-8") as f:
        vocab = f.read().splitlines()
    while vocab and not vocab[-1]:
        vocab.pop()
    for token in ("[PAD]", "[UNK]", "[CLS]", "[SEP]"):
        if token not in vocab:
            raise SystemExit(f"{args.vocab}: no {token} token; a BERT WordPiece vocabulary is required")

    manifest = {
        "description": (
            "Shape of all-MiniLM-L6-v2 (6 layers, hidden 384, 12 heads, FFN 1536, 512 positions) with "
            f"seeded random weights (seed {args.seed}, std {WEIGHT_STD}); for throughput benchmarks, no semantics."
        ),
        "tokenizer": "wordpiece",
        "lowercase": True,
        "strip_accents": True,
        "max_length": args.max_length,
        "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask", "token_type_ids": "token_type_ids"},
        "output": "last_hidden_state",
        "pooling": "mean",
        "normalize": True,
        "dimension": HIDDEN,
    }
    model = model_files.make_model(build_graph(len(vocab), args.seed), manifest["description"])
    model_files.write_model_dir(args.output, model, vocab, manifest)
    print(f"minilm-l6-shape: {len(vocab)} tokens, {LAYERS} layers, hidden {HIDDEN} -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
