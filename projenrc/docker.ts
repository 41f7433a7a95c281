import type { typescript } from 'projen';

/**
 * The Docker images' tasks: `docker:smoke` (build both images, run them, check
 * their answers, clean up; what CI and the workflows run) and
 * `docker:base-image` (create the Node base image locally where no image
 * registry can be reached).
 */
export function setupDocker(project: typescript.TypeScriptProject): void {
  project.addTask('docker:smoke', {
    description: 'Build Dockerfile.backend and Dockerfile.gateway, run the images, check their answers, clean up',
    exec: 'bash scripts/docker/smoke.sh',
    receiveArgs: true,
  });
  project.addTask('docker:base-image', {
    description: 'Create the Dockerfiles\' Node base image locally (debootstrap + this machine\'s Node)',
    exec: 'bash scripts/docker/base-image.sh',
  });
}
