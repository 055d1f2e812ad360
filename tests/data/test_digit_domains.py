import numpy as np
import pytest

from keras_gans.data import digit_domains as dd


@pytest.fixture(scope="module")
def domains():
    return dd.digit_domains(num=200, seed=0)


def test_domain_vectors_one_colour_and_a_thickness_bit(domains):
    images, vectors, digits = domains
    assert images.shape == (200, 28, 28, 3) and vectors.shape == (200, 4) and digits.shape == (200,)
    np.testing.assert_array_equal(vectors[:, :3].sum(axis=1), 1.0)
    assert set(np.unique(vectors[:, 3])) == {0.0, 1.0}
    assert images.min() >= -1 and images.max() <= 1


def test_stroke_colour_is_the_domain_colour(domains):
    images, vectors, _ = domains
    np.testing.assert_array_equal(dd.stroke_colour(images), vectors[:, :3].argmax(axis=1))


def test_thick_domain_has_more_ink_and_same_digit():
    gray = dd.mnist_5k_shuffled()[0][:20]
    thin = dd.render(gray, np.zeros(20, int), np.zeros(20, bool))
    thick = dd.render(gray, np.zeros(20, int), np.ones(20, bool))
    assert ((thick + 1).sum(axis=(1, 2, 3)) > 1.3 * (thin + 1).sum(axis=(1, 2, 3))).all()
    np.testing.assert_allclose(dd.to_gray(thin), gray, atol=1e-6)  # thin red ink is the digit itself


def test_domain_vector_and_random_domains():
    np.testing.assert_array_equal(dd.domain_vector("blue", True), [0, 0, 1, 1])
    vectors = dd.random_domains(50, seed=1)
    np.testing.assert_array_equal(vectors[:, :3].sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="colour"):
        dd.domain_vector("pink", False)
    with pytest.raises(ValueError, match="num"):
        dd.digit_domains(num=0)
