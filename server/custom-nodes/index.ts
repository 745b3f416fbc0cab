/** Loading custom node packages from `FLOWWERK_CUSTOM_NODES` folders. */
export { loadCustomNodes, loadPackage, findPackages, asNodeDefinition } from './load.js';
export type { CustomNodesResult, LoadedPackage, PackageFailure, CustomNodesLogger } from './load.js';
