"""Architectures only: functions that return functional ``keras.Model``s."""

from keras_gans.networks.dcgan import dcgan_discriminator
from keras_gans.networks.dcgan import dcgan_generator
from keras_gans.networks.mlp import mlp_discriminator
from keras_gans.networks.mlp import mlp_generator
from keras_gans.networks.conditional_dcgan import auxiliary_dcgan_discriminator
from keras_gans.networks.conditional_dcgan import conditional_dcgan_discriminator
from keras_gans.networks.conditional_dcgan import conditional_dcgan_generator
from keras_gans.networks.conditional_mlp import auxiliary_mlp_discriminator
from keras_gans.networks.conditional_mlp import conditional_mlp_discriminator
from keras_gans.networks.conditional_mlp import conditional_mlp_generator
from keras_gans.networks.autoencoder import mlp_autoencoder
from keras_gans.networks.critic import dcgan_critic
from keras_gans.networks.critic import mlp_critic
