// Kept for the specs and the config that import it from here; the kit owns the check.
export { findElectronBinary } from '../../src/testing/electron-binary'
