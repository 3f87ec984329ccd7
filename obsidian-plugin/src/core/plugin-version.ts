import manifest from '../../../manifest.json';

/** The plugin's version, from the manifest Obsidian reads; servers of the same line are compatible. */
export const PLUGIN_VERSION: string = manifest.version;
