#!/usr/bin/env bash
# Measures the planner's search against its time limit (docs/benchmarks.md, "The search
# uses its time"): for each scenario, limit and seed, plans with `medibus plan` on a cycle
# from 2027-01-04 and prints one TSV line: scenario, limit, seed, objective, iterations,
# seconds, why it stopped. Usage: scripts/bench-search.sh "creuse cantal" "greedy 10s 60s" "1 2 3"
set -euo pipefail
scenarios=${1:-"creuse cantal"}
limits=${2:-"greedy 10s 60s 300s"}
seeds=${3:-"1 2 3 4 5"}
bin=$(mktemp -d)/medibus
go build -o "$bin" ./cmd/medibus
work=$(mktemp -d)
printf 'scenario\tlimit\tseed\tobjective\titerations\tseconds\tstopped\n'
for sc in $scenarios; do
  for limit in $limits; do
    for seed in $seeds; do
      args=(plan --scenario "$sc" --start 2027-01-04 --seed "$seed" --db "$work/$sc-$limit-$seed.db")
      if [ "$limit" = greedy ]; then args+=(--engine greedy); else args+=(--engine lns --time-limit "$limit"); fi
      out=$("$bin" "${args[@]}" 2>"$work/err") || { echo "$sc $limit $seed failed: $(cat "$work/err")" >&2; continue; }
      obj=$(grep -oP 'objective\s+\K[0-9.]+' <<<"$out")
      search=$(grep '^search:' "$work/err" || true)
      iters=$(grep -oP '^search: \w+: \K\d+' <<<"$search" || echo 0)
      secs=$(grep -oP 'in \K[0-9.]+(?= s)' <<<"$search" || true)
      why=$(grep -oP 'stopped: \K.*' <<<"$search" || echo greedy)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sc" "$limit" "$seed" "$obj" "$iters" "$secs" "$why"
    done
  done
done
