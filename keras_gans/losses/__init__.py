"""Adversarial losses and penalties as pure, tested functions."""

from keras_gans.losses.adversarial import hinge_discriminator_loss
from keras_gans.losses.adversarial import hinge_generator_loss
from keras_gans.losses.adversarial import least_squares_discriminator_loss
from keras_gans.losses.adversarial import least_squares_generator_loss
from keras_gans.losses.adversarial import minimax_discriminator_loss
from keras_gans.losses.adversarial import minimax_generator_loss
from keras_gans.losses.adversarial import non_saturating_generator_loss
from keras_gans.losses.adversarial import wasserstein_discriminator_loss
from keras_gans.losses.adversarial import wasserstein_generator_loss
from keras_gans.losses.penalties import gradient_penalty
from keras_gans.losses.penalties import perturbed_gradient_penalty
from keras_gans.losses.auxiliary import acgan_discriminator_loss
from keras_gans.losses.auxiliary import acgan_generator_loss
from keras_gans.losses.auxiliary import class_cross_entropy
from keras_gans.losses.information import categorical_code_loss
from keras_gans.losses.information import gaussian_code_loss
from keras_gans.losses.information import information_loss
from keras_gans.losses.energy import energy_discriminator_loss
from keras_gans.losses.energy import energy_generator_loss
from keras_gans.losses.energy import pulling_away_term
from keras_gans.losses.energy import reconstruction_energy
