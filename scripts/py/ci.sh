#!/usr/bin/env bash
# The Python package in CI: a virtualenv under the target folder with
# maturin, pytest, pandas, pyarrow and pyspark from PyPI; the wheel built
# and installed; then the pytest suite of
# crates/faultline-py/tests, the Spark job included (pyspark local[2],
# Java from the machine, installed when missing).
#
#   bash scripts/py/ci.sh                    # what .ci/run runs
#   FAULTLINE_SPARK_DOCS=10000 bash scripts/py/ci.sh
#
# FAULTLINE_SPARK_DOCS (default 10000) is the size of the Spark test's
# corpus; FAULTLINE names the CLI the tests compare with (default
# target/debug/faultline, built when missing). The wheel is built with the
# dev profile, which reuses what `cargo test --workspace` compiled (the
# coder's crates are optimised in it, see Cargo.toml);
# FAULTLINE_PY_RELEASE=1 builds it in release mode, as pip does.
set -euo pipefail
cd "$(dirname "$0")/../.."

target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
venv=$(realpath -m "${FAULTLINE_PY_VENV:-$target/py-venv}")
python=${PYTHON:-python3}

"$python" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or later is needed"'
if ! command -v java >/dev/null 2>&1; then
    echo "scripts/py/ci.sh: installing a Java runtime for pyspark" >&2
    apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null
fi
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
    'maturin>=1.5,<2' pytest pandas pyarrow pyspark

rm -rf "$target/wheels"
profile=()
[ "${FAULTLINE_PY_RELEASE:-0}" = 1 ] && profile=(--release)
"$venv/bin/maturin" build "${profile[@]}" --quiet -m crates/faultline-py/Cargo.toml -o "$target/wheels"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps \
    "$target"/wheels/faultline-*.whl

# the installed wheel, not the source folder, is what is tested
cd crates/faultline-py/tests
PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/python" -m pytest -q -p no:cacheprovider . \
    || { status=$?; echo "scripts/py/ci.sh: pytest failed" >&2; exit "$status"; }
