"""Recipes of the sequence GANs: token ids from nothing (SeqGAN), on the oracle's tokens or on English words."""

from keras_gans import models
from keras_gans import networks
from keras_gans.networks.sequence import PAPER_FILTER_SIZES
from keras_gans.networks.sequence import PAPER_NUM_FILTERS
from keras_gans.recipes.recipe import LATENT
from keras_gans.recipes.recipe import Recipe
from keras_gans.recipes.recipe import load_init_weights
from keras_gans.recipes.recipe import register


def _seqgan(spec, hp, vocabulary=None):
    if len(spec.shape) != 1 or spec.shape[0] != hp["sequence_length"]:
        raise ValueError(
            f"--model=seqgan trains on token sequences of length sequence_length={hp['sequence_length']}. "
            f"Received examples of shape {spec.shape}."
        )
    vocab, length = (hp["vocab_size"] if vocabulary is None else len(vocabulary)), hp["sequence_length"]
    generator = networks.lstm_generator(vocab, hp["embedding_dim"], hp["hidden_dim"])
    discriminator = networks.text_cnn_discriminator(
        vocab, length, hp["d_embedding_dim"], hp["filter_sizes"], hp["num_filters"], dropout=hp["dropout"],
        l2=hp["l2"],
    )
    model = models.SeqGAN(
        generator, discriminator, sequence_length=length, num_rollouts=hp["num_rollouts"],
        rollout_update_rate=hp["rollout_update_rate"], d_steps=hp["d_steps"], phase=hp["phase"], seed=hp["seed"],
        vocabulary=vocabulary,
    )
    # One run per phase on the command line: a phase starts from the last checkpoint of the phase
    # before it (same network hyper-parameters), with fresh optimizers as the reference's
    # policy gradient has its own Adam.
    return load_init_weights(model, hp["init_weights"])


def _seqgan_python_docs(spec, hp):
    """SeqGAN on the words of :mod:`keras_gans.data.text`, its vocabulary in the model (and the export)."""
    from keras_gans.data.text import python_docs

    return _seqgan(spec, hp, vocabulary=python_docs(hp["sequence_length"], hp["vocab_size"])[2])


# The reference's sizes (sequence_gan.py, discriminator.py); phase picks what one fit trains.
# Rollout update rate 0: rollout.py names a delay of 0.8, but its sampling graph is built once from
# tf.identity of G's variables and update_params only rebinds Python attributes, so the reference's
# rollouts always sample from the current G (as the paper's text has it); rate 0 does that.
ORACLE = {
    "vocab_size": 5000, "sequence_length": 20, "num_sequences": 10_000, "embedding_dim": 32, "hidden_dim": 32,
    "d_embedding_dim": 64, "filter_sizes": PAPER_FILTER_SIZES,
    "num_filters": PAPER_NUM_FILTERS, "dropout": 0.25, "l2": 0.2, "num_rollouts": 16,
    "rollout_update_rate": 0.0, "d_steps": 5, "phase": "mle", "init_weights": None,
}
register(Recipe(
    "seqgan_oracle", "seqgan", LATENT, "tokens", "oracle", _seqgan, "Yu et al. 2017",
    "LSTM policy + CNN discriminator on 10,000 sequences of a random oracle LSTM; "
    "--hparams phase=mle|discriminator|adversarial, one run per phase, each from the last one's checkpoint "
    "(init_weights=runs/<run>/checkpoints/ckpt-*.weights.h5)",
    hparams=dict(ORACLE), batch_size=64, epochs=120,
), default=True)

# English sentences of Python's own documentation (offline): the oracle's networks on a 1,000-word vocabulary
# (words past the 998 most frequent training words are <unk>; 1,609 training sentences of 5-20 words).
PYTHON_DOCS = {**{k: v for k, v in ORACLE.items() if k != "num_sequences"}, "vocab_size": 1000}
register(Recipe(
    "seqgan_python_docs", "seqgan", LATENT, "tokens", "python_docs", _seqgan_python_docs, "Yu et al. 2017",
    "SeqGAN on English sentences of Python's bundled documentation (pydoc_data.topics), word level, "
    "vocabulary 1,000 saved in the model and as the export's asset; BLEU against held-out topics",
    hparams=PYTHON_DOCS, batch_size=64, epochs=50,
))
