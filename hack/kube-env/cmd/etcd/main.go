// Command etcd is etcd's own server entry point at the version Kubernetes pins (see go.mod), so the apiserver
// talks to the etcd it is tested against upstream rather than a distribution package of another minor.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
