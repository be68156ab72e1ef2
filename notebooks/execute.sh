#!/usr/bin/env bash
# Re-execute every teaching notebook in place, in order, so the committed outputs match the current code.
# Run from anywhere: bash notebooks/execute.sh  (uses the project's .venv when it exists).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python; fi
# The kernel imports rhetoric from this checkout even when the package is not installed.
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0 SACREBLEU_SEED=12345 MPLBACKEND=module://matplotlib_inline.backend_inline
for nb in notebooks/[0-9][0-9]_*.ipynb; do
  echo "executing $nb"
  "$PY" -m jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False \
    --ExecutePreprocessor.kernel_name=python3 "$nb"
done
