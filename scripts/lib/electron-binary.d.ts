export declare const electronPackageDir: string;
export interface ElectronBinary {
    /** Where the executable is, or would be once downloaded. */
    path: string;
    present: boolean;
    /** Set by ELECTRON_OVERRIDE_DIST_PATH: a tester's own binary, never downloaded by us. */
    overridden: boolean;
}
/**
 * Where `require('electron')` will look, worked out without requiring it: since Electron 42
 * requiring the package downloads a missing binary, which offline fails with a stack trace.
 * Mirrors node_modules/electron/index.js, including ELECTRON_OVERRIDE_DIST_PATH
 * (where, as there, the executable is `electron` unless path.txt says otherwise).
 */
export declare function findElectron(env?: NodeJS.ProcessEnv, packageDir?: string): ElectronBinary;
export declare const electronVersion: (packageDir?: string) => string;
/** The URL @electron/get downloads the binary from (ELECTRON_MIRROR and friends honoured). */
export declare function electronDownloadUrl(version: string, env?: NodeJS.ProcessEnv): string;
