// Where local mode reads and writes: everything it creates lives in .local/ (gitignored) at the repository root,
// whatever the working directory, so the printed `export KUBECONFIG=…` works from anywhere. SECUREML_LOCAL_DIR
// moves it, so that a test run never touches the files of a demo running at the same time.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const dir = resolve(process.env['SECUREML_LOCAL_DIR'] || join(REPO_ROOT, '.local'));

export const LOCAL_PATHS = {
  dir,
  /** Written by the control plane launcher; removed when it stops. */
  kubeconfig: join(dir, 'kubeconfig'),
  /** The emulator's self-signed CA, kept across runs so a trusted copy stays valid. */
  emulatorCerts: join(dir, 'emulator-certs'),
  emulatorState: join(dir, 'emulator-state.json'),
  operatorLog: join(dir, 'operator.log'),
  crds: join(REPO_ROOT, 'crds'),
  samples: join(REPO_ROOT, 'config', 'samples'),
} as const;
