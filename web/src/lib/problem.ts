// application/problem+json from the API, and mapping its field errors onto form fields.

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  code: string;
  kind?: string;
  message: string;
  fields?: FieldProblem[];
  request_id?: string;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.message || problem.code || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
  get code(): string {
    return this.problem.code;
  }
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';
}

export type NamePath = (string | number)[];

/** "addresses/0/city" (or the JSON pointer "/addresses/0/city") → ["addresses", 0, "city"]. */
export function fieldToNamePath(field: string): NamePath {
  return field
    .replace(/^\//, '')
    .split(/[/.]/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~')));
}

export interface FormFieldErrors {
  /** For antd Form.setFields: one entry per field, all its messages. */
  fields: { name: NamePath; errors: string[] }[];
  /** Field errors that match no field of the form: show them in the notification. */
  unmatched: FieldProblem[];
}

/**
 * Splits a problem's field errors into those a form can show beside an input and the rest.
 * `hasField` says whether the form has an input for a name path; an error about a list item
 * the form does not show (e.g. "emails/3" when only the list exists) falls back to its
 * nearest ancestor that the form does show.
 */
export function problemToFormFields(problem: Problem, hasField: (name: NamePath) => boolean): FormFieldErrors {
  const byKey = new Map<string, { name: NamePath; errors: string[] }>();
  const unmatched: FieldProblem[] = [];
  for (const fieldProblem of problem.fields ?? []) {
    let path = fieldToNamePath(fieldProblem.field);
    while (path.length > 0 && !hasField(path)) path = path.slice(0, -1);
    if (path.length === 0) {
      unmatched.push(fieldProblem);
      continue;
    }
    const key = JSON.stringify(path);
    const entry = byKey.get(key) ?? { name: path, errors: [] };
    entry.errors.push(fieldProblem.message || fieldProblem.code);
    byKey.set(key, entry);
  }
  return { fields: [...byKey.values()], unmatched };
}
