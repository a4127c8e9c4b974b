"""Writes a trained model as the directory the encoder will serve:

  user_tower.onnx   item_indices int64 (batch, length) left-padded with 0, 1 <= length <= max_length
                    -> user_vector float32 (batch, dimension)
  item_tower.onnx   item_indices int64 (n,) (0 for an item trained without), text_embeddings float32
                    (n, text_dimension) -> item_vectors float32 (n, dimension)
  item_vectors.f32  the vector of every trained item, row i = index i + 1: float32 little-endian,
                    row-major (items, dimension), no header (shape in encoder.json)
  item_ids.txt      one item id per line, line i = index i + 1
  encoder.json      "kind": "sequence", names, shapes, the version and how it was trained

Scores are dot products of a user vector with item vectors. The version is a hash of the graphs and
the item vectors, so whoever serves the user tower and whoever serves the item vectors can check
that they hold the same model.
"""
import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import torch

from .model import ItemTower, UserTower

OPSET = 17  # the newest torch 1.13 exports; ONNX Runtime 1.32 runs opsets up to 23
FORMAT_VERSION = 1


def export_model(model, item_ids, text_model: str, directory, training: dict) -> dict:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    model.eval()
    shape = model.shape
    example = torch.zeros((2, shape.max_length), dtype=torch.int64)
    example[:, -2:] = torch.tensor([[1, min(2, model.item_count)], [min(2, model.item_count), 1]])
    with torch.no_grad():
        torch.onnx.export(UserTower(model).eval(), (example,), directory / "user_tower.onnx",
                          input_names=["item_indices"], output_names=["user_vector"],
                          dynamic_axes={"item_indices": {0: "batch", 1: "length"}, "user_vector": {0: "batch"}},
                          opset_version=OPSET, do_constant_folding=True)
        indices = torch.tensor([1, 0], dtype=torch.int64)
        texts = model.text_embeddings[[1, 1]]
        torch.onnx.export(ItemTower(model).eval(), (indices, texts), directory / "item_tower.onnx",
                          input_names=["item_indices", "text_embeddings"], output_names=["item_vectors"],
                          dynamic_axes={"item_indices": {0: "items"}, "text_embeddings": {0: "items"}, "item_vectors": {0: "items"}},
                          opset_version=OPSET, do_constant_folding=True)
        item_vectors = model.item_vectors()[1:].numpy().astype(np.float32)
    # The exporter restores each tower's training flag, and a fresh module's is True: the towers are
    # built in eval mode so that the model is left in eval mode (no dropout) after export.
    assert not model.training
    for name in ("user_tower.onnx", "item_tower.onnx"):
        onnx.checker.check_model(onnx.load(directory / name), full_check=True)
    item_vectors.astype("<f4").tofile(directory / "item_vectors.f32")
    (directory / "item_ids.txt").write_text("".join(f"{i}\n" for i in item_ids), encoding="utf-8")

    digest = hashlib.sha256()
    for name in ("user_tower.onnx", "item_tower.onnx", "item_vectors.f32", "item_ids.txt"):
        digest.update((directory / name).read_bytes())
    manifest = {
        "kind": "sequence",
        "format_version": FORMAT_VERSION,
        "version": "behaviour-" + digest.hexdigest()[:16],
        "dimension": shape.dimension,
        "max_length": shape.max_length,
        "item_count": model.item_count,
        "score": "dot",
        "text_model": text_model,
        "text_dimension": int(model.text_embeddings.shape[1]),
        "opset": OPSET,
        "user_tower": {"file": "user_tower.onnx", "input": "item_indices", "output": "user_vector"},
        "item_tower": {"file": "item_tower.onnx", "inputs": ["item_indices", "text_embeddings"], "output": "item_vectors"},
        "item_vectors": "item_vectors.f32",
        "item_ids": "item_ids.txt",
        "training": training,
    }
    (directory / "encoder.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest
