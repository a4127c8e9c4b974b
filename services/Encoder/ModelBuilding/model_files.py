"""Writes one model directory (model.onnx, vocab.txt, encoder.json) deterministically and atomically."""

import json
import os
import shutil
import tempfile

import onnx

# Opset 12 on purpose: ONNX Runtime's in-session fusions (LayerNormalization, Gelu, Attention) match
# the node versions of this opset, as found in Hugging Face BERT exports.
OPSET = 12
IR_VERSION = 7
PRODUCER = "recommender-model-building"


def make_model(graph: onnx.GraphProto, doc: str) -> onnx.ModelProto:
    model = onnx.helper.make_model(
        graph,
        producer_name=PRODUCER,
        opset_imports=[onnx.helper.make_opsetid("", OPSET)],
    )
    model.ir_version = IR_VERSION
    model.doc_string = doc
    onnx.checker.check_model(model, full_check=True)
    return model


def write_model_dir(target: str, model: onnx.ModelProto, vocab: list, manifest: dict) -> None:
    """Builds next to target and renames into place, so a crash never leaves a half-written model."""
    parent = os.path.dirname(os.path.abspath(target))
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix="." + os.path.basename(target) + ".", dir=parent)
    try:
        with open(os.path.join(staging, "model.onnx"), "wb") as f:
            f.write(model.SerializeToString())
        with open(os.path.join(staging, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(vocab) + "\n")
        with open(os.path.join(staging, "encoder.json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(manifest, f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.chmod(staging, 0o755)
        if os.path.exists(target):
            shutil.rmtree(target)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
