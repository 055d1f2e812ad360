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
from keras_gans.networks.conditional_dcgan import auxiliary_dcgan_discriminator
from keras_gans.networks.conditional_dcgan import conditional_dcgan_discriminator
from keras_gans.networks.conditional_dcgan import conditional_dcgan_generator
from keras_gans.networks.conditional_mlp import auxiliary_mlp_discriminator
from keras_gans.networks.conditional_mlp import conditional_mlp_discriminator
from keras_gans.networks.conditional_mlp import conditional_mlp_generator
from keras_gans.networks.autoencoder import mlp_autoencoder
from keras_gans.networks.critic import dcgan_critic
from keras_gans.networks.critic import mlp_critic
from keras_gans.networks.patchgan import patchgan_discriminator
from keras_gans.networks.patchgan import receptive_field
from keras_gans.networks.resnet import resnet_generator
from keras_gans.networks.unet import spatial_multiple
from keras_gans.networks.unet import unet_generator
