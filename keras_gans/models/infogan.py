"""InfoGAN: unsupervised latent codes made interpretable by a mutual-information bound."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.adversarial_model import replica_seed
from keras_gans.models.label_conditioned import check_label_array
from keras_gans.models.latent_generator import LatentGenerator
from keras_gans.networks.conditioning import check_num_classes
from keras_gans.networks.conditioning import check_num_continuous


@keras.saving.register_keras_serializable(package="keras_gans")
class InfoGAN(LatentGenerator):
    """InfoGAN (Chen et al. 2016): a GAN whose codes Q can read back from samples.

    The generator takes ``[z, code]`` or ``[z, code, continuous]``: a
    categorical code ``c ~ Cat(K)`` (int32, batch) and ``num_continuous`` codes
    ``~ U(-1, 1)``. The discriminator's body is shared with Q: it returns
    ``[logits, code_logits (batch, K)(, continuous_mean (batch, C))]``. Both
    players add ``info_weight * L_info`` (the negative variational bound on
    ``I(c; G(z, c))``, :func:`keras_gans.losses.information_loss`) to their
    adversarial loss; D's update trains Q's heads, G's update makes the codes
    recoverable. No labels are used: a labelled dataset's labels are ignored.

    Args:
        generator: ``[z, code(, continuous)] -> x``, e.g.
            ``conditional_dcgan_generator(num_classes=K, num_continuous=C)``.
        discriminator: ``x -> [logits, code_logits(, continuous)]``, e.g.
            ``auxiliary_dcgan_discriminator(num_classes=K, num_continuous=C, head_units=128)``.
        num_categories: K, categories of the categorical code.
        num_continuous: C, number of continuous codes (0 for none).
        latent_dim: size of the incompressible noise z.
        info_weight: lambda (1 in the paper for discrete codes).
        continuous_weight: relative weight of the continuous codes' NLL.
        seed: seed of the latent and code sampling.

    Raises:
        ValueError: bad sizes or weights, or networks whose inputs/outputs do
            not match ``num_continuous``.

    Example:
    ```python
    g = keras_gans.networks.conditional_dcgan_generator(latent_dim=62, num_classes=10, num_continuous=2)
    d = keras_gans.networks.auxiliary_dcgan_discriminator(num_classes=10, num_continuous=2, head_units=128)
    info = keras_gans.models.InfoGAN(g, d, num_categories=10, num_continuous=2)
    info.compile()  # as in the paper
    info.fit(keras_gans.data.load("mnist_5k"), epochs=20)
    images = info.generate(10, codes=np.arange(10), seed=0)
    ```

    Reference: Chen et al., "InfoGAN: Interpretable Representation Learning by
    Information Maximizing Generative Adversarial Nets", NeurIPS 2016.
    """

    loss_names = ("d_loss", "g_loss", "info_loss")

    def __init__(
        self,
        generator,
        discriminator,
        num_categories=10,
        num_continuous=2,
        latent_dim=None,
        info_weight=1.0,
        continuous_weight=1.0,
        seed=None,
        **kwargs,
    ):
        check_num_classes(num_categories, "num_categories")
        check_num_continuous(num_continuous)
        for key, value in (("info_weight", info_weight), ("continuous_weight", continuous_weight)):
            if float(value) < 0:
                raise ValueError(f"`{key}` must be >= 0. Received: {key}={value}")
        expected = 3 if num_continuous else 2
        inputs = getattr(generator, "inputs", None)
        if inputs is not None and len(inputs) != expected:
            raise ValueError(
                f"InfoGAN with num_continuous={num_continuous} needs a generator with {expected} inputs "
                f"[z, code{', continuous' if num_continuous else ''}]. Received {len(inputs)} input(s)."
            )
        outputs = getattr(discriminator, "outputs", None)
        if outputs is not None and len(outputs) != expected:
            raise ValueError(
                f"InfoGAN with num_continuous={num_continuous} needs a discriminator with {expected} "
                f"outputs [logits, code_logits{', continuous' if num_continuous else ''}]. "
                f"Received {len(outputs)} output(s)."
            )
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.num_categories = int(num_categories)
        self.num_continuous = int(num_continuous)
        self.info_weight = float(info_weight)
        self.continuous_weight = float(continuous_weight)

    g_adam = {"learning_rate": 1e-3, "beta_1": 0.5}  # the paper's generator learning rate (Appendix C)
    d_adam = {"learning_rate": 2e-4, "beta_1": 0.5}  # the paper's discriminator (and Q) learning rate

    # ------------------------------------------------------------------ codes
    def sample_codes(self, batch_size):
        """Draws ``(code, continuous)`` from the prior inside ``train_step``."""
        return self.sample_code(batch_size), (
            self.sample_continuous(batch_size) if self.num_continuous else None
        )

    def sample_code(self, batch_size):
        """The categorical code ``c ~ Cat(K)``, int32 (batch,); folded with the replica id."""
        return tf.random.stateless_uniform(
            (batch_size,),
            seed=replica_seed(self.seed_generator),
            minval=0,
            maxval=self.num_categories,
            dtype=tf.int32,
        )

    def sample_continuous(self, batch_size):
        """The continuous codes ``~ U(-1, 1)``, float32 (batch, num_continuous)."""
        return tf.random.stateless_uniform(
            (batch_size, self.num_continuous),
            seed=replica_seed(self.seed_generator),
            minval=-1.0,
            maxval=1.0,
        )

    def _generator_inputs(self, z, code, continuous):
        return [z, code] if continuous is None else [z, code, continuous]

    def _information_loss(self, outputs, code, continuous):
        return losses.information_loss(
            outputs[1],
            code,
            outputs[2] if continuous is not None else None,
            continuous,
            continuous_weight=self.continuous_weight,
        )

    # ------------------------------------------------------------------ training
    def discriminator_step(self, real, condition=None):
        """One update of D and Q on fakes of freshly drawn codes; returns its logs."""
        batch = tf.shape(real)[0]
        z = self.sample_latent(batch)
        code, continuous = self.sample_codes(batch)
        fake = self.generator(self._generator_inputs(z, code, continuous), training=True)

        def d_losses():
            real_logits = self.discriminator(real, training=True)[0]
            fake_outputs = self.discriminator(fake, training=True)
            adversarial = losses.minimax_discriminator_loss(real_logits, fake_outputs[0])
            info_loss = self._information_loss(fake_outputs, code, continuous)
            return {"d_loss": adversarial, "info_loss": info_loss, "total": adversarial + self.info_weight * info_loss}

        return self.minimize("discriminator", d_losses, objective="total")

    def generator_step(self, real, condition=None):
        """One generator update (adversarial + information); returns its logs."""
        batch = tf.shape(real)[0]
        z = self.sample_latent(batch)
        code, continuous = self.sample_codes(batch)

        def g_losses():
            outputs = self.discriminator(self.generator(self._generator_inputs(z, code, continuous), training=True), training=True)
            g_loss = losses.non_saturating_generator_loss(outputs[0])
            return {"g_loss": g_loss + self.info_weight * self._information_loss(outputs, code, continuous)}

        return self.minimize("generator", g_losses)

    # ------------------------------------------------------------------ sampling
    def code_arrays(self, num, codes=None, continuous=None, seed=None):
        """Checked numpy codes: ``(code int32 (num,), continuous float32 (num, C) or None)``.

        ``codes``: None (cycle 0..K-1), an int or an int array (num,).
        ``continuous``: None (drawn from U(-1, 1) with ``seed``), or an array (num, C).
        """
        code = check_label_array(codes, int(num), self.num_categories, name="codes")
        if not self.num_continuous:
            if continuous is not None:
                raise ValueError(
                    "This InfoGAN has no continuous codes (num_continuous=0); pass continuous=None."
                )
            return code, None
        if continuous is None:
            rng = np.random.default_rng(None if seed is None else seed + 1)
            continuous = rng.uniform(-1.0, 1.0, (int(num), self.num_continuous))
        continuous = np.asarray(continuous, dtype="float32")
        if continuous.shape != (int(num), self.num_continuous):
            raise ValueError(
                f"`continuous` must have shape ({num}, {self.num_continuous}). "
                f"Received shape {continuous.shape}."
            )
        return code, continuous

    def generate(self, num, seed=None, batch_size=256, codes=None, continuous=None):
        """Generates ``num`` samples for the given codes in inference mode.

        Args:
            num: number of samples.
            seed: int for reproducible z (and continuous codes when drawn).
            batch_size: generator batch size.
            codes: categorical codes: None (cycle 0..K-1), an int or an int array (num,).
            continuous: continuous codes (num, C); None draws them from U(-1, 1).

        Raises:
            ValueError: codes out of ``[0, num_categories)`` or of the wrong shape.
        """
        code, cont = self.code_arrays(num, codes, continuous, seed)
        return self.run_generator(self._generator_inputs(self.latent_vectors(num, seed), code, cont), batch_size=batch_size)

    # ------------------------------------------------------------------ export
    def serving_specs(self):
        """``z``, ``code`` int32 (None,) and, with continuous codes, ``continuous`` float32 (None, C)."""
        specs = [*super().serving_specs(), tf.TensorSpec([None], tf.int32, name="code")]
        if self.num_continuous:
            specs.append(tf.TensorSpec([None, self.num_continuous], tf.float32, name="continuous"))
        return specs

    def export_example_inputs(self):
        """One sample per category, so the TFLite parity check covers every code."""
        code, continuous = self.code_arrays(self.num_categories, seed=0)
        example = {"z": self.latent_vectors(self.num_categories, seed=0), "code": code}
        if continuous is not None:
            example["continuous"] = continuous
        return example
