"""HR@k and NDCG@k with one target per user, as the ranking harness computes them: every item
scored, excluded items left out, ties to the lower index (the harness's TopScores)."""
import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class HitMetrics:
    users: int
    hit_rate: float
    ndcg: float


def target_ranks(scores: np.ndarray, targets, excluded) -> np.ndarray:
    """scores: (users, N + 1) over model indices (column 0, padding, never ranks); targets: one index
    per user; excluded: one collection of indices per user (the target itself is never excluded).
    Returns each target's 0-based rank among the items that are not excluded."""
    ranks = np.empty(len(targets), dtype=np.int64)
    columns = np.arange(scores.shape[1])
    for row, (target, leave_out) in enumerate(zip(targets, excluded)):
        valid = np.ones(scores.shape[1], dtype=bool)
        valid[0] = False
        valid[np.fromiter(leave_out, dtype=np.int64)] = False
        valid[target] = True
        score = scores[row, target]
        ahead = (scores[row] > score) | ((scores[row] == score) & (columns < target))
        ranks[row] = int(np.count_nonzero(ahead & valid))
    return ranks


def hit_metrics(ranks: np.ndarray, k: int = 10) -> HitMetrics:
    hits = ranks < k
    gains = np.where(hits, 1.0 / np.log2(ranks + 2.0), 0.0)
    return HitMetrics(len(ranks), float(hits.mean()) if len(ranks) else math.nan,
                      float(gains.mean()) if len(ranks) else math.nan)
