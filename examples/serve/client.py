"""Ask a TF Serving model server for generated images and save them as PNG.

    # REST (port 8501): the server draws the noise (the `sample` signature)
    python examples/serve/client.py --model=dcgan --num=16 --seed=7 --out=samples_rest.png
    # REST with your own z (serving_default; --latent_dim: the model card's latent_dim)
    python examples/serve/client.py --model=dcgan --num=16 --signature=serving_default --latent_dim=64
    # gRPC (port 8500; needs `pip install tensorflow-serving-api`)
    python examples/serve/client.py --model=dcgan --num=16 --protocol=grpc --out=samples_grpc.png

Functions are importable (tests call them against a real server).
"""

import argparse
import json
import urllib.request

import numpy as np


def rest_request(signature, num, seed, latent_dim=None):
    """The JSON body of a REST predict call (columnar "inputs" format)."""
    if signature == "sample":
        return {"signature_name": "sample", "inputs": {"num": int(num), "seed": int(seed)}}
    if latent_dim is None:
        raise ValueError("`latent_dim` is needed to send z to serving_default. Received: None")
    z = np.random.default_rng(seed).standard_normal((int(num), int(latent_dim))).astype("float32")
    return {"signature_name": "serving_default", "inputs": {"z": z.tolist()}}


def rest_predict(host, port, model, body, timeout=60):
    """POSTs ``body`` to ``/v1/models/<model>:predict``; returns dict name -> numpy array."""
    url = f"http://{host}:{port}/v1/models/{model}:predict"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        outputs = json.loads(response.read())["outputs"]
    if not isinstance(outputs, dict):  # a single output comes back unnamed
        outputs = {"images": outputs}
    return {k: np.asarray(v) for k, v in outputs.items()}


def grpc_predict(host, port, model, num, seed, timeout=60):
    """Calls the `sample` signature over gRPC (tensorflow-serving-api)."""
    import grpc
    import tensorflow as tf
    from tensorflow_serving.apis import predict_pb2
    from tensorflow_serving.apis import prediction_service_pb2_grpc

    channel = grpc.insecure_channel(f"{host}:{port}")
    stub = prediction_service_pb2_grpc.PredictionServiceStub(channel)
    request = predict_pb2.PredictRequest()
    request.model_spec.name = model
    request.model_spec.signature_name = "sample"
    request.inputs["num"].CopyFrom(tf.make_tensor_proto(int(num), dtype=tf.int32))
    request.inputs["seed"].CopyFrom(tf.make_tensor_proto(int(seed), dtype=tf.int32))
    result = stub.Predict(request, timeout)
    return {k: tf.make_ndarray(v) for k, v in result.outputs.items()}


def to_grid(images):
    """(N, H, W, C) float in [-1, 1] or uint8 -> one uint8 grid image."""
    images = np.asarray(images)
    if images.dtype != np.uint8:
        images = np.clip(np.round((images + 1.0) * 127.5), 0, 255).astype(np.uint8)
    n, h, w, c = images.shape
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    grid = np.zeros((rows * h, cols * w, c), np.uint8)
    for i, image in enumerate(images):
        r, k = divmod(i, cols)
        grid[r * h : (r + 1) * h, k * w : (k + 1) * w] = image
    return grid[..., 0] if c == 1 else grid


def save_png(images, path):
    from PIL import Image

    Image.fromarray(to_grid(images)).save(path)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--rest_port", type=int, default=8501)
    parser.add_argument("--grpc_port", type=int, default=8500)
    parser.add_argument("--model", default="dcgan")
    parser.add_argument("--protocol", choices=["rest", "grpc"], default="rest")
    parser.add_argument("--signature", choices=["sample", "serving_default"], default="sample")
    parser.add_argument("--latent_dim", type=int, default=None,
                        help="z's width for --signature=serving_default: the model card's latent_dim "
                             "(exports/<name>/<version>/model_card.json; 64 for dcgan_mnist version 3)")
    parser.add_argument("--num", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="samples.png")
    args = parser.parse_args(argv)
    if args.signature == "serving_default" and args.protocol == "rest" and not args.latent_dim:
        parser.error("--signature=serving_default sends z: pass --latent_dim, the model card's latent_dim "
                     f"(a positive integer). Received: --latent_dim={args.latent_dim}")
    if args.protocol == "grpc":
        outputs = grpc_predict(args.host, args.grpc_port, args.model, args.num, args.seed)
    else:
        body = rest_request(args.signature, args.num, args.seed, args.latent_dim)
        outputs = rest_predict(args.host, args.rest_port, args.model, body)
    images = outputs.get("images_uint8", outputs["images"])
    print(f"saved {save_png(images, args.out)} ({len(images)} images)")


if __name__ == "__main__":
    main()
