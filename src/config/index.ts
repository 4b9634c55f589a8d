/**
 * @module config
 * Configuration: defaults <- `skydive.yml` (upstream key names) <- SKYDIVE_* env <- flags,
 * resolved once into a frozen ResolvedConfig. Components take the slice they need.
 */
export type { AuthSection, ConfigShape, ResolvedConfig, UserConfig } from './types.js'
export { defaultConfig, AUTH_SECTION_DEFAULTS } from './defaults.js'
export { loadConfig, resolveConfig, type LoadConfigOptions } from './load-config.js'
export { yamlSource } from './yaml-source.js'
export { parseAddress, type HostPort } from './address.js'
export { getIn as getConfigValue } from './tree.js'
