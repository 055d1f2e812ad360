"""One ``keras.Model`` per objective family, on one engine.

``AdversarialModel`` owns the step (batch checks, critic slices, replica and
loss scaling, trackers, config); ``LatentGenerator`` (z -> sample) and
``Translator`` (sample -> sample) are the task bases the objectives subclass.
"""

from keras_gans.models.acgan import ACGAN
from keras_gans.models.adversarial_model import AdversarialModel
from keras_gans.models.adversarial_model import replica_scale
from keras_gans.models.completion import ImageCompletion
from keras_gans.models.conditional_gan import ConditionalGAN
from keras_gans.models.cyclegan import CycleGAN
from keras_gans.models.dragan import DRAGAN
from keras_gans.models.ebgan import EBGAN
from keras_gans.models.gan import DCGAN
from keras_gans.models.gan import GAN
from keras_gans.models.gmmn import GMMN
from keras_gans.models.gmmn import GMMNAE
from keras_gans.models.hinge_gan import HingeGAN
from keras_gans.models.improved_gan import ImprovedGAN
from keras_gans.models.infogan import InfoGAN
from keras_gans.models.label_conditioned import LabelConditionedModel
from keras_gans.models.latent_generator import LatentGenerator
from keras_gans.models.lsgan import LSGAN
from keras_gans.models.mad_gan import MADGAN
from keras_gans.models.mrgan import MRGAN
from keras_gans.models.pacgan import PacGAN
from keras_gans.models.pix2pix import Pix2Pix
from keras_gans.models.pix2pixhd import Pix2PixHD
from keras_gans.models.schedules import GeneratorStepSchedule
from keras_gans.models.segan import SEGAN
from keras_gans.models.seqgan import SeqGAN
from keras_gans.models.srgan import SRGAN
from keras_gans.models.stargan import StarGAN
from keras_gans.models.translator import Translator
from keras_gans.models.unrolled_gan import UnrolledGAN
from keras_gans.models.vae import VAE
from keras_gans.models.wgan import WGAN
from keras_gans.models.wgan_gp import WGANGP
