#!/usr/bin/env bash
# Runs the multi-node suites (failover, scale-out walkthrough, chaos, measured recovery) against a local PostgreSQL and prints their summaries.
#   bash tests/FaultTolerantRunner.Chaos.Tests/run-chaos.sh            # all four
#   bash tests/FaultTolerantRunner.Chaos.Tests/run-chaos.sh ChaosTests # one suite (a test filter)
# Needs root the first time (installs/starts PostgreSQL, creates role ftr); each test uses its own throw-away database.
set -uo pipefail
cd "$(dirname "$0")/../.."

source .ci/postgres.sh
ftr_pg_setup || exit 1

filter="${1:-FailoverTests|ScaleOutTests|ChaosTests|MeasuredRecoveryTests}"
out="$(mktemp -d)"
export FTR_CHAOS_SUMMARY="$out/chaos-summary.txt"

dotnet test tests/FaultTolerantRunner.Chaos.Tests --filter "$filter" --logger "console;verbosity=normal" --blame-hang-timeout 5m
status=$?
echo
[ -f "$FTR_CHAOS_SUMMARY" ] && cat "$FTR_CHAOS_SUMMARY"
rm -rf "$out"
exit "$status"
