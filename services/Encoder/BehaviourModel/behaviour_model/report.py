"""The offline evaluation: the trained model against popularity and item-kNN on the same split
(each user's last item held out, every earlier item excluded, the whole catalog ranked)."""
import numpy as np

from .baselines import item_knn_scores, item_knn_similarity, popularity_scores
from .metrics import hit_metrics, target_ranks
from .training import test_metrics


def baseline_metrics(splits, item_count: int) -> dict:
    histories = [s.evaluation_history for s in splits]
    targets = [s.test_target for s in splits]
    popularity = np.tile(popularity_scores(histories, item_count), (len(histories), 1))
    knn = item_knn_scores(item_knn_similarity(histories, item_count), histories, item_count)
    return {"popularity": hit_metrics(target_ranks(popularity, targets, histories)),
            "item-kNN (co-visitation)": hit_metrics(target_ranks(knn, targets, histories))}


def markdown_table(result, baselines: dict) -> str:
    rows = dict(baselines)
    rows["behaviour model (alone, whole catalog)"] = test_metrics(result.model, result.splits)
    knn = baselines.get("item-kNN (co-visitation)")
    lines = ["| method | HR@10 | NDCG@10 | HR@10 / item-kNN |", "|---|---|---|---|"]
    for name, m in rows.items():
        ratio = f"{m.hit_rate / knn.hit_rate:.2f}x" if knn and knn.hit_rate > 0 else "n/a"
        lines.append(f"| {name} | {m.hit_rate:.4f} | {m.ndcg:.4f} | {ratio} |")
    return "\n".join(lines) + "\n"
