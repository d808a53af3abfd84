"""Pooling and output layout of fathom's Triton model, written against what numpy arrays and torch
tensors share, so that it runs on GPU tensors in the model and is tested with numpy without
Triton, torch or weights (deploy/triton/tests)."""


def _is_torch(array):
    return type(array).__module__.startswith("torch")


def _stack(arrays):
    if _is_torch(arrays[0]):
        import torch
        return torch.stack(arrays, 0)
    import numpy
    return numpy.stack(arrays, 0)


def _arange(like, n):
    if _is_torch(like):
        import torch
        return torch.arange(n, device=like.device)
    import numpy
    return numpy.arange(n)


def _cast(array, like):
    return array.to(like.dtype) if _is_torch(array) else array.astype(like.dtype)


def stack_layers(hidden_states):
    """Per-layer states ([batch, tokens, dim] each, embeddings output first) as [batch, layers, tokens, dim]."""
    layers = list(hidden_states)
    if not layers:
        raise ValueError("the model returned no hidden states")
    shape = tuple(layers[0].shape)
    for i, layer in enumerate(layers):
        if tuple(layer.shape) != shape:
            raise ValueError(f"layer {i} has shape {tuple(layer.shape)}, layer 0 {shape}")
    return _stack(layers).swapaxes(0, 1)


def mean_pool(states, mask):
    """Mean over the real tokens (mask 1) of [B, L, T, D] states: [B, L, D]; padding never counts."""
    weights = _cast(mask, states)[:, None, :, None]
    counts = weights.sum(2)
    if (counts == 0).any():
        raise ValueError("a text has no tokens")
    return (states * weights).sum(2) / counts


def last_index(mask):
    """Position of each row's last real token, whichever side the tokenizer padded: [B]."""
    return (mask * _arange(mask, mask.shape[1])[None, :]).argmax(1)


def last_pool(states, mask):
    """The states of each text's last real token: [B, L, D] (a decoder's summary position)."""
    return states[_arange(mask, states.shape[0]), :, last_index(mask), :]


def pooled(hidden_states, mask, requested):
    """The hidden-state outputs among {@code requested}, by name: hidden_mean, hidden_last, [B, L, D] each."""
    states = stack_layers(hidden_states)
    out = {}
    if "hidden_mean" in requested:
        out["hidden_mean"] = mean_pool(states, mask)
    if "hidden_last" in requested:
        out["hidden_last"] = last_pool(states, mask)
    return out
