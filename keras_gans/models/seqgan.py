"""SeqGAN: a token-sequence generator trained as a policy, rewarded by a discriminator."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.adversarial_model import AdversarialModel
from keras_gans.models.adversarial_model import assert_batch
from keras_gans.models.adversarial_model import replica_seed
from keras_gans.models.adversarial_model import unpack_batch
from keras_gans.networks.sequence import lstm_parts
from keras_gans.networks.sequence import lstm_step
from keras_gans.networks.sequence import sample_tokens

PHASES = ("mle", "discriminator", "adversarial")
# What fit reports in each phase.
PHASE_LOGS = {"mle": ("g_loss",), "discriminator": ("d_loss",), "adversarial": ("d_loss", "g_loss", "reward")}


@keras.saving.register_keras_serializable(package="keras_gans")
class SeqGAN(AdversarialModel):
    """The SeqGAN of Yu et al. (2017): G is a policy over tokens, D's verdict on rollouts its reward.

    One model, three phases, each a ``fit()`` (``phase`` in the constructor
    or :meth:`set_phase` between fits; checkpoints restore all of them):

    * ``"mle"``: G's pre-training, maximum likelihood on the real sequences
      (``g_loss`` is the NLL per token).
    * ``"discriminator"``: D's pre-training, real sequences against G's samples.
    * ``"adversarial"``: every step, G samples a batch; for each prefix
      ``y_1..t`` (t < T) a rollout copy of G completes it ``num_rollouts``
      times, D scores the completions and their mean probability of being real
      is the reward of token t (of token T: D on the sequence itself); G takes
      one policy-gradient step (:func:`~keras_gans.losses.policy_gradient_loss`);
      the rollout copy follows G with delay (``rollout = rate * rollout +
      (1 - rate) * G``, rate 0.8; the embedding is copied, as
      ``rollout.py`` does); then D takes ``d_steps`` updates on the real batch
      against fresh samples. All prefixes of all sequences times all rollouts
      are rows of one batch in one ``tf.while_loop``.

    A batch is int token ids ``(batch, sequence_length)`` in ``[0, vocab_size)``.

    Args:
        generator: a :func:`~keras_gans.networks.lstm_generator` (teacher-forced
            policy: previous tokens -> next-token logits).
        discriminator: int ``(batch, sequence_length)`` -> logits ``(batch, 1)``
            (e.g. :func:`~keras_gans.networks.text_cnn_discriminator`).
        sequence_length: T (20 in the oracle experiment).
        num_rollouts: Monte-Carlo completions per prefix (16 in the paper).
        rollout_update_rate: the rollout network's delay (0.8).
        d_steps: discriminator updates per adversarial step.
        phase: ``"mle"``, ``"discriminator"`` or ``"adversarial"``.
        start_token: fed to G before the first token (0, as the reference).
        seed: seed of the sampling in ``train_step``.
        vocabulary: optional list of ``vocab_size`` distinct words, word ``i``
            the text of token ``i``; token 0 (the start token) ends a sentence.
            With it, :meth:`tokens_to_text` decodes and the export holds it as the
            asset ``assets/vocabulary.txt`` with a ``tokens_to_text`` signature.

    Raises:
        ValueError: an unknown phase, non-positive sizes, a rate outside [0, 1],
            networks that do not fit the sequence length, or a vocabulary that is
            not ``vocab_size`` distinct non-empty single-line strings.

    Example:
    ```python
    g = keras_gans.networks.lstm_generator(5000)
    d = keras_gans.networks.text_cnn_discriminator(5000, 20)
    model = keras_gans.models.SeqGAN(g, d, sequence_length=20, phase="mle")
    model.compile()
    model.fit(tokens, batch_size=64, epochs=120)   # MLE pre-training
    model.set_phase("discriminator"); model.fit(tokens, batch_size=64, epochs=3)
    model.set_phase("adversarial"); model.fit(tokens, batch_size=64, epochs=1, steps_per_epoch=200)
    model.generate(10, seed=0)  # int32 (10, 20)
    ```

    Reference: Yu et al., "SeqGAN: Sequence Generative Adversarial Nets with
    Policy Gradient", AAAI 2017 (LantaoYu/SeqGAN).
    """

    loss_names = ("d_loss", "g_loss", "reward")
    task = "latent"  # keras_gans.recipes.LATENT: samples from nothing, generate(num, seed)
    latent_dim = None  # no z: the randomness is the sampling of every token
    # Adam(0.01) with global-norm clipping 5 for G (generator.py), Adam(1e-4) for D (discriminator.py).
    g_adam = {"learning_rate": 0.01, "global_clipnorm": 5.0}
    d_adam = {"learning_rate": 1e-4}

    def __init__(
        self, generator, discriminator, sequence_length=20, num_rollouts=16, rollout_update_rate=0.8, d_steps=1,
        phase="adversarial", start_token=0, seed=None, vocabulary=None, **kwargs,
    ):
        if phase not in PHASES:
            raise ValueError(f"`phase` must be one of {PHASES}. Received: phase={phase!r}")
        for name, value in (("sequence_length", sequence_length), ("num_rollouts", num_rollouts),
                            ("d_steps", d_steps)):
            if not isinstance(value, (int, np.integer)) or value <= 0:
                raise ValueError(f"`{name}` must be a positive integer. Received: {name}={value!r}")
        if not 0.0 <= float(rollout_update_rate) <= 1.0:
            raise ValueError(
                f"`rollout_update_rate` must be in [0, 1]. Received: rollout_update_rate={rollout_update_rate}"
            )
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        lstm_parts(generator)  # refuses other generators with a message
        self.vocab_size = int(generator.get_layer("logits").units)
        if not 0 <= int(start_token) < self.vocab_size:
            raise ValueError(
                f"`start_token` must be in [0, {self.vocab_size}). Received: start_token={start_token}"
            )
        d_length = discriminator.inputs[0].shape[1] if getattr(discriminator, "inputs", None) else None
        if d_length is not None and int(d_length) != int(sequence_length):
            raise ValueError(
                f"The discriminator reads sequences of {d_length} tokens. Received: sequence_length={sequence_length}"
            )
        self.sequence_length = int(sequence_length)
        self.num_rollouts = int(num_rollouts)
        self.rollout_update_rate = float(rollout_update_rate)
        self.d_steps = int(d_steps)
        self.phase = phase
        self.start_token = int(start_token)
        # The delayed copy of G that completes prefixes; not trained, moved by _update_rollout.
        self.rollout_generator = keras.models.clone_model(generator)
        self.rollout_generator.set_weights(generator.get_weights())
        self.rollout_generator.trainable = False
        self.vocabulary = check_vocabulary(vocabulary, self.vocab_size)

    def set_phase(self, phase):
        """Switches the phase the next ``fit`` trains (its step is traced again)."""
        if phase not in PHASES:
            raise ValueError(f"`phase` must be one of {PHASES}. Received: phase={phase!r}")
        self.phase = phase
        self.train_function = None
        for tracker in self.trackers.values():
            tracker.reset_state()

    def updates_per_step(self):
        return {"g_optimizer": 1, "d_optimizer": self.d_steps}

    # ------------------------------------------------------------------ batches
    def read_batch(self, data):
        """Checks a batch of token ids: integer, ``(batch, sequence_length)``, in ``[0, vocab_size)``."""
        x, _ = unpack_batch(data)
        return self.check_tokens(x, "trains on"), None

    def check_tokens(self, tokens, verb="takes"):
        """Validates int token ids of shape ``(batch, sequence_length)``; returns them as int32."""
        model = type(self).__name__
        tokens = tf.convert_to_tensor(tokens)
        if not tokens.dtype.is_integer:
            raise ValueError(
                f"{model} {verb} integer token ids. Received dtype {tokens.dtype.name}; "
                f"expected int32 or int64 ids in [0, {self.vocab_size})."
            )
        if tokens.shape.rank != 2 or tokens.shape[1] not in (None, self.sequence_length):
            raise ValueError(
                f"{model} {verb} token ids of shape (batch, {self.sequence_length}). "
                f"Received shape {tuple(tokens.shape)}."
            )
        tokens = tf.cast(tokens, tf.int32)
        low, high = tf.reduce_min(tokens), tf.reduce_max(tokens)
        check = assert_batch(
            tf.logical_or(tf.equal(tf.size(tokens), 0), tf.logical_and(low >= 0, high < self.vocab_size)),
            f"{model} {verb} token ids in [0, {self.vocab_size}) (vocab_size={self.vocab_size}). "
            "Received ids in [", low, ", ", high, "].",
        )
        if check is not None:
            with tf.control_dependencies([check]):
                tokens = tf.identity(tokens)
        return tokens

    # ------------------------------------------------------------------ the step
    def train_step(self, data):
        tokens, _ = self.read_batch(data)
        if self.phase == "mle":
            logs = self.minimize("generator", lambda: {"g_loss": self.nll(self.generator, tokens, training=True)})
        elif self.phase == "discriminator":
            logs = self.discriminator_step(tokens)
        else:
            logs = self.adversarial_updates(tokens)
        logs = self.update_trackers(**logs)
        return {name: logs[name] for name in PHASE_LOGS[self.phase]}

    def adversarial_updates(self, real, condition=None):
        """One policy-gradient step of G on rollout rewards, the rollout update, ``d_steps`` D steps."""
        batch = tf.shape(real)[0]
        fake = self.sample(self.generator, self.sample_uniform(batch, 1)[:, 0])
        rewards = self.rewards(fake)

        def g_losses():
            log_probs = losses.token_log_probs(self.teacher_forced(self.generator, fake, training=True), fake)
            return {"g_loss": losses.policy_gradient_loss(log_probs, rewards)}

        g_logs = self.minimize("generator", g_losses)
        with tf.control_dependencies([g_logs["g_loss"]]):
            self._update_rollout()
        d_logs = [self.discriminator_step(real) for _ in range(self.d_steps)]
        d_loss = tf.add_n([d["d_loss"] for d in d_logs]) / float(self.d_steps)
        return {"d_loss": d_loss, **g_logs, "reward": tf.reduce_mean(rewards)}

    def discriminator_step(self, real, condition=None):
        """One D update: the real batch against as many fresh samples of G."""
        fake = self.sample(self.generator, self.sample_uniform(tf.shape(real)[0], 1)[:, 0])

        def d_losses():
            d_loss = losses.minimax_discriminator_loss(
                self.discriminator(real, training=True), self.discriminator(fake, training=True)
            )
            if self.discriminator.losses:  # the output layer's L2 (discriminator.py's l2_reg_lambda)
                d_loss = d_loss + tf.add_n(self.discriminator.losses)
            return {"d_loss": d_loss}

        return self.minimize("discriminator", d_losses)

    def rewards(self, tokens):
        """Q of every token of ``tokens`` (batch, T): D's mean verdict on ``num_rollouts`` completions.

        Token ``t < T``: the rollout network completes ``tokens[:, :t]``
        ``num_rollouts`` times; token T: D on the sequence itself. All
        ``batch * (T - 1) * num_rollouts`` completions run as one batch.

        Returns:
            float32 ``(batch, T)`` in (0, 1), with no gradient.
        """
        length, n = self.sequence_length, self.num_rollouts
        batch = tf.shape(tokens)[0]
        per_example = (length - 1) * n
        if length > 1:
            # Row (b, t, k): example b, prefix length t + 1, rollout k.
            prefixes = tf.tile(tf.repeat(tf.range(1, length), n), [batch])
            forced = tf.repeat(tokens, per_example, axis=0)
            uniforms = tf.reshape(self.sample_uniform(batch, per_example), [-1, length])
            completions = sample_tokens(self.rollout_generator, uniforms, forced, prefixes, self.start_token)
            verdict = tf.sigmoid(self.discriminator(completions, training=False))
            partial = tf.reduce_mean(tf.reshape(verdict, [batch, length - 1, n]), axis=-1)
        else:
            partial = tf.zeros([batch, 0])
        final = tf.sigmoid(self.discriminator(tokens, training=False))
        return tf.stop_gradient(tf.concat([partial, tf.reshape(final, [batch, 1])], axis=1))

    def _update_rollout(self):
        """``rollout = rate * rollout + (1 - rate) * G``; the embedding copied (rollout.py's update_params)."""
        rate = self.rollout_update_rate
        updates = []
        for layer in self.rollout_generator.layers:
            source = self.generator.get_layer(layer.name)
            for target, value in zip(layer.weights, source.weights, strict=True):
                new = value.value if layer.name == "embedding" else rate * target.value + (1.0 - rate) * value.value
                updates.append((target, tf.convert_to_tensor(new)))
        context = tf.distribute.get_replica_context()
        if context is None or tf.distribute.get_strategy().num_replicas_in_sync == 1:
            for target, new in updates:
                target.assign(new)
            return

        # Every replica holds the same weights: apply the (identical) new values once per device.
        def merge(strategy, values):
            for (target, _), new in zip(updates, values, strict=True):
                strategy.extended.update(target.value, lambda v, x: v.assign(x), args=(new,), group=False)

        context.merge_call(merge, args=([new for _, new in updates],))

    # ------------------------------------------------------------------ the policy
    def teacher_forced(self, generator, tokens, training=False):
        """Next-token logits ``(batch, T, vocab)`` of ``tokens``: G fed the start token, then ``tokens[:, :-1]``."""
        start = tf.fill(tf.stack([tf.shape(tokens)[0], 1]), tf.constant(self.start_token, tf.int32))
        return generator(tf.concat([start, tokens[:, :-1]], axis=1), training=training)

    def nll(self, generator, tokens, training=False):
        """Mean NLL per token of ``tokens`` under ``generator`` (MLE's loss; the oracle NLL)."""
        return losses.sequence_nll(self.teacher_forced(generator, tokens, training), tokens)

    def sample_uniform(self, batch_size, rows):
        """The sampling noise of ``train_step``: uniforms ``(batch, rows, T)``, own seed per draw and replica."""
        shape = tf.stack([tf.cast(batch_size, tf.int32), rows, self.sequence_length])
        return tf.random.stateless_uniform(shape, seed=replica_seed(self.seed_generator))

    def sample(self, generator, uniforms):
        """Sequences ``(rows, T)`` from ``generator`` with the noise ``uniforms`` ``(rows, T)``."""
        return sample_tokens(generator, uniforms, start_token=self.start_token)

    def generate(self, num, seed=None, batch_size=1024):
        """``num`` sequences of token ids, int32 numpy ``(num, sequence_length)``; fixed by ``seed``."""
        if int(num) <= 0:
            raise ValueError(f"`num` must be positive. Received: num={num}")
        uniforms = np.random.default_rng(seed).random((int(num), self.sequence_length), dtype=np.float32)
        sampler = _sampler(self.generator, self.start_token)
        return np.concatenate(
            [sampler(tf.constant(uniforms[i : i + batch_size])).numpy() for i in range(0, int(num), batch_size)]
        )

    def tokens_to_text(self, tokens):
        """Sentences of token rows: words of :attr:`vocabulary` joined by spaces, up to the first token 0.

        The exported ``tokens_to_text`` signature computes the same strings.

        Raises:
            ValueError: the model has no vocabulary, or ids outside ``[0, vocab_size)``.
        """
        if self.vocabulary is None:
            raise ValueError("This SeqGAN has no vocabulary: construct it with `vocabulary=[...]` to decode tokens.")
        tokens = np.asarray(tokens)
        if tokens.ndim != 2 or not np.issubdtype(tokens.dtype, np.integer):
            raise ValueError(
                f"`tokens_to_text` takes integer token ids of shape (num, length). "
                f"Received dtype {tokens.dtype} and shape {tokens.shape}."
            )
        if tokens.size and (tokens.min() < 0 or tokens.max() >= self.vocab_size):
            raise ValueError(
                f"`tokens_to_text` takes ids in [0, {self.vocab_size}). "
                f"Received ids in [{tokens.min()}, {tokens.max()}]."
            )
        sentences = []
        for row in tokens:
            words = []
            for token in row:
                if token == 0:
                    break
                words.append(self.vocabulary[token])
            sentences.append(" ".join(words))
        return sentences

    def objective_config(self):
        """The hyper-parameters; the vocabulary as its size (the export holds the words as an asset)."""
        config = super().objective_config()
        if config.get("vocabulary") is not None:
            config["vocabulary"] = f"{len(config['vocabulary'])} words (assets/{VOCABULARY_ASSET})"
        return config

    def call(self, inputs, training=False):
        return self.generator(inputs, training=training)

    # ------------------------------------------------------------------ export
    def export_tracked(self):
        if self.vocabulary is None:
            return []
        if getattr(self, "_vocabulary_module", None) is None:
            self._vocabulary_module = _VocabularyTable(self.vocabulary)
        return [self._vocabulary_module]

    def step_specs(self):
        hidden = lstm_parts(self.generator)[1].units
        return [
            tf.TensorSpec([None], tf.int32, name="token"),
            tf.TensorSpec([None, hidden], tf.float32, name="h"),
            tf.TensorSpec([None, hidden], tf.float32, name="c"),
        ]

    def serving_endpoints(self):
        """``serving_default`` and ``step``: ``{token, h, c} -> {logits, h, c}``; ``sample``: ``{num, seed} -> tokens``.

        ``step`` is one LSTM step without loops (TFLite and ONNX run it; a
        client feeds the start token and zero states first). ``sample`` draws
        whole sequences in the graph (SavedModel only: TFLite has no stateless RNG).
        With a vocabulary, ``tokens_to_text``: ``{tokens} -> {text: string[num]}``
        reads the asset ``vocabulary.txt`` (SavedModel only: string tables).
        """

        def step(token, h, c):
            logits, h, c = lstm_step(self.generator, token, h, c)
            return {"logits": logits, "h": h, "c": c}

        specs = self.step_specs()
        endpoints = {
            "serving_default": (step, specs),
            "step": (step, specs),
            "sample": (self._sample_endpoint, [
                tf.TensorSpec([], tf.int32, name="num"), tf.TensorSpec([], tf.int32, name="seed"),
            ]),
        }
        if self.vocabulary is not None:
            table = self.export_tracked()[0]
            endpoints["tokens_to_text"] = (
                lambda tokens: {"text": table.tokens_to_text(tokens)},
                [tf.TensorSpec([None, None], tf.int32, name="tokens")],
            )
        return endpoints

    def _sample_endpoint(self, num, seed):
        uniforms = tf.random.stateless_uniform(tf.stack([num, self.sequence_length]), seed=tf.stack([seed, 0]))
        return {"tokens": sample_tokens(self.generator, uniforms, start_token=self.start_token)}

    def export_example_inputs(self):
        hidden = lstm_parts(self.generator)[1].units
        rng = np.random.default_rng(0)
        return {
            "token": rng.integers(0, self.vocab_size, 3).astype("int32"),
            "h": rng.uniform(-1, 1, (3, hidden)).astype("float32"),
            "c": rng.uniform(-1, 1, (3, hidden)).astype("float32"),
        }


VOCABULARY_ASSET = "vocabulary.txt"


def check_vocabulary(vocabulary, vocab_size):
    """``vocabulary`` as a list of ``vocab_size`` distinct one-line strings (None passes)."""
    if vocabulary is None:
        return None
    if isinstance(vocabulary, str) or not all(isinstance(w, str) for w in vocabulary):
        raise ValueError(f"`vocabulary` must be a list of strings. Received: {type(vocabulary).__name__}")
    words = list(vocabulary)
    if len(words) != vocab_size:
        raise ValueError(
            f"`vocabulary` must hold one word per token: {vocab_size} (the generator's vocab_size). "
            f"Received {len(words)} words."
        )
    bad = [w for w in words if not w or "\n" in w or "\r" in w]
    if bad:
        raise ValueError(f"Words of `vocabulary` must be non-empty and on one line. Received: {bad[:3]!r}")
    if len(set(words)) != len(words):
        repeated = sorted({w for w in words if words.count(w) > 1})
        raise ValueError(f"Words of `vocabulary` must be distinct. Received repeats: {repeated[:3]!r}")
    return words


class _VocabularyTable(tf.Module):
    """The export's vocabulary: an asset file (one word a line) read into an id -> word table."""

    def __init__(self, vocabulary):
        super().__init__(name="vocabulary")
        import tempfile

        self._dir = tempfile.mkdtemp(prefix="seqgan_vocabulary_")
        path = f"{self._dir}/{VOCABULARY_ASSET}"
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(vocabulary) + "\n")
        self.size = len(vocabulary)
        self.asset = tf.saved_model.Asset(path)
        self.table = tf.lookup.StaticHashTable(
            tf.lookup.TextFileInitializer(
                self.asset, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER, tf.string,
                tf.lookup.TextFileIndex.WHOLE_LINE,
            ),
            default_value="",
        )

    def tokens_to_text(self, tokens):
        """``(num, length)`` ids -> ``(num,)`` strings: words up to the first 0, joined by spaces."""
        tokens = tf.cast(tokens, tf.int64)
        check = tf.debugging.assert_equal(
            tf.reduce_all((tokens >= 0) & (tokens < self.size)), True,
            message=f"tokens_to_text takes ids in [0, {self.size}).",
        )
        with tf.control_dependencies([check]):
            words = self.table.lookup(tokens)
        kept = tf.math.cumprod(tf.cast(tokens != 0, tf.int32), axis=1) > 0  # everything before the first 0
        joined = tf.strings.reduce_join(tf.where(kept, words, ""), axis=1, separator=" ")
        return tf.strings.strip(joined)


_SAMPLERS = {}


def _sampler(generator, start_token):
    """A traced sampler per generator (generate() is called often, e.g. once an epoch)."""
    key = (id(generator), start_token)
    if key not in _SAMPLERS:
        _SAMPLERS[key] = tf.function(lambda u: sample_tokens(generator, u, start_token=start_token))
    return _SAMPLERS[key]
