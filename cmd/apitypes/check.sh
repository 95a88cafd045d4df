#!/usr/bin/env bash
# Checks every request body the adapters send to the Slack and Discord
# fakes, and every answer they give the tests that play the platforms'
# part, over the adapters', bot's, delivery's and sharednews's tests,
# against the platforms' official API types (ts/package.json pins them).
# Needs node and npm; reaches the npm registry for the types.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
# The fakes' own tests send refused requests on purpose: left out.
packages=$(go list ./adapters/... ./bot/... ./delivery/... ./cmd/sharednews/... | grep -v -E '/(slacktest|discordtest)$')
# Quiet when they pass; their output, and the audit stopped, when not.
if ! SHAREDNEWS_WIRE_LOG="$work/wire.jsonl" go test -count=1 $packages >"$work/test.log" 2>&1; then
	cat "$work/test.log"
	echo "the tests failed: the wire log is not complete, so nothing was checked" >&2
	exit 1
fi
go run ./cmd/apitypes -log "$work/wire.jsonl" -out "$here/ts/wire.ts"
cd "$here/ts"
npm ci --silent --no-audit --no-fund
npx tsc -p .
echo "every body type-checks against the official types"
