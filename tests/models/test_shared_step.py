"""Pix2Pix, CycleGAN and StarGAN on the shared step compute what their hand-written steps did.

Each reference below is the ``train_step`` the objective wrote itself before it
moved onto ``AdversarialModel.adversarial_updates`` (same losses, same update
order), run on a copy of the model with the same weights and seed state; one
step of each must leave identical weights and report identical losses.
"""

import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans import models
from keras_gans import networks
from tests.contract.cases import _cyclegan
from tests.contract.cases import _domain_batch
from tests.contract.cases import _image_pairs
from tests.contract.cases import _pix2pix


def _pix2pix_reference(model, inputs, targets):
    """D first on the G forward pass, with G's tape paused; then G against the updated D."""
    g_vars, d_vars = model.generator.trainable_variables, model.discriminator.trainable_variables
    with tf.GradientTape() as g_tape:
        fake = model.generator(inputs, training=True)
        with g_tape.stop_recording():
            with tf.GradientTape() as d_tape:
                real_logits = model.discriminator([inputs, targets], training=True)
                fake_logits = model.discriminator([inputs, tf.stop_gradient(fake)], training=True)
                d_loss = 0.5 * losses.minimax_discriminator_loss(real_logits, fake_logits)
            model.apply_loss_gradients(d_tape, d_loss, d_vars, model.d_optimizer)
        gan_loss = losses.non_saturating_generator_loss(model.discriminator([inputs, fake], training=True))
        l1 = losses.l1_loss(targets, fake)
        g_loss = model.gan_weight * gan_loss + model.l1_weight * l1
    model.apply_loss_gradients(g_tape, g_loss, g_vars, model.g_optimizer)
    return {"d_loss": d_loss, "g_loss": g_loss, "gan_loss": gan_loss, "l1_loss": l1}


def _cyclegan_reference(model, real_a, real_b):
    """Both generators first, then both discriminators on pooled fakes."""
    g_ab, g_ba, d_a, d_b = model.generator, model.generator_ba, model.discriminator_a, model.discriminator
    with tf.GradientTape() as tape:
        fake_b, fake_a = g_ab(real_a, training=True), g_ba(real_b, training=True)
        cycle = losses.cycle_consistency_loss(
            real_a, g_ba(fake_b, training=True), real_b, g_ab(fake_a, training=True)
        )
        adv = 2.0 * (
            losses.least_squares_generator_loss(d_b(fake_b, training=True))
            + losses.least_squares_generator_loss(d_a(fake_a, training=True))
        )
        identity = losses.identity_loss(real_a, g_ba(real_a, training=True), real_b, g_ab(real_b, training=True))
        g_loss = adv + model.cycle_weight * cycle + model.identity_weight * identity
    model.apply_loss_gradients(tape, g_loss, model.generator_variables(), model.g_optimizer)
    pooled_b, pooled_a = model.pool_b(tf.stop_gradient(fake_b)), model.pool_a(tf.stop_gradient(fake_a))
    with tf.GradientTape() as tape:
        d_loss = losses.least_squares_discriminator_loss(
            d_b(real_b, training=True), d_b(pooled_b, training=True)
        ) + losses.least_squares_discriminator_loss(d_a(real_a, training=True), d_a(pooled_a, training=True))
    model.apply_loss_gradients(tape, d_loss, model.discriminator_variables(), model.d_optimizer)
    return {"d_loss": d_loss, "g_loss": g_loss, "adv_loss": adv, "cycle_loss": cycle, "identity_loss": identity}


def _stargan_reference(model, real, domains):
    """``d_steps`` critic updates on slices, then G on the first slice."""
    size = tf.shape(real)[0] // model.d_steps
    d_losses = []
    for i in range(model.d_steps):
        x, c = real[i * size : (i + 1) * size], domains[i * size : (i + 1) * size]
        fake = model.generator([x, model.sample_targets(c)], training=True)
        with tf.GradientTape() as tape:
            real_source, real_domain = model.discriminator(x, training=True)
            fake_source, _ = model.discriminator(fake, training=True)
            penalty = losses.gradient_penalty(model._critic, x, fake, alpha=model.sample_interpolation(x))
            cls = losses.domain_classification_loss(c, real_domain, multilabel=model.multilabel)
            d_loss = losses.wasserstein_discriminator_loss(real_source, fake_source) + model.lambda_cls * cls + model.lambda_gp * penalty
        model.apply_loss_gradients(tape, d_loss, model.discriminator.trainable_variables, model.d_optimizer)
        d_losses.append(d_loss)
    x, c = real[:size], domains[:size]
    target = model.sample_targets(c)
    with tf.GradientTape() as tape:
        fake = model.generator([x, target], training=True)
        fake_source, fake_domain = model.discriminator(fake, training=True)
        cls = losses.domain_classification_loss(target, fake_domain, multilabel=model.multilabel)
        rec = losses.cycle_l1(x, model.generator([fake, c], training=True))
        g_loss = losses.wasserstein_generator_loss(fake_source) + model.lambda_cls * cls + model.lambda_rec * rec
    model.apply_loss_gradients(tape, g_loss, model.generator.trainable_variables, model.g_optimizer)
    return {"d_loss": tf.add_n(d_losses) / model.d_steps, "g_loss": g_loss, "rec_loss": rec}


def _stargan_two_critic_steps():
    return models.StarGAN(
        networks.stargan_generator(1, num_domains=3, filters=4, num_downsamplings=0, num_residual=1),
        networks.stargan_discriminator(1, num_domains=3, filters=4, num_layers=1),
        d_steps=2, seed=0,
    )


def _assert_same_step(build, batch, reference):
    model, twin = build(), build()
    twin.set_weights(model.get_weights())
    model.compile()
    twin.compile()
    before = [w.numpy() for w in model.weights]
    batch = tuple(tf.constant(x) for x in batch)
    logs = model.adversarial_updates(*batch)
    expected = reference(twin, *batch)
    for name, value in expected.items():
        np.testing.assert_allclose(float(logs[name]), float(value), rtol=1e-6, err_msg=name)
    changed = 0
    for new, old, start in zip(model.weights, twin.weights, before, strict=True):
        np.testing.assert_allclose(new.numpy(), old.numpy(), rtol=0, atol=1e-6, err_msg=new.path)
        changed += not np.array_equal(new.numpy(), start)
    assert changed > 0  # the step moved the weights: the comparison is not between two no-ops


def test_pix2pix_updates_d_then_g_on_one_forward_pass_as_before():
    _assert_same_step(_pix2pix, _image_pairs(), _pix2pix_reference)


def test_cyclegan_updates_both_generators_then_both_discriminators_as_before():
    _assert_same_step(_cyclegan, _image_pairs(), _cyclegan_reference)


def test_stargan_critic_slices_then_generator_on_the_first_as_before():
    _assert_same_step(_stargan_two_critic_steps, _domain_batch(n=4), _stargan_reference)
