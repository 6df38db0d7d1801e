//go:build !linux

package main

import "syscall"

// Without Pdeathsig (Linux only), children outlive a SIGKILLed kube-env; a normal stop still ends them.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
