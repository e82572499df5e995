/** How far ahead a deadline becomes a next action: the notification step before the last (thresholdFor's "30"). */
export const ACTION_HORIZON_DAYS = 30;
/** The longest window the dashboard counts deadlines in (thresholdFor's first step). */
export const DEADLINE_WINDOW_DAYS = 90;
