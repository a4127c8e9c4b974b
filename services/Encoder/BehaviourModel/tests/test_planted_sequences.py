"""After A then B comes C, after B then A comes D: the behaviour model ranks the right one first
for most users; popularity and co-visitation cannot."""
import numpy as np

from behaviour_model.baselines import item_knn_scores, item_knn_similarity, popularity_scores
from behaviour_model.metrics import target_ranks
from behaviour_model.training import score_histories


def first_place_share(scores, splits):
    histories = [s.evaluation_history for s in splits]
    ranks = target_ranks(scores, [s.test_target for s in splits], histories)
    return float(np.mean(ranks == 0))


def test_the_model_ranks_the_planted_next_item_first(trained):
    splits = trained.splits
    share = first_place_share(score_histories(trained.model, [s.evaluation_history for s in splits]), splits)
    assert share >= 0.8, f"the planted next item ranked first for {share:.0%} of users"


def test_popularity_and_co_visitation_do_not(trained, store):
    splits = trained.splits
    histories = [s.evaluation_history for s in splits]
    items = len(store.item_ids)
    popularity = np.tile(popularity_scores(histories, items), (len(histories), 1))
    co_visitation = item_knn_scores(item_knn_similarity(histories, items), histories, items)
    assert first_place_share(popularity, splits) <= 0.2
    assert first_place_share(co_visitation, splits) <= 0.6


def test_early_stopping_kept_the_best_validation_epoch(trained):
    best = max(ndcg for _, _, ndcg in trained.curve)
    assert trained.validation.ndcg == best
    assert trained.curve[trained.best_epoch - 1][2] == best
    assert trained.epochs_run < 80, "training ran to max_epochs: early stopping never stopped it"
