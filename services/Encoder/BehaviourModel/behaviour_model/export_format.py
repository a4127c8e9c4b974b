"""The export the trainer reads: one directory holding

  manifest.json          {"format": "recommender.behaviour.export", "version": 1,
                          "text_model": name of what made the text embeddings, "text_dimension": D}
  items.jsonl            one item per line, {"id": ..., "title": ...}; line i is row i of the embeddings
  item_embeddings.npy    float32 (items, D): each item's pre-trained text embedding
  events.jsonl           one event per line, {"user_id", "item_id", "action", "timestamp"}
                         (timestamp in Unix seconds; action as in recsys.v1.Action, e.g. "rating")

Every limit is a field of ExportLimits; a violation raises ExportError naming the file, the line,
the field and the limit.
"""
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FORMAT = "recommender.behaviour.export"
VERSION = 1
ACTIONS = ("view", "click", "cart", "purchase", "rating")


class ExportError(ValueError):
    pass


@dataclass(frozen=True)
class ExportLimits:
    max_id_length: int = 128
    max_items: int = 5_000_000
    max_events: int = 200_000_000
    max_text_dimension: int = 4096


@dataclass(frozen=True)
class Event:
    user_id: str
    item_id: str
    action: str
    timestamp: float


@dataclass
class Export:
    item_ids: list          # row order of text_embeddings
    titles: list
    text_embeddings: np.ndarray  # float32 (items, D)
    events: list            # of Event
    text_model: str
    skipped_events: int = 0  # events whose item is not in items.jsonl

    def index_of(self) -> dict:
        """Item id -> model index (1-based; 0 is padding)."""
        return {item_id: i + 1 for i, item_id in enumerate(self.item_ids)}


def write_export(directory, item_ids, titles, text_embeddings, events, text_model):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    embeddings = np.ascontiguousarray(text_embeddings, dtype=np.float32)
    if embeddings.ndim != 2 or embeddings.shape[0] != len(item_ids):
        raise ExportError(f"text_embeddings must be (items={len(item_ids)}, dimension), got {embeddings.shape}")
    manifest = {"format": FORMAT, "version": VERSION, "text_model": text_model,
                "text_dimension": int(embeddings.shape[1]), "items": len(item_ids), "events": len(events)}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    with open(directory / "items.jsonl", "w", encoding="utf-8") as out:
        for item_id, title in zip(item_ids, titles):
            out.write(json.dumps({"id": item_id, "title": title}, ensure_ascii=False) + "\n")
    np.save(directory / "item_embeddings.npy", embeddings)
    with open(directory / "events.jsonl", "w", encoding="utf-8") as out:
        for e in events:
            out.write(json.dumps({"user_id": e.user_id, "item_id": e.item_id, "action": e.action,
                                  "timestamp": e.timestamp}) + "\n")


def _json_lines(path):
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as error:
                    raise ExportError(f"{path.name} line {number}: not JSON ({error.msg})") from None


def _id(path, number, record, field, limits):
    value = record.get(field)
    if not isinstance(value, str) or not 1 <= len(value) <= limits.max_id_length:
        raise ExportError(f"{path.name} line {number}: '{field}' must be a string of 1 to {limits.max_id_length} characters")
    return value


def read_export(directory, limits: ExportLimits = ExportLimits()) -> Export:
    directory = Path(directory)
    for name in ("manifest.json", "items.jsonl", "item_embeddings.npy", "events.jsonl"):
        if not (directory / name).is_file():
            raise ExportError(f"{directory}: {name} is missing (see behaviour_model/export_format.py for the format)")
    manifest = json.loads((directory / "manifest.json").read_text())
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ExportError(f"manifest.json: 'format' must be '{FORMAT}' and 'version' {VERSION}, "
                          f"got '{manifest.get('format')}' version {manifest.get('version')}")

    path = directory / "items.jsonl"
    item_ids, titles, seen = [], [], set()
    for number, record in _json_lines(path):
        item_id = _id(path, number, record, "id", limits)
        if item_id in seen:
            raise ExportError(f"items.jsonl line {number}: 'id' {item_id!r} appears twice")
        if len(item_ids) == limits.max_items:
            raise ExportError(f"items.jsonl: more than max_items ({limits.max_items}) items")
        seen.add(item_id)
        item_ids.append(item_id)
        titles.append(str(record.get("title", "")))
    if not item_ids:
        raise ExportError("items.jsonl: no items")

    embeddings = np.load(directory / "item_embeddings.npy", allow_pickle=False)
    if embeddings.dtype != np.float32 or embeddings.ndim != 2 or embeddings.shape[0] != len(item_ids):
        raise ExportError(f"item_embeddings.npy: must be float32 (items={len(item_ids)}, dimension), "
                          f"got {embeddings.dtype} {embeddings.shape}")
    if not 1 <= embeddings.shape[1] <= limits.max_text_dimension:
        raise ExportError(f"item_embeddings.npy: dimension must be 1 to max_text_dimension ({limits.max_text_dimension}), got {embeddings.shape[1]}")
    if embeddings.shape[1] != manifest.get("text_dimension"):
        raise ExportError(f"manifest.json: 'text_dimension' {manifest.get('text_dimension')} differs from item_embeddings.npy's {embeddings.shape[1]}")
    if not np.isfinite(embeddings).all():
        row = int(np.argwhere(~np.isfinite(embeddings))[0][0])
        raise ExportError(f"item_embeddings.npy: row {row} (item {item_ids[row]!r}) is not finite")

    path = directory / "events.jsonl"
    events, skipped = [], 0
    for number, record in _json_lines(path):
        user_id = _id(path, number, record, "user_id", limits)
        item_id = _id(path, number, record, "item_id", limits)
        action = record.get("action")
        if action not in ACTIONS:
            raise ExportError(f"events.jsonl line {number}: 'action' must be one of {', '.join(ACTIONS)}, got {action!r}")
        timestamp = record.get("timestamp")
        if isinstance(timestamp, bool) or not isinstance(timestamp, (int, float)) or not math.isfinite(timestamp):
            raise ExportError(f"events.jsonl line {number}: 'timestamp' must be a finite number of Unix seconds, got {timestamp!r}")
        if item_id not in seen:
            skipped += 1
            continue
        if len(events) == limits.max_events:
            raise ExportError(f"events.jsonl: more than max_events ({limits.max_events}) events")
        events.append(Event(user_id, item_id, action, float(timestamp)))
    return Export(item_ids, titles, embeddings, events, str(manifest.get("text_model", "")), skipped)
