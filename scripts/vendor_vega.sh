#!/usr/bin/env bash
# Refresh the self-hosted Vega runtime from the npm registry: scripts/vendor_vega.sh 6.2.0
# Use the version vl-convert-python bundles (python -c "import vl_convert; print(vl_convert.get_vega_version())").
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/vendor_vega.sh VERSION}
tmp=$(mktemp -d)
(cd "$tmp" && npm pack "vega@$version" --silent >/dev/null && tar -xzf "vega-$version.tgz")
cp "$tmp/package/build/vega.min.js" assets/vendor/vega/vega.min.js
cp "$tmp/package/LICENSE" assets/vendor/vega/LICENSE
sed -i "s/^# Vega .* (self-hosted)/# Vega $version (self-hosted)/; s/vega@[0-9.]*/vega@$version/" assets/vendor/vega/README.md
sha256sum assets/vendor/vega/vega.min.js
rm -rf "$tmp"
echo "now update VEGA_SHA256 in src/helpers/site/vega_assets.py and run make test"
