"""Writes a Hugging Face model spec (config.json, tokenizer.json, tokenizer_config.json,
generation_config.json; no weights) from a Llama-architecture GGUF file's metadata.

Used by pack.sh on a machine with network: the GPU machine has no network and the 64 MiB carry
cannot hold the weights, so run-on-device.sh builds a model of exactly this architecture with
random weights there (make_model.py). Its speed per token is the real model's (same shapes, same
kernels); its words are noise, which a throughput benchmark does not read.

Needs the Python packages gguf and tokenizers. Usage: gguf_to_spec.py MODEL.gguf OUT_DIR
"""
import json
import os
import sys

import gguf
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors


def field(reader, key, default=None):
    f = reader.fields.get(key)
    return default if f is None else f.contents()


def main(path, out):
    reader = gguf.GGUFReader(path)
    arch = field(reader, "general.architecture")
    if arch != "llama":
        sys.exit(f"error: {path} has architecture {arch!r}; this converter knows llama only")
    if field(reader, "tokenizer.ggml.model") != "gpt2":
        sys.exit("error: only byte-level BPE (tokenizer.ggml.model gpt2) tokenizers are supported")
    tokens = field(reader, "tokenizer.ggml.tokens")
    types = field(reader, "tokenizer.ggml.token_type")
    merges = [tuple(m.split(" ", 1)) for m in field(reader, "tokenizer.ggml.merges")]
    bos = int(field(reader, "tokenizer.ggml.bos_token_id"))
    eos = int(field(reader, "tokenizer.ggml.eos_token_id"))
    pad = int(field(reader, "tokenizer.ggml.padding_token_id", eos))
    unk = int(field(reader, "tokenizer.ggml.unknown_token_id", 0))

    tokenizer = Tokenizer(models.BPE(vocab={t: i for i, t in enumerate(tokens)}, merges=merges,
                                     fuse_unk=False, byte_fallback=False))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
    # Control tokens (type 3) are special: never split, skipped when decoding.
    from tokenizers import AddedToken
    tokenizer.add_special_tokens([AddedToken(tokens[i], special=True, normalized=False)
                                  for i, t in enumerate(types) if t == 3])

    os.makedirs(out, exist_ok=True)
    tokenizer.save(os.path.join(out, "tokenizer.json"))
    tokenizer_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": tokens[bos], "eos_token": tokens[eos], "pad_token": tokens[pad], "unk_token": tokens[unk],
        "add_bos_token": bool(field(reader, "tokenizer.ggml.add_bos_token", False)),
        "clean_up_tokenization_spaces": False,
        "model_max_length": int(field(reader, "llama.context_length")),
    }
    template = field(reader, "tokenizer.chat_template")
    if template:
        tokenizer_config["chat_template"] = template
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump(tokenizer_config, f, indent=2)

    tensor_names = {t.name for t in reader.tensors}
    heads = int(field(reader, "llama.attention.head_count"))
    config = {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "hidden_size": int(field(reader, "llama.embedding_length")),
        "intermediate_size": int(field(reader, "llama.feed_forward_length")),
        "num_hidden_layers": int(field(reader, "llama.block_count")),
        "num_attention_heads": heads,
        "num_key_value_heads": int(field(reader, "llama.attention.head_count_kv", heads)),
        "max_position_embeddings": int(field(reader, "llama.context_length")),
        "rms_norm_eps": float(field(reader, "llama.attention.layer_norm_rms_epsilon")),
        "rope_theta": float(field(reader, "llama.rope.freq_base", 10000.0)),
        "vocab_size": len(tokens),
        "tie_word_embeddings": "output.weight" not in tensor_names,
        "hidden_act": "silu",
        "bos_token_id": bos,
        "eos_token_id": eos,
        "pad_token_id": pad,
        "torch_dtype": "bfloat16",
        "hai_note": "architecture of " + str(field(reader, "general.name")) + "; weights are made at random on the device",
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": bos, "eos_token_id": eos, "pad_token_id": pad, "do_sample": False}, f, indent=2)
    print(f"model spec written to {out}: {config['num_hidden_layers']} layers, hidden {config['hidden_size']},"
          f" vocab {config['vocab_size']}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gguf_to_spec.py MODEL.gguf OUT_DIR")
    main(sys.argv[1], sys.argv[2])
