/**
 * GitHub's `on.schedule` cron: POSIX cron's five fields, each a `*`, a
 * number, a range, either of those with a step (`1-30/2`) or a list of them;
 * month and day of week also take their three-letter English names (GitHub's
 * docs: "Events that trigger workflows", schedule).
 */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const fields: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

function valueOf(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named !== -1) return field.min + named;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

function isValidItem(item: string, field: CronField): boolean {
  const [range, step, ...rest] = item.split('/');
  if (rest.length > 0 || (step !== undefined && !/^[1-9]\d*$/.test(step))) return false;
  if (range === '*') return true;
  const [from, to, ...more] = range!.split('-');
  if (more.length > 0) return false;
  const start = valueOf(from!, field);
  if (to === undefined) return start !== undefined;
  const end = valueOf(to, field);
  return start !== undefined && end !== undefined && start <= end;
}

/** Why `schedule` is not a cron GitHub runs ("it has 4 fields..."); undefined when it is one. */
export function cronProblem(schedule: string): string | undefined {
  const parts = schedule.trim().split(/\s+/).filter((part) => part !== '');
  if (parts.length !== fields.length) {
    return `it has ${parts.length} field${parts.length === 1 ? '' : 's'}, not five (minute hour day-of-month month day-of-week)`;
  }
  const bad = fields.find((field, index) => !parts[index]!.split(',').every((item) => isValidItem(item, field)));
  return bad === undefined ? undefined : `its ${bad.name} field '${parts[fields.indexOf(bad)]}' is not a value, range or step within ${bad.min}-${bad.max}`;
}
