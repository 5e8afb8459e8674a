/**
 * Stand-ins of the library modules that only make sense with a file system and a Node process (the user
 * configuration, atomic writes, temporary folders, saved model specifications). The browser build puts
 * this module in their place (browser-substitutes.ts), so that the modules the page loads import no
 * node: built-in. The page never calls these; if it did, the error says what happened.
 */
import type * as AtomicWrite from '../../core/io/atomic-write.ts';
import type * as Config from '../../core/config.ts';
import type * as OutputPath from '../../core/io/output-path.ts';
import type * as TempPaths from '../../core/io/temp-paths.ts';
import type * as ModelStore from '../../multiarea/model-store.ts';

function unavailable(name: string): (...args: any[]) => never {
  return () => {
    throw new Error(`${name} is not available in the browser (it needs a file system); use the mam command line`);
  };
}

export const loadUserConfig: typeof Config.loadUserConfig = unavailable('loadUserConfig');
export const fillTemplate: typeof Config.fillTemplate = unavailable('fillTemplate');
export const writeFileAtomic: typeof AtomicWrite.writeFileAtomic = unavailable('writeFileAtomic');
export const fsErrorReason: typeof OutputPath.fsErrorReason = unavailable('fsErrorReason');
export const ensureDir: typeof OutputPath.ensureDir = unavailable('ensureDir');
export const assertNotFolder: typeof OutputPath.assertNotFolder = unavailable('assertNotFolder');
export const tempPathFor: typeof TempPaths.tempPathFor = unavailable('tempPathFor');
export const isProcessAlive: typeof TempPaths.isProcessAlive = unavailable('isProcessAlive');
export const removeStaleTemps: typeof TempPaths.removeStaleTemps = unavailable('removeStaleTemps');
export const replaceFolder: typeof TempPaths.replaceFolder = unavailable('replaceFolder');
export const writeFolderAtomic: typeof TempPaths.writeFolderAtomic = unavailable('writeFolderAtomic');
export const NETWORK_SPEC_FILE: typeof ModelStore.NETWORK_SPEC_FILE = 'network_spec.json';
export const modelSpecPath: typeof ModelStore.modelSpecPath = unavailable('modelSpecPath');
export const saveModelSpec: typeof ModelStore.saveModelSpec = unavailable('saveModelSpec');
export const loadModelSpec: typeof ModelStore.loadModelSpec = unavailable('loadModelSpec');
export const listSavedLabels: typeof ModelStore.listSavedLabels = unavailable('listSavedLabels');
