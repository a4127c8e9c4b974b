"""Command line: python3 -m behaviour_model {movielens,train,reference} ... (--help on each)."""
import argparse
import dataclasses
import datetime
import json
import sys
from pathlib import Path

import numpy as np
import torch

from .export_format import read_export
from .model import ModelShape
from .movielens import export_movielens
from .onnx_export import export_model
from .report import baseline_metrics, markdown_table
from .synthetic import planted_store
from .training import TrainingSettings, score_histories, train


def _add_dataclass_options(parser, cls):
    for f in dataclasses.fields(cls):
        parser.add_argument("--" + f.name.replace("_", "-"), type=type(f.default), default=f.default,
                            help=f"default {f.default}")


def _of(cls, args):
    return cls(**{f.name: getattr(args, f.name) for f in dataclasses.fields(cls)})


def _log(line):
    print(line, file=sys.stderr, flush=True)


def train_and_export(export, shape, settings, out):
    result = train(export, shape, settings, log=_log)
    training = {
        "trained_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(result.seconds, 1), "cpu_seconds": round(result.cpu_seconds, 1), "threads": settings.threads,
        "users": len(result.splits), "events": len(export.events),
        "best_epoch": result.best_epoch, "epochs_run": result.epochs_run,
        "validation_hr_at_10": result.validation.hit_rate, "validation_ndcg_at_10": result.validation.ndcg,
        "shape": dataclasses.asdict(shape), "settings": dataclasses.asdict(settings),
    }
    manifest = export_model(result.model, export.item_ids, export.text_model, out, training)
    return result, manifest


def command_movielens(args):
    items, events = export_movielens(args.data, args.out)
    print(f"wrote {items} items and {events} events to {args.out}")


def command_train(args):
    export = read_export(args.export)
    if export.skipped_events:
        _log(f"{export.skipped_events} events skipped: their items are not in items.jsonl")
    shape, settings = _of(ModelShape, args), _of(TrainingSettings, args)
    result, manifest = train_and_export(export, shape, settings, args.out)
    report = (f"Trained in {result.seconds:.1f} s wall, {result.cpu_seconds:.1f} s CPU ({settings.threads} threads; best epoch {result.best_epoch} "
              f"of {result.epochs_run}; {len(result.splits)} users, {len(export.events)} events); "
              f"model {manifest['version']} in {args.out}\n\n")
    report += markdown_table(result, baseline_metrics(result.splits, len(export.item_ids)) if args.baselines else {})
    print(report)
    if args.report:
        Path(args.report).write_text(report)


def command_reference(args):
    """Trains a small model on the synthetic store, exports it, and writes reference.json: histories
    (as item ids) with the trainer's user vectors, for a serving runtime to reproduce."""
    torch.set_num_threads(1)
    export = planted_store()
    shape = ModelShape(dimension=32, blocks=2, heads=2, max_length=20, dropout=0.1)
    settings = TrainingSettings(seed=3, max_epochs=3, batch_size=64, learning_rate=3e-3)
    result, manifest = train_and_export(export, shape, settings, args.out)
    index = export.index_of()
    ids = export.item_ids
    histories = [s.evaluation_history for s in result.splits[:6]]
    histories += [histories[0][-1:], histories[1][-3:], histories[2] * 3]  # length 1, 3, and over max_length
    tails = [h[-shape.max_length:] for h in histories]
    with torch.no_grad():
        vectors = result.model.user_vectors(torch.from_numpy(np.array([[0] * (shape.max_length - len(t)) + t for t in tails])))
    scores = score_histories(result.model, histories)
    # The item tower on known items (their own index) and on the same texts as new items (index 0).
    tower_indices = torch.tensor([1, 2, 3, 0, 0], dtype=torch.int64)
    tower_texts = result.model.text_embeddings[[1, 2, 3, 1, 2]]
    with torch.no_grad():
        tower_vectors = result.model.item_vectors_of(tower_indices, tower_texts)
    reference = {"version": manifest["version"],
                 "histories": [[ids[i - 1] for i in t] for t in tails],
                 "user_vectors": vectors.numpy().tolist(),
                 "scores": scores[:, 1:].tolist(),
                 "item_tower": {"item_indices": tower_indices.tolist(), "text_embeddings": tower_texts.tolist(),
                                "item_vectors": tower_vectors.tolist()}}
    assert all(index[ids[i - 1]] == i for t in tails for i in t)
    (Path(args.out) / "reference.json").write_text(json.dumps(reference))
    print(f"reference model {manifest['version']} in {args.out}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m behaviour_model")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("movielens", help="write MovieLens (ml-latest-small) as an export")
    p.add_argument("--data", required=True, help="the folder with movies.csv and ratings.csv")
    p.add_argument("--out", required=True, help="the export folder to write")
    p.set_defaults(run=command_movielens)
    p = commands.add_parser("train", help="train on an export and write the model folder")
    p.add_argument("--export", required=True)
    p.add_argument("--out", required=True, help="the model folder to write (encoder.json, ONNX graphs, item vectors)")
    p.add_argument("--baselines", action="store_true", help="also evaluate popularity and item-kNN on the same split")
    p.add_argument("--report", help="also write the report (markdown) here")
    _add_dataclass_options(p, ModelShape)
    _add_dataclass_options(p, TrainingSettings)
    p.set_defaults(run=command_train)
    p = commands.add_parser("reference", help="a small model on the synthetic store plus reference.json, for checking a serving runtime")
    p.add_argument("--out", required=True)
    p.set_defaults(run=command_reference)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
