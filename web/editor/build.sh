#!/usr/bin/env bash
# Rebuild the vendored editor bundle (web/static/vendor/codemirror/) from the npm packages
# pinned in package.json / package-lock.json. Needs Node.js and npm; the platform itself never
# runs this: the bundle is committed, so installing and serving need no network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../static/vendor/codemirror"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$work/"
[ -f "$here/package-lock.json" ] && cp "$here/package-lock.json" "$work/"
cp -r "$here/src" "$work/src"
cd "$work"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else
  npm install --no-audit --no-fund --loglevel=error; cp package-lock.json "$here/"; fi
mkdir -p "$out"
npx --no-install esbuild src/arena-editor.js --bundle --minify --format=iife \
  --target=es2019 --legal-comments=none --outfile="$out/arena-editor.min.js"
{
  echo "Licences of the packages bundled into arena-editor.min.js"
  echo
  for dir in node_modules/@codemirror/* node_modules/@lezer/* node_modules/crelt \
             node_modules/style-mod node_modules/w3c-keyname node_modules/@marijn/*; do
    [ -d "$dir" ] || continue
    licence="$(ls "$dir" | grep -i -m1 '^licen[cs]e' || true)"
    [ -n "$licence" ] || continue
    version="$(node -p "require('./$dir/package.json').version")"
    echo "== ${dir#node_modules/} $version"
    cat "$dir/$licence"
    echo
  done
} > "$out/LICENSES.txt"
echo "wrote $out/arena-editor.min.js ($(wc -c < "$out/arena-editor.min.js") bytes)"
