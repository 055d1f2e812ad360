"""Networks of sequence GANs: an LSTM policy over tokens and a CNN text discriminator (SeqGAN).

The generator is teacher-forced: it maps the previous tokens ``(batch, length)``
(the start token first) to the logits of each next token ``(batch, length,
vocab)``, so MLE and the policy gradient read every step's distribution in one
call. Sampling runs the same weights one step at a time (:func:`lstm_step`)
inside one ``tf.while_loop`` (:func:`sample_tokens`).
"""

import math

import keras
import tensorflow as tf

# The SeqGAN reference discriminator (discriminator.py / sequence_gan.py).
PAPER_FILTER_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
PAPER_NUM_FILTERS = (100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160)


def _positive(**values):
    for name, value in values.items():
        if value is None or int(value) <= 0:
            raise ValueError(f"`{name}` must be positive. Received: {name}={value}")


def lstm_generator(vocab_size=5000, embedding_dim=32, hidden_dim=32, initializer=None, name="generator"):
    """The SeqGAN policy: embedding -> LSTM -> logits over the vocabulary.

    Args:
        vocab_size: number of tokens (5,000 in the oracle experiment).
        embedding_dim, hidden_dim: 32 and 32 in the paper.
        initializer: initializer of every weight and bias (None: Keras' defaults).
            :func:`oracle_lstm` passes ``RandomNormal(0, 1)`` as ``target_lstm.py`` does.
        name: model name.

    Returns:
        A functional ``keras.Model``: int32 ``(batch, length)`` previous tokens ->
        float32 logits ``(batch, length, vocab_size)``; any length. Its layers are
        named ``embedding``, ``lstm`` and ``logits`` (:func:`lstm_step` reads them).

    Example:
    ```python
    g = lstm_generator(5000, 32, 32)
    logits = g(np.zeros((2, 20), "int32"))  # (2, 20, 5000)
    ```
    """
    _positive(vocab_size=vocab_size, embedding_dim=embedding_dim, hidden_dim=hidden_dim)
    init = {} if initializer is None else {"embeddings_initializer": initializer}
    dense_init = {} if initializer is None else {"kernel_initializer": initializer, "bias_initializer": initializer}
    lstm_init = {} if initializer is None else {
        "kernel_initializer": initializer, "recurrent_initializer": initializer, "bias_initializer": initializer,
        "unit_forget_bias": False,
    }
    tokens = keras.Input((None,), dtype="int32", name="tokens")
    x = keras.layers.Embedding(vocab_size, embedding_dim, name="embedding", **init)(tokens)
    x = keras.layers.LSTM(hidden_dim, return_sequences=True, name="lstm", **lstm_init)(x)
    logits = keras.layers.Dense(vocab_size, name="logits", dtype="float32", **dense_init)(x)
    return keras.Model(tokens, logits, name=name)


def oracle_lstm(vocab_size=5000, embedding_dim=32, hidden_dim=32, seed=0, name="oracle"):
    """The synthetic data distribution of SeqGAN's oracle experiment.

    An :func:`lstm_generator` whose every weight and bias is drawn from
    ``N(0, 1)``, as ``target_lstm.py``'s ``init_matrix`` does (the reference
    ships one such draw as ``target_params.pkl``; this draws its own from ``seed``).
    """
    return lstm_generator(
        vocab_size, embedding_dim, hidden_dim, keras.initializers.RandomNormal(0.0, 1.0, seed=seed), name=name
    )


def lstm_parts(generator):
    """``(embedding, lstm cell, logits layer)`` of an :func:`lstm_generator`."""
    try:
        return generator.get_layer("embedding"), generator.get_layer("lstm").cell, generator.get_layer("logits")
    except ValueError as error:
        raise ValueError(
            "The generator must be built by keras_gans.networks.lstm_generator (layers `embedding`, `lstm`, "
            f"`logits`). Received: {generator.name} with layers {[layer.name for layer in generator.layers]}"
        ) from error


def lstm_step(generator, token, h, c):
    """One step of the policy: ``(token (batch,), h, c) -> (logits (batch, vocab), h, c)``."""
    embedding, cell, dense = lstm_parts(generator)
    out, (h, c) = cell(embedding(token), [h, c], training=False)
    return dense(out), h, c


def inverse_cdf(logits, uniforms):
    """Draws one token per row of ``logits`` from ``uniforms`` (batch,) in [0, 1).

    Inverse-CDF sampling needs one uniform per token (Gumbel-max needs one per
    vocabulary entry), so the rollouts' noise stays small and can be pinned.
    Two levels keep it to about two passes over the vocabulary: the CDF of
    blocks of ``ceil(sqrt(vocab))`` tokens picks a block, then the CDF inside
    that block picks the token (a flat ``cumsum`` over 5,000 tokens per row
    and step was most of the rollouts' time).
    """
    logits = tf.cast(logits, tf.float32)
    vocab = logits.shape[-1]
    size = max(1, math.isqrt(vocab - 1) + 1)
    count = -(-vocab // size)
    weights = tf.exp(logits - tf.reduce_max(logits, axis=-1, keepdims=True))
    weights = tf.pad(weights, [[0, 0], [0, count * size - vocab]])
    blocks = tf.reshape(weights, [-1, count, size])
    block_sums = tf.reduce_sum(blocks, axis=-1)
    block_cdf = tf.cumsum(block_sums, axis=-1)
    target = uniforms * block_cdf[:, -1]
    block = tf.minimum(tf.reduce_sum(tf.cast(block_cdf <= target[:, None], tf.int32), axis=-1), count - 1)
    before = tf.gather(block_cdf - block_sums, block, batch_dims=1)
    inner_cdf = before[:, None] + tf.cumsum(tf.gather(blocks, block, batch_dims=1), axis=-1)
    inner = tf.minimum(tf.reduce_sum(tf.cast(inner_cdf <= target[:, None], tf.int32), axis=-1), size - 1)
    return tf.minimum(block * size + inner, vocab - 1)


def sample_tokens(generator, uniforms, forced=None, prefix_lengths=None, start_token=0):
    """Samples sequences from ``generator``, optionally completing given prefixes (Monte-Carlo rollouts).

    One ``tf.while_loop`` over the time steps for all rows at once: every
    prefix of every sequence and every rollout is a row of the same batch.

    Args:
        generator: an :func:`lstm_generator`.
        uniforms: float ``(rows, length)`` in [0, 1): the noise of each draw.
        forced: int ``(rows, length)`` tokens to keep where ``t < prefix_lengths``.
        prefix_lengths: int ``(rows,)``: how many leading tokens of ``forced`` each row keeps.
        start_token: the token fed at the first step.

    Returns:
        int32 ``(rows, length)``.
    """
    uniforms = tf.convert_to_tensor(uniforms, tf.float32)
    rows, length = tf.shape(uniforms)[0], tf.shape(uniforms)[1]
    hidden = lstm_parts(generator)[1].units
    h = tf.zeros(tf.stack([rows, hidden]))
    token = tf.fill(tf.reshape(rows, [1]), tf.constant(start_token, tf.int32))
    tokens = tf.TensorArray(tf.int32, size=length)
    if forced is not None:
        forced = tf.cast(forced, tf.int32)
        prefix_lengths = tf.cast(prefix_lengths, tf.int32)

    def body(t, token, h, c, tokens):
        logits, h, c = lstm_step(generator, token, h, c)
        token = inverse_cdf(logits, uniforms[:, t])
        if forced is not None:
            token = tf.where(t < prefix_lengths, forced[:, t], token)
        return t + 1, token, h, c, tokens.write(t, token)

    _, _, _, _, tokens = tf.while_loop(lambda t, *_: t < length, body, (tf.constant(0), token, h, h, tokens))
    return tf.transpose(tokens.stack())


def text_cnn_discriminator(
    vocab_size=5000,
    sequence_length=20,
    embedding_dim=64,
    filter_sizes=PAPER_FILTER_SIZES,
    num_filters=PAPER_NUM_FILTERS,
    dropout=0.25,
    l2=0.2,
    name="discriminator",
):
    """SeqGAN's CNN text classifier: parallel convolutions, max-over-time, highway, dropout, a logit.

    The reference (``discriminator.py``, after Kim 2014 and Zhang & LeCun
    2015): an embedding, one ReLU convolution per filter width with max-pooling
    over time, the pooled features concatenated, one highway layer (transform
    gate bias -2), dropout (keep 0.75) and a linear output with L2 0.2 on its
    weights. Widths longer than the sequence are dropped.

    Args:
        vocab_size, sequence_length: the token and time sizes.
        embedding_dim: 64 in the reference.
        filter_sizes, num_filters: widths and feature maps per width.
        dropout: drop rate before the output (the reference keeps 0.75).
        l2: L2 weight on the output layer (added to the model's ``losses``).
        name: model name.

    Returns:
        A functional ``keras.Model``: int32 ``(batch, sequence_length)`` -> float32 logits ``(batch, 1)``
        (the log-odds that the sequence is real).
    """
    _positive(vocab_size=vocab_size, sequence_length=sequence_length, embedding_dim=embedding_dim)
    if len(filter_sizes) != len(num_filters) or not filter_sizes:
        raise ValueError(
            "`filter_sizes` and `num_filters` must be non-empty and of one length. "
            f"Received: filter_sizes={filter_sizes}, num_filters={num_filters}"
        )
    if not 0.0 <= float(dropout) < 1.0:
        raise ValueError(f"`dropout` must be in [0, 1). Received: dropout={dropout}")
    widths = [(int(w), int(n)) for w, n in zip(filter_sizes, num_filters, strict=True) if int(w) <= sequence_length]
    if not widths:
        raise ValueError(
            f"Every filter is wider than the sequence. Received: filter_sizes={filter_sizes}, "
            f"sequence_length={sequence_length}"
        )
    tokens = keras.Input((sequence_length,), dtype="int32", name="tokens")
    x = keras.layers.Embedding(vocab_size, embedding_dim, name="embedding")(tokens)
    pooled = [
        keras.layers.GlobalMaxPooling1D(name=f"pool_{w}")(
            keras.layers.Conv1D(n, w, activation="relu", name=f"conv_{w}")(x)
        )
        for w, n in widths
    ]
    features = pooled[0] if len(pooled) == 1 else keras.layers.Concatenate(name="features")(pooled)
    size = sum(n for _, n in widths)
    # Highway (Srivastava et al. 2015): out = t * relu(W x) + (1 - t) * x, written as x + t * (g - x).
    g = keras.layers.Dense(size, activation="relu", name="highway_transform")(features)
    t = keras.layers.Dense(
        size, activation="sigmoid", bias_initializer=keras.initializers.Constant(-2.0), name="highway_gate"
    )(features)
    x = keras.layers.Add(name="highway")([
        features, keras.layers.Multiply()([t, keras.layers.Subtract()([g, features])])
    ])
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout")(x)
    # tf.nn.l2_loss is sum(w^2) / 2; Keras' L2(l) is l * sum(w^2).
    regularizer = keras.regularizers.L2(l2 / 2.0) if l2 else None
    logits = keras.layers.Dense(
        1, kernel_regularizer=regularizer, bias_regularizer=regularizer, dtype="float32", name="logit"
    )(x)
    return keras.Model(tokens, logits, name=name)
