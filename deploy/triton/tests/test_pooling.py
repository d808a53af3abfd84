"""fathom's Triton model's pooling, checked with numpy against sums written out by hand."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "model_repository", "fathom_hf", "1"))
import fathom_pooling  # noqa: E402


def layers(batch, tokens, dim, count):
    """count layers of states whose values say where they are: layer * 100 + token * 10 + dim."""
    return [np.array([[[l * 100 + t * 10 + d + b * 1000 for d in range(dim)] for t in range(tokens)]
                      for b in range(batch)], dtype=np.float32) for l in range(count)]


class PoolingTest(unittest.TestCase):

    def test_layers_stack_behind_the_batch_embeddings_first(self):
        stacked = fathom_pooling.stack_layers(layers(2, 3, 4, 5))
        self.assertEqual(stacked.shape, (2, 5, 3, 4))
        self.assertEqual(stacked[1, 3, 2, 1], 1000 + 300 + 20 + 1)

    def test_mean_ignores_padding_on_either_side(self):
        hidden = layers(2, 4, 2, 2)
        right = np.array([[1, 1, 0, 0], [1, 1, 1, 1]])
        left = np.array([[0, 0, 1, 1], [1, 1, 1, 1]])
        mean = fathom_pooling.pooled(hidden, right, {"hidden_mean"})["hidden_mean"]
        self.assertEqual(mean.shape, (2, 2, 2))
        # batch 0, layer 1, dim 1: tokens 0 and 1 -> (101 + 111) / 2
        self.assertAlmostEqual(float(mean[0, 1, 1]), (101 + 111) / 2)
        # batch 1: all four tokens
        self.assertAlmostEqual(float(mean[1, 0, 0]), 1000 + (0 + 10 + 20 + 30) / 4)
        mean_left = fathom_pooling.pooled(hidden, left, {"hidden_mean"})["hidden_mean"]
        self.assertAlmostEqual(float(mean_left[0, 1, 1]), (121 + 131) / 2)

    def test_last_is_the_last_real_token_whichever_side_is_padded(self):
        hidden = layers(2, 4, 2, 3)
        right = np.array([[1, 1, 1, 0], [1, 0, 0, 0]])
        left = np.array([[0, 1, 1, 1], [0, 0, 0, 1]])
        self.assertEqual(list(fathom_pooling.last_index(right)), [2, 0])
        self.assertEqual(list(fathom_pooling.last_index(left)), [3, 3])
        last = fathom_pooling.pooled(hidden, right, {"hidden_last"})["hidden_last"]
        self.assertEqual(last.shape, (2, 3, 2))
        self.assertEqual(float(last[0, 2, 1]), 200 + 20 + 1)
        self.assertEqual(float(last[1, 1, 0]), 1000 + 100)
        both = fathom_pooling.pooled(hidden, left, {"hidden_mean", "hidden_last"})
        self.assertEqual(sorted(both), ["hidden_last", "hidden_mean"])
        self.assertEqual(float(both["hidden_last"][1, 0, 1]), 1000 + 30 + 1)

    def test_only_requested_outputs_are_computed_and_broken_input_is_named(self):
        self.assertEqual(fathom_pooling.pooled(layers(1, 2, 2, 2), np.array([[1, 1]]), set()), {})
        with self.assertRaisesRegex(ValueError, "no tokens"):
            fathom_pooling.pooled(layers(1, 2, 2, 2), np.array([[0, 0]]), {"hidden_mean"})
        with self.assertRaisesRegex(ValueError, "layer 1 has shape"):
            fathom_pooling.stack_layers([np.zeros((1, 2, 2)), np.zeros((1, 3, 2))])
        with self.assertRaisesRegex(ValueError, "no hidden states"):
            fathom_pooling.stack_layers([])


if __name__ == "__main__":
    unittest.main()
