/** ajv's standalone ESM output still `require`s its runtime helpers; turn those into imports. */
export function esmOnly(code) {
  const imports = [];
  const body = code.replace(/const (\w+) = require\("([^"]+)"\)\.default;/g, (_, name, from) => {
    imports.push(`import ${name}_module from "${from}.js";`);
    return `const ${name} = ${name}_module.default ?? ${name}_module;`;
  });
  return `${imports.join('\n')}\n${body}`;
}
