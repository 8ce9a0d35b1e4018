/**
 * Stands in for `@atlaskit/feature-gate-js-client`'s `FeatureGates` in this bundle (see static/admin/vite.config.mts).
 *
 * Atlaskit components ask it whether Atlassian's own experiments are on. In a Forge app's iframe nobody
 * initialises that client, so every gate answers false and every experiment its default value. This
 * gives the same answers without bundling the Statsig client behind it (about a fifth of the page's
 * JavaScript). If a future Atlaskit component calls a method missing here, the build's smoke check
 * (or the browser console) says which one: add it with the uninitialised client's answer.
 */
const FeatureGates = {
  checkGate: (_gate: string): boolean => false,
  isGateExists: (_gate: string): boolean => false,
  isExperimentExists: (_experiment: string): boolean => false,
  getExperimentValue: <T>(_experiment: string, _parameter: string, defaultValue: T): T => defaultValue,
  initializeCalled: (): boolean => false,
  initializeCompleted: (): boolean => false,
};

export default FeatureGates;
