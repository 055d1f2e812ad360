"""The history buffer of generated images that CycleGAN's discriminators see."""

import keras
import tensorflow as tf


@keras.saving.register_keras_serializable(package="keras_gans")
class ImagePool(keras.layers.Layer):
    """Keeps the last ``pool_size`` generated images and mixes them into D's batch.

    Shrivastava et al. update the discriminator with a history of generated
    images rather than only the latest ones, so D does not forget what the
    generator produced a few steps ago and the two do not oscillate. Each image
    of a batch, in order: while the pool is filling it is stored and returned
    unchanged; once the pool is full, with probability 1/2 it is returned
    unchanged, otherwise a random stored image is returned and the new image
    takes its slot (the rule of Zhu et al.'s reference code).

    The buffer is a non-trainable variable of shape ``(pool_size, *image_shape)``
    created by ``build``, so the pool is saved with the model. ``pool_size=0``
    turns the pool off (inputs pass through).

    Args:
        pool_size: images kept (50 in CycleGAN).
        seed: seed of the keep/swap draws.

    Raises:
        ValueError: ``pool_size`` is negative, or the image shape is not fully
            known at ``build`` time.

    Example:
    ```python
    pool = ImagePool(50)
    pool.build((None, 32, 32, 1))
    fake_for_d = pool(fake_images)
    ```

    Reference: Shrivastava et al., "Learning from Simulated and Unsupervised
    Images through Adversarial Training", CVPR 2017; Zhu et al., CycleGAN, ICCV 2017.
    """

    def __init__(self, pool_size=50, seed=None, **kwargs):
        # A float32 layer under any global policy: the buffer is float32, so
        # mixed_float16/bfloat16 images are cast on the way in, not refused.
        kwargs.setdefault("dtype", "float32")
        super().__init__(**kwargs)
        if int(pool_size) < 0:
            raise ValueError(f"`pool_size` must be >= 0. Received: pool_size={pool_size}")
        self.pool_size = int(pool_size)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        if self.pool_size == 0:
            # Nothing to store. Creating the buffer anyway would make variables
            # on the first call inside train_step, which MirroredStrategy forbids.
            return
        image_shape = tuple(input_shape[1:])
        if len(image_shape) != 3 or any(d is None for d in image_shape):
            raise ValueError(
                "`ImagePool` needs a fully known image shape (height, width, channels). "
                f"Received input_shape={tuple(input_shape)}"
            )
        self.images = self.add_weight(
            shape=(max(self.pool_size, 1),) + image_shape,
            initializer="zeros",
            trainable=False,
            name="images",
        )
        self.count = self.add_weight(
            shape=(), initializer="zeros", dtype="int32", trainable=False, name="count"
        )

    def call(self, images):
        if self.pool_size == 0:
            return images
        images = tf.convert_to_tensor(images, tf.float32)
        num = tf.shape(images)[0]
        # The draws for the whole batch are made up front: one keep/swap coin
        # and one slot per image; only the images that meet a full pool use them.
        swap = keras.random.uniform((num,), seed=self.seed_generator) < 0.5
        slots = keras.random.randint((num,), 0, self.pool_size, seed=self.seed_generator)

        def body(i, outputs):
            image = images[i]
            count = self.count.value
            filling = count < self.pool_size

            def store():
                self.images.assign(
                    tf.tensor_scatter_nd_update(self.images.value, [[count]], image[None])
                )
                self.count.assign(count + 1)
                return image

            def exchange():
                old = self.images.value[slots[i]]
                self.images.assign(
                    tf.tensor_scatter_nd_update(self.images.value, [[slots[i]]], image[None])
                )
                return old

            out = tf.cond(
                filling, store, lambda: tf.cond(swap[i], exchange, lambda: tf.identity(image))
            )
            return i + 1, outputs.write(i, out)

        outputs = tf.TensorArray(tf.float32, size=num, element_shape=images.shape[1:])
        _, outputs = tf.while_loop(lambda i, _: i < num, body, (tf.constant(0), outputs))
        return tf.reshape(outputs.stack(), tf.shape(images))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(pool_size=self.pool_size, seed=self.seed)
        return config
