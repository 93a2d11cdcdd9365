import { format, resolveConfig } from 'prettier';

/** `text` formatted as the repository's prettier check expects the file at `path` to be. */
export async function formatLikeTheRepository(path: string, text: string): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(text, { ...options, filepath: path });
}
