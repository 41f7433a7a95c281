export type Component = 'gateway' | 'backend';

export const names: Record<Component, string> = { gateway: 'llm-gateway', backend: 'llm-backend' };

export const ports: Record<Component, number> = { gateway: 8000, backend: 8001 };

/** The labels that select a component's pods (and never change: a Deployment's selector is immutable). */
export function selectorLabels(component: Component): Record<string, string> {
  return { 'app.kubernetes.io/name': names[component], 'app.kubernetes.io/part-of': 'llm-inference-platform' };
}

/** Kubernetes' recommended labels on every object. */
export function objectLabels(component: Component): Record<string, string> {
  return { ...selectorLabels(component), 'app.kubernetes.io/component': component, 'app.kubernetes.io/managed-by': 'projen' };
}
