"""The offline English sentences (Python's bundled documentation) encode and decode faithfully."""

import numpy as np

from keras_gans.data import text
from keras_gans.data.tokens import token_arrays


def test_python_docs_split_by_topic_and_round_trip_through_the_vocabulary():
    train, held_out = text.python_docs_sentences(sequence_length=20)
    assert len(train) > 1000 and len(held_out) > 100
    assert not {tuple(s) for s in held_out[:50]} <= {tuple(s) for s in train}
    vocabulary = text.build_vocabulary(train, 500)
    assert vocabulary[:2] == [text.PAD, text.UNK] and len(vocabulary) == 500
    tokens = text.encode(train[:20], vocabulary, 20)
    assert tokens.dtype == np.int32 and tokens.shape == (20, 20)
    for sentence, decoded in zip(train[:20], text.decode(tokens, vocabulary), strict=True):
        assert decoded == [w if w in vocabulary else text.UNK for w in sentence]
    np.testing.assert_array_equal(token_arrays("python_docs", vocab_size=500, sequence_length=20)[:20], tokens)


def test_python_docs_recipe_carries_its_vocabulary_into_the_model():
    from keras_gans import recipes

    recipe = recipes.get_recipe("seqgan_python_docs")
    hp = recipe.resolve_hparams({"filter_sizes": (2,), "num_filters": (2,)}, seed=0)
    model = recipe.build(recipes.DataSpec((20,)), hp)
    train, _, vocabulary = text.python_docs(20, 1000)
    assert model.vocabulary == vocabulary and model.vocab_size == 1000
    assert model.tokens_to_text(train[:3]) == [" ".join(s) for s in text.decode(train[:3], vocabulary)]
