import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from behaviour_model.model import ModelShape  # noqa: E402
from behaviour_model.synthetic import planted_store  # noqa: E402
from behaviour_model.training import TrainingSettings, train  # noqa: E402

# The machine is shared: one thread, and a model small enough to train in seconds.
torch.set_num_threads(1)
SMALL_SHAPE = ModelShape(dimension=32, blocks=2, heads=2, max_length=20, dropout=0.1)
SMALL_SETTINGS = TrainingSettings(seed=11, max_epochs=80, patience=10, batch_size=64, learning_rate=3e-3, threads=1)


@pytest.fixture(scope="session")
def store():
    return planted_store()


@pytest.fixture(scope="session")
def trained(store):
    return train(store, SMALL_SHAPE, SMALL_SETTINGS, log=lambda _: None)
