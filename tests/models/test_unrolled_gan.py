import keras
import numpy as np
import pytest
import tensorflow as tf

import keras_gans
from keras_gans import networks
from keras_gans.data import toys
from keras_gans.models import GAN
from keras_gans.models import UnrolledGAN
from tests.models.objective_toys import assert_grid_modes_learned
from tests.models.objective_toys import compile_adam
from tests.models.objective_toys import remedy_run

HIDDEN = (64, 64)


trained = remedy_run(
    lambda: UnrolledGAN(
        networks.mlp_generator(2, 2, HIDDEN), networks.mlp_discriminator(2, HIDDEN), unroll_steps=2, seed=0
    ),
    steps=200,
)


@pytest.mark.slow
def test_unrolled_learns_grid_modes(trained):
    # Stated threshold: >= 6 of the 25 modes after 200 steps (untrained: <= 3).
    assert_grid_modes_learned(trained, before_at_most=3, after_at_least=6)


def _twins(unroll_steps):
    keras.utils.set_random_seed(7)
    g, d = networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,))
    g2, d2 = keras.models.clone_model(g), keras.models.clone_model(d)
    g2.set_weights(g.get_weights())
    d2.set_weights(d.get_weights())
    gan = compile_adam(GAN(g, d, seed=11), lr=1e-2)
    unrolled = compile_adam(UnrolledGAN(g2, d2, unroll_steps=unroll_steps, seed=11), lr=1e-2)
    return gan, unrolled


def test_discriminator_update_is_the_gan_update():
    # The unrolled copies are tensors: D's variables after a step equal a plain GAN's D update.
    # (One step: after it the generators differ, so later D updates see different fakes.)
    gan, unrolled = _twins(unroll_steps=5)
    batch = toys.sample_mixture("ring8", 32, seed=0)[0]
    gan.train_on_batch(batch)
    unrolled.train_on_batch(batch)
    for a, b in zip(gan.discriminator.weights, unrolled.discriminator.weights, strict=True):
        np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-6)
    assert int(gan.d_optimizer.iterations) == int(unrolled.d_optimizer.iterations) == 1


def test_generator_gradient_flows_through_the_unrolling():
    _, model = _twins(unroll_steps=0)
    real = tf.constant(toys.sample_mixture("ring8", 32, seed=0)[0])
    z = tf.constant(model.latent_vectors(32, seed=1))

    def gradient(steps):
        model.unroll_steps = steps
        with tf.GradientTape() as tape:
            loss = model.generator_loss(z, real)
        return [g.numpy() for g in tape.gradient(loss, model.generator.trainable_variables)]

    plain, unrolled = gradient(0), gradient(5)
    # k = 0 is exactly the non-saturating GAN gradient.
    with tf.GradientTape() as tape:
        logits = model.discriminator(model.generator(z, training=True), training=True)
        loss = keras_gans.losses.non_saturating_generator_loss(logits)
    for a, b in zip(plain, tape.gradient(loss, model.generator.trainable_variables), strict=True):
        np.testing.assert_allclose(a, b.numpy(), atol=1e-6)
    difference = max(float(np.max(np.abs(a - b))) for a, b in zip(plain, unrolled, strict=True))
    assert difference > 1e-4


@pytest.mark.parametrize("optimizer", [
    None, keras.optimizers.SGD(0.05), keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True),
], ids=["adam", "sgd", "sgd_nesterov"])
def test_unrolled_step_is_the_discriminators_own_step(optimizer):
    # Metz et al. unroll D's optimizer: K=1 must land where D's real update lands, from a
    # state with non-zero moments and step count (two real updates first).
    from keras_gans.models.unrolled_gan import optimizer_unroller
    from keras_gans.models.unrolled_gan import unrolled_discriminator_weights

    _, model = _twins(unroll_steps=1)
    real = tf.constant(toys.sample_mixture("ring8", 32, seed=0)[0])
    fake = model.generator(tf.constant(model.latent_vectors(32, seed=1)))
    d, optimizer = model.discriminator, optimizer or model.d_optimizer

    def d_grads():
        with tf.GradientTape() as tape:
            loss = keras_gans.losses.minimax_discriminator_loss(d(real, training=True), d(fake, training=True))
        return tape.gradient(loss, d.trainable_variables)

    for _ in range(2):
        optimizer.apply(d_grads(), d.trainable_variables)
    start = [tf.identity(v) for v in d.trainable_variables]
    unrolled = unrolled_discriminator_weights(
        d, list(start), real, fake, 1, optimizer_unroller(optimizer, d.trainable_variables))
    optimizer.apply(d_grads(), d.trainable_variables)
    moved = 0.0
    for u, v, w0 in zip(unrolled, d.trainable_variables, start, strict=True):
        np.testing.assert_allclose(u.numpy(), v.numpy(), atol=1e-6)
        moved = max(moved, float(np.max(np.abs(v.numpy() - w0.numpy()))))
    assert moved > 1e-3  # the step did something (Adam's first steps move each weight by ~lr)


def test_generator_loss_keeps_the_real_term_of_the_unrolled_value():
    # With loss="minimax" the generator minimises exactly V(G, D_K) = -(D's loss at D_K).
    _, model = _twins(unroll_steps=3)
    model.loss_name = "minimax"
    real = tf.constant(toys.sample_mixture("ring8", 32, seed=0)[0])
    z = tf.constant(model.latent_vectors(32, seed=1))
    g_vars = model.generator.trainable_variables
    from keras_gans.models.unrolled_gan import unrolled_discriminator_weights

    with tf.GradientTape(persistent=True) as tape:
        full = model.generator_loss(z, real)
        fake = model.generator(z, training=True)
        weights = unrolled_discriminator_weights(
            model.discriminator, [tf.identity(v) for v in model.discriminator.trainable_variables],
            real, fake, 3, model.unroller())
        logits = [model.discriminator.stateless_call(weights, [], x, training=True)[0] for x in (real, fake)]
        value = -keras_gans.losses.minimax_discriminator_loss(*logits)
        model.real_term = False
        fake_only = model.generator_loss(z, real)
    np.testing.assert_allclose(float(full), float(value), rtol=1e-5)
    # The real-data term depends on G through D_K's weights, so dropping it changes G's gradient.
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(
        tape.gradient(full, g_vars), tape.gradient(fake_only, g_vars), strict=True))
    assert diff > 1e-5, diff


def test_defaults_and_bad_arguments():
    g, d = networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,))
    model = UnrolledGAN(g, d)
    model.compile()
    assert model.unroll_steps == 5 and model.unroll == "optimizer" and model.real_term
    assert float(model.g_optimizer.learning_rate) == pytest.approx(1e-3)
    assert float(model.d_optimizer.learning_rate) == pytest.approx(1e-4)
    with pytest.raises(ValueError, match="unroll_steps"):
        UnrolledGAN(g, d, unroll_steps=-1)
    with pytest.raises(ValueError, match="unroll_learning_rate"):
        UnrolledGAN(g, d, unroll_learning_rate=0.0)
    with pytest.raises(ValueError, match="'optimizer' or 'sgd'"):
        UnrolledGAN(g, d, unroll="adam")
    rmsprop = UnrolledGAN(g, d, unroll_steps=1)
    rmsprop.compile(d_optimizer=keras.optimizers.RMSprop(0.1))
    with pytest.raises(ValueError, match="Received d_optimizer=RMSprop"):
        rmsprop.unroller()
