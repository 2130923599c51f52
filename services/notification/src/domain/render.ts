/**
 * The one template function: `{{name}}` placeholders, nothing else. Values are
 * HTML-escaped in HTML output; a placeholder without a value is an error, so a
 * message never goes out with a hole in it.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export class TemplateVariableMissing extends Error {
  constructor(readonly variable: string) {
    super(`template variable "${variable}" has no value`);
    this.name = 'TemplateVariableMissing';
  }
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

export function fill(
  template: string,
  vars: Readonly<Record<string, string>>,
  mode: 'text' | 'html' = 'text',
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value === undefined) throw new TemplateVariableMissing(name);
    return mode === 'html' ? escapeHtml(value) : value;
  });
}
