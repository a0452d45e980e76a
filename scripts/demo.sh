#!/usr/bin/env bash
# Installs jixiao and runs its main job on a sample report the package ships.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-system-deps.sh
python3 -m pip install --quiet --upgrade pip
python3 -m pip install --quiet .
sample=$(python3 -c "import jixiao, pathlib; print(pathlib.Path(jixiao.__file__).parent / 'samples' / 'agri_dept_selfeval_2022.txt')")
echo "== jixiao parse $sample =="
jixiao parse "$sample"
echo
echo "== jixiao check (all shipped samples) =="
jixiao check "$(dirname "$sample")" || true
