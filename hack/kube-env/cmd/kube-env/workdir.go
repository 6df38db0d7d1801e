package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

const (
	workDirPrefix = "kube-env-"
	ownerFile     = "owner.pid"
)

// newWorkDir creates the directory for certificates, etcd data and logs, recording our pid in it, after removing
// the directories of launchers that were killed before they could clean up (etcd preallocates ~100 MB).
func newWorkDir() (string, error) {
	removeOrphanWorkDirs()
	dir, err := os.MkdirTemp("", workDirPrefix)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		_ = os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

func removeOrphanWorkDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), workDirPrefix+"*"))
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue // not ours, or being created right now
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		if err != nil || pid <= 0 {
			continue
		}
		// Only a definitely dead owner counts: EPERM means the pid is alive (under another user).
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			logf("removing %s left by a launcher that was killed (pid %d)", dir, pid)
			_ = os.RemoveAll(dir)
		}
	}
}
