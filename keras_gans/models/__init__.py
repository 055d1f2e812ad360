"""One ``keras.Model`` per objective family, each owning its ``train_step``."""

from keras_gans.models.adversarial_model import AdversarialModel
from keras_gans.models.adversarial_model import replica_scale
from keras_gans.models.gan import DCGAN
from keras_gans.models.gan import GAN
from keras_gans.models.acgan import ACGAN
from keras_gans.models.conditional_gan import ConditionalGAN
from keras_gans.models.infogan import InfoGAN
from keras_gans.models.label_conditioned import LabelConditionedModel
from keras_gans.models.dragan import DRAGAN
from keras_gans.models.ebgan import EBGAN
from keras_gans.models.hinge_gan import HingeGAN
from keras_gans.models.lsgan import LSGAN
from keras_gans.models.wgan import WGAN
from keras_gans.models.wgan_gp import WGANGP
