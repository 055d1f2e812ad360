"""Noisy/clean speech pairs for speech enhancement (SEGAN), offline.

``synthetic_speech``: English sentences spoken by espeak-ng (the library and
its voices come in the ``espeakng-loader`` wheel; no system package, no
download), resampled to 16 kHz. A speaker is an accent (en-us, en-gb, ...), a
voice variant (m1, f3, klatt2, ...), a rate and a pitch. Noise (white, pink,
brown, babble made from other utterances, mains hum; ``keras_gans.data.noise``)
is added at 0, 5, 10 and 15 dB for training; the test split uses voice
variants, sentences and SNRs (2.5, 7.5, 12.5, 17.5 dB, the Valentini test
levels) that training never sees. The corpus is synthesised once per
(split, size, seed) and cached on disk as ``.npz`` (``$KERAS_GANS_CACHE`` or
``~/.cache/keras_gans``). The same seed gives the same sentences, speakers,
noise kinds and SNRs, but not bit-identical audio on a new machine: espeak-ng's
output varies by a few samples from one call to the next even with
``espeak_ng_SetRandSeed`` and libc ``srand`` fixed (measured 2026-11-29), so the
cached file is what pins a corpus.

``folder:<path>``: a directory with a ``noisy*`` and a ``clean*`` sub-folder of
WAV files with matching names (the Valentini/VCTK layout
``noisy_trainset_28spk_wav`` / ``clean_trainset_28spk_wav`` works as is), read
as float in [-1, 1] and resampled to 16 kHz.

Training batches are ``(noisy, clean)`` windows of shape ``(batch, window, 1)``
cut with 50 % overlap, as in the SEGAN reference code.
"""

import ctypes
import dataclasses
import functools
import os
import pathlib
import threading

import numpy as np

from keras_gans.data import disk_cache
from keras_gans.data import noise as noise_lib

SAMPLE_RATE = 16000
TRAIN_SNRS = (0.0, 5.0, 10.0, 15.0)
TEST_SNRS = (2.5, 7.5, 12.5, 17.5)
SPEECH_NAMES = ("synthetic_speech", "folder:<path with noisy*/ and clean*/ sub-folders of WAV files>")
ACCENTS = ("en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd")
# Voice variants (espeak-ng-data/voices/!v): the test speakers' variants are never trained on.
TRAIN_VARIANTS = ("m1", "m2", "m3", "m4", "m5", "f1", "f2", "f3", "klatt", "klatt3", "croak", "Andy", "Annie",
                  "michel", "steph", "iven")
TEST_VARIANTS = ("m6", "m7", "f4", "f5", "klatt2", "Denis", "linda", "robert")
CORPUS_VERSION = 1  # bump when synthesis or mixing changes: the cache key holds it

# ---------------------------------------------------------------- sentences
_SUBJECTS = ("the old man", "a young girl", "my brother", "the teacher", "our neighbour", "the driver", "a small dog",
             "the captain", "her mother", "the doctor", "a tall woman", "the baker", "his sister", "the farmer",
             "a quiet boy", "the singer", "the pilot", "your friend", "the children", "the nurse")
_VERBS = ("carried", "painted", "found", "opened", "washed", "bought", "moved", "counted", "cleaned", "watched",
          "fixed", "dropped", "sold", "packed", "closed", "followed", "lifted", "ordered", "repaired", "noticed")
_OBJECTS = ("the wooden box", "a red apple", "the heavy door", "seven letters", "the blue car", "an empty bottle",
            "the garden gate", "a paper map", "the kitchen table", "three green chairs", "the silver key",
            "a warm coat", "the broken clock", "two brown horses", "the long rope", "a cup of tea", "the old bridge",
            "a bag of rice", "the morning train", "the yellow boat")
_PLACES = ("near the river", "in the morning", "after the storm", "before dinner", "at the station", "by the window",
           "on the hill", "under the bridge", "during the night", "in the market", "behind the house",
           "at the end of the street", "in the summer", "on a cold day", "with great care", "without a word")
_QUESTIONS = ("did", "will", "can", "should")


def sentences(count, seed=0):
    """``count`` distinct English sentences from a small grammar, in a seeded order.

    Subject-verb-object sentences with an optional adverbial, some as
    questions; ``8,000+`` distinct ones exist, so splits drawn from one
    ordering (:func:`split_sentences`) never share a sentence.
    """
    rng = np.random.default_rng(seed)
    found, seen = [], set()
    while len(found) < count:
        subject, verb, obj = rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS)
        place = rng.choice(_PLACES) if rng.random() < 0.7 else ""
        if rng.random() < 0.2:
            base = {"carried": "carry", "painted": "paint", "found": "find", "opened": "open", "washed": "wash",
                    "bought": "buy", "moved": "move", "counted": "count", "cleaned": "clean", "watched": "watch",
                    "fixed": "fix", "dropped": "drop", "sold": "sell", "packed": "pack", "closed": "close",
                    "followed": "follow", "lifted": "lift", "ordered": "order", "repaired": "repair",
                    "noticed": "notice"}[verb]
            text = f"{rng.choice(_QUESTIONS).capitalize()} {subject} {base} {obj} {place}".strip() + "?"
        else:
            text = f"{subject.capitalize()} {verb} {obj} {place}".strip() + "."
        if text not in seen:
            seen.add(text)
            found.append(text)
    return found


def split_sentences(num_train, num_test, seed=0):
    """Disjoint train and test sentence lists (one seeded ordering, cut in two)."""
    pool = sentences(num_train + num_test, seed)
    return pool[:num_train], pool[num_train:]


# ---------------------------------------------------------------- espeak-ng
@dataclasses.dataclass(frozen=True)
class Speaker:
    """An espeak-ng speaker: accent + voice variant, words per minute and pitch (0-99)."""

    accent: str
    variant: str
    rate: int
    pitch: int

    @property
    def voice(self):
        return f"{self.accent}+{self.variant}"

    def __str__(self):
        return f"{self.voice}@{self.rate}wpm/p{self.pitch}"


def speakers(count, split="train", seed=0):
    """``count`` speakers of ``split``: train and test use disjoint voice variants."""
    variants = TRAIN_VARIANTS if split == "train" else TEST_VARIANTS
    rng = np.random.default_rng([seed, 0 if split == "train" else 1])
    return [
        Speaker(str(rng.choice(ACCENTS)), variants[i % len(variants)], int(rng.integers(130, 200)),
                int(rng.integers(25, 75)))
        for i in range(count)
    ]


class _Espeak:
    """The bundled libespeak-ng, initialised once per process; calls serialised (the library is not re-entrant)."""

    _lock = threading.Lock()
    _instance = None

    def __init__(self):
        try:
            import espeakng_loader
        except ImportError:
            raise ImportError(
                "Synthetic speech needs the espeakng-loader wheel: pip install 'keras_gans[speech]'."
            ) from None
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        # AUDIO_OUTPUT_SYNCHRONOUS = 2: espeak_Synth returns when the callback has had every sample.
        self.sample_rate = int(self.lib.espeak_Initialize(2, 0, espeakng_loader.get_data_path().encode(), 0))
        if self.sample_rate <= 0:
            raise RuntimeError(f"espeak_Initialize failed (returned {self.sample_rate}).")
        self.chunks = []
        callback_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

        def on_audio(wav, count, events):
            if count > 0:
                self.chunks.append(np.ctypeslib.as_array(wav, (count,)).copy())
            return 0

        self._callback = callback_type(on_audio)  # kept alive as long as the library may call it
        self.lib.espeak_SetSynthCallback(self._callback)

    @classmethod
    def get(cls):
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def say(self, text, speaker):
        """int16 PCM at ``self.sample_rate`` of ``text`` spoken by ``speaker``."""
        with self._lock:
            if self.lib.espeak_SetVoiceByName(speaker.voice.encode()) != 0:
                raise ValueError(f"espeak-ng has no voice {speaker.voice!r}.")
            self.lib.espeak_SetParameter(1, int(speaker.rate), 0)  # espeakRATE
            self.lib.espeak_SetParameter(3, int(speaker.pitch), 0)  # espeakPITCH
            self.chunks = []
            data = text.encode("utf-8")
            # position 0, POS_CHARACTER (1), no end, espeakCHARS_AUTO (0)
            self.lib.espeak_Synth(data, len(data) + 1, 0, 1, 0, 0, None, None)
            self.lib.espeak_Synchronize()
            chunks, self.chunks = self.chunks, []
        return np.concatenate(chunks) if chunks else np.zeros(0, "int16")


def resample(waveform, rate_in, rate_out=SAMPLE_RATE):
    """Polyphase resampling (scipy) from ``rate_in`` to ``rate_out`` Hz; float32."""
    from math import gcd

    from scipy.signal import resample_poly

    waveform = np.asarray(waveform, "float64")
    if int(rate_in) == int(rate_out):
        return waveform.astype("float32")
    g = gcd(int(rate_in), int(rate_out))
    return resample_poly(waveform, int(rate_out) // g, int(rate_in) // g).astype("float32")


def synthesize(text, speaker, level=0.05):
    """``text`` spoken by ``speaker``: float32 at 16 kHz, leading/trailing silence trimmed, RMS ``level``."""
    engine = _Espeak.get()
    pcm = engine.say(text, speaker).astype("float32") / 32768.0
    wave = resample(pcm, engine.sample_rate)
    loud = np.flatnonzero(np.abs(wave) > 1e-3)
    if loud.size:
        pad = SAMPLE_RATE // 20  # keep 50 ms around the speech
        wave = wave[max(0, loud[0] - pad) : loud[-1] + pad]
    rms = float(np.sqrt(np.mean(wave**2))) if wave.size else 0.0
    return (wave * (level / rms)).astype("float32") if rms > 0 else wave


# ---------------------------------------------------------------- the corpus
@dataclasses.dataclass
class SpeechPairs:
    """Utterances of one split: parallel lists and arrays, one entry per utterance."""

    noisy: list
    clean: list
    snr_db: np.ndarray
    noise: list
    speaker: list
    text: list

    def __len__(self):
        return len(self.clean)


def _build(split, count, seed, num_train_sentences, num_test_sentences):
    train_text, test_text = split_sentences(num_train_sentences, num_test_sentences, seed)
    texts = train_text if split == "train" else test_text
    if count > len(texts):
        raise ValueError(f"{split} split has {len(texts)} sentences. Received: num_utterances={count}")
    rng = np.random.default_rng([seed, 7 if split == "train" else 8])
    order = rng.permutation(len(texts))[:count]
    chosen = [texts[i] for i in order]
    voices = speakers(count, split, seed)
    clean = [synthesize(t, s) for t, s in zip(chosen, voices, strict=True)]
    levels = TRAIN_SNRS if split == "train" else TEST_SNRS
    kinds = noise_lib.NOISE_KINDS
    noisy, snrs, noise_names = [], [], []
    for i, speech in enumerate(clean):
        kind = kinds[(i // len(levels)) % len(kinds)]  # every (noise, SNR) pair equally often
        snr = levels[i % len(levels)]
        others = [clean[j] for j in rng.choice(len(clean), size=min(8, len(clean) - 1), replace=False) if j != i]
        mixed = noise_lib.mix_at_snr(speech, noise_lib.make_noise(kind, speech.size, rng, others), snr)
        peak = float(np.max(np.abs(mixed)))
        if peak > 0.99:  # keep the mixture in [-1, 1]; the pair keeps its SNR
            speech, mixed = speech * (0.99 / peak), mixed * (0.99 / peak)
            clean[i] = speech.astype("float32")
        noisy.append(mixed.astype("float32"))
        snrs.append(snr)
        noise_names.append(kind)
    return SpeechPairs(noisy, clean, np.asarray(snrs, "float32"), noise_names, [str(s) for s in voices], chosen)


def _to_arrays(pairs):
    return {"noisy": np.concatenate(pairs.noisy), "clean": np.concatenate(pairs.clean),
            "offsets": np.cumsum([0] + [c.size for c in pairs.clean]), "snr_db": pairs.snr_db,
            "noise": np.asarray(pairs.noise), "speaker": np.asarray(pairs.speaker), "text": np.asarray(pairs.text)}


def _from_arrays(f):
    offsets = f["offsets"]
    cut = lambda a: [a[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]  # noqa: E731
    return SpeechPairs(cut(f["noisy"]), cut(f["clean"]), f["snr_db"], [str(n) for n in f["noise"]],
                       [str(n) for n in f["speaker"]], [str(n) for n in f["text"]])


@functools.lru_cache(maxsize=4)
def _speech_pairs_cached(split, count, seed):
    name = f"synthetic_speech_{split}_{count}_{seed}_{disk_cache.cache_key(f'v{CORPUS_VERSION}', split, count, seed)}"
    return _from_arrays(disk_cache.cached_arrays("speech", name, lambda: _to_arrays(
        _build(split, count, seed, num_train_sentences=2000, num_test_sentences=400))))


def speech_pairs(split="train", num_utterances=None, seed=0):
    """The noisy/clean utterances of the synthetic set (synthesised once, then read from the cache).

    Args:
        split: "train" (SNRs 0, 5, 10, 15 dB, train voices and sentences) or
            "test" (2.5, 7.5, 12.5, 17.5 dB, held-out voices and sentences).
        num_utterances: default 320 (train) and 40 (test).
        seed: the corpus seed; the same seed gives the same audio.

    Returns:
        :class:`SpeechPairs` (copies: callers may modify them).

    Raises:
        ValueError: unknown split, or a size outside [1, 2000] (train) / [1, 400] (test).
    """
    if split not in ("train", "test"):
        raise ValueError(f"`split` must be 'train' or 'test'. Received: split={split!r}")
    count = int(num_utterances or (320 if split == "train" else 40))
    limit = 2000 if split == "train" else 400
    if not 1 <= count <= limit:
        raise ValueError(f"`num_utterances` must be in [1, {limit}] for the {split} split. Received: {count}")
    pairs = _speech_pairs_cached(split, count, int(seed))
    return SpeechPairs([x.copy() for x in pairs.noisy], [x.copy() for x in pairs.clean], pairs.snr_db.copy(),
                       list(pairs.noise), list(pairs.speaker), list(pairs.text))


# ---------------------------------------------------------------- WAV folders
def read_wav(path):
    """A WAV file as ``(float32 mono waveform in [-1, 1], sample_rate)``; channels averaged."""
    from scipy.io import wavfile

    try:
        rate, data = wavfile.read(path)
    except (ValueError, OSError) as error:
        raise ValueError(f"Cannot read WAV file {str(path)!r}: {error}. Expected a PCM or float WAV file.") from None
    if data.dtype.kind == "i":
        data = data.astype("float32") / float(np.iinfo(data.dtype).max + 1)
    elif data.dtype.kind == "u":  # 8-bit WAV is unsigned, centred on 128
        data = (data.astype("float32") - 128.0) / 128.0
    data = np.asarray(data, "float32")
    if data.ndim == 2:
        data = data.mean(axis=1)
    return data, int(rate)


def write_wav(path, waveform, sample_rate=SAMPLE_RATE):
    """Writes a float waveform in [-1, 1] as 16-bit PCM."""
    from scipy.io import wavfile

    pcm = np.clip(np.asarray(waveform, "float32"), -1.0, 1.0)
    wavfile.write(path, int(sample_rate), (pcm * 32767.0).astype("int16"))


def _wav_names(folder):
    return sorted(n for n in os.listdir(folder) if n.lower().endswith(".wav"))


def folder_pairs(path):
    """Noisy/clean pairs from a folder with ``noisy*/`` and ``clean*/`` sub-folders of same-named WAV files.

    Raises:
        ValueError: a missing folder or sub-folder, no WAV files, or names
            that do not match between the two sub-folders.
    """
    root = pathlib.Path(path)
    if not root.is_dir():
        raise ValueError(f"Speech folder {str(root)!r} does not exist. Expected a directory with noisy/ and clean/.")
    subs = sorted(p.name for p in root.iterdir() if p.is_dir())
    noisy_dirs = [s for s in subs if s.lower().startswith("noisy")]
    clean_dirs = [s for s in subs if s.lower().startswith("clean")]
    if len(noisy_dirs) != 1 or len(clean_dirs) != 1:
        raise ValueError(
            f"Speech folder {str(root)!r} must hold one noisy* and one clean* sub-folder. Received sub-folders {subs}."
        )
    noisy_names, clean_names = _wav_names(root / noisy_dirs[0]), _wav_names(root / clean_dirs[0])
    if not noisy_names:
        raise ValueError(f"No .wav files in {str(root / noisy_dirs[0])!r}.")
    if noisy_names != clean_names:
        missing = sorted(set(noisy_names) ^ set(clean_names))[:5]
        raise ValueError(
            f"The noisy and clean WAV files of {str(root)!r} must have the same names. Received unmatched: {missing}."
        )
    noisy, clean = [], []
    for name in noisy_names:
        x, rate_x = read_wav(root / noisy_dirs[0] / name)
        y, rate_y = read_wav(root / clean_dirs[0] / name)
        x, y = resample(x, rate_x), resample(y, rate_y)
        n = min(x.size, y.size)
        if n == 0:
            raise ValueError(f"WAV pair {name!r} of {str(root)!r} is empty.")
        noisy.append(x[:n])
        clean.append(y[:n])
    return SpeechPairs(noisy, clean, np.full(len(noisy), np.nan, "float32"), ["unknown"] * len(noisy),
                       ["unknown"] * len(noisy), list(noisy_names))


# ---------------------------------------------------------------- windows and streams
def cut_windows(signals, window, hop=None):
    """Cuts each 1-D signal into windows of ``window`` samples every ``hop`` (default ``window // 2``).

    The last partial window of each signal is zero-padded (a signal shorter
    than ``window`` gives one padded window).

    Returns:
        float32 ``(num_windows, window)``.
    """
    hop = int(hop or window // 2)
    out = []
    for signal in signals:
        signal = np.asarray(signal, "float32")
        starts = range(0, max(signal.size - window, 0) + hop, hop) if signal.size > window else [0]
        for start in starts:
            piece = signal[start : start + window]
            if piece.size == 0:
                continue
            out.append(np.pad(piece, (0, window - piece.size)))
    return np.stack(out).astype("float32") if out else np.zeros((0, window), "float32")


def speech_windows(name="synthetic_speech", window=4096, num_utterances=None, seed=0):
    """``(noisy, clean)`` training windows, each float32 ``(N, window, 1)``, of a named speech set."""
    pairs = load_speech_pairs(name, num_utterances=num_utterances, seed=seed)
    noisy, clean = cut_windows(pairs.noisy, window), cut_windows(pairs.clean, window)
    return noisy[..., None], clean[..., None]


def load_speech_pairs(name="synthetic_speech", split="train", num_utterances=None, seed=0):
    """The utterances of ``synthetic_speech`` (a split) or ``folder:<path>`` (the folder's pairs)."""
    if name == "synthetic_speech":
        return speech_pairs(split, num_utterances, seed)
    if name.startswith("folder:"):
        return folder_pairs(name[len("folder:"):])
    raise ValueError(f"Unknown speech dataset {name!r}. Expected one of {SPEECH_NAMES}.")


def load_speech(name="synthetic_speech", window=4096, batch_size=32, seed=None, repeat=False, num_utterances=None):
    """A ``tf.data.Dataset`` of shuffled ``(noisy, clean)`` windows, each ``(batch, window, 1)``.

    Args:
        name: ``synthetic_speech`` or ``folder:<path>``.
        window: samples per window (the generator's input length).
        batch_size: windows per batch (the remainder is dropped).
        seed: shuffling seed (the synthetic corpus itself uses seed 0).
        repeat: repeat forever.
        num_utterances: synthetic train utterances (default 320).

    Raises:
        ValueError: unknown name, bad window or batch size, unreadable folder.

    Example:
    ```python
    data = keras_gans.data.speech.load_speech("folder:/data/valentini", window=16384, batch_size=100)
    ```
    """
    import tensorflow as tf

    if not isinstance(window, (int, np.integer)) or window <= 0:
        raise ValueError(f"`window` must be a positive integer. Received: window={window!r}")
    noisy, clean = speech_windows(name, int(window), num_utterances, seed=0)
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(f"`batch_size` must be a positive integer. Received: batch_size={batch_size!r}")
    if batch_size > len(noisy):
        raise ValueError(f"`batch_size`={batch_size} is larger than the dataset ({len(noisy)} windows).")
    ds = tf.data.Dataset.from_tensor_slices((noisy, clean)).shuffle(len(noisy), seed=seed,
                                                                    reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
