/**
 * How environment files are named: `<name>.yaml` or `<name>.yml`, in any letter case. Every
 * other entry of `environments/` (except hidden ones, such as editor swap files) is an error.
 */
export const ENVIRONMENT_FILE_EXTENSION = /\.ya?ml$/i;

/** The environment a file name declares: its name without the extension, lower-cased. */
export function environmentOfFileName(fileName: string): string {
  return fileName.replace(ENVIRONMENT_FILE_EXTENSION, '').toLowerCase();
}
