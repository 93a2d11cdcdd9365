import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { Toolchain } from '../validate/toolchain';
import { Emulator } from './emulator';

/**
 * moto from the toolchain on a loopback port of a spec's own (the emulator flow holds the
 * environment's), its log in `logDir`.
 */
export function startSpecEmulator(
  toolchain: Toolchain,
  endpoint: string,
  spec: string,
  logDir: string,
): Promise<Emulator> {
  const python = toolchain.emulator?.python;
  if (!python) {
    throw new Error('the toolchain has no emulator: run "node tools/toolchain/install.mjs"');
  }
  return Emulator.start({
    endpoint,
    source: spec,
    python,
    launcher: join(findWorkspaceRoot(__dirname), 'tools', 'src', 'emulator', 'moto_server.py'),
    logFile: join(logDir, 'emulator.log'),
  });
}
