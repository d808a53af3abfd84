"""fathom's Triton model: a Hugging Face causal or seq2seq LM, optionally with PEFT (LoRA) adapters,
serving pooled per-layer hidden states and generated text through Triton's Python backend.

Inputs: text_input, BYTES [n, 1]. Request parameters (fathom_requests): max_input_tokens,
max_tokens, temperature, top_p, top_k, seed, lora_name. Outputs, computed only when requested:
hidden_mean and hidden_last FP16 [n, layers, dim] (layer 0 the embeddings output; the encoder's
layers for a seq2seq model), token_count INT32 [n, 1], text_output BYTES [n, 1], prompt_tokens and
completion_tokens INT32 [n, 1], finish_reason BYTES [n, 1]. Model parameters (config.pbtxt):
hf_model (a Hub id or a path), architecture (causal or seq2seq), adapters (JSON: name -> path),
max_input_tokens, max_tokens, dtype (float16 or bfloat16).

Not run on these machines (no GPU, no Triton, no weights); fathom_pooling and fathom_requests,
which hold its logic, are tested in deploy/triton/tests.
"""
import json

import numpy as np
import triton_python_backend_utils as pb_utils

import fathom_pooling
import fathom_requests


def _parameters(model_config):
    return {k: v["string_value"] for k, v in model_config.get("parameters", {}).items()}


class TritonPythonModel:

    @staticmethod
    def auto_complete_config(auto_complete_model_config):
        """Declares the tensors, the hidden states with the model's own [layers, dim]."""
        from transformers import AutoConfig
        params = _parameters(auto_complete_model_config.as_dict())
        hf = AutoConfig.from_pretrained(params["hf_model"])
        layers = getattr(hf, "num_layers", None) if params.get("architecture") == "seq2seq" else None
        layers = (layers or hf.num_hidden_layers) + 1
        dim = getattr(hf, "d_model", None) or hf.hidden_size
        declared = {t["name"] for t in auto_complete_model_config.as_dict().get("output", [])}
        if "text_input" not in {t["name"] for t in auto_complete_model_config.as_dict().get("input", [])}:
            auto_complete_model_config.add_input({"name": "text_input", "data_type": "TYPE_STRING", "dims": [1]})
        outputs = [("hidden_mean", "TYPE_FP16", [layers, dim]), ("hidden_last", "TYPE_FP16", [layers, dim]),
                   ("token_count", "TYPE_INT32", [1]), ("text_output", "TYPE_STRING", [1]),
                   ("prompt_tokens", "TYPE_INT32", [1]), ("completion_tokens", "TYPE_INT32", [1]),
                   ("finish_reason", "TYPE_STRING", [1])]
        for name, data_type, dims in outputs:
            if name not in declared:
                auto_complete_model_config.add_output({"name": name, "data_type": data_type, "dims": dims})
        return auto_complete_model_config

    def initialize(self, args):
        import torch
        from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer
        self.torch = torch
        params = _parameters(json.loads(args["model_config"]))
        self.seq2seq = params.get("architecture") == "seq2seq"
        dtype = torch.bfloat16 if params.get("dtype") == "bfloat16" else torch.float16
        device = f"cuda:{args['model_instance_device_id']}" if args["model_instance_kind"] == "GPU" else "cpu"
        self.device = device
        self.tokenizer = AutoTokenizer.from_pretrained(params["hf_model"])
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        # decoder-only models generate after the prompt: pad on the left so every prompt ends at the edge
        self.tokenizer.padding_side = "right" if self.seq2seq else "left"
        loader = AutoModelForSeq2SeqLM if self.seq2seq else AutoModelForCausalLM
        model = loader.from_pretrained(params["hf_model"], torch_dtype=dtype).to(device)
        self.adapters = json.loads(params.get("adapters", "{}"))
        if self.adapters:
            from peft import PeftModel
            names = list(self.adapters)
            model = PeftModel.from_pretrained(model, self.adapters[names[0]], adapter_name=names[0])
            for name in names[1:]:
                model.load_adapter(self.adapters[name], adapter_name=name)
        self.model = model.eval()
        self.limits = {"max_input_tokens": int(params.get("max_input_tokens", "2048")),
                       "max_tokens": int(params.get("max_tokens", "512"))}

    def execute(self, requests):
        responses = [None] * len(requests)
        parsed = []
        for i, request in enumerate(requests):
            try:
                texts = [t.decode("utf-8") for t in
                         pb_utils.get_input_tensor_by_name(request, "text_input").as_numpy().reshape(-1)]
                params = fathom_requests.parameters(request.parameters(), self.limits, set(self.adapters))
                parsed.append((i, texts, params, set(request.requested_output_names())))
            except (ValueError, UnicodeDecodeError) as e:
                responses[i] = pb_utils.InferenceResponse(error=pb_utils.TritonError(str(e)))
        by_index = {i: (texts, wanted) for i, texts, _, wanted in parsed}
        for params, members in fathom_requests.group([(i, p) for i, _, p, _ in parsed]):
            texts = [t for i in members for t in by_index[i][0]]
            wanted = set().union(*(by_index[i][1] for i in members))
            try:
                outputs = self._run(texts, params, wanted)
            except Exception as e:  # one failing group fails its requests only
                for i in members:
                    responses[i] = pb_utils.InferenceResponse(error=pb_utils.TritonError(str(e)))
                continue
            start = 0
            for i in members:
                n = len(by_index[i][0])
                tensors = [pb_utils.Tensor(name, value[start:start + n]) for name, value in outputs.items()
                           if name in by_index[i][1]]
                responses[i] = pb_utils.InferenceResponse(output_tensors=tensors)
                start += n
        return responses

    def _run(self, texts, params, wanted):
        torch = self.torch
        outputs = {}
        with torch.inference_mode(), self._adapter(params["lora_name"]):
            if wanted & {"hidden_mean", "hidden_last", "token_count"}:
                inputs = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True,
                                        max_length=params["max_input_tokens"]).to(self.device)
                encoder = self.model.get_encoder() if self.seq2seq else self.model
                hidden = encoder(**inputs, output_hidden_states=True).hidden_states
                mask = inputs["attention_mask"]
                for name, value in fathom_pooling.pooled(hidden, mask, wanted).items():
                    outputs[name] = value.to(torch.float16).cpu().numpy()
                outputs["token_count"] = mask.sum(1, keepdim=True).to(torch.int32).cpu().numpy()
            if wanted & {"text_output", "prompt_tokens", "completion_tokens", "finish_reason"}:
                outputs.update(self._generate(texts, params))
        return outputs

    def _generate(self, texts, params):
        torch = self.torch
        if params["seed"] is not None:
            torch.manual_seed(params["seed"])
        inputs = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True,
                                max_length=params["max_input_tokens"]).to(self.device)
        sampling = {"do_sample": params["temperature"] > 0, "max_new_tokens": params["max_tokens"],
                    "pad_token_id": self.tokenizer.pad_token_id}
        if params["temperature"] > 0:
            sampling["temperature"] = params["temperature"]
            if params["top_p"] is not None:
                sampling["top_p"] = params["top_p"]
            if params["top_k"] is not None:
                sampling["top_k"] = params["top_k"]
        sequences = self.model.generate(**inputs, **sampling)
        # a decoder-only model returns the prompt first; a seq2seq model only the answer
        new = sequences if self.seq2seq else sequences[:, inputs["input_ids"].shape[1]:]
        eos = self.tokenizer.eos_token_id
        answers, completion, reasons = [], [], []
        for row in new.tolist():
            tokens = [t for t in row if t != self.tokenizer.pad_token_id or t == eos]
            ended = eos in tokens
            kept = tokens[:tokens.index(eos)] if ended else tokens
            answers.append(self.tokenizer.decode(kept, skip_special_tokens=True).encode("utf-8"))
            completion.append(len(kept))
            reasons.append(fathom_requests.finish_reason(len(kept), params["max_tokens"], ended).encode())
        prompt_tokens = inputs["attention_mask"].sum(1).tolist()
        return {"text_output": np.array(answers, dtype=np.object_).reshape(-1, 1),
                "prompt_tokens": np.array(prompt_tokens, dtype=np.int32).reshape(-1, 1),
                "completion_tokens": np.array(completion, dtype=np.int32).reshape(-1, 1),
                "finish_reason": np.array(reasons, dtype=np.object_).reshape(-1, 1)}

    def _adapter(self, name):
        """The adapter's context: the named LoRA adapter, or the base model with adapters switched off."""
        import contextlib
        if not self.adapters:
            return contextlib.nullcontext()
        if name is None:
            return self.model.disable_adapter()
        self.model.set_adapter(name)
        return contextlib.nullcontext()
