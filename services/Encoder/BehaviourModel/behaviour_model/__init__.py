"""A SASRec-style behaviour model: causal self-attention over a user's recent items, trained
offline from an export of the cluster's events and item embeddings, exported to ONNX for the
encoder. See ../README.md."""
