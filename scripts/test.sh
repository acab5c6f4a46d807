#!/usr/bin/env bash
# `npm test`: every check the project has, in the order that fails fastest. Ends with one line,
# "N passed, N failed", counting each test and each static check (types, lint, format).
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p test-results
passed=0
failed=0
failures=()

check() {
  local name="$1"; shift
  echo "::: $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

count() {  # count <json file> <node expression giving [passed, failed]>
  local file="$1" expr="$2"
  if [ -f "$file" ]; then
    read -r p f < <(node -e "const r=require('./$file'); const [p,f]=($expr)(r); console.log(p, f)")
    passed=$((passed + p)); failed=$((failed + f))
  fi
}

check typecheck npm run --silent typecheck
check lint npx eslint . --max-warnings=0
check unused-exports npx knip --no-progress
check format npx prettier --check . --log-level warn

echo "::: unit and integration tests"
rm -f test-results/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || failures+=("vitest")
# A file that failed outside any test (a beforeAll that threw) leaves its tests skipped: it counts as one failure.
count test-results/vitest.json "r => [r.numPassedTests, r.numFailedTests + r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed')).length + (r.numTotalTests === 0 ? 1 : 0)]"

vitest_failures=''
# The failed tests by name, kept to be printed last, where a CI log's tail shows them (the browser tests clear
# test-results/ when they start).
if [ -f test-results/vitest.json ]; then
  vitest_failures=$(node -e "for (const file of require('./test-results/vitest.json').testResults) {
    const name = require('path').relative('.', file.name);
    const failed = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failed) console.log('failed test: ' + name + ' > ' + test.fullName + '\\n  ' + (test.failureMessages[0] ?? '').split('\\n')[0].slice(0, 300));
    if (file.status === 'failed' && !failed.length) console.log('failed file: ' + name + '\\n  ' + (file.message ?? '').split('\\n')[0].slice(0, 300));
  }")
fi

if [ "${SKIP_E2E:-}" != "1" ]; then
  check build node --import tsx scripts/build.ts
  echo "::: browser tests (Chromium)"
  rm -f test-results/e2e.json
  npx playwright test || failures+=("playwright")
  # A flaky test (passed only when tried again) counts as failed, as does an error outside any test.
  count test-results/e2e.json "r => [r.stats.expected, r.stats.unexpected + r.stats.flaky + (r.errors?.length ?? 0)]"
fi

[ -n "$vitest_failures" ] && echo "$vitest_failures"
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]
