"""fathom's Triton model's request checks and grouping."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "model_repository", "fathom_hf", "1"))
import fathom_requests  # noqa: E402
from fathom_requests import RequestError  # noqa: E402

LIMITS = {"max_input_tokens": 2048, "max_tokens": 512}
ADAPTERS = {"cc-lora"}


class RequestsTest(unittest.TestCase):

    def test_defaults_and_given_values_within_limits(self):
        p = fathom_requests.parameters('{"max_tokens": 64, "seed": 7, "temperature": 1, "lora_name": "cc-lora",'
                                       ' "triton_enable_empty_final_response": true}', LIMITS, ADAPTERS)
        self.assertEqual(p["max_input_tokens"], 2048)
        self.assertEqual(p["max_tokens"], 64)
        self.assertEqual(p["temperature"], 1.0)
        self.assertEqual(p["lora_name"], "cc-lora")
        self.assertEqual(fathom_requests.parameters("", LIMITS, ADAPTERS)["max_tokens"], 512)

    def test_what_the_model_cannot_do_is_refused_by_name(self):
        for raw, message in [('{"max_tokens": 100000}', "max_tokens must be"),
                             ('{"max_input_tokens": 0}', "max_input_tokens must be"),
                             ('{"lora_name": "other"}', "unknown adapter 'other'"),
                             ('{"beam_width": 4}', "unknown request parameter 'beam_width'"),
                             ('{"seed": "7"}', "'seed' must be int"),
                             ('{"seed": true}', "'seed' must be int"),
                             ('{"top_p": 1.5}', "top_p in"),
                             ('[1]', "must be an object")]:
            with self.assertRaisesRegex(RequestError, message):
                fathom_requests.parameters(raw, LIMITS, ADAPTERS)

    def test_requests_group_by_everything_that_changes_the_computation(self):
        base = fathom_requests.parameters('{"max_tokens": 8}', LIMITS, ADAPTERS)
        tuned = fathom_requests.parameters('{"max_tokens": 8, "lora_name": "cc-lora"}', LIMITS, ADAPTERS)
        groups = fathom_requests.group([(0, base), (1, tuned), (2, base), (3, tuned)])
        self.assertEqual([members for _, members in groups], [[0, 2], [1, 3]])
        self.assertEqual(groups[1][0]["lora_name"], "cc-lora")

    def test_finish_reason(self):
        self.assertEqual(fathom_requests.finish_reason(8, 8, False), "length")
        self.assertEqual(fathom_requests.finish_reason(8, 8, True), "stop")
        self.assertEqual(fathom_requests.finish_reason(3, 8, False), "stop")


if __name__ == "__main__":
    unittest.main()
