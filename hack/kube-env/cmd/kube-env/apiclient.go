package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// apiClient is the launcher's minimal HTTPS client for the apiserver, authenticated as the admin user: it only
// probes readiness and installs CRDs, which does not justify linking client-go into the launcher.
type apiClient struct {
	host string
	http *http.Client
}

func newAPIClient(host string, p *pki) (*apiClient, error) {
	caPEM, err := os.ReadFile(p.CAFile)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("no certificate in %s", p.CAFile)
	}
	admin, err := tls.LoadX509KeyPair(p.AdminCertFile, p.AdminKeyFile)
	if err != nil {
		return nil, err
	}
	transport := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{admin}},
		DisableKeepAlives: true, // the apiserver restarts under us; never reuse a connection to the old process
	}
	return &apiClient{host: host, http: &http.Client{Transport: transport, Timeout: 10 * time.Second}}, nil
}

func (a *apiClient) do(method, path, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, a.host+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := a.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// expectOK fails unless GET path answers 200, quoting the body (readyz lists the failing checks there).
func (a *apiClient) expectOK(path string) error {
	status, body, err := a.do(http.MethodGet, path, "", nil)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d: %s", path, status, truncate(body, 500))
	}
	return nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
