#!/usr/bin/env bash
# Debian's PyTorch and scikit-learn for the system Python (/usr/bin/python3): the tests run
# the scripts `backprop export --format pytorch` writes under the real PyTorch
# (test/unit/model-scripts-torch.test.ts). About 45 s the first time. (Keras/TensorFlow and
# the safetensors package are not in Debian's archive; test/fixtures/python stands in for
# the latter.)
source "$(dirname "$0")/common.sh"
apt_install python3-torch python3-sklearn
log "$(/usr/bin/python3 -c 'import torch, sklearn; print("PyTorch", torch.__version__, "scikit-learn", sklearn.__version__)')"
