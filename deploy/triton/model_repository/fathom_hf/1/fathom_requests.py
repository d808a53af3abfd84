"""What one request to fathom's Triton model asks for, checked and bounded before any work, and
how requests are grouped so that each group is one forward pass (or one generate call): the same
adapter, the same input limit and the same sampling settings. No Triton or torch needed."""
import json

# request parameters the model reads, with their types; anything else is refused by name
_TYPES = {"max_input_tokens": int, "max_tokens": int, "temperature": float, "top_p": float, "top_k": int,
          "seed": int, "lora_name": str}


class RequestError(ValueError):
    """A request the model refuses, with what is wrong; the other requests of the batch go on."""


def parameters(raw, limits, adapters):
    """The request's parameters (Triton gives them as a JSON object string), within the model's limits.

    limits: {"max_input_tokens": int, "max_tokens": int}, the most the model allows and its defaults.
    adapters: names of the LoRA adapters the model has loaded.
    """
    given = json.loads(raw) if raw else {}
    if not isinstance(given, dict):
        raise RequestError("request parameters must be an object")
    out = {"max_input_tokens": limits["max_input_tokens"], "max_tokens": limits["max_tokens"], "temperature": 0.0,
           "top_p": None, "top_k": None, "seed": None, "lora_name": None}
    for name, value in given.items():
        if name.startswith("triton_"):
            continue  # Triton's own flags
        kind = _TYPES.get(name)
        if kind is None:
            raise RequestError(f"unknown request parameter '{name}'; this model reads {sorted(_TYPES)}")
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise RequestError(f"request parameter '{name}' must be {kind.__name__}, got {type(value).__name__}")
        out[name] = value
    if not 1 <= out["max_input_tokens"] <= limits["max_input_tokens"]:
        raise RequestError(f"max_input_tokens must be 1 to {limits['max_input_tokens']}")
    if not 0 <= out["max_tokens"] <= limits["max_tokens"]:
        raise RequestError(f"max_tokens must be 0 to {limits['max_tokens']}")
    if out["temperature"] < 0 or (out["top_p"] is not None and not 0 < out["top_p"] <= 1) \
            or (out["top_k"] is not None and out["top_k"] < 1):
        raise RequestError("temperature must be >= 0, top_p in (0, 1], top_k >= 1")
    if out["lora_name"] is not None and out["lora_name"] not in adapters:
        raise RequestError(f"unknown adapter '{out['lora_name']}'; this model has {sorted(adapters)}")
    return out


def group(requests):
    """(key, [request indices]) in order of first appearance; requests are (index, parameters) pairs."""
    groups = {}
    for index, params in requests:
        key = tuple(sorted(params.items()))
        groups.setdefault(key, []).append(index)
    return [(dict(key), members) for key, members in groups.items()]


def finish_reason(generated_tokens, max_tokens, ended_with_eos):
    """'stop' when the model ended the answer itself, 'length' when max_tokens cut it."""
    return "stop" if ended_with_eos or generated_tokens < max_tokens else "length"
