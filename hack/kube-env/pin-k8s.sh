#!/usr/bin/env bash
# Re-pins this module to one Kubernetes release: ./pin-k8s.sh 1.32.13
# k8s.io/kubernetes requires its staging modules at v0.0.0, so every one needs a replace line in this (main)
# module; the list is read from that release's own go.mod so that it follows upstream, then go.sum is tidied.
set -euo pipefail
cd "$(dirname "$0")"
V=${1:?usage: pin-k8s.sh <kubernetes version, e.g. 1.32.13>}
V=${V#v}
export GOTOOLCHAIN=local GOFLAGS=-mod=mod

modfile=$(go mod download -json "k8s.io/kubernetes@v$V" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
[ -n "$modfile" ] || { echo "pin-k8s: cannot download k8s.io/kubernetes@v$V" >&2; exit 1; }

for m in $(sed -n 's|^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/.*|\1|p' "$modfile"); do
  go mod edit -replace="$m=$m@v0.${V#1.}"
done
# etcd server is only an indirect requirement of k8s.io/kubernetes; take the version it pins.
etcd=$(sed -n 's|^[[:space:]]*go\.etcd\.io/etcd/server/v3 \(v[^ ]*\).*|\1|p' "$modfile")
go get "k8s.io/kubernetes@v$V" "go.etcd.io/etcd/server/v3@$etcd"
# -e: tidy also resolves modules imported only by k8s.io/kubernetes' own tests (cri-client, csi-translation-lib…),
# which a filtering module proxy may not serve; the binaries never need them.
go mod tidy -e
go list -m k8s.io/kubernetes go.etcd.io/etcd/client/v3 go.etcd.io/etcd/server/v3
