#!/usr/bin/env bash
# Assemble the HTML main-text evaluation set used by bench/html-compare.
#
#   scripts/html/build-eval-set.sh OUT_DIR [ARTICLE_EXTRACTION_BENCHMARK_DIR]
#
# OUT_DIR/<set>/<case>/source.html + expected.{txt,html}, three sets:
#
# - readability: Mozilla Readability's test pages (Apache-2.0), as shipped
#   inside the `readabilityrs` crate (tests/test-pages): cargo fetches the
#   crate through the ordinary registry client, nothing else is downloaded.
# - zyte: scrapinghub's article-extraction-benchmark (MIT; html/*.html.gz
#   and ground-truth.json with each page's articleBody), if a checkout of
#   it is given as the second argument. It is in no package registry.
# - ours: the team-written pages of tests/fixtures/html-eval (committed).
#
# Pages are not committed (they are third-party and large); this script
# rebuilds the set. Trafilatura's own test and evaluation pages are never
# used: they are held out.
set -euo pipefail

out=${1:?usage: build-eval-set.sh OUT_DIR [ARTICLE_EXTRACTION_BENCHMARK_DIR]}
zyte=${2:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

# 1. Readability's test pages, from the readabilityrs crate.
crate=readabilityrs
version=0.1.4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src"
cat > "$tmp/Cargo.toml" <<TOML
[package]
name = "eval-set-fetch"
version = "0.0.0"
edition = "2021"
[dependencies]
$crate = "=$version"
[workspace]
TOML
echo 'fn main() {}' > "$tmp/src/main.rs"
(cd "$tmp" && cargo fetch --quiet)
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$crate-$version" | head -1)
rm -rf "$out/readability"
mkdir -p "$out/readability"
for dir in "$src"/tests/test-pages/*/; do
  name=$(basename "$dir")
  [ -f "$dir/source.html" ] && [ -f "$dir/expected.html" ] || continue
  mkdir -p "$out/readability/$name"
  cp "$dir/source.html" "$dir/expected.html" "$out/readability/$name/"
done
echo "readability: $(ls "$out/readability" | wc -l) pages"

# 2. The article-extraction-benchmark pages, if given.
if [ -n "$zyte" ]; then
  rm -rf "$out/zyte"
  python3 - "$zyte" "$out/zyte" <<'PY'
import gzip, json, os, sys
src, dst = sys.argv[1], sys.argv[2]
truth = json.load(open(os.path.join(src, "ground-truth.json"), encoding="utf-8"))
for key, item in sorted(truth.items()):
    page = os.path.join(src, "html", key + ".html.gz")
    if not os.path.exists(page) or not item.get("articleBody"):
        continue
    os.makedirs(os.path.join(dst, key), exist_ok=True)
    with gzip.open(page, "rb") as f, open(os.path.join(dst, key, "source.html"), "wb") as o:
        o.write(f.read())
    with open(os.path.join(dst, key, "expected.txt"), "w", encoding="utf-8") as o:
        o.write(item["articleBody"])
print("zyte:", len(os.listdir(dst)), "pages")
PY
fi

# 3. Our own pages.
rm -rf "$out/ours"
cp -r "$here/tests/fixtures/html-eval" "$out/ours"
echo "ours: $(ls "$out/ours" | wc -l) pages"
