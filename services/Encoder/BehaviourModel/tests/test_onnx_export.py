"""The exported folder: graphs that pass the ONNX checker with dynamic batch and length, the item
vectors the trainer scores with, and a version that depends only on the weights. (ONNX Runtime
itself runs the graphs in tests/BehaviourModel.Tests, against the trainer's numbers.)"""
import json

import numpy as np
import onnx

from behaviour_model.onnx_export import OPSET, export_model


def export(trained, store, directory):
    return export_model(trained.model, store.item_ids, store.text_model, directory, {"note": "test"})


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def test_graphs_have_dynamic_batch_and_length(trained, store, tmp_path):
    manifest = export(trained, store, tmp_path)
    user_tower = onnx.load(tmp_path / manifest["user_tower"]["file"])
    onnx.checker.check_model(user_tower, full_check=True)
    assert [o.version for o in user_tower.opset_import if o.domain in ("", "ai.onnx")] == [OPSET]
    assert dims(user_tower.graph.input[0]) == ["batch", "length"]
    assert dims(user_tower.graph.output[0]) == ["batch", trained.model.shape.dimension]
    item_tower = onnx.load(tmp_path / manifest["item_tower"]["file"])
    assert [i.name for i in item_tower.graph.input] == ["item_indices", "text_embeddings"]
    assert dims(item_tower.graph.input[1]) == ["items", store.text_embeddings.shape[1]]


def test_item_vectors_and_ids_are_the_trainers(trained, store, tmp_path):
    manifest = export(trained, store, tmp_path)
    vectors = np.fromfile(tmp_path / manifest["item_vectors"], dtype="<f4").reshape(len(store.item_ids), manifest["dimension"])
    assert np.array_equal(vectors, trained.model.item_vectors()[1:].detach().numpy())
    assert (tmp_path / manifest["item_ids"]).read_text().splitlines() == store.item_ids
    assert json.loads((tmp_path / "encoder.json").read_text())["kind"] == "sequence"


def test_version_follows_the_weights(trained, store, tmp_path):
    first = export(trained, store, tmp_path / "a")["version"]
    assert export(trained, store, tmp_path / "b")["version"] == first
    original = trained.model.item_ids.weight.detach().clone()
    try:
        trained.model.item_ids.weight.data[1, 0] += 1.0
        assert export(trained, store, tmp_path / "c")["version"] != first
    finally:
        trained.model.item_ids.weight.data.copy_(original)
