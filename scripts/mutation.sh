#!/usr/bin/env bash
# Mutation testing (mutmut) of the modules whose mistakes users see first: the fact check,
# scoring, the scene loader, the ledger and pricing. Not part of CI: it takes minutes, not
# seconds. Each mutant runs only the fast tests that reach the function it changes (mutmut
# maps them once per run; the test files and options are [tool.mutmut] in pyproject.toml).
# Usage: scripts/mutation.sh [--survivors] [group...]   groups: fact-check scoring loader pricing (default: all)
#   --survivors: run again only the mutants that survived the last run (after adding tests: a
#   killed mutant stays killed when tests are only added), and score the group as a whole.
# Then: .venv/bin/mutmut results (the survivors), .venv/bin/mutmut show NAME (one mutant's diff).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${GLASSTERM_VENV:-.venv}"
CHILDREN="${MUTATION_CHILDREN:-2}"  # workers; the machine has 2 cores

declare -A MUTANTS_OF=(
    # The fact check is refusal() and what it decides with; the rest of grounding.py phrases.
    [fact-check]="glassterm.assistant.grounding.x_refusal__mutmut_* glassterm.assistant.grounding.x_keeps_facts__mutmut_*
        glassterm.assistant.grounding.x__names__mutmut_* glassterm.assistant.grounding.x__words__mutmut_*
        glassterm.assistant.grounding.x__repeats_itself__mutmut_*
        glassterm.assistant.text.x_fact_tokens__mutmut_* glassterm.assistant.text.x_clock_times__mutmut_*"
    [scoring]="glassterm.scene.scoring.* glassterm.scene.mentions.*"
    # scene/format.py is tables only (no function to mutate): the loader's tests cover it as data.
    [loader]="glassterm.scene.loader.*"
    [pricing]="glassterm.power.ledger.* glassterm.power.energy.* glassterm.power.cost.* glassterm.power.sensitivity.*"
)
ORDER=(fact-check scoring loader pricing)
survivors=false
if [ "${1:-}" = "--survivors" ]; then survivors=true; shift; fi
chosen=("$@")
((${#chosen[@]})) || chosen=("${ORDER[@]}")

patterns=()
for group in "${chosen[@]}"; do
    [ -n "${MUTANTS_OF[$group]:-}" ] || { echo "mutation: unknown group $group (known: ${ORDER[*]})" >&2; exit 2; }
    # shellcheck disable=SC2206  # the patterns are words; the globs are mutmut's, not the shell's
    set -f; patterns+=(${MUTANTS_OF[$group]}); set +f
done

mkdir -p mutants
run=("${patterns[@]}")
if $survivors; then
    # `mutmut results` lists the mutants not killed; keep those of the chosen groups.
    mapfile -t run < <("$VENV"/bin/mutmut results | "$VENV"/bin/python -c '
import fnmatch, sys
patterns = sys.argv[1:]
for line in sys.stdin:
    name, _, status = line.strip().rpartition(": ")
    if name and status not in ("not checked", "skipped") and any(fnmatch.fnmatchcase(name, p) for p in patterns):
        print(name)
' "${patterns[@]}")
    ((${#run[@]})) || { echo "mutation: no survivors to run again"; run=(); }
fi
# mutmut exits non-zero when mutants survive; the score below is the result, so go on.
if ((${#run[@]})); then
    "$VENV"/bin/mutmut run --max-children "$CHILDREN" "${run[@]}" >mutants/run.log 2>&1 || {
        grep -q "Mutant results" mutants/run.log || { tail -40 mutants/run.log >&2; exit 1; }
    }
fi
"$VENV"/bin/mutmut results --all true >mutants/results.txt
"$VENV"/bin/python - "${patterns[@]}" <<'EOF'
"""Mutation score per module: killed / mutants tried (a mutant no test reaches counts as survived)."""

import fnmatch
import sys
from collections import Counter

patterns = sys.argv[1:]
killed: Counter[str] = Counter()
total: Counter[str] = Counter()
for line in open("mutants/results.txt", encoding="utf-8"):
    name, _, status = line.strip().rpartition(": ")
    if not name or not any(fnmatch.fnmatchcase(name, p) for p in patterns):
        continue
    if status in ("skipped", "not checked"):
        continue
    module = name.split(".x", 1)[0]
    total[module] += 1
    killed[module] += status in ("killed", "timeout", "caught by type check")
print(f"{'module':32} {'killed':>6} {'total':>6} {'score':>6}")
for module in sorted(total):
    print(f"{module:32} {killed[module]:6} {total[module]:6} {killed[module] / total[module]:6.2f}")
print(f"{'all':32} {sum(killed.values()):6} {sum(total.values()):6} {sum(killed.values()) / max(1, sum(total.values())):6.2f}")
EOF
echo "mutation: survivors with: $VENV/bin/mutmut results; one mutant's diff: $VENV/bin/mutmut show NAME"
