// The labels and annotations the console reads (and, for cordons, writes) on Kubernetes objects.
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** Pool of a node: the console's own label first, then what managed clusters and Karpenter set. */
export const POOL_LABELS = [
  'fleet.io/pool',
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'karpenter.sh/nodepool',
  'node.kubernetes.io/instance-type',
] as const;

/** Set by NVIDIA GPU feature discovery (part of the GPU operator). */
export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';
/** GPU memory in MiB, also from GPU feature discovery. */
export const GPU_MEMORY_LABEL = 'nvidia.com/gpu.memory';
export const REGION_LABEL = 'topology.kubernetes.io/region';

export const PRICING_CLASS_LABEL = 'fleet.io/pricing-class';
export const TEAM_LABEL = 'fleet.io/team';
export const PROJECT_LABEL = 'fleet.io/project';
export const KIND_LABEL = 'fleet.io/kind';
export const OWNER_LABEL = 'fleet.io/owner';
/** The Kueue LocalQueue a workload is submitted to: Kubernetes' nearest thing to a Slurm partition. */
export const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** Written by the Kubernetes executor when it cordons a node, so the source can say why and since when. */
export const CORDON_REASON_ANNOTATION = 'fleet.io/cordon-reason';
export const CORDONED_AT_ANNOTATION = 'fleet.io/cordoned-at';

/** Labels the Job controller puts on a Job's pods (both spellings: the batch.kubernetes.io ones since 1.27). */
export const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'] as const;
export const JOB_CONTROLLER_LABELS = [
  'batch.kubernetes.io/controller-uid',
  'controller-uid',
  'batch.kubernetes.io/job-name',
  'job-name',
] as const;
/** Label the Kubeflow training operator puts on the pods of each of its jobs (PyTorchJob, TFJob, MPIJob…). */
export const TRAINING_JOB_NAME_LABEL = 'training.kubeflow.org/job-name';
/** Label the JobSet controller puts on its child Jobs and their pods. */
export const JOBSET_NAME_LABEL = 'jobset.sigs.k8s.io/jobset-name';

/**
 * Restarts the console carried out by deleting and creating a workload again, which resets what Kubernetes
 * counts; the executor writes it on the new object and the source adds it to the restarts it sees.
 */
export const RESTARTS_ANNOTATION = 'fleet.io/restarts';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** The GPU operator's validator DaemonSet: its pod on a node is ready once the driver, toolkit, CUDA and plugin passed. */
export const VALIDATOR_APP_LABEL = ['app', 'nvidia-operator-validator'] as const;
/** The GPU operator's driver upgrade controller writes the node's place in an upgrade here (upgrade-failed…). */
export const DRIVER_UPGRADE_STATE_LABEL = 'nvidia.com/gpu-driver-upgrade-state';
/** The kubelet's own node conditions; any other condition comes from a node problem detector or a health tool. */
export const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];
