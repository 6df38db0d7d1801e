package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

const (
	stopGrace     = 30 * time.Second
	startAttempts = 3 // a port chosen as free can be taken before the child binds it; retry with new ports
)

// controlPlane is etcd plus kube-apiserver as child processes sharing one work directory (certificates, etcd
// data, logs). The apiserver can be restarted on its port while etcd and its data stay untouched.
type controlPlane struct {
	opts      options
	work      string
	pki       *pki
	etcd      *child
	apiserver *child
	etcdURL   string
	host      string
	apiArgs   []string
	api       *apiClient
}

func (cp *controlPlane) start() error {
	if err := retryOnPortRace(cp.startEtcd); err != nil {
		return err
	}
	return retryOnPortRace(cp.startAPIServer)
}

func retryOnPortRace(start func() error) error {
	for attempt := 1; ; attempt++ {
		err := start()
		if !errors.Is(err, errPortRace) || attempt == startAttempts {
			return err
		}
		logf("%v; retrying with other ports", err)
	}
}

func (cp *controlPlane) startEtcd() error {
	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	dataDir := filepath.Join(cp.work, "etcd")
	// A failed attempt may have initialised the data dir with the old peer URL, which etcd would then refuse.
	if err := os.RemoveAll(dataDir); err != nil {
		return err
	}
	cp.etcdURL = "http://127.0.0.1:" + strconv.Itoa(ports[0])
	peerURL := "http://127.0.0.1:" + strconv.Itoa(ports[1])
	args := []string{
		"--name=kube-env",
		"--data-dir=" + dataDir,
		"--listen-client-urls=" + cp.etcdURL,
		"--advertise-client-urls=" + cp.etcdURL,
		"--listen-peer-urls=" + peerURL,
		"--initial-advertise-peer-urls=" + peerURL,
		"--initial-cluster=kube-env=" + peerURL,
		// Throwaway data: skipping fsync makes every write much faster on slow CI disks.
		"--unsafe-no-fsync=true",
		"--log-level=warn",
	}
	c, err := startChild("etcd", cp.binary("etcd"), args, filepath.Join(cp.work, "etcd.log"), cp.opts.verbose)
	if err != nil {
		return err
	}
	cp.etcd = c
	return cp.awaitStart(c, etcdHealthy(cp.etcdURL))
}

func etcdHealthy(url string) func() error {
	client := &http.Client{Timeout: 2 * time.Second}
	return func() error {
		resp, err := client.Get(url + "/health")
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("etcd /health: HTTP %d", resp.StatusCode)
		}
		return nil
	}
}

func (cp *controlPlane) startAPIServer() error {
	ports, err := freePorts(1)
	if err != nil {
		return err
	}
	cp.host = "https://127.0.0.1:" + strconv.Itoa(ports[0])
	if cp.api, err = newAPIClient(cp.host, cp.pki); err != nil {
		return err
	}
	cp.apiArgs = []string{
		"--etcd-servers=" + cp.etcdURL,
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(ports[0]),
		// Without a default route the apiserver cannot guess the address it advertises and refuses to start.
		"--advertise-address=127.0.0.1",
		"--tls-cert-file=" + cp.pki.ServingCertFile,
		"--tls-private-key-file=" + cp.pki.ServingKeyFile,
		"--client-ca-file=" + cp.pki.CAFile,
		"--authorization-mode=RBAC",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--service-account-issuer=" + cp.host,
		"--service-account-key-file=" + cp.pki.SAKeyFile,
		"--service-account-signing-key-file=" + cp.pki.SAKeyFile,
		// No controller-manager creates the `default` ServiceAccount, so its admission plugin would reject Pods.
		"--disable-admission-plugins=ServiceAccount",
		"--allow-privileged=true",
	}
	if err := cp.runAPIServer(); err != nil {
		return err
	}
	// `default` is created by a post-start hook shortly after readyz; objects are often created there at once.
	deadline := time.Now().Add(cp.opts.startTimeout)
	for {
		err := cp.api.expectOK("/api/v1/namespaces/default")
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("namespace default never appeared: %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (cp *controlPlane) runAPIServer() error {
	c, err := startChild("kube-apiserver", cp.binary("kube-apiserver"), cp.apiArgs,
		filepath.Join(cp.work, "kube-apiserver.log"), cp.opts.verbose)
	if err != nil {
		return err
	}
	cp.apiserver = c
	return cp.awaitStart(c, func() error { return cp.api.expectOK("/readyz") })
}

// restartAPIServer stops the apiserver and starts it again with the same flags, so on the same port with the same
// certificates; clients see connections refused meanwhile and then the data they had, as after a real restart.
func (cp *controlPlane) restartAPIServer() error {
	cp.apiserver.stop(stopGrace)
	return cp.runAPIServer()
}

func (cp *controlPlane) awaitStart(c *child, probe func() error) error {
	err := c.waitReady(cp.opts.startTimeout, probe)
	if err == nil {
		return nil
	}
	if c.lostPortRace() {
		return fmt.Errorf("%s: %w", c.name, errPortRace)
	}
	c.stop(stopGrace)
	return err
}

// stop shuts the apiserver down before etcd, so that it does not spend its grace period retrying a dead etcd.
func (cp *controlPlane) stop() {
	for _, c := range []*child{cp.apiserver, cp.etcd} {
		if c != nil {
			c.stop(stopGrace)
		}
	}
}

func (cp *controlPlane) binary(name string) string {
	return filepath.Join(cp.opts.binDir, name)
}

// freePorts returns n distinct ports that were free a moment ago; all are held open together so they differ.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "kube-env: "+strings.TrimSuffix(format, "\n")+"\n", args...)
}
