import type { YAMLError } from 'yaml';

/**
 * A YAML syntax error in one sentence, without the line (callers put it in front).
 * One configuration version is one file: it is stored verbatim and shown back as
 * imported. So a second document (a `---` after the first) is refused where it
 * starts, instead of passing on the yaml library's advice to call parseAllDocuments().
 */
export function yamlSyntaxReason(error: YAMLError, oneOf: 'configuration' | 'draft'): string {
  if (error.code === 'MULTIPLE_DOCS') return `holds a second YAML document; put one ${oneOf} per file`;
  return `not valid YAML: ${error.message.split('\n')[0]}`;
}
