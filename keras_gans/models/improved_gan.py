"""The GAN with the "improved techniques" of Salimans et al. (2016) and common tricks."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.adversarial_model import replica_seed
from keras_gans.models.critic_steps import check_non_negative
from keras_gans.models.gan import GAN
from keras_gans.models.gan import GENERATOR_LOSSES


@keras.saving.register_keras_serializable(package="keras_gans")
class ImprovedGAN(GAN):
    """:class:`GAN` with feature matching, historical averaging, instance noise and label flipping.

    Minibatch discrimination is a discriminator layer
    (``keras_gans.layers.MinibatchDiscrimination``, e.g. in
    ``networks.mlp_minibatch_discriminator``) and one-sided label smoothing is
    GAN's ``label_smoothing``, so every technique of the paper is an option
    here; all are off by default (then the update equals :class:`GAN`'s).
    For images, pass the DCGAN networks (``networks.dcgan_generator`` /
    ``dcgan_discriminator``).

    Args:
        generator, discriminator: ``keras.Model``s; D returns logits. With
            feature matching D must be a functional model.
        feature_matching: None (off), "penultimate" (the layer feeding the
            logit) or the name of a discriminator layer. When on, the
            generator minimises ``||E f(x) - E f(G(z))||^2`` on that layer
            instead of its adversarial loss (Section 3.1).
        historical_averaging: weight of ``||theta - mean_t theta_t||^2`` added
            to both players' losses (0 = off; Section 3.3).
        instance_noise: std of Gaussian noise added to every discriminator
            input, real and fake (0 = off; Sonderby et al. 2017).
        instance_noise_steps: anneal the noise linearly to 0 over this many
            train steps (0 = constant noise).
        label_flip: probability of swapping an example's real/fake label in
            the discriminator loss (0 = off).
        **kwargs: :class:`GAN` arguments (``loss``, ``d_steps``,
            ``label_smoothing``, ``latent_dim``, ``seed``).

    Raises:
        ValueError: a negative weight or noise, a probability outside [0, 0.5),
            or an unknown feature layer.

    Example:
    ```python
    gan = keras_gans.models.ImprovedGAN(
        keras_gans.networks.mlp_generator(),
        keras_gans.networks.mlp_minibatch_discriminator(),
        feature_matching="penultimate", label_smoothing=0.1)
    gan.compile()
    gan.fit(keras_gans.data.load("ring8", batch_size=256), epochs=5)
    ```

    Reference: Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016.
    """

    def __init__(
        self, generator, discriminator, feature_matching=None, historical_averaging=0.0, instance_noise=0.0,
        instance_noise_steps=0, label_flip=0.0, **kwargs,
    ):
        super().__init__(generator, discriminator, **kwargs)
        check_non_negative("historical_averaging", historical_averaging)
        check_non_negative("instance_noise", instance_noise)
        check_non_negative("instance_noise_steps", instance_noise_steps)
        if not 0.0 <= float(label_flip) < 0.5:
            raise ValueError(f"`label_flip` must be in [0, 0.5). Received: label_flip={label_flip}")
        self.feature_matching = feature_matching
        self.historical_averaging = float(historical_averaging)
        self.instance_noise = float(instance_noise)
        self.instance_noise_steps = int(instance_noise_steps)
        self.label_flip = float(label_flip)
        self.feature_extractor = self._feature_extractor(discriminator, feature_matching)
        if self.historical_averaging > 0:
            self.averages = {
                which: [
                    keras.Variable(np.zeros(v.shape, "float32"), trainable=False, name=f"avg_{i}")
                    for i, v in enumerate(getattr(self, which).trainable_variables)
                ]
                for which in ("generator", "discriminator")
            }
            self.average_count = keras.Variable(0.0, trainable=False, name="average_count")

    @staticmethod
    def _feature_extractor(discriminator, feature_matching):
        if feature_matching is None:
            return None
        if not isinstance(discriminator, keras.Model) or not getattr(discriminator, "inputs", None):
            raise ValueError(
                "`feature_matching` needs a functional discriminator. "
                f"Received: {type(discriminator).__name__}"
            )
        names = [layer.name for layer in discriminator.layers]
        if feature_matching == "penultimate":
            layer = discriminator.layers[-2]
        elif feature_matching in names:
            layer = discriminator.get_layer(feature_matching)
        else:
            raise ValueError(
                "`feature_matching` must be None, 'penultimate' or a discriminator layer name "
                f"in {names}. Received: feature_matching={feature_matching!r}"
            )
        return keras.Model(discriminator.inputs, layer.output, name="feature_extractor")

    # ------------------------------------------------------------------ tricks
    def _noisy(self, x):
        """Adds the (annealed) instance noise to a discriminator input."""
        if self.instance_noise == 0:
            return x
        sigma = tf.constant(self.instance_noise)
        if self.instance_noise_steps > 0:
            progress = tf.cast(self.g_optimizer.iterations, tf.float32) / self.instance_noise_steps
            sigma = sigma * tf.maximum(0.0, 1.0 - progress)
        return x + sigma * tf.random.stateless_normal(tf.shape(x), seed=replica_seed(self.seed_generator))

    def _flips(self, n):
        if self.label_flip == 0:
            return tf.zeros((n, 1))
        u = tf.random.stateless_uniform((n, 1), seed=replica_seed(self.seed_generator))
        return tf.cast(u < self.label_flip, tf.float32)

    def _history_penalty(self, which):
        if self.historical_averaging == 0:
            return 0.0
        variables = getattr(self, which).trainable_variables
        # Before the first update there is no history: the average is the current value.
        first = tf.equal(self.average_count, 0.0)
        averages = [
            tf.where(first, tf.stop_gradient(v), a)
            for v, a in zip(variables, self.averages[which], strict=True)
        ]
        return self.historical_averaging * losses.historical_averaging_penalty(variables, averages)

    def _update_averages(self):
        count = self.average_count + 1.0
        for which in ("generator", "discriminator"):
            for v, a in zip(
                getattr(self, which).trainable_variables, self.averages[which], strict=True
            ):
                a.assign(a + (v - a) / count)
        self.average_count.assign(count)

    # ------------------------------------------------------------------ steps
    def discriminator_step(self, real, condition=None):
        n = tf.shape(real)[0]
        fake = self.generator(self.sample_latent(n), training=True)
        flip_real, flip_fake = self._flips(n), self._flips(n)
        real_in, fake_in = self._noisy(real), self._noisy(fake)

        def d_losses():
            real_logits = self.discriminator(real_in, training=True)
            fake_logits = self.discriminator(fake_in, training=True)
            d_loss = losses.flipped_label_discriminator_loss(
                real_logits, fake_logits, flip_real, flip_fake, self.label_smoothing
            )
            return {"d_loss": d_loss, "total": d_loss + self._history_penalty("discriminator")}

        return self.minimize("discriminator", d_losses, objective="total")

    def generator_step(self, real, condition=None):
        z = self.sample_latent(tf.shape(real)[0])

        def g_losses():
            fake = self.generator(z, training=True)
            if self.feature_extractor is not None:
                g_loss = losses.feature_matching_loss(
                    self.feature_extractor(self._noisy(real), training=True),
                    self.feature_extractor(self._noisy(fake), training=True),
                )
            else:
                g_loss = GENERATOR_LOSSES[self.loss_name](self.discriminator(self._noisy(fake), training=True))
            return {"g_loss": g_loss, "total": g_loss + self._history_penalty("generator")}

        return self.minimize("generator", g_losses, objective="total")

    def adversarial_updates(self, real, condition=None):
        logs = super().adversarial_updates(real, condition)
        if self.historical_averaging > 0:
            self._update_averages()  # after both updates; the logs do not read the averages
        return logs
