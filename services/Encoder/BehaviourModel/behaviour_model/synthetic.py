"""A synthetic store whose users follow planted sequences, for tests: in each group of four items
(A, B, C, D), "A then B" is followed by C and "B then A" by D. Every user's last three events are
one such chain; earlier events mix popular noise items with other chains. Co-visitation sees the
same pairs {A, B} before C and before D, and C and D are rarer than the popular noise items, so
only an order-aware model can tell which comes next."""
from dataclasses import dataclass

import numpy as np

from .export_format import Event, Export


@dataclass(frozen=True)
class SyntheticShape:
    users: int = 300
    groups: int = 10
    noise_items: int = 80
    noise_per_user: int = 12
    earlier_chains: int = 3
    text_dimension: int = 16
    seed: int = 1


def planted_store(shape: SyntheticShape = SyntheticShape()) -> Export:
    random = np.random.default_rng(shape.seed)
    chain_items = [[f"g{g:02d}-{part}" for part in "ABCD"] for g in range(shape.groups)]
    noise = [f"noise-{i:03d}" for i in range(shape.noise_items)]
    popularity = 1.0 / np.arange(1, shape.noise_items + 1)
    popularity /= popularity.sum()

    def chain(group: int) -> list:
        a, b, c, d = chain_items[group]
        return [a, b, c] if random.random() < 0.5 else [b, a, d]

    events = []
    for user in range(shape.users):
        groups = random.choice(shape.groups, size=shape.earlier_chains + 1, replace=False)
        pieces = [[item] for item in random.choice(noise, size=shape.noise_per_user, replace=False, p=popularity)]
        pieces += [chain(int(g)) for g in groups[:-1]]
        order = random.permutation(len(pieces))
        history = [item for i in order for item in pieces[i]] + chain(int(groups[-1]))
        start = 1_600_000_000 + 86_400 * user
        events += [Event(f"user-{user:04d}", item, "view", float(start + 60 * t)) for t, item in enumerate(history)]

    item_ids = [item for group in chain_items for item in group] + noise
    embeddings = random.standard_normal((len(item_ids), shape.text_dimension)).astype(np.float32)
    return Export(item_ids, item_ids, embeddings, events, "synthetic-random")
