"""Makes a loadable model directory from a spec written by gguf_to_spec.py: the spec's
architecture with random weights (fixed seed), saved as safetensors beside the spec's tokenizer.

Runs on the GPU machine (needs torch and transformers, no network). A random-weight model computes
exactly what the real one of the same shapes computes per token, so tokens per second and the
client overhead are what they would be; its text is noise. Output tokens are not cut short by an
early end-of-sequence token in practice, since the weights favour none.

Usage: make_model.py SPEC_DIR OUT_DIR [--dtype bfloat16|float16|float32]
"""
import argparse
import os
import shutil

import torch
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer


def main():
    p = argparse.ArgumentParser()
    p.add_argument("spec")
    p.add_argument("out")
    p.add_argument("--dtype", default="bfloat16", choices=["bfloat16", "float16", "float32"])
    a = p.parse_args()
    torch.manual_seed(1234)
    config = AutoConfig.from_pretrained(a.spec)
    # from_config then .to(): the dtype keyword changed name between transformers 4 and 5.
    model = AutoModelForCausalLM.from_config(config).to(getattr(torch, a.dtype))
    os.makedirs(a.out, exist_ok=True)
    model.save_pretrained(a.out)
    AutoTokenizer.from_pretrained(a.spec).save_pretrained(a.out)
    for name in ("generation_config.json",):
        src = os.path.join(a.spec, name)
        if os.path.exists(src):
            shutil.copy(src, os.path.join(a.out, name))
    params = sum(t.numel() for t in model.parameters())
    print(f"model written to {a.out}: {params / 1e6:.1f} M parameters, {a.dtype}, random weights")


if __name__ == "__main__":
    main()
