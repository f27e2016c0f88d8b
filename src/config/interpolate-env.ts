/**
 * `${VAR}` and `${VAR:-default}` in model.yaml, replaced from the environment before the YAML is
 * parsed (SPEC §3), so a number or a list can come from a variable too. `$${` writes a literal
 * `${`. Comment lines are left alone: a commented-out example must not need its variables set.
 */

export interface InterpolationProblem {
  readonly line: number;
  readonly message: string;
}

export interface InterpolationResult {
  readonly text: string;
  readonly problems: readonly InterpolationProblem[];
}

const placeholder = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolateEnv(text: string, environment: NodeJS.ProcessEnv): InterpolationResult {
  const problems: InterpolationProblem[] = [];
  const lines = text.split('\n').map((line, index) => {
    if (/^\s*#/.test(line)) return line;
    return line.replace(placeholder, (whole, escape: string, name: string, fallback: string | undefined) => {
      if (escape === '$') return whole.slice(1);
      const value = environment[name];
      if (value !== undefined && value !== '') return value;
      if (fallback !== undefined) return fallback;
      problems.push({
        line: index + 1,
        message: `environment variable ${name} is not set (write \${${name}:-default} to give a default)`,
      });
      return '';
    });
  });
  return { text: lines.join('\n'), problems };
}
