"""The behaviour model: causal self-attention over a user's recent items (SASRec).

Items are indexed 1..N; index 0 is padding. An item's vector is a learned id embedding plus a
learned projection of its pre-trained text embedding, so an item the model never saw in training
(id embedding left at zero) still has a vector from its text. Sequences are left-padded: the last
column is the most recent item, and positions count back from it, so one sequence gives the same
user vector whatever padding surrounds it in a batch.
"""
import math
from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class ModelShape:
    dimension: int = 64
    blocks: int = 2
    heads: int = 2
    max_length: int = 50
    dropout: float = 0.2

    def __post_init__(self):
        for name, value, low in (("dimension", self.dimension, 1), ("blocks", self.blocks, 1),
                                 ("heads", self.heads, 1), ("max_length", self.max_length, 1)):
            if value < low:
                raise ValueError(f"{name} must be at least {low}, got {value}")
        if self.dimension % self.heads:
            raise ValueError(f"dimension ({self.dimension}) must be a multiple of heads ({self.heads})")
        if not 0 <= self.dropout < 1:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}")


class CausalSelfAttention(nn.Module):
    def __init__(self, shape: ModelShape):
        super().__init__()
        self.heads = shape.heads
        self.head_dimension = shape.dimension // shape.heads
        self.query_key_value = nn.Linear(shape.dimension, 3 * shape.dimension)
        self.output = nn.Linear(shape.dimension, shape.dimension)
        self.dropout = nn.Dropout(shape.dropout)

    def forward(self, x, allowed):
        # x: (B, L, d); allowed: (B, 1, L, L) bool, True where a query may attend to a key.
        batch, length, dimension = x.shape
        q, k, v = self.query_key_value(x).chunk(3, dim=-1)
        q, k, v = (t.reshape(batch, length, self.heads, self.head_dimension).transpose(1, 2) for t in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dimension)
        # A large negative number, not -inf: a padded query row (it may attend only to itself) must
        # not produce NaN that could reach real rows through 0 * NaN.
        scores = scores.masked_fill(~allowed, -1e9)
        attended = self.dropout(torch.softmax(scores, dim=-1)) @ v
        return self.output(attended.transpose(1, 2).reshape(batch, length, dimension))


class Block(nn.Module):
    """Pre-norm transformer block: attention and a feed-forward layer, each with a residual."""

    def __init__(self, shape: ModelShape):
        super().__init__()
        self.attention_norm = nn.LayerNorm(shape.dimension)
        self.attention = CausalSelfAttention(shape)
        self.feed_forward_norm = nn.LayerNorm(shape.dimension)
        self.feed_forward = nn.Sequential(
            nn.Linear(shape.dimension, shape.dimension), nn.GELU(), nn.Dropout(shape.dropout),
            nn.Linear(shape.dimension, shape.dimension))
        self.dropout = nn.Dropout(shape.dropout)

    def forward(self, x, allowed, present):
        x = x + self.dropout(self.attention(self.attention_norm(x), allowed))
        x = x + self.dropout(self.feed_forward(self.feed_forward_norm(x)))
        return x * present


class BehaviourModel(nn.Module):
    def __init__(self, text_embeddings: torch.Tensor, shape: ModelShape):
        """text_embeddings: (N, D) float, row i-1 for item index i."""
        super().__init__()
        if text_embeddings.dim() != 2 or text_embeddings.shape[0] < 1:
            raise ValueError(f"text_embeddings must be (items, dimension) with at least one item, got {tuple(text_embeddings.shape)}")
        self.shape = shape
        item_count, text_dimension = text_embeddings.shape
        padded = torch.cat([torch.zeros(1, text_dimension), text_embeddings.float()])
        self.register_buffer("text_embeddings", padded)
        self.item_ids = nn.Embedding(item_count + 1, shape.dimension, padding_idx=0)
        self.text_projection = nn.Linear(text_dimension, shape.dimension, bias=False)
        self.positions = nn.Embedding(shape.max_length, shape.dimension)
        self.input_dropout = nn.Dropout(shape.dropout)
        self.blocks = nn.ModuleList(Block(shape) for _ in range(shape.blocks))
        self.final_norm = nn.LayerNorm(shape.dimension)
        nn.init.normal_(self.item_ids.weight, std=0.02)
        with torch.no_grad():
            self.item_ids.weight[0].zero_()

    @property
    def item_count(self) -> int:
        return self.text_embeddings.shape[0] - 1

    def item_vectors_of(self, indices: torch.Tensor, text_embeddings: torch.Tensor) -> torch.Tensor:
        """Vectors of items given their indices (0 for an item the model has no id for) and text embeddings."""
        return self.item_ids(indices) + self.text_projection(text_embeddings)

    def item_vectors(self) -> torch.Tensor:
        """(N + 1, d): every known item's vector, row 0 (padding) included."""
        indices = torch.arange(self.item_count + 1)
        return self.item_vectors_of(indices, self.text_embeddings)

    def sequence_states(self, sequences: torch.Tensor, item_vectors: torch.Tensor) -> torch.Tensor:
        """sequences: (B, L) int64 left-padded with 0, L <= max_length. Returns (B, L, d)."""
        length = sequences.shape[1]
        present = (sequences > 0).unsqueeze(-1).float()
        x = item_vectors[sequences] * math.sqrt(self.shape.dimension)
        columns = torch.arange(length, device=sequences.device)
        recency = length - 1 - columns
        x = self.input_dropout(x + self.positions(recency)) * present
        # Comparisons rather than tril/eye: they export to ONNX with a dynamic length.
        causal = columns.unsqueeze(0) <= columns.unsqueeze(1)  # (L query, L key)
        own = columns.unsqueeze(0) == columns.unsqueeze(1)
        key_present = (sequences > 0).unsqueeze(1).unsqueeze(2)  # (B, 1, 1, L)
        allowed = causal & (key_present | own)
        for block in self.blocks:
            x = block(x, allowed, present)
        return self.final_norm(x)

    def user_vectors(self, sequences: torch.Tensor) -> torch.Tensor:
        """(B, L) left-padded item indices -> (B, d): the state at the last (most recent) position."""
        return self.sequence_states(sequences, self.item_vectors())[:, -1, :]


class UserTower(nn.Module):
    """What the user-tower ONNX graph computes: recent item indices in (left-padded with 0), user
    vector out. The item vectors are a constant of the graph, computed once at export."""

    def __init__(self, model: BehaviourModel):
        super().__init__()
        self.model = model
        with torch.no_grad():
            self.register_buffer("item_table", model.item_vectors().detach().clone())

    def forward(self, item_indices):
        return self.model.sequence_states(item_indices, self.item_table)[:, -1, :]


class ItemTower(nn.Module):
    """What the item-tower ONNX graph computes: an item's vector from its index (0 for an item
    trained without) and its text embedding, so new catalog items get vectors without retraining."""

    def __init__(self, model: BehaviourModel):
        super().__init__()
        self.model = model

    def forward(self, item_indices, text_embeddings):
        return self.model.item_vectors_of(item_indices, text_embeddings)
