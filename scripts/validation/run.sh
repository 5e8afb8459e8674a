#!/bin/sh
# Cross-validation of `mam simulate` with Brian2 on the down-scaled 32-area network (docs/validation.md).
#   sh scripts/validation/run.sh [OUT_DIR=validation-runs] [SEEDS="1 2 3 4 5"]
# Needs Brian2 for the system Python (Debian: apt-get install python3-brian) and g++.
set -eu
OUT=$(realpath -m "${1:-validation-runs}")
SEEDS=${2:-"1 2 3 4 5"}
HERE=$(dirname "$0")
ROOT=$(realpath "$HERE/../..")
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$OUT"
cd "$ROOT"

# The network of upstream's case_downscaled.json (N = K = 0.01, ground-state weights, het_poisson_stat).
cat > "$OUT/net.json" <<EOF
{"N_scaling": 0.01, "K_scaling": 0.01, "fullscale_rates": "$ROOT/data/multiarea/fullscale_rates.json",
 "connection_params": {"replace_non_simulated_areas": "het_poisson_stat", "cc_weights_factor": 1.0, "cc_weights_I_factor": 1.0}}
EOF
echo '{"t_sim": 1000}' > "$OUT/sim.json"
npx mam nest-export --params "$OUT/net.json" --sim "$OUT/sim.json" --out "$OUT/export" --force
npx mam theory --params "$OUT/net.json" --out "$OUT/theory.json" > /dev/null

ours=""
brian=""
for s in $SEEDS; do
  echo "{\"t_sim\": 1000, \"rng_seed\": $s}" > "$OUT/sim$s.json"
  npx mam simulate --params "$OUT/net.json" --sim "$OUT/sim$s.json" --threads 1 --out "$OUT/ours" --no-progress \
    | tee "$OUT/ours-seed$s.log"
  run=$(sed -n 's/^Run folder: //p' "$OUT/ours-seed$s.log")
  npx mam rates --run "$run" --t-min 200 --t-max 1000 --out "$OUT/rates-ours-seed$s.json"
  "$PY" "$HERE/../../python/brian2_network.py" --dir "$OUT/export" --seed "$s" --t-min 200 --t-max 1000 \
    --out "$OUT/rates-brian2-seed$s.json" --build-dir "$OUT/brian2_build"
  ours="$ours${ours:+,}$OUT/rates-ours-seed$s.json"
  brian="$brian${brian:+,}$OUT/rates-brian2-seed$s.json"
done

# Seed-averaged comparison and permutation test, then every single-run pair.
npx tsx "$HERE/compare-rates.ts" ours="$ours" brian2="$brian" theory="$OUT/theory.json" --json "$OUT/compare-groups.json" \
  | tee "$OUT/compare-groups.txt"
pairs=""
for s in $SEEDS; do pairs="$pairs ours$s=$OUT/rates-ours-seed$s.json brian$s=$OUT/rates-brian2-seed$s.json"; done
# shellcheck disable=SC2086
npx tsx "$HERE/compare-rates.ts" $pairs theory="$OUT/theory.json" --worst 3 --json "$OUT/compare-all.json" > "$OUT/compare-all.txt"
echo "Results in $OUT (compare-groups.txt, compare-all.txt)"
