// The fake Kubernetes API server of the tests (tests/fakes/kubernetes/): its server and its objects' builders.
export { FakeKubernetesApi } from './kubernetes/server';
export * from './kubernetes/objects';
export type { KubeObject } from './kubernetes/types';
