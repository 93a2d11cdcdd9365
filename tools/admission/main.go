// strata-admission evaluates pod templates the way a cluster would admit them: Istio's
// sidecar injector (the real one, run on the rendered injector configuration) where the
// namespace is in the mesh, then the Kubernetes project's Pod Security Admission evaluator
// at the namespace's enforced level, then the ValidatingAdmissionPolicies given (policies.go).
//
//	strata-admission < request.json > results.json
//
// The request names the Kubernetes version, the mesh's rendered configuration (the
// istio-sidecar-injector and istio ConfigMaps of istiod's chart) and the workloads; the
// result lists, per workload, whether it was injected and every Pod Security violation.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	meshconfig "istio.io/api/mesh/v1alpha1"
	"istio.io/istio/pkg/config/mesh"
	"istio.io/istio/pkg/kube/inject"
	istiolog "istio.io/istio/pkg/log"
)

type meshInput struct {
	// InjectorConfig is data.config of the istio-sidecar-injector ConfigMap.
	InjectorConfig string `json:"injectorConfig"`
	// InjectorValues is data.values of the same ConfigMap.
	InjectorValues string `json:"injectorValues"`
	// MeshConfig is data.mesh of the istio ConfigMap.
	MeshConfig string `json:"meshConfig"`
	Revision   string `json:"revision"`
}

type workload struct {
	ID       string          `json:"id"`
	Level    string          `json:"level"`
	Inject   bool            `json:"inject"`
	Manifest json.RawMessage `json:"manifest"`
	// Namespace and its labels, for the admission policies' namespace selectors.
	Namespace       string            `json:"namespace"`
	NamespaceLabels map[string]string `json:"namespaceLabels"`
}

type request struct {
	KubernetesVersion string     `json:"kubernetesVersion"`
	Mesh              *meshInput `json:"mesh"`
	Workloads         []workload `json:"workloads"`
	// ValidatingAdmissionPolicies and their bindings, as rendered; each workload and its
	// admitted pod are admitted through them.
	AdmissionPolicies       []json.RawMessage `json:"admissionPolicies"`
	AdmissionPolicyBindings []json.RawMessage `json:"admissionPolicyBindings"`
}

type port struct {
	Container string `json:"container"`
	Name      string `json:"name,omitempty"`
	Port      int32  `json:"port"`
}

type result struct {
	ID         string   `json:"id"`
	Level      string   `json:"level"`
	Injected   bool     `json:"injected"`
	Containers []string `json:"containers"`
	// Labels and Ports are the admitted pod's, after injection: what monitors select and scrape.
	Labels     map[string]string `json:"labels"`
	Ports      []port            `json:"ports"`
	Violations []string          `json:"violations"`
	// PolicyDenials: what the admission policies refuse, of the workload or its pods.
	PolicyDenials []string `json:"policyDenials"`
	// Pod is the admitted pod template (metadata and spec), as the cluster would run it.
	Pod   *corev1.PodTemplateSpec `json:"pod,omitempty"`
	Error string                  `json:"error,omitempty"`
}

type injector struct {
	templates inject.Templates
	values    inject.ValuesConfig
	mesh      *meshconfig.MeshConfig
	revision  string
}

func newInjector(in *meshInput) (*injector, error) {
	config, err := inject.UnmarshalConfig([]byte(in.InjectorConfig))
	if err != nil {
		return nil, fmt.Errorf("injector config: %w", err)
	}
	values, err := inject.NewValuesConfig(in.InjectorValues)
	if err != nil {
		return nil, fmt.Errorf("injector values: %w", err)
	}
	meshConfig, err := mesh.ApplyMeshConfigDefaults(in.MeshConfig)
	if err != nil {
		return nil, fmt.Errorf("mesh config: %w", err)
	}
	return &injector{templates: config.Templates, values: values, mesh: meshConfig, revision: in.Revision}, nil
}

// podTemplate returns the pod metadata and spec of a workload object.
func podTemplate(object runtime.Object) (*metav1.ObjectMeta, *corev1.PodSpec, error) {
	switch o := object.(type) {
	case *corev1.Pod:
		return &o.ObjectMeta, &o.Spec, nil
	case *appsv1.Deployment:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case *appsv1.StatefulSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case *appsv1.DaemonSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case *appsv1.ReplicaSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case *batchv1.Job:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, nil
	case *batchv1.CronJob:
		return &o.Spec.JobTemplate.Spec.Template.ObjectMeta, &o.Spec.JobTemplate.Spec.Template.Spec, nil
	}
	return nil, nil, fmt.Errorf("%T has no pod template this tool reads", object)
}

func containerNames(spec *corev1.PodSpec) []string {
	names := []string{}
	for _, c := range spec.InitContainers {
		names = append(names, "init:"+c.Name)
	}
	for _, c := range spec.Containers {
		names = append(names, c.Name)
	}
	return names
}

// containerPorts lists declared ports, native sidecars (restartable init containers) included.
func containerPorts(spec *corev1.PodSpec) []port {
	ports := []port{}
	add := func(c corev1.Container) {
		for _, p := range c.Ports {
			ports = append(ports, port{Container: c.Name, Name: p.Name, Port: p.ContainerPort})
		}
	}
	for _, c := range spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			add(c)
		}
	}
	for _, c := range spec.Containers {
		add(c)
	}
	return ports
}

func evaluate(evaluator policy.Evaluator, version api.Version, mesh *injector, policies []admissionPolicy, w workload) result {
	out := result{ID: w.ID, Level: w.Level, Violations: []string{}, Containers: []string{},
		Labels: map[string]string{}, Ports: []port{}, PolicyDenials: []string{}}
	level, err := api.ParseLevel(w.Level)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	object, err := inject.FromRawToObject(w.Manifest)
	if err != nil {
		out.Error = fmt.Sprintf("decode: %v", err)
		return out
	}
	if w.Inject {
		if mesh == nil {
			out.Error = "the namespace is in the mesh, but no injector configuration was given"
			return out
		}
		injected, err := inject.IntoObject(nil, mesh.templates, mesh.values, mesh.revision, mesh.mesh, object,
			func(string) {})
		if err != nil {
			out.Error = fmt.Sprintf("injection: %v", err)
			return out
		}
		object = injected.(runtime.Object)
		after, _, _ := podTemplate(object)
		if after != nil {
			_, out.Injected = after.Annotations["sidecar.istio.io/status"]
		}
	}
	metadata, spec, err := podTemplate(object)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	applyAPIServerDefaults(spec)
	out.Pod = &corev1.PodTemplateSpec{ObjectMeta: *metadata, Spec: *spec}
	out.Containers = containerNames(spec)
	out.Ports = containerPorts(spec)
	for key, value := range metadata.Labels {
		out.Labels[key] = value
	}
	for _, check := range evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: version}, metadata, spec) {
		if !check.Allowed {
			out.Violations = append(out.Violations, fmt.Sprintf("%s (%s)", check.ForbiddenReason, check.ForbiddenDetail))
		}
	}
	if len(policies) > 0 {
		// The workload as created, then each pod its controller creates (after injection).
		var manifest map[string]interface{}
		if err := json.Unmarshal(w.Manifest, &manifest); err != nil {
			out.Error = fmt.Sprintf("decode: %v", err)
			return out
		}
		denials := []string{}
		if manifest["kind"] != "Pod" {
			denials = admitByPolicies(policies, manifest, w.Namespace, w.NamespaceLabels)
		}
		name, _ := manifest["metadata"].(map[string]interface{})["name"].(string)
		pod, err := podObject(name, out.Pod)
		if err != nil {
			out.Error = fmt.Sprintf("pod: %v", err)
			return out
		}
		denials = append(denials, admitByPolicies(policies, pod, w.Namespace, w.NamespaceLabels)...)
		out.PolicyDenials = denials
	}
	return out
}

// applyAPIServerDefaults does what the API server's defaulting does to a pod before Pod
// Security admission sees it, where it matters to the checks: a volume that names no source
// becomes an emptyDir (SetDefaults_Volume, k8s.io/kubernetes pkg/apis/core/v1). Istio's
// injection template relies on it for its `emptyDir:` volumes.
func applyAPIServerDefaults(spec *corev1.PodSpec) {
	for i := range spec.Volumes {
		source := reflect.ValueOf(spec.Volumes[i].VolumeSource)
		set := false
		for f := 0; f < source.NumField(); f++ {
			if !source.Field(f).IsNil() {
				set = true
				break
			}
		}
		if !set {
			spec.Volumes[i].EmptyDir = &corev1.EmptyDirVolumeSource{}
		}
	}
}

func parseVersion(text string) (api.Version, error) {
	parts := strings.Split(strings.TrimPrefix(text, "v"), ".")
	if len(parts) < 2 {
		return api.Version{}, fmt.Errorf("kubernetesVersion %q is not major.minor", text)
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return api.Version{}, fmt.Errorf("kubernetesVersion %q is not major.minor", text)
	}
	return api.MajorMinorVersion(major, minor), nil
}

func run(in io.Reader, out io.Writer) error {
	var req request
	if err := json.NewDecoder(in).Decode(&req); err != nil {
		return fmt.Errorf("request: %w", err)
	}
	version, err := parseVersion(req.KubernetesVersion)
	if err != nil {
		return err
	}
	var mesh *injector
	if req.Mesh != nil {
		if mesh, err = newInjector(req.Mesh); err != nil {
			return err
		}
	}
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		return err
	}
	policies, err := compilePolicies(req.AdmissionPolicies, req.AdmissionPolicyBindings)
	if err != nil {
		return err
	}
	results := make([]result, 0, len(req.Workloads))
	for _, w := range req.Workloads {
		results = append(results, evaluate(evaluator, version, mesh, policies, w))
	}
	encoder := json.NewEncoder(out)
	encoder.SetIndent("", "  ")
	return encoder.Encode(results)
}

func main() {
	// Istio's logger writes to stdout by default; stdout carries the results.
	options := istiolog.DefaultOptions()
	options.OutputPaths = []string{"stderr"}
	options.ErrorOutputPaths = []string{"stderr"}
	if err := istiolog.Configure(options); err != nil {
		fmt.Fprintf(os.Stderr, "strata-admission: logging: %v\n", err)
		os.Exit(1)
	}
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "strata-admission: %v\n", err)
		os.Exit(1)
	}
}
