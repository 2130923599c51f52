/** Emailed and device links carry the token in the fragment (`#token=…`) so it never reaches a server log. */
export function tokenFromLocation(location: { hash: string; search: string }): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash) return fromHash;
  return new URLSearchParams(location.search).get('token');
}

/** Forget the token once used: a shared screen or history entry should not reveal it. */
export function clearTokenFromUrl(): void {
  if (typeof history !== 'undefined') history.replaceState(history.state, '', location.pathname);
}
