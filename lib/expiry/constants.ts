/** How far the expiry overview's chart looks ahead. */
export const CHART_DAYS = 90;
/** What "expiring soon" means in the expiry overview's counts. */
export const SOON_DAYS = 30;
