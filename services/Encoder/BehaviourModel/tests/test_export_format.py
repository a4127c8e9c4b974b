"""The export the trainer reads: a round trip, and bad input named by file, line, field and limit."""
import json

import numpy as np
import pytest

from behaviour_model.export_format import Event, ExportError, ExportLimits, read_export, write_export


def small_export(directory):
    write_export(directory, ["a", "b"], ["A", "B"], np.eye(2, 3, dtype=np.float32),
                 [Event("u", "a", "view", 1.0), Event("u", "b", "purchase", 2.0), Event("u", "gone", "view", 3.0)], "test-model")


def test_round_trip_skips_events_of_unknown_items(tmp_path):
    small_export(tmp_path)
    export = read_export(tmp_path)
    assert export.item_ids == ["a", "b"] and export.text_model == "test-model"
    assert export.events == [Event("u", "a", "view", 1.0), Event("u", "b", "purchase", 2.0)]
    assert export.skipped_events == 1
    assert export.index_of() == {"a": 1, "b": 2}


def rewrite_events(directory, record):
    (directory / "events.jsonl").write_text(json.dumps(record) + "\n")


@pytest.mark.parametrize("record, message", [
    ({"user_id": "", "item_id": "a", "action": "view", "timestamp": 1}, "line 1: 'user_id' must be a string of 1 to 128"),
    ({"user_id": "u", "item_id": "a", "action": "like", "timestamp": 1}, "line 1: 'action' must be one of"),
    ({"user_id": "u", "item_id": "a", "action": "view", "timestamp": "now"}, "line 1: 'timestamp' must be a finite number"),
])
def test_bad_events_name_line_and_field(tmp_path, record, message):
    small_export(tmp_path)
    rewrite_events(tmp_path, record)
    with pytest.raises(ExportError, match=message):
        read_export(tmp_path)


def test_limits_are_configurable(tmp_path):
    small_export(tmp_path)
    with pytest.raises(ExportError, match=r"more than max_items \(1\)"):
        read_export(tmp_path, ExportLimits(max_items=1))
    with pytest.raises(ExportError, match=r"'id' must be a string of 1 to 0 characters"):
        read_export(tmp_path, ExportLimits(max_id_length=0))


def test_embeddings_must_match_the_items(tmp_path):
    small_export(tmp_path)
    np.save(tmp_path / "item_embeddings.npy", np.zeros((3, 3), dtype=np.float32))
    with pytest.raises(ExportError, match=r"must be float32 \(items=2, dimension\)"):
        read_export(tmp_path)
    np.save(tmp_path / "item_embeddings.npy", np.array([[np.nan, 0, 0], [0, 0, 0]], dtype=np.float32))
    with pytest.raises(ExportError, match="row 0 \\(item 'a'\\) is not finite"):
        read_export(tmp_path)


def test_missing_file_is_named(tmp_path):
    small_export(tmp_path)
    (tmp_path / "events.jsonl").unlink()
    with pytest.raises(ExportError, match="events.jsonl is missing"):
        read_export(tmp_path)
