package main

import (
	"os"

	"sigs.k8s.io/yaml"
)

// Only the kubeconfig fields kubectl and @kubernetes/client-node need; certificates are embedded so the file
// stays usable on its own (e.g. copied next to a shell) for as long as the control plane runs.
type kubeconfig struct {
	APIVersion     string         `json:"apiVersion"`
	Kind           string         `json:"kind"`
	Clusters       []namedCluster `json:"clusters"`
	Users          []namedUser    `json:"users"`
	Contexts       []namedContext `json:"contexts"`
	CurrentContext string         `json:"current-context"`
}

type namedCluster struct {
	Name    string `json:"name"`
	Cluster struct {
		Server                   string `json:"server"`
		CertificateAuthorityData []byte `json:"certificate-authority-data"`
	} `json:"cluster"`
}

type namedUser struct {
	Name string `json:"name"`
	User struct {
		ClientCertificateData []byte `json:"client-certificate-data"`
		ClientKeyData         []byte `json:"client-key-data"`
	} `json:"user"`
}

type namedContext struct {
	Name    string `json:"name"`
	Context struct {
		Cluster string `json:"cluster"`
		User    string `json:"user"`
	} `json:"context"`
}

const kubeconfigName = "kube-env"

func writeKubeconfig(path, host string, p *pki) error {
	ca, err := os.ReadFile(p.CAFile)
	if err != nil {
		return err
	}
	cert, err := os.ReadFile(p.AdminCertFile)
	if err != nil {
		return err
	}
	key, err := os.ReadFile(p.AdminKeyFile)
	if err != nil {
		return err
	}
	var cluster namedCluster
	cluster.Name = kubeconfigName
	cluster.Cluster.Server = host
	cluster.Cluster.CertificateAuthorityData = ca
	var user namedUser
	user.Name = kubeconfigName + "-admin"
	user.User.ClientCertificateData = cert
	user.User.ClientKeyData = key
	var context namedContext
	context.Name = kubeconfigName
	context.Context.Cluster = cluster.Name
	context.Context.User = user.Name
	data, err := yaml.Marshal(kubeconfig{
		APIVersion:     "v1",
		Kind:           "Config",
		Clusters:       []namedCluster{cluster},
		Users:          []namedUser{user},
		Contexts:       []namedContext{context},
		CurrentContext: context.Name,
	})
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}
