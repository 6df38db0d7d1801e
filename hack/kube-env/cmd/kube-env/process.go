package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// child is one control-plane process (etcd or kube-apiserver). Its output goes to a log file in the work
// directory (and to our stderr with --verbose) so that a failure can be reported with the lines that explain it.
type child struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	logFrom int64         // size of the (shared, appended) log before this process started
	exited  chan struct{} // closed when the process has exited; err is then set
	err     error
}

func startChild(name, binary string, args []string, logPath string, verbose bool) (*child, error) {
	if _, err := os.Stat(binary); err != nil {
		return nil, fmt.Errorf("%s binary: %w (run hack/kube-env/build.sh)", name, err)
	}
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	logFrom, err := logFile.Seek(0, io.SeekEnd)
	if err != nil {
		_ = logFile.Close()
		return nil, err
	}
	var out io.Writer = logFile
	if verbose {
		out = io.MultiWriter(logFile, &prefixWriter{prefix: name + ": ", w: os.Stderr})
	}
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = childProcAttr()
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	c := &child{name: name, cmd: cmd, logPath: logPath, logFrom: logFrom, exited: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		_ = logFile.Close()
		close(c.exited)
	}()
	return c, nil
}

func (c *child) running() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// stop asks for a graceful shutdown (SIGTERM) and kills the process if it has not exited within the grace period.
func (c *child) stop(grace time.Duration) {
	if !c.running() {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(grace):
		logf("%s did not exit %s after SIGTERM; killing it", c.name, grace)
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}

// waitReady polls probe until it succeeds, the process exits, or the timeout passes.
func (c *child) waitReady(timeout time.Duration, probe func() error) error {
	deadline := time.Now().Add(timeout)
	var last error
	for {
		if last = probe(); last == nil {
			return nil
		}
		if !c.running() {
			return fmt.Errorf("%s exited during start (%v); last log lines:\n%s", c.name, c.err, c.tail(30))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %s: %v; last log lines:\n%s", c.name, timeout, last, c.tail(30))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (c *child) tail(lines int) string {
	data, err := os.ReadFile(c.logPath)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// lostPortRace tells whether the process failed because a port picked as free was taken before it could bind.
// Only this process's own output counts: an earlier attempt's failure is in the same log.
func (c *child) lostPortRace() bool {
	if c.running() {
		return false
	}
	data, err := os.ReadFile(c.logPath)
	return err == nil && int64(len(data)) >= c.logFrom &&
		bytes.Contains(data[c.logFrom:], []byte("address already in use"))
}

var errPortRace = errors.New("port taken between choosing and binding it")

// prefixWriter tags each line of a child's output so interleaved --verbose output stays readable.
type prefixWriter struct {
	prefix  string
	w       io.Writer
	midLine bool // the previous write did not end with a newline
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	var buf bytes.Buffer
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !p.midLine {
			buf.WriteString(p.prefix)
		}
		buf.Write(line)
		p.midLine = line[len(line)-1] != '\n'
	}
	_, err := p.w.Write(buf.Bytes())
	return len(b), err
}
