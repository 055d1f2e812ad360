"""StarGAN: one generator translating images into many domains."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans.models import translation_io
from keras_gans.models.adversarial_model import BatchPart
from keras_gans.models.adversarial_model import replica_seed
from keras_gans.models.translator import Translator


@keras.saving.register_keras_serializable(package="keras_gans")
class StarGAN(Translator):
    """StarGAN (Choi et al. 2018): WGAN-GP + domain classification + cycle reconstruction.

    Batches are ``(images, domains)`` with ``domains`` float (N, D) vectors
    (binary attributes, or one-hot domains with ``multilabel=False``). Each
    step draws target domains by shuffling the batch's own labels (as the
    official code does), then:

    - ``d_steps`` critic updates, each on its own slice of the batch:
      ``E D_src(G(x, c)) - E D_src(x) + lambda_gp * GP + lambda_cls * L_cls(c_x, D_cls(x))``;
    - one generator update: ``-E D_src(G(x, c)) + lambda_cls * L_cls(c, D_cls(G(x, c)))
      + lambda_rec * |x - G(G(x, c), c_x)|_1``.

    There is no z: :meth:`translate` (alias ``generate``) maps images into
    target domains.

    Args:
        generator: ``[image, target_domain] -> image`` (``networks.stargan_generator``).
        discriminator: ``image -> [source map, domain logits]`` (``networks.stargan_discriminator``).
        lambda_cls: domain classification weight (1 in the paper).
        lambda_rec: reconstruction weight (10).
        lambda_gp: gradient penalty weight (10).
        d_steps: critic updates per generator update (5); the batch is split
            into ``d_steps`` slices.
        multilabel: sigmoid (attributes) or softmax (exclusive domains) classification loss.
        seed: seed of target shuffling and penalty interpolation.

    Example:
    ```python
    images, domains, _ = keras_gans.data.digit_domains.digit_domains()
    model = StarGAN(networks.stargan_generator(num_domains=4), networks.stargan_discriminator(num_domains=4))
    model.compile()
    model.fit(tf.data.Dataset.from_tensor_slices((images, domains)).batch(80).repeat(), steps_per_epoch=500)
    red_thick = model.translate(images[:8], domains_vectors)
    ```

    Reference: Choi et al., "StarGAN: Unified Generative Adversarial Networks
    for Multi-Domain Image-to-Image Translation", CVPR 2018.
    """

    loss_names = ("d_loss", "g_loss", "d_cls_loss", "g_cls_loss", "rec_loss", "gp")

    def __init__(self, generator, discriminator, lambda_cls=1.0, lambda_rec=10.0, lambda_gp=10.0, d_steps=5, multilabel=True, seed=None, **kwargs):
        for key, value in (("lambda_cls", lambda_cls), ("lambda_rec", lambda_rec), ("lambda_gp", lambda_gp)):
            if float(value) < 0:
                raise ValueError(f"`{key}` must be >= 0. Received: {key}={value}")
        if int(d_steps) < 1:
            raise ValueError(f"`d_steps` must be >= 1. Received: d_steps={d_steps}")
        inputs = getattr(generator, "inputs", None)
        if not inputs or len(inputs) != 2:
            raise ValueError(
                "`generator` must take two inputs [image, target_domain]. "
                f"Received a model with {len(inputs or [])} input(s)."
            )
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        self.num_domains = int(inputs[1].shape[-1])
        self.lambda_cls = float(lambda_cls)
        self.lambda_rec = float(lambda_rec)
        self.lambda_gp = float(lambda_gp)
        self.d_steps = int(d_steps)
        self.multilabel = bool(multilabel)

    g_adam = d_adam = {"learning_rate": 1e-4, "beta_1": 0.5, "beta_2": 0.999}  # the paper's setting

    def sample_targets(self, domains):
        """Target domains: this replica's ``domains`` shuffled (every target occurs in the data).

        A method of its own (like :meth:`sample_interpolation`) so a
        distributed test can pin it; folded with the replica id.
        """
        keys = tf.random.stateless_uniform(
            [tf.shape(domains)[0]], seed=replica_seed(self.seed_generator)
        )
        return tf.gather(domains, tf.argsort(keys))

    def batch_parts(self):
        """``(images, domains)``: images the generator takes, float (multi-)hot domain vectors."""
        images = tuple(self.generator.inputs[0].shape[1:])
        return BatchPart("images", images), BatchPart("domains", (self.num_domains,), kind="number")

    def _critic(self, images, training=True):
        return self.discriminator(images, training=training)[0]

    # The generator update reuses the first critic minibatch, as the official code does.
    generator_minibatch = 0

    def discriminator_step(self, real, domains):
        target = self.sample_targets(domains)
        fake = self.generator([real, target], training=True)

        def d_losses():
            real_source, real_domain = self.discriminator(real, training=True)
            fake_source, _ = self.discriminator(fake, training=True)
            adversarial = losses.wasserstein_discriminator_loss(real_source, fake_source)
            penalty = losses.gradient_penalty(self._critic, real, fake, alpha=self.sample_interpolation(real))
            cls = losses.domain_classification_loss(domains, real_domain, multilabel=self.multilabel)
            d_loss = adversarial + self.lambda_cls * cls + self.lambda_gp * penalty
            return {"d_loss": d_loss, "d_cls_loss": cls, "gp": penalty}

        return self.minimize("discriminator", d_losses)

    def generator_step(self, real, domains):
        target = self.sample_targets(domains)

        def g_losses():
            fake = self.generator([real, target], training=True)
            fake_source, fake_domain = self.discriminator(fake, training=True)
            cls = losses.domain_classification_loss(target, fake_domain, multilabel=self.multilabel)
            rec = losses.cycle_l1(real, self.generator([fake, domains], training=True))
            g_loss = losses.wasserstein_generator_loss(fake_source) + self.lambda_cls * cls + self.lambda_rec * rec
            return {"g_loss": g_loss, "g_cls_loss": cls, "rec_loss": rec}

        return self.minimize("generator", g_losses)

    def translate(self, images, target_domains, batch_size=64):
        """Translates numpy images into ``target_domains`` (N, D); returns float32 numpy."""
        images = np.asarray(images, "float32")
        target_domains = np.asarray(target_domains, "float32")
        if target_domains.shape != (len(images), self.num_domains):
            raise ValueError(
                f"`target_domains` must have shape ({len(images)}, {self.num_domains}). Received {target_domains.shape}."
            )
        return self.run_generator([images, target_domains], batch_size=batch_size)

    def serving_specs(self):
        """``image`` float32 (N, H, W, C) and ``target_domain`` float32 (N, D)."""
        return [
            translation_io.image_spec(self.input_channels),
            tf.TensorSpec([None, self.num_domains], tf.float32, name="target_domain"),
        ]

    def example_inputs(self):
        rng = np.random.default_rng(0)
        domains = np.eye(self.num_domains, dtype="float32")[rng.integers(self.num_domains, size=2)]
        return {"image": rng.uniform(-1, 1, (2, 16, 12, self.input_channels)).astype("float32"), "target_domain": domains}
