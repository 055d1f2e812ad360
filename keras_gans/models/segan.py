"""SEGAN: speech enhancement end to end on raw waveforms with a least-squares conditional GAN."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.adversarial_model import BatchPart
from keras_gans.models.adversarial_model import replica_seed
from keras_gans.models.translator import Translator
from keras_gans.networks.segan import waveform_multiple

SAMPLE_RATE = 16000


@keras.saving.register_keras_serializable(package="keras_gans")
class SEGAN(Translator):
    """SEGAN: ``G: (noisy waveform, z) -> enhanced waveform``, least squares + L1 (lambda = 100).

    The discriminator judges ``(noisy, audio)`` pairs: ``(noisy, clean)`` should
    score 1 and ``(noisy, G(noisy, z))`` 0; G pulls its pairs' scores to 1 and
    its output towards the clean waveform with ``l1_weight * E|G - clean|``.
    D is called on ``[real pairs; pairs to judge]`` in one batch so that its
    virtual batch normalisation uses the real pairs as the reference batch, as
    the reference code's VBN does. z ~ N(0, 1) enters at G's bottleneck in
    training; :meth:`enhance` and the export use z = 0 (the prior's mean), so
    the exported enhancer is deterministic (``enhance(..., noise=True)`` draws z).
    ``gan_weight=0`` is the "L1 only" generator the benchmark compares with.

    With ``preemphasis=a`` (0.95 in the reference code and the recipes), both
    players work on pre-emphasised audio, ``y[n] = x[n] - a x[n-1]`` (per
    training window, as the reference's ``read_and_decode``), which lifts the
    high frequencies that the L1 term would otherwise neglect; enhancement
    pre-emphasises the input and de-emphasises G's output (``y[n] = x[n] +
    a y[n-1]``, as the reference's ``de_emph``), so callers see plain audio.

    Batches are ``(noisy, clean)`` windows, float32 ``(batch, window, 1)`` in
    [-1, 1] at 16 kHz (``keras_gans.data.speech.load_speech``). Whole
    utterances of any length are enhanced window by window with 50 % overlap-add
    (:meth:`enhance_graph`; the reference code's ``clean()`` concatenates
    non-overlapping windows), inside the graph: ``{"waveform": float32[batch, time]} ->
    {"waveform": float32[batch, time]}``.

    Args:
        generator: ``[noisy (batch, time, 1), z (batch, time / 2**L, z_channels)] -> (batch, time, 1)``
            (``networks.segan_generator``).
        discriminator: ``[noisy, audio] -> (batch, 1)`` on windows of a fixed
            length (``networks.segan_discriminator``); its window is the model's.
        l1_weight: lambda of the L1 term (100).
        gan_weight: weight of the adversarial term (1; 0: L1 only).
        seed: seed of the z draws.
        preemphasis: the pre-emphasis coefficient a in [0, 1) (0: none, the
            default for compatibility; the reference code and the recipes use 0.95).

    Raises:
        ValueError: negative or all-zero weights, networks of the wrong arity,
            a window that is not a multiple of the generator's ``2**L``, or a
            pre-emphasis outside [0, 1).

    Example:
    ```python
    model = keras_gans.models.SEGAN(
        keras_gans.networks.segan_generator((16, 32, 64), kernel_size=15),
        keras_gans.networks.segan_discriminator(4096, (16, 32, 64), kernel_size=15))
    model.compile()  # RMSprop(2e-4) for both, the paper's
    model.fit(keras_gans.data.speech.load_speech(window=4096, batch_size=32), epochs=5)
    enhanced = model.enhance(noisy_waveform)
    ```

    Reference: Pascual, Bonafonte and Serra, "SEGAN: Speech Enhancement
    Generative Adversarial Network", Interspeech 2017.
    """

    loss_names = ("d_loss", "g_loss", "gan_loss", "l1_loss")

    def __init__(self, generator, discriminator, l1_weight=100.0, gan_weight=1.0, seed=None, preemphasis=0.0,
                 **kwargs):
        if not 0.0 <= float(preemphasis) < 1.0:
            raise ValueError(f"`preemphasis` must be in [0, 1). Received: preemphasis={preemphasis}")
        if float(l1_weight) < 0 or float(gan_weight) < 0 or float(l1_weight) + float(gan_weight) == 0:
            raise ValueError(
                "`l1_weight` and `gan_weight` must be >= 0 and not both 0. "
                f"Received: l1_weight={l1_weight}, gan_weight={gan_weight}"
            )
        for which, net in (("generator", generator), ("discriminator", discriminator)):
            count = len(getattr(net, "inputs", None) or [])
            if isinstance(net, keras.Model) and count != 2:
                expected = "[noisy, z]" if which == "generator" else "[noisy, audio]"
                raise ValueError(
                    f"The SEGAN {which} must take two inputs {expected}. Received a {which} with {count} input(s)."
                )
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        self.l1_weight = float(l1_weight)
        self.gan_weight = float(gan_weight)
        self.preemphasis = float(preemphasis)
        self.window = int(discriminator.inputs[0].shape[1])
        self.multiple = waveform_multiple(generator)
        self.z_channels = int(generator.inputs[1].shape[-1])
        if self.window % self.multiple:
            raise ValueError(
                f"The discriminator's window must be a multiple of the generator's 2**L={self.multiple}. "
                f"Received: window={self.window}"
            )

    def default_g_optimizer(self):
        """RMSprop(2e-4), the paper's (both players)."""
        return keras.optimizers.RMSprop(2e-4)

    def default_d_optimizer(self):
        return keras.optimizers.RMSprop(2e-4)

    def batch_parts(self):
        """``(noisy, clean)`` windows, each ``(window, 1)``."""
        return BatchPart("noisy", (self.window, 1)), BatchPart("clean", (self.window, 1))

    def sample_z(self, noisy):
        """z ~ N(0, 1) of shape ``(batch, time / 2**L, z_channels)`` for a per-replica batch ``noisy``."""
        shape = tf.stack([tf.shape(noisy)[0], tf.shape(noisy)[1] // self.multiple, self.z_channels])
        return tf.random.stateless_normal(shape, seed=replica_seed(self.seed_generator))

    def judge(self, noisy, clean, audio, training=True):
        """D's scores ``(real, judged)``: one call on ``[(noisy, clean); (noisy, audio)]`` (VBN's reference first)."""
        scores = self.discriminator(
            [tf.concat([noisy, noisy], 0), tf.concat([clean, audio], 0)], training=training
        )
        n = tf.shape(noisy)[0]
        return scores[:n], scores[n:]

    def adversarial_updates(self, noisy, clean):
        """D, then G, on one G forward pass with one z draw (on pre-emphasised windows)."""
        noisy, clean = pre_emphasis(noisy, self.preemphasis), pre_emphasis(clean, self.preemphasis)
        z = self.sample_z(noisy)

        def d_losses(fake):
            real_scores, fake_scores = self.judge(noisy, clean, fake)
            return {"d_loss": losses.segan_discriminator_loss(real_scores, fake_scores)}

        def g_losses(fake):
            _, fake_scores = self.judge(noisy, clean, fake)
            total, adversarial, l1 = losses.segan_generator_loss(
                fake_scores, clean, fake, l1_weight=self.l1_weight, adversarial_weight=self.gan_weight
            )
            return {"g_loss": total, "gan_loss": adversarial, "l1_loss": l1}

        return self.shared_forward_updates(
            lambda: self.generator([noisy, z], training=True), d_losses, g_losses
        )

    # ------------------------------------------------------------------ inference
    def enhance_graph(self, waveform, z=None):
        """``(batch, time)`` float32 -> enhanced ``(batch, time)``, by 50 % overlap-add of windows, in TF ops.

        Pre-emphasises, then runs two streams of windows through G (z = 0
        unless ``z`` is given): the input's own windows, zero-padded to a
        multiple of the window, and the windows half a window later. Each
        output window is weighted by ``sin^2(pi t / window)``; the two
        streams' weights sum to 1 at every sample, so their sum cross-fades
        from one window to the next instead of jumping at every boundary
        (the reference code's ``clean()`` concatenates non-overlapping windows;
        the cross-fade measured +0.05 PESQ and +0.1 dB SSNR on the held-out
        set: docs/speech.md). Crops back and de-emphasises. Only pads,
        reshapes and products: LiteRT and ONNX run it.

        Args:
            waveform: ``(batch, time)`` float32.
            z: ``None`` (zeros), or ``(batch * (2 * n - 1), window / 2**L, z_channels)``
                with ``n = ceil(time / window) + 1``: the shifted stream's
                ``batch * n`` windows first, then the ``batch * (n - 1)`` plain ones.
        """
        waveform = tf.squeeze(pre_emphasis(tf.expand_dims(tf.convert_to_tensor(waveform, tf.float32), -1),
                                           self.preemphasis), -1)
        batch, time = tf.shape(waveform)[0], tf.shape(waveform)[1]
        w, h = self.window, self.window // 2
        count = (time + w - 1) // w + 1
        # The shifted stream: the input at offset h in count windows; the plain one: count - 1 windows.
        shifted = tf.reshape(tf.pad(waveform, [[0, 0], [h, count * w - time - h]]), [batch * count, w, 1])
        plain = tf.reshape(tf.pad(waveform, [[0, 0], [0, (count - 1) * w - time]]), [batch * (count - 1), w, 1])
        frames = tf.concat([shifted, plain], axis=0)
        if z is None:
            z = tf.zeros([tf.shape(frames)[0], w // self.multiple, self.z_channels])
        out = self.generator([frames, z], training=False)[..., 0] * self._crossfade()
        first = tf.reshape(out[: batch * count], [batch, count * w])
        second = tf.pad(tf.reshape(out[batch * count :], [batch, (count - 1) * w]), [[0, 0], [h, h]])
        out = (first + second)[:, h : h + time]
        return tf.squeeze(de_emphasis(tf.expand_dims(out, -1), self.preemphasis), -1)

    def _crossfade(self):
        """``sin^2(pi t / window)``: a window and the one half a window away sum to 1 (periodic Hann)."""
        return tf.constant(np.sin(np.pi * np.arange(self.window) / self.window) ** 2, tf.float32)

    def enhance(self, waveforms, sample_rate=SAMPLE_RATE, noise=False, seed=None, batch_size=16):
        """Enhances numpy waveforms at 16 kHz: one ``(time,)`` or a batch ``(batch, time)``.

        Args:
            waveforms: float array in [-1, 1], rank 1 or 2, at least one sample.
            sample_rate: must be 16000 (resample first: ``keras_gans.data.speech.resample``).
            noise: draw z ~ N(0, 1) per window instead of z = 0.
            seed: seed of those draws.
            batch_size: waveforms per generator call.

        Returns:
            float32 numpy of the input's shape.

        Raises:
            ValueError: another sample rate, rank, no samples, or non-finite values.
        """
        x = check_waveforms(waveforms, sample_rate)
        single = x.ndim == 1
        x = x[None] if single else x
        rng = np.random.default_rng(seed)
        outputs = []
        for i in range(0, len(x), batch_size):
            chunk = x[i : i + batch_size]
            z = None
            if noise:  # one z per window of both overlap-add streams (enhance_graph)
                count = -(-chunk.shape[1] // self.window) + 1
                z = rng.standard_normal((len(chunk) * (2 * count - 1), self.window // self.multiple, self.z_channels))
                z = tf.constant(z, tf.float32)
            outputs.append(keras.ops.convert_to_numpy(self.enhance_graph(chunk, z)))
        out = np.concatenate(outputs).astype("float32")
        return out[0] if single else out

    def translate(self, waveforms, noise=False, batch_size=16):
        """:meth:`enhance` at 16 kHz (the translator interface)."""
        return self.enhance(waveforms, noise=noise, batch_size=batch_size)

    # ------------------------------------------------------------------ export
    def serving_specs(self):
        return [tf.TensorSpec([None, None], tf.float32, name="waveform")]

    def serving_endpoints(self):
        """``serving_default``: ``{"waveform": float32[batch, time]} -> {"waveform": float32[batch, time]}`` (any time)."""

        def serve(waveform):
            return {"waveform": self.enhance_graph(waveform)}

        return {"serving_default": (serve, self.serving_specs())}

    def example_inputs(self):
        """Two waveforms of 1.5 windows (a partial window is padded inside the graph)."""
        rng = np.random.default_rng(0)
        return {"waveform": (0.1 * rng.standard_normal((2, self.window + self.window // 2))).astype("float32")}

    def generator_example_inputs(self):
        rng = np.random.default_rng(0)
        noisy = (0.1 * rng.standard_normal((2, self.window, 1))).astype("float32")
        z = rng.standard_normal((2, self.window // self.multiple, self.z_channels)).astype("float32")
        return [noisy, z]

    def spatial_multiple(self):
        return self.multiple


def pre_emphasis(x, coefficient):
    """``y[n] = x[n] - a x[n-1]`` along axis 1 of ``(batch, time, 1)`` (``y[0] = x[0]``); a = 0: ``x``."""
    if not coefficient:
        return x
    # The FIR [1, -a] as a causal convolution (plain slices of dynamic length are not LiteRT builtins).
    kernel = tf.constant(np.array([-coefficient, 1.0]).reshape(2, 1, 1), tf.float32)
    return tf.nn.conv1d(tf.pad(x, [[0, 0], [1, 0], [0, 0]]), kernel, stride=1, padding="VALID")


# De-emphasis taps: a**k falls below this (about 315 taps for a = 0.95); the tail it drops is
# at most TOLERANCE / (1 - a) of the peak amplitude, 2e-6 for a = 0.95.
DE_EMPHASIS_TOLERANCE = 1e-7


def de_emphasis(x, coefficient):
    """The inverse of :func:`pre_emphasis`, ``y[n] = x[n] + a y[n-1]``, for ``(batch, time, 1)``.

    Written as a causal convolution with the truncated impulse response
    ``a**k`` (no loop in the graph, so LiteRT and ONNX run it), equal to the
    recursion within ``DE_EMPHASIS_TOLERANCE / (1 - a)`` of the peak amplitude.
    """
    if not coefficient:
        return x
    taps = 1 + int(np.ceil(np.log(DE_EMPHASIS_TOLERANCE) / np.log(coefficient)))
    kernel = tf.constant((coefficient ** np.arange(taps - 1, -1, -1)).reshape(taps, 1, 1), tf.float32)
    return tf.nn.conv1d(tf.pad(x, [[0, 0], [taps - 1, 0], [0, 0]]), kernel, stride=1, padding="VALID")


def check_waveforms(waveforms, sample_rate=SAMPLE_RATE, name="waveforms"):
    """Validates waveforms for :meth:`SEGAN.enhance`; returns float32 numpy of rank 1 or 2.

    Raises:
        ValueError: a sample rate other than 16 kHz, rank not 1 or 2, no
            samples, or NaN/inf values, naming what was received.
    """
    if int(sample_rate) != SAMPLE_RATE:
        raise ValueError(
            f"SEGAN enhances audio at {SAMPLE_RATE} Hz. Received: sample_rate={sample_rate}; "
            "resample first, e.g. keras_gans.data.speech.resample(x, sample_rate)."
        )
    x = np.asarray(waveforms)
    if x.dtype.kind not in "fiu":
        raise ValueError(f"`{name}` must be numeric. Received dtype {x.dtype}.")
    if x.ndim not in (1, 2):
        raise ValueError(
            f"`{name}` must be (time,) or (batch, time) mono audio. Received shape {x.shape}."
        )
    if x.size == 0 or x.shape[-1] == 0:
        raise ValueError(f"`{name}` is empty. Received shape {x.shape}; expected at least one sample.")
    x = x.astype("float32")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"`{name}` must be finite. Received NaN or inf values.")
    return x
