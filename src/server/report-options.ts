/**
 * A report's query string as report options: a form's empty field means the option was not
 * given, and an option given more than once stays a list, for the report's schema to accept or refuse.
 */
export function reportOptions(query: Record<string, string[]>): Record<string, string | string[]> {
  const options: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(query)) {
    const given = values.filter((value) => value !== '');
    if (given.length > 0) options[name] = given.length === 1 ? given[0]! : given;
  }
  return options;
}
