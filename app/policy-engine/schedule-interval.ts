/**
 * The longest gap a cron schedule allows between two runs, in hours: enough to judge a backup's freshness without a
 * full cron calendar. Minute-level schedules count as hourly; unknown forms give null (the policy then does not apply).
 */
export function scheduleIntervalHours(schedule: string | null | undefined): number | null {
  if (!schedule) return null;
  const named: Record<string, number> = {
    "@hourly": 1,
    "@daily": 24,
    "@midnight": 24,
    "@weekly": 168,
    "@monthly": 744,
    "@yearly": 8784,
    "@annually": 8784,
  };
  const trimmed = schedule.trim().toLowerCase();
  if (named[trimmed]) return named[trimmed]!;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return null;
  const [, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  if (month !== "*") return 8784;
  if (dayOfMonth !== "*") return 744;
  if (dayOfWeek !== "*") return 168 / Math.max(1, dayOfWeek.split(",").length);
  if (hour === "*" || hour.startsWith("*/")) return hour.startsWith("*/") ? Number(hour.slice(2)) || 1 : 1;
  return 24 / Math.max(1, hour.split(",").length);
}
