"""Trains the behaviour model on an export: next-item prediction with a full softmax over the
catalog, Adam, early stopping on the validation targets' NDCG@10. Seeded: the same export,
settings and seed give the same weights (on the same thread count)."""
import copy
import time
from dataclasses import dataclass, field

import numpy as np
import torch

from .metrics import HitMetrics, hit_metrics, target_ranks
from .model import BehaviourModel, ModelShape
from .sequences import hold_out_last_two, left_padded, training_windows, user_sequences


@dataclass(frozen=True)
class TrainingSettings:
    seed: int = 7
    max_epochs: int = 200
    patience: int = 5            # epochs without a better validation NDCG@10 before stopping
    batch_size: int = 128        # training windows per step
    learning_rate: float = 1e-3
    weight_decay: float = 0.0
    threads: int = 1
    negatives: int = 0           # 0: softmax over the whole catalog; else over the target and this many
                                 # items drawn uniformly per step (shared by the step's positions)

    def __post_init__(self):
        if self.negatives < 0:
            raise ValueError(f"negatives must be >= 0, got {self.negatives}")
        for name in ("max_epochs", "patience", "batch_size", "threads"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not self.learning_rate > 0:
            raise ValueError(f"learning_rate must be > 0, got {self.learning_rate}")
        if self.weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0, got {self.weight_decay}")


@dataclass
class TrainingResult:
    model: BehaviourModel
    splits: list
    best_epoch: int
    epochs_run: int
    seconds: float
    cpu_seconds: float           # of this process, all threads: wall time says little on a shared machine
    validation: HitMetrics
    curve: list = field(default_factory=list)  # (epoch, mean loss, validation NDCG@10)


def seed_everything(seed: int, threads: int):
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


@torch.no_grad()
def score_histories(model: BehaviourModel, histories, batch_size: int = 256) -> np.ndarray:
    """(users, N + 1) dot products of each history's user vector with every item vector."""
    model.eval()
    vectors = model.item_vectors()
    out = []
    for start in range(0, len(histories), batch_size):
        batch = torch.from_numpy(left_padded(histories[start:start + batch_size], model.shape.max_length))
        out.append((model.sequence_states(batch, vectors)[:, -1, :] @ vectors.T).numpy())
    return np.concatenate(out) if out else np.zeros((0, model.item_count + 1), dtype=np.float32)


def validation_metrics(model, splits) -> HitMetrics:
    scores = score_histories(model, [s.training for s in splits])
    return hit_metrics(target_ranks(scores, [s.validation_target for s in splits], [s.training for s in splits]))


def test_metrics(model, splits) -> HitMetrics:
    """The harness's protocol: history = all but the last item, every earlier item excluded."""
    histories = [s.evaluation_history for s in splits]
    scores = score_histories(model, histories)
    return hit_metrics(target_ranks(scores, [s.test_target for s in splits], histories))


def next_item_loss(states, item_vectors, targets, negatives: int, generator):
    """Cross-entropy of each position's next item. states (B, L, d); item_vectors (N, d); targets
    (B, L) in 0..N-1, -1 where there is none."""
    states, targets = states.reshape(-1, states.shape[-1]), targets.reshape(-1)
    if negatives == 0 or negatives >= item_vectors.shape[0]:
        return torch.nn.functional.cross_entropy(states @ item_vectors.T, targets, ignore_index=-1)
    keep = targets >= 0
    states, targets = states[keep], targets[keep]
    sampled = torch.randint(0, item_vectors.shape[0], (negatives,), generator=generator)
    positive = (states * item_vectors[targets]).sum(-1, keepdim=True)
    negative = (states @ item_vectors[sampled].T).masked_fill(sampled.unsqueeze(0) == targets.unsqueeze(1), -1e9)
    logits = torch.cat([positive, negative], dim=1)
    return torch.nn.functional.cross_entropy(logits, torch.zeros(len(targets), dtype=torch.int64))


def train(export, shape: ModelShape = ModelShape(), settings: TrainingSettings = TrainingSettings(), log=print) -> TrainingResult:
    started, cpu_started = time.perf_counter(), time.process_time()
    seed_everything(settings.seed, settings.threads)
    splits = hold_out_last_two(user_sequences(export))
    if not splits:
        raise ValueError("the export has no user with at least three events on catalog items: nothing to train on")
    inputs, targets = training_windows([s.training for s in splits], shape.max_length)
    if len(inputs) == 0:
        raise ValueError("the users' training parts hold no pair of consecutive items: nothing to train on")
    inputs, targets = torch.from_numpy(inputs), torch.from_numpy(targets) - 1  # targets over items 1..N; -1 = none

    model = BehaviourModel(torch.from_numpy(export.text_embeddings), shape)
    optimiser = torch.optim.Adam(model.parameters(), lr=settings.learning_rate, weight_decay=settings.weight_decay)
    shuffle = torch.Generator().manual_seed(settings.seed)
    best, best_state, best_epoch, since_best, curve = None, None, 0, 0, []
    epoch = 0
    for epoch in range(1, settings.max_epochs + 1):
        model.train()
        total, steps = 0.0, 0
        for batch in torch.randperm(len(inputs), generator=shuffle).split(settings.batch_size):
            vectors = model.item_vectors()
            states = model.sequence_states(inputs[batch], vectors)
            loss = next_item_loss(states, vectors[1:], targets[batch], settings.negatives, shuffle)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total, steps = total + loss.item(), steps + 1
        validation = validation_metrics(model, splits)
        curve.append((epoch, total / steps, validation.ndcg))
        log(f"epoch {epoch}: loss {total / steps:.4f}, validation HR@10 {validation.hit_rate:.4f} NDCG@10 {validation.ndcg:.4f}")
        if best is None or validation.ndcg > best.ndcg:
            best, best_state, best_epoch, since_best = validation, copy.deepcopy(model.state_dict()), epoch, 0
        else:
            since_best += 1
            if since_best >= settings.patience:
                break
    model.load_state_dict(best_state)
    model.eval()
    return TrainingResult(model, splits, best_epoch, epoch, time.perf_counter() - started,
                          time.process_time() - cpu_started, best, curve)
