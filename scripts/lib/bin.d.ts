/** The project folder (scripts/lib/..). */
export declare const projectRoot: string;
/**
 * The JavaScript file behind one of the project's own command-line tools, run as
 * `process.execPath <file>`. Never npx: run from outside the project (or without a terminal),
 * npx cannot see node_modules/.bin and offers to download packages instead.
 */
export declare function packageBin(packageName: string, command?: string, root?: string): string;
