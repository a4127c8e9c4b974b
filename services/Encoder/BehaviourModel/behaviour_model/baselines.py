"""The ranking harness's baselines (tests/bench/RankingHarness/Baselines), over model indices:
popularity (times rated in the histories) and item-kNN (co-occurrence in users' histories,
cosine-normalised; a user's score for j is the sum of j's similarities to the history's items)."""
import numpy as np


def popularity_scores(histories, item_count: int) -> np.ndarray:
    """(N + 1,) counts; column 0 is padding."""
    counts = np.zeros(item_count + 1, dtype=np.float32)
    for history in histories:
        np.add.at(counts, history, 1.0)
    return counts


def _user_item_matrix(histories, item_count: int) -> np.ndarray:
    matrix = np.zeros((len(histories), item_count + 1), dtype=np.float32)
    for row, history in enumerate(histories):
        matrix[row, list(set(history))] = 1.0
    return matrix


def item_knn_similarity(histories, item_count: int) -> np.ndarray:
    """(N + 1, N + 1) cosine of the items' user columns, diagonal 0."""
    users = _user_item_matrix(histories, item_count)
    co_occurrence = users.T @ users
    norms = np.sqrt(np.diag(co_occurrence).copy())
    norms[norms == 0] = 1.0
    similarity = co_occurrence / norms[:, None] / norms[None, :]
    np.fill_diagonal(similarity, 0.0)
    return similarity


def item_knn_scores(similarity: np.ndarray, histories, item_count: int) -> np.ndarray:
    """(users, N + 1): each history's summed similarities."""
    return _user_item_matrix(histories, item_count) @ similarity
