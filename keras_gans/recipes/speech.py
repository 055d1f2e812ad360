"""Recipes of SEGAN: noisy speech -> enhanced speech, on 16 kHz waveform windows.

``segan_synthetic_speech`` (the default) is a compact recipe sized to train on
2 CPU cores: 5 encoder layers of kernel 15 on windows of 4,096 samples. The
paper's network (11 layers, kernel 31, channels 16 ... 1024, windows of 2^14,
batch 100, 86 epochs) is ``segan_paper``, with the reference code's pre-emphasis
(0.95) and bias-free generator. Both keep the paper's losses (least squares +
100 x L1) and optimizer (RMSprop); the compact recipe has no pre-emphasis (it
made short CPU runs much worse: see ``_COMPACT``), and its learning rate
is 1e-3 instead of the paper's 2e-4 (it reached the noisy input's SNR in about
100 steps instead of several hundred on a short CPU budget).
"""

import keras
import numpy as np

from keras_gans import models
from keras_gans import networks
from keras_gans.recipes.recipe import TRANSLATOR
from keras_gans.recipes.recipe import Recipe
from keras_gans.recipes.recipe import load_init_weights
from keras_gans.recipes.recipe import register


def _segan(spec, hp):
    if len(spec.shape) != 2 or spec.shape[-1] != 1:
        raise ValueError(f"--model=segan enhances mono waveform windows (window, 1). Received examples of shape {spec.shape}.")
    window = int(spec.shape[0])
    channels = tuple(hp["channels"])
    model = models.SEGAN(
        networks.segan_generator(channels, kernel_size=hp["kernel_size"], use_bias=hp["g_bias"],
                                 residual=hp["residual"]),
        networks.segan_discriminator(window, channels, kernel_size=hp["kernel_size"],
                                     virtual_batch_norm=hp["virtual_batch_norm"]),
        l1_weight=hp["l1_weight"], gan_weight=hp["gan_weight"], seed=hp["seed"], preemphasis=hp["preemphasis"],
    )
    # A run can start from another run's checkpoint of the same networks (G and D; fresh optimizers and
    # EMA), e.g. the adversarial term switched on (gan_weight=1) from an L1-only run (gan_weight=0).
    return load_init_weights(model, hp["init_weights"])


def _optimizers(hp):
    return keras.optimizers.RMSprop(hp["learning_rate"]), keras.optimizers.RMSprop(hp["learning_rate"])


def spectrogram_images(waveforms, height=64):
    """Log-magnitude spectrograms of ``(N, time, 1)`` waveforms as ``(N, height, frames, 1)`` images in [-1, 1].

    The zoo's ``sample.png`` drawing (``benchmarks/zoo_publish.py``): kept as published, so a version's sample
    redraws exactly from its model. Unnormalised magnitudes saturate; training previews use
    :func:`spectrogram_dbfs`.
    """
    x = np.asarray(waveforms, "float32")[..., 0]
    frame, hop = 2 * (height - 1), (height - 1)
    count = max(1, (x.shape[1] - frame) // hop + 1)
    index = np.arange(count)[:, None] * hop + np.arange(frame)[None, :]
    spectra = np.abs(np.fft.rfft(x[:, index] * np.hanning(frame), axis=-1))  # (N, frames, height)
    db = 20 * np.log10(spectra + 1e-5)
    return (np.clip((db + 100.0) / 50.0 - 1.0, -1.0, 1.0).transpose(0, 2, 1)[:, ::-1, :, None]).astype("float32")


def spectrogram_dbfs(waveforms, height=128, floor_db=-80.0):
    """Spectrograms of ``(N, time, 1)`` waveforms as ``(N, height, frames, 1)`` images in [-1, 1].

    Frames of ``2 * height`` samples (16 ms at 16 kHz for the default 128 rows) with a Hann window, a hop
    of an eighth of that; the lowest frequency is the bottom row (the Nyquist bin is dropped). Levels are
    dB relative to full scale: a sine of amplitude 1 at a bin's centre reads 0 dBFS (white, +1) and
    ``floor_db`` or less black (-1), so noise, speech and silence stay apart instead of saturating.
    """
    x = np.asarray(waveforms, "float32")[..., 0]
    frame, hop = 2 * height, max(1, height // 4)
    if x.shape[1] < frame:
        x = np.pad(x, ((0, 0), (0, frame - x.shape[1])))
    count = (x.shape[1] - frame) // hop + 1
    index = np.arange(count)[:, None] * hop + np.arange(frame)[None, :]
    window = np.hanning(frame + 1)[:frame]  # periodic Hann: a bin-centred sine lands in one bin
    amplitude = 2.0 * np.abs(np.fft.rfft(x[:, index] * window, axis=-1))[..., :height] / window.sum()
    db = 20.0 * np.log10(np.maximum(amplitude, 1e-10))
    image = np.clip(1.0 - 2.0 * db / floor_db, -1.0, 1.0)  # (N, frames, height): 0 dB -> 1, floor_db -> -1
    return image.transpose(0, 2, 1)[:, ::-1, :, None].astype("float32")


def _preview(model, batch):
    noisy, clean = batch
    enhanced = model.enhance(np.asarray(noisy)[..., 0])[..., None]
    return [spectrogram_dbfs(noisy), spectrogram_dbfs(enhanced), spectrogram_dbfs(clean)]


_COMMON = {"l1_weight": 100.0, "gan_weight": 1.0, "virtual_batch_norm": True, "num_utterances": None,
           "residual": False, "init_weights": None}
# The reference code's pre-emphasis 0.95 (main.py --preemph, applied in read_and_decode, undone by de_emph)
# and G without biases (--bias_downconv and --bias_deconv default to False). The compact CPU recipe keeps
# neither: in its benchmark (results/segan.md) pre-emphasis took SEGAN's SSNR from 7.30 dB to -2.35 dB after
# the same ~450 CPU-s, as de-emphasis (gain 20 at 0 Hz) amplified the constant offset G's output still had.
_REFERENCE = {"preemphasis": 0.95, "g_bias": False}
_COMPACT = {"preemphasis": 0.0, "g_bias": True}

register(Recipe(
    "segan_synthetic_speech", "segan", TRANSLATOR, "speech", "synthetic_speech", _segan, "Pascual et al. 2017",
    "COMPACT CPU recipe: G/D of 5 strided conv layers (16-128 ch, kernel 15) on 4,096-sample windows; LS + 100 x L1, "
    "RMSprop 1e-3 (the paper: 2e-4; faster on a CPU budget); espeak-ng speech + noise",
    hparams={"window": 4096, "channels": (16, 32, 64, 64, 128), "kernel_size": 15, "learning_rate": 1e-3, **_COMMON,
             **_COMPACT},
    optimizers=_optimizers, batch_size=16, epochs=3, steps_per_epoch=100, preview=_preview,
), default=True)

register(Recipe(
    "segan_paper", "segan", TRANSLATOR, "speech", "synthetic_speech", _segan, "Pascual et al. 2017",
    "the paper's size: 11 layers (16-1024 ch), kernel 31, 2^14-sample windows, batch 100, 86 epochs (use a "
    "folder: of Valentini WAVs)",
    hparams={"window": 2**14, "channels": networks.segan.PAPER_CHANNELS, "kernel_size": 31, "learning_rate": 2e-4,
             **_COMMON, **_REFERENCE},
    optimizers=_optimizers, batch_size=100, epochs=86, preview=_preview,
))
