/** Kept in step with package.json by hand at release; the health route and MCP handshake report it. */
export const VAULTPLANE_VERSION = '0.1.0';
