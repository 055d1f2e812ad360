"""SeqGAN's adversarial rounds against MLE steps on a tiny oracle: the protocol of
``benchmarks/seqgan_tiny_oracle.py`` and of SeqGAN's learning test, written once."""

import keras
import numpy as np

from keras_gans import models
from keras_gans import networks
from keras_gans.data import oracle as oracle_lib


def mle_against_adversarial(seed, vocab=16, length=8, oracle_temperature=1.0, g_embedding=8, g_hidden=16,
                            mle_steps=150, d_steps=100, rounds=10, rollouts=8, d_per_round=3, lr=0.01,
                            d_learning_rate=1e-3, d_l2=0.2, reward_every=0):
    """Pre-training, then ``rounds`` more MLE steps against ``rounds`` adversarial rounds from the same point.

    1. An oracle LSTM (``vocab`` tokens, embedding 8, hidden 8, N(0, 1) weights of seed
       100 + ``seed``, logits divided by ``oracle_temperature``) samples 2,000 sequences of ``length``.
    2. G (``g_embedding``, ``g_hidden``) takes ``mle_steps`` MLE steps of 64; D (widths 2, 3, 4,
       16 maps each, no dropout, L2 ``d_l2``, Adam ``d_learning_rate``) ``d_steps`` steps.
    3. The MLE branch: ``rounds`` more MLE steps (its Adam continued). The SeqGAN branch, from
       the same weights: ``rounds`` rounds with a fresh Adam(``lr``, clip 5) for G (the
       reference's ``g_opt``), ``rollouts`` rollouts by the current G, ``d_per_round`` D steps.
    4. NLL-oracle of 2,000 samples (seed 77) of each.

    Returns:
        ``{"seed", "data", "pre", "mle", "adv", "gap", "reward"}``: NLL-oracle of the data, after
        pre-training, of each branch, ``gap`` = MLE - SeqGAN (positive: SeqGAN lower), and D's
        mean reward (its probability that G's samples are real) over the last ``reward_every``
        rounds (all rounds when 0; then ``"rewards"`` lists each chunk's too).
    """
    oracle = oracle_lib.make_oracle(vocab, 8, 8, seed=100 + seed, temperature=oracle_temperature)
    data = oracle_lib.oracle_samples(oracle, 2000, length, seed=seed)
    keras.utils.set_random_seed(seed)
    g = networks.lstm_generator(vocab, g_embedding, g_hidden)
    d = networks.text_cnn_discriminator(vocab, length, 8, (2, 3, 4), (16, 16, 16), dropout=0.0, l2=d_l2)
    model = models.SeqGAN(g, d, sequence_length=length, num_rollouts=rollouts, d_steps=d_per_round, phase="mle",
                          seed=seed, rollout_update_rate=0.0)
    model.compile(d_optimizer=keras.optimizers.Adam(d_learning_rate))
    rng = np.random.default_rng(seed)

    def fit(steps):
        batch = data[rng.integers(0, len(data), steps * 64)]
        return model.fit(batch, batch_size=64, epochs=1, shuffle=False, verbose=0).history

    def nll():
        return oracle_lib.oracle_nll(oracle, model.generate(2000, seed=77))

    fit(mle_steps)
    pretrained = nll()
    model.set_phase("discriminator")
    fit(d_steps)
    weights = model.get_weights()
    model.set_phase("mle")
    fit(rounds)
    mle = nll()
    model.set_weights(weights)
    model.compile(g_optimizer=keras.optimizers.Adam(lr, global_clipnorm=5.0),
                  d_optimizer=keras.optimizers.Adam(d_learning_rate))
    model.set_phase("adversarial")
    if reward_every:  # the rounds in chunks: D's mean reward over each chunk
        chunks = [reward_every] * (rounds // reward_every) + [rounds % reward_every]
        rewards = [fit(n)["reward"][-1] for n in chunks if n]
    else:
        rewards = fit(rounds)["reward"]
    adversarial = nll()
    record = {"seed": seed, "data": oracle_lib.oracle_nll(oracle, data), "pre": pretrained, "mle": mle,
              "adv": adversarial, "gap": mle - adversarial, "reward": rewards[-1]}
    return {**record, "rewards": [round(r, 4) for r in rewards]} if reward_every else record
