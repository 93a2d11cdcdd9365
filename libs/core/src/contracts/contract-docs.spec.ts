import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * Each contract output is documented twice by necessity: its description is the Terraform
 * output's (read at synth), its doc comment the API reference's (read by TypeDoc). They must say
 * the same thing.
 */
const contractFiles = readdirSync(__dirname).filter(
  (file) => file.endsWith('-contract.ts') && file !== 'layer-contract.ts',
);

function outputsOf(file: string): { name: string; description: string; doc: string }[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(__dirname, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: { name: string; description: string; doc: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAssignment(node) &&
      ts.isCallExpression(node.initializer) &&
      node.initializer.expression.getText(source) === 'contractOutput'
    ) {
      const description = node.initializer.arguments[1];
      const doc = ts
        .getJSDocCommentsAndTags(node)
        .map((comment) => ts.getTextOfJSDocComment(comment.comment) ?? '')
        .join(' ');
      found.push({
        name: node.name.getText(source),
        description: ts.isStringLiteralLike(description) ? description.text : '<not a literal>',
        doc,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('contract output docs', () => {
  it('finds the contracts and their outputs', () => {
    expect(contractFiles.length).toBe(5);
    for (const file of contractFiles) expect(outputsOf(file).length).toBeGreaterThan(0);
  });

  it.each(contractFiles)("%s: each output's doc comment is its description", (file) => {
    for (const output of outputsOf(file)) {
      expect({ name: output.name, doc: output.doc }).toEqual({
        name: output.name,
        doc: `${output.description}.`,
      });
    }
  });
});
