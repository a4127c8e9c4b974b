"""Users' item sequences from an export, the hold-out split, and the padded arrays the model takes."""
from collections import defaultdict
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class UserSplit:
    """One user's items in time order, cut like the ranking harness's HoldOutSplit: the last item is
    the test target, the second-to-last the validation target, the rest is training."""
    user_id: str
    training: list
    validation_target: int
    test_target: int

    @property
    def evaluation_history(self) -> list:
        """What the test may know: the training items and the validation target."""
        return self.training + [self.validation_target]


def _user_order(user_id):
    return (0, int(user_id), user_id) if user_id.isdigit() else (1, 0, user_id)


def user_sequences(export) -> dict:
    """User id -> model item indices in time order (ties by item id), a repeat of the item just
    before collapsed (a view, click and purchase of one item are one step)."""
    index = export.index_of()
    by_user = defaultdict(list)
    for event in export.events:
        by_user[event.user_id].append((event.timestamp, event.item_id))
    sequences = {}
    for user_id in sorted(by_user, key=_user_order):
        items = []
        for _, item_id in sorted(by_user[user_id]):
            if not items or items[-1] != index[item_id]:
                items.append(index[item_id])
        sequences[user_id] = items
    return sequences


def hold_out_last_two(sequences: dict) -> list:
    """Every user with at least three items, split into training, validation and test targets."""
    return [UserSplit(user_id, items[:-2], items[-2], items[-1])
            for user_id, items in sequences.items() if len(items) >= 3]


def left_padded(histories, length: int) -> np.ndarray:
    """(users, length) int64: each history's last `length` items, left-padded with 0."""
    out = np.zeros((len(histories), length), dtype=np.int64)
    for row, history in enumerate(histories):
        tail = history[-length:]
        if tail:
            out[row, length - len(tail):] = tail
    return out


def training_windows(histories, max_length: int):
    """Next-item training pairs: each history cut from its end into windows of max_length + 1 items;
    input = the window without its last item, target = without its first (0 = no target). Returns
    (inputs, targets), both (windows, max_length) int64, left-padded."""
    inputs, targets = [], []
    for history in histories:
        end = len(history)
        while end >= 2:
            start = max(0, end - max_length - 1)
            window = history[start:end]
            inputs.append(window[:-1])
            targets.append(window[1:])
            end = start + 1 if start > 0 else 0
    return left_padded(inputs, max_length), left_padded(targets, max_length)
