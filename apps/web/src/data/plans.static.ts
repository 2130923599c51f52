/**
 * STATIC FALLBACK PLAN CATALOG — shown only when the server has no `plans`
 * query yet (the payment service owns plans and prices; DESIGN.md: "plans and
 * prices are data"). The landing page labels these as bundled, not live.
 * Money in integer minor units with a currency code.
 */
export interface StaticPlan {
  id: 'free' | 'standard' | 'family';
  priceMinor: number;
  currency: 'JPY';
}

export const STATIC_PLANS: readonly StaticPlan[] = [
  { id: 'free', priceMinor: 0, currency: 'JPY' },
  { id: 'standard', priceMinor: 980, currency: 'JPY' },
  { id: 'family', priceMinor: 1980, currency: 'JPY' },
];
