"""SEGAN: it learns to enhance held-out synthetic speech; enhancement of any length; bad inputs."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import networks
from keras_gans.data import speech
from keras_gans.metrics import speech as sm

WINDOW = 1024
CHANNELS = (8, 16, 32)


def _model(**kwargs):
    return models.SEGAN(
        networks.segan_generator(CHANNELS, kernel_size=15),
        networks.segan_discriminator(WINDOW, CHANNELS, kernel_size=15),
        **kwargs,
    )


@pytest.fixture(scope="module")
def trained(speech_corpus):
    train, test = speech_corpus
    keras.utils.set_random_seed(0)
    noisy = speech.cut_windows(train.noisy[:120], WINDOW)[..., None]
    clean = speech.cut_windows(train.clean[:120], WINDOW)[..., None]
    model = _model(seed=0)
    # The compact recipe's RMSprop 1e-3 (the paper's 2e-4 needs several times more steps).
    model.compile(g_optimizer=keras.optimizers.RMSprop(1e-3), d_optimizer=keras.optimizers.RMSprop(1e-3))
    ds = tf.data.Dataset.from_tensor_slices((noisy, clean)).shuffle(len(noisy), seed=0).repeat().batch(16)
    history = model.fit(ds, epochs=1, steps_per_epoch=STEPS, verbose=0)
    # Held-out voices and sentences at 2.5 and 7.5 dB.
    chosen = [i for i, snr in enumerate(test.snr_db) if snr < 10][:10]
    before = [sm.snr(test.clean[i], test.noisy[i]) for i in chosen]
    after = [sm.snr(test.clean[i], model.enhance(test.noisy[i])) for i in chosen]
    return model, float(np.mean(before)), float(np.mean(after)), history


STEPS = 120


@pytest.mark.slow
def test_segan_raises_snr_of_held_out_speech(trained):
    # The noisy inputs' mean SNR is 5 dB; the untrained G's output is ~0 dB
    # (it returns near-silence: the error is the whole clean signal). After a
    # short fit the enhanced speech is closer to the clean speech than the
    # noisy input was: G removed noise rather than copying its input.
    model, before, after, history = trained
    assert after > before + 1.0, (before, after)
    assert set(history.history) == {"d_loss", "g_loss", "gan_loss", "l1_loss"}


def test_enhance_any_length_is_the_overlap_add_of_g_on_windows(trained):
    model = trained[0]
    rng = np.random.default_rng(0)
    x = (0.1 * rng.standard_normal(2 * WINDOW + 300)).astype("float32")
    y = model.enhance(x)
    assert y.shape == x.shape and y.dtype == np.float32
    # Written out sample by sample: G on windows every half window from half a window before the
    # start (zero-padded), each output weighted by sin^2(pi t / WINDOW), summed.
    half, count = WINDOW // 2, -(-len(x) // WINDOW) + 1
    padded = np.pad(x, (half, count * WINDOW - len(x) - half))
    summed, weight = np.zeros(len(padded)), np.sin(np.pi * np.arange(WINDOW) / WINDOW) ** 2
    zeros = np.zeros((1, WINDOW // model.multiple, model.z_channels), "float32")
    for start in range(0, len(padded) - WINDOW + 1, half):
        out = model.generator([padded[None, start : start + WINDOW, None], zeros], training=False)
        summed[start : start + WINDOW] += weight * np.asarray(out)[0, :, 0]
    np.testing.assert_allclose(y, summed[half : half + len(x)], atol=1e-5)
    assert np.allclose(weight[:half] + weight[half:], 1.0)  # the cross-fade keeps the level
    batch = model.enhance(np.stack([x, -x]))
    np.testing.assert_allclose(batch[0], y, atol=1e-5)
    # z = 0 by default (deterministic); noise=True draws z.
    np.testing.assert_array_equal(model.enhance(x), y)
    assert np.abs(model.enhance(x, noise=True, seed=1) - y).max() > 0


def test_pre_emphasis_and_its_inverse_are_the_reference_filters():
    import scipy.signal

    from keras_gans.models.segan import de_emphasis
    from keras_gans.models.segan import pre_emphasis

    x = np.random.default_rng(0).uniform(-1, 1, (2, 700)).astype("float32")
    emphasised = pre_emphasis(tf.constant(x[..., None]), 0.95).numpy()[..., 0]
    # y[0] = x[0], y[n] = x[n] - 0.95 x[n-1] (the reference's pre_emph), i.e. the FIR [1, -0.95].
    np.testing.assert_allclose(emphasised, scipy.signal.lfilter([1.0, -0.95], [1.0], x, axis=1), atol=1e-6)
    # de_emph is the IIR 1 / (1 - 0.95 z^-1); the graph's truncated convolution matches it and undoes pre_emph.
    restored = de_emphasis(tf.constant(emphasised[..., None]), 0.95).numpy()[..., 0]
    np.testing.assert_allclose(restored, scipy.signal.lfilter([1.0], [1.0, -0.95], emphasised, axis=1), atol=1e-5)
    np.testing.assert_allclose(restored, x, atol=1e-5)
    assert pre_emphasis(x, 0.0) is x and de_emphasis(x, 0.0) is x
    with pytest.raises(ValueError, match=r"`preemphasis` must be in \[0, 1\)\. Received: preemphasis=1.0"):
        _model(preemphasis=1.0)


def test_bad_inputs():
    model = _model()
    with pytest.raises(ValueError, match="16000 Hz. Received: sample_rate=22050"):
        model.enhance(np.zeros(100, "float32"), sample_rate=22050)
    with pytest.raises(ValueError, match=r"\(time,\) or \(batch, time\).*Received shape \(1, 100, 1\)"):
        model.enhance(np.zeros((1, 100, 1), "float32"))
    with pytest.raises(ValueError, match="empty"):
        model.enhance(np.zeros(0, "float32"))
    with pytest.raises(ValueError, match="finite"):
        model.enhance(np.full(10, np.nan, "float32"))
    with pytest.raises(ValueError, match="two inputs"):
        models.SEGAN(networks.segan_generator(CHANNELS), networks.mlp_discriminator(2, (4,)))
    with pytest.raises(ValueError, match="l1_weight"):
        _model(l1_weight=0.0, gan_weight=0.0)
    with pytest.raises(ValueError, match="multiple of 2\\*\\*3"):
        networks.segan_discriminator(1020, CHANNELS)
    model.compile()
    with pytest.raises(ValueError, match=r"noisy of shape \(batch, 1024, 1\)"):
        model.fit(np.zeros((4, 512, 1), "float32"), np.zeros((4, 512, 1), "float32"), epochs=1, verbose=0)
    assert isinstance(model.g_optimizer, keras.optimizers.RMSprop)
    assert float(model.g_optimizer.learning_rate) == pytest.approx(2e-4)


def test_export_enhances_any_length_like_keras(tmp_path):
    # SavedModel, LiteRT and ONNX answer like enhance() at 1, 2.3 and 4 windows, pre- and de-emphasis
    # included (the recipes' 0.95). Parity needs no training: the initial weights give non-trivial outputs.
    from keras_gans import export
    from keras_gans.export.onnx import run_onnx
    from keras_gans.export.tflite import run_tflite

    keras.utils.set_random_seed(0)
    model = _model(seed=0, preemphasis=0.95)
    version = export.export_generator(model, str(tmp_path), onnx=True)
    loaded = tf.saved_model.load(version).signatures["serving_default"]
    rng = np.random.default_rng(3)
    for batch, time in ((1, WINDOW), (2, 2 * WINDOW + 300), (3, 4 * WINDOW)):
        x = (0.2 * rng.standard_normal((batch, time))).astype("float32")
        expected = model.enhance(x)
        assert np.abs(expected).max() > 1e-2  # the parity below compares real outputs, not zeros
        np.testing.assert_allclose(loaded(waveform=tf.constant(x))["waveform"].numpy(), expected, atol=1e-5)
        with open(os.path.join(version, "model.tflite"), "rb") as f:
            np.testing.assert_allclose(run_tflite(f.read(), {"waveform": x})["waveform"], expected, atol=1e-4)
        np.testing.assert_allclose(run_onnx(os.path.join(version, "model.onnx"), {"waveform": x})["waveform"],
                                   expected, atol=1e-4)


def test_residual_generator_starts_as_the_identity_and_keeps_its_learned_correction(tmp_path):
    # residual=True: output = noisy + a zero-initialised correction, so the untrained G returns its input
    # exactly (the paper's G returns tanh of random features); a set correction survives a .keras round trip.
    rng = np.random.default_rng(0)
    noisy = (0.3 * rng.standard_normal((2, WINDOW, 1))).astype("float32")
    z = rng.standard_normal((2, WINDOW // 2 ** len(CHANNELS), CHANNELS[-1])).astype("float32")
    plain = networks.segan_generator(CHANNELS, kernel_size=15)
    assert np.abs(plain([noisy, z]).numpy() - noisy).mean() > 0.1
    residual = networks.segan_generator(CHANNELS, kernel_size=15, residual=True)
    np.testing.assert_array_equal(residual([noisy, z]).numpy(), noisy)
    last = residual.get_layer("dec_out")
    last.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.01 for w in last.get_weights()])
    corrected = residual([noisy, z]).numpy()
    assert np.abs(corrected - noisy).mean() > 1e-3  # the correction is added, not ignored
    residual.save(tmp_path / "g.keras")
    np.testing.assert_allclose(keras.saving.load_model(tmp_path / "g.keras")([noisy, z]).numpy(), corrected,
                               atol=1e-6)
