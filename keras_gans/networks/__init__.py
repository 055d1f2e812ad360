"""Architectures only: functions that return functional ``keras.Model``s."""

from keras_gans.networks.dcgan import dcgan_discriminator
from keras_gans.networks.dcgan import dcgan_generator
from keras_gans.networks.mlp import mlp_discriminator
from keras_gans.networks.mlp import mlp_generator
from keras_gans.networks.completion import completion_discriminator
from keras_gans.networks.completion import completion_network
from keras_gans.networks.srresnet import srgan_discriminator
from keras_gans.networks.srresnet import srresnet_generator
from keras_gans.networks.stargan import stargan_discriminator
from keras_gans.networks.stargan import stargan_generator
from keras_gans.networks.vgg_features import vgg19_features
from keras_gans.networks.autoencoder import mlp_autoencoder
from keras_gans.networks.critic import dcgan_critic
from keras_gans.networks.critic import mlp_critic
