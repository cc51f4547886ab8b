#!/usr/bin/env bash
# Vendor front-end assets from the npm registry into the repository, so that
# building and running the Go app (go build / go run / go test) never needs npm.
#
# Only this script needs npm. It fetches pinned package tarballs with `npm pack`
# into a temporary directory (no package.json, no node_modules in the repo),
# checks each tarball against its pinned sha512 integrity, and copies the files
# we use. Re-running it with the same pins gives byte-identical output.
#
# To upgrade: change a version below, set its integrity to the output of
#   npm view PKG@VERSION dist.integrity
# run this script and review the diff (and VERSIONS).
#
# Usage: scripts/vendor-assets.sh
set -euo pipefail

# --- pinned packages ---------------------------------------------------------
CLC_PKG="@utrecht/component-library-css"
CLC_VER="9.0.4"
CLC_SRI="sha512-gVA7D6GfP9/+fzehkYLSBR+0UPUTA97PZmgvTYQE88lPQhHGMlUk8FjmCpLKRsRC9hAYd32JuF/KzG6fmBfjJA=="

# Theme (design tokens): the NL Design System example ("voorbeeld") theme,
# EUPL-1.2 like the component CSS. Do NOT use @utrecht/design-tokens instead: its
# LICENSE.md is proprietary ("Applying design elements from this project is
# strictly prohibited for organisations that are not part of the Municipality of
# Utrecht"). A municipality's own theme can replace this one if its licence
# allows redistribution.
THEME_PKG="@nl-design-system-unstable/voorbeeld-design-tokens"
THEME_VER="7.4.1"
THEME_SRI="sha512-GNnapAn2mTIzXRcCvs0JMr4Bf9+ivUJ3zFBJLRT1SYpAYm2xPwptVxIM3k4WLJ0c59E9FfxsEBPJluGuAHUVvg=="

AXE_PKG="axe-core"
AXE_VER="4.14.1"
AXE_SRI="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="

# --- destinations (relative to the repository root) --------------------------
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR_REL="internal/web/static/vendor"
UTRECHT_REL="$VENDOR_REL/utrecht"
NLDS_REL="$VENDOR_REL/nlds"
E2E_REL="internal/e2e/testdata"

command -v npm >/dev/null || { echo "vendor-assets: npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "vendor-assets: node is required" >&2; exit 1; }
command -v sha256sum >/dev/null || { echo "vendor-assets: sha256sum is required" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch PKG VERSION SRI DIR: npm pack the tarball into $TMP, verify its
# integrity against the pinned value, and unpack it into $TMP/DIR.
fetch() {
  local pkg="$1" ver="$2" sri="$3" dir="$4" tgz got
  # Run from $TMP so npm never sees (or writes) a package.json in the repo.
  tgz="$(cd "$TMP" && npm pack --silent --pack-destination "$TMP" "$pkg@$ver" | tail -n1)"
  got="sha512-$(node -e 'const c = require("crypto"), fs = require("fs");
    process.stdout.write(c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$TMP/$tgz")"
  if [[ "$got" != "$sri" ]]; then
    echo "vendor-assets: integrity mismatch for $pkg@$ver" >&2
    echo "  want $sri" >&2
    echo "  got  $got" >&2
    exit 1
  fi
  mkdir -p "$TMP/$dir"
  tar -xzf "$TMP/$tgz" -C "$TMP/$dir"
}

# strip_external FILE: our Content-Security-Policy allows no asset from another
# host, so remove any rule that would load one: @import of anything, @font-face
# blocks whose src points elsewhere, and declarations with url(http://...),
# url(https://...) or url(//host/...). data: URIs (inline SVG icons) are kept:
# they are not fetched from a host. With the pinned versions this is a no-op;
# it guards future upgrades. check_no_external below fails loudly if anything
# is left.
strip_external() {
  node - "$1" <<'EOF'
const fs = require("fs");
const file = process.argv[2];
let css = fs.readFileSync(file, "utf8");
const before = css;
const ext = /url\(\s*["']?\s*(?:https?:)?\/\//i;
css = css.replace(/@import\b[^;]*;[ \t]*\n?/gi, "");
css = css.replace(/@font-face\s*\{[^}]*\}\s*\n?/gi, (m) => (ext.test(m) ? "" : m));
css = css.replace(/[^;{}]*url\(\s*["']?\s*(?:https?:)?\/\/[^)]*\)[^;{}]*;?[ \t]*\n?/gi, "");
if (css !== before) {
  fs.writeFileSync(file, css);
  console.error(`vendor-assets: stripped external references from ${file}`);
}
EOF
}

# check_no_external FILE: fail if FILE still imports or references another host.
check_no_external() {
  if grep -nE '@import|url\(\s*["'"'"']?\s*(https?:)?//' "$1" >&2; then
    echo "vendor-assets: $1 still references an external host (see lines above)" >&2
    exit 1
  fi
}

fetch "$CLC_PKG" "$CLC_VER" "$CLC_SRI" clc
fetch "$THEME_PKG" "$THEME_VER" "$THEME_SRI" theme
fetch "$AXE_PKG" "$AXE_VER" "$AXE_SRI" axe

mkdir -p "$ROOT/$UTRECHT_REL" "$ROOT/$NLDS_REL" "$ROOT/$E2E_REL"

# Component CSS: dist/index.css is the complete built stylesheet of all
# components (dist/html.css only styles bare HTML elements; prince-xml.css is
# for PDF rendering).
install -m 0644 "$TMP/clc/package/dist/index.css" "$ROOT/$UTRECHT_REL/component-library.css"
install -m 0644 "$TMP/clc/package/LICENSE.md" "$ROOT/$UTRECHT_REL/LICENSE-component-library-css"

# Theme: dist/theme.css defines all custom properties (--basis-*, --utrecht-*,
# --nl-*, ...) in one block on the .voorbeeld-theme class; dist/variables.css is
# the same block on :root. dist/font.css and dist/custom.css are empty
# placeholders. The theme names the font families Noto Sans, Noto Serif and
# Noto Sans Mono but ships no font files (its storybook loads @fontsource
# packages); without them browsers use the generic fallbacks in the same
# declarations.
install -m 0644 "$TMP/theme/package/dist/theme.css" "$ROOT/$NLDS_REL/voorbeeld-theme.css"
install -m 0644 "$TMP/theme/package/LICENSE.md" "$ROOT/$NLDS_REL/LICENSE-voorbeeld-design-tokens"

# axe-core: only used by the browser tests, never served by the app.
install -m 0644 "$TMP/axe/package/axe.min.js" "$ROOT/$E2E_REL/axe.min.js"
{
  cat "$TMP/axe/package/LICENSE"
  if [[ -f "$TMP/axe/package/LICENSE-3RD-PARTY.txt" ]]; then
    printf '\n\n'
    cat "$TMP/axe/package/LICENSE-3RD-PARTY.txt"
  fi
} >"$ROOT/$E2E_REL/LICENSE-axe-core"
chmod 0644 "$ROOT/$E2E_REL/LICENSE-axe-core"

for css in "$ROOT/$UTRECHT_REL/component-library.css" "$ROOT/$NLDS_REL/voorbeeld-theme.css"; do
  strip_external "$css"
  check_no_external "$css"
done

# VERSIONS: what was vendored, from where, and the sha256 of every copied file
# (after any stripping). No timestamps, so re-runs do not change it.
FILES=(
  "$UTRECHT_REL/component-library.css"
  "$UTRECHT_REL/LICENSE-component-library-css"
  "$NLDS_REL/voorbeeld-theme.css"
  "$NLDS_REL/LICENSE-voorbeeld-design-tokens"
  "$E2E_REL/axe.min.js"
  "$E2E_REL/LICENSE-axe-core"
)
{
  echo "# Vendored front-end assets. Generated by scripts/vendor-assets.sh; do not edit."
  echo "# Packages (name@version, npm tarball integrity):"
  echo "$CLC_PKG@$CLC_VER $CLC_SRI"
  echo "$THEME_PKG@$THEME_VER $THEME_SRI"
  echo "$AXE_PKG@$AXE_VER $AXE_SRI"
  echo "#"
  echo "# Files (sha256, path relative to the repository root, source):"
  src=(
    "$CLC_PKG@$CLC_VER:dist/index.css"
    "$CLC_PKG@$CLC_VER:LICENSE.md"
    "$THEME_PKG@$THEME_VER:dist/theme.css"
    "$THEME_PKG@$THEME_VER:LICENSE.md"
    "$AXE_PKG@$AXE_VER:axe.min.js"
    "$AXE_PKG@$AXE_VER:LICENSE+LICENSE-3RD-PARTY.txt"
  )
  for i in "${!FILES[@]}"; do
    sum="$(cd "$ROOT" && sha256sum "${FILES[$i]}" | cut -d' ' -f1)"
    echo "$sum  ${FILES[$i]}  ${src[$i]}"
  done
} >"$ROOT/$VENDOR_REL/VERSIONS"

echo "vendor-assets: done"
(cd "$ROOT" && ls -l "${FILES[@]}" "$VENDOR_REL/VERSIONS" | awk '{printf "  %9d  %s\n", $5, $9}')
