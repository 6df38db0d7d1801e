#!/usr/bin/env bash
# Builds the local control plane into hack/kube-env/bin/: kube-apiserver, etcd and the kube-env launcher.
# Cached: does nothing when bin/ is newer than go.mod, go.sum, this script and the Go sources.
set -euo pipefail
cd "$(dirname "$0")"

bin=bin
stamp=$bin/.built
binaries=(kube-apiserver etcd kube-env)

up_to_date() {
  [ -f "$stamp" ] || return 1
  for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || return 1; done
  [ -z "$(find go.mod go.sum build.sh cmd -newer "$stamp" -print -quit)" ]
}

if up_to_date; then
  echo "kube-env: binaries up to date in hack/kube-env/$bin (delete it to force a rebuild)"
  exit 0
fi

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || { echo "kube-env: Go is required to build the local control plane (go.dev/dl)" >&2; exit 1; }

# The version is stamped into the apiserver so that /version and kubectl report the release it is built from.
k8s_version=$(sed -n 's|^[[:space:]]*k8s\.io/kubernetes \(v[0-9][^ ]*\).*|\1|p' go.mod | head -n 1)
[ -n "$k8s_version" ] || { echo "kube-env: no k8s.io/kubernetes requirement in go.mod" >&2; exit 1; }
minor=$(echo "$k8s_version" | cut -d. -f2)
pkg=k8s.io/component-base/version

# GOTOOLCHAIN=local: never download another toolchain (go.mod says go 1.23.0; any newer local Go builds it).
# CGO_ENABLED=0: static binaries, as upstream builds kube-apiserver; no C toolchain needed.
export GOTOOLCHAIN=local CGO_ENABLED=0
echo "kube-env: building kube-apiserver $k8s_version, etcd and kube-env with $(go env GOVERSION) (a cold build takes several minutes)…"
start=$SECONDS
rm -f "$stamp"
mkdir -p "$bin"
go build -mod=readonly -trimpath -buildvcs=false \
  -ldflags "-s -w -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean" \
  -o "$bin/" ./cmd/...
touch "$stamp"
echo "kube-env: built $(cd "$bin" && echo "${binaries[*]}") in $((SECONDS - start))s"
