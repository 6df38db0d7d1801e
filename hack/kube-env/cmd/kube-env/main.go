// Command kube-env runs a local Kubernetes control plane, etcd plus kube-apiserver without any controller, for
// integration tests and `npm run local`.
//
// Protocol with the parent process:
//   - stdout: one JSON line {"kubeconfig": path, "host": url} once the apiserver is ready (and the CRDs of
//     --crd-dir are Established); then, for each SIGUSR1, the apiserver is restarted on the same port while
//     etcd keeps its data, followed by {"event":"restarted"}, or {"event":"error","message":…} and exit 1.
//   - stop: SIGTERM, SIGINT, SIGHUP (terminal closed), or EOF on stdin (the parent died). Children are also killed by the kernel if
//     kube-env dies itself. The work directory (certificates, etcd data, logs) is removed on exit.
//   - stderr: diagnostics, with the children's output when --verbose.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

type options struct {
	binDir       string
	outDir       string
	crdDirs      []string
	verbose      bool
	watchStdin   bool
	startTimeout time.Duration
}

func main() {
	// Registered before anything else: SIGUSR1's default action would terminate the process.
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGUSR1)
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		logf("%v", err)
		os.Exit(2)
	}
	os.Exit(run(opts, signals))
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("kube-env", flag.ContinueOnError)
	fs.StringVar(&o.binDir, "bin-dir", "", "directory holding etcd and kube-apiserver (default: this executable's directory)")
	fs.StringVar(&o.outDir, "out", "", "directory for the admin kubeconfig (default: the temporary work directory)")
	fs.Func("crd-dir", "directory of CustomResourceDefinition manifests to install (repeatable)", func(v string) error {
		o.crdDirs = append(o.crdDirs, v)
		return nil
	})
	fs.BoolVar(&o.verbose, "verbose", false, "copy etcd and kube-apiserver output to stderr")
	fs.BoolVar(&o.watchStdin, "stdin", true, "stop when stdin reaches EOF; disable when started without a parent holding stdin")
	fs.DurationVar(&o.startTimeout, "start-timeout", 90*time.Second, "how long each component may take to become ready")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	// Checked before anything starts: a typo should not cost a whole control-plane start.
	for _, dir := range o.crdDirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return o, fmt.Errorf("--crd-dir %s: not a directory", dir)
		}
	}
	if o.binDir == "" {
		exe, err := os.Executable()
		if err != nil {
			return o, err
		}
		if exe, err = filepath.EvalSymlinks(exe); err != nil {
			return o, err
		}
		o.binDir = filepath.Dir(exe)
	}
	return o, nil
}

func run(opts options, signals <-chan os.Signal) int {
	work, err := newWorkDir()
	if err != nil {
		logf("%v", err)
		return 1
	}
	defer os.RemoveAll(work)
	p, err := newPKI(filepath.Join(work, "pki"))
	if err != nil {
		logf("certificates: %v", err)
		return 1
	}
	cp := &controlPlane{opts: opts, work: work, pki: p}
	defer cp.stop()
	started := time.Now()
	if err := cp.start(); err != nil {
		logf("%v", err)
		return 1
	}
	outDir := opts.outDir
	if outDir == "" {
		outDir = work
	} else if err := os.MkdirAll(outDir, 0o700); err != nil {
		logf("--out: %v", err)
		return 1
	}
	kubeconfigPath, err := filepath.Abs(filepath.Join(outDir, "kubeconfig"))
	if err != nil {
		logf("%v", err)
		return 1
	}
	if err := writeKubeconfig(kubeconfigPath, cp.host, p); err != nil {
		logf("kubeconfig: %v", err)
		return 1
	}
	// A kubeconfig left behind would point at a port that is no longer ours.
	defer os.Remove(kubeconfigPath)
	if err := installCRDs(cp.api, opts.crdDirs, opts.startTimeout); err != nil {
		logf("CRDs: %v", err)
		return 1
	}
	logf("ready in %s: %s (etcd %s)", time.Since(started).Round(time.Millisecond), cp.host, cp.etcdURL)
	emit(map[string]string{"kubeconfig": kubeconfigPath, "host": cp.host})

	stdinClosed := make(chan struct{})
	if opts.watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			close(stdinClosed)
		}()
	}
	for {
		select {
		case sig := <-signals:
			if sig != syscall.SIGUSR1 {
				logf("%s: stopping", sig)
				return 0
			}
			if err := cp.restartAPIServer(); err != nil {
				return fail("apiserver restart: %v", err)
			}
			emit(map[string]string{"event": "restarted"})
		case <-stdinClosed:
			logf("stdin closed (parent exited): stopping")
			return 0
		case <-cp.etcd.exited:
			return fail("etcd exited unexpectedly (%v):\n%s", cp.etcd.err, cp.etcd.tail(30))
		case <-cp.apiserver.exited:
			return fail("kube-apiserver exited unexpectedly (%v):\n%s", cp.apiserver.err, cp.apiserver.tail(30))
		}
	}
}

func fail(format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	logf("%s", msg)
	emit(map[string]string{"event": "error", "message": msg})
	return 1
}

// emit writes one JSON object per line: the parent process parses stdout line by line.
func emit(v map[string]string) {
	line, _ := json.Marshal(v)
	fmt.Println(string(line))
}
