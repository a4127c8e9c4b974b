"""The same export, settings and seed give the same weights and scores; another seed does not."""
import dataclasses

import numpy as np
import torch

from behaviour_model.training import score_histories, train

from conftest import SMALL_SETTINGS, SMALL_SHAPE


def short_run(store, seed):
    settings = dataclasses.replace(SMALL_SETTINGS, seed=seed, max_epochs=3)
    return train(store, SMALL_SHAPE, settings, log=lambda _: None)


def test_same_seed_same_weights_and_scores(store):
    first, second = short_run(store, 5), short_run(store, 5)
    a, b = first.model.state_dict(), second.model.state_dict()
    assert a.keys() == b.keys()
    for name in a:
        assert torch.equal(a[name], b[name]), name
    histories = [s.evaluation_history for s in first.splits[:20]]
    assert np.array_equal(score_histories(first.model, histories), score_histories(second.model, histories))


def test_another_seed_other_weights(store):
    first, other = short_run(store, 5), short_run(store, 6)
    assert not torch.equal(first.model.item_ids.weight, other.model.item_ids.weight)
