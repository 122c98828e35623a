#!/usr/bin/env bash
# Builds a Git repository of real-world source code from Debian's packages, for the whole-process
# benchmarks: generated corpora are regular, and real code is where a keyword prefilter meets its
# worst case (API documentation that says "key" and "token" on every other line).
#
# usage: bench/real-corpus.sh go|java
#
#   go    the AWS SDK for Go, v2 (all of it) and v1 (aws/, private/ and the services a-d), from
#         golang-github-aws-aws-sdk-go-v2-dev and golang-github-aws-aws-sdk-go-dev: about 296 MB
#         of generated API clients and their documentation, 18,885 files
#   java  OpenJDK 17's own sources (openjdk-17-source): java.base, java.logging, java.management,
#         java.net.http, java.naming, java.sql, java.rmi, java.security.jgss, jdk.jfr and
#         jdk.compiler, about 70 MB
#
# Prints the repository's path on stdout (progress goes to stderr), so that
#   bench/engine-throughput.sh "$(bench/real-corpus.sh go)"
# runs the side-by-side benchmark on it. The repository is bench/work/real-<kind>, one commit,
# rebuilt only when missing; bench/work/real-<kind>.packages names the package versions it holds,
# which change as Debian updates them. Needs apt-get (download only: nothing is installed), dpkg
# and unzip; uses Debian's package registry and nothing else.
set -euo pipefail

BENCH_NAME=real-corpus
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  echo "usage: bench/real-corpus.sh go|java" >&2
  exit 2
}
[ $# -eq 1 ] || usage
kind="$1"
case "$kind" in
  go) packages=(golang-github-aws-aws-sdk-go-v2-dev golang-github-aws-aws-sdk-go-dev) ;;
  java) packages=(openjdk-17-source) ;;
  *) usage ;;
esac
for tool in apt-get dpkg dpkg-deb git unzip; do
  command -v "$tool" >/dev/null || bench_die "'$tool' is required and not on PATH"
done

repo="$(pwd)/$bench_work/real-$kind"
if git -C "$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
  echo "== using the existing $repo (delete it to rebuild)" >&2
  echo "$repo"
  exit 0
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "== downloading ${packages[*]} (Debian)" >&2
(cd "$scratch" && apt-get download "${packages[@]}" >&2) ||
  bench_die "apt-get download failed; is Debian's package registry reachable?"
for deb in "$scratch"/*.deb; do
  dpkg-deb -x "$deb" "$scratch/x"
done

rm -rf "$repo"
mkdir -p "$repo"
case "$kind" in
  go)
    sdk="$scratch/x/usr/share/gocode/src/github.com/aws"
    cp -r "$sdk/aws-sdk-go-v2" "$repo/v2"
    mkdir -p "$repo/v1/service"
    cp -r "$sdk/aws-sdk-go/aws" "$sdk/aws-sdk-go/private" "$repo/v1/"
    cp -r "$sdk/aws-sdk-go/service"/[a-d]* "$repo/v1/service/"
    ;;
  java)
    zip="$(find "$scratch/x" -name src.zip | head -1)"
    [ -n "$zip" ] || bench_die "no src.zip in openjdk-17-source"
    (cd "$repo" && unzip -q "$zip" 'java.base/*' 'java.logging/*' 'java.management/*' \
      'java.net.http/*' 'java.naming/*' 'java.sql/*' 'java.rmi/*' 'java.security.jgss/*' \
      'jdk.jfr/*' 'jdk.compiler/*')
    ;;
esac
for deb in "$scratch"/*.deb; do
  dpkg-deb -f "$deb" Package Version | paste -sd' ' -
done >"$repo.packages"
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.email=bench@airlock.invalid -c user.name=bench commit -qm "real-world $kind sources ($(paste -sd, "$repo.packages"))"
echo "== $repo: $(bench_tree_files "$repo") files, $(python3 -c "print(f'{$(bench_tree_bytes "$repo")/1e6:.1f}')") MB at HEAD" >&2
echo "$repo"
