import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { findWorkspaceRoot } from '@strata/config';

// The test command type-checks the workspace as one program (tsconfig.typecheck.json) instead
// of running every project's typecheck target. That is the same check only while every project
// compiles with the same options and the one program holds every project's files.
const root = findWorkspaceRoot(__dirname);

function parsed(configFile: string): ts.ParsedCommandLine {
  const config = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`${configFile}: not a TypeScript config`);
  return config;
}

/** Options that decide what a type check reports (not where its config lives, nor output). */
function checkingOptions(options: ts.CompilerOptions): ts.CompilerOptions {
  const { configFilePath: _path, noEmit: _noEmit, ...rest } = options;
  return rest;
}

const projects = ['apps', 'libs']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(dir, name)))
  .concat('tools')
  .filter((project) => existsSync(join(root, project, 'project.json')));

describe('tsconfig.typecheck.json, the test command’s one type-check program', () => {
  const workspace = parsed(join(root, 'tsconfig.typecheck.json'));
  const files = new Set(workspace.fileNames);

  it('finds the projects', () => {
    expect(projects).toEqual(expect.arrayContaining(['apps/network', 'libs/core', 'tools']));
  });

  it.each(projects)('checks every file of %s, with its options', (project) => {
    const own = parsed(join(root, project, 'tsconfig.json'));
    expect(own.fileNames.length).toBeGreaterThan(0);
    expect(own.fileNames.filter((file) => !files.has(file))).toEqual([]);
    expect(checkingOptions(own.options)).toEqual(checkingOptions(workspace.options));
  });
});
