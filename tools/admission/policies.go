package main

// ValidatingAdmissionPolicy, evaluated the way the API server does: each policy's variables,
// validations and message expressions are compiled and run by k8s.io/apiserver's own
// admission-policy code (the same CEL environment and cost budget), for a CREATE of the
// object. Matching (resource rules, namespace and object selectors of the policy and its
// bindings) is done here, from the same fields the API server reads.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/cel/environment"
)

// workloadResources maps the kinds whose pods the policies govern to their resources.
var workloadResources = map[string]string{
	"Pod":         "pods",
	"Deployment":  "deployments",
	"StatefulSet": "statefulsets",
	"DaemonSet":   "daemonsets",
	"ReplicaSet":  "replicasets",
	"Job":         "jobs",
	"CronJob":     "cronjobs",
}

type admissionPolicy struct {
	policy    admissionv1.ValidatingAdmissionPolicy
	bindings  []admissionv1.ValidatingAdmissionPolicyBinding
	validator validating.Validator
}

// compilePolicies decodes the policies and bindings and compiles each policy as the
// admission plugin does (new-expression environment: what the API server accepts on create).
func compilePolicies(rawPolicies, rawBindings []json.RawMessage) ([]admissionPolicy, error) {
	bindings := []admissionv1.ValidatingAdmissionPolicyBinding{}
	for _, raw := range rawBindings {
		var binding admissionv1.ValidatingAdmissionPolicyBinding
		if err := json.Unmarshal(raw, &binding); err != nil {
			return nil, fmt.Errorf("binding: %w", err)
		}
		bindings = append(bindings, binding)
	}
	// One base environment for every policy, as the admission plugin shares its template.
	base := environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion())
	compiled := []admissionPolicy{}
	for _, raw := range rawPolicies {
		var p admissionv1.ValidatingAdmissionPolicy
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("policy: %w", err)
		}
		validator, err := compilePolicy(base, &p)
		if err != nil {
			return nil, fmt.Errorf("policy %s: %w", p.Name, err)
		}
		entry := admissionPolicy{policy: p, validator: validator}
		for _, binding := range bindings {
			if binding.Spec.PolicyName == p.Name {
				entry.bindings = append(entry.bindings, binding)
			}
		}
		compiled = append(compiled, entry)
	}
	return compiled, nil
}

func compilePolicy(base *environment.EnvSet, p *admissionv1.ValidatingAdmissionPolicy) (validating.Validator, error) {
	if p.Spec.ParamKind != nil {
		return nil, fmt.Errorf("policies with parameters are not evaluated here")
	}
	vars := plugincel.OptionalVariableDeclarations{HasParams: false, HasAuthorizer: false}
	compiler, err := plugincel.NewCompositedCompiler(base)
	if err != nil {
		return nil, err
	}
	variables := make([]plugincel.NamedExpressionAccessor, len(p.Spec.Variables))
	for i, v := range p.Spec.Variables {
		variables[i] = &validating.Variable{Name: v.Name, Expression: v.Expression}
	}
	compiler.CompileAndStoreVariables(variables, vars, environment.NewExpressions)
	validations := make([]plugincel.ExpressionAccessor, len(p.Spec.Validations))
	messages := make([]plugincel.ExpressionAccessor, len(p.Spec.Validations))
	for i, v := range p.Spec.Validations {
		validations[i] = &validating.ValidationCondition{Expression: v.Expression, Message: v.Message, Reason: v.Reason}
		if v.MessageExpression != "" {
			messages[i] = &validating.MessageExpressionCondition{MessageExpression: v.MessageExpression}
		}
	}
	validator := validating.NewValidator(
		compiler.CompileCondition(validations, vars, environment.NewExpressions),
		nil,
		compiler.CompileCondition(nil, vars, environment.NewExpressions),
		compiler.CompileCondition(messages, vars, environment.NewExpressions),
		p.Spec.FailurePolicy,
		nil,
	)
	return validator, nil
}

func selects(selector *metav1.LabelSelector, set map[string]string) (bool, error) {
	if selector == nil {
		return true, nil
	}
	s, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return false, err
	}
	return s.Matches(labels.Set(set)), nil
}

func contains(values []string, value string) bool {
	for _, v := range values {
		if v == "*" || v == value {
			return true
		}
	}
	return false
}

func ruleMatches(rules []admissionv1.NamedRuleWithOperations, gvr schema.GroupVersionResource) bool {
	for _, r := range rules {
		operations := make([]string, len(r.Operations))
		for i, op := range r.Operations {
			operations[i] = string(op)
		}
		if contains(operations, string(admissionv1.Create)) && contains(r.APIGroups, gvr.Group) &&
			contains(r.APIVersions, gvr.Version) && contains(r.Resources, gvr.Resource) {
			return true
		}
	}
	return false
}

// resourcesMatch applies one MatchResources (of a policy or a binding) to the object.
func resourcesMatch(m *admissionv1.MatchResources, gvr schema.GroupVersionResource, nsLabels, objLabels map[string]string, requireRules bool) (bool, error) {
	if m == nil {
		return !requireRules, nil
	}
	if (requireRules || len(m.ResourceRules) > 0) && !ruleMatches(m.ResourceRules, gvr) {
		return false, nil
	}
	if ruleMatches(m.ExcludeResourceRules, gvr) {
		return false, nil
	}
	if ok, err := selects(m.NamespaceSelector, nsLabels); !ok || err != nil {
		return false, err
	}
	return selects(m.ObjectSelector, objLabels)
}

// admitByPolicies returns the denials of every policy whose binding selects the object.
func admitByPolicies(policies []admissionPolicy, manifest map[string]interface{}, namespace string, nsLabels map[string]string) []string {
	obj := &unstructured.Unstructured{Object: manifest}
	obj.SetNamespace(namespace)
	gvk := obj.GroupVersionKind()
	resource, known := workloadResources[gvk.Kind]
	if !known {
		return nil
	}
	gvr := gvk.GroupVersion().WithResource(resource)
	// The request is the same for every policy: a CREATE of this object in its namespace.
	attributes := admission.NewAttributesRecord(obj, nil, gvk, namespace, obj.GetName(), gvr, "",
		admission.Create, &metav1.CreateOptions{}, false, &user.DefaultInfo{Name: "strata-check"})
	versioned := &admission.VersionedAttributes{Attributes: attributes, VersionedKind: gvk, VersionedObject: obj}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace, Labels: nsLabels}}
	denials := []string{}
	for _, p := range policies {
		matched, err := resourcesMatch(p.policy.Spec.MatchConstraints, gvr, nsLabels, obj.GetLabels(), true)
		if err != nil {
			denials = append(denials, fmt.Sprintf("%s: %v", p.policy.Name, err))
			continue
		}
		if !matched {
			continue
		}
		for _, binding := range p.bindings {
			bound, err := resourcesMatch(binding.Spec.MatchResources, gvr, nsLabels, obj.GetLabels(), false)
			if err != nil {
				denials = append(denials, fmt.Sprintf("%s: %v", binding.Name, err))
				continue
			}
			if !bound || !denies(binding.Spec.ValidationActions) {
				continue
			}
			result := p.validator.Validate(context.Background(), gvr, versioned, nil, ns, celconfig.RuntimeCELCostBudget, nil)
			for _, decision := range result.Decisions {
				if decision.Action == validating.ActionDeny {
					denials = append(denials, fmt.Sprintf("%s (%s): %s", p.policy.Name, strings.ToLower(gvk.Kind), decision.Message))
				}
			}
			break
		}
	}
	return denials
}

func denies(actions []admissionv1.ValidationAction) bool {
	for _, a := range actions {
		if a == admissionv1.Deny {
			return true
		}
	}
	return false
}

// podObject is the admitted pod as the API server receives it from its controller.
func podObject(name string, pod *corev1.PodTemplateSpec) (map[string]interface{}, error) {
	full := corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: *pod.ObjectMeta.DeepCopy(),
		Spec:       *pod.Spec.DeepCopy(),
	}
	if full.Name == "" {
		full.Name = name
	}
	return runtime.DefaultUnstructuredConverter.ToUnstructured(&full)
}
