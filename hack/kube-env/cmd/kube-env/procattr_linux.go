package main

import "syscall"

// Own process group: a terminal's Ctrl-C reaches only kube-env, which then stops the apiserver before etcd.
// Pdeathsig: if kube-env itself is killed (SIGKILL, OOM), the kernel kills the children, so nothing is orphaned.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
