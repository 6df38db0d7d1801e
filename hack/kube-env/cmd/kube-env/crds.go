package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// installCRDs server-side applies every CustomResourceDefinition found in the *.yaml, *.yml and *.json files of
// dirs, then waits until each is Established, so that custom resources can be created as soon as we report ready.
func installCRDs(api *apiClient, dirs []string, timeout time.Duration) error {
	var names []string
	for _, dir := range dirs {
		files, err := manifestFiles(dir)
		if err != nil {
			return err
		}
		for _, file := range files {
			applied, err := applyCRDFile(api, file)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			names = append(names, applied...)
		}
	}
	deadline := time.Now().Add(timeout)
	for _, name := range names {
		if err := waitEstablished(api, name, deadline); err != nil {
			return err
		}
	}
	return nil
}

func manifestFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("--crd-dir: %w", err)
	}
	var files []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		// Kustomize's own file is not an object; a generated CRD folder usually carries one.
		isKustomization := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())) == "kustomization"
		if !e.IsDir() && !isKustomization && (ext == ".yaml" || ext == ".yml" || ext == ".json") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)
	return files, nil
}

func applyCRDFile(api *apiClient, file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	decoder := utilyaml.NewYAMLOrJSONDecoder(f, 4096)
	var names []string
	for {
		var doc struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		var raw json.RawMessage
		if err := decoder.Decode(&raw); errors.Is(err, io.EOF) {
			return names, nil
		} else if err != nil {
			return nil, err
		}
		if len(raw) == 0 || string(raw) == "null" {
			continue // empty document between two `---`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			return nil, err
		}
		if doc.APIVersion != "apiextensions.k8s.io/v1" || doc.Kind != "CustomResourceDefinition" {
			return nil, fmt.Errorf("only apiextensions.k8s.io/v1 CustomResourceDefinition is accepted, got %s %s", doc.APIVersion, doc.Kind)
		}
		path := "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + url.PathEscape(doc.Metadata.Name) +
			"?fieldManager=kube-env&force=true"
		// JSON is YAML, so the decoded document can be sent as a server-side apply patch unchanged.
		status, body, err := api.do(http.MethodPatch, path, "application/apply-patch+yaml", raw)
		if err != nil {
			return nil, err
		}
		if status != http.StatusOK && status != http.StatusCreated {
			return nil, fmt.Errorf("apply CRD %s: HTTP %d: %s", doc.Metadata.Name, status, truncate(body, 1000))
		}
		names = append(names, doc.Metadata.Name)
	}
}

func waitEstablished(api *apiClient, name string, deadline time.Time) error {
	var last string
	for time.Now().Before(deadline) {
		status, body, err := api.do(http.MethodGet, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"+url.PathEscape(name), "", nil)
		if err == nil && status == http.StatusOK {
			var crd struct {
				Status struct {
					Conditions []struct{ Type, Status, Reason, Message string } `json:"conditions"`
				} `json:"status"`
			}
			if err := json.Unmarshal(body, &crd); err != nil {
				return err
			}
			for _, c := range crd.Status.Conditions {
				if c.Type == "Established" && c.Status == "True" {
					return nil
				}
				if c.Status != "True" {
					last = fmt.Sprintf("%s=%s %s: %s", c.Type, c.Status, c.Reason, c.Message)
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("CRD %s not Established in time (%s)", name, last)
}
