import { create } from 'zustand';
import type { Me } from '../api/types';

/**
 * Who is signed in. `unknown` until the first `me` answer; `signed-out` also
 * covers a session that still needs its TOTP step (the sign-in page finishes it).
 */
export type SessionState = { status: 'unknown' } | { status: 'signed-out' } | { status: 'signed-in'; me: Me };

interface SessionStore {
  session: SessionState;
  setMe(me: Me | null): void;
}

export const useSession = create<SessionStore>((set) => ({
  session: { status: 'unknown' },
  setMe: (me) => set({ session: me?.mfaVerified ? { status: 'signed-in', me } : { status: 'signed-out' } }),
}));
